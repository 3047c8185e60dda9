"""The second alignment: inside one replacement, the words that render each other.

The common-subsequence diff (`align.diffing.words`) finds what is equal;
what it calls a replacement may still hold several substitutions ("continues
to evolve by embracing ..." / "continues to develop and absorb ..."). Here the
tokens of the two sides of a replacement are aligned again, in order, by how
well they render each other (`similarity`): the same spelling key (1.0), the
same stem ("independent" / "independence", 0.9), or related word vectors
(`align.lexicon.vectors`, from `PAIR_BAR` up). Common words ("the", "and")
pair only with common words, at like places, punctuation only with
punctuation. A dynamic programme picks the pairings with the largest total of
``similarity - bar`` (O(n m) in the replacement's lengths, never more than
`MAX_CELLS` cells); a word may pair with two content words ("diplomacy" /
"foreign affairs").

Each pair becomes an edit of its own (or equal text, when the two tokens are
the same), and the tokens left between two pairs become one edit: what is
rewritten with nothing to pair stays one edit. A lone content word that one
side adds next to a pair joins it ("diplomacy" / "foreign affairs"). Shared
punctuation splits a replacement only when it cuts both sides into parallel
parts ("proactively, sensitively, promptly" / "proactiveness, acuity,
timeliness"); a replacement that is only spelling, case or punctuation
("people to people" / "people-to-people", ". The" / ", the") stays whole.

Then, within a pair, a run of content words at one end of a replacement that
a one-sided edit of the pair puts back is cut out as an edit of its own
(`cut_moved`): the naming stage calls both halves of that move ``order``.

The opcodes returned cover the replacement exactly and in order on both
sides, so the edits still rebuild both texts. Diffing imports its word
lists and stems from `align.naming.words` (a leaf module), nothing else of naming.

>>> from align.segmenting import tokenize
>>> a = tokenize("proactively, sensitively, promptly")
>>> b = tokenize("proactiveness, acuity, timeliness")
>>> [op[0] for op in split_replacement(a, b, 0, 5, 0, 5)]
['replace', 'equal', 'replace', 'equal', 'replace']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from align.lexicon.spelling import spelling_key, without_accents
from align.model import Token
from align.naming.words import _PLAIN_WORDS, _expanded, _match_key, _stems_related, _word_stem
from align.runtime.scope import scoped_cache

Opcode = tuple[str, int, int, int, int]

#: Word vectors at least this close pair two content words ("practices" /
#: "methods" 0.56, "country" / "nation" 0.80); unrelated words in one
#: sentence reach about 0.3 ("country" / "people").
PAIR_BAR = 0.4
#: Common words (`_PLAIN_WORDS`: "the", "of", "and", "that") fill the same
#: slot more loosely ("the" / "of" 0.30): a higher bar.
PLAIN_BAR = 0.45
#: At the same end of a replacement, content words this close earn `EDGE_BONUS`.
EDGE_FLOOR = 0.25
EDGE_BONUS = 0.1
#: Common words pair only at like places: their relative positions within
#: the replacement at most this far apart.
PLAIN_DRIFT = 0.3
#: Of two pairings otherwise equal, one followed at once by another wins.
RUN_TIE = 0.002
#: A pairing with a two-word phrase wins a tie with one word and a gap; of two
#: phrases a word may pair with, the one whose weaker word is the closer wins
#: (a phrase gains ``PHRASE_TIE * (1 + that likeness)``): "diplomacy" / "foreign
#: affairs" (0.60, 0.40), not "diplomacy must" / "foreign" ("must" -0.15);
#: "diplomacy" / "foreign relations", not / "whereby foreign".
PHRASE_TIE = 0.01
#: A mark is weak evidence: the same one ("," / ",") less than one stem,
#: two different ones ("," / ";") less again.
SAME_MARK = 0.7
MARK_SIMILARITY = 0.55
#: The same stem ("independent" / "independence", "marks" / "marked").
STEM_SIMILARITY = 0.9
#: Content words a run must hold to be taken for moved: one word that recurs
#: ("safeguarding", rendered "Firmly maintaining" here and added there) is
#: more often a coincidence than a move; "sacred wish", "national interests" are not.
MIN_MOVED = 2
#: Replacements larger than this (tokens A x tokens B) stay one edit: a
#: rewritten passage, and a bound on the time one replacement can take.
MAX_CELLS = 3600


@lru_cache(maxsize=1)
def _table():  # type: ignore[no-untyped-def]
    from align.lexicon.vectors import load

    return load()


def _is_mark(text: str) -> bool:
    return not (text[0].isalnum() or text[0] == "_")


def _plain(word: str) -> bool:
    """A function word, conjunction, pronoun or auxiliary ("the", "and", "that", "is")."""
    return word in _PLAIN_WORDS


@scoped_cache(maxsize=1 << 17)  # a book's replacements hold some 100,000 token pairs of one class
def similarity(x: str, y: str) -> float:
    """How well token `x` of one side renders token `y` of the other (case folded).

    1.0 for the same word or spelling, `STEM_SIMILARITY` for one stem,
    `SAME_MARK` or `MARK_SIMILARITY` for two marks, else the word vectors' cosine (which may
    be below the bar, or negative); 0.0 across classes (a word and a mark, a
    common word and a content word) and for a word the vectors lack.

    >>> similarity("practices", "methods") > PAIR_BAR > similarity("spirit", "practices")
    True
    >>> similarity("defence", "defense"), similarity("independent", "independence")
    (1.0, 0.9)
    >>> similarity("the", "acuity"), similarity(",", "timeliness")
    (0.0, 0.0)
    """
    mark_x, mark_y = _is_mark(x), _is_mark(y)
    if mark_x or mark_y:
        if mark_x and mark_y:
            return SAME_MARK if x == y else MARK_SIMILARITY
        return 0.0
    if x == y:
        return 1.0
    plain_x = _plain(x)
    if plain_x != _plain(y):
        return 0.0
    if spelling_key(x) == spelling_key(y):
        return 1.0
    if not plain_x and _stems_related(_word_stem(x), _word_stem(y)):
        return STEM_SIMILARITY
    table = _table()
    ix, iy = table.word_id(x), table.word_id(y)
    if ix is None or iy is None:
        return 0.0
    return table.similarity_ids(ix, iy)


def _content(word: str) -> bool:
    return not _is_mark(word) and not _plain(word)


#: Token classes: a mark, a common word (`_PLAIN_WORDS`), a content word.
#: `similarity` is 0.0 across classes, so only tokens of one class are compared.
_MARK, _PLAIN, _CONTENT = 0, 1, 2


@scoped_cache(maxsize=1 << 17)
def _class(text: str) -> int:
    """The class of a case-folded token (`_MARK`, `_PLAIN` or `_CONTENT`)."""
    return _MARK if _is_mark(text) else _PLAIN if text in _PLAIN_WORDS else _CONTENT


def _likeness(
    xs: Sequence[str], ys: Sequence[str], class_x: Sequence[int], class_y: Sequence[int]
) -> list[list[float]]:
    """`similarity` of every token pair, 0.0 across classes without a look-up."""
    pairs_y = list(zip(ys, class_y))
    return [
        [similarity(x, y) if cy == cx else 0.0 for y, cy in pairs_y] for x, cx in zip(xs, class_x)
    ]


def _gains(
    sims: list[list[float]], class_x: Sequence[int], class_y: Sequence[int], marks: bool
) -> list[list[float]]:
    """What pairing ``xs[i]`` with ``ys[j]`` is worth, from their `similarity` (0 or less:
    never paired). Marks gain nothing unless `marks`."""
    n, m = len(class_x), len(class_y)
    out = []
    for i, (row, cx) in enumerate(zip(sims, class_x)):
        if cx == _MARK:
            out.append([s - PAIR_BAR for s in row] if marks else [0.0] * m)
        elif cx == _PLAIN:
            # Apart from their sides, two common words prove nothing ("while" /
            # "with" across a rewritten clause).
            at = (i + 0.5) / n
            out.append(
                [
                    0.0 if abs(at - (j + 0.5) / m) > PLAIN_DRIFT else s - PLAIN_BAR
                    for j, s in enumerate(row)
                ]
            )
        else:
            gains = [s - PAIR_BAR for s in row]
            # Words at the same end of the replacement stand beside the same shared
            # text: a weaker likeness will do ("advancing" / "PROMOTING").
            for j in (0 if i == 0 else -1, m - 1 if i == n - 1 else -1):
                if j >= 0 and class_y[j] == _CONTENT and EDGE_FLOOR <= row[j] < 1.0:
                    gains[j] = row[j] + EDGE_BONUS - PAIR_BAR
            out.append(gains)
    return out


#: A step of the programme: (tokens of A, tokens of B) it pairs.
_STEPS = ((1, 1), (1, 2), (2, 1))


def _pairs(
    xs: Sequence[str], ys: Sequence[str], marks: bool, sims: list[list[float]] | None = None
) -> list[tuple[int, int, int, int]]:
    """The pairings ``(i, i + di, j, j + dj)`` (in order) of the largest total gain.

    A word pairs with one word, or with two content words the vectors relate
    to it ("diplomacy" / "foreign affairs"; of two such phrases, the one whose
    weaker word is the closer), never the same word or stem (then it pairs
    alone: "strong" / "strong country" is "strong" and an insertion).
    `sims` is `_likeness` of the two sides, if already read.
    """
    n, m = len(xs), len(ys)
    class_x = [_class(x) for x in xs]
    class_y = [_class(y) for y in ys]
    # Each token pair's likeness once (the hot loop of a book's diff): the
    # gains, and whether two tokens share a stem, are read off it.
    if sims is None:
        sims = _likeness(xs, ys, class_x, class_y)
    single = _gains(sims, class_x, class_y, marks)
    if max(map(max, single)) + PHRASE_TIE <= 0:
        return []  # no pairing gains anything: the programme would pair nothing
    content_x = [c == _CONTENT for c in class_x]
    content_y = [c == _CONTENT for c in class_y]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]

    def phrase_gain(i: int, j: int, di: int, dj: int) -> float:
        if di == dj == 1:
            return single[i][j]
        if i + di > n or j + dj > m:
            return 0.0
        if di == 1:  # one word of A against two of B
            if not (content_x[i] and content_y[j] and content_y[j + 1]):
                return 0.0
            low, high = sorted((sims[i][j], sims[i][j + 1]))
            if high >= STEM_SIMILARITY:
                return 0.0
            return max(single[i][j], single[i][j + 1]) + PHRASE_TIE * (1 + low)
        if not (content_x[i] and content_x[i + 1] and content_y[j]):
            return 0.0
        low, high = sorted((sims[i][j], sims[i + 1][j]))
        if high >= STEM_SIMILARITY:
            return 0.0
        return max(single[i][j], single[i + 1][j]) + PHRASE_TIE * (1 + low)

    floor = -PHRASE_TIE  # a cell whose gains are all at most this starts no pairing
    for i in range(n - 1, -1, -1):
        gains, below = single[i], single[i + 1] if i + 1 < n else None
        row, row_below = best[i], best[i + 1]
        for j in range(m - 1, -1, -1):
            here, step = row_below[j], None
            if row[j + 1] > here:
                here = row[j + 1]
            if (
                gains[j] <= floor
                and (j + 1 == m or gains[j + 1] <= floor)
                and (below is None or below[j] <= floor)
            ):
                row[j] = here  # the fast path of most cells: no step can gain
                continue
            for di, dj in _STEPS:
                g = phrase_gain(i, j, di, dj)
                if g > 0 and move[i + di][j + dj] is not None:
                    g += RUN_TIE  # pairings run on: "proactively," / "proactiveness,"
                # At a tie, pairing now beats pairing later ("," with the first ",").
                if g > 0 and best[i + di][j + dj] + g >= here:
                    here, step = best[i + di][j + dj] + g, (di, dj)
            best[i][j], move[i][j] = here, step
    pairs = []
    i = j = last_i = last_j = 0
    while i < n and j < m:
        step = move[i][j]
        if step is not None:
            pairs.append((i, i + step[0], j, j + step[1]))
            i, j = last_i, last_j = i + step[0], j + step[1]
        elif best[i][j] != best[i + 1][j]:
            j += 1
        elif best[i][j] != best[i][j + 1] or i - last_i <= j - last_j:
            i += 1
        else:
            j += 1
    return pairs


def _noise_only(xs: Sequence[str], ys: Sequence[str]) -> bool:
    """Only marks, or the same words but for spelling across tokens or a contraction.

    Splitting those would misname them: "people to people" / "people-to-people"
    is one spelling, "it is" / "it’s" one contraction, ". The" / ", the" punctuation.
    """
    wx = [x for x in xs if not _is_mark(x)]
    wy = [y for y in ys if not _is_mark(y)]
    if not wx and not wy:
        return True
    if "".join(map(spelling_key, wx)) == "".join(map(spelling_key, wy)):
        return len(wx) != len(wy) or wx == wy  # across tokens, or only the marks differ
    return _expanded(wx) == _expanded(wy)


def _parallel(pairs: list[tuple[int, int, int, int]], xs: Sequence[str], ys: Sequence[str]) -> bool:
    """Whether each shared mark among `pairs` stands between parts of like length.

    The parts are the gaps between it and the pairings before and after it; a
    part may be empty on both sides (a replacement that starts with a comma).
    """
    bounds = [(0, 0, 0, 0), *pairs, (len(xs), len(xs), len(ys), len(ys))]
    for k in range(1, len(bounds) - 1):
        i1, i2, j1, j2 = bounds[k]
        if not (i2 - i1 == 1 and xs[i1] == ys[j1] and _is_mark(xs[i1])):
            continue
        before, after = bounds[k - 1], bounds[k + 1]
        for la, lb in ((i1 - before[1], j1 - before[3]), (after[0] - i2, after[2] - j2)):
            if (la or lb) and (min(la, lb) < 1 or max(la, lb) > 3 * min(la, lb)):
                return False
    return True


def split_replacement(
    a: Sequence[Token], b: Sequence[Token], i1: int, i2: int, j1: int, j2: int
) -> list[Opcode]:
    """Opcodes for the replacement ``a[i1:i2]`` -> ``b[j1:j2]``: its inner alignment.

    One ``replace`` (the replacement itself) when nothing pairs.
    """
    n, m = i2 - i1, j2 - j1
    if n + m < 3 or n * m > MAX_CELLS:
        return [("replace", i1, i2, j1, j2)]
    steps = _steps(
        tuple([t.text.casefold() for t in a[i1:i2]]), tuple([t.text.casefold() for t in b[j1:j2]])
    )
    if steps is None:
        return [("replace", i1, i2, j1, j2)]
    out: list[Opcode] = []
    for op, s1, s2, t1, t2 in steps:
        if op is None:  # the same tokens but for case: equal only if the cases agree too
            same = all(a[i1 + k].text == b[j1 + t1 - s1 + k].text for k in range(s1, s2))
            op = "equal" if same else "replace"
        out.append((op, i1 + s1, i1 + s2, j1 + t1, j1 + t2))
    return out


_Step = tuple[str | None, int, int, int, int]


@scoped_cache(maxsize=1 << 17)
def _steps(xs: tuple[str, ...], ys: tuple[str, ...]) -> tuple[_Step, ...] | None:
    """The inner alignment of case-folded `xs` against `ys`, offsets within them (None: whole).

    Read once for each distinct replacement (a book repeats half of them); a
    step whose tokens fold alike has op None, for `split_replacement` to tell
    ``equal`` from a case change by the original tokens.
    """
    if _noise_only(xs, ys):
        return None
    sims = _likeness(xs, ys, [_class(x) for x in xs], [_class(y) for y in ys])
    pairs = _pairs(xs, ys, True, sims)
    if not _parallel(pairs, xs, ys):
        pairs = _pairs(xs, ys, False, sims)
    if not pairs:
        return None
    n, m = len(xs), len(ys)
    steps: list[list] = []  # [tag, i1, i2, j1, j2], offsets within the replacement
    prev_i = prev_j = 0
    for p1, p2, q1, q2 in [*pairs, (n, n, m, m)]:
        if p1 > prev_i or q1 > prev_j:
            steps += _gap_steps(xs, ys, prev_i, p1, prev_j, q1, bool(steps), p1 < n)
        if p1 < n:
            steps.append(["pair", p1, p2, q1, q2])
        prev_i, prev_j = p2, q2
    _attach_lone_words(steps, xs, ys)
    _join_phrases(steps, xs, ys)
    _join_spellings(steps, xs, ys)
    out: list[_Step] = []
    for tag, s1, s2, t1, t2 in steps:
        op: str | None
        if tag == "pair" and xs[s1:s2] == ys[t1:t2]:
            op = None
        elif s2 > s1 and t2 > t1:
            op = "replace"
        else:
            op = "delete" if s2 > s1 else "insert"
        out.append((op, s1, s2, t1, t2))
    return tuple(out)


def _gap_steps(
    xs: Sequence[str],
    ys: Sequence[str],
    s1: int,
    s2: int,
    t1: int,
    t2: int,
    after: bool,
    before: bool,
) -> list[list]:
    """The gap ``xs[s1:s2]`` / ``ys[t1:t2]``, with a token both sides have beside a pairing cut off.

    "level" / "height" paired, then ", Vietnam's" / ",": the comma is shared, and
    "Vietnam's" is left out alone. (`after`, `before`: a pairing is just before, just after.)
    """
    head: list[list] = []
    tail: list[list] = []
    if after and s2 > s1 and t2 > t1 and xs[s1] == ys[t1] and s2 - s1 + t2 - t1 > 2:
        head.append(["pair", s1, s1 + 1, t1, t1 + 1])
        s1, t1 = s1 + 1, t1 + 1
    if before and s2 > s1 and t2 > t1 and xs[s2 - 1] == ys[t2 - 1] and s2 - s1 + t2 - t1 > 2:
        tail.append(["pair", s2 - 1, s2, t2 - 1, t2])
        s2, t2 = s2 - 1, t2 - 1
    return [*head, ["gap", s1, s2, t1, t2], *tail]


def _attach_lone_words(steps: list[list], xs: Sequence[str], ys: Sequence[str]) -> None:
    """A one-sided gap of one content word joins the substitution beside it.

    "national" added before "interest" / "interests" is an insertion; a word
    added beside a substitution is part of it ("diplomacy" / "foreign affairs",
    "Fellow countrymen" / "Dear compatriots"). A word the vectors do not know
    (a name, a possessive: "Vietnam's" left out beside "diplomacy" / "foreign
    affairs") shows no sign of belonging to the rendering: it stays apart.
    """
    k = 0
    while k < len(steps):
        tag, s1, s2, t1, t2 = steps[k]
        lone = tag == "gap" and (s2 - s1) + (t2 - t1) == 1
        word = (xs[s1] if s2 > s1 else ys[t1]) if lone else ""
        if not lone or not _content(word) or _table().word_id(word) is None:
            k += 1
            continue
        for near in (k - 1, k + 1):
            if 0 <= near < len(steps) and _substitution(steps[near], xs, ys):
                lo, hi = min(near, k), max(near, k)
                steps[lo : hi + 1] = [
                    ["pair", steps[lo][1], steps[hi][2], steps[lo][3], steps[hi][4]]
                ]
                k = lo
                break
        k += 1


def _join_phrases(steps: list[list], xs: Sequence[str], ys: Sequence[str]) -> None:
    """Common words that hold a reworded phrase together join it: one phrase, one edit.

    A common word one side adds between two rewordings ("defeat" / "win",
    "over", "anyone" / "everyone") makes them one: "defeat anyone" / "win over
    everyone". Common words that differ only by a contraction or an added
    auxiliary ("Do not" / "Don't be") join the rewording beside them: "Do not
    panic" / "Don't be alarmed". A function word set against another ("to" /
    "at" beside "diplomacy" / "foreign affairs") is a difference of its own.
    """
    k = 0
    while k < len(steps):
        tag, s1, s2, t1, t2 = steps[k]
        words = _expanded([*xs[s1:s2], *ys[t1:t2]]) if tag == "gap" else ()
        if not words or not all(map(_plain, words)):
            k += 1
            continue
        lo = hi = k
        if s1 == s2 or t1 == t2:  # one-sided: only between two rewordings of content words
            if 0 < k < len(steps) - 1 and all(
                _rewording(steps[n], xs, ys, content=True) for n in (k - 1, k + 1)
            ):
                lo, hi = k - 1, k + 1
        elif _within(_expanded(xs[s1:s2]), _expanded(ys[t1:t2])):
            if k + 1 < len(steps) and _rewording(steps[k + 1], xs, ys):
                hi = k + 1
            elif k > 0 and _rewording(steps[k - 1], xs, ys):
                lo = k - 1
        if lo == hi:
            k += 1
            continue
        steps[lo : hi + 1] = [["pair", steps[lo][1], steps[hi][2], steps[lo][3], steps[hi][4]]]
        k = lo + 1


def _join_spellings(steps: list[list], xs: Sequence[str], ys: Sequence[str]) -> None:
    """A name written without its accents is one edit: "Nguyen Xuan Phuc" / "Nguyễn Xuân
    Phúc", not three. US and UK spellings side by side stay one edit a word ("favorite
    neighbors" / "favourite neighbours")."""
    k = 0
    while k + 1 < len(steps):
        if _respelt(steps[k], xs, ys) and _respelt(steps[k + 1], xs, ys):
            steps[k : k + 2] = [
                ["pair", steps[k][1], steps[k + 1][2], steps[k][3], steps[k + 1][4]]
            ]
        else:
            k += 1


