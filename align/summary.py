"""The summary stage: the figures and placements every output reads, from one `Comparison`.

Takes a `Comparison` and the kinds an output hides (``ignore``); gives a
`Summary`: pairs by relation, edits by kind and by flag (and the pairs
holding each), each side's word coverage, the pairs to review (low
confidence), the pairs that show a difference (and so whether the texts
differ: the exit status of ``align diff``) and those whose only difference is
noise, where each moved pair stands in the other text's order, which text
renders a repeated passage twice, the runs of sentences one text lacks, where
each sentence no pair holds goes, the sentence each one-sided pair's score
belongs to (`Nearest`), and the variants and inconsistencies that
lead the findings. The counterpart of coverage.py's
``Numbers``: the report, the batch index, the terminal footer and the exit
status read it; renderers only lay it out. It also cuts a pair's sentences
into `Piece`s when a renderer asks (a book has a million of them, and most
outputs need none).

The batch index's data (`Figures`, `IndexRow`, `Index`) is here too, so that
both `align.batch` and its renderer import it from below.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from align.diffing import pieces
from align.model import (
    FLAGS,
    KINDS,
    NOISE_KINDS,
    ONE_SIDED,
    RELATIONS,
    SUBSTANCE_FLAGS,
    Collation,
    Comparison,
    Document,
    Edit,
    Flag,
    Kind,
    Op,
    Pair,
    Piece,
    Presence,
    Relation,
    Sentence,
    Variant,
)

#: A pair with text on both sides scoring below this is flagged for review:
#: a pair that weak is as often a wrong link as a loose rendering.
REVIEW_BELOW = 0.5

_WORD = re.compile(r"\w+")

#: The pieces of one pair: a tuple of pieces per sentence, for A then for B.
Cut = tuple[tuple[tuple[Piece, ...], ...], tuple[tuple[Piece, ...], ...]]


def word_starts(sentence: Sentence) -> list[int]:
    """Where the words and numbers of a sentence start (from its tokens, else a regex)."""
    if sentence.tokens:
        return [t.start for t in sentence.tokens if t.kind != "punct"]
    offset = sentence.start
    return [offset + m.start() for m in _WORD.finditer(sentence.text)]


@dataclass(frozen=True)
class Coverage:
    """The words of one text (chrome left out) and how many have a counterpart in the other."""

    side: str  # "a" or "b"
    words: int
    covered: int

    @property
    def percent(self) -> str:
        """``"82.4%"`` (``"–"`` for a text with no words)."""
        return f"{100 * self.covered / self.words:.1f}%" if self.words else "–"

    @property
    def per_mille(self) -> int:
        """0..1000, for a bar."""
        return round(1000 * self.covered / self.words) if self.words else 0


@dataclass(frozen=True)
class Move:
    """A moved pair's place in one text: there it follows pair ``after``."""

    pair: int
    side: str  # the text whose order it is out of: "a" or "b"
    after: int


@dataclass(frozen=True)
class Repeat:
    """A passage one text renders twice: ``side`` renders what ``renderings`` share.

    ``renderings`` are the ids of every pair holding the repeated sentence(s)
    of the other text, in reading order (the repeat itself among them).
    """

    pair: int
    side: str  # the text that repeats: "a" or "b"
    renderings: tuple[int, ...]


@dataclass(frozen=True)
class Omission:
    """A run of consecutive one-sided pairs: sentences of ``side`` the other text lacks."""

    side: str  # the text that has them: "a" or "b"
    pairs: tuple[int, ...]  # in reading order
    sentences: tuple[int, ...]  # sentence ids, in order


@dataclass(frozen=True)
class Nearest:
    """The other text's sentence a one-sided pair's score is the similarity to."""

    side: str  # the text it is in: "a" or "b"
    sentence: int  # its id
    pair: int | None  # the first pair holding it (None: no pair does)


#: Runs of at least this many one-sided pairs are folded into one row.
OMISSION_RUN = 3
#: How many variants of each sort the findings list by name.
FINDINGS_LISTED = 8


def shared_sides(p: Pair, q: Pair) -> tuple[str, ...]:
    """The sides (``"a"``, ``"b"``) on which two pairs hold a sentence in common."""
    return tuple(side for side, x, y in (("a", p.a, q.a), ("b", p.b, q.b)) if set(x) & set(y))


