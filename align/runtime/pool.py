"""Running independent pieces of work on several cores, for long texts.

The work items of a book (the gaps between anchors, the pairs to diff) are
independent, so they can be split across forked processes that inherit the
parent's data without copying it: `fork_map` hands each worker a contiguous
slice and concatenates the results in order, so the output is the same for
any number of jobs. Where fork is not available (Windows), or the input is
small, or one job is asked for, the work runs in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many items the start-up of workers costs more than it saves.
MIN_ITEMS = 2000
#: How many times, at most, work done in this process reports its progress.
TICKS = 20

_TASK: tuple[Callable[[Any], Any], Sequence[Any], Callable[[Any], Any] | None] | None = None


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold the cyclic garbage collector for the duration (restoring its state after).

    A book allocates millions of small tuples (tokens, pieces, edits) and
    frees almost none: collecting while they are made only walks the live
    heap again and again (about a fifth of the run on a book). Reference
    counting still frees everything that is not in a cycle, and the
    pipeline's data holds no cycles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _run_slice(bounds: tuple[int, int]) -> list[Any]:
    assert _TASK is not None
    func, items, pack = _TASK
    if pack is None:
        return [func(x) for x in items[bounds[0] : bounds[1]]]
    return [pack(func(x)) for x in items[bounds[0] : bounds[1]]]


def _in_worker() -> bool:
    """Is this a worker of `fork_map` (which may not start workers of its own)?"""
    return multiprocessing.current_process().daemon


def fork_map(
    func: Callable[[T], R],
    items: Sequence[T],
    jobs: int | None = None,
    *,
    pack: Callable[[R], Any] | None = None,
    unpack: Callable[[Any], R] | None = None,
    tick: Callable[[float], None] | None = None,
) -> list[R]:
    """``[func(x) for x in items]``, on up to `jobs` forked processes when it pays.

    Results come back pickled; `pack` (in the worker) and `unpack` (here) may
    turn them into plain tuples on the way, which pickle several times faster
    than dataclasses. They are not called when the work runs in this process.
    `tick` is told the share of the items done, now and then (never from a worker).
    """
    global _TASK
    jobs = default_jobs() if jobs is None else jobs
    n = len(items)
    if tick is not None and _in_worker():
        tick = None
    if (
        jobs <= 1
        or n < MIN_ITEMS
        or "fork" not in multiprocessing.get_all_start_methods()
        or _in_worker()
    ):
        if tick is None:
            return [func(x) for x in items]
        out: list[R] = []
        step = max(1, n // TICKS)
        for start in range(0, n, step):
            out += [func(x) for x in items[start : start + step]]
            tick(min(start + step, n) / n)
        return out
    jobs = min(jobs, n)
    # More slices than workers, so that one slow slice does not hold up the rest.
    parts = jobs * 4
    bounds = [(k * n // parts, (k + 1) * n // parts) for k in range(parts)]
    _TASK = (func, items, pack)
    chunks = []
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for chunk in pool.imap(_run_slice, bounds, chunksize=1):
                chunks.append(chunk)
                if tick is not None:
                    tick(len(chunks) / parts)
    finally:
        _TASK = None
    if unpack is None:
        return [r for chunk in chunks for r in chunk]
    return [unpack(r) for chunk in chunks for r in chunk]


def _run_task(_: int) -> Any:
    assert _TASK is not None
    func, _items, pack = _TASK
    result = func(None)
    return result if pack is None else pack(result)


def fork_both(
    here: Callable[[], T],
    there: Callable[[], R],
    jobs: int | None = None,
    *,
    pack: Callable[[R], Any] | None = None,
    unpack: Callable[[Any], R] | None = None,
) -> tuple[T, R]:
    """``(here(), there())``, `there` in a forked process while `here` runs in this one.

    With one job, or without fork, both run here, one after the other.
    `pack` and `unpack` are as for `fork_map`.
    """
    global _TASK
    jobs = default_jobs() if jobs is None else jobs
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods() or _in_worker():
        return here(), there()
    _TASK = (lambda _: there(), (), pack)
    try:
        with multiprocessing.get_context("fork").Pool(1) as pool:
            pending = pool.map_async(_run_task, [0])
            mine = here()
            (theirs,) = pending.get()
    finally:
        _TASK = None
    return mine, theirs if unpack is None else unpack(theirs)