def _respelt(step: list, xs: Sequence[str], ys: Sequence[str]) -> bool:
    """A pairing of words that differ only in their accents."""
    tag, s1, s2, t1, t2 = step
    if tag != "pair" or xs[s1:s2] == ys[t1:t2] or any(map(_is_mark, xs[s1:s2])):
        return False
    if all(map(str.isascii, [*xs[s1:s2], *ys[t1:t2]])):
        return False  # no accents to differ in (most pairs)
    bare_x = "".join(map(without_accents, xs[s1:s2]))
    return bare_x == "".join(map(without_accents, ys[t1:t2]))


def _within(xs: Sequence[str], ys: Sequence[str]) -> bool:
    """Whether the words of one side are all among the other's ("do not" / "do not be")."""
    small, large = (xs, ys) if len(xs) <= len(ys) else (ys, xs)
    left = Counter(large)
    left.subtract(small)
    return all(n >= 0 for n in left.values())


def _rewording(step: list, xs: Sequence[str], ys: Sequence[str], content: bool = False) -> bool:
    """A pairing of different words, not marks, nor one stem ("defeat" / "win").

    With `content`, each side holds a content word ("was" / "am" does not).
    """
    tag, s1, s2, t1, t2 = step
    if tag != "pair" or xs[s1:s2] == ys[t1:t2]:
        return False
    words_x, words_y = xs[s1:s2], ys[t1:t2]
    if any(map(_is_mark, [*words_x, *words_y])):
        return False
    if content and not (any(map(_content, words_x)) and any(map(_content, words_y))):
        return False
    return all(similarity(x, y) < STEM_SIMILARITY for x in words_x for y in words_y)


