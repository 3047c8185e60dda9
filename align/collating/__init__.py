"""Collating: three or more renderings at once, as rows of content units with an apparatus.

Takes N read witnesses; segments each once, aligns every other witness with
the base (`align.pipeline.compare_documents`: the pair as `align report`
compares it, the earlier witness on side A), aligns pairs of the other
witnesses with each other (`direct_pairs`: only aligned, their links are
all the rows read), reconciles those pair alignments into consistent rows
(`rows`), and gives each row its variant apparatus (`apparatus`), then the
variants over all rows and each witness's inconsistencies. Cost: N - 1 pair
comparisons against the base (twice that, at worst, when the longest witness
proves not the most complete) and at most N - 1 pair alignments between the
others, all asked at once of a pool of processes on long texts (`_PairWork`).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import PurePath

from align.aligning import align_documents
from align.aligning.similarity import Features
from align.collating.apparatus import BaseEdit, base_edits, row_apparatus
from align.collating.rows import DirectLinks, Layout, build_rows
from align.errors import AlignError, AlignWarning
from align.model import (
    DEFAULT_THRESHOLD,
    FLAGS,
    KINDS,
    ONE_SIDED,
    Collation,
    Comparison,
    Document,
    Flag,
    Form,
    Kind,
    Options,
    Presence,
    Relation,
    Row,
    RowVariant,
    Source,
    WitnessInconsistency,
    pack_pair,
    unpack_pair,
)
from align.pipeline import _with_blocks, compare_documents, default_label
from align.runtime.progress import Progress
from align.runtime.scope import comparison_scope
from align.segmenting import segment, segment_both
from align.version import __version__

__all__ = [
    "collate",
    "collate_sources",
    "collate_texts",
    "direct_pairs",
    "implied_links",
    "row_pairs",
    "witness_labels",
]

#: Fewer witnesses than this is no collation.
MIN_WITNESSES = 2
#: The longest witness stays the base unless another has more text it lacks than it has
#: text the other lacks by over this share of its words: less is alignment noise (a
#: sentence cut otherwise, a heading), not worth aligning every witness again.
SWITCH_SHARE = 0.01
#: A variant lists at most this many rows (the first ones); its count stays exact.
MAX_ROWS_LISTED = 100


def witness_labels(paths: Sequence[str], given: Sequence[str] | None = None) -> tuple[str, ...]:
    """The witnesses' labels: those given, or their file names (as much of the path as tells
    them apart). Raises `AlignError` on a wrong number of labels or two the same."""
    if given:
        labels = tuple(label.strip() for label in given)
        if len(labels) != len(paths) or not all(labels):
            raise AlignError(
                f"--labels: give {len(paths)} labels, one per witness, separated by commas"
            )
    else:
        labels = tuple(default_label(p) for p in paths)
        parts = [PurePath(os.path.normpath(p)).parts if p != "-" else ("stdin",) for p in paths]
        depth = 1
        while len(set(labels)) < len(labels) and depth < max(map(len, parts)):
            depth += 1
            labels = tuple(str(PurePath(*ps[-depth:])) for ps in parts)
    seen: dict[str, int] = {}
    for k, label in enumerate(labels):
        if label in seen:
            raise AlignError(
                f"{paths[k]}: its label {label!r} is that of another witness (give --labels)"
            )
        seen[label] = k
    return labels


def _base_index(base: str | int | None, labels: Sequence[str], paths: Sequence[str]) -> int | None:
    """The witness `base` names (a label, a path, or a 1-based number); None for the default."""
    if base is None or base == "":
        return None
    if isinstance(base, int):
        if not 0 <= base < len(labels):
            raise AlignError(f"--base: no witness {base}")
        return base
    for k, (label, path) in enumerate(zip(labels, paths)):
        if base in (label, path):
            return k
    stems = [PurePath(p).stem for p in paths]
    if stems.count(base) == 1:
        return stems.index(base)
    if base.isdigit() and 1 <= int(base) <= len(labels):
        return int(base) - 1
    raise AlignError(f"--base {base}: not a witness (witnesses: {', '.join(labels)})")


def collate(
    paths: Sequence[str | os.PathLike[str]],
    options: Options | None = None,
    *,
    labels: Sequence[str] | None = None,
    base: str | int | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
    strict_decoding: bool = False,
    warn: Callable[[str], None] | None = None,
) -> Collation:
    """Read and collate N files (see the module doc). Raises `AlignError` on bad input.

    Every witness is read before any work, so a bad one is named at once.
    `base`: a label, a path, a file name without its extension, or a 1-based
    number (default: the most complete
    witness). Other arguments as for `align.compare`.
    """
    from align.reading import read_source

    options = options or Options()
    names = [os.fspath(p) for p in paths]
    if len(names) < MIN_WITNESSES:
        raise AlignError(f"collate: give {MIN_WITNESSES} or more witnesses")
    if names.count("-") > 1:
        raise AlignError("-: standard input can be only one of the witnesses")
    sources = [read_source(p, units=options.units, strict_decoding=strict_decoding) for p in names]
    return collate_sources(
        sources, options, labels=labels, base=base, progress=progress, jobs=jobs, warn=warn
    )


def collate_texts(
    texts: Sequence[str],
    options: Options | None = None,
    *,
    labels: Sequence[str] | None = None,
    base: str | int | None = None,
    jobs: int | None = None,
) -> Collation:
    """Collate strings, their paragraphs found as in plain text files (see `collate`).

    Labels default to ``text 1``, ``text 2``...
    """
    from align.reading import text_source

    options = options or Options()
    names = [f"<text {k + 1}>" for k in range(len(texts))]
    sources = [text_source(t, n, units=options.units) for t, n in zip(texts, names)]
    return collate_sources(
        sources,
        options,
        labels=labels or [f"text {k + 1}" for k in range(len(texts))],
        base=base,
        jobs=jobs,
    )


def collate_sources(
    sources: Sequence[Source],
    options: Options | None = None,
    *,
    labels: Sequence[str] | None = None,
    base: str | int | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
    warn: Callable[[str], None] | None = None,
) -> Collation:
    """Collate already-read sources (see `collate`)."""
    options = options or Options()
    if len(sources) < MIN_WITNESSES:
        raise AlignError(f"collate: give {MIN_WITNESSES} or more witnesses")
    sources = [_with_blocks(s, options) for s in sources]
    paths = [s.path for s in sources]
    names = witness_labels(paths, labels)
    chosen = _base_index(base, names, paths)
    for source in sources:
        lines = list(source.warnings)
        if not source.text.strip():
            lines.append(f"{'<stdin>' if source.path == '-' else source.path}: has no text")
        for line in lines:
            if warn is None:
                warnings.warn(line, AlignWarning, stacklevel=2)
            else:
                warn(line)
    with comparison_scope():
        return _collate(sources, names, options, chosen, progress, jobs)


def _words(doc: Document, ids: Sequence[int]) -> int:
    return sum(sum(t.kind != "punct" for t in doc.sentences[i].tokens) for i in ids)


def _unmatched(comp: Comparison, side: str) -> int:
    """Words of one side of a pair comparison in no link (``side``: "a" or "b")."""
    doc = comp.a if side == "a" else comp.b
    return sum(_words(doc, getattr(p, side)) for p in comp.pairs if p.relation in ONE_SIDED)


def _collate(
    sources: Sequence[Source],
    labels: Sequence[str],
    options: Options,
    chosen: int | None,
    progress: Progress | None,
    jobs: int | None,
) -> Collation:
    n = len(sources)
    tell = progress or (lambda what, done: None)
    tell("segmenting", 0.0)
    docs: list[Document] = []
    for k in range(0, n - 1, 2):  # two at a time: a long pair on two processes
        docs += segment_both(
            sources[k], sources[k + 1], (labels[k], labels[k + 1]), units=options.units, jobs=jobs
        )
    if n % 2:
        docs.append(segment(sources[-1], labels[-1], units=options.units))
    work = _PairWork(docs, options, jobs, tell)

    if chosen is not None:
        base, reason = chosen, "given"
        work.run(_against(n, base), direct_pairs(n, base))
    else:
        words = [_words(d, range(len(d.sentences))) for d in docs]
        base = max(range(n), key=lambda k: (words[k], -k))
        # The other witnesses' direct pairs go along: they stand unless the base changes.
        work.run(_against(n, base), direct_pairs(n, base))
        # The base should leave out less of each witness than the witness leaves out of it.
        lead = {}
        for w in range(n):
            if w != base:
                c = work.full[min(base, w), max(base, w)]
                lead[w] = _unmatched(c, "b" if base < w else "a") - _unmatched(
                    c, "a" if base < w else "b"
                )
        best = max(lead, key=lambda w: (lead[w], -w))
        if lead[best] > SWITCH_SHARE * words[base]:
            base = best
            reason = (
                "most complete: it has more text the longest witness lacks than that one has "
                "text it lacks"
            )
            work.run(_against(n, base), direct_pairs(n, base))
        else:
            reason = (
                "most complete: the longest, and no witness has more text it lacks than it has "
                "text the witness lacks"
            )
    comps: list[Comparison | None] = [
        None if w == base else work.full[min(base, w), max(base, w)] for w in range(n)
    ]
    pairs = direct_pairs(n, base)
    direct = {key: work.links_of(key) for key in pairs}
    work.clear()
    tell("reconciling rows", 0.9)
    threshold = options.threshold
    if threshold is None:
        bars = [c.options.threshold for c in comps if c is not None and c.options.threshold]
        threshold = max(bars) if bars else DEFAULT_THRESHOLD
    layout = build_rows(docs, base, comps, threshold, direct)
    out_options = replace(options, labels=tuple(labels), threshold=threshold)  # type: ignore[arg-type]
    if options.threshold is None:
        out_options = replace(out_options, threshold_estimated=True)
    # The rows without their apparatus: all the implied links read.
    bare = Collation(
        __version__,
        out_options,
        tuple(docs),
        base,
        reason,
        tuple(
            Row(k, cells, (), layout.echoes[k], layout.links[k], layout.cross[k])
            for k, cells in enumerate(layout.cells)
        ),
        (),
        (),
        direct=tuple(pairs),
    )

    def links() -> tuple[tuple[int, int, tuple[tuple[int, int], ...]], ...]:
        return tuple(
            (i, j, tuple(sorted(implied_links(bare, i, j))))
            for i in range(n)
            for j in range(i + 1, n)
        )

    from align.runtime.pool import fork_both

    # Apparatus here, the implied links in a forked process meanwhile, on a long collation.
    wide = len(bare.rows) >= FORK_ROWS
    (rows, variants, inconsistencies), pair_links = fork_both(
        partial(_apparatus, bare, comps, layout, tell),
        links,
        (jobs if wide else 1),
        pack=_pack_links,
        unpack=_unpack_links,
    )
    del comps, layout, direct
    collation = replace(
        bare, rows=rows, variants=variants, inconsistencies=inconsistencies, pair_links=pair_links
    )
    return collation


def _apparatus(
    bare: Collation,
    comps: Sequence[Comparison | None],
    layout: Layout,
    tell: Callable[[str, float], None],
) -> tuple[tuple[Row, ...], tuple[RowVariant, ...], tuple[WitnessInconsistency, ...]]:
    """The rows of `bare` with their apparatus, the variants over them, and each witness's
    inconsistencies."""
    base, docs = bare.base, bare.witnesses
    edits: list[dict[int, list[BaseEdit]]] = [
        {} if c is None else base_edits(c, base < w) for w, c in enumerate(comps)
    ]
    row_edits: list[dict[int, list[BaseEdit]]] = [{} for _ in layout.cells]
    for w, c in enumerate(comps):
        if c is None:
            continue
        for pid, pair_edits in edits[w].items():
            row_edits[layout.pair_rows[w][pid]].setdefault(w, []).extend(pair_edits)
    rows = tuple(
        replace(row, apparatus=row_apparatus(row.cells, base, docs[base], docs, row_edits[k]))
        for k, row in enumerate(bare.rows)
    )
    tell("gathering variants", 0.95)
    return rows, gather_row_variants(rows), _inconsistencies(comps, base, layout.pair_rows)


#: A collation of fewer rows finds its implied links in this process: a fork costs more.
FORK_ROWS = 1000


def _pack_links(pair_links: tuple) -> tuple:
    """The implied links as flat lists of numbers (they pickle several times faster)."""
    return tuple((i, j, [x for link in links for x in link]) for i, j, links in pair_links)


def _unpack_links(packed: tuple) -> tuple:
    return tuple((i, j, tuple(zip(flat[::2], flat[1::2]))) for i, j, flat in packed)


#: The pairs whose edits the apparatus reads (`apparatus.base_edits`).
_READ_EDITS = (Relation.MATCH, Relation.MOVE)


def _kept(comparison: Comparison) -> Comparison:
    """What a collation keeps of a pair comparison while it works: no pair variants (the
    rows' apparatus gives the collation's own), no edits of pairs the apparatus does not
    read (and the pairs are compared without their variants). A book's pair comparisons
    are large, and N - 1 of them are held at once."""
    return replace(
        comparison,
        pairs=tuple(
            p if p.relation in _READ_EDITS or not p.edits else replace(p, edits=())
            for p in comparison.pairs
        ),
        variants=(),
    )


def _pack_comparison(comparison: Comparison) -> tuple:
    """What `_kept` keeps of a comparison, as plain data, less its documents (which the other
    process has)."""
    kept = _kept(comparison)
    return kept.options, tuple(map(pack_pair, kept.pairs)), kept.inconsistencies


def _against(n: int, base: int) -> list[tuple[int, int]]:
    """The pairs of the base with every other witness, ``(i, j)``, i < j."""
    return [(min(base, w), max(base, w)) for w in range(n) if w != base]


#: Pairs shorter than this (characters of both sides) are aligned here, one after the other:
#: a forked process and its result's way back cost more than they save.
POOL_CHARS = 100_000
#: A pair compared in full (aligned, diffed, named, its inconsistencies gathered) takes about
#: this many times as long as the same pair only aligned (Genesis, four witnesses).
FULL_COST = 3


def _links(a: Document, b: Document, options: Options, jobs: int | None) -> DirectLinks:
    """The pair aligned as `compare_documents` aligns it, and only that: the
    ``(relation, a's sentences, b's sentences)`` of every link with both sides.

    No diff, naming or gathering: the rows read nothing else of a direct pair.
    """
    alignment = align_documents(
        a,
        b,
        threshold=options.threshold,
        keep_chrome=options.keep_chrome,
        jobs=jobs,
        lines=options.units == "lines",
    )
    return tuple((Relation(k.relation), k.a, k.b) for k in alignment.links if k.a and k.b)


class _PairWork:
    """The pair work of one collation: base pairs compared in full (`compare_documents`, what
    `_kept` keeps of it), the others' direct pairs only aligned (`_links`), each pair done
    once, all that is asked at once on a pool of as many processes as cores."""

    def __init__(
        self,
        docs: Sequence[Document],
        options: Options,
        jobs: int | None,
        tell: Callable[[str, float], None],
    ) -> None:
        self.docs, self.options, self.jobs, self.tell = docs, options, jobs, tell
        self.full: dict[tuple[int, int], Comparison] = {}
        self.links: dict[tuple[int, int], DirectLinks] = {}
        self.finished = 0

    def links_of(self, key: tuple[int, int]) -> DirectLinks:
        """A pair's direct links, from its full comparison if it has one."""
        if key in self.links:
            return self.links[key]
        return tuple((p.relation, p.a, p.b) for p in self.full[key].pairs if p.a and p.b)

    def clear(self) -> None:
        """Let go of the pairs (a book's are large)."""
        self.full.clear()
        self.links.clear()

    def run(self, full: Sequence[tuple[int, int]], links: Sequence[tuple[int, int]]) -> None:
        """Compare the `full` pairs in full and align the `links` pairs, those not done yet."""
        from align.runtime.pool import can_fork, default_jobs, fork_each

        docs, options = self.docs, self.options
        todo = [(key, True) for key in full if key not in self.full]
        todo += [
            (key, False)
            for key in links
            if key not in self.links and key not in self.full and key not in dict(todo)
        ]
        if not todo:
            return
        chars = {key: len(docs[key[0]].text) + len(docs[key[1]].text) for key, _ in todo}
        cores = default_jobs() if self.jobs is None else self.jobs
        pooled = cores > 1 and len(todo) > 1 and can_fork() and max(chars.values()) >= POOL_CHARS
        if pooled:  # the longest first, so that both cores stay busy to the end
            todo.sort(key=lambda item: -chars[item[0]] * (FULL_COST if item[1] else 1))
        jobs = 1 if pooled else self.jobs
        total = self.finished + len(todo)

        def task(key: tuple[int, int], whole: bool) -> Callable[[], tuple]:
            i, j = key
            if whole:
                return lambda: (
                    key,
                    _kept(compare_documents(docs[i], docs[j], options, jobs=jobs, variants=False)),
                )
            return lambda: (key, _links(docs[i], docs[j], options, jobs))

        def done(k: int) -> None:
            self.finished += 1
            share = 0.05 + 0.85 * self.finished / total
            self.tell(f"aligned {self.finished} of {total} pairs", share)

        self.tell(f"aligning {len(todo)} pairs of witnesses", 0.05 + 0.85 * self.finished / total)
        results = fork_each(
            [task(key, whole) for key, whole in todo],
            cores if pooled else 1,
            pack=self._pack,
            unpack=self._unpack,
            done=done,
        )
        for key, result in results:
            if isinstance(result, Comparison):
                self.full[key] = result
            else:
                self.links[key] = result

    @staticmethod
    def _pack(result: tuple) -> tuple:
        key, value = result
        if isinstance(value, Comparison):
            return key, True, _pack_comparison(value)
        return key, False, tuple((r.value, a, b) for r, a, b in value)

    def _unpack(self, packed: tuple) -> tuple:
        (i, j), whole, value = packed
        if not whole:
            return (i, j), tuple((Relation(r), a, b) for r, a, b in value)
        opts, packed_pairs, inconsistencies = value
        pairs = tuple(map(unpack_pair, packed_pairs))
        return (i, j), Comparison(
            __version__, opts, self.docs[i], self.docs[j], pairs, (), inconsistencies
        )


