"""Time, peak memory and output size of ``align json`` on repetitive input.

A text that repeats its passages (archives, boilerplate-heavy sites, liturgical texts) makes
every passage a repeat of every other rendering of it: the cost must still grow with the
input, not with its square. B is the five seed files concatenated (in name order, a blank line
between them) and repeated until it reaches the size asked for, cut at a paragraph; A is the
6.5 KB VOV seed. The inputs are deterministic and go to ``build/bench/repetitive/``.

Peak memory is the summed PSS of the command and all its workers (see ``benchmarks.memory``).
Prints a markdown table.

    python -m benchmarks.repetitive --sizes 5,50 [--align .venv/bin/align]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.memory import _pss_kib, _tree

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED_A = SEEDS / "vov-to-lam-comprehensive-diplomacy.txt"
OUT = REPO / "build/bench/repetitive"
MB = 1_000_000


def build(size_mb: float, out_dir: Path = OUT) -> Path:
    """The repetitive B text of about `size_mb` MB (written once; the same bytes every time)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"seeds-x-{size_mb:g}mb.txt"
    block = "\n\n".join(p.read_text(encoding="utf-8").strip() for p in sorted(SEEDS.glob("*.txt")))
    block = block.encode("utf-8")
    target = int(size_mb * MB)
    times = -(-target // (len(block) + 2))
    text = b"\n\n".join([block] * times)
    cut = text.rfind(b"\n\n", 0, target)
    text = text[: cut if cut > 0 else target] + b"\n"
    if not path.exists() or path.read_bytes() != text:
        path.write_bytes(text)
    return path


def measure(command: Sequence[str], interval: float = 0.25) -> tuple[int, float, float]:
    """(exit status, wall seconds, peak summed PSS in MiB) of `command` and its processes."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, sum(map(_pss_kib, _tree(proc.pid))))
        time.sleep(interval)
    return proc.returncode, time.perf_counter() - start, peak / 1024


def main(argv: Sequence[str] | None = None) -> int:
    """Command line."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="5,50", help="sizes of B in MB, comma-separated")
    ap.add_argument(
        "--align",
        default=str(Path(sys.executable).with_name("align")),
        help="the align command to measure (default: the one beside this Python)",
    )
    ap.add_argument("--label", default="", help="a name for this code in the table")
    args = ap.parse_args(argv)
    if not os.path.exists("/proc/self/smaps_rollup"):
        ap.error("needs Linux /proc/PID/smaps_rollup")
    print("| code | B | time (s) | peak PSS, all processes (MiB) | JSON (MB) | inconsistencies |")
    print("|---|---|---|---|---|---|")
    for size in (float(s) for s in args.sizes.split(",")):
        b = build(size)
        out = OUT / f"out-{args.label or 'align'}-{size:g}mb.json"
        status, wall, peak = measure([args.align, "json", str(SEED_A), str(b), "-o", str(out)])
        if status != 0 or not out.exists():
            print(
                f"| {args.label} | {size:g} MB | failed (exit {status}) after {wall:.0f} | "
                f"{peak:.0f} | | |"
            )
            continue
        json_mb = out.stat().st_size / MB
        count = _count_inconsistencies(out)
        print(
            f"| {args.label} | {b.stat().st_size / MB:.1f} MB | {wall:.1f} | {peak:.0f} | "
            f"{json_mb:.1f} | {count} |"
        )
        sys.stdout.flush()
    return 0


def _count_inconsistencies(path: Path) -> int:
    """The inconsistencies in an output, counted without loading it (it may be 700 MB).

    Only an inconsistency has a "reason" key, and no text holds the quoted key unescaped.
    """
    key, count, tail = b'"reason":', 0, b""
    with path.open("rb") as f:
        while chunk := f.read(1 << 24):
            block = tail + chunk
            count += block.count(key)
            tail = block[-(len(key) - 1) :]  # too short to hold a key: none counted twice
    return count


if __name__ == "__main__":
    sys.exit(main())
