"""Gale & Church (1993) length-based sentence alignment, as a baseline.

Follows "A Program for Aligning Sentences in Bilingual Corpora" (Computational
Linguistics 19:1), including its appendix program: the cost of a bead is
``-100 * log(P(match | delta))`` plus a prior penalty, with

* ``delta = (c * l1 - l2) / sqrt(s2 * (l1 + l2 / c) / 2)``, ``c = 1``, ``s2 = 6.8``,
  lengths in characters, ``P = 2 * (1 - Phi(|delta|))`` with the paper's
  polynomial approximation of Phi, and a cost of 2500 where P is 0;
* priors 1-1: 0.89, 1-0 and 0-1: 0.0099, 2-1 and 1-2: 0.089, 2-2: 0.011,
  i.e. penalties 0, 450, 230 and 440 over 1-1.

As in the paper, running text is aligned in two passes: paragraphs (blank-line
separated) first, then the sentences within each paragraph bead; ``--flat``
skips the paragraph pass. One unit per line (``--units lines``) is a single
pass. Each pass runs the dynamic programme in a band around the
length-proportional diagonal (``--band``: half-width in units, default
max(250, 3 % of the longer side)), since a full table for two books would not
fit; that is the one departure.

Usage: ``python -m benchmarks.gale_church A B [--units lines|sentences] -o OUT.json``.
Sentences come from the plain splitter in `benchmarks.common`. The output is a
links file (``links``, ``a_spans``, ``b_spans``) that `benchmarks.score` reads.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import Span, line_spans, paragraph_spans, read_text, split_sentences

C = 1.0
S2 = 6.8
BIG_DISTANCE = 2500.0
PENALTY_01 = 450.0  # -100 log(0.0099 / 0.89)
PENALTY_21 = 230.0  # -100 log(0.089 / 0.89)
PENALTY_22 = 440.0  # -100 log(0.011 / 0.89)

#: Bead kinds, as (units of A, units of B), in backpointer code order.
MOVES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2))


def pnorm(z: np.ndarray) -> np.ndarray:
    """Area under the standard normal from -inf to z (z >= 0), as in the paper."""
    t = 1.0 / (1.0 + 0.2316419 * z)
    poly = (
        (((1.330274429 * t - 1.821255978) * t + 1.781477937) * t - 0.356563782) * t + 0.319381530
    ) * t
    return 1.0 - 0.3989423 * np.exp(-z * z / 2.0) * poly


def match(len1: np.ndarray, len2: np.ndarray) -> np.ndarray:
    """-100 log P(match | lengths): the paper's ``match`` over arrays."""
    len1 = np.asarray(len1, dtype=np.float64)
    len2 = np.asarray(len2, dtype=np.float64)
    mean = (len1 + len2 / C) / 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.abs((C * len1 - len2) / np.sqrt(S2 * mean))
        pd = 2.0 * (1.0 - pnorm(z))
        cost = np.where(pd > 0, -100.0 * np.log(np.where(pd > 0, pd, 1.0)), BIG_DISTANCE)
    return np.where((len1 == 0) & (len2 == 0), 0.0, cost)


