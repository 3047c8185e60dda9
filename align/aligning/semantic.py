"""Evidence that survives paraphrase: related words from the shipped word vectors.

"Don't be alarmed" / "Do not panic" and "We are powerful" / "We are strong"
share no content word, so their idf-weighted overlap is 0. The word vectors
of `align.lexicon.vectors` see that "alarmed" and "panic" are related. Each
content word of one side that the other side does not share earns its weight
times how close its nearest unshared word on the other side is (below
`MIN_COSINE` nothing); the credit of both sides, over their total weight, is
added to the similarity.

The vectors cost a dot product per pair of words, so this is asked for only
where the cheap evidence has run out: in the runs of a complete translation
that the main pass left unpaired (`align.aligning.runs`). Loading the table
is deferred to the first question.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from align.aligning.similarity import TermMemo, Vocabulary
from align.model import Sentence

if TYPE_CHECKING:
    from align.lexicon.vectors import Vectors

#: Word pairs less close than this earn nothing ("unrelated" pairs reach ~0.2).
MIN_COSINE = 0.35
#: The credit is scaled from MIN_COSINE (0) to 1.0 (full).
_SPAN = 1.0 - MIN_COSINE
#: The share of the similarity that word overlap carries (see `similarity`).
LEXICAL_SHARE = 0.65

#: A unit's content words: (vector row or None, folded term, idf weight).
Words = tuple[tuple[int | None, str, float], ...]


class Semantic:
    """Word-vector credit for groups of units of two texts."""

    def __init__(
        self,
        units_a: Sequence[Sentence],
        units_b: Sequence[Sentence],
        memo: TermMemo,
        vocab: Vocabulary,
    ) -> None:
        self.units = (units_a, units_b)
        self.memo = memo
        self.vocab = vocab
        self._table: Vectors | None = None
        self._words: tuple[dict[int, Words], dict[int, Words]] = ({}, {})
        self._rows: dict[str, int | None] = {}

    def _vectors(self) -> Vectors:
        """The shipped table, read on the first question (not for pairs that ask none)."""
        if self._table is None:
            from align.lexicon.vectors import load

            self._table = load()
        return self._table

    def words(self, side: int, unit: int) -> Words:
        """The content words of one unit, each with its vector row and weight."""
        cache = self._words[side]
        found = cache.get(unit)
        if found is None:
            table = self._vectors()
            idf = self.vocab.idf
            out = []
            for token in self.units[side][unit].tokens:
                terms = self.memo[token.text]
                if not terms or token.kind != "word":
                    continue
                word = token.text.lower()
                if word not in self._rows:
                    self._rows[word] = table.word_id(word)
                out.append((self._rows[word], terms[0], sum(idf.get(t, 1.0) for t in terms)))
            found = cache[unit] = tuple(out)
        return found

    def credit(self, a: Sequence[int], b: Sequence[int]) -> float:
        """What the related (not shared) words of groups a and b add to their similarity."""
        wa = [w for i in a for w in self.words(0, i)]
        wb = [w for j in b for w in self.words(1, j)]
        total = sum(w for _, _, w in wa) + sum(w for _, _, w in wb)
        if not total:
            return 0.0
        terms_a = {t for _, t, _ in wa}
        terms_b = {t for _, t, _ in wb}
        ua = [(r, w) for r, t, w in wa if t not in terms_b and r is not None]
        ub = [(r, w) for r, t, w in wb if t not in terms_a and r is not None]
        if not ua or not ub:
            return 0.0
        cosine = self._vectors().similarity_ids
        earned = 0.0
        best_b = dict.fromkeys(range(len(ub)), 0.0)
        for ra, w in ua:
            best = 0.0
            for k, (rb, _) in enumerate(ub):
                c = cosine(ra, rb)
                if c > best:
                    best = c
                if c > best_b[k]:
                    best_b[k] = c
            earned += w * max(0.0, (best - MIN_COSINE) / _SPAN)
        earned += sum(w * max(0.0, (best_b[k] - MIN_COSINE) / _SPAN) for k, (_, w) in enumerate(ub))
        return LEXICAL_SHARE * earned / total