def direct_pairs(n: int, base: int) -> list[tuple[int, int]]:
    """The pairs of witnesses other than the base aligned with each other too, ``(i, j)``, i < j.

    The others in a ring, each with the next: every pair of them when there
    are three or fewer (four witnesses in all), and N - 1 pairs (as many as
    against the base) when there are more, so the cost stays linear in N.
    """
    others = [w for w in range(n) if w != base]
    if len(others) < 2:
        return []
    ring = zip(others, others[1:] + others[:1]) if len(others) > 2 else [tuple(others)]
    return sorted({(min(i, j), max(i, j)) for i, j in ring})


def gather_row_variants(rows: Sequence[Row]) -> tuple[RowVariant, ...]:
    """Every (lemma, reading, kind) over the rows' apparatus, with its witnesses and rows.

    Substance first (the kinds' canonical order), then the most frequent.
    """
    found: dict[tuple[str, str, Kind], tuple[set[int], set[Flag], list[int]]] = {}
    for row in rows:
        for entry in row.apparatus:
            if entry.start < 0:
                continue
            for reading in entry.readings[1:]:
                kind = reading.kinds[0] if reading.kinds else Kind.LEXICAL
                witnesses, flags, where = found.setdefault(
                    (entry.lemma, reading.text, kind), (set(), set(), [])
                )
                witnesses.update(reading.witnesses)
                flags.update(reading.flags)
                if not where or where[-1] != row.id:
                    where.append(row.id)
    order = {k: i for i, k in enumerate(KINDS)}
    variants = [
        RowVariant(
            lemma,
            reading,
            kind,
            tuple(f for f in FLAGS if f in flags),
            tuple(sorted(witnesses)),
            len(where),
            tuple(where[:MAX_ROWS_LISTED]),
        )
        for (lemma, reading, kind), (witnesses, flags, where) in found.items()
    ]
    variants.sort(key=lambda v: (order[v.kind], -v.count, v.lemma, v.reading))
    return tuple(variants)


