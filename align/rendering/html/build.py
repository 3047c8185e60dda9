"""The HTML report's data: a `Comparison` and its `Summary` laid out as rows, no markup.

`build_report` takes a comparison (and its `align.summary.Summary`, made here
when not given) and gives plain frozen dataclasses (`align.rendering.html.data`)
that the templates only lay out (`align.rendering.html.render`). The figures
and placements come from the summary: counts, coverage, the review set, where
moved and unpaired sentences stand. What is decided here is layout: rows and
their cells, spans with their tooltips, links between repeats and moves, the
overview strip, the variants and inconsistencies as rows.

Ids come from positions (pair ids, 1-based row and variant numbers), so the
same comparison always gives the same data, and the same HTML.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from align.model import (
    MAX_LISTED,
    NOISE_KINDS,
    Comparison,
    Document,
    Kind,
    Op,
    Pair,
    Piece,
    Relation,
    Signature,
    Variant,
    visible,
)
from align.rendering.html.data import (
    RELATION_LABELS,
    Cell,
    Count,
    Coverage,
    Finding,
    FindingGroup,
    Fold,
    FormView,
    Header,
    InconsistencyRow,
    Link,
    Phrase,
    Report,
    Row,
    SentenceView,
    SideInfo,
    Span,
    Summary,
    VariantRow,
)
from align.rendering.html.minimap import chunked, minimap
from align.rendering.html.pages import fits
from align.rendering.html.text import edit_title, runs
from align.rendering.variants import form_text
from align.summary import FINDINGS_LISTED, REVIEW_BELOW, Repeat, shared_sides, summarise
from align.summary import Summary as Figures

# ----------------------------------------------------------------------- building


class _Builder:
    """Lays out the rows of one comparison from its summary."""

    def __init__(self, comparison: Comparison, figures: Figures) -> None:
        self.c = comparison
        self.figures = figures
        self.labels = (visible(comparison.a.label or "A"), visible(comparison.b.label or "B"))
        self.index = {
            "a": {s.id: (n, s) for n, s in enumerate(comparison.a.sentences, 1)},
            "b": {s.id: (n, s) for n, s in enumerate(comparison.b.sentences, 1)},
        }
        self.anchored: set[str] = set()
        self.numbers: dict[int, int] = {}  # the current pair's edit index -> shown number
        self.tipped: set[int] = set()
        self.repeating = {r.pair: r.side for r in figures.repeats}
        self.totals = {
            "a": len(comparison.a.sentences),
            "b": len(comparison.b.sentences),
        }

    def pieces(self, pair: Pair, side: str, index: int) -> tuple[Piece, ...]:
        """The pieces of the pair's `index`-th sentence on `side`."""
        return self.figures.pieces(pair)[0 if side == "a" else 1][index]

    def span(self, piece: Piece, pair: Pair) -> Span:
        text = piece.text
        if piece.op == Op.EQUAL or piece.edit is None or piece.edit >= len(pair.edits):
            return Span(text, Op.EQUAL, runs=runs(text))
        edit = pair.edits[piece.edit]
        if edit.kind in self.figures.ignore:
            return Span(text, Op.EQUAL, runs=runs(text))
        number = self.numbers[piece.edit]
        tip = bool(text) and piece.edit not in self.tipped
        if tip:
            self.tipped.add(piece.edit)
        return Span(
            text,
            piece.op,
            piece.edit,
            Kind(edit.kind),
            edit_title(edit, number, self.labels),
            runs(text),
            number,
            edit.kind in NOISE_KINDS,
            tip,
        )

    def number_edits(self, pair: Pair) -> None:
        """Number the pair's shown edits 1, 2, 3... in order (ignored kinds get none)."""
        ignore = self.figures.ignore
        shown = [k for k, e in enumerate(pair.edits) if e.kind not in ignore]
        self.numbers = {k: n for n, k in enumerate(shown, 1)}
        self.tipped: set[int] = set()  # the edits whose title a piece already carries

    def cell(self, pair: Pair, side: str) -> Cell:
        ids = pair.a if side == "a" else pair.b
        label = self.labels[0 if side == "a" else 1]
        views: list[SentenceView] = []
        for i, sid in enumerate(ids):
            number, sentence = self.index[side][sid]
            spans = tuple(self.span(p, pair) for p in self.pieces(pair, side, i))
            # An empty edit piece at the very start or end is still worth showing;
            # empty equal pieces are dropped.
            spans = tuple(s for s in spans if s.text or s.op != Op.EQUAL)
            anchor = f"{side}-{number}"
            if anchor in self.anchored:
                anchor = ""  # a repeat: the id is on the first row that shows it
            self.anchored.add(anchor)
            views.append(SentenceView(anchor, number, sentence.paragraph, sentence.chrome, spans))
        if not views:
            return Cell(side, label, (), f"nothing in {label}")
        first, last = views[0], views[-1]
        numbers = f"{first.number}" if first is last else f"{first.number}–{last.number}"
        noun = "sentence" if first is last else "sentences"
        paragraph = first.paragraph + 1
        return Cell(
            side,
            label,
            tuple(views),
            f"{noun} {numbers} of {self.totals[side]}, paragraph {paragraph}, in {label}",
        )

    def row(self, number: int, pair: Pair, links: list[Link]) -> Row:
        self.number_edits(pair)
        a, b = self.cell(pair, "a"), self.cell(pair, "b")
        figures = self.figures
        chrome = pair.id in figures.chrome_pairs
        relation = Relation(pair.relation)
        label = RELATION_LABELS[relation].format(a=self.labels[0], b=self.labels[1])
        if pair.id in self.repeating:
            label = f"repeat: {self.label(self.repeating[pair.id])} renders this twice"
        score_title = ""
        nearest = None
        if relation in (Relation.ONLY_A, Relation.ONLY_B) and pair.score:
            other = self.labels[1 if relation == Relation.ONLY_A else 0]
            score_title = (
                f"similarity to the nearest {other} sentence the aligner tried: too weak to pair"
            )
            nearest = self.nearest(pair)
        return Row(
            number=number,
            pair=pair.id,
            anchor=f"pair-{pair.id}",
            name=f"#{pair.id}",
            relation=relation,
            relation_label=label,
            score=pair.score,
            score_text=f"{pair.score:.2f}",
            review=pair.id in figures.review,
            diff=not chrome and pair.id in figures.differing,
            chrome=chrome,
            kinds=figures.kinds_of(pair),
            flags=figures.flags_of(pair),
            edits=len(figures.shown(pair)),
            a=a,
            b=b,
            links=tuple(links),
            noise=pair.id in figures.noise_only,
            score_title=score_title,
            nearest=nearest,
        )

    def nearest(self, pair: Pair) -> Link | None:
        """A link to the row of the sentence a one-sided pair's score belongs to."""
        found = self.figures.nearest.get(pair.id)
        if found is None or found.pair is None:
            return None
        label = self.label(found.side)
        number = self.index[found.side][found.sentence][0]
        return Link(
            f"#pair-{found.pair}",
            f"nearest {label} sentence: s{number} ({pair.score:.2f}), in pair #{found.pair}",
            f"the {label} sentence this score is the similarity to: too weak to pair",
        )

    def label(self, side: str) -> str:
        """The label of side ``"a"`` or ``"b"``."""
        return self.labels[0 if side == "a" else 1]

    def unpaired_row(self, number: int, side: str, sentence_id: int) -> Row:
        """A sentence in no pair: chrome the aligner set aside, shown greyed."""
        ids = (sentence_id,)
        relation = Relation.ONLY_A if side == "a" else Relation.ONLY_B
        pair = Pair(-1, ids if side == "a" else (), ids if side == "b" else (), relation, 0.0)
        position, sentence = self.index[side][sentence_id]
        a, b = self.cell(pair, "a"), self.cell(pair, "b")
        return Row(
            number=number,
            pair=None,
            anchor=f"{'chrome' if sentence.chrome else 'unpaired'}-{side}-{position}",
            name=f"{self.labels[0 if side == 'a' else 1]} s{position}",
            relation=relation,
            relation_label="page chrome, set aside" if sentence.chrome else "not aligned",
            score=0.0,
            score_text="",
            review=False,
            diff=False,
            chrome=True,
            kinds=(),
            flags=(),
            edits=0,
            a=a,
            b=b,
            links=(),
        )

    def links(self) -> dict[int, list[Link]]:
        """Links between the occurrences of repeats and moves, both ways.

        A pair links to the pairs that share one of its sentences (`Pair.related`).
        A move with none links to the pair it follows in the text it is out
        of order in (`Summary.moves`), and that pair links back.
        """
        pairs = self.c.pairs
        by_id = {p.id: p for p in pairs}
        out: dict[int, list[Link]] = {p.id: [] for p in pairs}
        seen: set[tuple[int, int]] = set()

        def add(source: int, target: int, text: str, title: str) -> None:
            if (source, target) not in seen and source != target:
                seen.add((source, target))
                out[source].append(Link(f"#pair-{target}", text, title))

        for p in pairs:
            for q_id in p.related:
                q = by_id.get(q_id)
                if q is None:
                    continue
                sides = shared_sides(p, q)
                shared = [self.label(side) for side in sides]
                what = f"the same {' and '.join(shared)} sentence" if shared else "related"
                if len(sides) == 1:  # the other text renders that sentence twice
                    other = self.label("b" if sides[0] == "a" else "a")
                    there, back = (
                        f"↔ #{q.id}: {other}'s other rendering",
                        f"↔ #{p.id}: {other}'s other rendering",
                    )
                else:
                    there, back = f"↔ #{q.id}", f"↔ #{p.id}"
                add(p.id, q.id, there, f"{what}: pair {q.id}, {q.relation}")
                add(q.id, p.id, back, f"{what}: pair {p.id}, {p.relation}")
        for move in self.figures.moves:
            p, q = move.pair, move.after
            label = self.labels[0 if move.side == "a" else 1]
            add(p, q, f"↔ {label}: after #{q}", f"in {label} this follows pair {q}")
            add(
                q,
                p,
                f"↔ #{p} next in {label}",
                f"in {label} the next sentence is in pair {p}, moved",
            )
        return out

    def rows(self) -> tuple[Row, ...]:
        """Pairs in reading order, with each sentence no pair holds (page
        chrome, set aside) where `Summary.unpaired` places it."""
        links = self.links()
        after = self.figures.unpaired
        rows: list[Row] = []
        folds = self.folds()
        for side, sid in after.get(-1, ()):
            rows.append(self.unpaired_row(len(rows) + 1, side, sid))
        for k, pair in enumerate(self.c.pairs):
            row = self.row(len(rows) + 1, pair, links[pair.id])
            if pair.id in folds:
                row = replace(row, fold=folds[pair.id][0], folded=folds[pair.id][1])
            rows.append(row)
            for side, sid in after.get(k, ()):
                rows.append(self.unpaired_row(len(rows) + 1, side, sid))
        return tuple(rows)

    def folds(self) -> dict[int, tuple[Fold | None, int]]:
        """Pair id -> (the fold it opens, or None past the first; the fold's number)
        for each pair of a run of omissions (`Summary.omissions`)."""
        out: dict[int, tuple[Fold | None, int]] = {}
        for number, run in enumerate(self.figures.omissions, 1):
            label, other = self.label(run.side), self.label("b" if run.side == "a" else "a")
            first = self.index[run.side][run.sentences[0]][0]
            last = self.index[run.side][run.sentences[-1]][0]
            text = f"{label} s{first}–{last}, {len(run.sentences)} sentences, not in {other}"
            fold = Fold(number, f"omission-{number}", text, len(run.pairs))
            for k, pid in enumerate(run.pairs):
                out[pid] = (fold if k == 0 else None, number)
        return out