def _substitution(step: list, xs: Sequence[str], ys: Sequence[str]) -> bool:
    """A pairing of different content words, not of one stem."""
    tag, s1, s2, t1, t2 = step
    if tag != "pair":
        return False
    words_x, words_y = xs[s1:s2], ys[t1:t2]
    if not all(map(_content, [*words_x, *words_y])):
        return False
    return all(similarity(x, y) < STEM_SIMILARITY for x in words_x for y in words_y)


# --- Words moved from one edit to another ---------------------------------------


def _key(token: Token) -> str | None:
    """The match key of a content word (None for a mark or a common word)."""
    return _text_key(token.text)


@scoped_cache(maxsize=1 << 17)
def _text_key(text: str) -> str | None:
    text = text.casefold()
    if _is_mark(text) or _plain(text):
        return None
    return _match_key(text)


#: A word one side leaves out and a word the other puts in are one substitution
#: across this many equal tokens at most ("will definitely" / "certainly will").
MAX_ACROSS = 2


def pair_across(ops: Sequence[Opcode], a: Sequence[Token], b: Sequence[Token]) -> list[Opcode]:
    """A content word left out and a related one put in just beside it are one edit.

    "we will definitely succeed" / "we certainly will succeed": the common
    subsequence keeps "will" and leaves "definitely" and "certainly" apart, as
    an omission and an insertion; a reader lists "definitely" / "certainly".
    The edit covers both words and the few equal tokens between them.
    """
    out = list(ops)
    k = 0
    while k + 2 < len(out):
        first, middle, last = out[k], out[k + 1], out[k + 2]
        if (
            middle[0] == "equal"
            and middle[2] - middle[1] <= MAX_ACROSS
            and {first[0], last[0]} == {"insert", "delete"}
        ):
            x = _lone_word(first, a, b)
            y = _lone_word(last, a, b)
            if x and y and _content(x) and _content(y) and similarity(x, y) >= PAIR_BAR:
                out[k : k + 3] = [("replace", first[1], last[2], first[3], last[4])]
            else:
                joined = _moved_across(first, last, a, b)
                if joined is not None:
                    out[k : k + 3] = joined
                    k += len(joined) - 1
                    continue
        k += 1
    return out


