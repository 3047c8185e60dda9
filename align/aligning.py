"""Link the sentences of two renderings: matches, omissions, moves and repeats.

The method, in three passes (see docs/alignment.md for the reasoning):

1. **Anchors.** An inverted index of rare content stems proposes, for every
   sentence, a few candidates in the other text; their similarity is computed
   and the mutually best pairs above `ANCHOR_MIN` are kept. The heaviest chain
   of anchors that runs in the same order in both texts (a weighted longest
   increasing subsequence) cuts the problem into small rectangles. Cost: near
   linear in the number of sentences.
2. **Dynamic programme** inside each rectangle between consecutive anchors,
   over beads 1-1, 1-0, 0-1, 2-1, 1-2, 2-2, 3-1 and 1-3. A bead earns its
   similarity minus the threshold (and a small penalty for many-to-many
   beads), so a pair below the threshold is never worth linking and an
   omission costs nothing: a summary may leave most of the text out. Large
   rectangles are first cut by anchors found with a lower bar, and only then
   banded. No n x m matrix over the whole texts is ever built.
3. **Repair.** A sentence left without a counterpart that clearly renders a
   sentence elsewhere in the other text is linked to it: as a ``repeat`` when
   that sentence already has its match, as a ``move`` when both were left
   out of the main order. Candidates come from the same index.

Every pair gets a score in [0, 1] (its similarity; for a sentence without a
counterpart, the best similarity any candidate reached). `DEFAULT_THRESHOLD`
is the documented bar below which a sentence has no counterpart.
"""

from __future__ import annotations

import bisect
from collections.abc import Container, Sequence
from dataclasses import dataclass

from align.model import Document
from align.parallel import fork_map
from align.progress import Tick, part
from align.similarity import (
    Features,
    TermMemo,
    Vocabulary,
    content_terms,
    features,
    merge,
    similarity,
)

#: Below this similarity a sentence counts as having no counterpart...
DEFAULT_THRESHOLD = 0.2
#: ...except inside a gap between anchors with as many sentences on each
#: side, where the bar falls to this (see `Aligner.gap_threshold`).
GAP_FLOOR = 0.06
#: A lone pair between two matches, sharing no word, is linked if the
#: shorter is at least this fraction of the longer (see `Aligner._eliminate`).
ELIMINATION_LENGTH = 0.6
#: How fast the bar rises back as a gap becomes lopsided.
GAP_SLOPE = 3.0
#: Mutual best pairs at least this similar may anchor the alignment.
ANCHOR_MIN = 0.5
#: Every sentence of a group bead (2-1, 1-2, ...) must reach this similarity
#: on its own, however low the bar in its gap.
GROUP_PART_MIN = 0.08
#: Inside a large gap, anchors are searched again with this lower bar.
LOCAL_ANCHOR_MIN = 0.3
#: Out-of-order links (repeats and moves) inside a block of such links.
REPAIR_MIN = 0.3
#: An isolated move (both sentences otherwise unlinked).
MOVE_MIN = 0.35
#: An isolated repeat (the partner already has its match).
REPEAT_MIN = 0.6
#: A 1-1 match below this is reviewed against each side's best partner...
WEAK_MATCH = 0.3
#: ...and unlinked when that partner is at least this much better.
REVIEW_MARGIN = 0.1
#: Rectangles larger than this many cells are cut or banded.
MAX_AREA = 40_000
#: How many candidates the index proposes per sentence.
CANDIDATES = 4
#: Terms in more sentences than this are too common to index.
MAX_POSTINGS = 40
#: A sentence left over is also looked for this many sentences either side
#: of where its partner would stand, with every term it has (the index
#: above drops common terms, and a book has few rare ones in a short sentence).
WINDOW = 300
#: How many candidates that local search compares in full.
LOCAL_CANDIDATES = 8
#: A partner only that local search found (no rare term shared) is linked
#: alone (not in a block of moved sentences) from this similarity on.
LOCAL_MOVE_MIN = 0.5
#: Only a sentence's rarest terms are looked up.
LOOKUP_TERMS = 8

