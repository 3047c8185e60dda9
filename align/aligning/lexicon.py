"""Word correspondences learned from the pair's own confident links (thee/you, begat/fathered).

Two renderings of one text use their own words for the same things: an
archaic translation's "thee", "hath" and "begat" stand where a modern one
has "you", "has" and "became the father of"; one agency writes "diplomacy"
where the other writes "foreign affairs". Idf-weighted overlap cannot see
these, but the anchors can: in the sentence pairs the first pass links with
confidence, the content terms that only one side has co-occur with their
renderings on the other side far more often than chance. hunalign builds
its dictionary the same way when it has none.

`learn` counts, over the anchor pairs, each unshared term of A against each
unshared term of B, and keeps the pairs that are each other's best partner
with a Dice association of at least `MIN_ASSOCIATION` over at least
`MIN_PAIRS` anchors. `translate` gives B's sentences A's word beside their
own, so that every later similarity counts them as shared. Cost: linear in the anchors.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from align.aligning.similarity import Features

#: A correspondence must be seen in at least this many anchor pairs...
MIN_PAIRS = 3
#: ...with at least this Dice association between the two terms.
MIN_ASSOCIATION = 0.4
#: Only a sentence's rarest unshared terms are paired (bounded cost per anchor).
TERMS_PER_SIDE = 12


def _unshared(own: dict[str, float], other: dict[str, float]) -> list[str]:
    terms = [t for t in own if t not in other]
    terms.sort(key=lambda t: (-own[t], t))
    return terms[:TERMS_PER_SIDE]


def learn(
    anchors: Sequence[tuple[int, int]], feats_a: Sequence[Features], feats_b: Sequence[Features]
) -> dict[str, str]:
    """B term -> A term, for the correspondences the anchors attest.

    >>> from align.aligning.similarity import Features
    >>> f = lambda *ts: Features({t: 1.0 for t in ts}, float(len(ts)), "", 10)
    >>> a = [f("thee", "lord", str(k)) for k in range(4)]
    >>> b = [f("you", "lord", str(k)) for k in range(4)]
    >>> learn([(k, k) for k in range(4)], a, b)
    {'you': 'thee'}
    """
    count_a: Counter[str] = Counter()
    count_b: Counter[str] = Counter()
    together: Counter[tuple[str, str]] = Counter()
    for i, j in anchors:
        ta, tb = feats_a[i].terms, feats_b[j].terms
        ua, ub = _unshared(ta, tb), _unshared(tb, ta)
        count_a.update(ua)
        count_b.update(ub)
        together.update((x, y) for x in ua for y in ub)
    best_for_b: dict[str, tuple[float, str]] = {}
    best_for_a: dict[str, tuple[float, str]] = {}
    for (x, y), c in together.items():
        if c < MIN_PAIRS:
            continue
        dice = 2.0 * c / (count_a[x] + count_b[y])
        if dice < MIN_ASSOCIATION:
            continue
        if (dice, x) > best_for_b.get(y, (0.0, "")):
            best_for_b[y] = (dice, x)
        if (dice, y) > best_for_a.get(x, (0.0, "")):
            best_for_a[x] = (dice, y)
    return {
        y: x for y, (_, x) in sorted(best_for_b.items()) if best_for_a.get(x, (0.0, ""))[1] == y
    }


def translate(feats: Sequence[Features], lexicon: dict[str, str]) -> list[Features]:
    """B's features with each learned term's A counterpart beside it (same weight)."""
    if not lexicon:
        return list(feats)
    out = []
    for f in feats:
        if not any(t in lexicon for t in f.terms):
            out.append(f)
            continue
        terms = dict(f.terms)
        for t, w in f.terms.items():
            alias = lexicon.get(t)
            if alias is not None and alias not in terms:
                terms[alias] = w
        out.append(Features(terms, f.weight, f.codes, f.length))
    return out