class Summary:
    """What a comparison comes to, for the outputs (build it with `summarise`).

    Counted at once: ``relations`` (pairs by relation, every relation, in
    `RELATIONS` order), ``kinds`` (edits by kind) and ``flags`` (edits that
    carry each flag), both over the edits not ignored, the kinds and flags
    present in canonical order; ``differing`` (ids of the pairs that show a
    difference: a relation other than match, or an edit not ignored),
    ``chrome_pairs`` (ids of the pairs whose every sentence is chrome) and
    ``review`` (ids of the pairs with text on both sides, not chrome,
    scoring below ``review_below``), ``kind_pairs`` and ``flag_pairs`` (pairs
    with an edit of each kind, each flag: what a filter by it shows) and
    ``noise_only``. Worked out when first asked: `coverage`, `moves`,
    `repeats`, `omissions` and `unpaired`.
    """

    def __init__(self, comparison: Comparison, ignore: Iterable[str], review_below: float) -> None:
        self.comparison = comparison
        self.ignore = frozenset(map(Kind, ignore))
        self.review_below = review_below
        self._cut: tuple[Pair, Cut] | None = None  # the last pair's pieces
        relations: Counter[Relation] = Counter()
        kinds: Counter[Kind] = Counter()
        flags: Counter[Flag] = Counter()
        kind_pairs: Counter[Kind] = Counter()
        flag_pairs: Counter[Flag] = Counter()
        differing, chrome, review, noise = [], [], [], []
        a, b = comparison.a.sentences, comparison.b.sentences
        for pair in comparison.pairs:
            relation = Relation(pair.relation)  # an unknown relation is an error, never a match
            relations[relation] += 1
            shown = self.shown(pair)
            for edit in shown:
                kinds[Kind(edit.kind)] += 1
                flags.update(edit.flags)
            kind_pairs.update({Kind(e.kind) for e in shown})
            flag_pairs.update({f for e in shown for f in e.flags})
            if relation != Relation.MATCH or shown:
                differing.append(pair.id)
                if relation == Relation.MATCH and all(e.kind in NOISE_KINDS for e in shown):
                    noise.append(pair.id)
            is_chrome = all(a[i].chrome for i in pair.a) and all(b[j].chrome for j in pair.b)
            if is_chrome:
                chrome.append(pair.id)
            elif pair.a and pair.b and pair.score < review_below:
                review.append(pair.id)
        self.pairs = len(comparison.pairs)
        self.relations = {r: relations[r] for r in RELATIONS}
        self.kinds = {k: kinds[k] for k in KINDS if kinds[k]}
        self.flags = {f: flags[f] for f in FLAGS if flags[f]}
        #: Pairs with at least one edit of each kind (flag): what a filter by it shows.
        self.kind_pairs = {k: kind_pairs[k] for k in self.kinds}
        self.flag_pairs = {f: flag_pairs[f] for f in self.flags}
        self.differing = frozenset(differing)
        #: Matches whose only shown edits are noise (spelling, case, punctuation, invisible).
        self.noise_only = frozenset(noise)
        self.chrome_pairs = frozenset(chrome)
        self.review = frozenset(review)

    @property
    def differs(self) -> bool:
        """Whether the texts differ (``align diff`` exits 1): some pair shows a difference."""
        return bool(self.differing)

    @property
    def changed(self) -> int:
        """Pairs, not chrome, that show a difference."""
        return len(self.differing - self.chrome_pairs)

    @property
    def changed_beyond_noise(self) -> int:
        """Pairs, not chrome, that show a difference other than noise."""
        return len(self.differing - self.chrome_pairs - self.noise_only)

    @property
    def rows(self) -> int:
        """Pairs plus the sentences no pair holds: the rows of a side-by-side layout."""
        return self.pairs + sum(map(len, self.unpaired.values()))

    @property
    def chrome(self) -> int:
        """Pairs of page chrome, and sentences set aside as chrome in no pair."""
        return len(self.chrome_pairs) + sum(map(len, self.unpaired.values()))

    def shown(self, pair: Pair) -> list[Edit]:
        """The pair's edits, less those of an ignored kind."""
        return [e for e in pair.edits if e.kind not in self.ignore]

    def kinds_of(self, pair: Pair) -> tuple[Kind, ...]:
        """The kinds of the pair's shown edits, in canonical order."""
        present = {e.kind for e in self.shown(pair)}
        return tuple(k for k in KINDS if k in present)

    def flags_of(self, pair: Pair) -> tuple[Flag, ...]:
        """The flags of the pair's shown edits, in canonical order."""
        present = {f for e in self.shown(pair) for f in e.flags}
        return tuple(f for f in FLAGS if f in present)

    def pieces(self, pair: Pair) -> Cut:
        """Each sentence of the pair cut into `Piece`s (the last pair's are kept)."""
        if self._cut is None or self._cut[0] is not pair:
            self._cut = (pair, pieces(pair, self.comparison.a, self.comparison.b))
        return self._cut[1]

    @cached_property
    def coverage(self) -> tuple[Coverage, Coverage]:
        """Each side's word coverage."""
        return self._coverage("a"), self._coverage("b")

    def _coverage(self, side: str) -> Coverage:
        """Words with a counterpart: in a pair that is not one-sided, outside its
        deletions (A) or insertions (B) of a kind not ignored. Chrome is left out."""
        document: Document = self.comparison.a if side == "a" else self.comparison.b
        lost = Op.DELETE if side == "a" else Op.INSERT
        covered: set[int] = set()  # word starts
        for pair in self.comparison.pairs:
            if pair.relation in ONE_SIDED:
                continue
            ids = pair.a if side == "a" else pair.b
            for cut, sid in zip(self.pieces(pair)[0 if side == "a" else 1], ids):
                sentence = document.sentences[sid]
                if sentence.chrome:
                    continue
                j = 0
                for start in word_starts(sentence):
                    while j < len(cut) and cut[j].end <= start:
                        j += 1
                    if j == len(cut) or cut[j].start > start:
                        continue
                    piece = cut[j]
                    if piece.op != lost or (
                        piece.edit is not None
                        and piece.edit < len(pair.edits)
                        and pair.edits[piece.edit].kind in self.ignore
                    ):
                        covered.add(start)
        words = sum(len(word_starts(s)) for s in document.sentences if not s.chrome)
        return Coverage(side, words, len(covered))

    @cached_property
    def moves(self) -> tuple[Move, ...]:
        """Where each move with no related pair stands in each text's order (A's, then B's).

        In a text, the move follows the pair holding the nearest sentence
        before its first one; given only when that pair is not the one just
        before it in reading order (nor itself).
        """
        out = []
        pairs = self.comparison.pairs
        for side, document in (("a", self.comparison.a), ("b", self.comparison.b)):
            position = {s.id: n for n, s in enumerate(document.sentences)}
            holder: dict[int, int] = {}  # sentence position -> first pair holding it
            for p in pairs:
                for sid in p.a if side == "a" else p.b:
                    holder.setdefault(position[sid], p.id)
            before: list[int | None] = []  # position -> holder of the nearest held before
            last: int | None = None
            for n in range(len(document.sentences)):
                before.append(last)
                last = holder.get(n, last)
            previous: int | None = None  # the last pair so far with a sentence on this side
            for p in pairs:
                ids = p.a if side == "a" else p.b
                if not ids:
                    continue
                if p.relation == Relation.MOVE and not p.related:
                    q = before[min(position[sid] for sid in ids)]
                    if q is not None and q != previous and q != p.id:
                        out.append(Move(p.id, side, q))
                previous = p.id
        return tuple(out)

    @cached_property
    def repeats(self) -> tuple[Repeat, ...]:
        """Each repeat pair, with the text that repeats and every rendering of the passage.

        The repeated sentence is the one the repeat shares with its related
        pairs; the text on the other side renders it again.
        """
        by_id = {p.id: p for p in self.comparison.pairs}
        out = []
        for pair in self.comparison.pairs:
            if pair.relation != Relation.REPEAT:
                continue
            related = [by_id[q] for q in pair.related if q in by_id]
            shared = {side for q in related for side in shared_sides(pair, q)}
            if shared == {"a"}:
                side = "b"
            elif shared == {"b"}:
                side = "a"
            else:  # no related pair, or both sides shared: say the longer side repeats
                side = "a" if len(pair.a) >= len(pair.b) else "b"
            renderings = tuple(sorted({pair.id, *(q.id for q in related)}))
            out.append(Repeat(pair.id, side, renderings))
        return tuple(out)

    @cached_property
    def omissions(self) -> tuple[Omission, ...]:
        """Runs of at least `OMISSION_RUN` consecutive one-sided pairs on one side,
        none of them chrome: the stretches one text has and the other lacks."""
        out: list[Omission] = []
        run: list[Pair] = []

        def close() -> None:
            if len(run) >= OMISSION_RUN:
                side = "a" if run[0].relation == Relation.ONLY_A else "b"
                ids = tuple(i for p in run for i in (p.a if side == "a" else p.b))
                out.append(Omission(side, tuple(p.id for p in run), ids))
            run.clear()

        for pair in self.comparison.pairs:
            if pair.relation in ONE_SIDED and pair.id not in self.chrome_pairs:
                if run and run[-1].relation != pair.relation:
                    close()
                run.append(pair)
            else:
                close()
        close()
        return tuple(out)

    def substance_variants(self) -> tuple[Variant, ...]:
        """Variants (of kinds not ignored) that touch a number, date, name, negation,
        modal verb or quotation: by their gravest flag (in `FLAGS` order), then
        the most occurrences first, then in gathered order."""
        rank = {f: n for n, f in enumerate(FLAGS)}
        flagged = [
            v
            for v in self.comparison.variants
            if v.kind not in self.ignore and any(f in SUBSTANCE_FLAGS for f in v.flags)
        ]
        return tuple(sorted(flagged, key=lambda v: (min(rank[f] for f in v.flags), -v.count)))

    def inconsistencies_by_size(self, side: str) -> tuple[int, ...]:
        """Indexes into `Comparison.inconsistencies` of those within ``side``'s
        text, the most occurrences first (then in gathered order)."""
        items = [
            (-sum(f.count for f in item.forms), n)
            for n, item in enumerate(self.comparison.inconsistencies)
            if item.document == side
        ]
        return tuple(n for _, n in sorted(items))

    def word_choices(self) -> tuple[Variant, ...]:
        """Lexical variants seen in two pairs or more, the most frequent first."""
        lexical = [
            v
            for v in self.comparison.variants
            if v.kind == Kind.LEXICAL and v.kind not in self.ignore and len(v.pairs) >= 2
        ]
        return tuple(sorted(lexical, key=lambda v: -v.count))

    @cached_property
    def nearest(self) -> dict[int, Nearest]:
        """Each one-sided pair whose score has a sentence it belongs to
        (`Pair.nearest`), with the first pair holding that sentence."""
        wanted = {
            p.id: p.nearest
            for p in self.comparison.pairs
            if p.relation in ONE_SIDED and p.nearest is not None
        }
        if not wanted:
            return {}
        holder: dict[tuple[str, int], int] = {}  # (side, sentence id) -> first pair holding it
        for p in self.comparison.pairs:
            for sid in p.a:
                holder.setdefault(("a", sid), p.id)
            for sid in p.b:
                holder.setdefault(("b", sid), p.id)
        by_id = {p.id: p for p in self.comparison.pairs}
        out: dict[int, Nearest] = {}
        for pid, sid in wanted.items():
            side = "b" if by_id[pid].relation == Relation.ONLY_A else "a"
            out[pid] = Nearest(side, sid, holder.get((side, sid)))
        return out

    @cached_property
    def unpaired(self) -> dict[int, tuple[tuple[str, int], ...]]:
        """Sentences no pair holds (chrome set aside), ``(side, id)``, by the place
        in `Comparison.pairs` of the pair they follow (-1: before every pair).

        Each goes after the last pair holding the sentence before it in its own text.
        """
        after: dict[int, list[tuple[str, int]]] = {}
        for side, document in (("a", self.comparison.a), ("b", self.comparison.b)):
            owner: dict[int, int] = {}  # sentence id -> the last pair's place
            for k, pair in enumerate(self.comparison.pairs):
                for sid in pair.a if side == "a" else pair.b:
                    owner[sid] = k
            place = -1
            for sentence in document.sentences:
                if sentence.id in owner:
                    place = owner[sentence.id]
                else:
                    after.setdefault(place, []).append((side, sentence.id))
        return {k: tuple(v) for k, v in after.items()}


