"""A list the other text repeats as a formula, rendered in full in one place and short in another.

VNA writes "independence, self-reliance and self-strengthening" three times;
VOV renders it "independence, self-reliance, and resilience" once and
"independence, and self-reliance" twice: an item dropped where it stood
elsewhere, which an auditor wants to be told of.

A *list* is three single words or more joined by commas and a last "and" or
"or" ("peace, friendship, cooperation and development"); its items are
compared by stem ("independent" / "independence"). A *formula* is a set of
three items or more that lists of two pairs at least share. For each pair
whose list holds the formula, the other text's side renders each item by a
word of the same stem, by the words an edit puts there ("resilience"), or not
at all (the item lies in a one-sided edit and the other side has no word of
its stem). A formula rendered in full in one pair and without an item in
another is reported: reason ``list``, the forms being the other text's
renderings of the items, grouped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

from align.gathering.inconsistencies.common import _forms
from align.model import Document, Inconsistency, Pair
from align.naming.words import _PLAIN_WORDS, _word_stem, _words
from align.segmenting import TOKEN_RE

_ITEM = r"[^\W\d_][\w’'-]*+"
#: Three single-word items or more: "a, b and c", "a, b, or c" (matched from a word's start).
_LIST = re.compile(rf"(?:{_ITEM},\s*)+{_ITEM},?\s+(?:and|or)\s+{_ITEM}")
_ITEM_RE = re.compile(_ITEM)
_JOINERS = frozenset(("and", "or"))
#: A formula has this many items at least (two items are a pair, not a formula).
MIN_ITEMS = 3
#: Items of one list looked at for formulas (a list of names can run to dozens).
MAX_ITEMS = 8

_Item = tuple[str, int, int]  # stem, start, end (in the document's text)


def _in_word(ch: str) -> bool:
    return ch.isalnum() or ch in "’'-_"


def _list_spans(text: str) -> list[tuple[int, int]]:
    """Where the lists of `text` are: tried only at the word before each comma.

    Twice as fast as a search from every position, which matters on a book.
    """
    out = []
    pos = 0
    while (comma := text.find(",", pos)) >= 0:
        start = comma
        while start > 0 and _in_word(text[start - 1]):
            start -= 1
        found = _LIST.match(text, start) if start < comma else None
        if found is None:
            pos = comma + 1
            continue
        out.append(found.span())
        pos = found.end()
    return out


def _lists_of(doc: Document, held: dict[int, Pair]) -> list[tuple[Pair, tuple[_Item, ...]]]:
    """The lists of `doc` inside sentences some pair in `held` (sentence id -> pair) holds."""
    starts = [s.start for s in doc.sentences]
    out = []
    for lo, hi in _list_spans(doc.text):
        k = bisect_right(starts, lo) - 1
        pair = held.get(k)
        if pair is None or hi > doc.sentences[k].end:
            continue
        items = [
            (_word_stem(w.group()), w.start(), w.end())
            for w in _ITEM_RE.finditer(doc.text, lo, hi)
            if w.group().casefold() not in _JOINERS
        ]
        items = [i for i in items if i[0] not in _PLAIN_WORDS]
        if len({i[0] for i in items}) >= MIN_ITEMS:
            out.append((pair, tuple(items)))
    return out


def _rendering(
    pair: Pair, item: _Item, mine: str, theirs_stems: dict[str, str], formula: frozenset[str]
) -> str | None:
    """How the other side of `pair` renders one item of `mine`'s list (None: not at all).

    Words an edit puts there render the item unless they are the formula's other
    items ("and self-reliance" / "self-reliance and self-strengthening" leaves
    "self-strengthening" out).
    """
    stem, start, end = item
    if stem in theirs_stems:
        return theirs_stems[stem]
    for e in pair.edits:
        s, t = (e.a_start, e.a_end) if mine == "a" else (e.b_start, e.b_end)
        if s < end and start < t:
            other = e.b_text if mine == "a" else e.a_text
            words = [
                w
                for w in _words(other)
                if w.casefold() not in _PLAIN_WORDS and _word_stem(w) not in formula
            ]
            return " ".join(words) if words else None
    return stem  # equal text: the same word (its stem found above, unless spelt apart)


def _stems(doc: Document, sentences: Sequence[int]) -> dict[str, str]:
    """Stem -> the first word of that stem in these sentences."""
    out: dict[str, str] = {}
    for k in sentences:
        for m in TOKEN_RE.finditer(doc.sentences[k].text):
            out.setdefault(_word_stem(m.group()), m.group())
    return out


def _list_inconsistencies(a: Document, b: Document, pairs: Sequence[Pair]) -> list[Inconsistency]:
    """Formulas of one text that the other renders in full in one pair, short in another."""
    out = []
    docs = {"a": a, "b": b}
    for mine, theirs in (("a", "b"), ("b", "a")):
        held = {k: p for p in pairs if p.a and p.b for k in (p.a if mine == "a" else p.b)}
        lists = _lists_of(docs[mine], held)
        # A formula: three items that lists of two pairs or more share.
        pairs_of: dict[tuple[str, ...], set[int]] = defaultdict(set)
        for pair, items in lists:
            stems = sorted({i[0] for i in items})[:MAX_ITEMS]
            for three in combinations(stems, MIN_ITEMS):
                pairs_of[three].add(pair.id)
        told: set[tuple[int, str]] = set()  # (pair, item) already reported dropped
        for formula in sorted(
            (f for f, where in pairs_of.items() if len(where) > 1),
            key=lambda f: (-len(pairs_of[f]), f),
        ):
            found = _renderings_of(frozenset(formula), lists, docs[mine], docs[theirs], mine)
            if found is None:
                continue
            renderings, counterpart, dropped = found
            if dropped <= told:
                continue  # the same item left out, seen within a larger formula
            told |= dropped
            out.append(Inconsistency(theirs, _forms(renderings), counterpart, "list"))
    return out


def _renderings_of(
    formula: frozenset[str],
    lists: list[tuple[Pair, tuple[_Item, ...]]],
    mine: Document,
    other: Document,
    side: str,
) -> tuple[dict[str, tuple[list[str], set[int]]], str, set[tuple[int, str]]] | None:
    """The other text's renderings of `formula` (as `_forms` reads them), if one drops an item.

    `side` is `mine`'s ("a" or "b"). Also the formula as `mine` first writes it
    ("independence, self-reliance, self-strengthening"), and the items left
    out, as (pair id, stem).
    """
    renderings: dict[str, tuple[list[str], set[int]]] = {}
    full = 0
    dropped: set[tuple[int, str]] = set()
    counterpart = ""
    seen: set[int] = set()
    for pair, items in lists:
        chosen = _first_each([i for i in items if i[0] in formula])
        if len(chosen) != len(formula) or pair.id in seen:
            continue
        seen.add(pair.id)
        theirs = _stems(other, pair.b if side == "a" else pair.a)
        rendered = [_rendering(pair, i, side, theirs, formula) for i in chosen]
        words = [r for r in rendered if r]
        full += len(words) == len(rendered)
        dropped |= {(pair.id, i[0]) for i, r in zip(chosen, rendered) if not r}
        if not counterpart:
            counterpart = ", ".join(mine.text[s:e] for _, s, e in chosen)
        text = ", ".join(words)
        entry = renderings.setdefault(text, ([], set()))
        entry[0].append(text)
        entry[1].add(pair.id)
    if not (full and dropped):
        return None
    return renderings, counterpart, dropped


def _first_each(items: Sequence[_Item]) -> list[_Item]:
    seen: set[str] = set()
    out = []
    for i in items:
        if i[0] not in seen:
            seen.add(i[0])
            out.append(i)
    return out
