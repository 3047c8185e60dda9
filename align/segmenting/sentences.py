"""Split a `Source` into sentences and tokens, every unit keeping its span.

Sentences come from NLTK's Punkt with parameters set in code (no data
download): a list of English abbreviations, so that "Mr.", "Dr.", "No.",
"Dec." and "U.S." do not end a sentence. Every paragraph (`Block`) is split on
its own, so a heading or a line without final punctuation stays a unit of its
own; chrome blocks become one chrome unit each.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING

from align.lexicon.nltk import nltk_classes
from align.lexicon.vectors import known
from align.model import INVISIBLE, Block, Document, Sentence, Source, Token
from align.runtime.pool import fork_both

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

#: Abbreviations after which a period does not end a sentence (Punkt stores
#: them lower-cased, without the final period).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep rev fr sr jr st
    mt ft no nos vol vols pp p fig figs ed eds est approx dept univ assn bros
    inc ltd co corp plc jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun u.s u.k u.n e.g i.e etc vs
    cf al viz op cit ca c a.m p.m
    """.split()
) | frozenset("abcdefghijklmnopqrstuvwxyz")

#: A sentence longer than this (in characters) is cut at whitespace: no real
#: sentence is this long, and bounded units keep alignment time linear.
MAX_SENTENCE_CHARS = 3000

# Words keep internal hyphens and apostrophes ("people-to-people",
# "Vietnam’s") and combining accents; numbers keep internal separators
# ("1,000", "3.5"); "U.S." is one token; any other visible character is a punctuation token,
# and a run of invisible format characters (`INVISIBLE`: zero-width, bidi controls) is one
# token of its own, so that one standing between words is compared too. One pattern
# without named groups: it is the hot loop on a book.
_W = "[\\w\u0300-\u036f]"
#: A hyphen that ends a line of a hard-wrapped paragraph ("self-\\nreliance"):
#: between word characters, the word goes on past the break.
_HYPHEN_BREAK = "[-‐‑][ \t]*(?:\r\n|\r|\n)[ \t]*"
TOKEN_RE = re.compile(
    rf"(?:[^\W\d_]\.){{2,}}|\d+(?:[.,:/]\d+)+|{_W}+(?:(?:[-‐‑'’]|{_HYPHEN_BREAK}){_W}+)*|\.\.\."
    rf"|[^\s\w{INVISIBLE}\u0300-\u036f]|[{INVISIBLE}]+"
)
_HYPHEN_BREAK_RE = re.compile(rf"(?<={_W}){_HYPHEN_BREAK}(?={_W})")
#: The word pieces either side of a break: a longer one makes no known word.
_PIECE_CHARS = 40
_PIECE_BEFORE = re.compile(rf"[^\W\d_]{{1,{_PIECE_CHARS}}}\Z")
_PIECE_AFTER = re.compile(rf"[^\W\d_]{{1,{_PIECE_CHARS}}}")


def join_hyphen_breaks(text: str) -> str:
    """Text with every line break after an in-word hyphen taken out: a token's text.

    A token's span covers the characters as written; its text reads the word
    as if unwrapped, so a wrapped copy compares equal to its original. The
    hyphen stays ("self-\\nreliance" is "self-reliance") unless the break is
    a typesetter's: the two pieces joined make a word of the shipped word list
    and the hyphenated form is not one ("recog-\\nnition" is "recognition").

    >>> join_hyphen_breaks("self-\\nreliance and self- reliance, recog-\\nnition")
    'self-reliance and self- reliance, recognition'
    """
    if "\n" not in text and "\r" not in text:
        return text
    return _HYPHEN_BREAK_RE.sub(_unbroken, text)