def _inconsistencies(
    comps: Sequence[Comparison | None], base: int, pair_rows: Sequence[dict[int, int]]
) -> tuple[WitnessInconsistency, ...]:
    """Each witness's inconsistencies from its pair comparison with the base (the base's own
    from its first comparison), their pairs turned into rows."""
    out: list[WitnessInconsistency] = []
    first = next(w for w, c in enumerate(comps) if c is not None)
    for w in sorted({base, *(w for w, c in enumerate(comps) if c is not None)}):
        source = first if w == base else w
        comp = comps[source]
        assert comp is not None
        side = ("a" if base < source else "b") if w == base else ("b" if base < w else "a")
        for inc in comp.inconsistencies:
            if inc.document != side:
                continue
            forms = tuple(
                Form(
                    f.text,
                    tuple(sorted({pair_rows[source][p] for p in f.pairs}))[:MAX_ROWS_LISTED],
                    f.count,
                )
                for f in inc.forms
            )
            out.append(WitnessInconsistency(w, forms, inc.counterpart, inc.reason))
    return tuple(out)


#: In a row where they differ, the direct links stand unless the composed ones make better
#: beads by more than this (`_gain`, in similarity): the direct alignment chose its links
#: with their order and neighbours, which a row's similarities alone do not see.
DIRECT_MARGIN = 0.1
#: A link the composition through the base proposes inside a joined row is dropped when its
#: two sentences are less similar than this share of the bar and both keep another link.
_WEAK_SHARE = 0.5


