"""Words moved within a pair (kind ``order``) and the naming of one pair's edits."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from align.model import Flag, Kind, Pair
from align.naming.flags import (
    _attribution_kind,
    _content_keys,
    _EditInfo,
    _flags_of,
    _Side,
    _telling,
    _with_kind,
)
from align.naming.words import _words


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
    return kinds, flags


def _annotate_pair(
    pair: Pair, side_a: _Side, side_b: _Side, infos: dict[tuple[str, str], _EditInfo]
) -> Pair:
    if not pair.edits:
        return pair
    kinds, flags = _names(pair, side_a, side_b, infos)
    return replace(pair, edits=tuple(map(_with_kind, pair.edits, kinds, flags)))
