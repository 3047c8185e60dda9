"""The news pairs of the development corpus: align against the one-best character baseline.

For every pair in ``benchmarks/data/news`` (split into ``tune`` and ``heldout`` by
``splits.json``), runs ``align json`` (running text, default options) and the one-best
baseline handed the gold segmentation (`benchmarks.onebest`), scores both with
`benchmarks.score`, and prints per-pair link P/R/F1 and strict/lax bead F1, then the links
pooled over each split (counts summed, so long pairs weigh more), and, when ``splits.json``
lists ``batches`` (the pairs added together), the links pooled per split and batch.

Usage: ``python -m benchmarks.run_news [--align-home DIR] [--work build/bench/news]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import Gold
from benchmarks.score import Scores, read_prediction, score

NEWS = Path(__file__).resolve().parent / "data" / "news"
COLLATE = Path(__file__).resolve().parent / "data" / "collate"
EXTRA = os.environ.get("T_EXTRA", "").split()


def run_pair(folder: Path, work: Path, align_home: Path) -> dict[str, Scores]:
    """Both aligners on one pair, scored."""
    gold_path = folder / "gold.json"
    gold = Gold.from_json(gold_path)
    raw = json.loads(gold_path.read_text(encoding="utf-8"))
    out_align = work / f"{folder.name}.align.json"
    out_best = work / f"{folder.name}.onebest.json"
    env = {**os.environ, "PYTHONPATH": str(align_home)}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "align",
            "json",
            str(folder / raw["a"]),
            str(folder / raw["b"]),
            "-o",
            str(out_align),
        ],
        check=False,
        env=env,
        cwd=work,
        capture_output=True,
    )
    subprocess.run(
        [sys.executable, "-m", "benchmarks.onebest", str(gold_path), "-o", str(out_best)],
        check=True,
        capture_output=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return {
        "align": score(gold, read_prediction(out_align, gold)),
        "one-best": score(gold, read_prediction(out_best, gold)),
    }


def set_pairs(work: Path) -> list[Path]:
    """Every pair of witnesses of the collation sets (`benchmarks/data/collate`) as a news pair.

    Written under ``work`` in the news pairs' form (``a.txt``, ``b.txt``, ``gold.json`` with
    spans and links; two units are linked when they render a part of the speech in common).
    The sets were made after the aligner's news rules were set: they are held out.
    """
    from itertools import combinations

    from benchmarks.collate_witnesses import gold_links

    out = []
    for folder in sorted(p for p in COLLATE.iterdir() if (p / "gold.json").is_file()):
        gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
        for wa, wb in combinations(gold["witnesses"], 2):
            pair = work / "sets" / f"{folder.name}-{wa['label']}-{wb['label']}"
            pair.mkdir(parents=True, exist_ok=True)
            for name, w in (("a.txt", wa), ("b.txt", wb)):
                (pair / name).write_bytes((folder / w["file"]).read_bytes())
            links = sorted(gold_links(wa["keys"], wb["keys"]))
            doc = {
                "a": "a.txt",
                "b": "b.txt",
                "units": "sentences",
                "a_spans": wa["spans"],
                "b_spans": wb["spans"],
                "links": [list(x) for x in links],
            }
            (pair / "gold.json").write_text(json.dumps(doc, indent=1), encoding="utf-8")
            out.append(pair)
    return out


def pooled(results: Sequence[Scores]) -> tuple[float, float, float]:
    """Link precision, recall and F1 with counts summed over pairs."""
    correct = sum(s.links.correct for s in results)
    predicted = sum(s.links.predicted for s in results)
    gold = sum(s.links.gold for s in results)
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def batch_rows(
    found: dict[str, dict[str, Scores]], batches: dict[str, list[str]]
) -> list[tuple[str, str, int, int, tuple[float, float, float]]]:
    """One split's links pooled per batch, then over all its pairs.

    ``found`` maps each pair of the split to its scores per aligner; ``batches`` maps a batch
    name to its pairs (of any split). Rows are (batch, aligner, pairs, gold links, pooled
    P/R/F1), in the batches' order with ``all`` last; a batch with no pair in the split is left
    out, and pairs in no batch count only in ``all``.
    """
    groups = [(name, [p for p in pairs if p in found]) for name, pairs in batches.items()]
    groups = [(name, pairs) for name, pairs in groups if pairs] + [("all", list(found))]
    aligners = list(dict.fromkeys(who for scores in found.values() for who in scores))
    rows = []
    for name, pairs in groups:
        for who in aligners:
            results = [found[p][who] for p in pairs]
            gold = sum(s.links.gold for s in results)
            rows.append((name, who, len(pairs), gold, pooled(results)))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: run, score and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--align-home", type=Path, default=Path(__file__).resolve().parent.parent)
    ap.add_argument("--work", type=Path, default=Path("build/bench/news"))
    args = ap.parse_args(argv)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    splits = json.loads((NEWS / "splits.json").read_text(encoding="utf-8"))
    print("| split | pair | align link P/R/F1 | align strict/lax | one-best link P/R/F1 |")
    print("|---|---|---|---|---|")
    totals: dict[tuple[str, str], list[Scores]] = {}
    folders = {split: [NEWS / name for name in splits[split]] for split in ("tune", "heldout")}
    folders["heldout-sets"] = set_pairs(work)
    per_pair: dict[str, dict[str, dict[str, Scores]]] = {}
    for split, paths in folders.items():
        for folder in paths:
            name = folder.name
            found = run_pair(folder, work, args.align_home.resolve())
            per_pair.setdefault(split, {})[name] = found
            a, o = found["align"], found["one-best"]
            for who, s in found.items():
                totals.setdefault((split, who), []).append(s)
            beads = a.beads
            print(
                f"| {split} | {name} | {a.links.precision:.3f}/{a.links.recall:.3f}/"
                f"{a.links.f1:.3f} | {beads.f1_strict:.3f}/{beads.f1_lax:.3f} | "
                f"{o.links.precision:.3f}/{o.links.recall:.3f}/{o.links.f1:.3f} |"
            )
    print()
    print("| split | aligner | pooled link P/R/F1 |")
    print("|---|---|---|")
    for (split, who), results in totals.items():
        p, r, f = pooled(results)
        print(f"| {split} | {who} | {p:.3f}/{r:.3f}/{f:.3f} |")
    batches = splits.get("batches")
    if batches:
        print()
        print("| split | batch | pairs | gold links | aligner | pooled link P/R/F1 |")
        print("|---|---|---|---|---|---|")
        for split in ("tune", "heldout"):
            for batch, who, n, gold, (p, r, f) in batch_rows(per_pair.get(split, {}), batches):
                print(f"| {split} | {batch} | {n} | {gold} | {who} | {p:.3f}/{r:.3f}/{f:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
