"""Word-level differences within an aligned pair.

The tokens of each side (its sentences joined) are compared case-insensitively
with difflib-compatible opcodes of the longest common subsequence (the Indel
distance of rapidfuzz, the engine under python-Levenshtein): Levenshtein
distance prefers substitutions, which pair unrelated words and swallow shared
ones ("The 14th National Party" / "Under the guiding light of the 14th"),
while the common subsequence keeps every shared word in place, as difflib and
git do. Adjacent changes are merged into one readable edit ("diplomacy" ->
"foreign affairs" is one replacement, not a replacement and an insertion), and
tokens that match only when case is ignored become edits of their own, never
merged with their neighbours, so that "Key" against "key" is seen as a case
change and never hides or breaks the alignment of the words around it.

Each edit carries its character spans in both texts. For renderers,
`pieces` cuts each sentence of a pair into `Piece`s (equal text, or part of
edit N) that concatenate to exactly the sentence's text.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import Indel

from align.model import Document, Edit, Pair, Piece, Sentence, Token

Opcode = tuple[str, int, int, int, int]

#: Punctuation that may not split a rewritten phrase; quotation marks and
#: brackets may: they mark where quoted speech starts and ends.
SEPARATORS = frozenset(",;:–—-")

#: Characters after which a word follows with no space.
OPENERS = "“‘\"'([{«"


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
    """Cut equal runs where the original tokens differ (in case only) into replacements.

    Also returns the positions of those case-only replacements in the result.
    """
    out: list[Opcode] = []
    case_only: set[int] = set()
    for tag, i1, i2, j1, j2 in ops:
        if tag != "equal":
            out.append((tag, i1, i2, j1, j2))
            continue
        start = i1
        for k in range(i2 - i1):
            if a[i1 + k].text != b[j1 + k].text:
                if i1 + k > start:
                    out.append(("equal", start, i1 + k, j1 + start - i1, j1 + k))
                case_only.add(len(out))
                out.append(("replace", i1 + k, i1 + k + 1, j1 + k, j1 + k + 1))
                start = i1 + k + 1
        if start < i2:
            out.append(("equal", start, i2, j1 + start - i1, j2))
    return out, frozenset(case_only)


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
        return _whole(sentences_a, "delete"), _whole(sentences_b, "insert")
    spans_a = [(e.a_start, e.a_end, n, e.op) for n, e in enumerate(pair.edits)]
    spans_b = [(e.b_start, e.b_end, n, e.op) for n, e in enumerate(pair.edits)]
    return _cut(sentences_a, spans_a), _cut(sentences_b, spans_b)


def _cut(
    sentences: Sequence[Sentence], spans: Sequence[tuple[int, int, int, str]]
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
                cut.append(Piece(pos, start, text[pos - base : start - base], "equal", None))
            cut.append(Piece(start, end, text[start - base : end - base], op, edit))
            pos = end
            if spans[k][1] > stop:
                break  # the edit goes on into the next sentence
            k += 1
        if pos < stop or not cut:
            cut.append(Piece(pos, stop, text[pos - base :], "equal", None))
        out.append(tuple(cut))
    return tuple(out)


def _whole(sentences: Sequence[Sentence], op: str) -> tuple[tuple[Piece, ...], ...]:
    return tuple((Piece(s.start, s.end, s.text, op, None),) for s in sentences)


def diff_pair(pair: Pair, a: Document, b: Document) -> Pair:
    """Fill a pair's edits. Sentences without a counterpart get no edits."""
    sa = [a.sentences[i] for i in pair.a]
    sb = [b.sentences[j] for j in pair.b]
    if not sa or not sb:
        return pair
    ta = [t for s in sa for t in s.tokens]
    tb = [t for s in sb for t in s.tokens]
    ops = _merge(
        *_split_case(
            opcodes([t.text.casefold() for t in ta], [t.text.casefold() for t in tb]), ta, tb
        )
    )
    edits: list[Edit] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag != "equal":
            a0, a1 = _span(ta, i1, i2, sa[0].start)
            b0, b1 = _span(tb, j1, j2, sb[0].start)
            edits.append(Edit(tag, a0, a1, b0, b1, a.text[a0:a1], b.text[b0:b1]))
    return Pair(
        pair.id, pair.a, pair.b, pair.relation, pair.score, tuple(edits), related=pair.related
    )


def shown_edits(pair: Pair, ignore: frozenset[str] = frozenset()) -> list[Edit]:
    """The pair's edits, less those whose kind is ignored."""
    return [e for e in pair.edits if e.kind not in ignore]


def word_diff_runs(
    pair: Pair, a: Document, b: Document, ignore: frozenset[str] = frozenset()
) -> list[tuple[str, str]]:
    """One stream of (op, text) runs reading A with B's changes in place.

    ``op`` is ``equal``, ``delete`` (A's text) or ``insert`` (B's text), in the
    manner of ``git diff --word-diff``; the sentences of a side are joined by
    a space. Edits of an ignored kind read as A's text.
    """
    pieces_a, pieces_b = pieces(pair, a, b)
    if not pair.b:
        return [("delete", " ".join(p.text for s in pieces_a for p in s))]
    if not pair.a:
        return [("insert", " ".join(p.text for s in pieces_b for p in s))]
    # Insertions have an empty span in A: the position after the token before.
    pending: dict[int, list[str]] = {}
    for edit in pair.edits:
        if edit.op == "insert" and edit.kind not in ignore:
            pending.setdefault(edit.a_start, []).append(edit.b_text)
    runs: list[tuple[str, str]] = []

    def emit(op: str, text: str) -> None:
        if text:
            runs.append((op, text))

    def insert_at(position: int, follows: str) -> None:
        # Inserted words stand apart from their neighbours, as git shows them.
        for text in pending.pop(position):
            before = runs[-1][1][-1:] if runs else " "
            if not before.isspace() and before not in OPENERS and text[:1].isalnum():
                emit("equal", " ")
            emit("insert", text)
            if follows[:1].isalnum() or (follows[:1] in OPENERS and follows):
                emit("equal", " ")

    for n, sentence_pieces in enumerate(pieces_a):
        if n:
            emit("equal", " ")
        for piece in sentence_pieces:
            if piece.start == piece.end and piece.edit is not None:
                continue  # the place of text only B has: `pending` puts it in
            for cut in sorted(p for p in pending if p <= piece.start):
                insert_at(cut, piece.text)
            if piece.edit is not None and pair.edits[piece.edit].kind not in ignore:
                emit("delete", piece.text)
                edit = pair.edits[piece.edit]
                if edit.op == "replace" and piece.end == edit.a_end:
                    emit("insert", edit.b_text)
                continue
            pos = piece.start
            for cut in sorted(p for p in pending if piece.start < p <= piece.end):
                emit("equal", piece.text[pos - piece.start : cut - piece.start])
                pos = cut
                insert_at(cut, piece.text[pos - piece.start :])
            emit("equal", piece.text[pos - piece.start :])
    for cut in sorted(pending):  # never expected: every insertion has a place
        for text in pending[cut]:
            emit("insert", text)
    return runs
