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

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from align.model import Comparison, Document, Edit, Pair, Piece, Sentence

#: A pair with text on both sides scoring below this is flagged for review.
REVIEW_BELOW = 0.5

#: Reports with more rows than this are split into pages (see `paginate`).
PAGE_ROWS = 2000

#: The overview strip never has more segments than this.
MINIMAP_SEGMENTS = 400

#: Difference kinds in display order (`align.variants` names them);
#: ``other`` stands for an edit no stage has classified.
KINDS = (
    "lexical",
    "form",
    "spelling",
    "case",
    "punctuation",
    "function-word",
    "order",
    "insertion",
    "omission",
    "attribution",
    "other",
)
FLAGS = ("number", "date", "name", "negation", "modal", "quote")
RELATION_LABELS = {
    "match": "match",
    "only_a": "only in {a}",
    "only_b": "only in {b}",
    "repeat": "repeat",
    "move": "move",
}
RELATION_ORDER = ("match", "only_a", "only_b", "repeat", "move")

#: Characters that are invisible or reorder text: shown by name, never acted on.
_CONTROL = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160"
    "\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")


@dataclass(frozen=True)
class Run:
    """Text to show as is, or (``control`` set) one invisible character shown by name."""

    text: str
    control: str = ""  # "U+202E RIGHT-TO-LEFT OVERRIDE"
    code: str = ""  # "U+202E"


@dataclass(frozen=True)
class Span:
    """A piece of a sentence: equal text or one side of edit ``edit``."""

    runs: tuple[Run, ...]
    op: str  # "equal", "replace", "delete" or "insert"
    edit: int | None = None  # index into the pair's edits
    kind: str = ""
    flags: tuple[str, ...] = ()
    title: str = ""  # what the edit is, for the tooltip
    empty: bool = False  # marks where text missing on this side would stand


@dataclass(frozen=True)
class SentenceView:
    """One sentence of a cell, with its place in its own text."""

    anchor: str  # "a-12": the sentence's position, 1-based
    number: int
    paragraph: int
    chrome: bool
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Cell:
    """One side of a row; no sentences means no counterpart on this side."""

    side: str  # "a" or "b"
    label: str
    sentences: tuple[SentenceView, ...]
    where: str  # "s12 ¶4": where the sentences sit in their own text
    where_long: str  # "sentence 12 of 40, paragraph 4, in VOV"


@dataclass(frozen=True)
class Link:
    """An internal link: ``href`` is a fragment, or ``page#fragment`` across pages."""

    href: str
    text: str
    title: str = ""


@dataclass(frozen=True)
class Row:
    """One pair, as a row of the side-by-side table."""

    number: int  # 1-based position in reading order
    pair: int
    anchor: str  # "pair-42"
    relation: str
    relation_label: str
    score: float
    score_text: str
    review: bool  # low confidence: has both sides and scores below the threshold
    diff: bool  # a difference `j`/`k` stops at (not chrome)
    chrome: bool
    kinds: tuple[str, ...]
    flags: tuple[str, ...]
    edits: int
    a: Cell
    b: Cell
    links: tuple[Link, ...]  # the other occurrence(s) of a repeat or move, both ways


@dataclass(frozen=True)
class Count:
    """A labelled count, with the filter value that shows its rows."""

    key: str
    label: str
    count: int
    filter: str = ""


@dataclass(frozen=True)
class Coverage:
    """The share of one text's words that have a counterpart in the other."""

    side: str
    label: str
    words: int
    covered: int
    percent: str  # "82.4%"
    per_mille: int  # 0..1000, for the bar


@dataclass(frozen=True)
class Summary:
    """The figures at the top of the report."""

    pairs: int
    relations: tuple[Count, ...]
    coverage: tuple[Coverage, Coverage]
    kinds: tuple[Count, ...]
    flags: tuple[Count, ...]
    changed: int
    review: int
    chrome: int


@dataclass(frozen=True)
class VariantRow:
    """A wording variant: A's form, B's form, and the rows it occurs in."""

    number: int
    anchor: str  # "variant-3"
    a: str
    b: str
    kind: str
    flags: tuple[str, ...]
    count: int
    links: tuple[Link, ...]  # the first few rows
    more: int  # rows not linked
    filter: str  # space-separated pair anchors


