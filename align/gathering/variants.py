"""Variants: the named edits grouped by their two sides over all pairs."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from align.lexicon.spelling import normalise, spelling_key
from align.model import KINDS, NOISE_KINDS, SUBSTANCE_FLAGS, Edit, Kind, Pair, Place, Variant
from align.naming.kinds import _FLAG_RANK, _KIND_RANK
from align.naming.words import _fold_phrase, _words
from align.runtime.scope import scoped_cache

# --- Variants ---------------------------------------------------------------


def _variant_key(kind: str, a_text: str, b_text: str) -> tuple[str, ...]:
    if kind in (Kind.PUNCTUATION, Kind.CASE, Kind.INVISIBLE):
        return (kind, " ".join(a_text.split()), " ".join(b_text.split()))
    if kind == Kind.FORM:  # the inflection is the difference: keep it
        return (
            Kind.FORM,
            " ".join(map(normalise, _words(a_text))),
            " ".join(map(normalise, _words(b_text))),
        )
    if kind == Kind.SPELLING:  # the spelling is the difference: keep it
        return (kind, _inflection_folded(a_text), _inflection_folded(b_text))
    # The kind is part of the key: a variant groups edits of one kind, so that
    # its count agrees with the edits (an insertion and an order edit of the
    # same words are two variants).
    return (kind, _folded_text(a_text), _folded_text(b_text))


_EDGE_MARKS = re.compile(r"^[^\w]+|[^\w]+$")
#: Marks that only join a word to its neighbours, at either end of a form:
#: separators, and a bracket or quote left open at the end (closed at the start).
_LOOSE_ENDS = re.compile(r"^[\s,;:)\]”’]+|[\s,;:(\[“‘]+$")
_NOISE = (Kind.PUNCTUATION, Kind.CASE, Kind.INVISIBLE)


def _shown(kind: str, text: str) -> str:
    """A variant's side as listed: its words, without the marks its edit's ends carried.

    ", multilateralization," / "; multilateralisation" is the spelling
    variant "multilateralization" / "multilateralisation", listed as such
    wherever the edit's ends happened to take in a comma; "promptly," /
    "timeliness" is the word choice "promptly" / "timeliness", "Doi Moi ("
    left out is "Doi Moi" (the comma and the bracket are punctuation edits'
    business). Punctuation and case are shown as they are.
    """
    text = text.strip()
    if text[:1].isalnum() and text[-1:].isalnum() or kind in _NOISE:
        return text
    if kind == Kind.SPELLING:
        return _EDGE_MARKS.sub("", text)
    trimmed = _LOOSE_ENDS.sub("", text)
    return trimmed if any(c.isalnum() for c in trimmed) else text


@scoped_cache(maxsize=1 << 18)
def _inflection_folded(text: str) -> str:
    return " ".join(_fold_phrase(_words(text)))


@scoped_cache(maxsize=1 << 18)
def _folded_text(text: str) -> str:
    """The words with case, inflection and spelling folded: how variants are grouped.

    "Defences" and "defense" group ("vital defences" / "key ones" is the
    variant "vital defense" / "key one", its most common original shown).
    """
    return " ".join(map(spelling_key, _fold_phrase(_words(text))))


def _most_common(texts: Sequence[str] | Counter) -> str:
    """The most frequent text; ties go to the one seen first.

    `texts` may be counted already (a `Counter`, in the order first seen).
    """
    if isinstance(texts, Counter):
        return max(texts, key=texts.__getitem__)  # the first of the most frequent
    if len(texts) == 1:
        return texts[0]
    counts = Counter(texts)
    best = max(counts.values())
    return next(t for t in texts if counts[t] == best)


def variant_sort_key(v: Variant) -> tuple:
    """Substance, then lexical, ..., spelling and punctuation noise last."""
    noise = v.kind in NOISE_KINDS
    substance = any(f in SUBSTANCE_FLAGS for f in v.flags)
    return (
        noise,
        noise or not substance,
        _KIND_RANK.get(v.kind, len(KINDS)),
        -v.count,
        v.a.casefold(),
        v.b.casefold(),
        v.a,
        v.b,
        v.places,
    )


def _paired_moves(edits: Sequence[Edit]) -> dict[int, tuple[str, str]]:
    """The two halves of each move within a pair: edit index -> (where it was, where it went).

    An ``order`` edit that only A has ("national interests", left out here) and
    one that only B has ("national interests at", put in there) sharing a word
    are one move: one variant row, "national interests" / "national interests
    at", with both places.
    """
    gone = [n for n, e in enumerate(edits) if e.kind == Kind.ORDER and not _words(e.b_text)]
    came = [n for n, e in enumerate(edits) if e.kind == Kind.ORDER and not _words(e.a_text)]
    if not gone or not came:
        return {}
    out: dict[int, tuple[str, str]] = {}
    words = {n: set(_folded_text(edits[n].a_text or edits[n].b_text).split()) for n in gone + came}
    for g in gone:
        shared = [(len(words[g] & words[c]), -abs(c - g), c) for c in came if c not in out]
        best = max(shared, default=(0, 0, -1))
        if best[0]:
            c = best[2]
            out[g] = out[c] = (edits[g].a_text, edits[c].b_text)
    return out


def gather_variants(pairs: Sequence[Pair]) -> tuple[Variant, ...]:
    """Group the (annotated) edits of all pairs into variants."""
    keys: dict[tuple[str, str, str], tuple[str, ...]] = {}
    groups: dict[tuple[str, ...], list[tuple[Place, Edit]]] = {}
    for pair in pairs:
        moves = _paired_moves(pair.edits)
        for n, edit in enumerate(pair.edits):
            if n in moves:  # one half of a move: grouped and shown as the whole move
                edit = replace(edit, a_text=moves[n][0], b_text=moves[n][1])
            texts = (edit.kind, edit.a_text, edit.b_text)
            key = keys.get(texts)
            if key is None:
                key = keys[texts] = _variant_key(*texts)
            members = groups.get(key)
            if members is None:
                groups[key] = [(Place(pair.id, n), edit)]
            else:
                members.append((Place(pair.id, n), edit))
    variants = []
    for members in groups.values():
        if len(members) == 1:  # most variants occur once
            place, edit = members[0]
            variants.append(
                Variant(
                    _shown(edit.kind, edit.a_text),
                    _shown(edit.kind, edit.b_text),
                    edit.kind,
                    tuple(sorted(edit.flags, key=_FLAG_RANK.__getitem__)),
                    1,
                    (place.pair,),
                    (place,),
                )
            )
            continue
        edits = [e for _, e in members]
        kind = edits[0].kind  # one kind a variant (see `_variant_key`)
        flags = {f for e in edits for f in e.flags}
        places = tuple(p for p, _ in members)
        variants.append(
            Variant(
                a=_most_common([_shown(kind, e.a_text) for e in edits]),
                b=_most_common([_shown(kind, e.b_text) for e in edits]),
                kind=kind,
                flags=tuple(sorted(flags, key=_FLAG_RANK.__getitem__)),
                count=len(edits),
                pairs=tuple(sorted({p.pair for p in places})),
                places=places,
            )
        )
    return tuple(sorted(variants, key=variant_sort_key))