def summarise(
    comparison: Comparison, *, ignore: Iterable[str] = (), review_below: float = REVIEW_BELOW
) -> Summary:
    """The summary of a comparison, with the edits of the ``ignore`` kinds left out.

    Raises ValueError on a relation or an edit kind outside the vocabulary.
    """
    return Summary(comparison, ignore, review_below)


# ------------------------------------------------------------------ the batch index


@dataclass(frozen=True)
class Figures:
    """A comparison's summary figures, for its row of the batch index."""

    labels: tuple[str, str]
    pairs: int
    relations: tuple[int, ...]  # pairs by relation, in `RELATIONS` order
    coverage: tuple[str, str]  # `Coverage.percent` of each side: "82.4%"
    variants: int

    @classmethod
    def of(cls, summary: Summary) -> Figures:
        """The figures of a summarised comparison."""
        comparison = summary.comparison
        return cls(
            labels=(comparison.a.label, comparison.b.label),
            pairs=summary.pairs,
            relations=tuple(summary.relations.values()),
            coverage=(summary.coverage[0].percent, summary.coverage[1].percent),
            variants=len(comparison.variants),
        )


@dataclass(frozen=True)
class IndexRow:
    """One pair of the manifest on the index page."""

    name: str
    html: str  # links (%-escaped file names); empty when there is no output
    json: str
    status: str
    error: str
    figures: Figures | None