@dataclass(frozen=True)
class FormView:
    """One way an inconsistent text renders something."""

    text: str
    count: int
    links: tuple[Link, ...]
    more: int
    filter: str


@dataclass(frozen=True)
class InconsistencyRow:
    """One text rendering the same thing two or more ways."""

    number: int
    anchor: str  # "inconsistency-2"
    side: str
    label: str
    counterpart: str
    reason: str
    forms: tuple[FormView, ...]
    filter: str


@dataclass(frozen=True)
class Segment:
    """A stretch of the overview strip: consecutive rows in one state."""

    top: str  # percent of the strip, as text ("12.345")
    height: str
    state: str  # "same", "differ", "only_a", "only_b" or "chrome"
    href: str
    title: str
    first: int  # row numbers covered, for the "you are here" mark
    last: int


@dataclass(frozen=True)
class SideInfo:
    """What identifies one input."""

    side: str
    label: str
    title: str
    path: str
    sha256: str
    short: str  # the first 12 hex digits
    encoding: str
    format: str
    sentences: int
    words: int


@dataclass(frozen=True)
class Header:
    """Labels, inputs, version, options: enough to reproduce the report."""

    title: str
    a: SideInfo
    b: SideInfo
    version: str
    schema: str
    signature: str  # sacrebleu-style one-liner
    options: tuple[tuple[str, str], ...]
    timestamp: str | None


@dataclass(frozen=True)
class PageLink:
    """An entry in the index of a report split into pages."""

    number: int
    filename: str
    title: str
    first: int  # row numbers
    last: int
    pairs: str  # "#0–#1999"
    changed: int


@dataclass(frozen=True)
class Report:
    """Everything the template lays out, for one page."""

    header: Header
    summary: Summary
    rows: tuple[Row, ...]
    variants: tuple[VariantRow, ...]
    inconsistencies: tuple[InconsistencyRow, ...]
    minimap: tuple[Segment, ...]
    kinds: tuple[Count, ...]  # the kinds present, for the filter menu
    review_below: str
    hide_chrome: bool
    label_a: str
    label_b: str
    #: Multi-page reports: this page (0 = the whole report, or the index).
    page: int = 0
    pages: tuple[PageLink, ...] = ()
    previous: PageLink | None = None
    next: PageLink | None = None
    index_href: str = ""  # the index page, on the other pages
    #: Pair anchor -> file name, for the index's redirect of old links.
    page_map: dict[str, str] = field(default_factory=dict, repr=False, compare=False)


# --------------------------------------------------------------------------- text