def _summary(builder: _Builder) -> Summary:
    figures = builder.figures
    a, b = builder.labels
    coverage = tuple(
        Coverage(c.side, label, c.words, c.covered, c.percent, c.per_mille)
        for c, label in zip(figures.coverage, builder.labels)
    )
    return Summary(
        pairs=figures.pairs,
        relations=tuple(
            Count(r, RELATION_LABELS[r].format(a=a, b=b), n, r)
            for r, n in figures.relations.items()
        ),
        coverage=(coverage[0], coverage[1]),
        kinds=tuple(Count(k, k, n, k, figures.kind_pairs[k]) for k, n in figures.kinds.items()),
        flags=tuple(Count(f, f, n, f, figures.flag_pairs[f]) for f, n in figures.flags.items()),
        changed=figures.changed,
        changed_beyond_noise=figures.changed_beyond_noise,
        review=len(figures.review),
        chrome=figures.chrome,
        rows=figures.rows,
    )


#: How many rows a variant or form links to by name; the filter shows them all.
LINKS_SHOWN = 8


def _pair_links(
    pairs: Iterable[int], count: int = 0
) -> tuple[tuple[Link, ...], tuple[Link, ...], int, str]:
    """Links to the first `LINKS_SHOWN` pairs, links to the rest (up to `MAX_LISTED`
    in all, behind "+N more"), how many of ``count`` pairs go unlisted, and the filter."""
    ordered = list(dict.fromkeys(pairs))
    links = [Link(f"#pair-{p}", f"#{p}") for p in ordered[:MAX_LISTED]]
    unlisted = max(count, len(ordered)) - len(links)
    filter_ = " ".join(f"pair-{p}" for p in ordered)
    return tuple(links[:LINKS_SHOWN]), tuple(links[LINKS_SHOWN:]), unlisted, filter_


