"""align and the established aligners side by side on the development corpus.

Every pair of `benchmarks.corpus` is written four ways (lines / running text,
B complete / a quarter cut); every available aligner runs on each variant as
a measured subprocess and is scored by `benchmarks.score`: strict and lax
bead F1 (vecalign's definitions), link F1, no-counterpart F1, wall time and
peak memory. Tables are printed per split (tune, then held-out), each with a
mean over the variants every aligner ran on.

The embedding aligners (bertalign, vecalign) are slow on a CPU: they run only
on the variants named by ``--embed-variants`` of pairs with at most
``--embed-max-units`` units a side, never on a pair marked long.

``align`` runs from a frozen copy of ``align/`` (`benchmarks.common.freeze_align`),
or from ``--align-home DIR`` (a folder whose ``align/`` is run, e.g. another
work tree), with this Python.

Usage: ``python -m benchmarks.run_peers [--pairs NAME,...] [--aligners ...]
[--variants ...] [--work build/bench/peers]``; ``--report R1.json R2.json``
prints the tables of earlier runs together.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common, corpus
from benchmarks.common import REPO, Gold, align_version, git_describe, load_average
from benchmarks.harness import ALIGNERS, available, run_on_gold, table
from benchmarks.score import fmt

VARIANTS = ("lines-full", "lines-cut25", "text-full", "text-cut25")
EMBEDDERS = ("bertalign", "vecalign")


def run(args: argparse.Namespace, meta: dict) -> list[dict]:
    """Run every aligner on every variant of every chosen pair (in the order given);
    the result records, also written to ``results.json`` after each run."""
    aligners = [a for a in args.aligners.split(",") if a]
    for name in aligners:
        if not available(name):
            print(f"skipping {name}: not installed here", file=sys.stderr)
    aligners = [a for a in aligners if available(a)]
    by_name = {p.name: p for p in corpus.PAIRS}
    pairs = [by_name[n] for n in args.pairs.split(",")] if args.pairs else list(corpus.PAIRS)
    embed_variants = set(args.embed_variants.split(","))
    results = []
    for spec in pairs:
        folder = corpus.build(spec, args.work / "corpus", tao_src=args.tao_src, seed=args.seed)
        for variant in args.variants.split(","):
            gold = Gold.from_json(folder / variant / "gold.json")
            n = max(len(gold.a_spans), len(gold.b_spans))
            for name in aligners:
                if name in EMBEDDERS and (
                    spec.long or n > args.embed_max_units or variant not in embed_variants
                ):
                    continue
                load = load_average()
                out = args.work / "out" / corpus.slug(spec.name) / variant / f"{name}.json"
                res = run_on_gold(name, gold, out, timeout=args.timeout)
                r = res.run
                if r.returncode != 0:
                    print(
                        f"{name} failed on {spec.name} {variant}:\n{r.stderr[-1500:]}",
                        file=sys.stderr,
                    )
                s = res.scores
                rec = {
                    "pair": spec.name, "genre": spec.genre, "split": corpus.SPLIT[spec.name],
                    "variant": variant, "aligner": name,
                    "units": [len(gold.a_spans), len(gold.b_spans)], "load_before": load,
                    "returncode": r.returncode, "seconds": r.seconds,
                    "cpu_seconds": r.cpu_seconds, "max_rss_mib": r.max_rss_mib,
                    "scores": None if s is None else {
                        **s.row(), "coverage_a": s.coverage_a, "coverage_b": s.coverage_b,
                    },
                }  # fmt: skip
                results.append(rec)
                save(args.work, meta, results)
                print(" | ".join(map(str, cells(rec))), file=sys.stderr, flush=True)
    return results


HEADER = ["pair", "genre", "variant", "units A/B", "aligner", "strict F1", "lax F1",
          "link F1", "nc F1", "wall s", "peak MiB"]  # fmt: skip


def cells(rec: dict) -> list[str]:
    """One result as table cells."""
    s = rec["scores"] or {}
    scores = (
        [fmt(s.get(k)) for k in ("strict_f1", "lax_f1", "link_f1", "nc_f1")]
        if s
        else ["failed", "", "", ""]
    )
    return [
        rec["pair"], rec["genre"], rec["variant"], f"{rec['units'][0]}/{rec['units'][1]}",
        rec["aligner"], *scores, f"{rec['seconds']:.1f}", f"{rec['max_rss_mib']:.0f}",
    ]  # fmt: skip


def means(results: Sequence[dict]) -> str:
    """Per aligner, the mean scores over the variants on which every aligner ran
    (nc F1: over the variants where it is defined).

    Two groups: all aligners on their common variants, and the fast aligners
    (not the embedding ones) over every variant."""
    rows = []
    aligners = list(dict.fromkeys(r["aligner"] for r in results))
    by_key: dict[tuple[str, str], dict[str, dict]] = {}
    for r in results:
        by_key.setdefault((r["pair"], r["variant"]), {})[r["aligner"]] = r
    groups = [("common", aligners)]
    fast = [a for a in aligners if a not in EMBEDDERS]
    if fast != aligners:
        groups.append(("fast only", fast))
    for label, names in groups:
        keys = [k for k, v in by_key.items() if all(a in v for a in names)]
        for name in names:
            recs = [by_key[k][name] for k in keys]
            if not recs:
                continue

            def mean(key: str, recs: list[dict] = recs) -> str:
                # A failed run counts 0; an undefined score (nc F1 with no gold) is left out.
                vals = [0.0 if r["scores"] is None else r["scores"].get(key) for r in recs]
                vals = [v for v in vals if v is not None]
                return fmt(sum(vals) / len(vals)) if vals else "n/a"

            wall = sum(r["seconds"] for r in recs)
            rows.append([label, len(recs), name, mean("strict_f1"), mean("lax_f1"),
                         mean("link_f1"), mean("nc_f1"), f"{wall:.0f}"])  # fmt: skip
    head = ["variants", "n", "aligner", "strict F1", "lax F1", "link F1", "nc F1", "wall s (sum)"]
    return table(head, rows)


def report(results: Sequence[dict]) -> str:
    """The Markdown tables, tune first, then held-out."""
    out = []
    for split in ("tune", "heldout"):
        recs = [r for r in results if r["split"] == split]
        if not recs:
            continue
        out.append(f"#### {split}\n")
        out.append(means(recs) + "\n")
        out.append(table(HEADER, [cells(r) for r in recs]) + "\n")
    return "\n".join(out)


def save(work: Path, meta: dict, results: list[dict]) -> Path:
    """Write ``results.json`` (the run's metadata and records so far) into `work`."""
    work.mkdir(parents=True, exist_ok=True)
    path = work / "results.json"
    path.write_text(json.dumps({"meta": meta, "results": results}, indent=1))
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """Command line."""
    ap = argparse.ArgumentParser(description="align and its peers on the development corpus.")
    ap.add_argument("--pairs", default="", help="comma list of corpus pair names (default: all)")
    ap.add_argument("--aligners", default=",".join(ALIGNERS))
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument(
        "--embed-variants", default="lines-cut25", help="variants for bertalign/vecalign"
    )
    ap.add_argument("--embed-max-units", type=int, default=400)
    ap.add_argument("--work", type=Path, default=REPO / "build" / "bench" / "peers")
    ap.add_argument("--tao-src", type=Path, default=corpus.tao_source())
    ap.add_argument("--align-home", type=Path, help="run align/ from this folder")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--live", action="store_true", help="run align/ as it is, not a frozen copy")
    ap.add_argument("--report", nargs="+", type=Path, help="print the tables of these results")
    args = ap.parse_args(argv)
    if args.report:
        results = [r for p in args.report for r in json.loads(p.read_text())["results"]]
        print(report(results))
        return 0
    if args.align_home:
        common.ALIGN_HOME = args.align_home.resolve()
    elif not args.live:
        common.freeze_align()
    code = git_describe()
    if args.align_home:
        done = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--abbrev=12"],
            cwd=args.align_home, capture_output=True, text=True,
        )  # fmt: skip
        code = f"{done.stdout.strip() or 'no commit'} in {args.align_home}; " + code.split(", ")[-1]
    meta = {
        "code": code, "align_version": align_version(),
        "align_home": str(common.ALIGN_HOME), "date": time.strftime("%Y-%m-%d %H:%M"),
        "load_before": load_average(), "argv": sys.argv[1:] if argv is None else list(argv),
    }  # fmt: skip
    results = run(args, meta)
    meta["load_after"] = load_average()
    path = save(args.work, meta, results)
    print(
        f"align {meta['align_version']} ({meta['code']}, from {meta['align_home']}), "
        f"{meta['date']}, load {meta['load_before']} -> {meta['load_after']}; {path}\n"
    )
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