#: (A sentences, B sentences, penalty) of every linking bead.
BEADS: tuple[tuple[int, int, float], ...] = (
    (1, 1, 0.0),
    (2, 1, 0.02),
    (1, 2, 0.02),
    (2, 2, 0.05),
    (3, 1, 0.05),
    (1, 3, 0.05),
)


@dataclass(frozen=True)
class Link:
    """An aligned group, as unit positions (not yet sentence ids)."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    relation: str
    score: float


class _Side:
    """One text's alignable units with their features and an inverted index."""

    def __init__(self, feats: list[Features]) -> None:
        self.feats = feats
        postings: dict[str, list[int]] = {}
        for k, f in enumerate(feats):
            for t in f.terms:
                postings.setdefault(t, []).append(k)
        self.postings = {t: p for t, p in postings.items() if len(p) <= MAX_POSTINGS}
        self.all_postings = postings  # for the local search: common terms too
        #: Units with no content term ("Not so!"), compared by their wording alone.
        self.bare = [k for k, f in enumerate(feats) if not f.terms]
        self._groups: dict[tuple[int, int], Features] = {}

    def group(self, start: int, end: int) -> Features:
        if end - start == 1:
            return self.feats[start]
        key = (start, end)
        g = self._groups.get(key)
        if g is None:
            g = self._groups[key] = merge(self.feats[start:end])
        return g