def _unbroken(match: re.Match[str]) -> str:
    """What a hyphen and the line break after it read as: the hyphen, or nothing."""
    text, start, end = match.string, match.start(), match.end()
    hyphen = match.group()[0]
    # A short slice: searching a window of a long text in place is slower.
    window = text[max(0, start - _PIECE_CHARS - 1) : start]
    before = _PIECE_BEFORE.search(window)
    after = _PIECE_AFTER.match(text, end)
    if before is None or after is None:  # a number, not a word piece: keep the hyphen
        return hyphen
    if before.start() > 0 and _is_piece(window[before.start() - 1]):
        return hyphen  # the piece runs on past the window: no known word
    if after.end() < len(text) and _is_piece(text[after.end()]):
        return hyphen
    left, right = before.group(), after.group()
    if known(left + right) and not known(f"{left}-{right}"):
        return ""  # a typesetter's hyphen inside one word
    return hyphen


def _is_piece(char: str) -> bool:
    """True for a character of a word piece: a letter (digits and "_" are not)."""
    return char.isalpha()


_PLAIN_WORD = re.compile(r"[\"“‘'(\[]*([^\W\d_]{2,}(?:[-'’][^\W\d_]+)*)\.")


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    punkt_parameters, punkt_tokenizer, _ = nltk_classes()

    class FastPunkt(punkt_tokenizer):  # type: ignore[misc, valid-type]
        """Punkt, answering the plain cases itself.

        With no trained collocations or orthographic context, Punkt always
        breaks after a period that ends an ordinary word (not an
        abbreviation, initial, number or ellipsis); its full check of that
        costs about 100 µs a period. Everything else goes to Punkt.
        """

        def text_contains_sentbreak(self, text: str) -> bool:
            first = text.split(None, 1)
            if len(first) == 2:
                m = _PLAIN_WORD.fullmatch(first[0])
                if m:
                    word = m.group(1).casefold()
                    if word not in ABBREVIATIONS and word.rsplit("-", 1)[-1] not in ABBREVIATIONS:
                        return True
            return super().text_contains_sentbreak(text)

    params = punkt_parameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return _untimed(FastPunkt(params))


def _untimed(tokenizer: PunktSentenceTokenizer) -> PunktSentenceTokenizer:
    """The tokenizer with no time limit on Punkt's own patterns.

    NLTK 3.9.3 and later run each regular expression under a 5 s wall-clock
    limit (``nltk.redos``), meant for patterns a caller supplies. Punkt's
    fixed patterns are linear, but the limit also counts Punkt's work between
    two matches, so a long paragraph (a book saved as one line, a PDF page run
    together: 100,000 full stops) raised ``TimeoutError`` after 5 s, sooner on
    a busy machine. Every such pattern of Punkt's module, its classes and this
    tokenizer is made unlimited; NLTK's other patterns keep their limit.
    Earlier NLTK has no such wrapper, and this does nothing.
    """
    lang_vars = tokenizer._lang_vars
    lang_vars.period_context_re()  # compiled on first use
    lang_vars._word_tokenizer_re()
    module = type(tokenizer).span_tokenize.__globals__
    found = list(module.values())
    for value in module.values():
        if isinstance(value, type):
            found.extend(value.__dict__.values())
    for instance in (tokenizer, lang_vars):
        found.extend(getattr(instance, "__dict__", {}).values())
        for cls in type(instance).__mro__:
            for slot in getattr(cls, "__slots__", ()):
                found.append(getattr(instance, slot, None))
    patterns = [value for value in found if hasattr(value, "_timeout")]
    for pattern in patterns:
        pattern._timeout = None
    return tokenizer


class _Kinds(dict):  # type: ignore[type-arg]
    """A token's first character -> its kind (a dict, so that lookups stay in C)."""

    def __missing__(self, first: str) -> str:
        kind = self[first] = (
            "number" if first.isdigit() else "word" if first.isalnum() or first == "_" else "punct"
        )
        return kind


_KIND_OF_FIRST = _Kinds()


