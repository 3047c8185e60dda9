"""Word-level differences within an aligned pair.

The tokens of each side (its sentences joined) are compared with case and
spelling folded (`_diff_key`: "defense" / "defence" are equal), with
difflib-compatible opcodes of the longest common subsequence (the Indel
distance of rapidfuzz, the engine under python-Levenshtein): Levenshtein
distance prefers substitutions, which pair unrelated words and swallow shared
ones ("The 14th National Party" / "Under the guiding light of the 14th"),
while the common subsequence keeps every shared word in place, as difflib and
git do. Adjacent changes are merged into one readable edit ("diplomacy" ->
"foreign affairs" is one replacement, not a replacement and an insertion), and
tokens that match only when case or spelling is ignored become edits of their
own, never merged with their neighbours, so that "Key" against "key" is seen
as a case change (and "defense" against "defence" as a spelling) and never
hides or breaks the alignment of the words around it.

Each edit carries its character spans in both texts. For renderers,
`pieces` cuts each sentence of a pair into `Piece`s (equal text, or part of
edit N) that concatenate to exactly the sentence's text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from rapidfuzz.distance import Indel

from align.diffing.attribution import frame
from align.diffing.inner import MAX_ACROSS, cut_moved, pair_across, split_replacement
from align.lexicon.spelling import spelling_key, without_accents
from align.model import Document, Edit, Op, Pair, Piece, Sentence, Token
from align.naming.words import _PLAIN_WORDS
from align.runtime.scope import scoped_cache

Opcode = tuple[str, int, int, int, int]

#: Punctuation that may not split a rewritten phrase; quotation marks and
#: brackets may: they mark where quoted speech starts and ends.
SEPARATORS = frozenset(",;:–—-")


def opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    """Difflib-style opcodes of two token lists, adjacent changes merged.

    >>> opcodes("the comprehensive diplomacy at".split(),
    ...         "the comprehensive foreign affairs at".split())
    [('equal', 0, 2, 0, 2), ('replace', 2, 3, 2, 4), ('equal', 3, 4, 4, 5)]
    """
    ops = Indel.opcodes(list(a), list(b)).as_list()
    # A lone comma or dash the two sides happen to share does not split a
    # rewritten phrase in two: "core, top-priority missions" against "the
    # principal tasks ..., at the same time, they" is one change.
    for n in range(1, len(ops) - 1):
        tag, i1, i2, j1, j2 = ops[n]
        if (
            tag == "equal"
            and i2 - i1 <= 2
            and ops[n - 1][0] != "equal"
            and ops[n + 1][0] != "equal"
            and all(t in SEPARATORS for t in a[i1:i2])
        ):
            ops[n] = ("replace", i1, i2, j1, j2)
    return _merge(ops)


def _merge(ops: Sequence[Opcode], keep: frozenset[int] = frozenset()) -> list[Opcode]:
    """Join runs of adjacent changes into one change each, except those at `keep` positions."""
    merged: list[list] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if (
            merged
            and tag != "equal"
            and merged[-1][0] != "equal"
            and n not in keep
            and merged[-1][5] not in keep
        ):
            last = merged[-1]
            last[2], last[4] = i2, j2
            last[0] = "replace" if last[2] > last[1] and last[4] > last[3] else last[0]
            continue
        merged.append([tag, i1, i2, j1, j2, n])
    return [tuple(op[:5]) for op in merged]  # type: ignore[misc]


def _split_case(
    ops: list[Opcode], a: Sequence[Token], b: Sequence[Token]
) -> tuple[list[Opcode], frozenset[int]]:
    """Cut equal runs where the original tokens differ (in case or spelling) into replacements.

    A run of words that differ by their accents is one replacement (a name).

    Also returns the positions of those case-only replacements in the result.
    """
    out: list[Opcode] = []
    case_only: set[int] = set()
    texts_a = [t.text for t in a]
    texts_b = [t.text for t in b]
    for tag, i1, i2, j1, j2 in ops:
        if tag != "equal" or texts_a[i1:i2] == texts_b[j1:j2]:  # most equal runs: no case change
            out.append((tag, i1, i2, j1, j2))
            continue
        start = i1
        for k in range(i2 - i1):
            if a[i1 + k].text != b[j1 + k].text:
                if i1 + k > start:
                    out.append(("equal", start, i1 + k, j1 + start - i1, j1 + k))
                elif (
                    k
                    and _accented(a[i1 + k - 1].text, b[j1 + k - 1].text)
                    and _accented(a[i1 + k].text, b[j1 + k].text)
                ):
                    # A name without its accents is one edit ("Nguyen Xuan Phuc").
                    tag0, p1, _, q1, _ = out.pop()
                    out.append((tag0, p1, i1 + k + 1, q1, j1 + k + 1))
                    start = i1 + k + 1
                    continue
                case_only.add(len(out))
                out.append(("replace", i1 + k, i1 + k + 1, j1 + k, j1 + k + 1))
                start = i1 + k + 1
        if start < i2:
            out.append(("equal", start, i2, j1 + start - i1, j2))
    return out, frozenset(case_only)


def _accented(x: str, y: str) -> bool:
    """Do the two spellings differ by their accents (one of them not plain ASCII)?"""
    return not (x.isascii() and y.isascii()) and without_accents(x) == without_accents(y)


def _span(tokens: Sequence[Token], i1: int, i2: int, fallback: int) -> tuple[int, int]:
    """Character span of tokens[i1:i2]; an empty run sits after the token before it."""
    if i2 > i1:
        return tokens[i1].start, tokens[i2 - 1].end
    if i1 > 0:
        return tokens[i1 - 1].end, tokens[i1 - 1].end
    return fallback, fallback


def pieces(
    pair: Pair, a: Document, b: Document
) -> tuple[tuple[tuple[Piece, ...], ...], tuple[tuple[Piece, ...], ...]]:
    """Each sentence of the pair cut into `Piece`s, for A then for B (one tuple a sentence).

    A piece is equal text or the part of edit N within the sentence; the
    pieces of a sentence concatenate to exactly its text. Text between two
    edits is an equal piece of its own. A sentence without a counterpart is
    one piece, ``delete`` (A) or ``insert`` (B). Worked out from the edits'
    spans when a renderer asks (a book has a million pieces, and JSON needs none).
    """
    sentences_a = [a.sentences[i] for i in pair.a]
    sentences_b = [b.sentences[j] for j in pair.b]
    if not sentences_a or not sentences_b:
        return _whole(sentences_a, Op.DELETE), _whole(sentences_b, Op.INSERT)
    spans_a = [(e.a_start, e.a_end, n, e.op) for n, e in enumerate(pair.edits)]
    spans_b = [(e.b_start, e.b_end, n, e.op) for n, e in enumerate(pair.edits)]
    return _cut(sentences_a, spans_a), _cut(sentences_b, spans_b)


def _cut(
    sentences: Sequence[Sentence], spans: Sequence[tuple[int, int, int, Op]]
) -> tuple[tuple[Piece, ...], ...]:
    """Cut each sentence at the edit spans, which are in text order.

    An empty span (text only the other side has) becomes an empty piece at
    its place, so that a renderer can mark the gap.
    """
    out = []
    k = 0
    for sentence in sentences:
        text, base, stop = sentence.text, sentence.start, sentence.end
        cut: list[Piece] = []
        pos = base
        while k < len(spans):
            start, end, edit, op = spans[k]
            if end > start:
                if start >= stop:
                    break
                if end <= base:  # before this sentence (not expected)
                    k += 1
                    continue
                start, end = max(start, base), min(end, stop)
            elif start > stop:
                break
            elif start < base:
                k += 1
                continue
            if start > pos:
                cut.append(Piece(pos, start, text[pos - base : start - base], Op.EQUAL, None))
            cut.append(Piece(start, end, text[start - base : end - base], op, edit))
            pos = end
            if spans[k][1] > stop:
                break  # the edit goes on into the next sentence
            k += 1
        if pos < stop or not cut:
            cut.append(Piece(pos, stop, text[pos - base :], Op.EQUAL, None))
        out.append(tuple(cut))
    return tuple(out)


def _whole(sentences: Sequence[Sentence], op: Op) -> tuple[tuple[Piece, ...], ...]:
    return tuple((Piece(s.start, s.end, s.text, op, None),) for s in sentences)


def _split_punctuation(
    ops: Sequence[Opcode], a: Sequence[Token], b: Sequence[Token]
) -> list[Opcode]:
    """Cut a replacement of words by punctuation alone (or the reverse) in two.

    "identified" against ",": the words are left out and a mark is put in; a
    deletion and an insertion say that, where one replacement reads as a
    rewording. The first covers A's tokens, the second B's, in text order.
    Likewise a comma, semicolon or colon that ends one side only of a
    replacement of words is an edit of its own (`_trailing_marks`).
    """
    out: list[Opcode] = []
    for op in ops:
        tag, i1, i2, j1, j2 = op
        if tag == "replace":
            punct_a = all(t.kind == "punct" for t in a[i1:i2])
            punct_b = all(t.kind == "punct" for t in b[j1:j2])
            if punct_a != punct_b:
                out.append(("delete", i1, i2, j1, j1))
                out.append(("insert", i2, i2, j1, j2))
                continue
            ka, kb = _trailing_marks(a, i1, i2), _trailing_marks(b, j1, j2)
            if ka and not kb and i2 - ka > i1:
                out.append(("replace", i1, i2 - ka, j1, j2))
                out.append(("delete", i2 - ka, i2, j2, j2))
                continue
            if kb and not ka and j2 - kb > j1:
                out.append(("replace", i1, i2, j1, j2 - kb))
                out.append(("insert", i2, i2, j2 - kb, j2))
                continue
        out.append(op)
    return out


#: Marks that end a word edit on one side only are cut off it as punctuation.
_TRAILING_MARKS = frozenset(",;:")


def _trailing_marks(tokens: Sequence[Token], i1: int, i2: int) -> int:
    """How many of the tokens ending ``tokens[i1:i2]`` are commas, semicolons or colons.

    "civilization" / "civilisation," is a respelling and a serial comma, two
    edits a reader lists apart (issue 12), not one spelling edit.
    """
    k = 0
    while i2 - k > i1 and tokens[i2 - k - 1].text in _TRAILING_MARKS:
        k += 1
    return k


#: Words coordinated in a swap ("strong and prosperous" / "prosperous and strong").
_COORDINATORS = frozenset({"and", "or", "&"})
#: A swap stands at like places of its pair: relative positions at most this far apart.
SWAP_DRIFT = 0.3
#: The opcode tag of a swap while the inner alignment runs (it leaves it whole).
_SWAP = "swap"


def _swaps(words_a: list[str], words_b: list[str]) -> list[tuple[int, int, int]]:
    """Two content words the sides write in opposite orders, side by side or coordinated.

    "secretary general" / "General Secretary", "strong and prosperous" /
    "prosperous and strong": a reader lists the swap as one ``order`` row, where
    the common subsequence keeps one word and calls the other left out here
    and put in there. Returns ``(i, j, n)``: A's ``n`` words from ``i`` are
    B's from ``j`` in the other order. B's keys there are set to A's, so
    that the common subsequence keeps the swap in step with its neighbours
    (`_join_swaps` then makes it one edit). Only where neither side also
    writes the other's order, and at like places of the pair (`SWAP_DRIFT`).
    """
    na, nb = len(words_a), len(words_b)
    if na < 2 or nb < 2:
        return []
    # Most pairs have no word pair in both orders: two set intersections say so.
    if set(zip(words_a[1:], words_a)).isdisjoint(zip(words_b, words_b[1:])) and set(
        zip(words_a[2:], words_a[1:], words_a)
    ).isdisjoint(zip(words_b, words_b[1:], words_b[2:])):
        return []
    content = [_diff_content(w) for w in words_b]
    index: dict[tuple[str, ...], list[int]] = {}
    for j in range(nb - 1):
        if not content[j]:
            continue
        if content[j + 1]:
            index.setdefault((words_b[j], words_b[j + 1]), []).append(j)
        if j + 2 < nb and words_b[j + 1] in _COORDINATORS and content[j + 2]:
            index.setdefault((words_b[j], words_b[j + 1], words_b[j + 2]), []).append(j)
    found: list[tuple[int, int, int]] = []
    taken_a = taken_b = -1
    for i in range(na - 1):
        if i <= taken_a or not _diff_content(words_a[i]):
            continue
        for n in (2, 3):
            if i + n > na:
                break
            x, y = words_a[i], words_a[i + n - 1]
            middle = words_a[i + 1 : i + n - 1]
            if x == y or not _diff_content(y) or (middle and middle[0] not in _COORDINATORS):
                continue
            if (x, *middle, y) in index:
                break  # B writes A's order too: no swap
            for j in index.get((y, *middle, x), ()):
                if j > taken_b and abs(i / na - j / nb) <= SWAP_DRIFT:
                    if not _writes(words_a, (y, *middle, x)):
                        found.append((i, j, n))
                        words_b[j], words_b[j + n - 1] = x, y
                        taken_a, taken_b = i + n - 1, j + n - 1
                    break
            if taken_a >= i:
                break
    return found


def _writes(words: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(words[k : k + n]) == phrase for k in range(len(words) - n + 1))


@scoped_cache(maxsize=1 << 17)
def _diff_content(key: str) -> bool:
    """Is the token (its `_diff_key`) a content word, not a mark or a common word?"""
    return key[:1].isalpha() and key not in _PLAIN_WORDS


def _join_swaps(ops: list[Opcode], swaps: list[tuple[int, int, int]]) -> list[Opcode]:
    """The opcodes with each swap, where they tile it exactly, one edit (tag `_SWAP`)."""
    out: list[Opcode] = []
    pending = {(i, j): n for i, j, n in swaps}
    k = 0
    while k < len(ops):
        tag, i1, i2, j1, j2 = ops[k]
        n = pending.get((i1, j1))
        if n is not None and tag != "equal":
            end = k
            while end < len(ops) and ops[end][2] < i1 + n:
                end += 1
            if end < len(ops) and ops[end][2] == i1 + n and ops[end][4] == j1 + n:
                out.append((_SWAP, i1, i1 + n, j1, j1 + n))
                k = end + 1
                continue
        out.append(ops[k])
        k += 1
    return out


def _anchor_content(
    ops: list[Opcode], a: Sequence[Token], b: Sequence[Token], keys_a: list[str], keys_b: list[str]
) -> list[Opcode]:
    """Keep a content word in step rather than the common word beside it.

    "independence, and self-reliance is" / "independence, self-reliance and
    self-strengthening is": the common subsequence may keep "and" (one
    token either way) and call "self-reliance" put in here and replaced by
    "self-strengthening" there. Kept on "self-reliance" instead, the edits
    are "and" left out and "and self-strengthening" put in, as a reader
    sees the list. The pattern: a one-sided edit of one content word, at
    most `MAX_ACROSS` equal common words or marks, then a replacement whose
    other side opens with the same word, written alike.
    """
    if len(ops) < 3:
        return ops
    out: list[Opcode] = []
    k = 0
    while k < len(ops):
        if k + 2 < len(ops):
            first, middle, last = ops[k], ops[k + 1], ops[k + 2]
            moved = _reanchored(first, middle, last, a, b, keys_a, keys_b)
            if moved is not None:
                out += moved
                k += 3
                continue
        out.append(ops[k])
        k += 1
    return out


def _reanchored(
    first: Opcode,
    middle: Opcode,
    last: Opcode,
    a: Sequence[Token],
    b: Sequence[Token],
    keys_a: list[str],
    keys_b: list[str],
) -> list[Opcode] | None:
    """`_anchor_content`'s re-cut of one triple of opcodes, or None where it does not apply."""
    if middle[0] != "equal" or last[0] != "replace" or first[0] not in ("insert", "delete"):
        return None
    _, mi1, mi2, mj1, mj2 = middle
    if mi2 - mi1 > MAX_ACROSS or any(_diff_content(w) for w in keys_a[mi1:mi2]):
        return None
    _, li1, li2, lj1, lj2 = last
    if first[0] == "insert":
        _, fi1, _, fj1, fj2 = first
        if fj2 - fj1 != 1 or not _diff_content(keys_b[fj1]) or keys_a[li1] != keys_b[fj1]:
            return None
        if a[li1].text != b[fj1].text:
            return None
        rest = _change(li1 + 1, li2, mj1, lj2)
        return [("delete", mi1, mi2, fj1, fj1), ("equal", li1, li1 + 1, fj1, fj2), *rest]
    _, fi1, fi2, fj1, _ = first
    if fi2 - fi1 != 1 or not _diff_content(keys_a[fi1]) or keys_b[lj1] != keys_a[fi1]:
        return None
    if b[lj1].text != a[fi1].text:
        return None
    rest = _change(mi1, li2, lj1 + 1, lj2)
    return [("insert", fi1, fi1, mj1, mj2), ("equal", fi1, fi2, lj1, lj1 + 1), *rest]