def implied_links(collation: Collation, i: int, j: int) -> set[tuple[int, int]]:
    """The (sentence of witness i, sentence of witness j) links the collation implies.

    With the base, a row's own links (the pair alignment's). Between two other
    witnesses, their sentences rendering a common base sentence (`Row.links`);
    where a row holds several sentences of either, a link between two that are
    hardly similar is dropped when both keep another. In a row without the
    base, every sentence of one with every one of the other.
    A repeat's echo links the second rendering with the first.
    Two other witnesses aligned with each other too (`Collation.direct`): row
    by row, those links (with the direct links of the sentences they leave
    out, if that makes better beads) or the direct alignment's inside the row
    (`Row.cross`: both sentences in it, or either a second rendering): the
    direct ones unless the others make clearly better beads (`_better`). A
    direct link between rows that no join merged stands when both its
    sentences are in no other link: nothing reads them otherwise.
    """
    if i > j:
        return {(y, x) for x, y in implied_links(collation, j, i)}
    composed = _composed(collation, i, j)
    if (i, j) not in collation.direct:
        return {link for links in composed.values() for link in links}
    rows = collation.rows
    row_of_j = {y: row.id for row in rows for y in row.cells[j].sentences}
    cross: dict[int, set[tuple[int, int]]] = {}
    stray: set[tuple[int, int]] = set()
    for row in rows:
        again = row.cells[i].presence == Presence.REPEAT
        for p, x, q, y in row.cross:
            if (p, q) != (i, j):
                continue
            there = rows[row_of_j[y]]
            if there.id == row.id or again or there.cells[j].presence == Presence.REPEAT:
                cross.setdefault(row.id, set()).add((x, y))
            else:
                stray.add((x, y))
    out = _better(collation, i, j, composed, cross)
    linked_x, linked_y = {x for x, _ in out}, {y for _, y in out}
    out.update((x, y) for x, y in stray if x not in linked_x and y not in linked_y)
    return out