def _side_tokens(op: Opcode, a: Sequence[Token], b: Sequence[Token]) -> Sequence[Token]:
    """The tokens a one-sided opcode holds."""
    tag, i1, i2, j1, j2 = op
    return a[i1:i2] if tag == "delete" else b[j1:j2]


def _moved_across(
    first: Opcode, last: Opcode, a: Sequence[Token], b: Sequence[Token]
) -> list[Opcode] | None:
    """One side's word beside a few equal tokens, that the other side puts just across them.

    "On February 18, Party General Secretary" / "General Secretary of the
    Communist Party of Vietnam Central Committee": "Party" moved across
    "General Secretary". The edge word and the other side's whole edit become
    one replacement over the equal tokens ("Party General Secretary" / "General
    Secretary of the ... Committee"); the rest of its own edit ("On February
    18,") stays an edit of its own. Only a content word's own key counts (the
    same word moved), only at the edge facing the equal tokens, and only when
    it is the one content word the two edits share: two or more shared are a
    phrase moved whole ("national interests"), which naming calls ``order``.
    """
    xs, ys = _side_tokens(first, a, b), _side_tokens(last, a, b)
    if not xs or not ys:
        return None
    edge_x, edge_y = _key(xs[-1]), _key(ys[0])
    keys_x = {_key(t) for t in xs} - {None}
    keys_y = {_key(t) for t in ys} - {None}
    if len(keys_x & keys_y) != 1:
        return None  # nothing shared, or a phrase moved whole: `order` pairs its halves
    _, fi1, fi2, fj1, fj2 = first
    _, li1, li2, lj1, lj2 = last
    if edge_x is not None and edge_x in keys_y:
        # The first edit's last token joins the second edit.
        if first[0] == "delete":
            rest = [("delete", fi1, fi2 - 1, fj1, fj1)] if fi2 - 1 > fi1 else []
            return [*rest, ("replace", fi2 - 1, li2, fj1, lj2)]
        rest = [("insert", fi1, fi1, fj1, fj2 - 1)] if fj2 - 1 > fj1 else []
        return [*rest, ("replace", fi1, li2, fj2 - 1, lj2)]
    if edge_y is not None and edge_y in keys_x:
        # The second edit's first token joins the first edit.
        if last[0] == "delete":
            rest = [("delete", li1 + 1, li2, lj2, lj2)] if li2 > li1 + 1 else []
            return [("replace", fi1, li1 + 1, fj1, lj2), *rest]
        rest = [("insert", li2, li2, lj1 + 1, lj2)] if lj2 > lj1 + 1 else []
        return [("replace", fi1, li2, fj1, lj1 + 1), *rest]
    return None