def tokenize(text: str, offset: int = 0) -> tuple[Token, ...]:
    """Words, numbers and punctuation of `text`, spans shifted by `offset`.

    >>> [t.text for t in tokenize("Self-reliance, 1,000 “people-to-people” ties.")]
    ['Self-reliance', ',', '1,000', '“', 'people-to-people', '”', 'ties', '.']
    >>> tokenize("14th No.")[0]
    Token(start=0, end=4, text='14th', kind='number')

    A token's text is its span's, but for a line break after an in-word
    hyphen (`join_hyphen_breaks`):

    >>> tokenize("self-\\nreliance")
    (Token(start=0, end=14, text='self-reliance', kind='word'),)
    """
    # Column by column, each in C (map): a book has two million tokens.
    matches = list(TOKEN_RE.finditer(text))
    # Interned: a book repeats its 30,000 words in two million tokens, and
    # one string a word saves memory (and what forked workers copy of it).
    texts = list(map(re.Match.group, matches))
    if "\n" in text or "\r" in text:  # a word may run on past a hyphen that ends a line
        texts = list(map(join_hyphen_breaks, texts))
    texts = list(map(sys.intern, texts))
    starts: Iterable[int] = map(re.Match.start, matches)
    ends: Iterable[int] = map(re.Match.end, matches)
    if offset:
        starts, ends = map(offset.__add__, starts), map(offset.__add__, ends)
    kinds = map(_KIND_OF_FIRST.__getitem__, map(itemgetter(0), texts))
    # Token's own __new__ is a Python-level call; tuple's is not.
    return tuple(map(tuple.__new__, repeat(Token), zip(starts, ends, texts, kinds)))


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut [start, end) into pieces of at most MAX_SENTENCE_CHARS at whitespace."""
    spans = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS
        spans.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        spans.append((start, end))
    return spans


#: A full stop, "!" or "?" (and closing quotes) glued to the next sentence's
#: capital or digit, after a word of two or more letters: "society.It",
#: "friends!2022". Web pages that lost the space after a stop have these.
_GLUED = re.compile(r"(?<=[^\W\d_]{2})[.!?]+[\"”’)\]]*(?=[A-Z\d])")
#: Quotes and brackets that close a sentence.
_CLOSING = frozenset('"”’)]')
#: The word just before a glued stop.
_WORD_BEFORE = re.compile(r"[^\W\d_]+$")


def _glued_breaks(body: str, start: int, end: int) -> list[int]:
    """Where sentences glued without a space meet inside body[start:end].

    Not after an abbreviation ("No.5", "Mr.Smith"), nor inside a web or mail
    address ("www.VOV.vn", "http://x.org/A"); initials, "U.S." and "e.g."
    never match (one letter before the stop), nor do decimals (a digit).

    >>> text = "It was society.It was friends!2022 ends. In the U.S.A and No.5 at www.Vov.vn."
    >>> [text[:k][-8:] for k in _glued_breaks(text, 0, len(text))]
    ['society.', 'friends!']
    """
    breaks = []
    for m in _GLUED.finditer(body, start, end):
        word = _WORD_BEFORE.search(body, start, m.start())
        if word is not None and word.group(0).casefold() in ABBREVIATIONS:
            continue
        chunk_start = max(body.rfind(" ", start, m.start()), body.rfind("\n", start, m.start()))
        chunk = body[chunk_start + 1 : m.end() + 1]
        if "://" in chunk or "www." in chunk.casefold() or "@" in chunk:
            continue
        breaks.append(m.end())
    return breaks


def sentence_spans(text: str, block: Block) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph, as indices into `text`."""
    body = text[block.start : block.end]
    spans: list[tuple[int, int]] = []
    for s, e in _split_glued(body, _punkt().span_tokenize(body)):
        if spans and not any(c.isalnum() for c in body[s:e]):
            # A trailing fragment of punctuation ("”/." after "cause.") closes
            # the sentence before it; it is not a sentence of its own.
            spans[-1] = (spans[-1][0], block.start + e)
            continue
        # Punkt keeps line breaks inside a sentence; a hard-wrapped paragraph
        # is still one sentence per Punkt boundary.
        spans.extend(_cut_long(text, block.start + s, block.start + e))
    return spans