def _composed(collation: Collation, i: int, j: int) -> dict[int, set[tuple[int, int]]]:
    """Row by row, the links of i and j through the base (see `implied_links`), i < j."""
    base = collation.base
    out: dict[int, set[tuple[int, int]]] = {}
    refine: list[tuple[int, tuple[int, ...], tuple[int, ...], set[tuple[int, int]]]] = []
    for row in collation.rows:
        a, b = row.cells[i].sentences, row.cells[j].sentences
        links = out.setdefault(row.id, set())
        for echo in row.echoes:
            if echo.witness == j and a and not b:
                links.update((x, y) for x in a for y in echo.sentences)
            elif echo.witness == i and b and not a:
                links.update((x, y) for x in echo.sentences for y in b)
        if not a or not b:
            continue
        if not row.cells[base].sentences:
            links.update((x, y) for x in a for y in b)
            continue
        renders: dict[int, dict[int, set[int]]] = {i: {}, j: {}}
        for w, s, t in row.links:
            # A repeat's link (its sentence stands in another row) links it with the base only.
            if w in renders and (base in (i, j) or s in row.cells[w].sentences):
                renders[w].setdefault(t, set()).add(s)
        if i == base:
            links.update((t, s) for t, ss in renders[j].items() for s in ss)
        elif j == base:
            links.update((s, t) for t, ss in renders[i].items() for s in ss)
        else:
            through = {
                (x, y) for t, xs in renders[i].items() for x in xs for y in renders[j].get(t, ())
            }
            if len(a) > 1 or len(b) > 1:
                refine.append((row.id, a, b, through))
            else:
                links.update(through)
    if refine:
        feats = _features(collation, i, j, [(a, b) for _, a, b, _ in refine])
        bar = collation.options.threshold or DEFAULT_THRESHOLD
        for row_id, _, _, through in refine:
            out[row_id].update(_pruned(feats, i, j, through, bar))
    return {k: v for k, v in out.items() if v}


