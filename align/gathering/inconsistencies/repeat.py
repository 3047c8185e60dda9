"""A passage one text renders more than once, its renderings compared.

Each repeat is compared with the rendering it repeats (the first pair holding
the shared sentences), once: a passage rendered a thousand times costs a
thousand comparisons, not a million. The differences found at one place of
that first rendering are gathered into one inconsistency, with one form per
distinct wording and the pairs that hold it.
"""

from __future__ import annotations

from collections.abc import Sequence

from align.gathering.inconsistencies.common import _trim
from align.model import Document, Form, Inconsistency, Kind, Pair, Relation
from align.naming.kinds import classify


def _map_range(ops: Sequence[tuple], i1: int, i2: int) -> tuple[int, int]:
    """The range of the second sequence that opcodes `ops` align with [i1, i2) of the first."""
    lo, hi = None, None
    for tag, a1, a2, b1, b2 in ops:
        if a2 < i1 or a1 > i2 or (a2 == i1 and a1 < a2) or (a1 == i2 and a1 < a2):
            continue
        if tag == "equal":
            x1, x2 = b1 + max(i1, a1) - a1, b1 + min(i2, a2) - a1
        else:
            x1, x2 = b1, b2
        lo = x1 if lo is None else min(lo, x1)
        hi = x2 if hi is None else max(hi, x2)
    return (lo, hi) if lo is not None and hi is not None else (0, 0)


def _span_text(doc: Document, tokens: Sequence, i1: int, i2: int) -> str:
    if i2 <= i1:
        return ""
    return " ".join(doc.text[tokens[i1].start : tokens[i2 - 1].end].split())


def _first_holders(pairs: Sequence[Pair]) -> tuple[dict[int, Pair], dict[int, Pair]]:
    """Sentence id -> the first pair holding it that is not a repeat (else the first), per side."""
    firsts: tuple[dict[int, Pair], dict[int, Pair]] = ({}, {})
    for pair in pairs:
        for held, ids in zip(firsts, (pair.a, pair.b)):
            for sid in ids:
                known = held.get(sid)
                if known is None or (
                    known.relation == Relation.REPEAT and pair.relation != Relation.REPEAT
                ):
                    held[sid] = pair
    return firsts


def _repeated(pair: Pair, firsts: tuple[dict[int, Pair], dict[int, Pair]]) -> tuple | None:
    """(side, the first rendering) of a repeat: the pair sharing the other side's sentences."""
    for side, shared, mine, held in (
        ("a", pair.b, pair.a, firsts[1]),
        ("b", pair.a, pair.b, firsts[0]),
    ):
        for sid in shared:
            first = held.get(sid)
            if first is None or first.id == pair.id:
                continue
            first_mine = first.a if side == "a" else first.b
            if first_mine and mine and set(first_mine).isdisjoint(mine):
                return side, first
    return None


def _repeat_inconsistencies(a: Document, b: Document, pairs: Sequence[Pair]) -> list[Inconsistency]:
    """A passage that one text renders more than once: where its renderings differ.

    Long because each repeat is met once, with its first rendering, and its forms are built in
    the same pass: that is what keeps it linear on a text that repeats itself.
    """
    from align.diffing.words import opcodes

    firsts = _first_holders(pairs)
    # The first rendering's tokens, their texts, and its opcodes to the shared side.
    prepared: dict[tuple[str, int], tuple[list, list[str], list, list]] = {}
    # (side, first pair, region of its tokens) -> [counterpart, its text, {text: {pairs}}]
    found: dict[tuple[str, int, int, int], list] = {}
    # (side, first pair) -> the repeats compared with it
    compared: dict[tuple[str, int], set[int]] = {}
    for pair in pairs:
        if pair.relation != Relation.REPEAT:
            continue
        repeated = _repeated(pair, firsts)
        if repeated is None:
            continue
        side, first = repeated
        doc, other = (a, b) if side == "a" else (b, a)
        mine_f, mine_p, shared = (
            (first.a, pair.a, first.b) if side == "a" else (first.b, pair.b, first.a)
        )
        ready = prepared.get((side, first.id))
        if ready is None:
            tf = [t for i in mine_f for t in doc.sentences[i].tokens]
            ts = [t for i in shared for t in other.sentences[i].tokens]
            texts_f = [t.text.casefold() for t in tf]
            ready = prepared[(side, first.id)] = (
                tf,
                texts_f,
                ts,
                opcodes(texts_f, [t.text.casefold() for t in ts]),
            )
        tf, texts_f, ts, to_shared = ready
        compared.setdefault((side, first.id), set()).add(pair.id)
        tp = [t for i in mine_p for t in doc.sentences[i].tokens]
        for tag, i1, i2, j1, j2 in opcodes(texts_f, [t.text.casefold() for t in tp]):
            if tag == "equal":
                continue
            text_f, text_p = _span_text(doc, tf, i1, i2), _span_text(doc, tp, j1, j2)
            if classify(text_f, text_p) in (Kind.PUNCTUATION, Kind.CASE, Kind.INVISIBLE):
                continue
            place = (side, first.id, i1, i2)
            entry = found.get(place)
            if entry is None:
                s1, s2 = _map_range(to_shared, i1, i2)
                entry = found[place] = [_span_text(other, ts, s1, s2), text_f, {}]
            entry[2].setdefault(text_p, set()).add(pair.id)
    out = []
    for (side, first_id, _, _), (counterpart, text_f, others) in found.items():
        differing = set().union(*others.values())
        # The repeats that differ nowhere here render this place as the first one does.
        same = {first_id} | (compared[(side, first_id)] - differing)
        # Forms without the marks at their ends: one of only marks is "" (the
        # words left out, shown as "(nothing)"), never a lone "”".
        renderings = {_trim(text_f): same}
        for text, ids in others.items():
            renderings.setdefault(_trim(text), set()).update(ids)
        if len(renderings) < 2:
            continue
        forms = sorted(
            (Form.of(text, ids) for text, ids in renderings.items()),
            key=lambda f: (f.pairs[:1], f.text),
        )
        out.append(Inconsistency(side, tuple(forms), counterpart, "repeat"))
    return out
