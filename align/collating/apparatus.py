"""The apparatus: at each point of a row where the witnesses differ, who reads what.

Takes the rows and every witness's named pairs against the base; gives one
`Entry` per point, as a critical apparatus gives them ("vital VOV | key VNA,
ND"). A point is a stretch of the base's text: the union of the pairwise
edits (against the base) that overlap there, so that two witnesses
replacing overlapping words read one point. A witness's reading of a point
is the base's text with that witness's edits in it put in; witnesses that
make no edit there read the lemma with the base. Identical readings are
grouped, each with the kinds and flags of the edits that make it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from align.model import (
    FLAGS,
    KINDS,
    Cell,
    Comparison,
    Document,
    Entry,
    Flag,
    Kind,
    Presence,
    Reading,
    Relation,
)

#: Seen from the base, the kinds of edits made with the base on side B turn round.
_FROM_BASE = {Kind.INSERTION: Kind.OMISSION, Kind.OMISSION: Kind.INSERTION}


@dataclass(frozen=True)
class BaseEdit:
    """A pairwise edit seen from the base: its span there and the witness's words and span."""

    start: int
    end: int
    w_start: int
    w_end: int
    text: str
    kind: Kind | str
    flags: tuple[Flag, ...]


def base_edits(comp: Comparison, base_is_a: bool) -> dict[int, list[BaseEdit]]:
    """Per pair id (matches and moves only), its edits seen from the base."""
    out: dict[int, list[BaseEdit]] = {}
    for pair in comp.pairs:
        if pair.relation not in (Relation.MATCH, Relation.MOVE) or not pair.edits:
            continue
        edits = []
        for e in pair.edits:
            if base_is_a:
                edits.append(
                    BaseEdit(e.a_start, e.a_end, e.b_start, e.b_end, e.b_text, e.kind, e.flags)
                )
            else:
                kind = _FROM_BASE.get(e.kind, e.kind)  # type: ignore[call-overload]
                edits.append(
                    BaseEdit(e.b_start, e.b_end, e.a_start, e.a_end, e.a_text, kind, e.flags)
                )
        out[pair.id] = edits
    return out


def _touch(start: int, end: int, s: int, e: int) -> bool:
    """Whether an edit [s, e) belongs to the point [start, end) (an empty one: strictly inside)."""
    if s == e:
        return start < s < end or (start == end == s)
    if start == end:
        return s < start < e
    return s < end and start < e


def _points(edits: Sequence[BaseEdit]) -> list[tuple[int, int, list[BaseEdit]]]:
    """The edits (of any witness) grouped into points by overlap, in base order."""
    points: list[tuple[int, int, list[BaseEdit]]] = []
    for e in sorted(edits, key=lambda x: (x.start, x.end)):
        if points and _touch(points[-1][0], points[-1][1], e.start, e.end):
            start, end, members = points[-1]
            points[-1] = (start, max(end, e.end), [*members, e])
        else:
            points.append((e.start, e.end, [e]))
    return points


def _glue(parts: Sequence[str]) -> str:
    """Stretches of text joined as a reader expects: a space between two words, spaces folded."""
    out = ""
    for part in parts:
        if part and out and out[-1].isalnum() and part[0].isalnum():
            out += " "
        out += part
    return " ".join(out.split())


def _reading(text: str, start: int, end: int, edits: Sequence[BaseEdit]) -> str:
    """The base's text of [start, end) with `edits` (in order, within it) put in."""
    parts = []
    pos = start
    for e in sorted(edits, key=lambda x: (x.start, x.end)):
        parts += [text[pos : e.start], e.text]
        pos = max(pos, e.end)
    parts.append(text[pos:end])
    return _glue(parts)


def _agreeing(
    text: str, start: int, end: int, doc: Document, offsets: Sequence[tuple[int, int]]
) -> tuple[tuple[int, int], ...]:
    """Where a witness that reads the lemma has it: the base's span carried over from its
    last edit before (or the row's start); none when the text there is not the lemma's."""
    k = bisect_right(offsets, (start, len(doc.text))) - 1
    if k < 0 or start == end:
        return ()
    base_at, w_at = offsets[k]
    w_start = w_at + start - base_at
    w_end = w_start + end - start
    if doc.text[w_start:w_end].casefold() != text[start:end].casefold():
        return ()
    return ((w_start, w_end),)