def control_name(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE`` for an invisible character.

    >>> control_name("\\u200b")
    'U+200B ZERO WIDTH SPACE'
    """
    name = unicodedata.name(char, "") or "CONTROL"
    return f"U+{ord(char):04X} {name}"


def runs(text: str) -> tuple[Run, ...]:
    """Split text into plain runs and single invisible characters.

    Bidi overrides, isolates, zero-width characters and C0/C1 controls are
    kept (the text is reproduced exactly) but marked, so the page can show
    them by name and confine their effect.

    >>> runs("a\\u202eb")
    (Run(text='a', control='', code=''), Run(text='\\u202e', control='U+202E RIGHT-TO-LEFT OVERRIDE', code='U+202E'), Run(text='b', control='', code=''))
    """
    if not _CONTROL.search(text):
        return (Run(text),)
    out: list[Run] = []
    last = 0
    for found in _CONTROL.finditer(text):
        if found.start() > last:
            out.append(Run(text[last : found.start()]))
        char = found.group()
        out.append(Run(char, control_name(char), f"U+{ord(char):04X}"))
        last = found.end()
    if last < len(text):
        out.append(Run(text[last:]))
    return tuple(out)


def _quote(text: str) -> str:
    return f"“{text}”" if text else "nothing"


def edit_title(edit: Edit, number: int, labels: tuple[str, str]) -> str:
    """The tooltip of an edit: ``edit 2, lexical: “vital” → “key”``."""
    kind = edit.kind or "other"
    flags = f" [{', '.join(edit.flags)}]" if edit.flags else ""
    if edit.op == "delete":
        what = f"{_quote(edit.a_text)} only in {labels[0]}"
    elif edit.op == "insert":
        what = f"{_quote(edit.b_text)} only in {labels[1]}"
    else:
        what = f"{_quote(edit.a_text)} → {_quote(edit.b_text)}"
    return f"edit {number}, {kind}{flags}: {what}"


def _words(sentence: Sentence) -> list[tuple[int, int]]:
    """Word and number spans of a sentence (from its tokens, else a regex)."""
    if sentence.tokens:
        return [(t.start, t.end) for t in sentence.tokens if t.kind != "punct"]
    return [
        (sentence.start + m.start(), sentence.start + m.end())
        for m in _WORD.finditer(sentence.text)
    ]


def _pieces(pair: Pair, side: str, index: int, sentence: Sentence) -> tuple[Piece, ...]:
    """The pieces of one sentence of a pair; the whole sentence if none were given."""
    given = pair.pieces_a if side == "a" else pair.pieces_b
    if index < len(given) and given[index]:
        return given[index]
    return (Piece(sentence.start, sentence.end, sentence.text, "equal"),)


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
        self.labels = (comparison.a.label or "A", comparison.b.label or "B")
        self.index = {
            "a": {s.id: (n, s) for n, s in enumerate(comparison.a.sentences, 1)},
            "b": {s.id: (n, s) for n, s in enumerate(comparison.b.sentences, 1)},
        }
        self.relations = {p.id: p.relation for p in comparison.pairs}
        self.totals = {
            "a": len(comparison.a.sentences),
            "b": len(comparison.b.sentences),
        }

    def kept(self, edit: Edit) -> bool:
        """Whether an edit is shown (its kind is not ignored)."""
        return _kind(edit) not in self.ignore

    def span(self, piece: Piece, pair: Pair) -> Span:
        if piece.op == "equal" or piece.edit is None or piece.edit >= len(pair.edits):
            return Span(runs(piece.text), "equal")
        edit = pair.edits[piece.edit]
        if not self.kept(edit):
            return Span(runs(piece.text), "equal")
        return Span(
            runs(piece.text),
            piece.op,
            piece.edit,
            _kind(edit),
            edit.flags,
            edit_title(edit, piece.edit + 1, self.labels),
            empty=not piece.text,
        )

    def cell(self, pair: Pair, side: str) -> Cell:
        ids = pair.a if side == "a" else pair.b
        label = self.labels[0 if side == "a" else 1]
        views: list[SentenceView] = []
        for i, sid in enumerate(ids):
            number, sentence = self.index[side][sid]
            spans = tuple(self.span(p, pair) for p in _pieces(pair, side, i, sentence))
            # An empty edit piece at the very start or end is still worth showing;
            # empty equal pieces are dropped.
            spans = tuple(s for s in spans if s.op != "equal" or any(r.text for r in s.runs))
            views.append(
                SentenceView(
                    f"{side}-{number}", number, sentence.paragraph, sentence.chrome, spans
                )
            )
        if not views:
            return Cell(side, label, (), "", f"nothing in {label}")
        first, last = views[0], views[-1]
        numbers = f"{first.number}" if first is last else f"{first.number}–{last.number}"
        noun = "sentence" if first is last else "sentences"
        paragraph = first.paragraph + 1
        return Cell(
            side,
            label,
            tuple(views),
            f"s{numbers} ¶{paragraph}",
            f"{noun} {numbers} of {self.totals[side]}, paragraph {paragraph}, in {label}",
        )

    def row(self, number: int, pair: Pair, back: dict[int, list[int]]) -> Row:
        a, b = self.cell(pair, "a"), self.cell(pair, "b")
        chrome = all(s.chrome for s in a.sentences + b.sentences)
        edits = [e for e in pair.edits if self.kept(e)]
        kinds = tuple(k for k in KINDS if any(_kind(e) == k for e in edits))
        flags = tuple(f for f in FLAGS if any(f in e.flags for e in edits))
        both = bool(pair.a) and bool(pair.b)
        review = both and pair.score < self.review_below and not chrome
        diff = not chrome and (pair.relation != "match" or bool(edits))
        relation = pair.relation if pair.relation in RELATION_LABELS else "match"
        label = RELATION_LABELS[relation].format(a=self.labels[0], b=self.labels[1])
        links = [
            Link(f"#pair-{r}", f"↔ #{r}", f"the other occurrence: pair {r}")
            for r in pair.related
        ]
        for r in back.get(pair.id, []):
            if r not in pair.related:
                links.append(Link(f"#pair-{r}", f"↔ #{r}", f"a {self.relation_of(r)} of this: pair {r}"))
        return Row(
            number=number,
            pair=pair.id,
            anchor=f"pair-{pair.id}",
            relation=relation,
            relation_label=label,
            score=pair.score,
            score_text=f"{pair.score:.2f}",
            review=review,
            diff=diff,
            chrome=chrome,
            kinds=kinds,
            flags=flags,
            edits=len(edits),
            a=a,
            b=b,
            links=tuple(links),
        )

    def relation_of(self, pair_id: int) -> str:
        return self.relations.get(pair_id, "pair")

    def rows(self) -> tuple[Row, ...]:
        back: dict[int, list[int]] = {}
        for pair in self.c.pairs:
            for r in pair.related:
                back.setdefault(r, []).append(pair.id)
        return tuple(self.row(n, p, back) for n, p in enumerate(self.c.pairs, 1))

    def coverage(self, side: str) -> Coverage:
        """Words with a counterpart: in a pair that is not one-sided, outside its
        deletions (A) or insertions (B). Chrome is left out of both counts."""
        document: Document = self.c.a if side == "a" else self.c.b
        uncovered_op = "delete" if side == "a" else "insert"
        covered_spans: list[tuple[int, int]] = []
        for pair in self.c.pairs:
            if pair.relation in ("only_a", "only_b"):
                continue
            ids = pair.a if side == "a" else pair.b
            for i, sid in enumerate(ids):
                _, sentence = self.index[side][sid]
                for piece in _pieces(pair, side, i, sentence):
                    shown = piece.op != uncovered_op
                    if not shown and piece.edit is not None and piece.edit < len(pair.edits):
                        shown = not self.kept(pair.edits[piece.edit])
                    if shown:
                        covered_spans.append((piece.start, piece.end))
        covered_spans.sort()
        words = covered = 0
        for sentence in document.sentences:
            if sentence.chrome:
                continue
            for start, _end in _words(sentence):
                words += 1
                if _inside(covered_spans, start):
                    covered += 1
        per_mille = round(1000 * covered / words) if words else 0
        percent = f"{100 * covered / words:.1f}%" if words else "–"
        label = self.labels[0 if side == "a" else 1]
        return Coverage(side, label, words, covered, percent, per_mille)


def _inside(spans: Sequence[tuple[int, int]], position: int) -> bool:
    """Whether ``position`` lies in one of the sorted ``[start, end)`` spans."""
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid][0] <= position:
            lo = mid + 1
        else:
            hi = mid
    # Spans may overlap (a sentence in two pairs); look back over a few.
    for start, end in reversed(spans[max(0, lo - 4) : lo]):
        if start <= position < end:
            return True
    return False


def _summary(builder: _Builder, rows: Sequence[Row]) -> Summary:
    relations = Counter(r.relation for r in rows)
    kinds: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    for pair in builder.c.pairs:
        for edit in pair.edits:
            if builder.kept(edit):
                kinds[_kind(edit)] += 1
                flags.update(edit.flags)
    a, b = builder.labels
    return Summary(
        pairs=len(rows),
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
                variant.a,
                variant.b,
                variant.kind or "other",
                variant.flags,
                variant.count,
                links,
                more,
                filter_,
            )
        )
    return tuple(out)


def _inconsistencies(comparison: Comparison, labels: tuple[str, str]) -> tuple[InconsistencyRow, ...]:
    out = []
    for number, item in enumerate(comparison.inconsistencies, 1):
        forms = []
        every: list[int] = []
        for form in item.forms:
            links, more, filter_ = _pair_links(form.pairs)
            forms.append(FormView(form.text, len(set(form.pairs)), links, more, filter_))
            every.extend(form.pairs)
        side = "a" if item.document == "a" else "b"
        out.append(
            InconsistencyRow(
                number,
                f"inconsistency-{number}",
                side,
                labels[0 if side == "a" else 1],
                item.counterpart,
                item.reason,
                tuple(forms),
                _pair_links(every)[2],
            )
        )
    return tuple(out)


def _state(row: Row) -> str:
    if row.chrome:
        return "chrome"
    if row.relation in ("only_a", "only_b"):
        return row.relation
    return "differ" if row.diff else "same"


def _weight(row: Row) -> int:
    """Roughly the row's height: its longer side, plus room for the row itself."""
    def size(cell: Cell) -> int:
        return sum(len(r.text) for s in cell.sentences for sp in s.spans for r in sp.runs)

    return max(size(row.a), size(row.b)) + 80


#: Which state a bin of the strip shows when it mixes several.
_STATE_RANK = {"only_a": 0, "only_b": 1, "differ": 2, "same": 3, "chrome": 4}


def minimap(rows: Sequence[Row], *, limit: int = MINIMAP_SEGMENTS, page_of=None) -> tuple[Segment, ...]:
    """The overview strip: runs of rows in one state, sized by their text.

    With more runs than ``limit`` the rows are gathered into ``limit`` bins
    of equal weight, each shown in the state that holds most of its weight
    (ties go to the more notable state: no counterpart, then differ).
    ``page_of`` maps a row to the file it is on (multi-page reports).
    """
    if not rows:
        return ()
    weights = [_weight(r) for r in rows]
    states = [_state(r) for r in rows]
    total = sum(weights)
    # Group rows: each group is (first index, last index, state).
    groups: list[tuple[int, int, str]] = []
    for i, state in enumerate(states):
        if groups and groups[-1][2] == state:
            groups[-1] = (groups[-1][0], i, state)
        else:
            groups.append((i, i, state))
    if len(groups) > limit:
        groups = []
        size = total / limit
        start, acc = 0, 0
        held: Counter[str] = Counter()
        for i, (w, s) in enumerate(zip(weights, states)):
            acc += w
            held[s] += w
            if acc >= size * (len(groups) + 1) or i == len(rows) - 1:
                state = min(held, key=lambda k: (-held[k], _STATE_RANK[k]))
                if groups and groups[-1][2] == state:
                    groups[-1] = (groups[-1][0], i, state)
                else:
                    groups.append((start, i, state))
                start, held = i + 1, Counter()
    out = []
    before = 0
    prefix = [0]
    for w in weights:
        prefix.append(prefix[-1] + w)
    for first, last, state in groups:
        before = prefix[first]
        height = prefix[last + 1] - before
        head, tail = rows[first], rows[last]
        span = f"#{head.pair}" if first == last else f"#{head.pair}–#{tail.pair}"
        names = {"same": "same", "differ": "differ", "chrome": "page chrome",
                 "only_a": f"only in {rows[0].a.label}", "only_b": f"only in {rows[0].b.label}"}
        page = page_of(head) if page_of else ""
        out.append(
            Segment(
                f"{100 * before / total:.3f}",
                f"{100 * height / total:.3f}",
                state,
                f"{page}#{head.anchor}",
                f"pairs {span}: {names[state]}",
                head.number,
                tail.number,
            )
        )
    return tuple(out)


def _signature(comparison: Comparison, ignore: frozenset[str], hide_chrome: bool) -> tuple[str, tuple[tuple[str, str], ...]]:
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
        document.title,
        document.path,
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
    title_bits = [comparison.a.title or comparison.a.path, comparison.b.title or comparison.b.path]
    header = Header(
        title=f"{a_label} ↔ {b_label}: {title_bits[0]}" if title_bits[0] else f"{a_label} ↔ {b_label}",
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
        variants=_variants(comparison, ignored),
        inconsistencies=_inconsistencies(comparison, builder.labels),
        minimap=minimap(rows),
        kinds=summary.kinds,
        review_below=f"{review_below:g}",
        hide_chrome=hide_chrome,
        label_a=a_label,
        label_b=b_label,
    )
