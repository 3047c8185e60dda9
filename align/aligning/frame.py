"""Paragraphs as a frame: in a pair whose paragraphs render each other, units stay in theirs.

Gale & Church (1993) aligned paragraphs first and sentences within them. A
free complete translation (a Tao Te Ching of 1895 against one of 1916) links
only a third of its sentences by their words, so its sentence links alone
say "a summary" and leave the rest unpaired; yet its chapters render each
other one by one. The frame reads that from the links themselves:

* each pair of paragraphs weighs the links between them; a pair joins the
  frame when it weighs at least `FRAME_SHARE` of the heaviest pair of both its
  paragraphs, and the frame is the heaviest chain of such pairs in the same
  order in both texts (paragraphs of one text rendered by two of the other
  form one bead);
* paragraphs left between two beads, as many on each side (up to
  `FRAME_FACING`), face each other and are beads too;
* the frame holds when its beads cover at least `FRAME_COVER` of one text's
  characters and `FRAME_OTHER` of the other's (a text with whole paragraphs
  cut still frames the rest), each text has at least `FRAME_MIN_PARAGRAPHS`,
  and its paragraphs hold at least `FRAME_MIN_UNITS` units on average, its
  headings not counted (one unit per line has no paragraphs to frame, nor has
  a news agency's page of one-sentence paragraphs); when only one text's do
  (the other runs each chapter into one sentence), the beads must cover
  `FRAME_COVER` of both.

When it holds, a link between paragraphs of different beads weaker than
`FRAME_CROSS_KEEP` is undone, and a run of unpaired units is aligned again
bead by bead (`align.aligning.runs`), each bead priced by how complete its two
sides are: the share of the other side's length, at the length ratio of the
sentence links, that each side reaches (a bead whose B paragraph lost a quarter of its verses
leaves A's units free to stay out).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from align.aligning.candidates import Candidates
from align.aligning.index import MATCH, ONLY_A, ONLY_B, Link

#: Each text needs at least this many paragraphs for a frame.
FRAME_MIN_PARAGRAPHS = 4
#: Each text must hold at least this many units per paragraph on average (a news
#: agency's paragraphs of one or two sentences are no frame; a book's chapters are).
FRAME_MIN_UNITS = 2.5
#: A paragraph of one unit shorter than this many characters is a heading, which
#: `FRAME_MIN_UNITS` does not count (a book's chapters each under its heading).
HEADING_CHARS = 40
#: A paragraph pair joins the frame from this share of the heaviest pair of each of its paragraphs.
FRAME_SHARE = 0.5
#: The frame holds when its beads cover this share of one text's characters...
FRAME_COVER = 0.9
#: ...and this share of the other's.
FRAME_OTHER = 0.7
#: Paragraphs between two beads, as many on each side and at most this many, face each other.
FRAME_FACING = 3
#: A link across two beads is undone below this similarity...
FRAME_CROSS_KEEP = 0.5
#: ...and a move or repeat across two beads needs this (the repair pass).
FRAME_MOVE_MIN = 0.65


@dataclass(frozen=True)
class ParagraphFrame:
    """Beads of paragraphs: each unit's bead (absent: in none) and each bead's lengths."""

    bead_a: dict[int, int]
    bead_b: dict[int, int]
    #: Per bead: the characters of its A part and of its B part.
    lengths: tuple[tuple[int, int], ...]

    def complete(self, k: int, ratio: float) -> tuple[float, float]:
        """The share of a full rendering that bead k's A part and B part reach, at B
        characters per A character `ratio` (the links' own: a cut text biases the beads')."""
        la, lb = self.lengths[k]
        return (
            min(1.0, lb / (ratio * la)) if la else 0.0,
            min(1.0, ratio * la / lb) if lb else 0.0,
        )

    @cached_property
    def _sorted(self) -> tuple[list[int], list[int]]:
        return sorted(self.bead_a), sorted(self.bead_b)

    def crosses(self, side: int, unit: int, other: int) -> bool:
        """Whether a unit of one side and a unit of the other stand in two different beads."""
        k = (self.bead_b if side else self.bead_a).get(unit)
        c = (self.bead_a if side else self.bead_b).get(other)
        return k is not None and c is not None and k != c

    def bar(self, side: int, unit: int, other: int) -> float:
        """What a move or repeat linking them needs: `FRAME_MOVE_MIN` across two beads."""
        return FRAME_MOVE_MIN if self.crosses(side, unit, other) else 0.0

    def place(self, side: int, unit: int) -> float:
        """Where a unit stands among the beads: its own, or just after the last one before it."""
        beads = self.bead_b if side else self.bead_a
        if unit in beads:
            return beads[unit]
        units = self._sorted[side]  # beads run in text order: the nearest unit before has the last
        k = bisect.bisect_left(units, unit)
        return beads[units[k - 1]] + 0.5 if k else -0.5


def _paragraph_runs(paragraphs: Sequence[int]) -> list[list[int]]:
    """The units of each paragraph, in order (a paragraph is a run of one number)."""
    out: list[list[int]] = []
    last = None
    for u, p in enumerate(paragraphs):
        if not out or p != last:
            out.append([])
            last = p
        out[-1].append(u)
    return out


def _chain(weights: dict[tuple[int, int], float], n_b: int) -> list[tuple[int, int]]:
    """The heaviest chain of pairs non-decreasing in both members (a Fenwick tree over B)."""
    pairs = sorted(weights)
    tree = [(0.0, -1)] * (n_b + 1)
    best: list[tuple[float, int]] = []
    for k, (_, q) in enumerate(pairs):
        x, top = q + 1, (0.0, -1)
        while x > 0:
            top = max(top, tree[x])
            x -= x & -x
        here = (top[0] + weights[pairs[k]], top[1])
        best.append(here)
        x = q + 1
        while x <= n_b:
            if (here[0], k) > tree[x]:
                tree[x] = (here[0], k)
            x += x & -x
    if not best:
        return []
    k = max(range(len(best)), key=lambda t: (best[t][0], -t))
    out = []
    while k >= 0:
        out.append(pairs[k])
        k = best[k][1]
    return out[::-1]


class Frame(Candidates):
    """The paragraph frame (a part of `Aligner`)."""

    #: Each text's paragraph number per unit (empty: not known).
    paragraphs: tuple[Sequence[int], Sequence[int]] = ((), ())
    #: The pair's frame, read off the main pass's links (None: its paragraphs frame nothing).
    frame: ParagraphFrame | None = None

    def _frame(self, links: Sequence[Link]) -> ParagraphFrame | None:
        """The pair's paragraph frame, or None when its paragraphs frame nothing."""
        if not self.paragraphs[0] or not self.paragraphs[1]:
            return None
        runs = (_paragraph_runs(self.paragraphs[0]), _paragraph_runs(self.paragraphs[1]))
        n = (len(self.A.feats), len(self.B.feats))
        per = sorted((self._units_per_paragraph(0, runs[0]), self._units_per_paragraph(1, runs[1])))
        if min(len(runs[0]), len(runs[1])) < FRAME_MIN_PARAGRAPHS or per[1] < FRAME_MIN_UNITS:
            return None
        # One text of one-sentence paragraphs (a translation that runs each chapter
        # into one sentence) frames only when the beads hold nearly all of both texts.
        other = FRAME_OTHER if per[0] >= FRAME_MIN_UNITS else FRAME_COVER
        para = ([0] * n[0], [0] * n[1])
        for side in (0, 1):
            for p, units in enumerate(runs[side]):
                for u in units:
                    para[side][u] = p
        weights: dict[tuple[int, int], float] = defaultdict(float)
        for link in links:
            if link.relation == MATCH and link.a and link.b:
                share = link.score / (len(link.a) * len(link.b))
                for i in link.a:
                    for j in link.b:
                        weights[(para[0][i], para[1][j])] += share
        heaviest: tuple[dict[int, float], dict[int, float]] = ({}, {})
        for (p, q), w in weights.items():
            heaviest[0][p] = max(heaviest[0].get(p, 0.0), w)
            heaviest[1][q] = max(heaviest[1].get(q, 0.0), w)
        kept = {
            (p, q): w
            for (p, q), w in weights.items()
            if w > 0 and w >= FRAME_SHARE * heaviest[0][p] and w >= FRAME_SHARE * heaviest[1][q]
        }
        beads: list[tuple[list[int], list[int]]] = []
        for p, q in _chain(kept, len(runs[1])):
            if beads and (p == beads[-1][0][-1] or q == beads[-1][1][-1]):
                bead = beads[-1]
                if p != bead[0][-1]:
                    bead[0].append(p)
                if q != bead[1][-1]:
                    bead[1].append(q)
            else:
                beads.append(([p], [q]))
        beads = _facing(beads, len(runs[0]), len(runs[1]))
        lengths = (
            [sum(self.A.feats[u].length for u in units) for units in runs[0]],
            [sum(self.B.feats[u].length for u in units) for units in runs[1]],
        )
        inside = [
            [sum(lengths[0][p] for p in ps) for ps, _ in beads],
            [sum(lengths[1][q] for q in qs) for _, qs in beads],
        ]
        cover = [sum(inside[s]) / (sum(lengths[s]) or 1) for s in (0, 1)]
        if len(beads) < FRAME_MIN_PARAGRAPHS or not (
            max(cover) >= FRAME_COVER and min(cover) >= other
        ):
            return None
        bead_a = {u: k for k, (ps, _) in enumerate(beads) for p in ps for u in runs[0][p]}
        bead_b = {u: k for k, (_, qs) in enumerate(beads) for q in qs for u in runs[1][q]}
        return ParagraphFrame(bead_a, bead_b, tuple(zip(inside[0], inside[1])))

    def _units_per_paragraph(self, side: int, runs: Sequence[Sequence[int]]) -> float:
        """Units per paragraph of one text, its headings (a paragraph of one unit under
        `HEADING_CHARS`: "Chapter 12", "Psalm 55") not counted as paragraphs."""
        feats = (self.A if side == 0 else self.B).feats
        body = [r for r in runs if len(r) > 1 or feats[r[0]].length >= HEADING_CHARS]
        return sum(len(r) for r in body) / len(body) if body else 0.0

    def _unframe(self, links: list[Link], frame: ParagraphFrame, inside: bool) -> list[Link]:
        """Undo the weak in-order links between paragraphs of different beads and,
        when the beads are to be aligned again (`inside`), those below the bar in one."""
        out: list[Link] = []
        for link in links:
            if link.relation != MATCH or not link.a or link.score >= FRAME_CROSS_KEEP:
                out.append(link)
                continue
            beads = {frame.bead_a.get(i, -1) for i in link.a}
            beads |= {frame.bead_b.get(j, -1) for j in link.b}
            # A unit of a paragraph in no bead (a headline) may join a bead's link; in a
            # pair judged complete, the main pass priced a weak link inside a bead already.
            crossing = len(beads - {-1}) > 1
            if not crossing and (-1 in beads or not inside or link.score >= self.threshold):
                out.append(link)
                continue
            out += [Link((i,), (), ONLY_A, 0.0) for i in link.a]
            out += [Link((), (j,), ONLY_B, 0.0) for j in link.b]
        return out


def _facing(
    beads: list[tuple[list[int], list[int]]], n_a: int, n_b: int
) -> list[tuple[list[int], list[int]]]:
    """The beads with the paragraphs between two of them paired when as many face each other."""
    out: list[tuple[list[int], list[int]]] = []
    last = (-1, -1)
    for bead in [*beads, ([n_a], [n_b])]:
        gap_a = list(range(last[0] + 1, bead[0][0]))
        gap_b = list(range(last[1] + 1, bead[1][0]))
        if len(gap_a) == len(gap_b) and 0 < len(gap_a) <= FRAME_FACING:
            out += [([p], [q]) for p, q in zip(gap_a, gap_b)]
        if bead[0][0] < n_a or bead[1][0] < n_b:
            out.append(bead)
        last = (bead[0][-1], bead[1][-1])
    return out
