"""Peak memory of a command and all its processes together (summed PSS), and its wall time.

`align` forks workers on long texts. Peak RSS (``ru_maxrss``, what ``/usr/bin/time`` and the
other scripts here report) is the largest single process; the workers share most of their
pages with the parent, so adding their RSS would count those pages twice. The proportional set
size (PSS) shares each page among the processes that map it, so its sum over the process tree
is the memory the command really holds. Sampled from ``/proc`` (Linux only) every
``--interval`` seconds; sampling a big process costs some time, so wall time here is a little
longer than in the timing scripts.

    python -m benchmarks.memory -- python -m align json A B -o out.json
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants."""
    out = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                for child in f.read().split():
                    out += _tree(int(child))
    except OSError:  # the process ended meanwhile
        pass
    return out


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interval", type=float, default=0.25, help="seconds between samples")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command, after --")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    if not os.path.exists("/proc/self/smaps_rollup"):
        parser.error("needs Linux /proc/PID/smaps_rollup")
    start = time.perf_counter()
    proc = subprocess.Popen(command)
    peak = processes = 0
    while proc.poll() is None:
        pids = _tree(proc.pid)
        total = sum(map(_pss_kib, pids))
        if total > peak:
            peak, processes = total, len(pids)
        time.sleep(args.interval)
    wall = time.perf_counter() - start
    print(
        f"exit {proc.returncode}, wall {wall:.1f} s, peak summed PSS {peak / 1024:.0f} MiB "
        f"(over {processes} processes)"
    )
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