def _ordered_kinds(kinds: set[Kind | str]) -> tuple[Kind, ...]:
    return tuple(k for k in KINDS if k in kinds)


def _ordered_flags(flags: set[Flag]) -> tuple[Flag, ...]:
    return tuple(f for f in FLAGS if f in flags)


def row_apparatus(
    cells: Sequence[Cell],
    base: int,
    base_doc: Document,
    witnesses: Sequence[Document],
    edits_by_witness: dict[int, list[BaseEdit]],
) -> tuple[Entry, ...]:
    """The entries of one row; `edits_by_witness`: each witness's edits in the row."""
    if not cells[base].sentences:
        return _without_base(cells, witnesses)
    text = base_doc.text
    readers = [
        w
        for w, c in enumerate(cells)
        if w != base and c.presence in (Presence.MATCH, Presence.MOVE)
    ]
    tagged = [(w, e) for w in readers for e in edits_by_witness.get(w, ())]
    first = base_doc.sentences[cells[base].sentences[0]].start
    offsets = {
        w: [(first, witnesses[w].sentences[cells[w].sentences[0]].start)]
        + sorted((e.end, e.w_end) for e in edits_by_witness.get(w, ()))
        for w in readers
    }
    owner = {id(e): w for w, e in tagged}
    entries = []
    for start, end, members in _points([e for _, e in tagged]):
        lemma = " ".join(text[start:end].split())
        mine: dict[int, list[BaseEdit]] = {}
        for e in members:
            mine.setdefault(owner[id(e)], []).append(e)
        groups: dict[str, list[int]] = {lemma: [base]}
        kinds: dict[str, set[Kind | str]] = {lemma: set()}
        flags: dict[str, set[Flag]] = {lemma: set()}
        spans: dict[str, list[tuple[int, tuple[tuple[int, int], ...]]]] = {lemma: []}
        for w in readers:
            own = mine.get(w, [])
            reading = _reading(text, start, end, own) if own else lemma
            groups.setdefault(reading, []).append(w)
            kinds.setdefault(reading, set()).update(e.kind for e in own)
            flags.setdefault(reading, set()).update(f for e in own for f in e.flags)
            if own:
                where = tuple((e.w_start, e.w_end) for e in own)
            else:
                where = _agreeing(text, start, end, witnesses[w], offsets[w])
            spans.setdefault(reading, []).append((w, where))
        if len(groups) < 2:
            continue  # every reader's edits there add up to the base's words
        readings = tuple(
            Reading(t, tuple(ws), _ordered_kinds(kinds[t]), _ordered_flags(flags[t]))
            for t, ws in groups.items()
        )
        base_span = (base, ((start, end),))
        entries.append(
            Entry(
                start,
                end,
                lemma,
                readings,
                tuple(
                    tuple([base_span, *spans[t]]) if k == 0 else tuple(spans[t])
                    for k, t in enumerate(groups)
                ),
            )
        )
    return tuple(entries)


def _without_base(cells: Sequence[Cell], witnesses: Sequence[Document]) -> tuple[Entry, ...]:
    """A row the base has no part in: one entry, each witness's sentences its reading."""
    groups: dict[str, list[int]] = {}
    spans: dict[str, list[tuple[int, tuple[tuple[int, int], ...]]]] = {}
    for w, cell in enumerate(cells):
        if not cell.sentences or cell.presence == Presence.REPEAT:
            continue
        doc = witnesses[w]
        sentences = [doc.sentences[s] for s in cell.sentences]
        reading = " ".join(" ".join(s.text for s in sentences).split())
        groups.setdefault(reading, []).append(w)
        spans.setdefault(reading, []).append((w, tuple((s.start, s.end) for s in sentences)))
    if not groups:
        return ()
    readings = tuple(Reading(t, tuple(ws), (Kind.INSERTION,)) for t, ws in groups.items())
    return (Entry(-1, -1, "", readings, tuple(tuple(spans[t]) for t in groups)),)
