"""The data every stage passes on: small frozen dataclasses, flowing one way.

Reading gives a `Source`; segmenting turns it into a `Document` of `Sentence`s;
aligning links sentences into `Pair`s; diffing fills each pair's `Edit`s (and
cuts sentences into `Piece`s for renderers); naming gives each edit its `Kind`
and `Flag`s; gathering finds `Variant`s and `Inconsistency`s; the result of the
whole pipeline is one `Comparison`, which `align.summary` sums up and every
renderer only reads.

The model is the contract: the vocabulary (`Relation`, `Op`, `Kind`, `Flag`:
string enums whose values are the JSON's) and its canonical orders are defined
here once, and so are `Options` (with their one serialisation,
`Options.to_dict`) and the `Signature` every output prints.

All spans are ``[start, end)`` Python ``str`` indices into ``Document.text``
(the text as decoded, or as extracted from HTML or Word, before any
normalisation).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from itertools import starmap
from typing import Any, NamedTuple

SCHEMA = "align/1"

#: Below this similarity a sentence has no counterpart (`Options.threshold`).
DEFAULT_THRESHOLD = 0.2


class _Word(str, Enum):
    """A word of the vocabulary: a string equal to its JSON value, printed as it."""

    def __str__(self) -> str:
        return self.value


class Relation(_Word):
    """How a pair's sentences correspond."""

    MATCH = "match"  # in reading order
    ONLY_A = "only_a"  # no counterpart in B
    ONLY_B = "only_b"  # no counterpart in A
    #: One text renders the same content a second time (the other side is
    #: already matched elsewhere).
    REPEAT = "repeat"
    #: The two sides correspond but sit out of the main reading order.
    MOVE = "move"


class Op(_Word):
    """What an edit does, as in difflib opcodes (``equal`` appears only in pieces)."""

    REPLACE = "replace"
    DELETE = "delete"  # text only in A
    INSERT = "insert"  # text only in B
    EQUAL = "equal"


class Kind(_Word):
    """What sort of difference an edit shows; members run most telling first."""

    LEXICAL = "lexical"
    OMISSION = "omission"
    INSERTION = "insertion"
    ORDER = "order"
    FORM = "form"
    FUNCTION_WORD = "function-word"
    SPELLING = "spelling"
    CASE = "case"
    #: Only invisible characters differ (`INVISIBLE`: zero-width, bidi controls).
    INVISIBLE = "invisible"
    PUNCTUATION = "punctuation"


class Flag(_Word):
    """What an edit touches; the changes of substance first, ``attribution`` last."""

    NUMBER = "number"
    DATE = "date"
    NAME = "name"
    NEGATION = "negation"
    MODAL = "modal"
    QUOTE = "quote"
    #: A reporting clause one side adds ("To Lam affirmed that").
    ATTRIBUTION = "attribution"


#: The canonical orders: every output lists relations, kinds and flags so.
RELATIONS: tuple[Relation, ...] = tuple(Relation)
KINDS: tuple[Kind, ...] = tuple(Kind)
FLAGS: tuple[Flag, ...] = tuple(Flag)
#: Noise: stylistic (what ``--ignore spelling,punctuation,case`` hides) or invisible.
NOISE_KINDS = frozenset({Kind.SPELLING, Kind.CASE, Kind.INVISIBLE, Kind.PUNCTUATION})
#: Flags that mark a change of substance.
SUBSTANCE_FLAGS: tuple[Flag, ...] = FLAGS[:-1]
#: A pair whose sentences have no counterpart on one side.
ONE_SIDED = frozenset({Relation.ONLY_A, Relation.ONLY_B})


#: Format characters that show nothing or only reorder text: soft hyphen,
#: zero-width characters, bidi embeddings, overrides and isolates, word joiner
#: and invisible operators, BOM. A run of them is a token of its own (never part
#: of a word), and an edit made only of them is of kind `Kind.INVISIBLE` (a regex
#: character class's contents).
INVISIBLE = "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
#: Characters renderers show by their code, never raw: the `INVISIBLE` ones,
#: C0 and C1 controls, and other invisible or deprecated format characters.
SHOWN_BY_CODE = re.compile(
    f"[{INVISIBLE}\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
    "\u061c\u115f\u1160\u180e\u206a-\u206f\ufff9-\ufffb]"
)