def _change(i1: int, i2: int, j1: int, j2: int) -> list[Opcode]:
    """The opcode for ``a[i1:i2]`` against ``b[j1:j2]`` (none when both are empty)."""
    if i2 > i1 and j2 > j1:
        return [("replace", i1, i2, j1, j2)]
    if i2 > i1:
        return [("delete", i1, i2, j1, j1)]
    if j2 > j1:
        return [("insert", i1, i1, j1, j2)]
    return []


def _inner(ops: Sequence[Opcode], a: Sequence[Token], b: Sequence[Token]) -> list[Opcode]:
    """Each replacement aligned again inside, words moved between edits cut out (`inner`)."""
    out: list[Opcode] = []
    for op in ops:
        if op[0] == "replace":
            out += split_replacement(a, b, *op[1:])
        else:
            out.append(op)
    return pair_across(cut_moved(out, a, b), a, b)


def _set_frame_aside(ops: Sequence[Opcode], side: int, framed: frozenset[int]) -> list[Opcode]:
    """Cut a frame's tokens (`attribution`) out of the changes holding them, as edits of their own.

    The frame is on side 0 (A) or 1 (B); what else a change holds keeps the other side's text.
    """
    out: list[Opcode] = []
    for op in ops:
        tag, i1, i2, j1, j2 = op
        lo, hi = (i1, i2) if side == 0 else (j1, j2)
        if tag == "equal" or not any(k in framed for k in range(lo, hi)):
            out.append(op)
            continue
        runs: list[tuple[bool, int, int]] = []
        for k in range(lo, hi):
            inside = k in framed
            if runs and runs[-1][0] == inside:
                runs[-1] = (inside, runs[-1][1], k + 1)
            else:
                runs.append((inside, k, k + 1))
        other = (j1, j2) if side == 0 else (i1, i2)
        placed = False
        for inside, x1, x2 in runs:
            if inside:
                y = other[1] if placed else other[0]
                out.append(("delete", x1, x2, y, y) if side == 0 else ("insert", y, y, x1, x2))
                continue
            y1, y2 = (other[1], other[1]) if placed else other
            tag = "replace" if y2 > y1 else ("delete" if side == 0 else "insert")
            out.append((tag, x1, x2, y1, y2) if side == 0 else (tag, y1, y2, x1, x2))
            placed = True
        if not placed and other[1] > other[0]:
            at = (i2, i2, j1, j2) if side == 0 else (i1, i2, j2, j2)
            out.append(("insert" if side == 0 else "delete", *at))
    return out


