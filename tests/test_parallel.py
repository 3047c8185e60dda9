"""Work shared across processes gives the same result as work done in one."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from align.model import Options
from align.pipeline import compare
from align.rendering.json import render_json
from align.runtime import pool as parallel
from align.runtime import scope
from align.segmenting import sentences as segmenting

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
VOV = "vov-to-lam-comprehensive-diplomacy.txt"
VNA = "vna-to-lam-comprehensive-foreign-affairs.txt"

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


@needs_fork
def test_fork_map_keeps_order_and_packs() -> None:
    items = list(range(5000))
    out = parallel.fork_map(
        lambda x: {"n": x * x}, items, 2, pack=lambda d: d["n"], unpack=lambda n: {"n": n}
    )
    assert out == [{"n": x * x} for x in items]


@needs_fork
def test_fork_map_runs_packed_in_the_workers_only() -> None:
    """`packed` stands for ``pack(func(x))`` in a worker; this process runs `func` alone."""
    items = list(range(5000))
    there = parallel.fork_map(
        lambda x: {"n": x * x}, items, 2, packed=lambda x: -x, unpack=lambda n: {"n": n}
    )
    assert there == [{"n": -x} for x in items]  # what the workers ran: not func
    here = parallel.fork_map(lambda x: {"n": x * x}, items, 1, packed=lambda x: -x)
    assert here == [{"n": x * x} for x in items]


def test_a_pair_named_and_packed_at_once_is_the_named_pair_packed() -> None:
    """What a worker sends back (`Namer.packed`) unpacks to the pair `Namer` names."""
    from align.diffing import diff_pair
    from align.model import pack_pair, unpack_pair
    from align.naming import Namer

    c = compare(str(SEEDS / VOV), str(SEEDS / VNA), jobs=1)
    namer = Namer(c.a, c.b)
    bare = [replace(p, edits=()) for p in c.pairs]
    diffed = [diff_pair(p, c.a, c.b) for p in bare]
    assert sum(len(p.edits) for p in diffed) > 100
    packed = [namer.packed(p) for p in diffed]
    assert packed == [pack_pair(namer(p)) for p in diffed]
    assert [unpack_pair(p) for p in packed] == list(c.pairs)
    assert any(e.kind == "order" for p in c.pairs for e in p.edits)  # moves renamed too
    assert all(e.kind for p in c.pairs for e in p.edits)


@needs_fork
def test_fork_both_runs_both() -> None:
    here, there = parallel.fork_both(
        lambda: os.getpid(), lambda: os.getpid(), 2, pack=lambda p: p, unpack=lambda p: p
    )
    assert here == os.getpid() and there != here
    assert parallel.fork_both(lambda: 1, lambda: 2, 1) == (1, 2)


@needs_fork
def test_fork_each_runs_each_item_in_a_process_of_its_own_and_keeps_order() -> None:
    ended: list[int] = []
    out = parallel.fork_each(
        [lambda k=k: (k, os.getpid()) for k in range(5)],
        2,
        pack=lambda r: list(r),
        unpack=tuple,
        done=ended.append,
    )
    assert [k for k, _ in out] == list(range(5))
    pids = {pid for _, pid in out}
    assert len(pids) == 5 and os.getpid() not in pids
    assert sorted(ended) == list(range(5))
    assert parallel.fork_each([os.getpid, os.getpid], 1) == [os.getpid()] * 2  # one job: here


def _slow() -> int:
    import time

    time.sleep(10)
    return 1


def _fail() -> int:
    raise ValueError("bad item")


@needs_fork
def test_fork_each_passes_a_failure_on_and_ends_the_other_items() -> None:
    import multiprocessing
    import time

    before = set(multiprocessing.active_children())
    start = time.monotonic()
    with pytest.raises(ValueError, match="bad item"):
        parallel.fork_each([_slow, _fail, _slow], 2)
    assert time.monotonic() - start < 8  # the slow one running was ended, the last not begun
    assert set(multiprocessing.active_children()) == before


@needs_fork
def test_fork_each_has_ended_its_workers_when_the_failure_reaches_the_caller() -> None:
    """Every time, not most times: the executor's own thread also reaps the workers that
    `WorkerPool.stop` ends, and one it reaped late still counted as running (about one
    run in twenty) or left the next run waiting."""
    import multiprocessing

    before = set(multiprocessing.active_children())
    for _ in range(25):
        with pytest.raises(ValueError, match="bad item"):
            parallel.fork_each([_slow, _fail, _slow], 2)
        assert set(multiprocessing.active_children()) == before


def test_fork_beside_runs_there_apart_in_a_process_that_may_start_pools(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`fork_both` runs its second task in a pool's worker, which may not fork; this may."""
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)

    def there() -> tuple[int, set[int]]:
        return os.getpid(), set(parallel.fork_map(lambda _: os.getpid(), range(8), 2))

    here, (apart, workers) = parallel.fork_beside(os.getpid, there, 2)
    assert here == os.getpid() and apart != here
    assert workers and not workers & {here, apart}  # its own pool's workers did the work
    assert parallel.fork_beside(lambda: 1, lambda: 2, 1) == (1, 2)
    assert parallel.fork_beside(lambda: 1, lambda: [2], 2, pack=tuple, unpack=list) == (1, [2])


