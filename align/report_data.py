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
from dataclasses import dataclass, field, replace
from urllib.parse import quote

from align.diffing import pieces
from align.model import Comparison, Document, Edit, Pair, Piece, Sentence

#: A pair with text on both sides scoring below this is flagged for review.
REVIEW_BELOW = 0.5

#: Reports with more rows than this are split into pages (see `paginate`).
PAGE_ROWS = 2000

#: Rows are grouped in chunks of this many; the browser lays out only the
#: chunks near the screen (``content-visibility``), so long pages scroll smoothly.
CHUNK_ROWS = 50

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
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Run:
    """Text to show as is, or (``control`` set) one invisible character shown by name."""

    text: str
    control: str = ""  # "U+202E RIGHT-TO-LEFT OVERRIDE"
    code: str = ""  # "U+202E"


@dataclass(frozen=True)
class Span:
    """A piece of a sentence: equal text or one side of edit ``edit``.

    ``runs`` is set only when the text holds invisible characters; the page
    then shows each of them by name (see `runs`).
    """

    text: str
    op: str  # "equal", "replace", "delete" or "insert"
    edit: int | None = None  # index into the pair's edits
    kind: str = ""
    title: str = ""  # what the edit is, for the tooltip
    runs: tuple[Run, ...] | None = None

    @property
    def empty(self) -> bool:
        """A zero-length piece: marks where text missing on this side would stand."""
        return not self.text


@dataclass(frozen=True)
class SentenceView:
    """One sentence of a cell, with its place in its own text."""

    anchor: str  # "a-12": the sentence's position, 1-based; "" where shown again
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
    pair: int | None  # None: a sentence no pair holds (chrome set aside)
    anchor: str  # "pair-42", or "chrome-a-3" for a sentence in no pair
    name: str  # "#42", or "VOV s3"
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
class Chunk:
    """Consecutive rows laid out together; ``height`` (px) holds their place
    until the browser first lays them out."""

    rows: tuple[Row, ...]
    height: int


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
    href: str  # the file name, %-escaped for a link
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
    chunks: tuple[Chunk, ...]
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
    #: On the index: page link -> the pair ids on it, to send old links there.
    page_map: dict[str, list[int]] = field(default_factory=dict, repr=False, compare=False)


# --------------------------------------------------------------------------- text