def _variants(comparison: Comparison, ignore: frozenset[Kind]) -> tuple[VariantRow, ...]:
    out = []
    shown = [v for v in comparison.variants if v.kind not in ignore]
    for number, variant in enumerate(shown, 1):
        links, rest, more, filter_ = _pair_links(variant.pairs)
        out.append(
            VariantRow(
                number,
                f"variant-{number}",
                visible(variant.a),
                visible(variant.b),
                Kind(variant.kind),
                variant.flags,
                variant.count,
                links,
                more,
                filter_,
                rest,
            )
        )
    return tuple(out)


def _inconsistencies(
    comparison: Comparison, labels: tuple[str, str]
) -> tuple[InconsistencyRow, ...]:
    out = []
    for number, item in enumerate(comparison.inconsistencies, 1):
        forms = []
        every: list[int] = []
        for form in item.forms:
            links, rest, more, filter_ = _pair_links(form.pairs, form.count)
            forms.append(FormView(visible(form_text(form)), form.count, links, more, filter_, rest))
            every.extend(form.pairs)
        side = "a" if item.document == "a" else "b"
        out.append(
            InconsistencyRow(
                number,
                f"inconsistency-{number}",
                side,
                labels[0 if side == "a" else 1],
                visible(item.counterpart),
                visible(item.reason),
                tuple(forms),
                _pair_links(every)[3],
            )
        )
    return tuple(out)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def _variant_group(
    key: str, title: str, variants: Sequence[Variant], labels: tuple[str, str]
) -> FindingGroup:
    """The first `FINDINGS_LISTED` of `variants` as findings, and how many more there are."""
    more = len(variants) - FINDINGS_LISTED
    return FindingGroup(
        key,
        title,
        tuple(_variant_finding(v, labels) for v in variants[:FINDINGS_LISTED]),
        f"{more} more in the wording variants below" if more > 0 else "",
    )