@needs_fork
def test_fork_beside_raises_the_error_of_there_here() -> None:
    from align.errors import AlignError

    def there() -> None:
        raise AlignError("b.txt: no text")

    with pytest.raises(AlignError, match="b.txt: no text"):
        parallel.fork_beside(lambda: 1, there, 2)


@needs_fork
def test_fork_beside_ends_its_process_when_here_fails() -> None:
    """Ctrl-C here (or any error) ends the forked process at once, with nothing left running."""
    import multiprocessing
    import time

    started = time.monotonic()

    def here() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        parallel.fork_beside(here, lambda: time.sleep(60), 2)
    # Not the 60 s the forked process would sleep (half that: a loaded machine took
    # 5.1 s once, over the EXIT_WAIT this used to assert).
    assert time.monotonic() - started < 30
    assert not multiprocessing.active_children()


def test_comparison_scope_pauses_the_collector_once_and_restores_it() -> None:
    import gc

    assert gc.isenabled()
    with scope.comparison_scope():
        assert not gc.isenabled()
        with scope.comparison_scope():
            pass
        assert not gc.isenabled()  # the inner scope left it to the outer one
    assert gc.isenabled()


def test_caches_end_with_the_comparison() -> None:
    """A batch worker compares pair after pair: no word of one is kept for the next."""
    from align.naming.words import inflection_fold

    with scope.comparison_scope():
        inflection_fold("countries")
        with scope.comparison_scope():
            inflection_fold("tasks")
        assert inflection_fold.cache_info().currsize >= 2  # kept within the comparison
    assert inflection_fold.cache_info().currsize == 0
    compare(str(SEEDS / VOV), str(SEEDS / VNA), jobs=1)
    assert scope._CACHES and all(c.cache_info().currsize == 0 for c in scope._CACHES)


def test_a_comparison_left_for_exit_is_frozen_out_of_the_collector_and_thawed_by_the_next() -> None:
    """What is left for the process's end is no work for the collector; a next comparison
    thaws it (and starts with empty caches)."""
    import gc

    from align.naming.words import inflection_fold

    assert gc.get_freeze_count() == 0
    left = []
    with scope.comparison_scope():
        left.append([[n] for n in range(1000)])
        inflection_fold("countries")
        scope.leave_caches_for_exit()
    try:
        assert gc.isenabled() and gc.get_freeze_count() >= 1000
        assert gc.get_count()[0] < 100  # nothing of it waits for the next pass
        assert inflection_fold.cache_info().currsize >= 1  # left, not cleared
        with scope.comparison_scope():
            assert gc.get_freeze_count() == 0
            assert inflection_fold.cache_info().currsize == 0
    finally:
        gc.unfreeze()
    assert gc.isenabled()


@needs_fork
def test_workers_get_their_task_from_the_initializer() -> None:
    """The parent keeps nothing for the workers to read; each worker is handed the task."""
    with parallel.WorkerPool(2, task="the task") as pool:
        seen = [pool.submit(parallel.worker_task).result() for _ in range(4)]
    assert seen == ["the task"] * 4 and parallel.worker_task() is None


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
    """Each stage split across processes (thresholds lowered so that the seeds are split),
    the JSON's pairs rendered in a process of their own."""
    paths = (str(SEEDS / a), str(SEEDS / b))
    options = Options(labels=("A", "B"))
    alone = render_json(compare(*paths, options, jobs=1), jobs=1)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    monkeypatch.setattr(segmenting, "PARALLEL_CHARS", 0)
    shared = render_json(compare(*paths, options, jobs=2), jobs=2)
    assert shared == alone


@pytest.mark.parametrize(
    ("jobs", "cores", "beside"), [(2, 2, 1), (4, 4, 3), (None, 2, 1), (None, 8, 7)]
)
def test_the_inconsistencies_beside_the_variants_leave_a_core_to_them(
    monkeypatch: pytest.MonkeyPatch, jobs: int | None, cores: int, beside: int
) -> None:
    """The variants keep this process's core busy: the forked inconsistencies' pools get the rest.

    On two cores a pool there only added processes (summed PSS of the whole Bible's
    `align json` 1,588 MiB over four processes, 1,409 MiB over two without it).
    """
    import align.gathering as gathering

    seen: list[int | None] = []

    def inconsistencies(a, b, pairs, jobs=1, tick=None):  # type: ignore[no-untyped-def]
        seen.append(jobs)
        return ()

    monkeypatch.setattr(gathering, "gather_inconsistencies", inconsistencies)
    monkeypatch.setattr(gathering, "gather_variants", lambda pairs: ())
    monkeypatch.setattr(gathering.pool, "can_fork", lambda: True)
    monkeypatch.setattr(gathering.pool, "default_jobs", lambda: cores)
    monkeypatch.setattr(
        gathering.pool, "fork_beside", lambda here, there, jobs, **_: (here(), there())
    )
    pairs = [object()] * parallel.MIN_ITEMS
    assert gathering.gather(None, None, pairs, jobs) == ((), ())  # type: ignore[arg-type]
    assert seen == [beside]
