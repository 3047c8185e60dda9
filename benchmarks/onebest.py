"""One-best character baseline handed the perfect segmentation.

Given a gold file, it takes the gold units (sentences) of both sides as they
are, so segmentation costs nothing. Each unit of A is linked to the unit of B
whose text has the highest ``Levenshtein.ratio`` with it, and each unit of B
to its best unit of A; the links are the union of both directions. A link is
kept only when that ratio is above ``--min-ratio`` (default 0.5), so a unit
whose best match is poor has no counterpart. Texts are compared with their
whitespace runs collapsed to one space; ties go to the earlier unit.

Usage: ``python -m benchmarks.onebest GOLD.json -o OUT.json [--min-ratio 0.5]``.
The output is a links file (``links``, ``a_spans``, ``b_spans``, as
`benchmarks.gale_church` writes) that `benchmarks.score` reads.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import Levenshtein

MIN_RATIO = 0.5


def unit_texts(path: Path, spans: Sequence[Sequence[int]]) -> list[str]:
    """The text of each span of a file, whitespace runs collapsed."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    return [" ".join(text[s:e].split()) for s, e in spans]


def best_links(
    a: Sequence[str], b: Sequence[str], min_ratio: float = MIN_RATIO
) -> set[tuple[int, int]]:
    """Union of each unit's best match on the other side, kept above `min_ratio`."""
    if not a or not b:
        return set()
    ratio = [[Levenshtein.ratio(x, y) for y in b] for x in a]
    links = set()
    for i, row in enumerate(ratio):
        j = max(range(len(b)), key=lambda k: (row[k], -k))
        if row[j] > min_ratio:
            links.add((i, j))
    for j in range(len(b)):
        i = max(range(len(a)), key=lambda k: (ratio[k][j], -k))
        if ratio[i][j] > min_ratio:
            links.add((i, j))
    return links


def align_gold(gold_path: Path, min_ratio: float = MIN_RATIO) -> dict:
    """The baseline's links file for the units of one gold file."""
    data = json.loads(gold_path.read_text(encoding="utf-8"))
    base = gold_path.parent
    a_spans, b_spans = data["a_spans"], data["b_spans"]
    links = best_links(
        unit_texts(base / data["a"], a_spans), unit_texts(base / data["b"], b_spans), min_ratio
    )
    return {
        "aligner": "onebest-levenshtein",
        "min_ratio": min_ratio,
        "links": sorted([i, j] for i, j in links),
        "a_spans": a_spans,
        "b_spans": b_spans,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Write the links file for one gold file."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", type=Path)
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--min-ratio", type=float, default=MIN_RATIO)
    args = ap.parse_args(argv)
    out = align_gold(args.gold, args.min_ratio)
    args.output.write_text(json.dumps(out, separators=(",", ":")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
