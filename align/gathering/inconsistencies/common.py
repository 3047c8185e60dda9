"""What the inconsistency finders share: holders of sentences, trimmed forms, renderings."""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import Any

from align.gathering.variants import _most_common
from align.lexicon.spelling import normalise
from align.model import Document, Form, Pair
from align.naming.words import (
    _PLAIN_WORDS,
    MAX_PHRASE_WORDS,
    MIN_FORM_PLACES,
    _fold_phrase,
    _is_word,
    _Memo,
    _words,
    inflection_fold,
)


def _holders(pairs: Sequence[Pair]) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Sentence id -> ids of the pairs holding it, for each side."""
    ha: dict[int, list[int]] = defaultdict(list)
    hb: dict[int, list[int]] = defaultdict(list)
    for p in pairs:
        for i in p.a:
            ha[i].append(p.id)
        for j in p.b:
            hb[j].append(p.id)
    return ha, hb


_ENDS = re.compile(r"^[^\w]+|[^\w]+$")


def _trim(text: str) -> str:
    """One line, without the punctuation an edit may carry at its ends ("“Behold")."""
    text = " ".join(text.split())
    if text[:1].isalnum() and text[-1:].isalnum():
        return text  # nothing to trim (most texts)
    return _ENDS.sub("", text)


_AND_AFTER = re.compile(r"\s+(?:and|or)\s+[\w’'-]+")
_AND_BEFORE = re.compile(r"[\w’'-]+\s+(?:and|or)\s+$")


def _coordinated(
    text: str, start: int, end: int, other: str, o_start: int, o_end: int
) -> tuple[int, int, int, int]:
    """Widen an edit over an "and X" / "X and" that both sides share ("vital and regular").

    Symmetric: swapping the two texts swaps the result.
    """
    after = _AND_AFTER.match(text, end, end + 40)
    if after:
        o_after = _AND_AFTER.match(other, o_end, o_end + 40)
        if o_after and normalise(after.group()) == normalise(o_after.group()):
            end, o_end = after.end(), o_after.end()
    before = _and_before(text, start)
    if before:
        o_before = _and_before(other, o_start)
        if o_before and normalise(before.group()) == normalise(o_before.group()):
            start -= len(before.group())
            o_start -= len(o_before.group())
    return start, end, o_start, o_end


def _and_before(text: str, start: int) -> re.Match[str] | None:
    window = text[max(start - 40, 0) : start]
    # The search is slow (it tries every start); most windows fail this first.
    if not (window[-1:].isspace() and window.rstrip().endswith(("and", "or"))):
        return None
    return _AND_BEFORE.search(window)


def _forms(found: dict[Any, tuple[Sequence[str] | Counter, set[int]]]) -> tuple[Form, ...]:
    forms = [Form.of(_most_common(texts), pairs) for texts, pairs in found.values()]
    return tuple(sorted(forms, key=lambda f: (f.pairs, f.text)))


_START, _END, _TEXT = (itemgetter(n) for n in range(3))  # of a `Token`


def _fold_token(text: str) -> str:
    return inflection_fold(text) if _is_word(text) else ""


class _Words:
    """One document's tokens for the inconsistency finders, each sentence read once.

    A book has two million tokens: they are read in C where that can be (map,
    filter, bisect). Folded, punctuation is the empty string, which no word is.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.fold = _Memo(_fold_token)
        self._texts: dict[int, tuple[str, ...]] = {}
        self._folded: dict[int, tuple[str, ...]] = {}

    def texts(self, sid: int) -> tuple[str, ...]:
        """The text of each of the sentence's tokens."""
        texts = self._texts.get(sid)
        if texts is None:
            texts = self._texts[sid] = tuple(map(_TEXT, self.doc.sentences[sid].tokens))
        return texts

    def folded(self, sid: int) -> tuple[str, ...]:
        """Each token's text, case, plural and possessive folded ("" for punctuation)."""
        folded = self._folded.get(sid)
        if folded is None:
            fold = self.fold
            folded = self._folded[sid] = tuple(map(fold.__getitem__, self.texts(sid)))
        return folded

    def vocabulary(self, ids: Sequence[int]) -> set[str]:
        """The folded words and numbers of these sentences (and "")."""
        if len(ids) == 1:
            return set(self.folded(ids[0]))
        return set(chain.from_iterable(map(self.folded, ids)))

    def words(self, ids: Sequence[int]) -> tuple[str, ...]:
        """The folded words and numbers of these sentences."""
        return tuple(filter(None, chain.from_iterable(map(self.folded, ids))))

    def equal_runs(self, ids: Sequence[int], cuts: Sequence[tuple[int, int]]) -> list[tuple]:
        """The folded words of a pair's side that no edit touches, in unbroken runs.

        Every edit, even an empty one (the place of an insertion), ends a run:
        the words on either side of it are not next to each other in the other
        text. A word an edit overlaps (or, for an empty edit, strictly holds)
        belongs to no run.
        """
        if not cuts:  # the usual case in a close translation: one run per sentence side
            return [self.words(ids)]
        if len(ids) == 1:
            tokens, folded = self.doc.sentences[ids[0]].tokens, self.folded(ids[0])
        else:
            tokens = tuple(chain.from_iterable(self.doc.sentences[i].tokens for i in ids))
            folded = tuple(chain.from_iterable(map(self.folded, ids)))
        runs = []
        pos = 0
        for start, end in sorted(cuts):
            if start < end:
                lo = bisect.bisect_right(tokens, start, key=_END)  # tokens ending by its start
                hi = bisect.bisect_left(tokens, end, key=_START)  # tokens starting before its end
            else:
                lo = hi = bisect.bisect_left(tokens, start, key=_START)
                if lo and tokens[lo - 1][1] > start:
                    lo -= 1
            if lo > pos:
                run = tuple(filter(None, folded[pos:lo]))
                if run:
                    runs.append(run)
            pos = max(pos, hi)
        if pos < len(tokens):
            run = tuple(filter(None, folded[pos:]))
            if run:
                runs.append(run)
        return runs