def _features(
    collation: Collation,
    i: int,
    j: int,
    groups: Sequence[tuple[Sequence[int], Sequence[int]]],
) -> dict[tuple[int, int], Features]:
    """The similarity features of the given sentences of i and j, keyed (witness, sentence)."""
    from align.aligning.similarity import TermMemo, Vocabulary, content_terms, features

    doc_i, doc_j = collation.witnesses[i], collation.witnesses[j]
    memo = TermMemo()
    terms = {
        (w, s): content_terms(doc.sentences[s], memo)
        for a, b in groups
        for w, doc, ids in ((i, doc_i, a), (j, doc_j, b))
        for s in ids
    }
    vocab = Vocabulary(list(terms.values()))
    return {
        key: features((doc_i if key[0] == i else doc_j).sentences[key[1]], t, vocab)
        for key, t in terms.items()
    }


def _pruned(
    feats: dict[tuple[int, int], Features],
    i: int,
    j: int,
    composed: set[tuple[int, int]],
    bar: float,
) -> set[tuple[int, int]]:
    """The composed links of a row joining several sentences, the weakest pruned."""
    from align.aligning.similarity import similarity

    kept = set(composed)
    weak = sorted((similarity(feats[i, x], feats[j, y]), x, y) for x, y in composed)
    for score, x, y in weak:
        if score >= bar * _WEAK_SHARE:
            break
        others_x = sum(1 for p, _ in kept if p == x)
        others_y = sum(1 for _, q in kept if q == y)
        if others_x > 1 and others_y > 1:
            kept.discard((x, y))
    return kept