class Aligner:
    """Aligns the units of two texts; see the module docstring."""

    def __init__(
        self,
        feats_a: list[Features],
        feats_b: list[Features],
        vocab: Vocabulary,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        tick: Tick | None = None,
        jobs: int | None = 1,
    ) -> None:
        self.A = _Side(feats_a)
        self.B = _Side(feats_b)
        self.vocab = vocab
        self.threshold = threshold
        self.tick = tick
        self.jobs = jobs
        self._sim: dict[tuple[int, int], float] = {}

    # -- similarity -------------------------------------------------------

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
        """Similarity and bonus of a group bead, or None when it lacks evidence."""
        if j1 - j0 == 1:
            parts = [self.sim(i, j0) for i in range(i0, i1)]
        elif i1 - i0 == 1:
            parts = [self.sim(i0, j) for j in range(j0, j1)]
        else:
            parts = [self.sim(i, j) for i in range(i0, i1) for j in range(j0, j1)]
        bonus = self.evidence(parts, i1 - i0 == 1 or j1 - j0 == 1)
        if bonus is None:
            return None
        return self.group_sim(i0, i1, j0, j1), bonus

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

    # -- pass 1: anchors --------------------------------------------------

    def anchors(self, i0: int, i1: int, j0: int, j1: int, min_sim: float) -> list[tuple[int, int]]:
        """The heaviest in-order chain of mutual best pairs in the rectangle."""
        rows, cols = range(i0, i1), range(j0, j1)
        best_b = dict(
            zip(rows, fork_map(lambda i: self.best_match(i, True, j0, j1), rows, self.jobs))
        )
        best_a = dict(
            zip(cols, fork_map(lambda j: self.best_match(j, False, i0, i1), cols, self.jobs))
        )
        pairs = [
            (i, j, s)
            for i, (j, s) in best_b.items()
            if j >= 0 and s >= min_sim and best_a[j][0] == i
        ]
        return _heaviest_chain(pairs)

    # -- pass 2: dynamic programme ----------------------------------------

    def solve(self, i0: int, i1: int, j0: int, j1: int) -> list[tuple[int, int, int, int, float]]:
        """Beads (i0, i1, j0, j1, score) covering the rectangle, in order."""
        n, m = i1 - i0, j1 - j0
        if n == 0 or m == 0:
            return [(i, i + 1, j0, j0, 0.0) for i in range(i0, i1)] + [
                (i1, i1, j, j + 1, 0.0) for j in range(j0, j1)
            ]
        if n * m > MAX_AREA:
            inner = self.anchors(i0, i1, j0, j1, LOCAL_ANCHOR_MIN)
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

    # -- all passes -------------------------------------------------------

    def run(self) -> list[Link]:
        """Align everything; links in reading order."""
        n, m = len(self.A.feats), len(self.B.feats)
        chain = self.anchors(0, n, 0, m, ANCHOR_MIN)
        self._report(0.2)
        beads = self._between(chain, 0, n, 0, m, self.jobs, part(self.tick, 0.2, 0.9))
        links = [_bead_link(b) for b in beads]
        links = self._eliminate(self._refine(links))
        links = self._repair(_tidy(links))
        self._report(1.0)
        return links

    def _refine(self, links: list[Link]) -> list[Link]:
        """Let an anchor absorb a neighbouring unmatched unit when the group is better."""
        out: list[Link] = []
        for link in links:
            prev = out[-1] if out else None
            if (
                prev is not None
                and link.relation == "match"
                and prev.relation in ("only_a", "only_b")
            ):
                merged = self._try_merge(prev, link)
                if merged:
                    out[-1] = merged
                    continue
            if (
                prev is not None
                and prev.relation == "match"
                and link.relation in ("only_a", "only_b")
            ):
                merged = self._try_merge(prev, link)
                if merged:
                    out[-1] = merged
                    continue
            out.append(link)
        return out

    def _eliminate(self, links: list[Link]) -> list[Link]:
        """Link a lone unmatched pair shut in between two matches, by elimination.

        One sentence of each text between two consecutive matches almost
        always render each other, however few words they share (a free
        translation: "the fame went abroad" / "the report spread"). They
        must still share something, or agree in length.
        """
        out = list(links)
        for k in range(1, len(out) - 2):
            x, y = out[k], out[k + 1]
            if out[k - 1].relation != "match" or out[k + 2].relation != "match":
                continue
            if {x.relation, y.relation} != {"only_a", "only_b"}:
                continue
            i = x.a[0] if x.a else y.a[0]
            j = x.b[0] if x.b else y.b[0]
            fa, fb = self.A.feats[i], self.B.feats[j]
            short, long_ = sorted((fa.length, fb.length))
            s = self.sim(i, j)
            if s > 0.0 or short >= ELIMINATION_LENGTH * long_:
                out[k] = Link((i,), (j,), "match", s)
                out[k + 1] = Link((), (), "gone", 0.0)
        return [link for link in out if link.relation != "gone"]

    def _try_merge(self, x: Link, y: Link) -> Link | None:
        """x and y as one group bead, when that earns more than apart."""
        a = tuple(sorted(x.a + y.a))
        b = tuple(sorted(x.b + y.b))
        if len(a) > 3 or len(b) > 3 or len(a) * len(b) > 4:
            return None
        found = self.group(a[0], a[-1] + 1, b[0], b[-1] + 1)
        if found is None:
            return None
        s, bonus = found
        single = max(
            x.score if x.relation == "match" else 0.0, y.score if y.relation == "match" else 0.0
        )
        penalty = next(pen for da, db, pen in BEADS if (da, db) == (len(a), len(b)))
        if s - penalty + bonus > single:
            return Link(a, b, "match", s)
        return None

    # -- pass 3: repeats and moves ----------------------------------------

    def _review(self, links: list[Link]) -> list[Link]:
        """Unlink a weak in-order match when a sentence has a clearly better, free partner.

        The main pass is monotone, so a moved passage can push a sentence into
        a poor in-order match while its real partner is left without one; the
        repair pass then links the two. A better partner that already has a
        match (a formula the text repeats) is no reason to unlink.
        """
        free_a = {link.a[0] for link in links if link.relation == "only_a"}
        free_b = {link.b[0] for link in links if link.relation == "only_b"}
        out: list[Link] = []
        for link in links:
            if link.relation == "match" and len(link.a) == len(link.b) == 1:
                i, j = link.a[0], link.b[0]
                if link.score < WEAK_MATCH:
                    bar = max(REPAIR_MIN, link.score + REVIEW_MARGIN)
                    cb, sb, indexed_b = self.best_near(i, True, j, free_b)
                    ca, sa, indexed_a = self.best_near(j, False, i, free_a)
                    # A partner only the local search found must be one the
                    # repair pass will link (see `LOCAL_MOVE_MIN`).
                    bar_b = bar if indexed_b else max(bar, LOCAL_MOVE_MIN)
                    bar_a = bar if indexed_a else max(bar, LOCAL_MOVE_MIN)
                    if (cb in free_b and sb >= bar_b) or (ca in free_a and sa >= bar_a):
                        out += [
                            Link((i,), (), "only_a", link.score),
                            Link((), (j,), "only_b", link.score),
                        ]
                        continue
            out.append(link)
        return out

    def _repair(self, links: list[Link]) -> list[Link]:
        """Link sentences left out of the main order to their best partner elsewhere.

        An out-of-order link needs more evidence than an in-order one, and a
        repeat (whose partner already has a match) more than a move: alone it
        must reach `REPEAT_MIN` or `MOVE_MIN`; inside a block of consecutive
        proposals running in the same order on both sides, `REPAIR_MIN`.
        """
        n, m = len(self.A.feats), len(self.B.feats)
        links = self._review(links)
        matched_a = {i for link in links if link.b for i in link.a}
        matched_b = {j for link in links if link.a for j in link.b}
        # (side, unit) -> (other, sim, whether the index proposed it)
        nearest: dict[tuple[int, int], tuple[int, float, bool]] = {}
        centers = _centers(links, n, m)
        free_a = {link.a[0] for link in links if link.relation == "only_a"}
        free_b = {link.b[0] for link in links if link.relation == "only_b"}
        for link in links:
            if link.relation == "only_a":
                k = link.a[0]
                nearest[(0, k)] = self.best_near(k, True, centers[(0, k)], free_b)
            elif link.relation == "only_b":
                k = link.b[0]
                nearest[(1, k)] = self.best_near(k, False, centers[(1, k)], free_a)
        proposed = {
            (side, k, c) for (side, k), (c, s, _) in nearest.items() if c >= 0 and s >= REPAIR_MIN
        }
        proposals = []
        for (side, k), (c, s, by_index) in nearest.items():
            if (side, k, c) not in proposed:
                continue
            block = (side, k - 1, c - 1) in proposed or (side, k + 1, c + 1) in proposed
            free = c not in (matched_b if side == 0 else matched_a)
            bar = REPAIR_MIN if block else (MOVE_MIN if free else REPEAT_MIN)
            if not block and not by_index:
                # Common words only: many a sentence near by shares some.
                bar = max(bar, LOCAL_MOVE_MIN)
            if s >= max(bar, self.threshold):
                proposals.append((-s, side, k, c))
        replaced: dict[tuple[int, int], Link] = {}
        consumed: set[tuple[int, int]] = set()
        for neg_s, side, k, c in sorted(proposals):
            if (side, k) in consumed or (1 - side, c) in consumed:
                continue
            free = c not in (matched_b if side == 0 else matched_a)
            a, b = ((k,), (c,)) if side == 0 else ((c,), (k,))
            replaced[(side, k)] = Link(a, b, "move" if free else "repeat", -neg_s)
            consumed.add((side, k))
            if free:
                consumed.add((1 - side, c))
        out: list[Link] = []
        for link in links:
            if link.relation not in ("only_a", "only_b"):
                out.append(link)
                continue
            key = (0, link.a[0]) if link.relation == "only_a" else (1, link.b[0])
            if key in replaced:
                out.append(replaced[key])
            elif key not in consumed:  # else: the other half of a move placed elsewhere
                out.append(Link(link.a, link.b, link.relation, nearest[key][1]))
        return out

    def _report(self, done: float) -> None:
        if self.tick is not None:
            self.tick(done)


