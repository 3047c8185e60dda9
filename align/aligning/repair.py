"""Sentences left over linked to their partner elsewhere: repeats and moves."""

from __future__ import annotations

from collections.abc import Sequence

from align.aligning.candidates import Candidates
from align.aligning.frame import ParagraphFrame
from align.aligning.index import (
    CUT_FROM,
    FAR,
    FAR_REPEAT_MIN,
    HEAD_REPEAT_MIN,
    HEAD_UNITS,
    LOCAL_MOVE_MIN,
    MATCH,
    MOVE,
    MOVE_MIN,
    NEAR_MOVE,
    ONLY_A,
    ONLY_B,
    REPAIR_MIN,
    REPEAT,
    REPEAT_MIN,
    RESTATED_BELOW,
    RESTATED_MIN,
    REVIEW_MARGIN,
    WEAK_MATCH,
    Link,
)
from align.aligning.quotes import quotes_in
from align.aligning.similarity import similarity
from align.aligning.speech import Speech, as_direct


class Repair(Candidates):
    """The repair pass (a part of `Aligner`)."""

    #: The pair's paragraph frame (`align.aligning.frame`), when it has one.
    frame: ParagraphFrame | None = None
    #: Per side, its units in reported speech and in quotations (`align.aligning.speech`).
    speech: tuple[Speech, Speech] | None = None

    def _review(self, links: list[Link]) -> tuple[list[Link], dict[tuple[int, int], Link]]:
        """Unlink a weak in-order match when a sentence has a clearly better, free partner;
        the links, and the matches undone by their (A unit, B unit).

        The main pass is monotone, so a moved passage can push a sentence into
        a poor in-order match while its real partner is left without one; the
        repair pass then links the two. A better partner that already has a
        match (a formula the text repeats) is no reason to unlink.
        """
        free_a = {link.a[0] for link in links if link.relation == ONLY_A}
        free_b = {link.b[0] for link in links if link.relation == ONLY_B}
        holders = _holders(links)
        out: list[Link] = []
        undone: dict[tuple[int, int], Link] = {}
        for link in links:
            if link.relation == MATCH and len(link.a) == len(link.b) == 1:
                i, j = link.a[0], link.b[0]
                if link.score < WEAK_MATCH:
                    bar = max(REPAIR_MIN, link.score + REVIEW_MARGIN)
                    # A unit reporting what a quote of its own text renders (see `speech`).
                    ra = self.reported_partner(i, True, holders)
                    rb = self.reported_partner(j, False, holders)
                    if any(r is not None and r[1] >= bar for r in (ra, rb)):
                        out += [
                            Link((i,), (), ONLY_A, link.score),
                            Link((), (j,), ONLY_B, link.score),
                        ]
                        continue
                    cb, sb, indexed_b = self.best_near(i, True, j, free_b)
                    ca, sa, indexed_a = self.best_near(j, False, i, free_a)
                    # A partner only the local search found must be one the
                    # repair pass will link (see `LOCAL_MOVE_MIN`).
                    bar_b = bar if indexed_b else max(bar, LOCAL_MOVE_MIN)
                    bar_a = bar if indexed_a else max(bar, LOCAL_MOVE_MIN)
                    if (cb in free_b and sb >= bar_b) or (ca in free_a and sa >= bar_a):
                        undone[(i, j)] = link
                        out += [
                            Link((i,), (), ONLY_A, link.score),
                            Link((), (j,), ONLY_B, link.score),
                        ]
                        continue
            out.append(link)
        return out, undone

    def _restated(self, links: list[Link]) -> list[Link]:
        """Relink a weak match whose unit restates another unit of its own text.

        A page's teaser or lead often repeats a sentence of the article word
        for word ("Xi said he was glad to learn ..." above the article that
        says it again); the in-order pass pairs the first copy with whatever
        stands there in the other text. When a unit of a one-unit side of a
        match is at least `RESTATED_MIN` like a unit of its own text that has
        a match, and is clearly more like that match's other side than like its
        own partner (by `REVIEW_MARGIN`, and at least `REPAIR_MIN`), it becomes a
        ``repeat`` of that match and its partner is left over (for the repair
        pass to place). Only for a unit among the first `HEAD_UNITS` of its text
        whose twin comes after it: a page's head (title, teaser, standfirst)
        restates its article, while a sentence a text says twice further on is
        a refrain the other text says twice too (a psalm's "I wait in silence
        for God"), each time in its own place.
        """
        holder = {}
        for n, link in enumerate(links):
            if link.relation == MATCH:
                for i in link.a:
                    holder[(0, i)] = n
                for j in link.b:
                    holder[(1, j)] = n
        changed: dict[int, tuple[int, Link]] = {}
        for n, link in enumerate(links):
            if link.relation != MATCH or link.score >= RESTATED_BELOW:
                continue
            for side, own in ((0, link.a), (1, link.b)):
                if len(own) != 1 or own[0] >= HEAD_UNITS or n in changed:
                    continue
                k = own[0]
                other_side = self.B if side == 0 else self.A
                c, _ = self.best_match(k, side == 0, 0, len(other_side.feats))
                h = holder.get((1 - side, c), n) if c >= 0 else n
                other = links[h]
                if h == n or h in changed or other.relation != MATCH:
                    continue
                mine, group = (other.a, other.b) if side == 0 else (other.b, other.a)
                feats = self.A.feats if side == 0 else self.B.feats
                if mine[0] < k or max(similarity(feats[k], feats[u]) for u in mine) < RESTATED_MIN:
                    continue
                if side == 0:
                    s = self.group_sim(k, k + 1, group[0], group[-1] + 1)
                else:
                    s = self.group_sim(group[0], group[-1] + 1, k, k + 1)
                if s >= max(REPAIR_MIN, link.score + REVIEW_MARGIN, self.threshold):
                    a, b = ((k,), group) if side == 0 else (group, (k,))
                    changed[n] = (side, Link(a, b, REPEAT, s))
        if not changed:
            return links
        out: list[Link] = []
        for n, link in enumerate(links):
            if n not in changed:
                out.append(link)
                continue
            side, repeat = changed[n]
            out.append(repeat)
            if side == 0:
                out += [Link((), (u,), ONLY_B, 0.0) for u in link.b]
            else:
                out += [Link((u,), (), ONLY_A, 0.0) for u in link.a]
        return out

    def _repair(self, links: list[Link]) -> list[Link]:
        """Link sentences left out of the main order to their best partner elsewhere.

        An out-of-order link needs more evidence than an in-order one, and a
        repeat (whose partner already has a match) more than a move: alone it
        must reach `REPEAT_MIN` or `MOVE_MIN`; inside a block of consecutive
        proposals running in the same order on both sides, `REPAIR_MIN`.

        Long because the proposals, their bars and the choice among them share the maps of
        matched and free units built at its top.
        """
        n, m = len(self.A.feats), len(self.B.feats)
        links, undone = self._review(links)
        matched_a = {i for link in links if link.b for i in link.a}
        matched_b = {j for link in links if link.a for j in link.b}
        # (side, unit) -> (other, sim, whether the index proposed it)
        nearest: dict[tuple[int, int], tuple[int, float, bool]] = {}
        centers = _centers(links, n, m)
        free_a = {link.a[0] for link in links if link.relation == ONLY_A}
        free_b = {link.b[0] for link in links if link.relation == ONLY_B}
        for link in links:
            if link.relation == ONLY_A:
                k = link.a[0]
                nearest[(0, k)] = self.best_near(k, True, centers[(0, k)], free_b)
            elif link.relation == ONLY_B:
                k = link.b[0]
                nearest[(1, k)] = self.best_near(k, False, centers[(1, k)], free_a)
        # A unit that quotes its partner word for word (or is quoted by it) needs no bar;
        # not in a complete rendering, where a formula in quotes recurs (“Thus says the LORD”).
        quoted: set[tuple[int, int]] = set()
        for key in () if self.whole else list(nearest):
            partner = self.quoted_partner(key[1], key[0] == 0)
            if partner is not None:
                nearest[key] = partner
                quoted.add(key)
        # A unit in reported speech whose statement a quote of its own text renders: a
        # repeat corroborated by that quote (see `speech`); not in a complete rendering.
        reported: set[tuple[int, int]] = set()
        holders = _holders(links)
        for key in list(nearest):
            found = self.reported_partner(key[1], key[0] == 0, holders)
            if found is not None and key not in quoted and found[1] >= nearest[key][1]:
                nearest[key] = (found[0], found[1], True)
                reported.add(key)
        proposed = {
            (side, k, c)
            for (side, k), (c, s, _) in nearest.items()
            if c >= 0 and (s >= REPAIR_MIN or (side, k) in quoted)
        }
        reviewed = {(0, i) for i, _ in undone} | {(1, j) for _, j in undone}
        cov_a, cov_b, _ = self._coverage(links)
        cut_rendering = not self.whole and min(cov_a, cov_b) >= CUT_FROM
        proposals = []
        for (side, k), (c, s, by_index) in nearest.items():
            if (side, k, c) not in proposed:
                continue
            block = (side, k - 1, c - 1) in proposed or (side, k + 1, c + 1) in proposed
            free = c not in (matched_b if side == 0 else matched_a)
            corroborated = block or (side, k) in reported
            bar = REPAIR_MIN if corroborated else (MOVE_MIN if free else REPEAT_MIN)
            if not free and not cut_rendering and not self.whole and k < HEAD_UNITS <= c:
                # A page's head (title, standfirst) restates a sentence of its article.
                bar = min(bar, HEAD_REPEAT_MIN)
            mutual = (
                free
                and _mutual(nearest, centers, side, k, c)
                and not {(side, k), (1 - side, c)} & reviewed
            )
            if self.whole and not block and not mutual:
                # A complete rendering seldom moves or repeats a lone sentence: a
                # formula it shares with a sentence elsewhere is no evidence. Two
                # leftovers each the other's nearest, a few units from where the
                # other would stand, are a move (a report that gives a letter's
                # sentence a few places later), unless one lost its in-order match
                # to the review (`_restore` may put it back).
                bar = max(bar, REPEAT_MIN)
            if self.frame is not None:
                # Paragraphs that render each other one by one: a unit seldom
                # renders one in another bead's paragraphs, alone or in a block.
                bar = max(bar, self.frame.bar(side, k, c))
            if not block and not by_index:
                # Common words only: many a sentence near by shares some.
                bar = max(bar, LOCAL_MOVE_MIN)
            if not block and not free and cut_rendering and abs(c - centers[(side, k)]) > FAR:
                # A translation that leaves units out (both texts mostly rendered):
                # a lone unit whose partner was cut finds a formula far away ("And
                # Pharaoh hardened his heart"); only all but the same words repeat.
                bar = max(bar, FAR_REPEAT_MIN)
            if s >= max(bar, self.threshold) or (side, k) in quoted:
                proposals.append((-s, side, k, c))
        replaced: dict[tuple[int, int], Link] = {}
        consumed: set[tuple[int, int]] = set()
        for neg_s, side, k, c in sorted(proposals):
            if (side, k) in consumed or (1 - side, c) in consumed:
                continue
            free = c not in (matched_b if side == 0 else matched_a)
            a, b = ((k,), (c,)) if side == 0 else ((c,), (k,))
            replaced[(side, k)] = Link(a, b, MOVE if free else REPEAT, -neg_s)
            consumed.add((side, k))
            if free:
                consumed.add((1 - side, c))
        out: list[Link] = []
        for link in links:
            if link.relation not in (ONLY_A, ONLY_B):
                out.append(link)
                continue
            key = (0, link.a[0]) if link.relation == ONLY_A else (1, link.b[0])
            if key in replaced:
                out.append(replaced[key])
            elif key not in consumed:  # else: the other half of a move placed elsewhere
                c, s, _ = nearest[key]
                out.append(Link(link.a, link.b, link.relation, s, c))
        return _restore(out, undone)

    def reported_partner(
        self, k: int, from_a: bool, holders: dict[tuple[int, int], tuple[int, ...]]
    ) -> tuple[int, float] | None:
        """The unit of the other text that ``k``, in reported speech, renders, when a quoted
        unit of ``k``'s own text already renders it (``holders``: (side, unit) -> the own
        side's units of the link holding it); with ``k``'s likeness put back into direct
        speech. None when there is none, or in a complete rendering.

        Sought among the index's candidates for ``k``; the most alike wins (ties: the first).
        """
        if self.whole or self.speech is None:
            return None
        own_side = 0 if from_a else 1
        speech = self.speech[own_side]
        if not speech.reported[k]:
            return None
        side, other = (self.A, self.B) if from_a else (self.B, self.A)
        direct = as_direct(side.feats[k], speech.direct[k])
        best: tuple[int, float] | None = None
        for c in sorted(self.candidates(k, side, other, 0, len(other.feats))):
            units = holders.get((1 - own_side, c), ())
            if not any(speech.quoted[u] for u in units):
                continue
            plain = self.sim(k, c) if from_a else self.sim(c, k)
            s = max(plain, similarity(direct, other.feats[c]))
            if best is None or s > best[1]:
                best = (c, s)
        return best

    def quoted_partner(self, k: int, from_a: bool) -> tuple[int, float, bool] | None:
        """The unit of the other text that ``k`` quotes, or that quotes ``k`` (see `quotes`).

        Sought among the index's candidates for ``k``; the first in text order wins.
        """
        side, other = (self.A, self.B) if from_a else (self.B, self.A)
        own = self.quotes[0 if from_a else 1]
        theirs = self.quotes[1 if from_a else 0]
        runs = own[k] if own else ()
        if not runs and not any(theirs):
            return None
        codes = side.feats[k].codes
        for c in sorted(self.candidates(k, side, other, 0, len(other.feats))):
            if (runs and quotes_in(runs, other.feats[c].codes)) or (
                theirs and theirs[c] and quotes_in(theirs[c], codes)
            ):
                return c, self.sim(k, c) if from_a else self.sim(c, k), True
        return None


