"""Group beads absorbing a neighbour, and lone pairs linked by elimination."""

from __future__ import annotations

from align.aligning.candidates import Candidates
from align.aligning.index import (
    BEADS,
    ELIMINATION_LENGTH,
    GROUP_PART_MIN,
    MATCH,
    ONLY_A,
    ONLY_B,
    Link,
)


class Refine(Candidates):
    """Refinements of the main pass (a part of `Aligner`)."""

    def _refine(self, links: list[Link]) -> list[Link]:
        """Let an anchor absorb a neighbouring unmatched unit when the group is better."""
        out: list[Link] = []
        for link in links:
            prev = out[-1] if out else None
            one_sided = (ONLY_A, ONLY_B)
            if prev is not None and (
                (link.relation == MATCH and prev.relation in one_sided)
                or (prev.relation == MATCH and link.relation in one_sided)
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
        out: list[Link | None] = list(links)
        for k in range(1, len(out) - 2):
            before, x, y, after = out[k - 1], out[k], out[k + 1], out[k + 2]
            if before is None or x is None or y is None or after is None:
                continue
            if before.relation != MATCH or after.relation != MATCH:
                continue
            if {x.relation, y.relation} != {ONLY_A, ONLY_B}:
                continue
            i = x.a[0] if x.a else y.a[0]
            j = x.b[0] if x.b else y.b[0]
            fa, fb = self.A.feats[i], self.B.feats[j]
            short, long_ = sorted((fa.length, fb.length))
            s = self.sim(i, j)
            if s > 0.0 or short >= ELIMINATION_LENGTH * long_:
                out[k] = Link((i,), (j,), MATCH, s)
                out[k + 1] = None  # taken into out[k]
        return [link for link in out if link is not None]

    def _split_parallel(self, links: list[Link]) -> list[Link]:
        """Split a 2-2 bead into its two in-order pairs when each shares something.

        For one line a unit in a complete pair, or one with parts cut: lines
        are the texts' own shared units (verses, cues, numbered lines), and
        where a translator lets a clause run on into the next line the
        numbering still pairs line with line ("My grace suffices for you ...
        Most gladly therefore will I boast" against the same words over two
        verses). A pair in order whose two parts each reach half the bar is
        read as two 1-1s, not one 2-2.
        """
        floor = max(self.threshold / 2, GROUP_PART_MIN)
        out: list[Link] = []
        for link in links:
            if link.relation == MATCH and len(link.a) == 2 and len(link.b) == 2:
                (a0, a1), (b0, b1) = link.a, link.b
                first, second = self.sim(a0, b0), self.sim(a1, b1)
                if first >= floor and second >= floor:
                    out += [Link((a0,), (b0,), MATCH, first), Link((a1,), (b1,), MATCH, second)]
                    continue
            out.append(link)
        return out

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
            x.score if x.relation == MATCH else 0.0,
            y.score if y.relation == MATCH else 0.0,
        )
        penalty = next(pen for da, db, pen in BEADS if (da, db) == (len(a), len(b)))
        if s - penalty + bonus > single:
            return Link(a, b, MATCH, s)
        return None
