"""Synthetic book pairs at growing sizes: F1, wall time, peak memory, fitted exponent.

For each size (1x = 2,200 source sentences; 16x is the whole source, about
34,500 sentences and 755,000 words a side) `benchmarks.synth` writes a pair;
each aligner runs on it as a measured subprocess (wall time, CPU time = user +
system, peak RSS) and is scored. The time exponent is the least-squares slope
of log(time) on log(words, both sides), for wall and for CPU time (CPU time is less
disturbed by other work on the machine; the load average is recorded). With
``--chapters`` the pairs of those sizes are also aligned chapter by chapter
(known pieces) and the links, mapped back to the whole book, are scored against
the same gold, to compare with the whole-book alignment.

Usage: ``python -m benchmarks.run_books [--sizes 1,2,4,8,16] [--chapters 1]
[--units sentences|lines] [--profile translation|summary] [--aligners align,gale-church]
[--repeat 1] [--work build/bench/books]``
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

from benchmarks import common, synth
from benchmarks.common import (
    REPO,
    Gold,
    align_command,
    align_version,
    git_describe,
    load_average,
    run_measured,
)
from benchmarks.harness import Result, available, fit_exponent, run_on_gold, score_cells, table
from benchmarks.score import PRF, fmt, gold_unit_links, no_counterpart, read_prediction

HEADER = ["size", "units A/B", "words A/B", "aligner", "link P", "link R", "link F1",
          "nc P", "nc R", "nc F1", "wall s", "CPU s", "peak MiB"]  # fmt: skip


def chapter_by_chapter(pair_dir: Path, gold: Gold, timeout: float | None) -> dict:
    """Align each chapter piece with ``align json``; score the union against `gold`."""
    pieces = pair_dir / "pieces"
    index = json.loads((pieces / "index.json").read_text(encoding="utf-8"))
    links: set[tuple[int, int]] = set()
    wall = cpu = peak = 0.0
    failed = 0
    for k, piece in enumerate(index):
        a, b = pieces / piece["a"], pieces / piece["b"]
        out = pieces / f"{k + 1:04d}.align.json"
        run = run_measured(align_command(a, b, out), timeout=timeout, cwd=common.ALIGN_HOME)
        wall += run.seconds
        cpu += run.cpu_seconds
        peak = max(peak, run.max_rss_mib)
        if run.returncode != 0:
            failed += 1
            print(f"piece {k + 1} failed:\n{run.stderr[-2000:]}", file=sys.stderr)
            continue
        a_spans = [(s, e) for s, e in piece["a_spans"]]
        b_spans = [(s, e) for s, e in piece["b_spans"]]
        local = Gold(a, b, "sentences", a_spans, b_spans, set())
        found, _, _ = gold_unit_links(read_prediction(out, local, "align"), local)
        links |= {(i + piece["a_offset"], j + piece["b_offset"]) for i, j in found}
    n_a, n_b = len(gold.a_spans), len(gold.b_spans)
    return {
        "links": PRF.of(links, gold.links),
        "nc": PRF.of(no_counterpart(links, n_a, n_b), no_counterpart(gold.links, n_a, n_b)),
        "wall": wall, "cpu": cpu, "peak": peak, "pieces": len(index), "failed": failed,
    }  # fmt: skip


def best_of(name: str, gold: Gold, out: Path, repeat: int, timeout: float | None) -> Result:
    """The run with the least wall time out of `repeat` runs."""
    runs = [run_on_gold(name, gold, out, timeout=timeout) for _ in range(max(1, repeat))]
    return min(runs, key=lambda r: (r.run.returncode != 0, r.run.seconds))


def main(argv: Sequence[str] | None = None) -> int:
    """Command line."""
    ap = argparse.ArgumentParser(description="Scale and accuracy of align on synthetic books.")
    ap.add_argument("--sizes", default="1,2,4,8,16", help="scales (1x = 2,200 sentences)")
    ap.add_argument("--chapters", default="1", help="sizes also aligned chapter by chapter")
    ap.add_argument("--units", choices=("sentences", "lines"), default="sentences")
    ap.add_argument("--profile", choices=sorted(synth.PROFILES), default="translation")
    ap.add_argument("--source", default="web", help="web, another pythonbible code, or story")
    ap.add_argument("--aligners", default="align", help="align, gale-church, hunalign")
    ap.add_argument("--repeat", type=int, default=1, help="runs per size; the fastest counts")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, default=REPO / "build" / "bench" / "books")
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--live", action="store_true", help="run align/ as it is, not a frozen copy")
    args = ap.parse_args(argv)
    sizes = [float(s) for s in args.sizes.split(",") if s]
    chapter_sizes = {float(s) for s in args.chapters.split(",") if s}
    aligners = [a for a in args.aligners.split(",") if a and available(a)]
    source = synth.load_source(args.source, args.seed)
    if not args.live:
        common.freeze_align()
    meta = {
        "code": git_describe(), "align_version": align_version(),
        "date": time.strftime("%Y-%m-%d %H:%M"), "load_before": load_average(),
        "argv": sys.argv[1:] if argv is None else list(argv),
    }  # fmt: skip
    rows, results = [], []
    timing: dict[str, list[tuple[float, float, float]]] = {a: [] for a in aligners}
    for size in sizes:
        pair_dir = args.work / f"{args.source}-{args.profile}-x{size:g}"
        book = source.take(round(size * synth.UNIT_SENTENCES))
        pair = synth.generate(book, seed=args.seed, profile=args.profile)
        summary = pair.write(pair_dir, pieces=size in chapter_sizes)
        name_gold = "gold.lines.json" if args.units == "lines" else "gold.json"
        gold = Gold.from_json(pair_dir / name_gold)
        described = [
            f"{size:g}x",
            f"{summary['a_units']}/{summary['b_units']}",
            f"{summary['a_words']}/{summary['b_words']}",
        ]
        for name in aligners:
            out = pair_dir / f"{name}.{args.units}.json"
            load = load_average()
            res = best_of(name, gold, out, args.repeat, args.timeout)
            run = res.run
            if run.returncode != 0:
                print(f"{name} failed at {size:g}x:\n{run.stderr[-2000:]}", file=sys.stderr)
            else:
                words = summary["a_words"] + summary["b_words"]
                timing[name].append((words, run.seconds, run.cpu_seconds))
            cells = [f"{run.seconds:.1f}", f"{run.cpu_seconds:.1f}", f"{run.max_rss_mib:.0f}"]
            row = [*described, name, *score_cells(res.scores), *cells]
            rows.append(row)
            print(" | ".join(row), file=sys.stderr, flush=True)
            results.append({
                "size": size, "aligner": name, "summary": summary, "load_before": load,
                "returncode": run.returncode, "seconds": run.seconds,
                "cpu_seconds": run.cpu_seconds, "max_rss_mib": run.max_rss_mib,
                "scores": res.scores.row() if res.scores else None,
            })  # fmt: skip
        if size in chapter_sizes and "align" in aligners:
            ch = chapter_by_chapter(pair_dir, Gold.from_json(pair_dir / "gold.json"), args.timeout)
            lk, nc = ch["links"], ch["nc"]
            row = [
                *described, f"align, {ch['pieces']} chapters apart",
                fmt(lk.precision), fmt(lk.recall), fmt(lk.f1),
                fmt(nc.precision), fmt(nc.recall), fmt(nc.f1),
                f"{ch['wall']:.1f}", f"{ch['cpu']:.1f}", f"{ch['peak']:.0f}",
            ]  # fmt: skip
            rows.append(row)
            print(" | ".join(row), file=sys.stderr, flush=True)
            results.append({
                "size": size, "aligner": "align-by-chapter", "summary": summary,
                "seconds": ch["wall"], "cpu_seconds": ch["cpu"], "max_rss_mib": ch["peak"],
                "failed_pieces": ch["failed"],
                "scores": {"link_p": lk.precision, "link_r": lk.recall, "link_f1": lk.f1,
                           "nc_p": nc.precision, "nc_r": nc.recall, "nc_f1": nc.f1},
            })  # fmt: skip
    meta["load_after"] = load_average()
    exponents = {}
    for name, pts in timing.items():
        if len(pts) >= 2:
            sz = [p[0] for p in pts]
            exponents[name] = {
                "wall": fit_exponent(sz, [p[1] for p in pts]),
                "cpu": fit_exponent(sz, [p[2] for p in pts]),
            }
    args.work.mkdir(parents=True, exist_ok=True)
    out = {"meta": meta, "exponents": exponents, "results": results}
    (args.work / f"results-{args.units}.json").write_text(json.dumps(out, indent=1))
    print(
        f"align {meta['align_version']} ({meta['code']}), {meta['date']}, units {args.units}, "
        f"profile {args.profile}, source {args.source}, seed {args.seed}, "
        f"load {meta['load_before']} -> {meta['load_after']}"
    )
    print(table(HEADER, rows))
    for name, e in exponents.items():
        print(f"\n{name}: wall time ~ words^{e['wall']:.2f}, CPU time ~ words^{e['cpu']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