def _variant_finding(variant: Variant, labels: tuple[str, str]) -> Finding:
    """ "VOV *vital* where VNA has *key*, 2 pairs", linked to its rows."""
    a, b = labels
    if variant.a and variant.b:
        phrases = (
            Phrase(f"{a} "),
            Phrase(visible(variant.a), "a"),
            Phrase(f" where {b} has "),
            Phrase(visible(variant.b), "b"),
        )
    elif variant.a:
        phrases = (Phrase(f"{a} has "), Phrase(visible(variant.a), "a"), Phrase(f", {b} not"))
    else:
        phrases = (Phrase(f"{b} has "), Phrase(visible(variant.b), "b"), Phrase(f", {a} not"))
    links, rest, more, filter_ = _pair_links(variant.pairs)
    phrases += (Phrase(f", {_plural(len(set(variant.pairs)), 'pair')}"),)
    what = f"“{visible(variant.a)}” → “{visible(variant.b)}”"
    return Finding(phrases, links, more, filter_, what, variant.flags, rest)


def _findings(builder: _Builder, figures: Summary) -> tuple[FindingGroup, ...]:
    """What differs that matters, in plain words, each finding linked to its rows.

    Long because it is one list of sentences, one per sort of finding.
    """
    summary, comparison = builder.figures, builder.c
    labels = builder.labels
    groups: list[FindingGroup] = []
    # How much of each text the other covers, and what one text lacks.
    covers = []
    for c, other in ((figures.coverage[0], labels[1]), (figures.coverage[1], labels[0])):
        covers.append(
            Finding(
                (
                    Phrase(f"{c.percent} of {c.label}’s words have a counterpart in {other} "),
                    Phrase(f"({c.covered:,} of {c.words:,})."),
                )
            )
        )
    for side, relation in (("a", Relation.ONLY_A), ("b", Relation.ONLY_B)):
        runs_ = [o for o in summary.omissions if o.side == side]
        count = summary.relations[relation]
        if not count:
            continue
        label, other = builder.label(side), builder.label("b" if side == "a" else "a")
        tail = f", {_plural(len(runs_), 'run')} of three or more" if runs_ else ""
        links = tuple(Link(f"#pair-{o.pairs[0]}", f"#{o.pairs[0]}") for o in runs_)
        ids = [p.id for p in comparison.pairs if p.relation == relation]
        covers.append(
            Finding(
                (
                    Phrase(
                        f"{_plural(count, label + ' sentence')} "
                        f"{'has' if count == 1 else 'have'} no counterpart in {other}{tail}."
                    ),
                ),
                links[:FINDINGS_LISTED],
                max(0, len(links) - FINDINGS_LISTED),
                " ".join(f"pair-{i}" for i in ids),
                f"no counterpart in {other}",
            )
        )
    groups.append(FindingGroup("coverage", "Coverage", tuple(covers)))
    # Passages one text renders twice, and sentences out of order.
    placed = []
    runs: list[list[Repeat]] = []  # consecutive repeats by the same text: one passage
    for repeat in summary.repeats:
        last = runs[-1][-1] if runs else None
        if last and last.side == repeat.side and last.pair + 1 == repeat.pair:
            runs[-1].append(repeat)
        else:
            runs.append([repeat])
    by_id = {p.id: p for p in comparison.pairs}
    for run in runs:
        side = run[0].side
        other = "b" if side == "a" else "a"
        numbers = [
            builder.index[other][i][0]
            for r in run
            for i in (by_id[r.pair].a if other == "a" else by_id[r.pair].b)
        ]
        where = "s" + "–".join(str(n) for n in dict.fromkeys((min(numbers), max(numbers))))
        renderings = sorted({q for r in run for q in r.renderings})
        links, rest, more, filter_ = _pair_links(renderings)
        placed.append(
            Finding(
                (
                    Phrase(
                        f"{builder.label(side)} renders {builder.label(other)} {where} twice "
                        f"({_plural(len(renderings), 'pair')}):"
                    ),
                ),
                links,
                more,
                filter_,
                f"the renderings of {builder.label(other)} {where}",
                (),
                rest,
            )
        )
    for move in summary.moves:
        label = builder.label(move.side)
        placed.append(
            Finding(
                (
                    Phrase(
                        f"#{move.pair} stands elsewhere in {label}: there it follows #{move.after}."
                    ),
                ),
                (
                    Link(f"#pair-{move.pair}", f"#{move.pair}"),
                    Link(f"#pair-{move.after}", f"#{move.after}"),
                ),
                0,
                f"pair-{move.pair} pair-{move.after}",
                f"move #{move.pair}",
            )
        )
    if placed:
        groups.append(FindingGroup("placement", "Repeats and moves", tuple(placed)))
    # Variants of substance: numbers, dates, names, negation, modal verbs, quotations.
    substance = summary.substance_variants()
    if substance:
        groups.append(_variant_group("substance", "Differences of substance", substance, labels))
    choices = summary.word_choices()
    if choices:
        groups.append(
            _variant_group("wording", "Word choices seen more than once", choices, labels)
        )
    # Inconsistencies within each text.
    within = []
    for side in ("a", "b"):
        order = summary.inconsistencies_by_size(side)
        if not order:
            continue
        label = builder.label(side)
        within.append(
            Finding(
                (
                    Phrase(
                        f"{label} renders one thing in two or more ways "
                        f"{_plural(len(order), 'time')}."
                    ),
                )
            )
        )
        for n in order[:3]:
            item = comparison.inconsistencies[n]
            phrases: list[Phrase] = [Phrase(f"{label}: ")]
            for k, form in enumerate(item.forms):
                if k:
                    phrases.append(Phrase(", "))
                phrases += [
                    Phrase(visible(form_text(form)) or "nothing", side),
                    Phrase(f" ×{form.count}"),
                ]
            if item.counterpart and item.reason != "convention":
                other = builder.label("b" if side == "a" else "a")
                phrases += [
                    Phrase(f" for {other}’s "),
                    Phrase(visible(item.counterpart), "b" if side == "a" else "a"),
                ]
            phrases.append(Phrase(f" ({visible(item.reason)})"))
            within.append(
                Finding(
                    tuple(phrases), (Link(f"#inconsistency-{n + 1}", f"inconsistency {n + 1}"),)
                )
            )
    if within:
        groups.append(
            FindingGroup("inconsistency", "Inconsistencies within each text", tuple(within))
        )
    return tuple(groups)


