"""Running independent pieces of work on several cores, for long texts.

The work items of a book (the gaps between anchors, the pairs to diff) are
independent, so they can be split across forked processes that inherit the
parent's data without copying it: `fork_map` hands each worker a contiguous
slice and concatenates the results in order, so the output is the same for
any number of jobs. Where fork is not available (Windows), or the input is
small, or one job is asked for, the work runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many items the start-up of workers costs more than it saves.
MIN_ITEMS = 2000

_TASK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _run_slice(bounds: tuple[int, int]) -> list[Any]:
    assert _TASK is not None
    func, items = _TASK
    return [func(x) for x in items[bounds[0] : bounds[1]]]


def fork_map(func: Callable[[T], R], items: Sequence[T], jobs: int | None = None) -> list[R]:
    """``[func(x) for x in items]``, on up to `jobs` forked processes when it pays."""
    global _TASK
    jobs = default_jobs() if jobs is None else jobs
    if jobs <= 1 or len(items) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        return [func(x) for x in items]
    jobs = min(jobs, len(items))
    # More slices than workers, so that one slow slice does not hold up the rest.
    n = len(items)
    parts = jobs * 4
    bounds = [(k * n // parts, (k + 1) * n // parts) for k in range(parts)]
    _TASK = (func, items)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            chunks = pool.map(_run_slice, bounds, chunksize=1)
    finally:
        _TASK = None
    return [r for chunk in chunks for r in chunk]
