"""How `align collate`'s time and memory grow with the number of witnesses and with length.

Witnesses are public-domain Bibles as running text (`benchmarks.collate_witnesses`;
one lacks a quarter of its verses, one has passages moved). Each run is a
measured subprocess writing the HTML report (wall and CPU time, peak summed
PSS of the process tree). The exponents are least-squares slopes of log time
on log (witnesses - 1), the number of pair alignments, and on log words; CPU
time is given too because wall time on a shared machine depends on its load.

Usage: ``python -m benchmarks.collate_scale OUT [--verses 1000] [--lengths 1,2,4,8,16]
[--witnesses 2,3,4,6] [--timeout 900]``
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.collate_witnesses import write_witnesses
from benchmarks.collatex_run import measured

#: The witnesses, in the order they are added (the third lacks a quarter, the fourth moves).
VERSIONS = ("kjv", "asv", "web", "ylt", "dar", "nheb")


def slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """The least-squares slope of log y on log x."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)


def run_one(
    out: Path, versions: Sequence[str], verses: int, timeout: float, base: str | None = None
) -> dict:
    """Write the witnesses (first `verses` verses of the Bible) and collate them, measured."""
    folder = out / f"n{len(versions)}-v{verses}"
    write_witnesses(
        folder, versions, range(1, 67), cut_version="web", move_version="ylt", verses=verses
    )
    paths = [str(folder / "text" / f"{v}.txt") for v in versions]
    words = sum(len(Path(p).read_text(encoding="utf-8").split()) for p in paths)
    cmd = [sys.executable, "-m", "align", "collate", *paths, "-o", str(folder / "out.html")]
    if base:
        cmd += ["--base", base]
    result = measured(cmd, timeout)
    result.update(witnesses=len(versions), verses=verses, words=words, base=base or "default")
    print(json.dumps(result), flush=True)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: the two series and their fitted exponents."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--verses", type=int, default=1000, help="verses at length 1x")
    ap.add_argument("--lengths", default="1,2,4,8,16")
    ap.add_argument("--witnesses", default="2,3,4,6")
    ap.add_argument("--length-witnesses", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=900.0)
    ap.add_argument("--base", help="the base (a version, e.g. kjv); default: chosen by align")
    args = ap.parse_args(argv)
    by_n = [
        run_one(args.out, VERSIONS[:n], args.verses * 4, args.timeout, args.base)
        for n in map(int, filter(None, args.witnesses.split(",")))
    ]
    by_len = [
        run_one(
            args.out, VERSIONS[: args.length_witnesses], args.verses * k, args.timeout, args.base
        )
        for k in map(int, filter(None, args.lengths.split(",")))
    ]
    exponents = {}
    for what in ("seconds", "cpu_seconds"):
        if len(by_n) > 1:  # a series asked for (two runs or more)
            exponents[f"{what} by witnesses - 1"] = slope(
                [r["witnesses"] - 1 for r in by_n], [r[what] for r in by_n]
            )
        if len(by_len) > 1:
            exponents[f"{what} by words"] = slope(
                [r["words"] for r in by_len], [r[what] for r in by_len]
            )
    for name, value in exponents.items():
        print(f"{name}: exponent {value:.2f}")
    (args.out / "scale.json").write_text(
        json.dumps({"by_witnesses": by_n, "by_length": by_len, "exponents": exponents}, indent=1)
        + "\n",
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