@dataclass(frozen=True)
class Index:
    """Everything the batch's index page lays out."""

    title: str
    version: str
    signature: str  # `Signature.long` of the run's options (no inputs: they are many)
    relations: tuple[Relation, ...]  # the relation columns, in `RELATIONS` order
    rows: tuple[IndexRow, ...]
    counts: tuple[tuple[str, int], ...]  # (status, pairs), the statuses present


# --- Collation ----------------------------------------------------------------


@dataclass(frozen=True)
class WitnessFigures:
    """One witness in a collation: how many rows it renders, leaves out, adds, moves, repeats."""

    label: str
    sentences: int
    #: Rows it has sentences in.
    rows: int
    #: Rows the base is in and this witness is not (for the base: 0).
    absent: int
    #: Rows without the base that this witness is in: what the base lacks.
    extra: int
    moved: int
    repeated: int
    #: Apparatus readings of this witness (against the base), by kind.
    kinds: dict[str, int]


@dataclass(frozen=True)
class CollationSummary:
    """A collation summed up: every output of `align collate` reads it."""

    rows: int
    #: Rows every witness is in.
    full: int
    #: Rows with at least one apparatus entry.
    varied: int
    entries: int
    witnesses: tuple[WitnessFigures, ...]
    base: str
    signature_short: str
    signature_long: str


