"""A passage one text renders twice, its two renderings compared."""

from __future__ import annotations

from collections.abc import Sequence

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


def _repeat_inconsistencies(a: Document, b: Document, pairs: Sequence[Pair]) -> list[Inconsistency]:
    """A passage that one text renders twice: the two renderings' differences."""
    from align.diffing.words import opcodes

    by_id = {p.id: p for p in pairs}
    out = []
    done: set[tuple[tuple[int, ...], tuple[int, ...]]] = set()
    for pair in pairs:
        if pair.relation != Relation.REPEAT:
            continue
        for rid in pair.related:
            first = by_id.get(rid)
            if first is None:
                continue
            if set(pair.b) & set(first.b) and not set(pair.a) & set(first.a):
                side, doc, other = "a", a, b
                mine_p, mine_f, shared = pair.a, first.a, first.b
            elif set(pair.a) & set(first.a) and not set(pair.b) & set(first.b):
                side, doc, other = "b", b, a
                mine_p, mine_f, shared = pair.b, first.b, first.a
            else:
                continue
            if not mine_p or not mine_f or (mine_f, mine_p) in done:
                continue
            done.add((mine_f, mine_p))
            tf = [t for i in mine_f for t in doc.sentences[i].tokens]
            tp = [t for i in mine_p for t in doc.sentences[i].tokens]
            ts = [t for i in shared for t in other.sentences[i].tokens]
            ops = opcodes([t.text.casefold() for t in tf], [t.text.casefold() for t in tp])
            to_shared = opcodes([t.text.casefold() for t in tf], [t.text.casefold() for t in ts])
            # Forms in document order; the counterpart is read off the main match.
            earlier = min(mine_p) < min(mine_f)
            for tag, i1, i2, j1, j2 in ops:
                if tag == "equal":
                    continue
                text_f, text_p = _span_text(doc, tf, i1, i2), _span_text(doc, tp, j1, j2)
                kind = classify(text_f, text_p)
                if kind in (Kind.PUNCTUATION, Kind.CASE):
                    continue
                s1, s2 = _map_range(to_shared, i1, i2)
                form_f, form_p = Form(text_f, (first.id,)), Form(text_p, (pair.id,))
                forms = (form_p, form_f) if earlier else (form_f, form_p)
                out.append(Inconsistency(side, forms, _span_text(other, ts, s1, s2), "repeat"))
    return out