def _lone_word(op: Opcode, a: Sequence[Token], b: Sequence[Token]) -> str:
    """The one token a one-sided opcode holds, case folded ("" if it holds more)."""
    tag, i1, i2, j1, j2 = op
    tokens = a[i1:i2] if tag == "delete" else b[j1:j2]
    return tokens[0].text.casefold() if len(tokens) == 1 else ""


def cut_moved(ops: Sequence[Opcode], a: Sequence[Token], b: Sequence[Token]) -> list[Opcode]:
    """Words at one end of a replacement that a one-sided edit of the pair puts back, cut out.

    "national interests; upholding" / "; taking", with "national interests
    at" added earlier in B: "national interests" is cut out (an omission,
    which naming pairs with that insertion as ``order``), and what is left is
    aligned again ("; upholding" / "; taking"). Only content words count, and
    only a run at an end of the replacement's side, so the opcodes still tile.
    """
    changes = [op for op in ops if op[0] != "equal"]
    if len(changes) < 2:
        return list(ops)
    # The words the pair's one-sided edits drop (A) and add (B).
    all_a = Counter(
        k for op in ops if op[0] == "delete" for t in a[op[1] : op[2]] if (k := _key(t))
    )
    all_b = Counter(
        k for op in ops if op[0] == "insert" for t in b[op[3] : op[4]] if (k := _key(t))
    )
    if not all_a and not all_b:
        return list(ops)  # no one-sided words: nothing can have moved
    out: list[Opcode] = []
    for op in ops:
        tag, i1, i2, j1, j2 = op
        if tag != "replace":
            out.append(op)
            continue
        run = _moved_run(a, i1, i2, all_b)
        if run is not None:
            out += _cut_a(a, b, op, *run)
            continue
        run = _moved_run(b, j1, j2, all_a)
        if run is not None:
            out += _cut_b(a, b, op, *run)
            continue
        out.append(op)
    return out


