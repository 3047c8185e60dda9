"""Structured data for the HTML report: every figure, computed here, no markup.

`build_report` turns a `Comparison` into plain frozen dataclasses that the
template in ``align/templates`` only lays out (`align.render_html`). Everything
the page shows that takes arithmetic or a decision lives here: counts by
relation and by kind, word coverage per side, the low-confidence flag, links
between repeats and moves, the overview strip's segments, which pairs a
variant touches, and how a book-length comparison is split into pages.

Ids come from positions (pair ids, 1-based row and variant numbers), so the
same comparison always gives the same data, and the same HTML.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from align.diffing import pieces
from align.model import Comparison, Document, Edit, Pair, Piece
from align.rendering.html.data import (
    FLAGS,
    KINDS,
    RELATION_LABELS,
    RELATION_ORDER,
    REVIEW_BELOW,
    Cell,
    Count,
    Coverage,
    FormView,
    Header,
    InconsistencyRow,
    Link,
    Report,
    Row,
    SentenceView,
    SideInfo,
    Span,
    Summary,
    VariantRow,
)
from align.rendering.html.minimap import chunked, minimap
from align.rendering.html.text import _words, edit_title, runs, visible

# ----------------------------------------------------------------------- building


def _kind(edit: Edit) -> str:
    return edit.kind if edit.kind in KINDS else "other"


class _Builder:
    """Builds the rows and figures of one comparison."""

    def __init__(
        self,
        comparison: Comparison,
        *,
        ignore: frozenset[str],
        review_below: float,
    ) -> None:
        self.c = comparison
        self.ignore = ignore
        self.review_below = review_below
        self.labels = (visible(comparison.a.label or "A"), visible(comparison.b.label or "B"))
        self.index = {
            "a": {s.id: (n, s) for n, s in enumerate(comparison.a.sentences, 1)},
            "b": {s.id: (n, s) for n, s in enumerate(comparison.b.sentences, 1)},
        }
        self.anchored: set[str] = set()
        self._cut: tuple[Pair, tuple] | None = None  # the last pair's pieces
        self.totals = {
            "a": len(comparison.a.sentences),
            "b": len(comparison.b.sentences),
        }

    def pieces(self, pair: Pair, side: str, index: int) -> tuple[Piece, ...]:
        """The pieces of the pair's `index`-th sentence on `side` (the last pair's are kept)."""
        if self._cut is None or self._cut[0] is not pair:
            self._cut = (pair, pieces(pair, self.c.a, self.c.b))
        return self._cut[1][0 if side == "a" else 1][index]

    def kept(self, edit: Edit) -> bool:
        """Whether an edit is shown (its kind is not ignored)."""
        return _kind(edit) not in self.ignore

    def span(self, piece: Piece, pair: Pair) -> Span:
        text = piece.text
        if piece.op == "equal" or piece.edit is None or piece.edit >= len(pair.edits):
            return Span(text, "equal", runs=runs(text))
        edit = pair.edits[piece.edit]
        if not self.kept(edit):
            return Span(text, "equal", runs=runs(text))
        return Span(
            text,
            piece.op,
            piece.edit,
            _kind(edit),
            edit_title(edit, piece.edit + 1, self.labels),
            runs(text),
        )

    def cell(self, pair: Pair, side: str) -> Cell:
        ids = pair.a if side == "a" else pair.b
        label = self.labels[0 if side == "a" else 1]
        views: list[SentenceView] = []
        for i, sid in enumerate(ids):
            number, sentence = self.index[side][sid]
            spans = tuple(self.span(p, pair) for p in self.pieces(pair, side, i))
            # An empty edit piece at the very start or end is still worth showing;
            # empty equal pieces are dropped.
            spans = tuple(s for s in spans if s.text or s.op != "equal")
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
        a, b = self.cell(pair, "a"), self.cell(pair, "b")
        chrome = all(s.chrome for s in a.sentences + b.sentences)
        edits = [e for e in pair.edits if self.kept(e)]
        kinds = tuple(k for k in KINDS if any(_kind(e) == k for e in edits))
        flags = tuple(f for f in FLAGS if any(f in e.flags for e in edits))
        both = bool(pair.a) and bool(pair.b)
        relation = pair.relation if pair.relation in RELATION_LABELS else "match"
        return Row(
            number=number,
            pair=pair.id,
            anchor=f"pair-{pair.id}",
            name=f"#{pair.id}",
            relation=relation,
            relation_label=RELATION_LABELS[relation].format(a=self.labels[0], b=self.labels[1]),
            score=pair.score,
            score_text=f"{pair.score:.2f}",
            review=both and pair.score < self.review_below and not chrome,
            diff=not chrome and (relation != "match" or bool(edits)),
            chrome=chrome,
            kinds=kinds,
            flags=flags,
            edits=len(edits),
            a=a,
            b=b,
            links=tuple(links),
        )

    def unpaired_row(self, number: int, side: str, sentence_id: int) -> Row:
        """A sentence in no pair: chrome the aligner set aside, shown greyed."""
        ids = (sentence_id,)
        pair = Pair(-1, ids if side == "a" else (), ids if side == "b" else (), f"only_{side}", 0.0)
        position, sentence = self.index[side][sentence_id]
        a, b = self.cell(pair, "a"), self.cell(pair, "b")
        return Row(
            number=number,
            pair=None,
            anchor=f"{'chrome' if sentence.chrome else 'unpaired'}-{side}-{position}",
            name=f"{self.labels[0 if side == 'a' else 1]} s{position}",
            relation=f"only_{side}",
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
        A move with none links to the pair holding the sentence that precedes
        it in the text it is out of order in, and that pair links back.
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
                shared = [
                    label
                    for label, x, y in ((self.labels[0], p.a, q.a), (self.labels[1], p.b, q.b))
                    if set(x) & set(y)
                ]
                what = f"the same {' and '.join(shared)} sentence" if shared else "related"
                add(p.id, q.id, f"↔ #{q.id}", f"{what}: pair {q.id}, {q.relation}")
                add(q.id, p.id, f"↔ #{p.id}", f"{what}: pair {p.id}, {p.relation}")

        for side, label in (("a", self.labels[0]), ("b", self.labels[1])):
            holder: dict[int, int] = {}  # sentence position -> first pair holding it
            for p in pairs:
                for sid in p.a if side == "a" else p.b:
                    holder.setdefault(self.index[side][sid][0], p.id)
            before: dict[int, int | None] = {}  # position -> holder of the nearest held before
            last: int | None = None
            for position in range(1, self.totals[side] + 1):
                before[position] = last
                if position in holder:
                    last = holder[position]
            previous_row: int | None = None  # the last pair so far with a sentence on this side
            for p in pairs:
                ids = p.a if side == "a" else p.b
                if not ids:
                    continue
                if p.relation == "move" and not p.related:
                    first = min(self.index[side][sid][0] for sid in ids)
                    q = before[first]
                    if q is not None and q != previous_row and q != p.id:
                        add(p.id, q, f"↔ {label}: after #{q}", f"in {label} this follows pair {q}")
                        add(
                            q,
                            p.id,
                            f"↔ #{p.id} next in {label}",
                            f"in {label} the next sentence is in pair {p.id}, moved",
                        )
                previous_row = p.id
        return out

    def rows(self) -> tuple[Row, ...]:
        """Pairs in reading order, with each sentence no pair holds (page
        chrome, set aside) placed after the row holding the sentence before it."""
        links = self.links()
        held = {
            "a": {sid for p in self.c.pairs for sid in p.a},
            "b": {sid for p in self.c.pairs for sid in p.b},
        }
        # After which pair (its place in the list; -1: before all) each unpaired sentence goes.
        after: dict[int, list[tuple[str, int]]] = {}
        for side, document in (("a", self.c.a), ("b", self.c.b)):
            owner: dict[int, int] = {}
            for k, pair in enumerate(self.c.pairs):
                for sid in pair.a if side == "a" else pair.b:
                    owner[sid] = max(owner.get(sid, -1), k)
            place = -1
            for sentence in document.sentences:
                if sentence.id in held[side]:
                    place = owner[sentence.id]
                else:
                    after.setdefault(place, []).append((side, sentence.id))
        rows: list[Row] = []
        for side, sid in after.get(-1, []):
            rows.append(self.unpaired_row(len(rows) + 1, side, sid))
        for k, pair in enumerate(self.c.pairs):
            rows.append(self.row(len(rows) + 1, pair, links[pair.id]))
            for side, sid in after.get(k, []):
                rows.append(self.unpaired_row(len(rows) + 1, side, sid))
        return tuple(rows)

    def coverage(self, side: str) -> Coverage:
        """Words with a counterpart: in a pair that is not one-sided, outside its
        deletions (A) or insertions (B). Chrome is left out of both counts."""
        document: Document = self.c.a if side == "a" else self.c.b
        lost = "delete" if side == "a" else "insert"
        covered: set[int] = set()  # word starts
        for pair in self.c.pairs:
            if pair.relation in ("only_a", "only_b"):
                continue
            for i, sid in enumerate(pair.a if side == "a" else pair.b):
                sentence = self.index[side][sid][1]
                if sentence.chrome:
                    continue
                cut = self.pieces(pair, side, i)
                j = 0
                for start in _words(sentence):
                    while j < len(cut) and cut[j].end <= start:
                        j += 1
                    if j == len(cut) or cut[j].start > start:
                        continue
                    piece = cut[j]
                    if piece.op != lost or (
                        piece.edit is not None
                        and piece.edit < len(pair.edits)
                        and not self.kept(pair.edits[piece.edit])
                    ):
                        covered.add(start)
        words = sum(len(_words(s)) for s in document.sentences if not s.chrome)
        per_mille = round(1000 * len(covered) / words) if words else 0
        percent = f"{100 * len(covered) / words:.1f}%" if words else "–"
        label = self.labels[0 if side == "a" else 1]
        return Coverage(side, label, words, len(covered), percent, per_mille)


def _summary(builder: _Builder, rows: Sequence[Row]) -> Summary:
    relations = Counter(r.relation for r in rows if r.pair is not None)
    kinds: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    for pair in builder.c.pairs:
        for edit in pair.edits:
            if builder.kept(edit):
                kinds[_kind(edit)] += 1
                flags.update(edit.flags)
    a, b = builder.labels
    return Summary(
        pairs=len(builder.c.pairs),
        relations=tuple(
            Count(k, RELATION_LABELS[k].format(a=a, b=b), relations[k], k) for k in RELATION_ORDER
        ),
        coverage=(builder.coverage("a"), builder.coverage("b")),
        kinds=tuple(Count(k, k, kinds[k], k) for k in KINDS if kinds[k]),
        flags=tuple(Count(f, f, flags[f], f) for f in FLAGS if flags[f]),
        changed=sum(r.diff for r in rows),
        review=sum(r.review for r in rows),
        chrome=sum(r.chrome for r in rows),
    )


def coverage(comparison: Comparison, *, ignore: Iterable[str] = ()) -> tuple[Coverage, Coverage]:
    """Each side's word coverage, as in the report's summary, without building its rows."""
    builder = _Builder(comparison, ignore=frozenset(ignore), review_below=REVIEW_BELOW)
    return builder.coverage("a"), builder.coverage("b")


#: How many rows a variant or form links to by name; the filter shows them all.
LINKS_SHOWN = 8


def _pair_links(pairs: Iterable[int]) -> tuple[tuple[Link, ...], int, str]:
    ordered = list(dict.fromkeys(pairs))
    links = tuple(Link(f"#pair-{p}", f"#{p}") for p in ordered[:LINKS_SHOWN])
    return links, max(0, len(ordered) - LINKS_SHOWN), " ".join(f"pair-{p}" for p in ordered)


def _variants(comparison: Comparison, ignore: frozenset[str]) -> tuple[VariantRow, ...]:
    out = []
    shown = [v for v in comparison.variants if (v.kind or "other") not in ignore]
    for number, variant in enumerate(shown, 1):
        links, more, filter_ = _pair_links(variant.pairs)
        out.append(
            VariantRow(
                number,
                f"variant-{number}",
                visible(variant.a),
                visible(variant.b),
                variant.kind or "other",
                variant.flags,
                variant.count,
                links,
                more,
                filter_,
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
            links, more, filter_ = _pair_links(form.pairs)
            forms.append(FormView(visible(form.text), len(set(form.pairs)), links, more, filter_))
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
                _pair_links(every)[2],
            )
        )
    return tuple(out)


def _signature(
    comparison: Comparison, ignore: frozenset[str], hide_chrome: bool
) -> tuple[str, tuple[tuple[str, str], ...]]:
    o = comparison.options
    options = (
        ("units", o.units),
        ("chrome", "kept" if o.keep_chrome else "set aside"),
        ("threshold", f"{o.threshold:g}"),
        ("ignore", ",".join(k for k in KINDS if k in ignore) or "none"),
        ("hide-chrome", "yes" if hide_chrome else "no"),
    )
    short = "|".join(
        [
            f"align:{comparison.version}",
            f"schema:{comparison.schema}",
            f"units:{o.units}",
            f"chrome:{'keep' if o.keep_chrome else 'drop'}",
            f"threshold:{o.threshold:g}",
            f"ignore:{options[3][1]}",
            f"a:{comparison.a.sha256[:12]}",
            f"b:{comparison.b.sha256[:12]}",
        ]
    )
    return short, options


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
) -> Report:
    """The whole comparison as one page of data.

    ``ignore`` names edit kinds shown as equal text and left out of every
    count; ``hide_chrome`` starts the page with chrome rows hidden (they are
    greyed otherwise); ``review_below`` is the low-confidence threshold.
    Time is linear in the size of the comparison.
    """
    ignored = frozenset(ignore)
    builder = _Builder(comparison, ignore=ignored, review_below=review_below)
    rows = builder.rows()
    summary = _summary(builder, rows)
    a_label, b_label = builder.labels
    short, options = _signature(comparison, ignored, hide_chrome)
    subject = visible(comparison.a.title or comparison.b.title)
    header = Header(
        title=f"{a_label} ↔ {b_label}: {subject}" if subject else f"{a_label} ↔ {b_label}",
        a=_side(comparison.a, "a", a_label, summary.coverage[0].words),
        b=_side(comparison.b, "b", b_label, summary.coverage[1].words),
        version=comparison.version,
        schema=comparison.schema,
        signature=short,
        options=options,
        timestamp=timestamp,
    )
    return Report(
        header=header,
        summary=summary,
        rows=rows,
        chunks=chunked(rows),
        variants=_variants(comparison, ignored),
        inconsistencies=_inconsistencies(comparison, builder.labels),
        minimap=minimap(rows),
        kinds=summary.kinds,
        review_below=f"{review_below:g}",
        hide_chrome=hide_chrome,
        label_a=a_label,
        label_b=b_label,
    )
