"""Terminal output: every pair as a word diff, in the manner of ``git diff --word-diff``.

Takes a `Comparison` and its `Summary` (which pairs differ, the edits shown,
each pair's pieces); gives text, coloured with ANSI codes or marked
``[-old-]{+new+}``. Lays out only. Invisible and reordering characters are
never written raw (a U+202E would reverse the rest of the line): each shows as
its code, ``<U+202E>``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from align.model import (
    FLAGS,
    RELATIONS,
    Comparison,
    Flag,
    Op,
    Pair,
    Relation,
    Signature,
    visible,
)
from align.summary import Summary, summarise

RED, GREEN, CYAN, DIM, RESET = "\x1b[31m", "\x1b[32m", "\x1b[36m", "\x1b[2m", "\x1b[0m"

#: Characters after which a word follows with no space.
OPENERS = "“‘\"'([{«"

#: How the footer and the pair headers name each relation.
_RELATION = {
    Relation.MATCH: "match",
    Relation.ONLY_A: "only in A",
    Relation.ONLY_B: "only in B",
    Relation.REPEAT: "repeat",
    Relation.MOVE: "moved",
}


def _shown(text: str) -> str:
    """Text with each invisible or reordering character as its code: ``<U+202E>``."""
    return visible(text, "<{}>")


def _ids(ids: tuple[int, ...]) -> str:
    return ",".join(str(i) for i in ids) or "-"


def _flags(flag_lists: Iterable[tuple[Flag, ...]]) -> str:
    """`` [number, date]``: the flags the JSON and the report carry for one kind's edits."""
    flags = {flag for flags in flag_lists for flag in flags}
    return f" [{', '.join(f for f in FLAGS if f in flags)}]" if flags else ""


def render_terminal(
    comparison: Comparison,
    *,
    color: bool,
    changed_only: bool = False,
    ignore: frozenset[str] = frozenset(),
    summary: Summary | None = None,
) -> str:
    """The diff as text; with ``color`` ANSI colours, else ``[-old-]{+new+}`` markers.

    ``summary``, if given, is the comparison's with these ``ignore`` kinds.
    """
    if summary is None:
        summary = summarise(comparison, ignore=ignore)
    a_label, b_label = _shown(comparison.a.label), _shown(comparison.b.label)
    lines = [
        (f"{CYAN}--- a: {a_label}{RESET}" if color else f"--- a: {a_label}"),
        (f"{CYAN}+++ b: {b_label}{RESET}" if color else f"+++ b: {b_label}"),
    ]
    for pair in comparison.pairs:
        if changed_only and pair.id not in summary.differing:
            continue
        head = (
            f"@@ pair {pair.id} · {_RELATION[pair.relation]} · a {_ids(pair.a)} · "
            f"b {_ids(pair.b)} · score {pair.score:.2f}"
        )
        if pair.related and pair.relation in (Relation.REPEAT, Relation.MOVE):
            head += " · see pair " + ",".join(str(r) for r in pair.related)
        named = [e for e in summary.shown(pair) if e.kind]
        kinds = Counter(e.kind for e in named)
        if kinds:
            head += " · " + ", ".join(
                f"{k} {n}" + _flags(e.flags for e in named if e.kind == k)
                for k, n in sorted(kinds.items())
            )
        lines.append(f"{CYAN}{head} @@{RESET}" if color else f"{head} @@")
        out = []
        for op, raw in word_diff_runs(pair, summary):
            text = _shown(raw)
            if op == Op.EQUAL:
                out.append(text)
            elif color:
                out.append(f"{RED if op == Op.DELETE else GREEN}{text}{RESET}")
            else:
                out.append(f"[-{text}-]" if op == Op.DELETE else f"{{+{text}+}}")
        lines.append("".join(out))
    counts = summary.relations
    shown = ", ".join(f"{counts[r]} {_RELATION[r]}" for r in RELATIONS if counts[r])
    signature = _shown(Signature.of(comparison).short())
    foot = f"{summary.pairs} pairs: {shown or 'none'} · {signature}"
    lines.append(f"{DIM}{foot}{RESET}" if color else foot)
    return "\n".join(lines) + "\n"


def word_diff_runs(pair: Pair, summary: Summary) -> list[tuple[Op, str]]:
    """One stream of (op, text) runs reading A with B's changes in place.

    ``op`` is ``equal``, ``delete`` (A's text) or ``insert`` (B's text), in the
    manner of ``git diff --word-diff``; the sentences of a side are joined by
    a space. Edits of a kind the summary ignores read as A's text.
    """
    ignore = summary.ignore
    pieces_a, pieces_b = summary.pieces(pair)
    if not pair.b:
        return [(Op.DELETE, " ".join(p.text for s in pieces_a for p in s))]
    if not pair.a:
        return [(Op.INSERT, " ".join(p.text for s in pieces_b for p in s))]
    # Insertions have an empty span in A: the position after the token before.
    pending: dict[int, list[str]] = {}
    for edit in pair.edits:
        if edit.op == Op.INSERT and edit.kind not in ignore:
            pending.setdefault(edit.a_start, []).append(edit.b_text)
    runs: list[tuple[Op, str]] = []

    def emit(op: Op, text: str) -> None:
        if text:
            runs.append((op, text))

    def insert_at(position: int, follows: str) -> None:
        # Inserted words stand apart from their neighbours, as git shows them.
        for text in pending.pop(position):
            before = runs[-1][1][-1:] if runs else " "
            if not before.isspace() and before not in OPENERS and text[:1].isalnum():
                emit(Op.EQUAL, " ")
            emit(Op.INSERT, text)
            if follows[:1].isalnum() or (follows[:1] in OPENERS and follows):
                emit(Op.EQUAL, " ")

    for n, sentence_pieces in enumerate(pieces_a):
        if n:
            emit(Op.EQUAL, " ")
        for piece in sentence_pieces:
            if piece.start == piece.end and piece.edit is not None:
                continue  # the place of text only B has: `pending` puts it in
            for cut in sorted(p for p in pending if p <= piece.start):
                insert_at(cut, piece.text)
            if piece.edit is not None and pair.edits[piece.edit].kind not in ignore:
                emit(Op.DELETE, piece.text)
                edit = pair.edits[piece.edit]
                if edit.op == Op.REPLACE and piece.end == edit.a_end:
                    emit(Op.INSERT, edit.b_text)
                continue
            pos = piece.start
            for cut in sorted(p for p in pending if piece.start < p <= piece.end):
                emit(Op.EQUAL, piece.text[pos - piece.start : cut - piece.start])
                pos = cut
                insert_at(cut, piece.text[pos - piece.start :])
            emit(Op.EQUAL, piece.text[pos - piece.start :])
    for cut in sorted(pending):  # never expected: every insertion has a place
        for text in pending[cut]:
            emit(Op.INSERT, text)
    return runs
