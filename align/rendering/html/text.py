"""Text as the report shows it: invisible characters named, edit titles."""

from __future__ import annotations

import unicodedata

from align.model import SHOWN_BY_CODE, Edit, Op, char_code, visible
from align.rendering.html.data import Run

# --------------------------------------------------------------------------- text


def control_name(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE`` for an invisible character.

    >>> control_name("\\u200b")
    'U+200B ZERO WIDTH SPACE'
    """
    name = unicodedata.name(char, "") or "CONTROL"
    return f"{char_code(char)} {name}"


def runs(text: str) -> tuple[Run, ...] | None:
    """Split text into plain runs and single invisible characters (None if none).

    Bidi overrides, isolates, zero-width characters and C0/C1 controls are
    kept (the text is reproduced exactly) but marked, so the page can show
    them by name and confine their effect.

    >>> runs("plain") is None
    True
    >>> [(run.text, run.code) for run in runs("a\\u202eb")]
    [('a', ''), ('\\u202e', 'U+202E'), ('b', '')]
    """
    if not SHOWN_BY_CODE.search(text):
        return None
    out: list[Run] = []
    last = 0
    for found in SHOWN_BY_CODE.finditer(text):
        if found.start() > last:
            out.append(Run(text[last : found.start()]))
        char = found.group()
        out.append(Run(char, control_name(char), char_code(char)))
        last = found.end()
    if last < len(text):
        out.append(Run(text[last:]))
    return tuple(out)


def _quote(text: str) -> str:
    return f"“{visible(text)}”" if text else "nothing"


def edit_title(edit: Edit, number: int, labels: tuple[str, str]) -> str:
    """The tooltip of an edit: ``edit 2, lexical: “vital” → “key”``."""
    kind = edit.kind
    flags = f" [{', '.join(edit.flags)}]" if edit.flags else ""
    if edit.op == Op.DELETE:
        what = f"{_quote(edit.a_text)} only in {labels[0]}"
    elif edit.op == Op.INSERT:
        what = f"{_quote(edit.b_text)} only in {labels[1]}"
    else:
        what = f"{_quote(edit.a_text)} → {_quote(edit.b_text)}"
    return f"edit {number}, {kind}{flags}: {what}"