def _centers(links: Sequence[Link], n: int, m: int) -> dict[tuple[int, int], int]:
    """For each unmatched unit, where its partner would stand in the other text.

    That is just after the last matched unit of the other text before it in
    reading order (links are in reading order); keys are (0, A unit) and (1, B unit).
    """
    out: dict[tuple[int, int], int] = {}
    last_a = last_b = -1
    for link in links:
        if link.a and link.b and link.relation == "match":
            last_a, last_b = max(last_a, link.a[-1]), max(last_b, link.b[-1])
        elif link.relation == "only_a":
            out[(0, link.a[0])] = min(last_b + 1, max(m - 1, 0))
        elif link.relation == "only_b":
            out[(1, link.b[0])] = min(last_a + 1, max(n - 1, 0))
    return out


def _bead_link(bead: tuple[int, int, int, int, float]) -> Link:
    i0, i1, j0, j1, s = bead
    a, b = tuple(range(i0, i1)), tuple(range(j0, j1))
    if a and b:
        return Link(a, b, "match", s)
    return Link(a, b, "only_a" if a else "only_b", 0.0)


def _tidy(links: list[Link]) -> list[Link]:
    """Within each run of unmatched units, list A's before B's (a fixed order)."""
    out: list[Link] = []
    run: list[Link] = []
    for link in links + [Link((), (), "end", 0.0)]:
        if link.relation in ("only_a", "only_b"):
            run.append(link)
            continue
        out += sorted(run, key=lambda x: (x.relation != "only_a", x.a, x.b))
        run = []
        if link.relation != "end":
            out.append(link)
    return out