def char_code(char: str) -> str:
    """``U+202E``: how renderers name a character `SHOWN_BY_CODE`.

    >>> char_code("\u202e")
    'U+202E'
    """
    return f"U+{ord(char):04X}"


def visible(text: str, form: str = "[{}]") -> str:
    """Text with each character `SHOWN_BY_CODE` replaced by its code, set in `form`.

    >>> visible("VOV\u202e"), visible("a\u200bb", "<{}>")
    ('VOV[U+202E]', 'a<U+200B>b')
    """
    if not SHOWN_BY_CODE.search(text):
        return text
    return SHOWN_BY_CODE.sub(lambda m: form.format(char_code(m.group())), text)


def parse_kinds(value: str) -> tuple[Kind, ...]:
    """``"spelling,case"`` -> ``(Kind.SPELLING, Kind.CASE)``; ValueError on an unknown kind.

    >>> parse_kinds("case, spelling,case")
    (<Kind.CASE: 'case'>, <Kind.SPELLING: 'spelling'>)
    """
    names = tuple(dict.fromkeys(k.strip() for k in value.split(",") if k.strip()))
    unknown = [k for k in names if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown kind {', '.join(unknown)} (kinds: {', '.join(KINDS)})")
    return tuple(map(Kind, names))


@dataclass(frozen=True)
class Block:
    """A paragraph (or a line with ``--units lines``) as the reader found it.

    ``chrome`` marks page furniture set aside (share buttons, captions,
    sign-offs, datelines); ``heading`` marks a title or heading.
    """

    start: int
    end: int
    paragraph: int
    chrome: bool = False
    heading: bool = False


@dataclass(frozen=True)
class Origin:
    """Where a page fetched by address came from: the record kept beside its text."""

    url: str  # as given
    final_url: str  # after redirects
    fetched: str  # when, in UTC, ISO 8601 to the second
    sha256: str  # of the bytes fetched


@dataclass(frozen=True)
class Source:
    """A file as read: its decoded (or extracted) text and where it came from."""

    path: str
    text: str
    sha256: str
    encoding: str
    format: str  # "text", "html", "docx", "pdf", "epub", "odt", "subtitles" or "markdown"
    #: The text's paragraphs in order; chrome and headings marked.
    blocks: tuple[Block, ...] = ()
    title: str = ""
    #: One line each for what the reader had to repair (bytes that were not
    #: valid UTF-8...), naming the file: the command line prints them on stderr.
    warnings: tuple[str, ...] = ()
    #: Why the reader took ``encoding``: the evidence, one line ("valid UTF-8",
    #: "... 12 bytes in 0x80-0x9F read as Windows-1252 punctuation ...").
    encoding_reason: str = ""
    #: For a page fetched by address (``http://``, ``https://``): where and when.
    origin: Origin | None = None


class Token(NamedTuple):
    """A word, number or punctuation mark with its span (a tuple: books have millions)."""

    start: int
    end: int
    text: str
    kind: str  # "word", "number" or "punct"


@dataclass(frozen=True)
class Sentence:
    """A unit of text: a sentence, a heading, or (with chrome=True) page chrome."""

    id: int
    start: int
    end: int
    paragraph: int
    chrome: bool
    text: str
    tokens: tuple[Token, ...] = field(default=(), repr=False, compare=False)


@dataclass(frozen=True)
class Document:
    """One rendering, segmented."""

    label: str
    path: str
    sha256: str
    encoding: str
    format: str
    text: str = field(repr=False)
    sentences: tuple[Sentence, ...] = field(repr=False)
    title: str = ""
    encoding_reason: str = ""  # why `encoding`, as the reader found it (see `Source`)
    origin: Origin | None = None  # see `Source.origin`


@dataclass(frozen=True)
class Edit:
    """One readable difference within a pair.

    ``op`` is ``replace``, ``delete`` (text only in A) or ``insert`` (text only
    in B). An empty span marks where the missing text would stand.
    ``kind`` and ``flags`` name the difference (see `align.naming`).
    """

    op: Op
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a_text: str
    b_text: str
    kind: Kind | str = ""  # "" until naming names it
    flags: tuple[Flag, ...] = ()


class Piece(NamedTuple):
    """A stretch of one sentence, equal or part of an edit, for renderers.

    The pieces of a sentence concatenate to exactly its text. ``edit`` is the
    index into `Pair.edits` (None for equal text). A tuple: books have millions.
    """

    start: int
    end: int
    text: str
    op: Op
    edit: int | None = None


@dataclass(frozen=True)
class Pair:
    """Sentences of A linked to sentences of B (either side may be empty)."""

    id: int
    a: tuple[int, ...]
    b: tuple[int, ...]
    relation: Relation
    score: float
    edits: tuple[Edit, ...] = ()
    #: For ``repeat`` and ``move``: ids of the other pairs that hold the same
    #: sentences (the first rendering, or the main-order neighbour).
    related: tuple[int, ...] = ()
    #: For ``only_a`` and ``only_b``: the id of the other text's sentence that
    #: `score` is the similarity to (the nearest the aligner found); None: none.
    nearest: int | None = None


def pack_pair(
    pair: Pair, names: tuple[Sequence[Kind | str], Sequence[tuple[Flag, ...]]] | None = None
) -> tuple:
    """A pair as plain tuples (to pass between processes; see `unpack_pair`).

    `names`, if given, are the kinds and the flags of its edits, in order, in place of
    theirs: a worker packs what it named without building the named pair.
    """
    edits = pair.edits
    kinds, flags = names or ([e.kind for e in edits], [e.flags for e in edits])
    return (
        pair.id,
        pair.a,
        pair.b,
        pair.relation,
        pair.score,
        tuple(
            (e.op, e.a_start, e.a_end, e.b_start, e.b_end, e.a_text, e.b_text, kind, edit_flags)
            for e, kind, edit_flags in zip(edits, kinds, flags)
        ),
        pair.related,
        pair.nearest,
    )


def unpack_pair(packed: tuple) -> Pair:
    """The pair `pack_pair` packed."""
    pid, a, b, relation, score, edits, related, nearest = packed
    return Pair(pid, a, b, relation, score, tuple(starmap(Edit, edits)), related, nearest)


@dataclass(frozen=True)
class Place:
    """Where a form occurs: a pair id and the edit index within it (or -1)."""

    pair: int
    edit: int = -1


@dataclass(frozen=True)
class Variant:
    """A wording variant: A's form against B's form, gathered over all pairs."""

    a: str
    b: str
    kind: Kind
    flags: tuple[Flag, ...]
    count: int
    pairs: tuple[int, ...]
    places: tuple[Place, ...] = field(default=(), repr=False)


#: At most this many pair ids are listed inline for one form or variant (the
#: first ones); their counts stay exact. A text that repeats a passage a
#: thousand times would otherwise list every place in every finding.
MAX_LISTED = 100


@dataclass(frozen=True)
class Form:
    """One of the ways a text renders something, with the pairs it occurs in.

    `pairs` lists the first `MAX_LISTED` of them; `count` is how many there
    are (never less than ``len(pairs)``).
    """

    text: str
    pairs: tuple[int, ...]
    count: int = 0

    def __post_init__(self) -> None:
        if self.count < len(self.pairs):
            object.__setattr__(self, "count", len(self.pairs))

    @classmethod
    def of(cls, text: str, pairs: set[int] | Sequence[int]) -> Form:
        """The form `text` found in `pairs` (any order, no repeats), listed capped."""
        ordered = sorted(pairs)
        return cls(text, tuple(ordered[:MAX_LISTED]), len(ordered))


@dataclass(frozen=True)
class Inconsistency:
    """One text rendering the same thing in two or more ways."""

    document: str  # "a" or "b"
    forms: tuple[Form, ...]
    counterpart: str
    #: "counterpart", "spelling", "convention", "repeat", "quotation", "omitted"
    #: (a term of the other text this one leaves out wherever it stands: one form, "")
    #: or "list" (a list the other text repeats, rendered here with an item left out
    #: in places: `counterpart` is the list, the forms this text's renderings of it).
    reason: str


@dataclass(frozen=True)
class Options:
    """Everything that changes the result; recorded in every output."""

    units: str = "sentences"  # or "lines"
    keep_chrome: bool = False
    #: The bar below which a sentence has no counterpart; None: estimated from
    #: the pair. A comparison's options hold the bar used, estimated or given.
    threshold: float | None = None
    labels: tuple[str, str] = ("", "")
    #: Whether `threshold` was estimated (set on a comparison's options).
    threshold_estimated: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The options as JSON-ready data: the one serialisation (JSON, ledger, signature)."""
        out: dict[str, Any] = {
            "units": self.units,
            "keep_chrome": self.keep_chrome,
            "threshold": "estimated" if self.threshold is None else self.threshold,
            "labels": list(self.labels),
        }
        if self.threshold_estimated:
            out["threshold_estimated"] = True
        return out


@dataclass(frozen=True)
class Comparison:
    """Everything the renderers need, computed once."""

    version: str
    options: Options
    a: Document
    b: Document
    pairs: tuple[Pair, ...]
    variants: tuple[Variant, ...] = ()
    inconsistencies: tuple[Inconsistency, ...] = ()
    schema: str = SCHEMA


def _text(value: Any) -> str:
    """An option's value as a signature shows it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return ",".join(map(str, value))
    return str(value)


@dataclass(frozen=True)
class Signature:
    """Which version, options and inputs produced an output, as sacrebleu signs a score.

    ``short()`` is one line for a footer, ``long()`` adds the labels and the
    whole hashes. ``ignore`` is set by the outputs that hide kinds (the report,
    the terminal diff); ``sha256`` is empty for a batch, whose inputs are many.

    >>> Signature("1.0", Options(), ("ab" * 32, "cd" * 32)).short()
    'align:1.0|schema:align/1|units:sentences|keep_chrome:no|threshold:estimated|a:abababababab|b:cdcdcdcdcdcd'
    """

    version: str
    options: Options
    sha256: tuple[str, str] | None = None
    ignore: tuple[Kind, ...] | None = None
    schema: str = SCHEMA

    @classmethod
    def of(cls, comparison: Comparison, ignore: Any = None) -> Signature:
        """The signature of a comparison; ``ignore``: the kinds an output hides."""
        hidden = None if ignore is None else tuple(k for k in KINDS if k in ignore)
        sha256 = (comparison.a.sha256, comparison.b.sha256)
        return cls(comparison.version, comparison.options, sha256, hidden, comparison.schema)

    def fields(self, *, long: bool = False) -> tuple[tuple[str, str], ...]:
        """``(name, value)`` in order: version, schema, options, ignored kinds, inputs."""
        options = self.options.to_dict()
        if not long:
            del options["labels"]
        out = [("align", self.version), ("schema", self.schema)]
        if options.pop("threshold_estimated", False):
            options["threshold"] = f"{_text(options['threshold'])}(estimated)"
        if "labels" in options and not any(options["labels"]):
            options["labels"] = "file names"  # unset: each side is named after its file
        out += [(name, _text(value)) for name, value in options.items()]
        if self.ignore is not None:
            out.append(("ignore", ",".join(self.ignore) or "none"))
        if self.sha256 is not None:
            width = None if long else 12
            out += [("a", self.sha256[0][:width]), ("b", self.sha256[1][:width])]
        return tuple(out)

    def short(self) -> str:
        """``align:0.1.0|schema:align/1|units:sentences|...|a:e29d1fbe4ff2|b:1fbf3ee0b7c0``."""
        return "|".join(f"{name}:{value}" for name, value in self.fields())

    def long(self) -> str:
        """The short form with the labels and the inputs' whole SHA-256."""
        return "|".join(f"{name}:{value}" for name, value in self.fields(long=True))


# --- Collation: three or more renderings at once (`align.collating`) ---------

COLLATION_SCHEMA = "align-collation/1"


class Presence(_Word):
    """How one witness stands in a collation row."""

    BASE = "base"  # the base witness's own sentences
    MATCH = "match"  # renders the row in its reading order
    MOVE = "move"  # renders the row, out of its reading order
    #: Renders, a second time, content that stands at another row (`Row.echoes`).
    REPEAT = "repeat"
    ABSENT = "absent"  # renders nothing of the row


@dataclass(frozen=True)
class Cell:
    """One witness's sentences in a row (ids into its `Document`), and how they stand."""

    sentences: tuple[int, ...]
    presence: Presence


@dataclass(frozen=True)
class Echo:
    """A repeat: the row's content is, in `witness`, the `sentences` standing at `row`."""

    witness: int
    sentences: tuple[int, ...]
    row: int


@dataclass(frozen=True)
class Reading:
    """One way the witnesses read a point: its text and who reads it.

    `kinds` and `flags` name the pairwise edits (against the base) that make it;
    the base's own reading (the lemma) has none.
    """

    text: str
    witnesses: tuple[int, ...]
    kinds: tuple[Kind, ...] = ()
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class Entry:
    """An apparatus entry: a point of a row where the witnesses differ.

    ``[start, end)`` is the span of the base's text the point covers (empty for
    words only other witnesses have; both -1 in a row the base has no part in).
    The first reading is the lemma's (the base's, with the witnesses agreeing
    with it), but in a row without the base, whose readings are all the
    witnesses' own (the lemma empty). A witness absent from the row reads
    nothing there and is in no reading.
    """

    start: int
    end: int
    lemma: str
    readings: tuple[Reading, ...]
    #: Per reading (same order), per witness in it: that witness's spans of its
    #: own text that make the reading, for renderers to highlight.
    spans: tuple[tuple[tuple[int, tuple[tuple[int, int], ...]], ...], ...] = field(
        default=(), repr=False
    )


@dataclass(frozen=True)
class Row:
    """A content unit: for every witness (in witness order) the sentences rendering it."""

    id: int
    cells: tuple[Cell, ...]
    apparatus: tuple[Entry, ...] = ()
    echoes: tuple[Echo, ...] = ()
    #: The pair alignments' links within the row: ``(witness, its sentence, base
    #: sentence)`` for every sentence of a match or move bead with the base,
    #: so that a row joining two beads still says which sentence renders which.
    links: tuple[tuple[int, int, int], ...] = ()
    #: The direct alignments' links of two other witnesses (`Collation.direct`): ``(witness
    #: i, its sentence, witness j, its sentence)``, ``i < j``, in the row of i's sentence.
    cross: tuple[tuple[int, int, int, int], ...] = ()


@dataclass(frozen=True)
class RowVariant:
    """A variant over all rows: the base's reading against another, with who reads it where."""

    lemma: str
    reading: str
    kind: Kind
    flags: tuple[Flag, ...]
    witnesses: tuple[int, ...]
    count: int
    rows: tuple[int, ...]


@dataclass(frozen=True)
class WitnessInconsistency:
    """One witness rendering the same thing in two ways (forms list rows, not pairs)."""

    witness: int
    forms: tuple[Form, ...]
    counterpart: str
    reason: str


@dataclass(frozen=True)
class Collation:
    """N witnesses collated: rows of content units, their apparatus, variants, inconsistencies.

    The pair comparisons it was built from are not kept: a book's are large.
    """

    version: str
    options: Options
    witnesses: tuple[Document, ...]
    base: int
    #: Why this base: "given" or what made it the most complete witness.
    base_reason: str
    rows: tuple[Row, ...]
    variants: tuple[RowVariant, ...]
    inconsistencies: tuple[WitnessInconsistency, ...]
    schema: str = COLLATION_SCHEMA
    #: For every two witnesses ``(i, j)``, ``i < j``: the sentence links the rows imply
    #: between them (`align.collating.implied_links`), sorted.
    pair_links: tuple[tuple[int, int, tuple[tuple[int, int], ...]], ...] = field(
        default=(), repr=False
    )
    #: The pairs of witnesses other than the base aligned with each other too, ``(i, j)``,
    #: ``i < j`` (`align.collating.direct_pairs`); their links are the rows' `Row.cross`.
    direct: tuple[tuple[int, int], ...] = ()
