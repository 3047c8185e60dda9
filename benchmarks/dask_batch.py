"""Pairs per second of ``align batch``: in this process, on the fork pool, on a Dask LocalCluster.

Two workloads, made in ``build/bench/dask/``: ``--pairs`` copies of the seed
pair (VOV 6.5 kB against VNA 14.6 kB) and ``--chapters`` chapter-size pairs
(the VOV seed and the three other seeds, 21 kB, against the VNA seed and the
same three, 29 kB). Each is run

- in-process: ``run_batch(jobs=1)``, one pair after another in this process;
- on the fork pool: ``run_batch(jobs=2)``, the local batch as the command runs it;
- on a ``LocalCluster`` of 1 and of 2 worker processes (one thread each),
  started beforehand: its start-up is timed apart, the batch is given its address.

One pair is compared first, untimed, so that this process has loaded its
word tables (the workers load theirs in the time measured, as a real run
does). Every run writes into a fresh folder, and the outputs are checked to be the
in-process run's, byte for byte. The per-task overhead is the cluster's time
with one worker less the in-process time, per pair.

Usage: ``python -m benchmarks.dask_batch [--pairs 1000] [--chapters 100]``
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from align.batch.runner import run_batch

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
OUT = REPO / "build" / "bench" / "dask"
OTHERS = (
    "commentary-foreign-policy-14th-congress.txt",
    "foreign-minister-le-hoai-trung-14th-congress.txt",
    "vov-nguyen-phu-trong-2021-foreign-affairs-conference.txt",
)


def workload(name: str, count: int, a: str, b: str) -> Path:
    """A folder with ``count`` pairs of the texts ``a`` and ``b``, and its manifest."""
    folder = OUT / name
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "in").mkdir(parents=True)
    (folder / "in" / "a.txt").write_text(a, encoding="utf-8")
    (folder / "in" / "b.txt").write_text(b, encoding="utf-8")
    rows = ["a,b,name", *(f"in/a.txt,in/b.txt,pair{i:04d}" for i in range(count))]
    manifest = folder / "pairs.csv"
    manifest.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return manifest


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def timed(manifest: Path, label: str, **how: object) -> tuple[float, dict[str, bytes]]:
    out = manifest.parent / f"out-{label}"
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    result = run_batch(str(manifest), str(out), **how)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    assert not result.failed, result.failed
    return seconds, outputs(out)


def measure(manifest: Path, count: int) -> list[tuple[str, float]]:
    """Each way's seconds for the batch of ``manifest`` (``count`` pairs)."""
    from distributed import LocalCluster

    rows = []
    reference_seconds, reference = timed(manifest, "inprocess", jobs=1)
    rows.append(("in-process (jobs=1)", reference_seconds))
    seconds, files = timed(manifest, "pool", jobs=2)
    assert files == reference
    rows.append(("fork pool (jobs=2)", seconds))
    for workers in (1, 2):
        start = time.perf_counter()
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            silence_logs=logging.ERROR,
            dashboard_address=None,
        )
        rows.append((f"LocalCluster start-up ({workers} worker)", time.perf_counter() - start))
        try:
            seconds, files = timed(manifest, f"dask{workers}", scheduler=cluster.scheduler_address)
        finally:
            cluster.close()
        assert files == reference
        rows.append((f"LocalCluster, {workers} worker{'s' * (workers > 1)}", seconds))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Command line."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=int, default=1000, help="seed-size pairs")
    ap.add_argument("--chapters", type=int, default=100, help="chapter-size pairs")
    args = ap.parse_args(argv)
    vov = (SEEDS / "vov-to-lam-comprehensive-diplomacy.txt").read_text(encoding="utf-8")
    vna = (SEEDS / "vna-to-lam-comprehensive-foreign-affairs.txt").read_text(encoding="utf-8")
    others = [(SEEDS / name).read_text(encoding="utf-8") for name in OTHERS]
    loads = [
        ("seed", args.pairs, vov, vna),
        ("chapter", args.chapters, "\n\n".join([vov, *others]), "\n\n".join([vna, *others])),
    ]
    print(f"cores: {len(os.sched_getaffinity(0))}; Python {sys.version.split()[0]}")
    # Warm-up: the first comparison of a process loads the word tables.
    timed(workload("warm-up", 1, vov, vna), "inprocess", jobs=1)
    for name, count, a, b in loads:
        if count <= 0:
            continue
        manifest = workload(name, count, a, b)
        rows = measure(manifest, count)
        inprocess = rows[0][1]
        print(f"\n{name} pairs ({len(a)} / {len(b)} characters), {count} pairs:")
        print("| way | seconds | pairs/s |")
        print("|---|---:|---:|")
        for way, seconds in rows:
            rate = "" if "start-up" in way else f"{count / seconds:.2f}"
            print(f"| {way} | {seconds:.1f} | {rate} |")
        one = dict(rows)["LocalCluster, 1 worker"]
        overhead = (one - inprocess) / count * 1000
        print(f"per-task overhead (1 worker less in-process): {overhead:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
