"""Inconsistencies within one text, each reason found by its own module."""

from __future__ import annotations

from collections.abc import Sequence

from align.gathering.inconsistencies.common import _holders, _Words
from align.gathering.inconsistencies.counterpart import _counterpart_inconsistencies
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
from align.runtime.progress import Tick, part
from align.runtime.timings import timed

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


def gather_inconsistencies(
    a: Document,
    b: Document,
    pairs: Sequence[Pair],
    jobs: int | None = 1,
    tick: Tick | None = None,
) -> tuple[Inconsistency, ...]:
    """Every inconsistency within A and within B (see the module's docstring)."""
    with timed("inconsistencies: words"):
        side_a, side_b = _Side.of(a), _Side.of(b)
        text_a, text_b = _Words(a), _Words(b)
        holders_a, holders_b = _holders(pairs)
    with timed("inconsistencies: counterpart"):
        found = _counterpart_inconsistencies(a, b, pairs, text_a, text_b, jobs, part(tick, 0, 0.85))
    with timed("inconsistencies: list, repeat, quotation"):
        found += _list_inconsistencies(a, b, pairs)
        found += _repeat_inconsistencies(a, b, pairs)
        found += _quotation_inconsistencies(side_a, side_b, pairs)
    with timed("inconsistencies: spelling, convention"):
        words_a, words_b = _WordIndex(text_a, holders_a), _WordIndex(text_b, holders_b)
        found += _spelling_inconsistencies("a", words_a, words_b.forms_by_key())
        found += _spelling_inconsistencies("b", words_b, words_a.forms_by_key())
        found += _convention_inconsistency("a", words_a)
        found += _convention_inconsistency("b", words_b)
    return tuple(sorted(found, key=inconsistency_sort_key))
