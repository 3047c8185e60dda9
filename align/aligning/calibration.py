"""The pair's own bar for "no counterpart": how similar chance pairs of its sentences are.

A fixed threshold suits one kind of text: in a political speech unrelated
sentences share "Party", "Vietnam" and "development", in a chronicle they
share little. So the bar is read off the pair itself: sentence pairs far from
the anchors' path (that is, most surely not counterparts) are sampled, and
the bar is set just above what nearly all of them reach. ``--threshold``
overrides it.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

#: Pairs sampled (deterministically) to measure chance similarity.
SAMPLES = 600
#: The bar sits at this quantile of the chance similarities...
QUANTILE = 0.99
#: ...plus this margin, and within these bounds.
MARGIN = 0.02
LOWEST, HIGHEST = 0.12, 0.2
#: A sampled pair nearer than this share of the text to the anchors' path is skipped.
NEAR = 0.05


def expected_position(chain: Sequence[tuple[int, int]], n: int, m: int) -> Callable[[int], float]:
    """Where unit i of A would stand in B, read off the anchors (linear between them)."""
    points = [(0, 0), *chain, (n, m)]
    xs = [p[0] for p in points]

    def at(i: int) -> float:
        k = min(max(bisect.bisect_right(xs, i) - 1, 0), len(points) - 2)
        (x0, y0), (x1, y1) = points[k], points[k + 1]
        return y0 if x1 == x0 else y0 + (y1 - y0) * (i - x0) / (x1 - x0)

    return at


def estimate_threshold(
    sim: Callable[[int, int], float], chain: Sequence[tuple[int, int]], n: int, m: int
) -> float | None:
    """The bar for this pair, or None when it is too short to tell."""
    if n < 8 or m < 8:
        return None
    at = expected_position(chain, n, m)
    far = max(3.0, NEAR * m)
    found = []
    for k in range(SAMPLES):
        i = (k * 7919) % n
        j = (k * 104729 + m // 3) % m
        if abs(j - at(i)) >= far:
            found.append(sim(i, j))
    if len(found) < SAMPLES // 4:
        return None
    found.sort()
    chance = found[min(len(found) - 1, int(QUANTILE * len(found)))]
    return round(min(HIGHEST, max(LOWEST, chance + MARGIN)), 3)