def _better(
    collation: Collation,
    i: int,
    j: int,
    composed: dict[int, set[tuple[int, int]]],
    cross: dict[int, set[tuple[int, int]]],
) -> set[tuple[int, int]]:
    """Row by row, the composed links or those with the direct links of the sentences they
    leave out, whichever scores more (`_gain`; a tie keeps the former), unless the direct
    links score at least as well less `DIRECT_MARGIN`."""
    out: set[tuple[int, int]] = set()
    differ = [k for k in sorted(set(composed) | set(cross)) if composed.get(k) != cross.get(k)]
    for k in set(composed) - set(differ):
        out.update(composed[k])
    if not differ:
        return out
    groups = [
        ([x for x, _ in links], [y for _, y in links])
        for k in differ
        for links in (composed.get(k, set()), cross.get(k, set()))
    ]
    feats = _features(collation, i, j, groups)
    bar = collation.options.threshold or DEFAULT_THRESHOLD
    for k in differ:
        through, direct = composed.get(k, set()), cross.get(k, set())
        xs, ys = {x for x, _ in through}, {y for _, y in through}
        filled = through | {(x, y) for x, y in direct if x not in xs or y not in ys}
        best, score = through, _gain(feats, i, j, through, bar)
        if filled != through and (gain := _gain(feats, i, j, filled, bar)) > score:
            best, score = filled, gain
        if direct != best and _gain(feats, i, j, direct, bar) > score - DIRECT_MARGIN:
            best = direct
        out.update(best)
    return out


