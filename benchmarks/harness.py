"""Run an aligner on a gold pair as a measured subprocess and score it.

Aligners: ``align`` (``python -m align json``), ``gale-church``
(`benchmarks.gale_church`), ``hunalign`` and ``hunalign-realign``
(`benchmarks.hunalign`, when the binary is installed), ``bertalign`` and
``vecalign`` (`benchmarks.bertalign_run`, `benchmarks.vecalign`: run with
``$PEERS_PYTHON`` when it and ``$MINILM_MODEL`` are set, see
`benchmarks.peers`). Each run reports wall time and peak RSS of the
subprocess (``os.wait4``), and the scores of `benchmarks.score`.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks import common, peers
from benchmarks.common import REPO, Gold, Run, align_command, run_measured
from benchmarks.hunalign import find_hunalign
from benchmarks.score import Scores, fmt, read_prediction, score

ALIGNERS = ("align", "gale-church", "hunalign", "hunalign-realign", "bertalign", "vecalign")
#: The wrapper module of each aligner other than align.
MODULES = {
    "gale-church": "benchmarks.gale_church",
    "hunalign": "benchmarks.hunalign",
    "hunalign-realign": "benchmarks.hunalign",
    "bertalign": "benchmarks.bertalign_run",
    "vecalign": "benchmarks.vecalign",
}


def available(name: str) -> bool:
    """Whether aligner `name` can run here."""
    if name in ("hunalign", "hunalign-realign"):
        return find_hunalign() is not None
    if name == "bertalign":
        return peers.ready("PEERS_PYTHON", "MINILM_MODEL", "BERTALIGN_SRC")
    if name == "vecalign":
        return peers.ready("PEERS_PYTHON", "MINILM_MODEL")
    if name == "gale-church":
        try:
            import numpy  # noqa: F401
        except ImportError:
            return False
    return name in ALIGNERS


def command(name: str, a: Path, b: Path, units: str, out: Path) -> list[str]:
    """The command line that runs aligner `name` on a pair."""
    if name == "align":
        return align_command(a, b, out, units=units)
    python = os.environ["PEERS_PYTHON"] if name in ("bertalign", "vecalign") else sys.executable
    paths = [str(Path(p).resolve()) for p in (a, b)]
    cmd = [python, "-m", MODULES[name], *paths, "--units", units, "-o", str(Path(out).resolve())]
    return cmd + (["--realign"] if name == "hunalign-realign" else [])


@dataclass
class Result:
    """One aligner on one pair: the run, and its scores if it succeeded."""

    aligner: str
    run: Run
    scores: Scores | None
    output: Path


def run_on_gold(name: str, gold: Gold, out: Path, *, timeout: float | None = None) -> Result:
    """Align the pair of `gold` with `name`, measure it and score it."""
    units = "lines" if gold.units == "lines" else "sentences"
    out.parent.mkdir(parents=True, exist_ok=True)
    cwd = common.ALIGN_HOME if name == "align" else REPO
    run = run_measured(command(name, gold.a, gold.b, units, out), timeout=timeout, cwd=cwd)
    scores = None
    if run.returncode == 0 and out.exists():
        scores = score(gold, read_prediction(out, gold))
    return Result(name, run, scores, out)


def fit_exponent(sizes: Sequence[float], times: Sequence[float]) -> float:
    """Least-squares slope of log(time) against log(size): t ~ size**slope."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(t) for t in times]
    n = len(xs)
    if n < 2:
        return float("nan")
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else float("nan")


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table."""
    cells = [[str(c) for c in header]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[k]) for r in cells) for k in range(len(header))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |" for r in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def score_cells(s: Scores | None) -> list[str]:
    """Link P/R/F1 and no-counterpart P/R/F1 as table cells."""
    if s is None:
        return ["failed"] + [""] * 5
    lk, nc = s.links, s.no_counterpart
    return [
        fmt(lk.precision),
        fmt(lk.recall),
        fmt(lk.f1),
        fmt(nc.precision),
        fmt(nc.recall),
        fmt(nc.f1),
    ]