def collation_signature(collation: Collation, *, long: bool = False) -> str:
    """``align:VER|schema:align-collation/1|units:...|base:LABEL|w1:SHA...``, as `Signature`."""
    options = collation.options.to_dict()
    labels = options.pop("labels")
    if options.pop("threshold_estimated", False):
        options["threshold"] = f"{options['threshold']:g}(estimated)"
    fields = [("align", collation.version), ("schema", collation.schema)]
    for name, value in options.items():
        if isinstance(value, bool):
            value = "yes" if value else "no"
        elif isinstance(value, float):
            value = f"{value:g}"
        fields.append((name, str(value)))
    fields.append(("base", collation.witnesses[collation.base].label))
    width = None if long else 12
    for k, doc in enumerate(collation.witnesses):
        name = labels[k] if long else f"w{k + 1}"
        fields.append((name, doc.sha256[:width]))
    return "|".join(f"{name}:{value}" for name, value in fields)


def summarise_collation(collation: Collation) -> CollationSummary:
    """Rows, rows every witness is in, and each witness's figures."""
    n = len(collation.witnesses)
    base = collation.base
    present = [0] * n
    absent = [0] * n
    extra = [0] * n
    moved = [0] * n
    repeated = [0] * n
    kinds: list[dict[str, int]] = [{} for _ in range(n)]
    full = varied = entries = 0
    for row in collation.rows:
        has_base = bool(row.cells[base].sentences)
        if all(c.sentences for c in row.cells):
            full += 1
        if row.apparatus:
            varied += 1
            entries += len(row.apparatus)
        for w, cell in enumerate(row.cells):
            if cell.sentences:
                present[w] += 1
                if not has_base:
                    extra[w] += 1
            elif has_base:
                absent[w] += 1
            if cell.presence == Presence.MOVE:
                moved[w] += 1
            elif cell.presence == Presence.REPEAT or (
                w == base and has_base and any(e.witness != base for e in row.echoes)
            ):
                repeated[w] += 1
        for entry in row.apparatus:
            for reading in entry.readings:
                for w in reading.witnesses:
                    for kind in reading.kinds[:1]:
                        kinds[w][kind] = kinds[w].get(kind, 0) + 1
    figures = tuple(
        WitnessFigures(
            doc.label,
            len(doc.sentences),
            present[w],
            absent[w],
            extra[w],
            moved[w],
            repeated[w],
            {str(k): kinds[w][k] for k in KINDS if k in kinds[w]},
        )
        for w, doc in enumerate(collation.witnesses)
    )
    return CollationSummary(
        len(collation.rows),
        full,
        varied,
        entries,
        figures,
        collation.witnesses[base].label,
        collation_signature(collation),
        collation_signature(collation, long=True),
    )
