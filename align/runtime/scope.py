"""State scoped to one comparison: the garbage collector's pause and the per-word caches.

A comparison allocates millions of small objects and memoises word-level work
(folding, stems, spelling keys) in `functools.lru_cache`s. Both belong to one
comparison, not to the process: `comparison_scope` pauses the collector once
and, when the outermost scope ends, clears every cache made with
`scoped_cache`, so that the pairs of a batch worker (or the calls of a
library user) do not carry one another's words.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_CACHES: list[Any] = []  # every `scoped_cache`, to be cleared when a comparison ends
_LOCK = threading.Lock()
_depth = 0  # how many scopes are open (nested ones share the outermost)
_left = False  # the caches were left full for the process's end (`leave_caches_for_exit`)


def scoped_cache(maxsize: int) -> Callable[[F], F]:
    """`functools.lru_cache(maxsize)`, cleared when the outermost `comparison_scope` ends.

    For caches of per-text work; data loaded once from the package (tables,
    templates) keeps a plain `lru_cache`.

    >>> @scoped_cache(maxsize=8)
    ... def double(x: int) -> int:
    ...     return 2 * x
    >>> with comparison_scope():
    ...     double(2)
    ...     double.cache_info().currsize
    4
    1
    >>> double.cache_info().currsize
    0
    """

    def wrap(func: F) -> F:
        cached = lru_cache(maxsize=maxsize)(func)
        _CACHES.append(cached)
        return cached  # type: ignore[return-value]

    return wrap


def clear_scoped_caches() -> None:
    """Empty every cache made with `scoped_cache`."""
    for cached in _CACHES:
        cached.cache_clear()


def leave_caches_for_exit() -> None:
    """Do not clear the caches when the current outermost scope ends: the process is ending.

    Clearing a book's caches frees millions of entries one by one, seconds
    after everything is written; `align.entry` ends the process without freeing
    them (see `align.cli.left_for_exit`). The collector is given them frozen
    (`gc.freeze`): its first pass after the pause would walk every object the
    comparison made, to free none. Should another comparison start in this
    process after all, its scope clears the caches and thaws the objects first,
    so that it starts as every comparison does, with empty caches.
    """
    global _left
    with _LOCK:
        if _depth:
            _left = True


@contextmanager
def comparison_scope() -> Iterator[None]:
    """One comparison: the cyclic garbage collector held, the scoped caches cleared at the end.

    A book allocates millions of small tuples (tokens, pieces, edits) and
    frees almost none: collecting while they are made only walks the live
    heap again and again (about a fifth of the run on a book). Reference
    counting still frees everything that is not in a cycle, and the
    pipeline's data holds no cycles. Scopes nest: an inner one (the
    pipeline's, inside the command line's compare-then-render) does nothing
    of its own, and the collector's state is restored as it was.
    """
    global _depth, _left
    with _LOCK:
        _depth += 1
        outermost = _depth == 1
        if outermost and _left:  # left full by the last comparison (`leave_caches_for_exit`)
            clear_scoped_caches()
            gc.unfreeze()
            _left = False
        was_enabled = gc.isenabled()
        gc.disable()
    try:
        yield
    finally:
        with _LOCK:
            _depth -= 1
            if outermost and not _left:
                clear_scoped_caches()
            if was_enabled:
                if outermost and _left:
                    # Left for the process's end: a pass over it would free nothing, and the
                    # first after the pause walks all of it (a second or two for a book).
                    gc.freeze()
                gc.enable()
