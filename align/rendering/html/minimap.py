"""The overview strip: rows merged into at most a few hundred segments."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from align.model import ONE_SIDED, Relation
from align.rendering.html.data import CHUNK_ROWS, MINIMAP_SEGMENTS, Cell, Chunk, Row, Segment


def _state(row: Row) -> str:
    if row.chrome:
        return "chrome"
    if row.relation in ONE_SIDED or row.relation in (Relation.REPEAT, Relation.MOVE):
        return str(row.relation)
    if row.review:
        return "review"
    return "differ" if row.diff else "same"


def _weight(row: Row) -> int:
    """Roughly the row's height: its longer side, plus room for the row itself."""

    def size(cell: Cell) -> int:
        return sum(len(sp.text) for s in cell.sentences for sp in s.spans)

    return max(size(row.a), size(row.b)) + 80


def _height(row: Row) -> int:
    """A guess at a row's height in pixels on a wide screen (about 62
    characters a line of 24 px in each cell, 17 px lines in the margin)."""

    def lines(cell: Cell) -> int:
        count = sum(1 + sum(len(sp.text) for sp in s.spans) // 62 for s in cell.sentences)
        return count + (
            1 if row.relation in (Relation.REPEAT, Relation.MOVE) and cell.sentences else 0
        )

    margin = 17 * (2 + len(row.links) + len(row.kinds) // 3 + (1 if row.flags else 0))
    text = 24 * max(lines(row.a), lines(row.b), 1)
    return max(margin, text) + 14


def chunked(rows: Sequence[Row], size: int = CHUNK_ROWS) -> tuple[Chunk, ...]:
    """Rows in chunks of ``size``, each with its estimated height."""
    return tuple(
        Chunk(tuple(rows[k : k + size]), sum(_height(r) for r in rows[k : k + size]))
        for k in range(0, len(rows), size)
    )


#: Which state a bin of the strip shows when it mixes several.
_STATE_RANK = {
    "only_a": 0,
    "only_b": 1,
    "repeat": 2,
    "move": 3,
    "review": 4,
    "differ": 5,
    "same": 6,
    "chrome": 7,
}


#: States of a row with text on both sides: a bin holding any shows one of them.
_PAIRED = frozenset({"repeat", "move", "review", "differ", "same"})


def _bin_state(held: Counter[str]) -> str:
    """The state a bin of several rows shows: where any row has a counterpart, the
    heaviest such state (so the strip shows where one text covers the other, even
    thinly); else the heaviest of the rest. Ties go to the more notable state."""
    paired = [k for k in held if k in _PAIRED]
    pool = paired or list(held)
    return min(pool, key=lambda k: (-held[k], _STATE_RANK[k]))


def minimap(rows: Sequence[Row], *, limit: int = MINIMAP_SEGMENTS) -> tuple[Segment, ...]:
    """The overview strip: runs of rows in one state, sized by their text.

    With more runs than ``limit`` the rows are gathered into ``limit`` bins
    of equal weight, each shown in the state `_bin_state` picks: a bin with
    any row that has a counterpart shows as covered.

    Long because binning, choosing each bin's state and its label are one pass over the rows.
    """
    if not rows:
        return ()
    weights = [_weight(r) for r in rows]
    states = [_state(r) for r in rows]
    total = sum(weights)
    # Group rows: each group is (first index, last index, state).
    groups: list[tuple[int, int, str]] = []
    for i, state in enumerate(states):
        if groups and groups[-1][2] == state:
            groups[-1] = (groups[-1][0], i, state)
        else:
            groups.append((i, i, state))
    if len(groups) > limit:
        groups = []
        size = total / limit
        start, acc, bins = 0, 0, 0
        held: Counter[str] = Counter()
        for i, (w, s) in enumerate(zip(weights, states)):
            acc += w
            held[s] += w
            if acc >= size * (bins + 1) or i == len(rows) - 1:
                bins += 1  # bins of equal weight, however many merge into one segment
                state = _bin_state(held)
                if groups and groups[-1][2] == state:
                    groups[-1] = (groups[-1][0], i, state)
                else:
                    groups.append((start, i, state))
                start, held = i + 1, Counter()
    names = {
        "same": "same",
        "differ": "differ",
        "chrome": "page chrome",
        "only_a": f"only in {rows[0].a.label}",
        "only_b": f"only in {rows[0].b.label}",
        "repeat": "a passage rendered twice",
        "move": "out of order",
        "review": "low confidence",
    }
    prefix = [0]
    for w in weights:
        prefix.append(prefix[-1] + w)
    out = []
    for first, last, state in groups:
        before = prefix[first]
        height = prefix[last + 1] - before
        head, tail = rows[first], rows[last]
        span = head.name if first == last else f"{head.name}–{tail.name}"
        out.append(
            Segment(
                f"{100 * before / total:.3f}",
                f"{100 * height / total:.3f}",
                state,
                f"#{head.anchor}",
                f"{span}: {names[state]}",
                head.number,
                tail.number,
            )
        )
    return tuple(out)
