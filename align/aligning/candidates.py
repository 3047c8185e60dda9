"""Similarity of units and groups, and the candidates the index proposes."""

from __future__ import annotations

import bisect
from collections.abc import Container, Sequence

from align.aligning.index import (
    CANDIDATES,
    GROUP_DROP,
    GROUP_PART_MIN,
    LOCAL_CANDIDATES,
    LOOKUP_TERMS,
    WINDOW,
    _Side,
)
from align.aligning.similarity import (
    Vocabulary,
    similarity,
)


class Candidates:
    """Similarities and candidate partners (a part of `Aligner`)."""

    A: _Side
    B: _Side
    vocab: Vocabulary
    threshold: float
    #: Whether the pair is one complete rendering of the other (see `align.aligning.runs`).
    whole: bool = False
    _sim: dict[tuple[int, int], float]

    def sim(self, i: int, j: int) -> float:
        """Similarity of unit i of A and unit j of B (cached)."""
        key = (i, j)
        s = self._sim.get(key)
        if s is None:
            s = self._sim[key] = similarity(self.A.feats[i], self.B.feats[j])
        return s

    def group_sim(self, i0: int, i1: int, j0: int, j1: int) -> float:
        if i1 - i0 == 1 and j1 - j0 == 1:
            return self.sim(i0, j0)
        return similarity(self.A.group(i0, i1), self.B.group(j0, j1))

    def evidence(
        self, parts: Sequence[float], one_sided: bool, tau: float | None = None
    ) -> float | None:
        """The bonus a group bead earns from its parts, or None when it lacks evidence.

        `parts` are the similarities of each sentence of the larger side to
        the other side's single sentence (`one_sided`), or all cross
        similarities of a 2-2 bead. Every sentence of a 1-k or k-1 bead must
        itself share something with the other side. The bonus credits each
        sentence beyond the best one by how far its own similarity clears the
        threshold: a sentence split in two explains both halves, though the
        first half alone already scores high. An unrelated neighbour earns
        nothing and dilutes the group, so omissions are not absorbed.
        """
        tau = self.threshold if tau is None else tau
        if max(parts) < tau:
            return None
        if not one_sided:
            return 0.0
        if min(parts) < max(tau / 2, GROUP_PART_MIN):
            return None
        gains = sorted(max(0.0, p - tau) for p in parts)
        return sum(gains[:-1])

    def group(self, i0: int, i1: int, j0: int, j1: int) -> tuple[float, float] | None:
        """Similarity and bonus of a group bead, or None when it lacks evidence.

        A 1-k or k-1 group whose similarity falls more than `GROUP_DROP` below its best
        part's alone is none: the extra unit dilutes the rendering (a verse whose partner
        was cut, beside one that shares its words: "Say unto Aaron, Stretch forth thy hand"
        and "And Aaron stretched out his hand" against the first alone).
        """
        if j1 - j0 == 1:
            parts = [self.sim(i, j0) for i in range(i0, i1)]
        elif i1 - i0 == 1:
            parts = [self.sim(i0, j) for j in range(j0, j1)]
        else:
            parts = [self.sim(i, j) for i in range(i0, i1) for j in range(j0, j1)]
        one_sided = i1 - i0 == 1 or j1 - j0 == 1
        bonus = self.evidence(parts, one_sided)
        if bonus is None:
            return None
        s = self.group_sim(i0, i1, j0, j1)
        if one_sided and s < max(parts) - GROUP_DROP:
            return None
        return s, bonus

    def candidates(self, k: int, side: _Side, other: _Side, lo: int, hi: int) -> list[int]:
        """Up to CANDIDATES units of `other` in [lo, hi) sharing rare terms with unit k."""
        f = side.feats[k]
        idf = self.vocab.idf
        terms = sorted(
            (t for t in f.terms if t in other.postings), key=lambda t: (-idf.get(t, 1.0), t)
        )[:LOOKUP_TERMS]
        votes: dict[int, float] = {}
        for t in terms:
            plist = other.postings[t]
            w = f.terms[t]
            for c in plist[bisect.bisect_left(plist, lo) : bisect.bisect_left(plist, hi)]:
                votes[c] = votes.get(c, 0.0) + w
        best = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[:CANDIDATES]
        return [c for c, _ in best]

    def best_match(self, k: int, from_a: bool, lo: int, hi: int) -> tuple[int, float]:
        """The most similar unit of the other text in [lo, hi), and its similarity."""
        side, other = (self.A, self.B) if from_a else (self.B, self.A)
        best, best_s = -1, 0.0
        for c in self.candidates(k, side, other, lo, hi):
            s = self.sim(k, c) if from_a else self.sim(c, k)
            if s > best_s or (s == best_s and best >= 0 and c < best):
                best, best_s = c, s
        return best, best_s

    def best_two(self, k: int, from_a: bool, lo: int, hi: int) -> tuple[int, float, int, float]:
        """`best_match`, and the runner-up among the same candidates (-1, 0.0 if none)."""
        side, other = (self.A, self.B) if from_a else (self.B, self.A)
        best, best_s, second, second_s = -1, 0.0, -1, 0.0
        for c in self.candidates(k, side, other, lo, hi):
            s = self.sim(k, c) if from_a else self.sim(c, k)
            if s > best_s or (s == best_s and best >= 0 and c < best):
                best, best_s, second, second_s = c, s, best, best_s
            elif s > second_s or (s == second_s and second >= 0 and c < second):
                second, second_s = c, s
        return best, best_s, second, second_s

    def best_near(
        self, k: int, from_a: bool, center: int, free: Container[int]
    ) -> tuple[int, float, bool]:
        """The most similar unit of the other text: the index's best, or a `free` one near `center`.

        Also whether the index proposed it (else only the local search found it).

        Near `center` (where the partner would stand in the other text's
        order) every shared term counts, however common, and a unit with no
        content term meets the units like it; only units without a partner
        (`free`) are looked for there: a formula the text repeats ("Amen.")
        is found near almost any place, which makes it no evidence of a
        repeat. Ties go to the unit nearer `center`.
        """
        side, other = (self.A, self.B) if from_a else (self.B, self.A)
        lo, hi = max(0, center - WINDOW), min(len(other.feats), center + WINDOW + 1)
        f = side.feats[k]
        if f.terms:
            votes: dict[int, float] = {}
            postings = other.all_postings
            for t, w in f.terms.items():
                plist = postings.get(t)
                if plist:
                    for c in plist[bisect.bisect_left(plist, lo) : bisect.bisect_left(plist, hi)]:
                        votes[c] = votes.get(c, 0.0) + w
            near = sorted(
                (c for c in votes if c in free), key=lambda c: (-votes[c], abs(c - center), c)
            )[:LOCAL_CANDIDATES]
        else:
            bare = other.bare
            window = bare[bisect.bisect_left(bare, lo) : bisect.bisect_left(bare, hi)]
            near = [c for c in window if c in free]
        found = self.best_match(k, from_a, 0, len(other.feats))
        best, best_key = found, (found[1], -abs(found[0] - center), -found[0])
        for c in near:
            sc = self.sim(k, c) if from_a else self.sim(c, k)
            key = (sc, -abs(c - center), -c)
            if key > best_key:
                best, best_key = (c, sc), key
        return best[0], best[1], best[0] == found[0]
