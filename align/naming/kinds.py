"""The kind of an edit: what sort of difference its two texts show."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import NamedTuple

from align.lexicon.spelling import normalise, spelling_key
from align.model import FLAGS, INVISIBLE, KINDS, Kind
from align.naming.words import (
    _REPORTING_FIRST,
    _WORD_RUN,
    FUNCTION_WORDS,
    _expanded,
    _marks,
    _match_key,
    _multiset_minus,
    _stems_related,
    _typographic_text,
    _word_stem,
    _words,
)
from align.runtime.scope import scoped_cache

#: Kinds and flags rank in their canonical order (`align.model.KINDS`, `FLAGS`).
_KIND_RANK = {k: n for n, k in enumerate(KINDS)}
_FLAG_RANK = {f: n for n, f in enumerate(FLAGS)}


# --- Kinds ------------------------------------------------------------------

_INVISIBLE_CHAR = re.compile(f"[{INVISIBLE}]")


def classify(a_text: str, b_text: str) -> Kind:
    """The kind of the difference between A's `a_text` and B's `b_text`.

    Either may be empty (an insertion or omission).

    >>> print(classify("vital", "key"), classify("defense", "defence"), classify("", "the"))
    lexical spelling function-word
    >>> print(classify("mile\u200bstone", "milestone"))
    invisible
    """
    return _analyse(a_text, b_text)[0]


class _Analysis(NamedTuple):
    """What `_analyse` finds in one edit."""

    kind: Kind
    left_a: tuple[str, ...]  # changed words no changed form on the other side accounts for
    left_b: tuple[str, ...]
    changed_a: tuple[str, ...]  # words that differ (case, typography and spelling aside)
    changed_b: tuple[str, ...]


_NO_WORD_CHANGED = {k: _Analysis(k, (), (), (), ()) for k in KINDS}


class _Text(NamedTuple):
    """One side of an edit, read once: its words and what `_analyse` compares of them."""

    words: tuple[str, ...]
    casefolded: str  # the words, space-separated (words hold no spaces), case folded
    typographic: str  # ... and apostrophe and hyphen kinds folded
    spelling: str  # `phrase_key`
    keys: tuple[str, ...]  # `_match_key` of each word
    key_set: frozenset[str] | None  # the keys, if none occurs twice
    reports: bool  # holds a reporting clause's first word (then its clauses are read)
    runs_on: bool  # ends in a letter: a reporting clause's first word may run on past it
    contracts: bool  # may hold a contraction (else `_expanded` changes nothing)


@scoped_cache(maxsize=1 << 18)
def _text(text: str) -> _Text:
    words = _words(text)
    keys = tuple(map(_match_key, words))
    key_set = frozenset(keys)
    joined = " ".join(words)
    casefolded = joined.casefold()
    typographic = _typographic_text(joined)
    return _Text(
        words,
        casefolded,
        typographic,
        "".join(map(spelling_key, words)),
        keys,
        key_set if len(key_set) == len(keys) else None,
        # Words keep their runs of word characters (and a run never spans two words).
        not _REPORTING_FIRST.isdisjoint(_WORD_RUN.findall(casefolded)),
        text[-1:].isalpha(),
        "'" in typographic or "cannot" in typographic,
    )


@scoped_cache(maxsize=1 << 17)
def _is_function_word(word: str) -> bool:
    return normalise(word) in FUNCTION_WORDS


def _visible_words(text: str) -> str:
    return " ".join(_INVISIBLE_CHAR.sub("", text).split())


def _analyse(a_text: str, b_text: str) -> _Analysis:
    """The kind; the words of each side that the other lacks, less (then with) shared stems."""
    if (_INVISIBLE_CHAR.search(a_text) or _INVISIBLE_CHAR.search(b_text)) and _visible_words(
        a_text
    ) == _visible_words(b_text):
        # Only zero-width or bidi characters differ ("mile\u200bstone" / "milestone"),
        # whatever the tokens they cut make of the words.
        return _NO_WORD_CHANGED[Kind.INVISIBLE]
    ta, tb = _text(a_text), _text(b_text)
    wa, wb = ta.words, tb.words
    if wa == wb:
        return _NO_WORD_CHANGED[Kind.PUNCTUATION]  # no words, or the same ones
    if ta.casefolded == tb.casefolded:
        # ". The" against ", the": the capital follows the punctuation.
        same_marks = _marks(a_text) == _marks(b_text)
        return _NO_WORD_CHANGED[Kind.CASE if same_marks else Kind.PUNCTUATION]
    if ta.typographic == tb.typographic:
        return _NO_WORD_CHANGED[Kind.PUNCTUATION]  # apostrophe or hyphen kind, possibly with case
    if ta.spelling == tb.spelling:
        return _NO_WORD_CHANGED[Kind.SPELLING]  # US/UK or hyphenation
    if not wa or not wb:  # words on one side only (the common case, answered quickly)
        if all(map(_is_function_word, wa or wb)):
            return _Analysis(Kind.FUNCTION_WORD, wa, wb, wa, wb)
        if (b_text if wa else a_text).strip():
            # Words against punctuation ("identified" / ","; "which" / "–"): the
            # other side puts something in their place, a rewording.
            return _Analysis(Kind.LEXICAL, wa, wb, wa, wb)
        return _Analysis(Kind.OMISSION if wa else Kind.INSERTION, wa, wb, wa, wb)
    if (ta.contracts or tb.contracts) and _expanded(ta.words) == _expanded(tb.words):
        return _NO_WORD_CHANGED[Kind.SPELLING]  # a contraction: it's / it is
    ka, kb = ta.keys, tb.keys
    set_a, set_b = ta.key_set, tb.key_set
    if set_a is not None and set_b is not None:  # no word twice: sets will do
        ra = tuple([w for w, k in zip(wa, ka) if k not in set_b])
        rb = tuple([w for w, k in zip(wb, kb) if k not in set_a])
    else:
        ra = tuple(wa[n] for n in _multiset_minus(ka, kb))
        rb = tuple(wb[n] for n in _multiset_minus(kb, ka))
    if not ra and not rb:
        # The same words: elsewhere ("strong and prosperous" / "prosperous and
        # strong"), or in place but for a possessive ("Minh" / "Minh’s").
        return _NO_WORD_CHANGED[Kind.FORM if ka == kb else Kind.ORDER]
    left_a, left_b, forms = _pair_forms(ra, rb)
    content_a = not all(map(_is_function_word, left_a))
    content_b = not all(map(_is_function_word, left_b))
    if not content_a and not content_b:
        kind = Kind.FORM if forms else Kind.FUNCTION_WORD
    else:
        # A changed form plus other words, or other words left on either side
        # ("both" -> "a"): a rewording. Words on both sides are never an
        # insertion or omission, even when all of one side's are found in the
        # other ("Party General Secretary" / "General Secretary of the
        # Communist Party"): the diff cuts what only one side has into edits
        # of its own where it can (`align.diffing.inner`).
        kind = Kind.LEXICAL
    return _Analysis(kind, left_a, left_b, ra, rb)


def _pair_forms(
    ra: tuple[str, ...], rb: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    """Pair words of `ra` and `rb` that share a stem, in order: what is left, and the pairs.

    The two sides share no match key, so `form_related` comes down to
    `_stems_related`, and related stems share their first four letters.
    """
    if not ra or not rb:
        return ra, rb, 0
    forms = 0
    used = [False] * len(rb)
    stems_b = list(map(_word_stem, rb))
    by_start: dict[str, list[int]] = defaultdict(list)
    for n, stem in enumerate(stems_b):
        by_start[stem[:4]].append(n)
    left_a = []
    for w in ra:
        stem = _word_stem(w)
        for n in by_start.get(stem[:4], ()):
            if not used[n] and _stems_related(stem, stems_b[n]):
                used[n] = True
                forms += 1
                break
        else:
            left_a.append(w)
    if not forms:
        return ra, rb, 0
    return tuple(left_a), tuple(v for n, v in enumerate(rb) if not used[n]), forms
