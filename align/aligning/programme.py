"""Anchors (mutual best pairs in order) and the dynamic programme between them."""

from __future__ import annotations

from collections.abc import Sequence

from align.aligning.candidates import Candidates
from align.aligning.chain import _heaviest_chain
from align.aligning.index import (
    BEADS,
    GAP_FLOOR,
    GAP_SLOPE,
    GROUP_DROP,
    GROUP_PART_MIN,
    LOCAL_ANCHOR_MIN,
    MAX_AREA,
    RIVAL_REACH,
    RIVAL_SHARE,
)
from align.aligning.similarity import (
    similarity,
)
from align.runtime.pool import fork_map
from align.runtime.progress import Tick


def _contested(k: int, s: float, rival: int, rival_s: float) -> bool:
    """True if a unit's runner-up stands within `RIVAL_REACH` of its best and nearly ties."""
    return rival >= 0 and abs(rival - k) <= RIVAL_REACH and rival_s >= RIVAL_SHARE * s


class Programme(Candidates):
    """Anchors and the dynamic programme (a part of `Aligner`)."""

    jobs: int | None
    #: Anchors a near rival contests (`anchors`): not kept to by the programme.
    contested: set[tuple[int, int]]

    def anchors(self, i0: int, i1: int, j0: int, j1: int, min_sim: float) -> list[tuple[int, int]]:
        """The heaviest in-order chain of mutual best pairs in the rectangle.

        Those with a near rival beside them (`_contested`) are also added to
        `contested`: they are evidence for the lexicon and the threshold, but no
        bound for the programme, which weighs the two readings between the
        anchors around them (`uncontested`).
        """
        rows, cols = range(i0, i1), range(j0, j1)
        best_b = dict(
            zip(rows, fork_map(lambda i: self.best_two(i, True, j0, j1), rows, self.jobs))
        )
        best_a = dict(
            zip(cols, fork_map(lambda j: self.best_two(j, False, i0, i1), cols, self.jobs))
        )
        pairs = [
            (i, j, s)
            for i, (j, s, _, _) in best_b.items()
            if j >= 0 and s >= min_sim and best_a[j][0] == i
        ]
        self.contested.update(
            (i, j)
            for i, j, s in pairs
            if _contested(j, s, *best_b[i][2:]) or _contested(i, s, *best_a[j][2:])
        )
        return _heaviest_chain(pairs)

    def uncontested(self, chain: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """The anchors of `chain` the programme keeps to: those no near rival contests."""
        contested = self.contested
        return [x for x in chain if x not in contested] if contested else list(chain)

    def solve(self, i0: int, i1: int, j0: int, j1: int) -> list[tuple[int, int, int, int, float]]:
        """Beads (i0, i1, j0, j1, score) covering the rectangle, in order."""
        n, m = i1 - i0, j1 - j0
        if n == 0 or m == 0:
            return [(i, i + 1, j0, j0, 0.0) for i in range(i0, i1)] + [
                (i1, i1, j, j + 1, 0.0) for j in range(j0, j1)
            ]
        if n * m > MAX_AREA:
            inner = self.uncontested(self.anchors(i0, i1, j0, j1, LOCAL_ANCHOR_MIN))
            if inner:
                return self._between(inner, i0, i1, j0, j1)
        return self._dp(i0, i1, j0, j1, self.gap_threshold(n, m))

    def gap_threshold(self, n: int, m: int) -> float:
        """The bar for links inside a gap of n by m sentences between anchors.

        A gap with as many sentences on each side is, by elimination, most
        likely a run of correspondences that share few words (a free
        translation); a lopsided gap is most likely an omission (a summary).
        So the bar falls from the threshold towards `GAP_FLOOR` as the gap
        becomes balanced.
        """
        imbalance = abs(n - m) / max(n, m)
        floor = min(GAP_FLOOR, self.threshold)
        return floor + (self.threshold - floor) * min(1.0, imbalance * GAP_SLOPE)

    def _between(
        self,
        chain: Sequence[tuple[int, int]],
        i0: int,
        i1: int,
        j0: int,
        j1: int,
        jobs: int | None = 1,
        tick: Tick | None = None,
    ) -> list[tuple[int, int, int, int, float]]:
        """Beads of the rectangle, solving the gaps between the anchors of `chain`.

        The gaps are independent, so with `jobs` they are solved in parallel.
        """
        gaps, pi, pj = [], i0, j0
        for i, j in chain:
            gaps.append((pi, i, pj, j))
            pi, pj = i + 1, j + 1
        gaps.append((pi, i1, pj, j1))
        solved = fork_map(lambda g: self.solve(*g), gaps, jobs, tick=tick)
        beads: list[tuple[int, int, int, int, float]] = []
        for k, gap_beads in enumerate(solved):
            beads += gap_beads
            if k < len(chain):
                i, j = chain[k]
                beads.append((i, i + 1, j, j + 1, self.sim(i, j)))
        return beads

    def _dp(
        self, i0: int, i1: int, j0: int, j1: int, tau: float
    ) -> list[tuple[int, int, int, int, float]]:
        """The best beads over one rectangle, by dynamic programme.

        Long because it is the hot loop of a book (millions of cells): the bead
        choices are inlined, as a call per cell and bead would double its time.
        """
        n, m = i1 - i0, j1 - j0
        # Band: when the rectangle is still too large, keep cells near its
        # diagonal, wide enough to hold MAX_AREA cells.
        width = m if n * m <= MAX_AREA else max(8, MAX_AREA // (2 * n))
        lo = [max(0, int(i * m / n) - width) for i in range(n + 1)]
        hi = [min(m, int(i * m / n) + width) for i in range(n + 1)]
        lo[0], hi[n] = 0, m
        for i in range(1, n + 1):  # keep the band connected
            lo[i] = min(lo[i], hi[i - 1])
        # S[i][j]: similarity of A unit i0+i-1 and B unit j0+j-1 (1-based, 0
        # outside the band). Only cells that share a content term can score
        # above 0, so a local index of B's terms finds them: the cost follows
        # the shared terms, not the size of the rectangle.
        S = [[0.0] * (m + 1) for _ in range(n + 1)]
        fa, fb = self.A.feats, self.B.feats
        local: dict[str, list[int]] = {}
        for j in range(1, m + 1):
            for t in fb[j0 + j - 1].terms:
                local.setdefault(t, []).append(j)
        for i in range(1, n + 1):
            row, low, high = S[i], max(1, lo[i]), hi[i]
            f = fa[i0 + i - 1]
            cells = {j for t in f.terms for j in local.get(t, ()) if low <= j <= high}
            for j in cells:
                row[j] = similarity(f, fb[j0 + j - 1])
            if not f.terms:  # only function words: compared by wording alone
                for j in range(low, high + 1):
                    if not fb[j0 + j - 1].terms:
                        row[j] = similarity(f, fb[j0 + j - 1])
        neg = float("-inf")
        score = [[neg] * (m + 1) for _ in range(n + 1)]
        back: list[list[tuple[int, int, float]]] = [[(0, 0, 0.0)] * (m + 1) for _ in range(n + 1)]
        score[0][0] = 0.0
        evidence, group_sim = self.evidence, self.group_sim
        for i in range(n + 1):
            row, brow = score[i], back[i]
            for j in range(lo[i], hi[i] + 1):
                if i == 0 and j == 0:
                    continue
                best, arg = neg, (0, 0, 0.0)
                if i and score[i - 1][j] > best:
                    best, arg = score[i - 1][j], (1, 0, 0.0)
                if j and row[j - 1] > best:
                    best, arg = row[j - 1], (0, 1, 0.0)
                if not (i and j):
                    row[j], brow[j] = best, arg
                    continue
                s11 = S[i][j]
                if s11 > tau and score[i - 1][j - 1] + s11 - tau > best:
                    best, arg = score[i - 1][j - 1] + s11 - tau, (1, 1, s11)
                if s11 < max(tau / 2, GROUP_PART_MIN):
                    # Every group bead ending here holds this pair, and each
                    # of its parts must reach half the bar.
                    row[j], brow[j] = best, arg
                    continue
                for da, db, pen in BEADS[1:]:
                    if da > i or db > j:
                        continue
                    prev = score[i - da][j - db]
                    if prev == neg:
                        continue
                    if db == 1:
                        parts = [S[i - x][j] for x in range(da)]
                    elif da == 1:
                        parts = [S[i][j - y] for y in range(db)]
                    else:
                        parts = [S[i - x][j - y] for x in range(da) for y in range(db)]
                    if max(parts) < tau or (
                        da * db != 4 and min(parts) < max(tau / 2, GROUP_PART_MIN)
                    ):
                        continue  # cheap rejection before the group's own similarity
                    bonus = evidence(parts, da == 1 or db == 1, tau)
                    if bonus is None:
                        continue
                    s = group_sim(i0 + i - da, i0 + i, j0 + j - db, j0 + j)
                    if da * db != 4 and s < max(parts) - GROUP_DROP:
                        continue  # the extra unit dilutes the rendering
                    gain = s - tau - pen + bonus
                    if gain > 0 and prev + gain > best:
                        best, arg = prev + gain, (da, db, s)
                row[j], brow[j] = best, arg
        beads = []
        i, j = n, m
        while i or j:
            da, db, s = back[i][j]
            beads.append((i0 + i - da, i0 + i, j0 + j - db, j0 + j, s))
            i, j = i - da, j - db
        beads.reverse()
        return beads