def _heaviest_chain(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int]]:
    """The chain of (i, j) increasing in both with the largest total weight.

    O(k log k) with a Fenwick tree of prefix maxima over j.
    """
    if not pairs:
        return []
    pairs = sorted(pairs)
    js = sorted({j for _, j, _ in pairs})
    rank = {j: r + 1 for r, j in enumerate(js)}
    size = len(js)
    tree_val = [0.0] * (size + 1)
    tree_arg = [-1] * (size + 1)
    total = [0.0] * len(pairs)
    prev = [-1] * len(pairs)

    def query(r: int) -> tuple[float, int]:
        best, arg = 0.0, -1
        while r > 0:
            if tree_val[r] > best:
                best, arg = tree_val[r], tree_arg[r]
            r -= r & -r
        return best, arg

    def update(r: int, val: float, arg: int) -> None:
        while r <= size:
            if val > tree_val[r]:
                tree_val[r], tree_arg[r] = val, arg
            r += r & -r

    # Pairs sharing an i must not chain: process each i's pairs after
    # querying all of them.
    k = 0
    while k < len(pairs):
        e = k
        while e < len(pairs) and pairs[e][0] == pairs[k][0]:
            e += 1
        for x in range(k, e):
            best, arg = query(rank[pairs[x][1]] - 1)
            total[x], prev[x] = best + pairs[x][2], arg
        for x in range(k, e):
            update(rank[pairs[x][1]], total[x], x)
        k = e
    end = max(range(len(pairs)), key=lambda x: (total[x], -x))
    chain = []
    while end >= 0:
        chain.append((pairs[end][0], pairs[end][1]))
        end = prev[end]
    chain.reverse()
    return chain


def align_documents(
    a: Document,
    b: Document,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    keep_chrome: bool = False,
    tick: Tick | None = None,
    jobs: int | None = 1,
) -> list[Link]:
    """Align two documents; links hold sentence ids, in reading order.

    `jobs` processes share the work on long texts (None: every core); the
    result does not depend on it. `tick` is told the share of the work done.
    """
    units_a = [s for s in a.sentences if keep_chrome or not s.chrome]
    units_b = [s for s in b.sentences if keep_chrome or not s.chrome]
    memo = TermMemo()
    terms_a = [content_terms(s, memo) for s in units_a]
    terms_b = [content_terms(s, memo) for s in units_b]
    vocab = Vocabulary(terms_a + terms_b)
    feats_a = [features(s, t, vocab) for s, t in zip(units_a, terms_a)]
    feats_b = [features(s, t, vocab) for s, t in zip(units_b, terms_b)]
    if tick is not None:
        tick(0.3)
    links = Aligner(
        feats_a, feats_b, vocab, threshold=threshold, tick=part(tick, 0.3, 1.0), jobs=jobs
    ).run()
    return [
        Link(
            tuple(units_a[i].id for i in link.a),
            tuple(units_b[j].id for j in link.b),
            link.relation,
            round(link.score, 6),
        )
        for link in links
    ]
