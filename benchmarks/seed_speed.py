"""Wall time and peak memory of ``align json`` on the seed pair, interpreter start included.

Runs the installed command as a fresh process several times (after one warm-up) and prints
the median, minimum and maximum wall time and the largest peak RSS. The target is under 1 s.

Usage: ``python -m benchmarks.seed_speed [--runs 9]``
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED_A = REPO / "seeds/vov-to-lam-comprehensive-diplomacy.txt"
SEED_B = REPO / "seeds/vna-to-lam-comprehensive-foreign-affairs.txt"


def run_once() -> float:
    """One fresh ``python -m align json`` on the seed pair; its wall seconds."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "align", "json", str(SEED_A), str(SEED_B), "-o", os.devnull],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    """Command line."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args(argv)
    run_once()  # warm-up: file caches, .pyc files
    times = sorted(run_once() for _ in range(args.runs))
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"align json on the seed pair, {args.runs} runs: median {statistics.median(times):.3f} s, "
        f"min {times[0]:.3f} s, max {times[-1]:.3f} s; peak RSS {peak_mib:.0f} MiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