def _moved_run(
    tokens: Sequence[Token], start: int, end: int, elsewhere: Counter[str]
) -> tuple[int, int] | None:
    """The longest run of words at either end of ``tokens[start:end]`` that `elsewhere` holds.

    The run holds at least `MIN_MOVED` content words and no mark; it may be the whole side.
    """
    if not elsewhere:
        return None
    best: tuple[int, int] | None = None
    for forward in (True, False):
        need: dict[str, int] = {}
        total = 0
        found = None
        for k in range(start, end) if forward else range(end - 1, start - 1, -1):
            text = tokens[k].text
            if _is_mark(text):
                break
            key = _text_key(text)
            if key is not None:
                count = need.get(key, 0) + 1
                if count > elsewhere.get(key, 0):
                    break
                need[key] = count
                total += 1
                if total >= MIN_MOVED:
                    found = (start, k + 1) if forward else (k, end)
        if found is not None and (best is None or found[1] - found[0] > best[1] - best[0]):
            best = found
    return best


def _cut_a(a: Sequence[Token], b: Sequence[Token], op: Opcode, lo: int, hi: int) -> list[Opcode]:
    """The replacement with A's run ``[lo, hi)`` (at one of its ends) a deletion of its own."""
    _, i1, i2, j1, j2 = op
    if lo == i1 and hi == i2:
        return [("delete", i1, i2, j1, j1), ("insert", i2, i2, j1, j2)]
    if lo == i1:
        return [("delete", lo, hi, j1, j1), *split_replacement(a, b, hi, i2, j1, j2)]
    return [*split_replacement(a, b, i1, lo, j1, j2), ("delete", lo, hi, j2, j2)]


def _cut_b(a: Sequence[Token], b: Sequence[Token], op: Opcode, lo: int, hi: int) -> list[Opcode]:
    """The replacement with B's run ``[lo, hi)`` (at one of its ends) an insertion of its own."""
    _, i1, i2, j1, j2 = op
    if lo == j1 and hi == j2:
        return [("insert", i1, i1, j1, j2), ("delete", i1, i2, j2, j2)]
    if lo == j1:
        return [("insert", i1, i1, lo, hi), *split_replacement(a, b, i1, i2, hi, j2)]
    return [*split_replacement(a, b, i1, i2, j1, lo), ("insert", i2, i2, lo, hi)]
