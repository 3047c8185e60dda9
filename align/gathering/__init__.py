"""Gathering: named pairs into `Variant`s and `Inconsistency`s.

Takes the two `Document`s and the named pairs; gives the variant table
(`align.gathering.variants`) and the inconsistencies within each text
(`align.gathering.inconsistencies`).

On a book, each pair's share of the variant table and of the counterpart step
(`Gathering.of_pair`) is worked out by workers, and this process adds them up
as they come back (`Gathering.add`, in pair order, so the tables are the same
for any number of processes). `Gathering.finish` does the rest: the counterpart
step's pooled part on workers while this process builds the variants and runs
the other finders.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from align.gathering.inconsistencies import Inconsistencies
from align.gathering.variants import Keyer, Variants
from align.model import Document, Inconsistency, Pair, Variant
from align.naming import Namer
from align.runtime import pool
from align.runtime.progress import Tick, part
from align.runtime.timings import timed


class Gathering:
    """The variants and the inconsistencies of named pairs, added up pair by pair.

    `of_pair` is the per-pair work (pairs are independent: it may run in any
    process that has the two documents); `add` takes its result, pairs in
    order; `finish` gives ``(variants, inconsistencies)``. With
    ``variants=False`` only the inconsistencies are gathered (and `finish`
    gives no variants).
    """

    def __init__(self, a: Document, b: Document, variants: bool = True) -> None:
        self.keyer = Keyer() if variants else None
        self.variants = Variants() if variants else None
        self.inconsistencies = Inconsistencies(a, b)

    def of_pair(self, pair: Pair) -> tuple[Any, Any]:
        """What one (named) pair gives the gathering: plain tuples, to pass between processes."""
        keyed = None if self.keyer is None else self.keyer(pair)
        return keyed, self.inconsistencies.of_pair(pair)

    def add(self, pair: Pair, facts: tuple[Any, Any]) -> None:
        """Add `of_pair`'s result for `pair` (pairs in order)."""
        keyed, rendered = facts
        if self.variants is not None:
            self.variants.add(pair, keyed)
        self.inconsistencies.add(pair, rendered)

    def finish(
        self, pairs: Sequence[Pair], jobs: int | None = 1, tick: Tick | None = None
    ) -> tuple[tuple[Variant, ...], tuple[Inconsistency, ...]]:
        """The variants and the inconsistencies of `pairs` (every pair added, in order).

        The variants are built in this process while workers look for the
        counterpart wordings that stand unchanged (`jobs` as for `gather`).
        """
        found = self.variants
        return self.inconsistencies.finish(
            pairs, jobs, tick, beside=(lambda: found.finish()) if found is not None else None
        )


def gather(
    a: Document,
    b: Document,
    pairs: Sequence[Pair],
    jobs: int | None = 1,
    tick: Tick | None = None,
    *,
    variants: bool = True,
) -> tuple[tuple[Variant, ...], tuple[Inconsistency, ...]]:
    """The variants and the inconsistencies of named pairs (see `Namer`).

    `jobs` processes share the work on long texts (None: every core); `tick`
    is told the share of the work done. With ``variants=False``, only the
    inconsistencies (and no variants).
    """
    gathering = Gathering(a, b, variants=variants)
    in_order = iter(pairs)
    with timed("gathering: each pair"):
        # Each pair added here as the workers' slices come back, while they go on.
        pool.fork_map(
            gathering.of_pair,
            pairs,
            jobs,
            then=lambda facts: gathering.add(next(in_order), facts),
            tick=part(tick, 0.0, 0.4),
        )
    return gathering.finish(pairs, jobs, part(tick, 0.4, 1.0))


def annotate(
    a: Document, b: Document, pairs: tuple[Pair, ...]
) -> tuple[tuple[Pair, ...], tuple[Variant, ...], tuple[Inconsistency, ...]]:
    """Fill every edit's kind and flags; gather the variants and the inconsistencies."""
    namer = Namer(a, b)
    named = tuple(map(namer, pairs))
    return (named, *gather(a, b, named))
