"""Relating: the aligner's links numbered as `Pair`s, each with the pairs it shares a sentence with.

Takes the links `align_documents` gives, in reading order; gives one `Pair`
per link (id: its position), its relation checked against the vocabulary,
and `Pair.related`: the ids of the other pairs that hold one of its
sentences (a repeat and its first rendering, a sentence linked twice).
A pure function: no state, linear in the number of links.
"""

from __future__ import annotations

from collections.abc import Sequence

from align.aligning.index import Link
from align.model import Pair, Relation


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
        related: tuple[int, ...] = ()
        if any(len(holders[("a", i)]) > 1 for i in link.a) or any(
            len(holders[("b", j)]) > 1 for j in link.b
        ):
            others = {q for i in link.a for q in holders[("a", i)]}
            others |= {q for j in link.b for q in holders[("b", j)]}
            others.discard(k)
            related = tuple(sorted(others))
        pairs.append(Pair(k, link.a, link.b, Relation(link.relation), link.score, related=related))
    return pairs
