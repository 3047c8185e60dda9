"""Variants: the named edits grouped by their two sides over all pairs."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

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


#: One edit as the variant table reads it: (its variant key, A's side shown, B's side shown).
_Entry = tuple[tuple[str, ...], str, str]


class Keyer:
    """Each edit's variant key and shown sides: the variant table's per-pair part.

    Pairs are independent, so they may be keyed in several processes (as the
    pairs are diffed and named); the key of every edit text met so far is kept.
    """

    def __init__(self) -> None:
        self.keys: dict[tuple[str, str, str], tuple[str, ...]] = {}

    def __call__(self, pair: Pair) -> tuple[_Entry, ...]:
        """For each of the pair's (named) edits, in order: its key and shown sides."""
        keys = self.keys
        moves = _paired_moves(pair.edits)
        out = []
        for n, edit in enumerate(pair.edits):
            kind, a_text, b_text = edit.kind, edit.a_text, edit.b_text
            if n in moves:  # one half of a move: grouped and shown as the whole move
                a_text, b_text = moves[n]
            texts = (kind, a_text, b_text)
            key = keys.get(texts)
            if key is None:
                key = keys[texts] = _variant_key(*texts)
            out.append((key, _shown(kind, a_text), _shown(kind, b_text)))
        return tuple(out)


class Variants:
    """The variant table, added up pair by pair (`add`, pairs in order), then built (`finish`)."""

    def __init__(self) -> None:
        # key -> its edits' places, shown sides, flags and kinds
        self.groups: dict[tuple[str, ...], list[tuple[Place, str, str, tuple, str]]] = {}

    def add(self, pair: Pair, entries: Sequence[_Entry]) -> None:
        """Add a (named) pair's edits, `entries` being `Keyer`'s for it.

        Entries that came from another process hold copies of the edits' texts:
        the edits' own are kept instead (most shown sides are the edit's text).
        """
        groups = self.groups
        for n, (edit, (key, shown_a, shown_b)) in enumerate(zip(pair.edits, entries)):
            if shown_a == edit.a_text:
                shown_a = edit.a_text
            if shown_b == edit.b_text:
                shown_b = edit.b_text
            member = (Place(pair.id, n), shown_a, shown_b, edit.flags, edit.kind)
            members = groups.get(key)
            if members is None:
                groups[key] = [member]
            else:
                members.append(member)

    def finish(self) -> tuple[Variant, ...]:
        """The variants of every pair added, in `variant_sort_key` order."""
        variants = []
        for members in self.groups.values():
            kind = members[0][4]  # one kind a variant (see `_variant_key`)
            if len(members) == 1:  # most variants occur once
                place, shown_a, shown_b, flags, _ = members[0]
                variants.append(
                    Variant(
                        shown_a,
                        shown_b,
                        kind,
                        tuple(sorted(flags, key=_FLAG_RANK.__getitem__)),
                        1,
                        (place.pair,),
                        (place,),
                    )
                )
                continue
            places = tuple(m[0] for m in members)
            flags = {f for m in members for f in m[3]}
            variants.append(
                Variant(
                    a=_most_common([m[1] for m in members]),
                    b=_most_common([m[2] for m in members]),
                    kind=kind,
                    flags=tuple(sorted(flags, key=_FLAG_RANK.__getitem__)),
                    count=len(members),
                    pairs=tuple(sorted({p.pair for p in places})),
                    places=places,
                )
            )
        return tuple(sorted(variants, key=variant_sort_key))


def gather_variants(pairs: Sequence[Pair]) -> tuple[Variant, ...]:
    """Group the (annotated) edits of all pairs into variants."""
    keyer, variants = Keyer(), Variants()
    for pair in pairs:
        variants.add(pair, keyer(pair))
    return variants.finish()
