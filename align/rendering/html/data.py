"""The report's data: frozen dataclasses the template lays out, and their constants."""

from __future__ import annotations

from dataclasses import dataclass, field

from align.model import Flag, Kind, Op, Relation

#: Reports with more rows than this are split into pages (see `paginate`).
PAGE_ROWS = 1000

#: A page's budget, in what it costs the browser to open: roughly its elements
#: (see `align.rendering.html.pages.row_cost`). Load time follows this, not the
#: rows: a Bible verse of many edits costs ten of one without. Pages are cut so
#: that none costs more, and one under it lays out whole as it loads (so a
#: full-page capture finds every row at once). A page's main-thread work at load
#: grows with its cost from about 70 ms for a page of one row (the page itself,
#: its script, style and controls); 4,500 cuts the heaviest Bible page's load
#: work by about a third against 6,000 (with the leaner marks and cells), for a
#: margin under the 1 s target on any machine (benchmarks/README.md has the
#: figures). The seed (about 2,900) stays one page.
PAGE_COST = 4_500

#: A table page's budget (variants, inconsistencies), in the same units: the
#: table's rows are weighed (`pages._table_cost`) to cost what rows of a page do.
#: Kept over `PAGE_COST`, so that a Bible's report stays near a thousand files
#: (it has over 350 table pages); benchmarks/README.md has what they cost to open.
TABLE_PAGE_COST = 5_000

#: Rows are grouped in chunks of this many; the browser lays out only the
#: chunks near the screen (``content-visibility``), so long pages scroll smoothly.
CHUNK_ROWS = 50

#: The variants and inconsistencies tables lay out this many rows at load; the
#: rest wait in a template until searched, linked to or asked for (a book has
#: thousands, and laying them all out would slow its index down).
TABLE_ROWS = 300

#: A report split into pages puts variants and inconsistencies tables longer
#: than `TABLE_ROWS` on pages of their own, this many rows each; the index
#: keeps the first `INDEX_TABLE_ROWS` of each.
TABLE_PAGE_ROWS = 2000
INDEX_TABLE_ROWS = 100
#: ...and no more of them than cost this (`PAGE_COST`'s units): a book's first
#: hundred inconsistencies, each with its forms and their links, would weigh
#: more than all the rest of the index.
INDEX_TABLE_COST = 2_000

#: The overview strip never has more segments than this.
MINIMAP_SEGMENTS = 400

#: How the report names each relation ({a}, {b}: the labels).
RELATION_LABELS = {
    Relation.MATCH: "match",
    Relation.ONLY_A: "only in {a}",
    Relation.ONLY_B: "only in {b}",
    Relation.REPEAT: "repeat",
    Relation.MOVE: "move",
}


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
    op: Op
    edit: int | None = None  # index into the pair's edits
    kind: Kind | str = ""  # "" for equal text
    title: str = ""  # what the edit is, for the tooltip and the edit panel
    runs: tuple[Run, ...] | None = None
    number: int = 0  # the edit's number in its pair, counting shown edits from 1
    noise: bool = False  # spelling, case, punctuation or invisible: the noise toggle hides it
    tip: bool = False  # the edit's first piece with text: the page holds its title only here

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
    relation: Relation
    relation_label: str
    score: float
    score_text: str
    review: bool  # low confidence: has both sides and scores below the threshold
    diff: bool  # a difference `j`/`k` stops at (not chrome)
    chrome: bool
    kinds: tuple[Kind, ...]
    flags: tuple[Flag, ...]
    edits: int
    a: Cell
    b: Cell
    links: tuple[Link, ...]  # the other occurrence(s) of a repeat or move, both ways
    noise: bool = False  # a match whose only differences are noise
    score_title: str = ""  # what the score means, for a one-sided row
    nearest: Link | None = None  # a one-sided row: the row of the sentence its score belongs to
    fold: Fold | None = None  # set on the first row of a folded run of omissions
    folded: int = 0  # the run (1-based) this row is folded into; 0: none


@dataclass(frozen=True)
class Fold:
    """A run of one-sided rows shown folded as one line until opened."""

    number: int  # 1-based, in reading order
    anchor: str  # "omission-2"
    text: str  # "VNA s36–43, 8 sentences, not in VOV"
    rows: int


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
    pairs: int = 0  # the pairs it occurs in: the rows its filter shows


@dataclass(frozen=True)
class Phrase:
    """A piece of a finding's sentence: plain words, or a quoted form (``quoted``)."""

    text: str
    quoted: str = ""  # "" plain; "a" or "b": a form from that text, shown in italics


@dataclass(frozen=True)
class Finding:
    """One finding in plain words, with the rows it is about."""

    phrases: tuple[Phrase, ...]
    links: tuple[Link, ...] = ()
    more: int = 0  # rows not linked at all (past those listed)
    filter: str = ""  # space-separated pair anchors; "" when there is no filter
    what: str = ""  # how the filter names itself
    flags: tuple[Flag, ...] = ()
    rest: tuple[Link, ...] = ()  # rows linked behind "+N more"


@dataclass(frozen=True)
class FindingGroup:
    """Findings of one sort: coverage, repeats and moves, substance, wording, inconsistency."""

    key: str
    title: str
    findings: tuple[Finding, ...]
    more: str = ""  # what is left out and where to find it


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
    kinds: tuple[Count, ...]  # edits by kind, ``pairs`` holding each
    flags: tuple[Count, ...]
    changed: int
    changed_beyond_noise: int
    review: int
    chrome: int
    rows: int  # pairs plus sentences no pair holds


@dataclass(frozen=True)
class VariantRow:
    """A wording variant: A's form, B's form, and the rows it occurs in."""

    number: int
    anchor: str  # "variant-3"
    a: str
    b: str
    kind: Kind
    flags: tuple[Flag, ...]
    count: int
    links: tuple[Link, ...]  # the first few rows
    more: int  # rows not linked at all (past those listed)
    filter: str  # space-separated pair anchors
    rest: tuple[Link, ...] = ()  # rows linked behind "+N more"


@dataclass(frozen=True)
class FormView:
    """One way an inconsistent text renders something."""

    text: str
    count: int
    links: tuple[Link, ...]
    more: int  # rows not linked at all (past those listed)
    filter: str
    rest: tuple[Link, ...] = ()  # rows linked behind "+N more"


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
    state: str  # "same", "differ", "only_a", "only_b", "repeat", "move", "review" or "chrome"
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
    flags: tuple[Count, ...]  # the flags present, for the filter menu
    findings: tuple[FindingGroup, ...]
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
    #: Page link -> the pair ids on it as ``[first, last]`` runs, to send links there.
    page_map: dict[str, list[list[int]]] = field(default_factory=dict, repr=False, compare=False)
    #: A page of a long table: "variants" or "inconsistencies" ("" otherwise).
    part: str = ""
    part_page: PageLink | None = None  # this page of the table
    variant_pages: tuple[PageLink, ...] = ()
    inconsistency_pages: tuple[PageLink, ...] = ()
    variants_total: int = 0  # in the whole report, when the index shows only the first
    inconsistencies_total: int = 0
    #: On the index: each word of the book (lower-cased) -> the pages it is on,
    #: as runs: "1-3 7".
    words: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    #: Rows laid out only near the screen (``content-visibility``), the rest in the
    #: background: a page over the budget (`PAGE_COST`); one within it is laid out whole.
    lazy: bool = True