def _count_rendering(seen: dict, key: tuple[str, ...], times: int, pair: int) -> None:
    """Count `times` occurrences in `pair` of the wording `key`, rendered unchanged."""
    texts, found = seen[key]
    entry = found.get(key)
    if entry is None:
        entry = found[key] = (Counter(), set())
    entry[0][texts[0]] += times
    entry[1].add(pair)


def _has_gram(runs: Sequence[tuple[str, ...]], gram: tuple[str, ...]) -> bool:
    first, n = gram[0], len(gram)
    for run in runs:
        k = -1
        while True:
            try:
                k = run.index(first, k + 1)
            except ValueError:
                break
            if run[k : k + n] == gram:
                return True
    return False


_Rendering = tuple[tuple[str, ...], str, str, tuple[str, ...]]


def _renderings(texts: tuple[str, str]) -> tuple[_Rendering | None, _Rendering | None]:
    """For A, then for B: a phrase of the other text this edit renders, if it is one.

    That is (the phrase's key, its text, this text's rendering, the rendering's key).
    """
    text_a, text_b = texts
    words_a, words_b = _words(text_a), _words(text_b)
    out: list[_Rendering | None] = []
    for theirs, mine, their_text, my_text in (
        (words_b, words_a, text_b, text_a),
        (words_a, words_b, text_a, text_b),
    ):
        key = _fold_phrase(theirs)
        if (
            not key
            or len(key) > MAX_PHRASE_WORDS
            or len(mine) > MAX_PHRASE_WORDS  # a rewritten clause, not a rendering of a phrase
            or _PLAIN_WORDS.issuperset(key)
        ):
            out.append(None)
            continue
        my_trimmed = _trim(my_text)
        out.append((key, _trim(their_text), my_trimmed, _fold_phrase(_words(my_trimmed))))
    return out[0], out[1]


@dataclass(frozen=True)
class _Lookup:
    """The counterpart wordings of one side worth looking for, by their first telling word."""

    anchor_of: dict[tuple[str, ...], int]  # wording -> where its first telling word is
    by_anchor: dict[str, list[tuple[int, int]]]  # that word -> (where, wording's length)
    anchors: frozenset[str]  # the keys of `by_anchor`

    @classmethod
    def of(
        cls, seen: dict[tuple[str, ...], tuple[list[str], dict]], least: int = MIN_FORM_PLACES
    ) -> _Lookup:
        """The wordings with another rendering met in `least` pairs or more."""
        anchor_of: dict[tuple[str, ...], int] = {}
        by_anchor: dict[str, set[tuple[int, int]]] = defaultdict(set)
        for key, (_texts, found) in seen.items():
            if not any(k != key and len(v[1]) >= least for k, v in found.items()):
                continue
            at = next(k for k, w in enumerate(key) if w not in _PLAIN_WORDS)
            anchor_of[key] = at
            by_anchor[key[at]].add((at, len(key)))
        ordered = {w: sorted(found) for w, found in by_anchor.items()}
        return cls(anchor_of, ordered, frozenset(ordered))


_Found = list[tuple[tuple[str, ...], int]]  # (wording, times)


def _unchanged_renderings(
    pair: Pair, words_a: _Words, words_b: _Words, lookups: tuple[_Lookup, _Lookup]
) -> tuple[int, _Found, _Found]:
    """The wordings of each side's lookup that stand unchanged in both texts of the pair."""
    both = words_a.vocabulary(pair.a) & words_b.vocabulary(pair.b)
    runs: tuple[list[tuple], list[tuple]] | None = None
    out: list[_Found] = []
    for side, lookup in enumerate(lookups):
        found: _Found = []
        out.append(found)
        hits = both & lookup.anchors
        if not hits:
            continue
        if runs is None:
            runs = (
                words_a.equal_runs(pair.a, [(e.a_start, e.a_end) for e in pair.edits]),
                words_b.equal_runs(pair.b, [(e.b_start, e.b_end) for e in pair.edits]),
            )
        my_runs, their_runs = runs if side == 0 else runs[::-1]
        mine_words: set[str] | None = None
        for run in their_runs:
            for anchor in sorted(hits.intersection(run)):
                for at, n in lookup.by_anchor[anchor]:
                    if n == 1:  # the word itself: each of its occurrences counts
                        if mine_words is None:
                            mine_words = set(chain.from_iterable(my_runs))
                        if anchor in mine_words:
                            found.append(((anchor,), run.count(anchor)))
                        continue
                    k = -1
                    for _ in range(run.count(anchor)):
                        k = run.index(anchor, k + 1)
                        gram = run[k - at : k - at + n] if k >= at else ()
                        if (
                            len(gram) == n
                            and lookup.anchor_of.get(gram) == at
                            and _has_gram(my_runs, gram)
                        ):
                            found.append((gram, 1))
    return pair.id, out[0], out[1]
