"""Inconsistencies within one text, each reason found by its own module."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from align.gathering.inconsistencies.common import _holders, _Words
from align.gathering.inconsistencies.counterpart import Counterparts, Renderer
from align.gathering.inconsistencies.lists import _list_inconsistencies
from align.gathering.inconsistencies.quotation import _quotation_inconsistencies
from align.gathering.inconsistencies.repeat import _repeat_inconsistencies
from align.gathering.inconsistencies.spelling import (
    _convention_inconsistency,
    _spelling_inconsistencies,
    _WordIndex,
)
from align.model import Document, Inconsistency, Pair
from align.naming.flags import _Side
from align.runtime.pool import fork_map, fork_map_beside
from align.runtime.progress import Tick, part
from align.runtime.timings import timed

T = TypeVar("T")

_REASON_RANK = {
    r: n
    for n, r in enumerate(
        ("counterpart", "omitted", "list", "repeat", "quotation", "spelling", "convention")
    )
}


def inconsistency_sort_key(i: Inconsistency) -> tuple:
    """By document, reason, then most places first."""
    places = sum(f.count for f in i.forms)
    first = min((f.pairs[0] for f in i.forms if f.pairs), default=-1)
    return (
        i.document,
        _REASON_RANK.get(i.reason, len(_REASON_RANK)),
        -places,
        first,
        i.counterpart.casefold(),
        tuple(f.text for f in i.forms),
    )


class Inconsistencies:
    """The inconsistencies within A and within B, added up pair by pair.

    `of_pair` is the per-pair part of the counterpart step (it may run in any
    process that has the two documents); `add` takes its result, pairs in
    order; `finish` finds the rest.
    """

    def __init__(self, a: Document, b: Document) -> None:
        self.a, self.b = a, b
        self.of_pair = Renderer(a, b)
        self.counterparts = Counterparts(_Words(a), _Words(b))

    def add(self, pair: Pair, rendered: list) -> None:
        """Add `of_pair`'s result for `pair` (pairs in order)."""
        self.counterparts.add(pair, rendered)

    def finish(
        self,
        pairs: Sequence[Pair],
        jobs: int | None = 1,
        tick: Tick | None = None,
        beside: Callable[[], T] | None = None,
    ) -> tuple[T | tuple[()], tuple[Inconsistency, ...]]:
        """``(beside(), the inconsistencies)``, every pair added.

        The counterpart wordings that stand unchanged are looked for on `jobs`
        workers while this process runs `beside` (if given: other work that
        does not fork) and the other finders.
        """
        a, b, counterparts = self.a, self.b, self.counterparts
        with timed("inconsistencies: counterpart lookups"):
            counterparts.look()

        def here() -> tuple[T | tuple[()], list[Inconsistency]]:
            mine: T | tuple[()] = ()
            if beside is not None:
                with timed("gathering: variants (beside the unchanged renderings)"):
                    mine = beside()
            with timed("inconsistencies: list, repeat, quotation"):
                found = _list_inconsistencies(a, b, pairs)
                found += _repeat_inconsistencies(a, b, pairs)
                found += _quotation_inconsistencies(_Side.of(a), _Side.of(b), pairs)
            with timed("inconsistencies: spelling, convention"):
                holders_a, holders_b = _holders(pairs)
                words_a = _WordIndex(counterparts.words_a, holders_a)
                words_b = _WordIndex(counterparts.words_b, holders_b)
                found += _spelling_inconsistencies("a", words_a, words_b.forms_by_key())
                found += _spelling_inconsistencies("b", words_b, words_a.forms_by_key())
                found += _convention_inconsistency("a", words_a)
                found += _convention_inconsistency("b", words_b)
            return mine, found

        looked_in = counterparts.looked_in(pairs) if counterparts.worth_looking() else []
        with timed("inconsistencies: unchanged renderings, beside the rest"):
            (mine, others), finds = fork_map_beside(
                here, counterparts.unchanged, looked_in, jobs, tick=part(tick, 0.0, 0.9)
            )
        with timed("inconsistencies: counterpart"):
            found = counterparts.found(pairs, finds) + others
        if tick is not None:
            tick(1.0)
        assert mine is not None
        return mine, tuple(sorted(found, key=inconsistency_sort_key))


def gather_inconsistencies(
    a: Document,
    b: Document,
    pairs: Sequence[Pair],
    jobs: int | None = 1,
    tick: Tick | None = None,
) -> tuple[Inconsistency, ...]:
    """Every inconsistency within A and within B (see the module's docstring)."""
    inconsistencies = Inconsistencies(a, b)
    with timed("inconsistencies: each pair"):
        rendered = fork_map(inconsistencies.of_pair, pairs, jobs, tick=part(tick, 0.0, 0.4))
    for pair, found in zip(pairs, rendered):
        inconsistencies.add(pair, found)
    return inconsistencies.finish(pairs, jobs, part(tick, 0.4, 1.0))[1]