def _gain(
    feats: dict[tuple[int, int], Features], i: int, j: int, links: set[tuple[int, int]], bar: float
) -> float:
    """What a row's links are worth as beads: over their connected groups, the similarity of
    the group's sentences of i read as one with its sentences of j, less the bar."""
    from align.aligning.similarity import merge, similarity

    forest: dict[tuple[int, int], tuple[int, int]] = {}

    def find(x: tuple[int, int]) -> tuple[int, int]:
        while forest.setdefault(x, x) != x:
            x = forest[x]
        return x

    for x, y in links:
        rx, ry = find((i, x)), find((j, y))
        if rx != ry:
            forest[max(rx, ry)] = min(rx, ry)
    beads: dict[tuple[int, int], tuple[set[int], set[int]]] = {}
    for x, y in links:
        xs, ys = beads.setdefault(find((i, x)), (set(), set()))
        xs.add(x)
        ys.add(y)
    total = 0.0
    for xs, ys in beads.values():
        a = merge([feats[i, x] for x in sorted(xs)])
        b = merge([feats[j, y] for y in sorted(ys)])
        total += similarity(a, b) - bar
    return total


def row_pairs(collation: Collation, w: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Row by row, the (base sentences, witness `w`'s sentences) pair the row stands for.

    A repeat's row gives its second rendering with the first (its echo), as
    the pair alignment does; a row neither is in gives nothing. With two
    witnesses these are the pairs of `align report`.
    """
    base = collation.base
    out = []
    for row in collation.rows:
        mine, theirs = row.cells[w].sentences, row.cells[base].sentences
        for echo in row.echoes:
            if echo.witness == w and theirs and not mine:
                mine = echo.sentences
            elif echo.witness == base and mine and not theirs:
                theirs = echo.sentences
        if mine or theirs:
            out.append((theirs, mine))
    return out
