"""Gathering: named pairs into `Variant`s and `Inconsistency`s.

Takes the two `Document`s and the named pairs; gives the variant table
(`align.gathering.variants`) and the inconsistencies within each text
(`align.gathering.inconsistencies`).
"""

from __future__ import annotations

from collections.abc import Sequence

from align.gathering.inconsistencies import gather_inconsistencies
from align.gathering.variants import gather_variants
from align.model import Document, Inconsistency, Pair, Variant
from align.naming import Namer
from align.runtime import pool
from align.runtime.progress import Tick, part
from align.runtime.timings import timed


def gather(
    a: Document,
    b: Document,
    pairs: Sequence[Pair],
    jobs: int | None = 1,
    tick: Tick | None = None,
) -> tuple[tuple[Variant, ...], tuple[Inconsistency, ...]]:
    """The variants and the inconsistencies of named pairs (see `Namer`).

    `jobs` processes share the work on long texts (None: every core); `tick`
    is told the share of the work done.
    """
    if len(pairs) < pool.MIN_ITEMS:  # a short text: a second process costs more than it saves
        jobs = 1
    if jobs == 1 or not pool.can_fork():
        with timed("gathering: variants"):
            variants = gather_variants(pairs)
        if tick is not None:
            tick(0.3)
        with timed("gathering: inconsistencies"):
            inconsistencies = gather_inconsistencies(a, b, pairs, jobs, part(tick, 0.3, 1.0))
        return variants, inconsistencies

    def variants_here() -> tuple[Variant, ...]:
        with timed("gathering: variants (beside the inconsistencies)"):
            found = gather_variants(pairs)
        if tick is not None:
            tick(0.3)
        return found

    # The two do not depend on each other: the inconsistencies in a forked
    # process, the variants here meanwhile. This process keeps a core busy, so
    # the inconsistencies' pools get one worker fewer than the cores (on two
    # cores none: a pool beside both would add processes, and memory, for no
    # core left to run them on). The inconsistencies are few, so little comes
    # back through the pipe.
    beside = max(1, (jobs or pool.default_jobs()) - 1)
    return pool.fork_beside(
        variants_here, lambda: gather_inconsistencies(a, b, pairs, beside), jobs
    )


def annotate(
    a: Document, b: Document, pairs: tuple[Pair, ...]
) -> tuple[tuple[Pair, ...], tuple[Variant, ...], tuple[Inconsistency, ...]]:
    """Fill every edit's kind and flags; gather the variants and the inconsistencies."""
    namer = Namer(a, b)
    named = tuple(map(namer, pairs))
    return (named, *gather(a, b, named))
