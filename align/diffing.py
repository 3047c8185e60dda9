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

Each edit carries its character spans in both texts. Each sentence of the
pair is also cut into `Piece`s (equal text, or part of edit N) that
concatenate to exactly the sentence's text, for renderers.
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


def _pieces(
    sentences: Sequence[Sentence],
    tokens: Sequence[Token],
    runs: Sequence[tuple[int, int, int | None]],
    op_of: dict[int, str],
) -> tuple[tuple[Piece, ...], ...]:
    """Cut each sentence into pieces: runs of tokens that are equal or part of one edit.

    `runs` are ``(first token, end token, edit or None)`` over the side's
    tokens, in order. Text between tokens goes to the neighbouring equal
    piece (or, between two edits, to an equal piece of its own), so the
    pieces of a sentence always concatenate to its text. Work is per run, not
    per token.
    """
    result = []
    first_token = 0
    r = 0
    for sentence in sentences:
        text, base = sentence.text, sentence.start
        last_token = first_token + len(sentence.tokens)
        spans: list[list] = []  # [start, end, edit]
        while r < len(runs) and runs[r][1] <= first_token:
            r += 1
        k = r
        while k < len(runs) and runs[k][0] < last_token:
            t0, t1, edit = runs[k]
            t0, t1 = max(t0, first_token), min(t1, last_token)
            start, end = tokens[t0].start, tokens[t1 - 1].end
            if spans:
                prev = spans[-1]
                if prev[2] is None:
                    prev[1] = start
                elif edit is None:
                    start = prev[1]
                elif start > prev[1]:
                    spans.append([prev[1], start, None])
            if edit is None and spans and spans[-1][2] is None:
                spans[-1][1] = end
            else:
                spans.append([start, end, edit])
            k += 1
        if not spans:
            spans = [[base, sentence.end, None]]
        if spans[0][0] > base:
            if spans[0][2] is None:
                spans[0][0] = base
            else:
                spans.insert(0, [base, spans[0][0], None])
        if spans[-1][1] < sentence.end:
            if spans[-1][2] is None:
                spans[-1][1] = sentence.end
            else:
                spans.append([spans[-1][1], sentence.end, None])
        result.append(
            tuple(
                Piece(a, b, text[a - base : b - base], "equal" if e is None else op_of[e], e)
                for a, b, e in spans
            )
        )
        first_token = last_token
    return tuple(result)


def _whole(sentences: Sequence[Sentence], op: str) -> tuple[tuple[Piece, ...], ...]:
    return tuple((Piece(s.start, s.end, s.text, op, None),) for s in sentences)


def diff_pair(pair: Pair, a: Document, b: Document) -> Pair:
    """Fill a pair's edits and pieces. Sentences without a counterpart get no edits."""
    sa = [a.sentences[i] for i in pair.a]
    sb = [b.sentences[j] for j in pair.b]
    if not sa or not sb:
        return Pair(
            pair.id,
            pair.a,
            pair.b,
            pair.relation,
            pair.score,
            (),
            _whole(sa, "delete"),
            _whole(sb, "insert"),
            pair.related,
        )
    ta = [t for s in sa for t in s.tokens]
    tb = [t for s in sb for t in s.tokens]
    ops = _merge(
        *_split_case(
            opcodes([t.text.casefold() for t in ta], [t.text.casefold() for t in tb]), ta, tb
        )
    )
    edits: list[Edit] = []
    runs_a: list[tuple[int, int, int | None]] = []
    runs_b: list[tuple[int, int, int | None]] = []
    for tag, i1, i2, j1, j2 in ops:
        edit = None
        if tag != "equal":
            edit = len(edits)
            a0, a1 = _span(ta, i1, i2, sa[0].start)
            b0, b1 = _span(tb, j1, j2, sb[0].start)
            edits.append(Edit(tag, a0, a1, b0, b1, a.text[a0:a1], b.text[b0:b1]))
        if i2 > i1:
            runs_a.append((i1, i2, edit))
        if j2 > j1:
            runs_b.append((j1, j2, edit))
    op_of = {n: e.op for n, e in enumerate(edits)}
    return Pair(
        pair.id,
        pair.a,
        pair.b,
        pair.relation,
        pair.score,
        tuple(edits),
        _pieces(sa, ta, runs_a, op_of),
        _pieces(sb, tb, runs_b, op_of),
        pair.related,
    )


def shown_edits(pair: Pair, ignore: frozenset[str] = frozenset()) -> list[Edit]:
    """The pair's edits, less those whose kind is ignored."""
    return [e for e in pair.edits if e.kind not in ignore]


def word_diff_runs(pair: Pair, ignore: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """One stream of (op, text) runs reading A with B's changes in place.

    ``op`` is ``equal``, ``delete`` (A's text) or ``insert`` (B's text), in the
    manner of ``git diff --word-diff``; the sentences of a side are joined by
    a space. Edits of an ignored kind read as A's text.
    """
    if not pair.b:
        return [("delete", " ".join(p.text for s in pair.pieces_a for p in s))]
    if not pair.a:
        return [("insert", " ".join(p.text for s in pair.pieces_b for p in s))]
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

    for n, pieces in enumerate(pair.pieces_a):
        if n:
            emit("equal", " ")
        for piece in pieces:
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