def control_name(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE`` for an invisible character.

    >>> control_name("\\u200b")
    'U+200B ZERO WIDTH SPACE'
    """
    name = unicodedata.name(char, "") or "CONTROL"
    return f"U+{ord(char):04X} {name}"


def runs(text: str) -> tuple[Run, ...] | None:
    """Split text into plain runs and single invisible characters (None if none).

    Bidi overrides, isolates, zero-width characters and C0/C1 controls are
    kept (the text is reproduced exactly) but marked, so the page can show
    them by name and confine their effect.

    >>> runs("plain") is None
    True
    >>> [(run.text, run.code) for run in runs("a\\u202eb")]
    [('a', ''), ('\\u202e', 'U+202E'), ('b', '')]
    """
    if not _CONTROL.search(text):
        return None
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


def visible(text: str) -> str:
    """Text for labels, titles and forms, each invisible character replaced by its code.

    >>> visible("VOV\\u202e")
    'VOV[U+202E]'
    """
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def _quote(text: str) -> str:
    return f"“{visible(text)}”" if text else "nothing"


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


def _words(sentence: Sentence) -> list[int]:
    """Where the words and numbers of a sentence start (from its tokens, else a regex)."""
    if sentence.tokens:
        return [t.start for t in sentence.tokens if t.kind != "punct"]
    offset = sentence.start
    return [offset + m.start() for m in _WORD.finditer(sentence.text)]


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


def _state(row: Row) -> str:
    if row.chrome:
        return "chrome"
    if row.relation in ("only_a", "only_b"):
        return row.relation
    return "differ" if row.diff else "same"


def _weight(row: Row) -> int:
    """Roughly the row's height: its longer side, plus room for the row itself."""

    def size(cell: Cell) -> int:
        return sum(len(sp.text) for s in cell.sentences for sp in s.spans)

    return max(size(row.a), size(row.b)) + 80


def _height(row: Row) -> int:
    """A guess at a row's height in pixels on a wide screen (about 62
    characters a line of 24 px in each cell, 17 px lines in the margin)."""

    def lines(cell: Cell) -> int:
        count = sum(1 + sum(len(sp.text) for sp in s.spans) // 62 for s in cell.sentences)
        return count + (1 if row.relation in ("repeat", "move") and cell.sentences else 0)

    margin = 17 * (2 + len(row.links) + len(row.kinds) // 3 + (1 if row.flags else 0))
    text = 24 * max(lines(row.a), lines(row.b), 1)
    return max(margin, text) + 14


def chunked(rows: Sequence[Row], size: int = CHUNK_ROWS) -> tuple[Chunk, ...]:
    """Rows in chunks of ``size``, each with its estimated height."""
    return tuple(
        Chunk(tuple(rows[k : k + size]), sum(_height(r) for r in rows[k : k + size]))
        for k in range(0, len(rows), size)
    )


#: Which state a bin of the strip shows when it mixes several.
_STATE_RANK = {"only_a": 0, "only_b": 1, "differ": 2, "same": 3, "chrome": 4}


def minimap(rows: Sequence[Row], *, limit: int = MINIMAP_SEGMENTS) -> tuple[Segment, ...]:
    """The overview strip: runs of rows in one state, sized by their text.

    With more runs than ``limit`` the rows are gathered into ``limit`` bins
    of equal weight, each shown in the state that holds most of its weight
    (ties go to the more notable state: no counterpart, then differ).
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
    names = {
        "same": "same",
        "differ": "differ",
        "chrome": "page chrome",
        "only_a": f"only in {rows[0].a.label}",
        "only_b": f"only in {rows[0].b.label}",
    }
    prefix = [0]
    for w in weights:
        prefix.append(prefix[-1] + w)
    out = []
    for first, last, state in groups:
        before = prefix[first]
        height = prefix[last + 1] - before
        head, tail = rows[first], rows[last]
        span = head.name if first == last else f"{head.name}–{tail.name}"
        out.append(
            Segment(
                f"{100 * before / total:.3f}",
                f"{100 * height / total:.3f}",
                state,
                f"#{head.anchor}",
                f"{span}: {names[state]}",
                head.number,
                tail.number,
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


_HEADING = re.compile(
    r"^(chapter|part|book|section|canto|act|scene)\b|^[IVXLC]+\.?$|^\d+\.?$", re.IGNORECASE
)


def _section_start(row: Row) -> bool:
    """Whether a row looks like a heading: a short line with no closing
    punctuation, or one starting "Chapter", "Part"..."""
    for cell in (row.b, row.a):
        if cell.sentences:
            text = "".join(sp.text for sp in cell.sentences[0].spans).strip()
            if not text or len(text) > 80:
                return False
            return bool(_HEADING.match(text)) or text[-1] not in ".!?…:;,”\"'’)"
    return False


def _paragraph_start(previous: Row, row: Row) -> bool:
    for side in ("b", "a"):
        before = getattr(previous, side).sentences
        now = getattr(row, side).sentences
        if before and now:
            return now[0].paragraph != before[-1].paragraph
    return False


def page_breaks(rows: Sequence[Row], size: int = PAGE_ROWS) -> list[int]:
    """Where pages start: at most ``size`` rows each, cut at a heading if there
    is one in the page's second half, else at a paragraph, else anywhere.

    >>> page_breaks([], 10)
    [0]
    """
    breaks = [0]
    while len(rows) - breaks[-1] > size:
        start = breaks[-1]
        window = range(start + size, start + size // 2, -1)
        cut = next((i for i in window if _section_start(rows[i])), None)
        if cut is None:
            cut = next((i for i in window if _paragraph_start(rows[i - 1], rows[i])), None)
        breaks.append(cut if cut is not None else start + size)
    return breaks


def _page_title(row: Row) -> str:
    for cell in (row.b, row.a):
        if cell.sentences:
            text = " ".join("".join(sp.text for sp in cell.sentences[0].spans).split())
            return text if len(text) <= 60 else text[:59].rstrip() + "…"
    return row.name


def paginate(report: Report, name: str, size: int = PAGE_ROWS) -> dict[str, Report]:
    """Split a long report into an index (``name``) and pages beside it.

    A report of at most ``size`` rows stays one page: ``{name: report}``.
    Otherwise ``name`` holds the header, summary, variants, inconsistencies
    and a table of pages, and ``NAME-001.html``... hold the rows. Links that
    lead to a row on another page name its file.
    """
    if len(report.rows) <= size:
        return {name: report}
    stem = name[:-5] if name.endswith(".html") else name
    breaks = page_breaks(report.rows, size) + [len(report.rows)]
    files: dict[str, str] = {}  # pair anchor -> file
    pages: list[PageLink] = []
    for number, (first, end) in enumerate(zip(breaks, breaks[1:]), 1):
        filename = f"{stem}-{number:03d}.html"
        chunk = report.rows[first:end]
        for row in chunk:
            files[row.anchor] = filename
        pages.append(
            PageLink(
                number,
                filename,
                quote(filename),
                _page_title(chunk[0]),
                chunk[0].number,
                chunk[-1].number,
                f"{chunk[0].name}–{chunk[-1].name}",
                sum(r.diff for r in chunk),
            )
        )

    def link(href: str, here: str) -> str:
        anchor = href.split("#", 1)[1]
        target = files.get(anchor, "")
        return f"#{anchor}" if target == here else f"{quote(target)}#{anchor}"

    def links(items: tuple[Link, ...], here: str) -> tuple[Link, ...]:
        return tuple(replace(item, href=link(item.href, here)) for item in items)

    variants = tuple(replace(v, links=links(v.links, name)) for v in report.variants)
    inconsistencies = tuple(
        replace(i, forms=tuple(replace(f, links=links(f.links, name)) for f in i.forms))
        for i in report.inconsistencies
    )
    page_map = {}
    for page in pages:
        page_map[page.href] = [
            r.pair for r in report.rows[page.first - 1 : page.last] if r.pair is not None
        ]
    out = {
        name: replace(
            report,
            rows=(),
            chunks=(),
            variants=variants,
            inconsistencies=inconsistencies,
            minimap=tuple(replace(m, href=link(m.href, name)) for m in report.minimap),
            pages=tuple(pages),
            page_map=page_map,
        )
    }
    for k, page in enumerate(pages):
        rows = tuple(
            replace(r, links=links(r.links, page.filename)) if r.links else r
            for r in report.rows[page.first - 1 : page.last]
        )
        out[page.filename] = replace(
            report,
            rows=rows,
            chunks=chunked(rows),
            variants=(),
            inconsistencies=(),
            minimap=tuple(replace(m, href=link(m.href, page.filename)) for m in report.minimap),
            page=page.number,
            pages=tuple(pages),
            previous=pages[k - 1] if k else None,
            next=pages[k + 1] if k + 1 < len(pages) else None,
            index_href=quote(name),
        )
    return out
