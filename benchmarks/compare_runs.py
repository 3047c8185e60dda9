"""Two runs of `benchmarks.run_peers` side by side: align before and after, with the peers.

``python -m benchmarks.compare_runs BASE_RESULTS.json NEW_RESULTS.json [...]`` prints, per
pair and variant, strict / lax bead F1 of align in BASE (``align-base``), of align in the NEW
files (``align-new``) and of the peers in BASE, then the means by split and unit mode.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

COLUMNS = ("align-base", "align-new", "hunalign", "hunalign-realign", "gale-church")


def load(path: Path) -> list[dict]:
    """The result rows of one results file."""
    return json.loads(path.read_text(encoding="utf-8"))["results"]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: print the two tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base", type=Path)
    ap.add_argument("new", type=Path, nargs="+")
    args = ap.parse_args(argv)
    rows: dict[tuple[str, str, str], dict[str, dict]] = defaultdict(dict)
    for r in load(args.base):
        name = "align-base" if r["aligner"] == "align" else r["aligner"]
        rows[(r["split"], r["pair"], r["variant"])][name] = r["scores"]
    for path in args.new:
        for r in load(path):
            if r["aligner"] == "align":
                rows[(r["split"], r["pair"], r["variant"])]["align-new"] = r["scores"]
    means: dict[tuple[str, str], dict[str, list[tuple[float, float]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    print("| split | pair | variant | " + " | ".join(COLUMNS) + " |")
    print("|---|---|---|" + "---|" * len(COLUMNS))
    for key in sorted(rows):
        cells = []
        for column in COLUMNS:
            s = rows[key].get(column)
            if not s or s.get("strict_f1") is None:
                cells.append("-")
                continue
            cells.append(f"{s['strict_f1']:.3f}/{s['lax_f1']:.3f}")
            for group in (key[2].split("-")[0], "all"):
                means[(key[0], group)][column].append((s["strict_f1"], s["lax_f1"]))
        print(f"| {key[0]} | {key[1]} | {key[2]} | " + " | ".join(cells) + " |")
    print()
    print("| split | variants | " + " | ".join(COLUMNS) + " |")
    print("|---|---|" + "---|" * len(COLUMNS))
    for group in sorted(means):
        cells = []
        for column in COLUMNS:
            v = means[group][column]
            strict, lax = sum(x for x, _ in v), sum(y for _, y in v)
            cells.append(f"{strict / len(v):.3f}/{lax / len(v):.3f} (n={len(v)})" if v else "-")
        print(f"| {group[0]} | {group[1]} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
