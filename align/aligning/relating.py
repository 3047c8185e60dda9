"""Relating: the aligner's links numbered as `Pair`s, each with the pairs it shares a sentence with.

Takes the links `align_documents` gives, in reading order; gives one `Pair`
per link (id: its position), its relation checked against the vocabulary,
and `Pair.related`: the ids of the other pairs that hold one of its
sentences (a repeat and its first rendering, a sentence linked twice), the
earliest first and at most `MAX_LISTED` of them: a passage a text repeats
a thousand times would otherwise list a million ids. A pure function: no
state, linear in the number of links.
"""

from __future__ import annotations

from collections.abc import Sequence
from heapq import merge

from align.aligning.index import Link
from align.model import MAX_LISTED, Pair, Relation


def _first_others(lists: Sequence[list[int]], k: int) -> tuple[int, ...]:
    """The smallest ids other than k in the sorted lists, at most `MAX_LISTED` (no duplicates)."""
    out: list[int] = []
    last = -1
    for q in merge(*lists):
        if q != k and q != last:
            out.append(q)
            if len(out) == MAX_LISTED:
                break
        last = q
    return tuple(out)


def relate(links: Sequence[Link]) -> list[Pair]:
    """Number the links as pairs, with `Pair.related` filled.

    Raises ValueError on a relation outside `Relation`.

    >>> [(p.id, p.relation.value, p.related) for p in relate(
    ...     [Link((0,), (0,), Relation.MATCH, 1.0), Link((1,), (0,), Relation.REPEAT, 0.9)])]
    [(0, 'match', (1,)), (1, 'repeat', (0,))]
    """
    holders: dict[tuple[str, int], list[int]] = {}
    for k, link in enumerate(links):
        for i in link.a:
            holders.setdefault(("a", i), []).append(k)
        for j in link.b:
            holders.setdefault(("b", j), []).append(k)
    pairs = []
    for k, link in enumerate(links):
        lists = [holders[("a", i)] for i in link.a] + [holders[("b", j)] for j in link.b]
        related: tuple[int, ...] = ()
        if any(len(held) > 1 for held in lists):
            related = _first_others(lists, k)
        nearest = link.nearest if link.nearest >= 0 and not (link.a and link.b) else None
        pairs.append(
            Pair(
                k,
                link.a,
                link.b,
                Relation(link.relation),
                link.score,
                related=related,
                nearest=nearest,
            )
        )
    return pairs