def _mutual(nearest: dict, centers: dict, side: int, k: int, c: int) -> bool:
    """Is unit `c` of the other side left over with unit `k` as its own nearest, both
    within `NEAR_MOVE` units of where the other would stand?"""
    other = nearest.get((1 - side, c))
    return (
        other is not None
        and other[0] == k
        and abs(c - centers[(side, k)]) <= NEAR_MOVE
        and abs(k - centers[(1 - side, c)]) <= NEAR_MOVE
    )


def _centers(links: Sequence[Link], n: int, m: int) -> dict[tuple[int, int], int]:
    """For each unmatched unit, where its partner would stand in the other text.

    That is just after the last matched unit of the other text before it in
    reading order (links are in reading order); keys are (0, A unit) and (1, B unit).
    """
    out: dict[tuple[int, int], int] = {}
    last_a = last_b = -1
    for link in links:
        if link.a and link.b and link.relation == MATCH:
            last_a, last_b = max(last_a, link.a[-1]), max(last_b, link.b[-1])
        elif link.relation == ONLY_A:
            out[(0, link.a[0])] = min(last_b + 1, max(m - 1, 0))
        elif link.relation == ONLY_B:
            out[(1, link.b[0])] = min(last_a + 1, max(n - 1, 0))
    return out


def _holders(links: Sequence[Link]) -> dict[tuple[int, int], tuple[int, ...]]:
    """(side, unit) -> the other side's units of the two-sided link that holds it (the first)."""
    out: dict[tuple[int, int], tuple[int, ...]] = {}
    for link in links:
        if link.a and link.b:
            for j in link.b:
                out.setdefault((1, j), link.a)
            for i in link.a:
                out.setdefault((0, i), link.b)
    return out


def _restore(links: list[Link], undone: dict[tuple[int, int], Link]) -> list[Link]:
    """Put back a match `Repair._review` undid for a better partner when neither of its units
    was then linked elsewhere (the better partner went to another or stayed below its bar)."""
    if not undone:
        return links
    left_a = {link.a[0] for link in links if link.relation == ONLY_A}
    left_b = {link.b[0] for link in links if link.relation == ONLY_B}
    back = {i: m for (i, j), m in undone.items() if i in left_a and j in left_b}
    dropped = {m.b[0] for m in back.values()}
    out: list[Link] = []
    for link in links:
        if link.relation == ONLY_A and link.a[0] in back:
            out.append(back[link.a[0]])
        elif not (link.relation == ONLY_B and link.b[0] in dropped):
            out.append(link)
    return out