def _options(signature: Signature, hide_chrome: bool) -> tuple[tuple[str, str], ...]:
    """The signature's options (and the kinds ignored), and whether chrome starts hidden."""
    shown = tuple(
        (name, visible(value))
        for name, value in signature.fields(long=True)
        if name not in ("align", "schema", "a", "b")
    )
    return (*shown, ("hide-chrome", "yes" if hide_chrome else "no"))


def _side(document: Document, side: str, label: str, words: int) -> SideInfo:
    return SideInfo(
        side,
        label,
        visible(document.title),
        visible(document.path),
        document.sha256,
        document.sha256[:12],
        document.encoding,
        document.format,
        len(document.sentences),
        words,
    )


def build_report(
    comparison: Comparison,
    *,
    timestamp: str | None = None,
    ignore: Iterable[str] = (),
    hide_chrome: bool = False,
    review_below: float = REVIEW_BELOW,
    summary: Figures | None = None,
) -> Report:
    """The whole comparison as one page of data.

    ``ignore`` names edit kinds shown as equal text and left out of every
    count; ``hide_chrome`` starts the page with chrome rows hidden (they are
    greyed otherwise); ``review_below`` is the low-confidence threshold.
    ``summary``, if given, is the comparison's (and then ``ignore`` and
    ``review_below`` are its own). Time is linear in the size of the comparison.
    """
    if summary is None:
        summary = summarise(comparison, ignore=ignore, review_below=review_below)
    builder = _Builder(comparison, summary)
    rows = builder.rows()
    figures = _summary(builder)
    a_label, b_label = builder.labels
    signature = Signature.of(comparison, ignore=summary.ignore)
    subject = visible(comparison.a.title or comparison.b.title)
    header = Header(
        title=f"{a_label} ↔ {b_label}: {subject}" if subject else f"{a_label} ↔ {b_label}",
        a=_side(comparison.a, "a", a_label, figures.coverage[0].words),
        b=_side(comparison.b, "b", b_label, figures.coverage[1].words),
        version=comparison.version,
        schema=comparison.schema,
        signature=signature.short(),
        options=_options(signature, hide_chrome),
        timestamp=timestamp,
    )
    return Report(
        header=header,
        summary=figures,
        rows=rows,
        chunks=chunked(rows),
        variants=_variants(comparison, summary.ignore),
        inconsistencies=_inconsistencies(comparison, builder.labels),
        minimap=minimap(rows),
        kinds=figures.kinds,
        flags=figures.flags,
        findings=_findings(builder, figures),
        review_below=f"{summary.review_below:g}",
        hide_chrome=hide_chrome,
        label_a=a_label,
        label_b=b_label,
        lazy=not fits(rows),
    )