def align_lengths(
    x: Sequence[int], y: Sequence[int], band: int | None = None
) -> list[tuple[int, int, int, int]]:
    """Beads ``(i, di, j, dj)`` of the cheapest path: A units i..i+di with B j..j+dj."""
    n, m = len(x), len(y)
    if band is None:
        band = max(250, int(0.03 * max(n, m)))
    xa = np.asarray(x, dtype=np.float64)
    ya = np.concatenate([[0.0], np.asarray(y, dtype=np.float64)])  # ya[j] = length of B unit j-1
    ins = match(np.zeros(m + 1), ya) + PENALTY_01  # 0-1 cost of B unit j-1, at column j
    ins[0] = 0.0
    inf = np.inf

    def bounds(i: int) -> tuple[int, int]:
        centre = i * m / n if n else 0
        return max(0, int(centre) - band), min(m, int(centre) + band + 1)

    prev2 = np.full(m + 1, inf)
    prev1 = np.full(m + 1, inf)
    lo, hi = bounds(0)
    prev1[lo : hi + 1] = np.cumsum(ins[lo : hi + 1]) if lo == 0 else inf
    backs: list[tuple[int, np.ndarray]] = [(lo, np.full(hi + 1 - lo, 2, dtype=np.int8))]
    for i in range(1, n + 1):
        lo, hi = bounds(i)
        J = np.arange(lo, hi + 1)
        x1 = xa[i - 1]
        x12 = x1 + xa[i - 2] if i >= 2 else 0.0
        y1 = ya[J]  # B unit j-1 (0 at j=0)
        y12 = y1 + ya[np.maximum(J - 1, 0)]
        cand = np.full((6, len(J)), inf)
        jm1 = np.maximum(J - 1, 0)
        jm2 = np.maximum(J - 2, 0)
        ok1 = J >= 1
        ok2 = J >= 2
        cand[0] = np.where(ok1, prev1[jm1] + match(x1, y1), inf)
        cand[1] = prev1[J] + match(x1, 0.0) + PENALTY_01
        if i >= 2:
            cand[3] = np.where(ok1, prev2[jm1] + match(x12, y1) + PENALTY_21, inf)
            cand[5] = np.where(ok2, prev2[jm2] + match(x12, y12) + PENALTY_22, inf)
        cand[4] = np.where(ok2, prev1[jm2] + match(x1, y12) + PENALTY_21, inf)
        best = cand.argmin(axis=0).astype(np.int8)
        other = cand[best, np.arange(len(J))]
        # 0-1 beads chain along the row: D[j] = min(other[j], D[j-1] + ins[j]).
        csum = np.cumsum(ins[J])
        with np.errstate(invalid="ignore"):
            chained = np.minimum.accumulate(other - csum) + csum
        # (other - csum) + csum can round below other: demand a real gain.
        take = chained < other - 1e-9 * np.maximum(1.0, np.abs(other))
        row = np.where(take, chained, other)
        best = np.where(take, np.int8(2), best)
        cur = np.full(m + 1, inf)
        cur[lo : hi + 1] = row
        backs.append((lo, best))
        prev2, prev1 = prev1, cur
    if not np.isfinite(prev1[m]):
        raise ValueError("band too narrow: no path reaches the end; raise --band")
    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        lo, bp = backs[i]
        di, dj = MOVES[int(bp[j - lo])]
        i, j = i - di, j - dj
        beads.append((i, di, j, dj))
    beads.reverse()
    return beads


def unit_lengths(text: str, spans: Sequence[Span]) -> list[int]:
    """Characters per unit, runs of whitespace counted once."""
    return [len(" ".join(text[s:e].split())) for s, e in spans]


def align_files(
    a: Path, b: Path, units: str = "sentences", band: int | None = None, flat: bool = False
) -> dict:
    """Align two files; the links file as a dict.

    Running text is aligned as in the paper: paragraphs first, then the
    sentences within each paragraph bead (``flat`` aligns all sentences at once).
    """
    ta, tb = read_text(a), read_text(b)
    if units == "lines":
        sa, sb = line_spans(ta), line_spans(tb)
        beads = align_lengths(unit_lengths(ta, sa), unit_lengths(tb, sb), band)
        links = [[i + p, j + q] for i, di, j, dj in beads for p in range(di) for q in range(dj)]
        return {"aligner": "gale-church", "links": links, "a_spans": sa, "b_spans": sb}
    if flat:
        pa, pb = [(0, len(ta))], [(0, len(tb))]
        para_beads = [(0, 1, 0, 1)]
    else:
        pa, pb = paragraph_spans(ta), paragraph_spans(tb)
        para_beads = align_lengths(unit_lengths(ta, pa), unit_lengths(tb, pb), band)
    sents_a = [split_sentences(ta, s, e) for s, e in pa]
    sents_b = [split_sentences(tb, s, e) for s, e in pb]
    first_a = [0]
    for x in sents_a:
        first_a.append(first_a[-1] + len(x))
    first_b = [0]
    for x in sents_b:
        first_b.append(first_b[-1] + len(x))
    links = []
    for i, di, j, dj in para_beads:
        if not di or not dj:
            continue
        sa = [sp for k in range(i, i + di) for sp in sents_a[k]]
        sb = [sp for k in range(j, j + dj) for sp in sents_b[k]]
        beads = align_lengths(unit_lengths(ta, sa), unit_lengths(tb, sb), band)
        oa, ob = first_a[i], first_b[j]
        links += [
            [oa + x + p, ob + y + q] for x, dx, y, dy in beads for p in range(dx) for q in range(dy)
        ]
    a_spans = [sp for x in sents_a for sp in x]
    b_spans = [sp for x in sents_b for sp in x]
    return {"aligner": "gale-church", "links": links, "a_spans": a_spans, "b_spans": b_spans}


def main(argv: Sequence[str] | None = None) -> int:
    """Command line."""
    ap = argparse.ArgumentParser(description="Gale-Church (1993) length-based alignment.")
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--units", choices=("sentences", "lines"), default="sentences")
    ap.add_argument("--band", type=int, default=None, help="DP band half-width in units")
    ap.add_argument("--flat", action="store_true", help="no paragraph pass for running text")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args(argv)
    out = align_files(Path(args.a), Path(args.b), args.units, args.band, args.flat)
    Path(args.output).write_text(json.dumps(out, separators=(",", ":")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
