"""Leftover units in a complete translation: runs between matches filled, neighbours absorbed.

The main pass prices an omission at nothing, as a summary needs. In a
complete translation that leaves units unpaired whose wording differs but
whose place and length say they render each other ("Here is a boy." /
"Here is a fine young man!"), and leaves the tail of a sentence that one
translation splits more finely outside its bead. These passes mend that, priced
by how complete each side is (estimated from the pair itself):

* `Runs._fill_runs`: a run of unpaired units of both texts between two links
  is aligned again by a small dynamic programme whose beads (up to 3-3, and
  1-8 / 8-1 for a long sentence the other text splits into short ones) earn
  their similarity plus the Gale & Church (1993) length evidence, and where
  leaving a unit out costs in proportion to how complete its text is;
* `Runs._attach`: in a text judged complete, an unpaired unit beside a link
  of its own paragraph joins it when it shares words with the link's other
  side and the lengths fit no worse (or, both texts complete, when the
  lengths fit better with it);
* `Runs._absorb`: an unpaired unit next to a link joins it when the group
  renders the other side better, in wording or (in a pair judged complete) in length;
* `Runs._by_length`: one line a unit, in a complete pair, a stretch between
  confident links that leaves units over is aligned again by place and length
  (Gale & Church's programme, `align.aligning.lengths`, its variance read off the pair);
  so is every stretch between links of a free rendering with parts cut, whose links
  cover too little for it to be judged complete or cut but whose stretches follow
  each other in length (`Runs._stretches_follow`), a unit left out as often as the
  texts' unit counts say units were cut;
* `Runs._trim`: one line a unit, in a pair with parts cut, a bead of one line
  against several gives up an end line that adds no wording and that its
  length says is not rendered there (a verse whose counterpart was cut).

Where the pair's paragraphs render each other (`align.aligning.frame`), the
runs are aligned bead by bead of paragraphs, each priced by its own sides'
completeness, even when the sentence links alone cover too little of either
text for the pair to be judged complete.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import StatisticsError, correlation

from align.aligning.chain import _heaviest_chain
from align.aligning.frame import Frame, ParagraphFrame
from align.aligning.index import CUT_FROM, MATCH, ONLY_A, ONLY_B, WEAK_MATCH, Link, split_runs
from align.aligning.lengths import (
    LINE_RARITY,
    length_evidence,
    length_programme,
    pair_variance,
)
from align.aligning.semantic import Semantic

#: In a text judged complete, an unpaired unit joins the neighbouring link
#: whose other side it shares at least this much with (`Runs._attach`).
ATTACH_MIN = 0.1
#: In a run, a bead earns its similarity plus this times its length evidence...
LENGTH_WEIGHT = 0.5
#: ...less this; leaving a unit out costs up to `SKIP_COST` when its text is
#: complete (every unit of it rendered), nothing when it is a summary's source.
BEAD_BASE = 0.55
SKIP_COST = 0.25
#: A text whose confident links cover less than this share of it is treated
#: as one the other text summarises: leaving its units out costs nothing.
COMPLETE_FROM = 0.5
#: When both texts' links cover at least this share, B's characters per A
#: character are read off the whole texts.
WHOLE_RATIO_FROM = 0.85
#: A free translation's two coverages differ by at most this.
SYMMETRIC_WITHIN = 0.15
#: Group beads in a run pay this on top (a 1-1 is the usual case).
GROUP_COST = 0.1
#: The beads a run may hold: every grouping of up to 3-3, and one unit of
#: either text against up to `MAX_ABSORBED` of the other (a long sentence
#: that the other translation splits into short ones).
RUN_BEADS: tuple[tuple[int, int], ...] = tuple(
    (da, db)
    for da in range(1, 9)
    for db in range(1, 9)
    if (da <= 3 and db <= 3) or min(da, db) == 1
)
#: Word vectors are consulted only for beads whose lengths agree at least this well.
SEMANTIC_LENGTH_MIN = 0.05
#: One unit left on each side between two in-order links of a complete rendering is
#: paired when the shorter is at least this share of the longer (not a heading against a verse).
FACING_LENGTH = 1 / 3
#: A line under this share of its partner's length, sharing nothing with it, is taken
#: for a heading against a verse when place and length realign a stretch (`Runs._by_length`).
HEADING_LENGTH = 0.2
#: A pair whose links cover too little for it to be judged complete or cut is taken
#: for a free rendering with parts cut when at least this many stretches between
#: its links hold units of both texts...
MIN_STRETCHES = 5
#: ...and their lengths (logarithms) are correlated at least this much (`Runs._stretches_follow`).
STRETCH_CORRELATION = 0.5
#: Runs larger than this many cells are left as they are (bounded cost).
MAX_RUN_CELLS = 2500
#: A unit joins a neighbouring link only when it shares this much with its other side.
ABSORB_PART_MIN = 0.05
#: A link grows by absorption when wording and length gain this much (and shrinks
#: by `Runs._trim` when they lose it).
ABSORB_MARGIN = 0.02
#: A link grows by absorption to at most this many units a side.
MAX_ABSORBED = 8


class Runs(Frame):
    """The complete-translation passes (a part of `Aligner`)."""

    #: Word-vector evidence for the runs, when `align_documents` gives it.
    semantic: Semantic | None = None
    #: Whether the bar was estimated (else the caller's: a floor for runs too).
    estimate: bool = True
    #: Per unit of each side, its quoted runs (`quotes.quoted_runs`); empty: none known.
    quotes: tuple[Sequence[tuple[str, ...]], Sequence[tuple[str, ...]]] = ((), ())
    #: Whether the pair is judged one complete rendering of the other (`_judge_whole`).
    whole: bool = False
    #: Whether it is judged one with parts cut: not complete, each text at least
    #: `CUT_FROM` rendered (set by `_complete`).
    cut: bool = False
    #: One line a unit (``--units lines``): the texts share their units' boundaries.
    lines: bool = False

    def _coverage(self, links: Sequence[Link]) -> tuple[float, float, float]:
        """Share of each text's characters in links, and B's characters per A character."""
        total_a = sum(f.length for f in self.A.feats) or 1
        total_b = sum(f.length for f in self.B.feats) or 1
        in_a = in_b = 0
        for link in links:
            if link.a and link.b:
                in_a += sum(self.A.feats[i].length for i in link.a)
                in_b += sum(self.B.feats[j].length for j in link.b)
        cov_a, cov_b = in_a / total_a, in_b / total_b
        # Both texts complete: their whole lengths give the ratio (the links'
        # own would be biased by the very units left out of them).
        if min(cov_a, cov_b) >= WHOLE_RATIO_FROM or not (in_a and in_b):
            return cov_a, cov_b, total_b / total_a
        return cov_a, cov_b, in_b / in_a

    def _judge_whole(self, links: Sequence[Link]) -> bool:
        """Whether the pair is one complete rendering of the other (sets `self.whole`).

        Both texts' links cover most of them, or (a free translation, whose
        links cover less) each text's links cover a similar share, at least
        `COMPLETE_FROM`, and each text is as long as the other's links say a
        rendering of all of it would be. A summary fails both: the links cover
        its source far less than itself, and the source is longer than its
        rendering would be.
        """
        cov_a, cov_b, ratio = self._coverage(links)
        total_a = sum(f.length for f in self.A.feats) or 1
        total_b = sum(f.length for f in self.B.feats) or 1
        implied = min(total_b / (ratio * total_a), total_a * ratio / total_b)
        self.whole = min(cov_a, cov_b) >= WHOLE_RATIO_FROM or (
            min(cov_a, cov_b) >= COMPLETE_FROM
            and abs(cov_a - cov_b) <= SYMMETRIC_WITHIN
            and implied >= WHOLE_RATIO_FROM
        )
        return self.whole

    @staticmethod
    def _skip_cost(coverage: float) -> float:
        return SKIP_COST * max(0.0, (coverage - COMPLETE_FROM) / (1.0 - COMPLETE_FROM))

    def _length(self, a: Sequence[int], b: Sequence[int], ratio: float) -> float:
        la = sum(self.A.feats[i].length for i in a) + max(0, len(a) - 1)
        lb = sum(self.B.feats[j].length for j in b) + max(0, len(b) - 1)
        return length_evidence(la, lb, ratio)

    def _complete(self, links: list[Link]) -> list[Link]:
        """Both passes, priced from this pair's own coverage and length ratio.

        A paragraph frame (`align.aligning.frame`) undoes the weak links across
        its beads. Where the links alone cover less than `COMPLETE_FROM` of a text
        (a free translation reads as a summary), the frame also prices each bead
        by its own sides' completeness, and its runs are aligned bead by bead."""
        frame = self.frame
        cov_a, cov_b, ratio = self._coverage(links)
        inside = frame is not None and not self.whole and min(cov_a, cov_b) < COMPLETE_FROM
        if frame is not None:
            links = self._unframe(links, frame, inside)
            cov_a, cov_b, ratio = self._coverage(links)
        # Both texts rendered in full, or in most part (a translation with parts
        # cut): the runs at the open ends render each other too.
        ends = self.whole or min(cov_a, cov_b) >= CUT_FROM
        self.cut = ends and not self.whole
        if self.whole:
            cov_a = cov_b = 1.0  # a complete rendering: every unit has a counterpart
        if (self.lines or frame is None) and not ends and self._stretches_follow(links):
            # A free rendering with parts cut: its links cover too little for it to be
            # judged complete or cut, but the stretches between them render each other
            # in length. Place and length pair their units (one line a unit, or running
            # text no paragraph frame holds), a unit of the longer text left out as
            # often as the counts say units were cut.
            na, nb = len(self.A.feats), len(self.B.feats)
            skips = (max(na - nb, 1) / na, max(nb - na, 1) / nb)
            links = self._by_length(links, ratio, skips, floor=0.0)
        skip_a, skip_b = self._skip_cost(cov_a), self._skip_cost(cov_b)
        if skip_a == 0.0 and skip_b == 0.0 and not inside:
            return links
        if self.whole and self.lines:
            links = self._by_length(links, ratio)
        links = self._fill_runs(links, (cov_a, cov_b), ratio, ends, frame if inside else None)
        complete = (cov_a >= WHOLE_RATIO_FROM, cov_b >= WHOLE_RATIO_FROM)
        links = self._attach(links, complete, ratio)
        links = self._absorb(links, ratio)
        return self._trim(links, ratio) if self.cut and self.lines else links

    def _stretches_follow(self, links: Sequence[Link]) -> bool:
        """Whether the stretches left between the in-order 1-1 links follow each other
        in length as a rendering's do: at least `MIN_STRETCHES` with units on both
        sides, their log lengths correlated at least `STRETCH_CORRELATION`. A summary's
        or a partial retelling's stretches do not (and a short pair has too few to tell)."""
        chain = _heaviest_chain(
            [
                (x.a[0], x.b[0], 1.0)
                for x in links
                if x.relation is MATCH and len(x.a) == len(x.b) == 1
            ]
        )
        fa, fb = self.A.feats, self.B.feats
        pairs: list[tuple[float, float]] = []
        prev_a = prev_b = -1
        for a, b in (*chain, (len(fa), len(fb))):
            la = sum(fa[i].length for i in range(prev_a + 1, a))
            lb = sum(fb[j].length for j in range(prev_b + 1, b))
            if la and lb:
                pairs.append((math.log(la), math.log(lb)))
            prev_a, prev_b = a, b
        if len(pairs) < MIN_STRETCHES:
            return False
        try:
            return correlation(*zip(*pairs)) >= STRETCH_CORRELATION
        except StatisticsError:  # one side's stretches all of one length
            return False

    # -- runs between links -------------------------------------------------

    def _by_length(
        self,
        links: list[Link],
        ratio: float,
        skips: tuple[float, float] | None = None,
        floor: float = WEAK_MATCH,
    ) -> list[Link]:
        """Each stretch between confident links (1-1, `floor` and up) that leaves units
        over is aligned again by place and length (`align.aligning.lengths`), as Gale &
        Church do: one line a unit in a complete pair, or a free rendering with parts cut.

        The length variance is read off the pair's 1-1 links and the chance level of
        wording off the pair (the bar); the shapes' priors are Gale & Church's raised
        to `LINE_RARITY` (lines pair one with one more often than sentences). `skips`
        raises the priors of leaving a unit of A or of B out.
        """
        fa, fb = self.A.feats, self.B.feats
        variance = pair_variance(
            [
                (fa[x.a[0]].length, fb[x.b[0]].length)
                for x in links
                if x.relation is MATCH and len(x.a) == len(x.b) == 1
            ],
            ratio,
        )
        bar = self.threshold
        out: list[Link] = []
        stretch: list[Link] = []

        def flush() -> None:
            a = sorted(i for x in stretch for i in x.a)
            b = sorted(j for x in stretch for j in x.b)
            loose = any(x.relation is ONLY_A or x.relation is ONLY_B for x in stretch)
            if not (loose and a and b):
                out.extend(stretch)
                return

            def bonus(x: int, y: int) -> float:
                if fa[a[x]].terms.keys().isdisjoint(fb[b[y]].terms):
                    return 0.0
                return max(0.0, self.sim(a[x], b[y]) - bar)

            shapes = length_programme(
                [fa[i].length for i in a],
                [fb[j].length for j in b],
                ratio,
                bonus,
                variance,
                rarity=LINE_RARITY if self.lines else 1.0,
                skips=skips,
            )
            old = {(x.a, x.b): x for x in stretch}
            x = y = 0
            for da, db in shapes:
                ga, gb = tuple(a[x : x + da]), tuple(b[y : y + db])
                x, y = x + da, y + db
                s = self.group_sim(ga[0], ga[-1] + 1, gb[0], gb[-1] + 1) if ga and gb else 0.0
                if (
                    ga
                    and gb
                    and (len(ga) + len(gb) > 2 or s > bar or not self._heading(ga[0], gb[0]))
                ):
                    out.append(Link(ga, gb, MATCH, s))
                elif ga and gb:
                    # One line under a fifth of the other's length, nothing shared:
                    # a heading against a verse, not a rendering.
                    out.append(old.get((ga, ())) or Link(ga, (), ONLY_A, 0.0))
                    out.append(old.get(((), gb)) or Link((), gb, ONLY_B, 0.0))
                else:
                    out.append(old.get((ga, gb)) or Link(ga, gb, ONLY_A if ga else ONLY_B, 0.0))

        for link in links:
            one_one = len(link.a) == len(link.b) == 1
            if (
                link.relation is ONLY_A
                or link.relation is ONLY_B
                or (link.relation is MATCH and (link.score < floor or not one_one))
            ):
                stretch.append(link)
                continue
            flush()
            stretch = []
            out.append(link)
        flush()
        return out

    def _fill_runs(
        self,
        links: list[Link],
        cover: tuple[float, float],
        ratio: float,
        ends: bool = True,
        frame: ParagraphFrame | None = None,
    ) -> list[Link]:
        """Each run of unpaired units aligned again; those before the first link and
        after the last only when `ends` (both texts rendered in full or in most part).
        With a `frame`, each run is aligned bead by bead (a bead is bounded by its paragraphs)."""
        out: list[Link] = []
        before: Link | None = None
        first = True
        for run, link in split_runs(links):
            in_order = all(x is None or x.relation == MATCH for x in (before, link))
            open_end = first or link is None
            before, first = link, False
            bounded = ends or not open_end
            if frame is not None:
                out += self._fill_framed(run, cover, ratio, in_order, bounded, frame)
            else:
                a = sorted(i for x in run for i in x.a)
                b = sorted(j for x in run for j in x.b)
                old = {(x.a, x.b): x for x in run}
                out += self._fill(a, b, cover, ratio, in_order, bounded, old)
            if link is not None:
                out.append(link)
        return out

    def _fill(
        self,
        a: list[int],
        b: list[int],
        cover: tuple[float, float],
        ratio: float,
        in_order: bool,
        bounded: bool,
        old: dict[tuple[tuple[int, ...], tuple[int, ...]], Link],
        facing: bool = False,
    ) -> list[Link]:
        """One run's units aligned again (`old`: the run's links, for units left out)."""
        if (
            (self.whole or facing)
            and len(a) == len(b) == 1
            and in_order
            and (self._alike_in_length(a[0], b[0]))
        ):
            # One unit left on each side between two links of a complete
            # rendering: where each stands says they render each other,
            # whatever their lengths or words (Psalm 55:20 OEB "My friend
            # turned against me, betrayed his word." against ASV's 98
            # characters, "He hath put forth his hands ...").
            return [Link((a[0],), (b[0],), MATCH, self.sim(a[0], b[0]))]
        skip_a, skip_b = self._skip_cost(cover[0]), self._skip_cost(cover[1])
        if a and b and len(a) * len(b) <= MAX_RUN_CELLS and bounded and (skip_a or skip_b):
            # A run before the first link or after the last is bounded on one
            # side only: unless both texts are rendered in most part, one may
            # simply stop sooner (a text cut at a page's limit, a summary's own
            # closing lines), and place and length then say nothing.
            return self._run_dp(a, b, skip_a, skip_b, ratio, old)
        return list(old.values())

    def _fill_framed(
        self,
        run: list[Link],
        cover: tuple[float, float],
        ratio: float,
        in_order: bool,
        bounded: bool,
        frame: ParagraphFrame,
    ) -> list[Link]:
        """A run aligned bead by bead of the frame, each bead priced by its completeness;
        its units in no bead it shares with the other text, as a run of their own."""
        by_bead: dict[int, tuple[list[Link], list[Link]]] = {}
        rest: list[Link] = []
        for x in run:
            k = frame.bead_a.get(x.a[0]) if x.a else frame.bead_b.get(x.b[0])
            if k is None:
                rest.append(x)
            else:
                by_bead.setdefault(k, ([], []))[0 if x.a else 1].append(x)
        placed: list[tuple[float, int, list[Link]]] = []
        for k, (xa, xb) in sorted(by_bead.items()):
            if not xa or not xb:
                rest += xa + xb
                continue
            comp_a, comp_b = frame.complete(k, ratio)
            here = (max(cover[0], comp_a), max(cover[1], comp_b))
            facing = min(comp_a, comp_b) >= WHOLE_RATIO_FROM
            ga, gb = [x.a[0] for x in xa], [x.b[0] for x in xb]
            part = {(x.a, x.b): x for x in xa + xb}
            # Its paragraphs bound a bead, at the ends of the texts too.
            placed.append((k, 0, self._fill(ga, gb, here, ratio, in_order, True, part, facing)))
        order = {id(x): n for n, x in enumerate(run)}
        rest.sort(key=lambda x: order[id(x)])
        ra = [x.a[0] for x in rest if x.a]
        rb = [x.b[0] for x in rest if x.b]
        old = {(x.a, x.b): x for x in rest}
        for n, x in enumerate(self._fill(ra, rb, cover, ratio, in_order, bounded, old)):
            side, unit = (0, x.a[0]) if x.a else (1, x.b[0])
            placed.append((frame.place(side, unit), 1 + n, [x]))
        placed.sort(key=lambda t: (t[0], t[1]))
        return [x for _, _, group in placed for x in group]

    def _heading(self, i: int, j: int) -> bool:
        """Whether unit i of A or j of B is under `HEADING_LENGTH` of the other's length."""
        la, lb = self.A.feats[i].length, self.B.feats[j].length
        return min(la, lb) < HEADING_LENGTH * max(la, lb)

    def _alike_in_length(self, i: int, j: int) -> bool:
        """Whether units i of A and j of B are within `FACING_LENGTH` of each other's length."""
        la, lb = self.A.feats[i].length, self.B.feats[j].length
        return min(la, lb) >= FACING_LENGTH * max(la, lb)

    def _run_dp(
        self,
        a: list[int],
        b: list[int],
        skip_a: float,
        skip_b: float,
        ratio: float,
        old: dict[tuple[tuple[int, ...], tuple[int, ...]], Link],
    ) -> list[Link]:
        """Beads over the run's units (`RUN_BEADS`) and skips, best total gain first."""
        n, m = len(a), len(b)
        # A bar the user gave is a floor here too; an estimated one leaves
        # the decision to place and length.
        floor = 0.0 if self.estimate else self.threshold
        neg = -math.inf
        score = [[neg] * (m + 1) for _ in range(n + 1)]
        back: list[list[tuple[int, int, float]]] = [[(0, 0, 0.0)] * (m + 1) for _ in range(n + 1)]
        score[0][0] = 0.0
        for i in range(n + 1):
            for j in range(m + 1):
                if i == 0 and j == 0:
                    continue
                best, arg = neg, (0, 0, 0.0)
                if i and score[i - 1][j] - skip_a > best:
                    best, arg = score[i - 1][j] - skip_a, (1, 0, 0.0)
                if j and score[i][j - 1] - skip_b > best:
                    best, arg = score[i][j - 1] - skip_b, (0, 1, 0.0)
                for da, db in RUN_BEADS:
                    if da > i or db > j or score[i - da][j - db] == neg:
                        continue
                    ga, gb = a[i - da : i], b[j - db : j]
                    if ga[-1] - ga[0] != da - 1 or gb[-1] - gb[0] != db - 1:
                        continue  # a group holds neighbours only
                    s = self.group_sim(ga[0], ga[-1] + 1, gb[0], gb[-1] + 1)
                    length = self._length(ga, gb, ratio)
                    if self.semantic is not None and length >= SEMANTIC_LENGTH_MIN:
                        s = min(1.0, s + self.semantic.credit(ga, gb))
                    if s < floor or (s <= 0.0 and length < SEMANTIC_LENGTH_MIN):
                        continue  # below the user's bar, or no evidence at all
                    gain = s + LENGTH_WEIGHT * length - BEAD_BASE
                    if da * db > 1:
                        gain -= GROUP_COST
                    if score[i - da][j - db] + gain > best:
                        best, arg = score[i - da][j - db] + gain, (da, db, s)
                score[i][j], back[i][j] = best, arg
        beads = []
        i, j = n, m
        while i or j:
            da, db, s = back[i][j]
            beads.append((tuple(a[i - da : i]), tuple(b[j - db : j]), s))
            i, j = i - da, j - db
        beads.reverse()
        out: list[Link] = []
        for ga, gb, s in beads:
            if ga and gb:
                out.append(Link(ga, gb, MATCH, s))
            else:
                out.append(old[(ga, gb)])
        return out

    # -- absorption ---------------------------------------------------------

    def _same_paragraph(self, side: int, u: int, v: int) -> bool:
        """Whether units u and v of one text stand in the same paragraph."""
        paragraphs = self.paragraphs[side]
        return not paragraphs or paragraphs[u] == paragraphs[v]

    def _attach(self, links: list[Link], complete: tuple[bool, bool], ratio: float) -> list[Link]:
        """In a complete text, let each unpaired unit join the neighbouring link it renders.

        Every unit of a complete text renders something, so a unit left
        over beside a link is most likely a piece of that link's bead (the
        tail of a sentence the other text splits less finely), though the
        group's wording and length may score below the link alone. It joins
        a neighbour in its own paragraph (a headline is not a tail), the one
        whose other side it shares more with, from `ATTACH_MIN` on and when
        the bead's lengths fit no worse with it, or, when both texts are
        complete, whenever they fit better; the
        best-supported units go first, as each joined unit makes its own
        neighbour adjacent.
        """
        if not any(complete):
            return links
        owner: list[dict[int, int]] = [{}, {}]  # unit -> index of its two-sided link
        for k, link in enumerate(links):
            if link.relation == MATCH:
                for i in link.a:
                    owner[0][i] = k
                for j in link.b:
                    owner[1][j] = k
        current = list(links)
        free = [
            {x.a[0] for x in links if x.relation == ONLY_A} if complete[0] else set(),
            {x.b[0] for x in links if x.relation == ONLY_B} if complete[1] else set(),
        ]
        taken: set[tuple[int, int]] = set()
        changed = True
        while changed:
            changed = False
            offers = []
            for side in (0, 1):
                for u in sorted(free[side]):
                    for v in (u - 1, u + 1):
                        k = owner[side].get(v)
                        if k is None or not self._same_paragraph(side, u, v):
                            continue
                        link = current[k]
                        units = link.a if side == 0 else link.b
                        if len(units) >= MAX_ABSORBED:
                            continue
                        if side == 0:
                            alone = self.group_sim(u, u + 1, link.b[0], link.b[-1] + 1)
                        else:
                            alone = self.group_sim(link.a[0], link.a[-1] + 1, u, u + 1)
                        a = tuple(sorted((*link.a, u))) if side == 0 else link.a
                        b = tuple(sorted((*link.b, u))) if side == 1 else link.b
                        fit = self._length(a, b, ratio) - self._length(link.a, link.b, ratio)
                        if (alone >= ATTACH_MIN and fit >= 0) or (self.whole and fit > 0):
                            offers.append((-(alone + LENGTH_WEIGHT * fit), side, u, k))
            offers.sort()
            for _, side, u, k in offers:
                if u not in free[side]:
                    continue
                link = current[k]
                units = link.a if side == 0 else link.b
                if u not in (units[0] - 1, units[-1] + 1) or len(units) >= MAX_ABSORBED:
                    continue
                a = tuple(sorted((*link.a, u))) if side == 0 else link.a
                b = tuple(sorted((*link.b, u))) if side == 1 else link.b
                current[k] = Link(a, b, MATCH, self.group_sim(a[0], a[-1] + 1, b[0], b[-1] + 1))
                owner[side][u] = k
                free[side].discard(u)
                taken.add((side, u))
                changed = True
        out = []
        for link in current:
            if link.relation == ONLY_A and (0, link.a[0]) in taken:
                continue
            if link.relation == ONLY_B and (1, link.b[0]) in taken:
                continue
            out.append(link)
        return out

    def _absorb(self, links: list[Link], ratio: float) -> list[Link]:
        """Let each link take in unpaired neighbours of its own units when the group is better."""
        free_a = {x.a[0] for x in links if x.relation == ONLY_A}
        free_b = {x.b[0] for x in links if x.relation == ONLY_B}
        taken: set[tuple[int, int]] = set()
        grown: dict[int, Link] = {}
        for k, link in enumerate(links):
            if link.relation != MATCH:
                continue
            current = link
            changed = True
            while changed:
                changed = False
                for side in (0, 1):
                    units = current.a if side == 0 else current.b
                    free = free_a if side == 0 else free_b
                    if len(units) >= MAX_ABSORBED:
                        continue
                    for u in (units[0] - 1, units[-1] + 1):
                        if u not in free or (side, u) in taken:
                            continue
                        bigger = self._try_absorb(current, side, u, ratio)
                        if bigger is not None:
                            current = bigger
                            taken.add((side, u))
                            changed = True
                            break
            if current is not link:
                grown[k] = current
        out = []
        for k, link in enumerate(links):
            if link.relation == ONLY_A and (0, link.a[0]) in taken:
                continue
            if link.relation == ONLY_B and (1, link.b[0]) in taken:
                continue
            out.append(grown.get(k, link))
        return out

    def _try_absorb(self, link: Link, side: int, u: int, ratio: float) -> Link | None:
        a = tuple(sorted((*link.a, u))) if side == 0 else link.a
        b = tuple(sorted((*link.b, u))) if side == 1 else link.b
        s = self.group_sim(a[0], a[-1] + 1, b[0], b[-1] + 1)
        before, after = self._length(link.a, link.b, ratio), self._length(a, b, ratio)
        alone = (
            self.group_sim(u, u + 1, b[0], b[-1] + 1)
            if side == 0
            else self.group_sim(a[0], a[-1] + 1, u, u + 1)
        )
        if alone < ABSORB_PART_MIN:
            return None
        base = self.group_sim(link.a[0], link.a[-1] + 1, link.b[0], link.b[-1] + 1)
        # Length renders length only in a complete rendering: a summary's sentence
        # condenses its source, so there only wording may grow a link.
        weight = LENGTH_WEIGHT if self.whole else 0.0
        if s + weight * after > base + weight * before + ABSORB_MARGIN:
            return Link(a, b, MATCH, s)
        return None

    def _trim(self, links: list[Link], ratio: float) -> list[Link]:
        """In a rendering with parts cut, one line a unit, let a group bead give up an
        end unit that its length says is not rendered there.

        Lines are the texts' own shared units (verses, numbered lines), so a bead
        of several is a translator's merge, whose lengths add up; in running text
        sentences split differently in each rendering, and this pass stays out.
        Only beads of one unit against several are trimmed. A unit whose
        counterpart was cut shares words with its neighbour's (adjacent verses
        repeat each other: "I planted and Apollos watered" beside "neither the
        planter nor the waterer"), so the programme takes it into its
        neighbour's bead on wording alone; but the bead is then twice as long as
        its other side, where the neighbour alone fits. The unit leaves when
        wording and length together (as `_try_absorb` weighs them) score the
        smaller bead higher.
        """
        out: list[Link] = []
        for link in links:
            one_sided = min(len(link.a), len(link.b)) == 1 < max(len(link.a), len(link.b))
            if link.relation != MATCH or not one_sided:
                out.append(link)
                continue
            before: list[Link] = []
            after: list[Link] = []
            current = link
            while True:
                found = self._trim_one(current, ratio)
                if found is None:
                    break
                current, side, u = found
                lone = Link((u,), (), ONLY_A, 0.0) if side == 0 else Link((), (u,), ONLY_B, 0.0)
                units = current.a if side == 0 else current.b
                if u < units[0]:
                    before.insert(0, lone)
                else:
                    after.append(lone)
            out += [*before, current, *after]
        return out

    def _trim_one(self, link: Link, ratio: float) -> tuple[Link, int, int] | None:
        """The link without an end unit, with its side and the unit, or None to keep it whole.

        Of the smaller beads, those whose wording is within `ABSORB_MARGIN` of the
        best one's compete, by wording and length together; the best must beat the
        whole bead by that margin, and its wording may not fall below the whole's by
        more: length alone never picks a unit the wording disowns (a short neighbour
        that merely fits), nor sends away one whose words the bead needs."""
        base = self.group_sim(link.a[0], link.a[-1] + 1, link.b[0], link.b[-1] + 1)
        score = base + LENGTH_WEIGHT * self._length(link.a, link.b, ratio) + ABSORB_MARGIN
        options: list[tuple[float, float, int, int, Link]] = []
        for side in (0, 1):
            units = link.a if side == 0 else link.b
            if len(units) < 2:
                continue
            for u, rest in ((units[0], units[1:]), (units[-1], units[:-1])):
                a, b = (rest, link.b) if side == 0 else (link.a, rest)
                s = self.group_sim(a[0], a[-1] + 1, b[0], b[-1] + 1)
                gain = s + LENGTH_WEIGHT * self._length(a, b, ratio)
                options.append((gain, s, side, u, Link(a, b, MATCH, s)))
        if not options:
            return None
        wording = max(o[1] for o in options)
        gain, s, side, u, smaller = max(
            (o for o in options if o[1] >= wording - ABSORB_MARGIN), key=lambda o: o[0]
        )
        if gain <= score or s < base - ABSORB_MARGIN:
            return None  # the unit adds wording of its own: it renders part of the bead
        return smaller, side, u
