"""Words moved within a pair (kind ``order``) and the naming of one pair's edits."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from align.lexicon.spelling import normalise
from align.model import Edit, Flag, Kind, Pair
from align.naming.flags import (
    _attribution_kind,
    _content_keys,
    _EditInfo,
    _flags_of,
    _Side,
    _telling,
    _with_kind,
)
from align.naming.words import _PLAIN_WORDS, _words


def _mark_moves(kinds: list[Kind], infos: list[_EditInfo]) -> list[Kind]:
    """Words that one edit of a pair drops and another adds back are moved: ``order``.

    An omission and an insertion of the same words are both ``order``. Then an
    insertion whose words other edits of the pair drop among other changes
    ("national interests" added here, dropped from a rewording there) is
    ``order``, and so is an omission whose words others add (unless all are
    common words); those others keep their kinds. Takes and gives the edits'
    kinds (their flags stay as they are).

    Long because its three rules read one index of the words the pair's edits drop and add.
    """
    kinds = list(kinds)
    waiting: dict[tuple[str, ...], list[int]] = defaultdict(list)
    omissions = []
    for n, kind in enumerate(kinds):
        if kind == Kind.INSERTION:
            keys = _content_keys(infos[n].analysis.left_b)
            if keys:
                waiting[keys].append(n)
        elif kind == Kind.OMISSION:
            omissions.append(n)
    if waiting:
        for n in omissions:
            keys = _content_keys(infos[n].analysis.left_a)
            if keys and waiting.get(keys):
                m = waiting[keys].pop(0)
                kinds[n] = kinds[m] = Kind.ORDER
    # Words each side loses and gains in the edits not yet paired. Found among
    # other changes, common words ("that", "be") prove no move.
    moving = [
        n
        for n, kind in enumerate(kinds)
        if (kind == Kind.INSERTION and _telling(infos[n].analysis.left_b))
        or (kind == Kind.OMISSION and _telling(infos[n].analysis.left_a))
    ]
    if not moving:
        return kinds
    # Only the counts of the words that might have moved matter.
    wanted_a = {
        k
        for n in moving
        if kinds[n] == Kind.OMISSION
        for k in _content_keys(infos[n].analysis.left_a)
    }
    wanted_b = {
        k
        for n in moving
        if kinds[n] == Kind.INSERTION
        for k in _content_keys(infos[n].analysis.left_b)
    }
    dropped: Counter[str] = Counter()
    added: Counter[str] = Counter()
    for kind, info in zip(kinds, infos):
        if kind == Kind.ORDER:
            continue
        keys_a, keys_b = _content_keys(info.analysis.left_a), _content_keys(info.analysis.left_b)
        if keys_a and not wanted_b.isdisjoint(keys_a):
            dropped.update(keys_a)
        if keys_b and not wanted_a.isdisjoint(keys_b):
            added.update(keys_b)
    for n in moving:
        analysis = infos[n].analysis
        if kinds[n] == Kind.INSERTION:
            keys, others, pool = _content_keys(analysis.left_b), added, dropped
        else:
            keys, others, pool = _content_keys(analysis.left_a), dropped, added
        wanted = Counter(keys)
        if keys and all(pool[k] >= c for k, c in wanted.items()):
            pool.subtract(wanted)
            others.subtract(wanted)
            kinds[n] = Kind.ORDER
    return kinds


def _names(
    pair: Pair, side_a: _Side, side_b: _Side, infos: dict[tuple[str, str], _EditInfo]
) -> tuple[list[Kind], list[tuple[Flag, ...]]]:
    """The kind and the flags of each edit of a diffed pair, in order."""
    kinds, flags, found = [], [], []
    for e in pair.edits:
        info = infos[e.a_text, e.b_text]
        kind = info.analysis.kind
        edit_flags = _flags_of(e, info, side_a, side_b)
        if (
            Flag.ATTRIBUTION in edit_flags
            and kind in (Kind.LEXICAL, Kind.FORM, Kind.FUNCTION_WORD)
            and not (_words(e.a_text) and _words(e.b_text))
        ):
            # A reporting clause only one side has; with words changed on both
            # sides the edit is a rewording (its kind follows its text).
            kind = _attribution_kind(e, side_a, side_b) or kind
        kinds.append(kind)
        flags.append(edit_flags)
        found.append(info)
    if len(kinds) > 1 and (Kind.INSERTION in kinds or Kind.OMISSION in kinds):
        kinds = _mark_moves(kinds, found)
    if any(Flag.NAME in f for f in flags):
        flags = _names_kept(pair.edits, flags, pair, side_a, side_b)
    return kinds, flags


def _names_kept(
    edits: Sequence[Edit],
    flags: list[tuple[Flag, ...]],
    pair: Pair,
    side_a: _Side,
    side_b: _Side,
) -> list[tuple[Flag, ...]]:
    """The flags of each edit, without the ``name`` flag of one-sided edits that change no name.

    A name is changed when one side writes it and the other does not. An
    omission or insertion whose capitalised words the other side's sentences
    of the pair all hold is context cut with a moved word ("of the Communist
    Party of Vietnam", with "Party" in "National Party Congress" on the other
    side), not a name left out; and the speaker named in a reporting frame
    only one side has ("The Party chief emphasized that") is flagged
    ``attribution``, not ``name``.
    """
    other_words: list[set[str] | None] = [None, None]

    def words_of(side: int) -> set[str]:
        if other_words[side] is None:
            doc, ids = (side_a.doc, pair.a) if side == 0 else (side_b.doc, pair.b)
            other_words[side] = {w.casefold() for i in ids for w in _words(doc.sentences[i].text)}
        return other_words[side]  # type: ignore[return-value]

    out = []
    for e, edit_flags in zip(edits, flags):
        words_a, words_b = _words(e.a_text), _words(e.b_text)
        if Flag.NAME not in edit_flags or (words_a and words_b):
            out.append(edit_flags)
            continue
        own, other = (words_a, 1) if words_a else (words_b, 0)
        capitals = [w for w in own if w[:1].isupper() and normalise(w) not in _PLAIN_WORDS]
        if Flag.ATTRIBUTION in edit_flags or all(w.casefold() in words_of(other) for w in capitals):
            edit_flags = tuple(f for f in edit_flags if f != Flag.NAME)
        out.append(edit_flags)
    return out


def _annotate_pair(
    pair: Pair, side_a: _Side, side_b: _Side, infos: dict[tuple[str, str], _EditInfo]
) -> Pair:
    if not pair.edits:
        return pair
    kinds, flags = _names(pair, side_a, side_b, infos)
    return replace(pair, edits=tuple(map(_with_kind, pair.edits, kinds, flags)))
