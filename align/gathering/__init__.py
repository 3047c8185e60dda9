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
from align.runtime.progress import Tick, part


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
    variants = gather_variants(pairs)
    if tick is not None:
        tick(0.3)
    return variants, gather_inconsistencies(a, b, pairs, jobs, part(tick, 0.3, 1.0))


def annotate(
    a: Document, b: Document, pairs: tuple[Pair, ...]
) -> tuple[tuple[Pair, ...], tuple[Variant, ...], tuple[Inconsistency, ...]]:
    """Fill every edit's kind and flags; gather the variants and the inconsistencies."""
    namer = Namer(a, b)
    named = tuple(map(namer, pairs))
    return (named, *gather(a, b, named))
