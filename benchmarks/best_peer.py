"""align against the best peer on every corpus variant (issue 11's target), from run_peers results.

``python -m benchmarks.best_peer RESULTS.json [...] [--align NEW.json] [--readme README.md]``

The issue's target, per variant: one unit per line (``lines-*``), strict and lax bead F1 at
least the best peer's (each the best of any peer); in running text (``text-*``), link F1 at
least the best peer's. The peers are every aligner but ``align`` in the RESULTS files, and,
with ``--readme``, the bertalign and vecalign rows of the per-variant tables in that file
(those two are slow and were run once; their rows are read back, not run again). With
``--align``, align's rows come from those files instead (a branch against the peers of a
run of main), and the table has align's figures in RESULTS as ``before``.

Prints one row per variant (before, after, best peer, the gap) and how many variants are
below the best peer, per split. A gap smaller than `TOLERANCE` is a tie (figures are
printed to three places).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

#: Below the best peer by less than this is a tie (the figures are rounded to 0.001).
TOLERANCE = 0.0005
#: The slow peers whose per-variant rows are read back from the README's tables.
README_PEERS = ("bertalign", "vecalign")

Key = tuple[str, str, str]  # split, pair, variant
Scores = dict[str, float]

_ROW = re.compile(
    r"^\|\s*(?P<pair>[^|]+?)\s*\|\s*(?P<genre>[^|]+?)\s*\|\s*(?P<variant>(?:lines|text)-\w+)\s*\|"
    r"\s*[\d/]+\s*\|\s*(?P<aligner>[\w-]+)\s*\|\s*(?P<strict>[\d.]+)\s*\|\s*(?P<lax>[\d.]+)\s*\|"
    r"\s*(?P<link>[\d.]+)\s*\|"
)


def load(path: Path) -> list[dict]:
    """The result rows of one `run_peers` results file."""
    return json.loads(path.read_text(encoding="utf-8"))["results"]


def readme_rows(path: Path, splits: dict[str, str]) -> dict[Key, dict[str, Scores]]:
    """The slow peers' figures in the README's per-variant tables, by variant (first row wins)."""
    out: dict[Key, dict[str, Scores]] = defaultdict(dict)
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _ROW.match(line)
        if not m or m["aligner"] not in README_PEERS or m["pair"] not in splits:
            continue
        key = (splits[m["pair"]], m["pair"], m["variant"])
        out[key].setdefault(
            m["aligner"],
            {
                "strict_f1": float(m["strict"]),
                "lax_f1": float(m["lax"]),
                "link_f1": float(m["link"]),
            },
        )
    return out


def measures(variant: str) -> tuple[str, ...]:
    """The figures the target compares on a variant."""
    return ("strict_f1", "lax_f1") if variant.startswith("lines") else ("link_f1",)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: print the table and the counts."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("results", type=Path, nargs="+")
    ap.add_argument("--align", type=Path, nargs="*", default=[], help="align's rows from these")
    ap.add_argument("--readme", type=Path, help="read bertalign/vecalign rows from this file")
    args = ap.parse_args(argv)
    peers: dict[Key, dict[str, Scores]] = defaultdict(dict)
    before: dict[Key, Scores] = {}
    splits: dict[str, str] = {}
    for path in args.results:
        for r in load(path):
            key = (r["split"], r["pair"], r["variant"])
            splits[r["pair"]] = r["split"]
            if r["scores"] is None:
                continue
            if r["aligner"] == "align":
                before[key] = r["scores"]
            else:
                peers[key][r["aligner"]] = r["scores"]
    if args.readme:
        for key, rows in readme_rows(args.readme, splits).items():
            for name, s in rows.items():
                peers[key].setdefault(name, s)
    after = dict(before)
    if args.align:
        after = {}
        for path in args.align:
            for r in load(path):
                if r["aligner"] == "align" and r["scores"] is not None:
                    after[(r["split"], r["pair"], r["variant"])] = r["scores"]
    below: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # before, after, variants

    def fmt(s: Scores | None, names: tuple[str, ...]) -> str:
        return "-" if s is None else " / ".join(f"{s[n]:.3f}" for n in names)

    print("| split | pair | variant | before | after | best peer (who) | gap after |")
    print("|---|---|---|---|---|---|---|")
    for key in sorted(set(before) | set(after)):
        names = measures(key[2])
        best = {n: max((s.get(n) or 0.0, who) for who, s in peers[key].items()) for n in names}
        best_scores = {n: v for n, (v, _) in best.items()}
        who = ",".join(sorted({w for _, w in best.values()}))
        counts = below[key[0]]
        counts[2] += 1
        gap = ""
        for slot, s in ((0, before.get(key)), (1, after.get(key))):
            if s is None:
                continue
            short = min(s[n] - best_scores[n] for n in names)
            if short < -TOLERANCE:
                counts[slot] += 1
            if slot == 1:
                gap = f"{short:+.3f}"
        print(
            f"| {key[0]} | {key[1]} | {key[2]} | {fmt(before.get(key), names)} | "
            f"{fmt(after.get(key), names)} | {fmt(best_scores, names)} ({who}) | {gap} |"
        )
    print()
    for split, (b, a, n) in sorted(below.items()):
        print(f"{split}: below the best peer: before {b}, after {a}, of {n} variants")
    return 0


if __name__ == "__main__":
    sys.exit(main())