def _split_glued(body: str, spans: Iterable[tuple[int, int]]) -> Iterable[tuple[int, int]]:
    """Punkt's spans, each cut again where two sentences are glued (see `_glued_breaks`).

    Closing quotes that Punkt left at the start of the next sentence ("stop.”Then")
    go back to the sentence they close.
    """
    previous: tuple[int, int] | None = None
    for s, e in spans:
        if previous is not None and s == previous[1]:
            k = s
            while k < e - 1 and body[k] in _CLOSING and body[k - 1] in ".!?”’\"')]":
                k += 1
            if k > s and not body[k].isspace():
                previous, s = (previous[0], k), k
        if previous is not None:
            yield previous
        cuts = _glued_breaks(body, s, e) if e - s > 6 else []
        for cut in cuts:
            yield s, cut
            s = cut
        previous = (s, e)
    if previous is not None:
        yield previous


def segment(source: Source, label: str, *, units: str = "sentences") -> Document:
    """Turn `source` into a `Document`: sentences (or lines) with tokens and spans.

    With ``units="lines"`` every block is one unit, kept whole.
    """
    text = source.text
    sentences: list[Sentence] = []
    for block in source.blocks:
        if block.chrome or units == "lines":
            spans = [(block.start, block.end)]
        else:
            spans = sentence_spans(text, block)
        for start, end in spans:
            sentences.append(
                Sentence(
                    id=len(sentences),
                    start=start,
                    end=end,
                    paragraph=block.paragraph,
                    chrome=block.chrome,
                    text=text[start:end],
                    tokens=tokenize(text[start:end], start),
                )
            )
    return Document(
        label=label,
        path=source.path,
        sha256=source.sha256,
        encoding=source.encoding,
        format=source.format,
        text=text,
        sentences=tuple(sentences),
        title=source.title,
        encoding_reason=source.encoding_reason,
        origin=source.origin,
    )


#: Below this many characters a side, segmenting the two texts at once does
#: not pay for starting a process.
PARALLEL_CHARS = 500_000


def segment_both(
    source_a: Source,
    source_b: Source,
    labels: tuple[str, str],
    *,
    units: str = "sentences",
    jobs: int | None = None,
) -> tuple[Document, Document]:
    """`segment` both sources; a long pair on two processes (the result is the same)."""
    if min(len(source_a.text), len(source_b.text)) < PARALLEL_CHARS:
        jobs = 1
    return fork_both(
        lambda: segment(source_a, labels[0], units=units),
        lambda: segment(source_b, labels[1], units=units),
        jobs,
        pack=_pack_document,
        unpack=lambda packed: replace(
            _unpack_document(packed, source_b.text), origin=source_b.origin
        ),
    )


def _pack_document(doc: Document) -> tuple:
    """A document as plain tuples, less its text (which the other process has)."""
    sentences = tuple(
        (s.id, s.start, s.end, s.paragraph, s.chrome, tuple(map(tuple, s.tokens)))
        for s in doc.sentences
    )
    return (
        doc.label,
        doc.path,
        doc.sha256,
        doc.encoding,
        doc.format,
        sentences,
        doc.title,
        doc.encoding_reason,
    )


def _unpack_document(packed: tuple, text: str) -> Document:
    label, path, sha256, encoding, fmt, sentences, title, encoding_reason = packed
    new = tuple.__new__
    return Document(
        label=label,
        path=path,
        sha256=sha256,
        encoding=encoding,
        format=fmt,
        text=text,
        sentences=tuple(
            Sentence(
                id=sid,
                start=start,
                end=end,
                paragraph=paragraph,
                chrome=chrome,
                text=text[start:end],
                tokens=tuple(map(new, repeat(Token), tokens)),
            )
            for sid, start, end, paragraph, chrome, tokens in sentences
        ),
        title=title,
        encoding_reason=encoding_reason,
    )
