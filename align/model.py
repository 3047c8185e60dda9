"""The data every stage passes on: small frozen dataclasses, flowing one way.

Reading gives a `Source`; segmenting turns it into a `Document` of `Sentence`s;
aligning links sentences into `Pair`s; diffing fills each pair's `Edit`s (and
cuts sentences into `Piece`s for renderers); variants gathers `Variant`s and
`Inconsistency`s; the result of the whole pipeline is one `Comparison`, which
every renderer only reads.

All spans are ``[start, end)`` Python ``str`` indices into ``Document.text``
(the text as decoded, or as extracted from HTML or Word, before any
normalisation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import starmap
from typing import NamedTuple

SCHEMA = "align/1"

#: Relations a pair can have. ``repeat``: one text renders the same content a
#: second time (the other side is already matched elsewhere). ``move``: the
#: two sentences correspond but sit out of the main reading order.
RELATIONS = ("match", "only_a", "only_b", "repeat", "move")

#: Edit operations, as in difflib opcodes (``equal`` appears only in pieces).
OPS = ("replace", "delete", "insert")


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
class Source:
    """A file as read: its decoded (or extracted) text and where it came from."""

    path: str
    text: str
    sha256: str
    encoding: str
    format: str  # "text", "html" or "docx"
    #: The text's paragraphs in order; chrome and headings marked.
    blocks: tuple[Block, ...] = ()
    title: str = ""


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


@dataclass(frozen=True)
class Edit:
    """One readable difference within a pair.

    ``op`` is ``replace``, ``delete`` (text only in A) or ``insert`` (text only
    in B). An empty span marks where the missing text would stand.
    ``kind`` and ``flags`` name the difference (see `align.variants`).
    """

    op: str
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a_text: str
    b_text: str
    kind: str = ""
    flags: tuple[str, ...] = ()


class Piece(NamedTuple):
    """A stretch of one sentence, equal or part of an edit, for renderers.

    The pieces of a sentence concatenate to exactly its text. ``edit`` is the
    index into `Pair.edits` (None for equal text). A tuple: books have millions.
    """

    start: int
    end: int
    text: str
    op: str  # "equal", "replace", "delete" or "insert"
    edit: int | None = None


@dataclass(frozen=True)
class Pair:
    """Sentences of A linked to sentences of B (either side may be empty)."""

    id: int
    a: tuple[int, ...]
    b: tuple[int, ...]
    relation: str
    score: float
    edits: tuple[Edit, ...] = ()
    #: For ``repeat`` and ``move``: ids of the other pairs that hold the same
    #: sentences (the first rendering, or the main-order neighbour).
    related: tuple[int, ...] = ()


def pack_pair(pair: Pair) -> tuple:
    """A pair as plain tuples (to pass between processes; see `unpack_pair`)."""
    return (
        pair.id,
        pair.a,
        pair.b,
        pair.relation,
        pair.score,
        tuple(
            (e.op, e.a_start, e.a_end, e.b_start, e.b_end, e.a_text, e.b_text, e.kind, e.flags)
            for e in pair.edits
        ),
        pair.related,
    )


def unpack_pair(packed: tuple) -> Pair:
    """The pair `pack_pair` packed."""
    pid, a, b, relation, score, edits, related = packed
    return Pair(pid, a, b, relation, score, tuple(starmap(Edit, edits)), related)


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
    kind: str
    flags: tuple[str, ...]
    count: int
    pairs: tuple[int, ...]
    places: tuple[Place, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class Form:
    """One of the ways a text renders something, with the pairs it occurs in."""

    text: str
    pairs: tuple[int, ...]


@dataclass(frozen=True)
class Inconsistency:
    """One text rendering the same thing in two or more ways."""

    document: str  # "a" or "b"
    forms: tuple[Form, ...]
    counterpart: str
    reason: str  # "counterpart", "spelling", "convention", "repeat" or "quotation"


@dataclass(frozen=True)
class Options:
    """Everything that changes the result; recorded in every output."""

    units: str = "sentences"  # or "lines"
    keep_chrome: bool = False
    threshold: float = 0.2
    labels: tuple[str, str] = ("", "")


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
