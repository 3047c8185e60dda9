"""Gale & Church's length model, and a dynamic programme over it for a stretch of a pair.

In a free complete translation (a rhymed paraphrase against a prose one) most
units share no more words than chance pairs do, and the wording-led passes
leave them unpaired or shifted by one. Place and length still say which
render which: that is all Gale & Church (1993) use, and hunalign adds its
dictionary's overlap to the same programme. `length_programme` does that: a
bead's cost is the negative log of its shape's prior and of the chance that
its lengths render each other, less `SIM_WEIGHT` times the wording its unit
pairs share above the pair's own chance level. The length variance is the
caller's, read off the pair (`pair_variance`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

#: Characters of B per character of A in a true pair have this variance per
#: character (Gale & Church 1993 measured 6.8 across languages; one language
#: rendered twice varies less, but free renderings more: `pair_variance`).
LENGTH_VARIANCE = 6.8
#: Bead shapes that join units and their prior probabilities (Gale & Church
#: 1993, table 5: 1-1 0.89, 2-1 or 1-2 0.089, 2-2 0.011; mirrored shapes
#: share their share; 3-1 and 1-3, which they did not count, get a tenth of
#: 2-1's). A unit left out (1-0 or 0-1) has `SKIP_PRIOR`.
PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
    (2, 2): 0.011,
    (3, 1): 0.0089 / 2,
    (1, 3): 0.0089 / 2,
}
#: Gale & Church's prior of a 1-0 or of a 0-1 bead (half their 0.0099).
SKIP_PRIOR = 0.0099 / 2
#: One line a unit, the lines of two renderings pair one with one more often
#: than sentences do: every prior but 1-1's is raised to this power (chosen on
#: the tune pairs; see docs/alignment.md).
LINE_RARITY = 2.0
#: Nats of evidence per unit of similarity above the pair's chance level.
SIM_WEIGHT = 10.0
#: Stretches larger than this many cells are banded around their diagonal.
MAX_CELLS = 60_000
#: The median of a chi-square variable of one degree of freedom.
CHI2_MEDIAN = 0.4549


def length_evidence(la: int, lb: int, ratio: float, variance: float = LENGTH_VARIANCE) -> float:
    """Gale & Church's two-sided probability that lengths la and lb render each other.

    >>> round(length_evidence(100, 100, 1.0), 2), round(length_evidence(100, 300, 1.0), 2)
    (1.0, 0.0)
    """
    if la == 0 and lb == 0:
        return 1.0
    mean = (la + lb / ratio) / 2.0
    delta = (lb - la * ratio) / math.sqrt(max(mean, 1.0) * variance)
    return math.erfc(abs(delta) / math.sqrt(2.0))


def pair_variance(pairs: Sequence[tuple[int, int]], ratio: float) -> float:
    """The length variance per character that pairs of lengths (A, B) show, robustly:
    their median squared deviation over a chi-square's median; at least `LENGTH_VARIANCE`.

    >>> pair_variance([(100, 100)] * 5, 1.0), round(pair_variance([(100, 160), (100, 40)], 1.0))
    (6.8, 113)
    """
    squares = sorted((lb - la * ratio) ** 2 / max((la + lb / ratio) / 2.0, 1.0) for la, lb in pairs)
    if not squares:
        return LENGTH_VARIANCE
    return max(LENGTH_VARIANCE, squares[len(squares) // 2] / CHI2_MEDIAN)


def length_programme(
    len_a: Sequence[int],
    len_b: Sequence[int],
    ratio: float,
    bonus: Callable[[int, int], float],
    variance: float = LENGTH_VARIANCE,
    rarity: float = 1.0,
    skips: tuple[float, float] | None = None,
) -> list[tuple[int, int]]:
    """The cheapest beads over two runs of units, as (units of A, units of B) shapes in order.

    `rarity` raises every prior but 1-1's (leaving a unit out: `SKIP_PRIOR`) to
    its power. `bonus(i, j)` is the evidence (in similarity, 0 for none) that
    unit i of the first run and unit j of the second render each other; a group
    bead earns the sum over its unit pairs.
    Beyond `MAX_CELLS`, only cells near the diagonal are searched.

    >>> length_programme([50, 50, 100], [100, 100], 1.0, lambda i, j: 0.0)
    [(2, 1), (1, 1)]
    """
    shape_cost = {(1, 1): -math.log(PRIORS[(1, 1)])}
    for shape, p in (*PRIORS.items(), ((1, 0), SKIP_PRIOR), ((0, 1), SKIP_PRIOR)):
        if shape != (1, 1):
            shape_cost[shape] = -rarity * math.log(p)
    if skips is not None:
        for shape, p in zip(((1, 0), (0, 1)), skips):
            shape_cost[shape] = min(shape_cost[shape], -math.log(p))
    n, m = len(len_a), len(len_b)
    if n == 0 or m == 0:
        return [(1, 0)] * n + [(0, 1)] * m
    width = m if n * m <= MAX_CELLS else max(10, MAX_CELLS // (2 * n))
    lo = [max(0, (i * m) // n - width) for i in range(n + 1)]
    hi = [min(m, (i * m) // n + width) for i in range(n + 1)]
    lo[0], hi[n] = 0, m
    for i in range(1, n + 1):  # keep the band connected
        lo[i] = min(lo[i], hi[i - 1])
    pre_a = [0]
    for x in len_a:
        pre_a.append(pre_a[-1] + x)
    pre_b = [0]
    for x in len_b:
        pre_b.append(pre_b[-1] + x)
    cost: list[dict[int, float]] = [{} for _ in range(n + 1)]
    back: list[dict[int, tuple[int, int]]] = [{} for _ in range(n + 1)]
    cost[0][0] = 0.0
    pair: dict[tuple[int, int], float] = {}
    for i in range(n + 1):
        row = cost[i]
        for j in range(lo[i], hi[i] + 1):
            if i == 0 and j == 0:
                continue
            best, arg = math.inf, (0, 0)
            for (da, db), prior in shape_cost.items():
                if da > i or db > j:
                    continue
                prev = cost[i - da].get(j - db)
                if prev is None:
                    continue
                c = prev + prior
                if da and db:
                    la = pre_a[i] - pre_a[i - da] + da - 1
                    lb = pre_b[j] - pre_b[j - db] + db - 1
                    c -= math.log(max(length_evidence(la, lb, ratio, variance), 1e-300))
                    for x in range(i - da, i):
                        for y in range(j - db, j):
                            v = pair.get((x, y))
                            if v is None:
                                v = pair[(x, y)] = bonus(x, y)
                            c -= SIM_WEIGHT * v
                if c < best:
                    best, arg = c, (da, db)
            if best < math.inf:
                row[j], back[i][j] = best, arg
    shapes = []
    i, j = n, m
    while i or j:
        da, db = back[i][j]
        shapes.append((da, db))
        i, j = i - da, j - db
    shapes.reverse()
    return shapes
