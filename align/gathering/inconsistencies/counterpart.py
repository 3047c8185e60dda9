"""One text rendering the same wording of the other in two ways."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from align.diffing.inner import similarity
from align.gathering.inconsistencies.common import (
    _coordinated,
    _count_rendering,
    _forms,
    _Lookup,
    _Rendering,
    _renderings,
    _unchanged_renderings,
    _Words,
)
from align.gathering.variants import _most_common
from align.model import Document, Inconsistency, Kind, Op, Pair, Relation
from align.naming.words import _PLAIN_WORDS, MIN_FORM_PLACES, _is_word, _Memo, form_related
from align.runtime.pool import fork_map
from align.runtime.progress import Tick, part
from align.segmenting import TOKEN_RE


def _counterpart_inconsistencies(
    a: Document,
    b: Document,
    pairs: Sequence[Pair],
    words_a: _Words,
    words_b: _Words,
    jobs: int | None = 1,
    tick: Tick | None = None,
) -> list[Inconsistency]:
    """One text rendering the other's same wording in two or more ways.

    Long because collecting renderings, grouping them and building the forms are one linear
    pass over indexes they share.
    """
    out = []
    group_of = _repeat_groups(pairs)
    # counterpart key -> (counterpart texts, {my form key: (Counter of texts, {pairs})}), per side
    seen_a: dict[tuple[str, ...], tuple[list[str], dict]] = {}
    seen_b: dict[tuple[str, ...], tuple[list[str], dict]] = {}
    renderings = _Memo(_renderings)

    def rendered(pair: Pair) -> list[tuple[_Rendering | None, _Rendering | None]]:
        """What the pair's rewordings render of the other text (for A, for B)."""
        out = []
        for edit in pair.edits:
            if edit.kind in (Kind.INSERTION, Kind.OMISSION) and edit.op != Op.REPLACE:
                # Words one side leaves out: rendered as nothing ("" in the forms).
                out.append(renderings[_bare(edit.a_text), _bare(edit.b_text)])
                continue
            if edit.op != Op.REPLACE or edit.kind not in (Kind.LEXICAL, Kind.FORM):
                continue
            a0, a1, b0, b1 = _coordinated(
                a.text, edit.a_start, edit.a_end, b.text, edit.b_start, edit.b_end
            )
            text_a = edit.a_text if (a0, a1) == (edit.a_start, edit.a_end) else a.text[a0:a1]
            text_b = edit.b_text if (b0, b1) == (edit.b_start, edit.b_end) else b.text[b0:b1]
            out.append(renderings[text_a, text_b])
        return out

    for pair, found_in_pair in zip(
        pairs, fork_map(rendered, pairs, jobs, tick=part(tick, 0.0, 0.4))
    ):
        for both_sides in found_in_pair:
            for seen, rendering in zip((seen_a, seen_b), both_sides):
                if rendering is None:
                    continue
                key, their_text, my_text, my_key = rendering
                texts, found = seen.setdefault(key, ([], {}))
                texts.append(their_text)
                entry = found.get(my_key)
                if entry is None:
                    entry = found[my_key] = (Counter(), set())
                entry[0][my_text] += 1
                entry[1].add(pair.id)
    # Where each counterpart wording stands unchanged in both texts of a pair.
    # That rendering counts only beside another one found in two pairs at
    # least, so most wordings (met once) need no looking for. Each is looked
    # for at its first telling word (the rarer words).
    # In an article two places make a pattern: a wording met twice and rendered
    # two ways is what an auditor lists. In a book, one-offs are the texture of a
    # free rendering, and only habits count.
    least = 1 if _short(pairs) else MIN_FORM_PLACES
    lookups = (_Lookup.of(seen_a, least), _Lookup.of(seen_b, least))
    if lookups[0].anchors or lookups[1].anchors:
        finds = fork_map(
            lambda pair: _unchanged_renderings(pair, words_a, words_b, lookups),
            [p for p in pairs if p.a and p.b],
            jobs,
            tick=part(tick, 0.4, 1.0),
        )
        for pid, found_a, found_b in finds:
            for seen, hits in ((seen_a, found_a), (seen_b, found_b)):
                for gram, times in hits:
                    _count_rendering(seen, gram, times, pid)
    for side, seen in (("a", seen_a), ("b", seen_b)):
        for key, (texts, found) in seen.items():
            # Renderings found in two places at least: habits, not one-off
            # rewordings (which the variant table already lists). Beside one
            # habit, a rendering or two met once break it (VNA's "foreign
            # affairs" for VOV's "diplomacy" 9 times, "foreign relations"
            # once), unless it is the term left out once; beside several
            # habits, or among many one-offs (a free rendering), they add
            # nothing a reader would act on, nor does a one-off that holds the
            # habit with more context ("among the publicans" / "publicans").
            habits = {k: v for k, v in found.items() if len(v[1]) >= MIN_FORM_PLACES}
            if not habits and least == 1:
                habits = _one_offs(key, found)
            elif len(habits) == 1 and len(found) - 1 <= MAX_ONE_OFFS:
                (habit,) = habits
                habits = {
                    k: v
                    for k, v in found.items()
                    if k == habit
                    or (
                        k != ()
                        and not _holds(k, habit)
                        and not _holds(habit, k)
                        # The wording kept as it is (looked for in an article only):
                        # broken by a plain rendering of it, not by its inflection.
                        and (habit != key or (_plainly_renders(k, key) and not _inflected(k, key)))
                    )
                }
            if len(found) == 1 and () in habits and len(habits[()][1]) >= MIN_OMITTED_PLACES:
                # A term this text leaves out wherever the other has it.
                out.append(Inconsistency(side, _forms(habits), _most_common(texts), "omitted"))
                continue
            if len(habits) < 2:
                continue
            places = set().union(*(f[1] for f in habits.values()))
            if len({group_of.get(p, -1 - p) for p in places}) == 1:
                continue  # one passage rendered twice: reported as a repeat
            out.append(Inconsistency(side, _forms(habits), _most_common(texts), "counterpart"))
    return out


