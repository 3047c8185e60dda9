"""CollateX side by side with `align collate`: time, memory, where it stops, and row accuracy.

CollateX (the ``collatex`` package on PyPI, not a dependency of this
project) is installed in a virtualenv of its own::

    python3 -m venv /tmp/collatex-venv
    /tmp/collatex-venv/bin/pip install collatex python-levenshtein

This script runs, each as a measured subprocess (wall time, peak summed PSS
of its process tree, a timeout), CollateX on the witnesses (words and
punctuation as tokens, each with its character offset; ``segmentation``
off, as for an alignment table) and ``align collate`` on the same files.
Given a verse gold (`benchmarks.collate_witnesses`), both are scored per
witness pair with `benchmarks.score`: CollateX's table links two units when
tokens of theirs share a column, the collation by `implied_links`.

Usage::

    python -m benchmarks.collatex_run W1 W2 W3 [--timeout 600] [--python VENV/bin/python]
    python -m benchmarks.collatex_run --gold DIR/gold.json --layout text [--timeout 600]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.memory import _pss_kib, _tree

#: CollateX's tokens: a word (letters, digits, inner apostrophes) or one other non-space sign.
TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


def worker(out: str, paths: Sequence[str]) -> int:
    """Run inside CollateX's virtualenv: collate `paths`, write the table JSON to `out`."""
    from collatex import Collation, collate

    collation = Collation()
    for k, path in enumerate(paths):
        text = Path(path).read_text(encoding="utf-8")
        tokens = [{"t": m.group(), "o": m.start()} for m in TOKEN.finditer(text)]
        collation.add_witness({"id": f"w{k}", "tokens": tokens})
    table = collate(collation, output="json", segmentation=False)
    Path(out).write_text(table, encoding="utf-8")
    return 0


#: Seconds between memory samples (reading every process's smaps costs CPU time itself).
SAMPLE_EVERY = 1.0


def measured(cmd: list[str], timeout: float) -> dict:
    """Run `cmd`: exit status, wall and CPU seconds (user + system, its whole tree), peak
    summed PSS (MiB), whether it timed out, and the load average at the end (other work on
    the machine stretches wall time, not CPU time)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    timed_out = False
    status = usage = None
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, sum(map(_pss_kib, _tree(proc.pid))))
        if time.perf_counter() - start > timeout:
            for child in reversed(_tree(proc.pid)):
                with contextlib.suppress(OSError):
                    os.kill(child, 9)
            timed_out = True
            _, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(SAMPLE_EVERY)
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    return {
        "status": proc.returncode,
        "seconds": round(time.perf_counter() - start, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_mib": round(peak / 1024),
        "timed_out": timed_out,
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "error": err.strip().splitlines()[-1] if err.strip() and proc.returncode else "",
    }


def collatex_links(table: dict, i: int, j: int, spans_i, spans_j) -> set[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Units (by span) of witnesses i and j whose tokens share a column of the table."""
    from bisect import bisect_right

    starts_i = [s for s, _ in spans_i]
    starts_j = [s for s, _ in spans_j]

    def unit(starts, spans, offset: int) -> int | None:  # type: ignore[no-untyped-def]
        k = bisect_right(starts, offset) - 1
        return k if k >= 0 and offset < spans[k][1] else None

    links = set()
    for col_i, col_j in zip(table["table"][i], table["table"][j]):
        for a in col_i or ():
            for b in col_j or ():
                ui, uj = unit(starts_i, spans_i, a["o"]), unit(starts_j, spans_j, b["o"])
                if ui is not None and uj is not None:
                    links.add((ui, uj))
    return links


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: see the module doc."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--worker"]:
        return worker(argv[1], argv[2:])
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("witnesses", nargs="*")
    ap.add_argument("--gold", type=Path, help="gold.json of benchmarks.collate_witnesses")
    ap.add_argument("--layout", default="text", choices=("lines", "text"))
    ap.add_argument("--timeout", type=float, default=600.0)
    ap.add_argument("--python", default="/tmp/collatex-venv/bin/python")
    ap.add_argument("--skip-align", action="store_true")
    args = ap.parse_args(argv)
    entries = None
    if args.gold:
        entries = json.loads(args.gold.read_text(encoding="utf-8"))["layouts"][args.layout]
        paths = [str(args.gold.parent / args.layout / e["file"]) for e in entries]
    else:
        paths = args.witnesses
    words = sum(len(Path(p).read_text(encoding="utf-8").split()) for p in paths)
    print(f"{len(paths)} witnesses, {words} words in all")
    with tempfile.TemporaryDirectory() as tmp:
        table_path = os.path.join(tmp, "table.json")
        cx = measured(
            [args.python, os.path.abspath(__file__), "--worker", table_path, *paths], args.timeout
        )
        print(f"collatex: {cx}")
        out_json = os.path.join(tmp, "collation.json")
        units = ["--units", "lines"] if args.layout == "lines" and args.gold else []
        ours = None
        if not args.skip_align:
            cmd = [
                sys.executable,
                "-m",
                "align",
                "collate",
                *paths,
                *units,
                "--json",
                "-o",
                out_json,
            ]
            ours = measured(cmd, args.timeout)
            print(f"align collate: {ours}")
        if entries is None:
            return 0
        from align.collating import collate, implied_links
        from align.model import Options
        from benchmarks.collate_witnesses import gold_links
        from benchmarks.common import Gold
        from benchmarks.score import Prediction, fmt, score

        table = json.loads(Path(table_path).read_text()) if cx["status"] == 0 else None
        collation = collate(paths, Options(units="lines" if units else "sentences"))
        for i, j in combinations(range(len(paths)), 2):
            gi = [tuple(s) for s in entries[i]["spans"]]
            gj = [tuple(s) for s in entries[j]["spans"]]
            gold = Gold(
                Path(paths[i]),
                Path(paths[j]),
                "lines" if units else "sentences",
                gi,
                gj,
                gold_links(entries[i]["keys"], entries[j]["keys"]),
            )
            di, dj = collation.witnesses[i], collation.witnesses[j]
            ours_row = score(
                gold,
                Prediction(
                    implied_links(collation, i, j),
                    [(s.start, s.end) for s in di.sentences],
                    [(s.start, s.end) for s in dj.sentences],
                ),
            ).row()
            line = (
                f"  {entries[i]['version']}-{entries[j]['version']}: align strict "
                f"{fmt(ours_row['strict_f1'])} lax {fmt(ours_row['lax_f1'])}"
            )
            if table is not None:
                cx_row = score(gold, Prediction(collatex_links(table, i, j, gi, gj), gi, gj)).row()
                line += f" | collatex strict {fmt(cx_row['strict_f1'])} lax {fmt(cx_row['lax_f1'])}"
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
