"""Work shared across processes gives the same result as work done in one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from align.model import Options
from align.pipeline import compare
from align.rendering.json import render_json
from align.runtime import pool as parallel
from align.segmenting import sentences as segmenting

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


@needs_fork
def test_fork_map_keeps_order_and_packs() -> None:
    items = list(range(5000))
    out = parallel.fork_map(
        lambda x: {"n": x * x}, items, 2, pack=lambda d: d["n"], unpack=lambda n: {"n": n}
    )
    assert out == [{"n": x * x} for x in items]


@needs_fork
def test_fork_both_runs_both() -> None:
    here, there = parallel.fork_both(
        lambda: os.getpid(), lambda: os.getpid(), 2, pack=lambda p: p, unpack=lambda p: p
    )
    assert here == os.getpid() and there != here
    assert parallel.fork_both(lambda: 1, lambda: 2, 1) == (1, 2)


def test_paused_gc_restores_the_collector() -> None:
    import gc

    assert gc.isenabled()
    with parallel.paused_gc():
        assert not gc.isenabled()
        with parallel.paused_gc():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


@needs_fork
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("vov-to-lam-comprehensive-diplomacy.txt", "vna-to-lam-comprehensive-foreign-affairs.txt"),
        (
            "commentary-foreign-policy-14th-congress.txt",
            "foreign-minister-le-hoai-trung-14th-congress.txt",
        ),
    ],
)
def test_every_parallel_stage_gives_the_same_json(
    monkeypatch: pytest.MonkeyPatch, a: str, b: str
) -> None:
    """Each stage split across processes (thresholds lowered so that the seeds are split)."""
    paths = (str(SEEDS / a), str(SEEDS / b))
    options = Options(labels=("A", "B"))
    alone = render_json(compare(*paths, options, jobs=1))
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    monkeypatch.setattr(segmenting, "PARALLEL_CHARS", 0)
    shared = render_json(compare(*paths, options, jobs=2))
    assert shared == alone