#: A rendering habit broken by at most this many renderings met once is reported.
MAX_ONE_OFFS = 2
#: A text of at most this many aligned pairs with two sides is an article: there a
#: wording rendered one way in one place and another way in another is reported.
SHORT_TEXT_PAIRS = 120


def _short(pairs: Sequence[Pair]) -> bool:
    """Is the comparison an article's (`SHORT_TEXT_PAIRS`), where two places make a pattern?"""
    return sum(1 for p in pairs if p.a and p.b) <= SHORT_TEXT_PAIRS


def _one_offs(key: tuple[str, ...], found: dict[tuple[str, ...], tuple[Counter, set[int]]]) -> dict:
    """The renderings of a wording met once each, when two of them render it otherwise.

    In an article: VNA's "achievements" is NDO's "accomplishments" in one pair and
    "achievements" in another. Left out in one place is no rendering here, nor is one
    rendering that holds another with more context ("best wishes" / "wishes"), and
    one word inflected two ways, and one pair rendering a wording twice is no
    inconsistency.
    """
    kept = {k: v for k, v in found.items() if k != ()}
    keys = sorted(kept)
    if len(keys) < 2 or any(_holds(x, y) for x in keys for y in keys if x != y):
        return {}
    if not all(_inflected(k, key) or _plainly_renders(k, key) for k in keys):
        return {}  # a word of a rewritten clause
    if any(_inflected(x, y) for x in keys for y in keys if x < y):
        return {}  # one word inflected two ways ("wishes" / "wished"): a form variant
    if len(set().union(*(v[1] for v in kept.values()))) < 2:
        return {}
    return kept


#: A term left out in this many pairs (and rendered nowhere) is reported.
MIN_OMITTED_PLACES = 3


#: A one-off rendering's closest word must be this like a word of the wording
#: ("globe" / "world" 0.36, "people" / "countrymen" 0.49; "Russian Federation" /
#: "Communist" 0.28, a clause cut around a moved word).
ONE_OFF_LIKENESS = 0.3


def _plainly_renders(rendering: tuple[str, ...], key: tuple[str, ...]) -> bool:
    """Does a one-off `rendering` plainly render the wording `key`?

    As short (a word more at most), with a word alike (`ONE_OFF_LIKENESS`).
    """
    if len(rendering) > len(key) + 1:
        return False
    return max(similarity(x, y) for x in rendering for y in key) >= ONE_OFF_LIKENESS


def _inflected(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    """Are two wordings one wording inflected: word for word the same or of one stem?"""
    return len(x) == len(y) and all(u == v or form_related(u, v) for u, v in zip(x, y))


def _holds(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """Does `longer` hold the words of `shorter` in a row (the same rendering, more context)?

    "among the publicans" met once beside "publicans" ten times renders the word alike.
    """
    n = len(shorter)
    return n > 0 and any(longer[k : k + n] == shorter for k in range(len(longer) - n + 1))


def _bare(text: str) -> str:
    """One side of a one-sided edit without the common words and marks at its ends.

    "and self-strengthening" is the term "self-strengthening" left out (so
    that it meets the other renderings of "self-strengthening").
    """
    words = TOKEN_RE.findall(text)
    lo, hi = 0, len(words)
    while lo < hi and (not _is_word(words[lo]) or words[lo].casefold() in _PLAIN_WORDS):
        lo += 1
    while hi > lo and (not _is_word(words[hi - 1]) or words[hi - 1].casefold() in _PLAIN_WORDS):
        hi -= 1
    if (lo, hi) == (0, len(words)):
        return text
    return " ".join(words[lo:hi])


def _repeat_groups(pairs: Sequence[Pair]) -> dict[int, int]:
    """Pair id -> its group: the pairs joined by sharing sentences with a repeat.

    Linear in the pairs' sentences (a union-find over them), where comparing
    each finding with every repeat's related pairs grows with their product.
    """
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    holder: dict[tuple[str, int], int] = {}
    for pair in pairs:
        if pair.relation != Relation.REPEAT:
            continue
        for key in [("a", i) for i in pair.a] + [("b", j) for j in pair.b]:
            holder.setdefault(key, pair.id)
    for pair in pairs:
        for key in [("a", i) for i in pair.a] + [("b", j) for j in pair.b]:
            first = holder.get(key)
            if first is not None:
                parent.setdefault(pair.id, pair.id)
                parent.setdefault(first, first)
                x, y = root(pair.id), root(first)
                if x != y:
                    parent[max(x, y)] = min(x, y)
    return {p: root(p) for p in parent}