@scoped_cache(maxsize=1 << 17)
def _diff_key(text: str) -> str:
    """What the common subsequence compares of a token: its spelling key, case folded.

    "defense" and "defence", "Nguyễn" and "Nguyen" are equal there, so that a
    respelling never unsettles the subsequence ("defense defence" against
    "defence defense" is two spellings, not a word moved); `_split_case` then
    cuts them out of the equal text as edits of their own, which naming calls
    ``spelling``.
    """
    return spelling_key(text) if text[:1].isalpha() else text.casefold()


def diff_pair(pair: Pair, a: Document, b: Document) -> Pair:
    """Fill a pair's edits. Sentences without a counterpart get no edits."""
    sa = [a.sentences[i] for i in pair.a]
    sb = [b.sentences[j] for j in pair.b]
    if not sa or not sb:
        return pair
    ta = [t for s in sa for t in s.tokens]
    tb = [t for s in sb for t in s.tokens]
    side, framed = frame(ta, tb)
    words_a = [_diff_key(t.text) for t in ta]
    words_b = [_diff_key(t.text) for t in tb]
    if framed:  # words no token of the other side can equal
        words = words_a if side == 0 else words_b
        for k in framed:
            words[k] = f"\0{k}"
    swaps = _swaps(words_a, words_b)
    ops = _merge(*_split_case(opcodes(words_a, words_b), ta, tb))
    if swaps:
        ops = _join_swaps(ops, swaps)
    ops = _anchor_content(ops, ta, tb, words_a, words_b)
    if framed:
        ops = _set_frame_aside(ops, side, framed)
    edits: list[Edit] = []
    for tag, i1, i2, j1, j2 in _split_punctuation(_inner(ops, ta, tb), ta, tb):
        tag = "replace" if tag == _SWAP else tag
        if tag != "equal":
            a0, a1 = _span(ta, i1, i2, sa[0].start)
            b0, b1 = _span(tb, j1, j2, sb[0].start)
            edits.append(Edit(Op(tag), a0, a1, b0, b1, a.text[a0:a1], b.text[b0:b1]))
    return replace(pair, edits=tuple(edits))
