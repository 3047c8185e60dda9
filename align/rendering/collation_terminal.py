"""The collation in the terminal: each row's witnesses, then its apparatus.

Takes a `Collation` and its `CollationSummary`; gives text. Invisible and
reordering characters are shown by their code, never raw.
"""

from __future__ import annotations

from align.model import Collation, Entry, Presence, Row, visible
from align.summary import CollationSummary

_BOLD, _YELLOW, _DIM, _RESET = "\x1b[1m", "\x1b[33m", "\x1b[2m", "\x1b[0m"
#: How a cell that is not in order is marked before its text.
_MARKS = {Presence.MOVE: "(moved) ", Presence.REPEAT: "(repeat) "}


def _shown(text: str) -> str:
    return visible(" ".join(text.split()), "<{}>")


def apparatus_line(entry: Entry, labels: list[str]) -> str:
    """``vital] VOV, HND | key VNA (lexical)``: the lemma's reading first, "om." for nothing."""
    parts = []
    for reading in entry.readings:
        words = _shown(reading.text) or "om."
        who = ", ".join(labels[w] for w in reading.witnesses)
        what = ", ".join([*reading.kinds, *reading.flags])
        parts.append(f"{words} {who}" + (f" ({what})" if what else ""))
    return " | ".join(parts)


def _row(collation: Collation, row: Row, width: int, color: bool) -> list[str]:
    labels = [_shown(d.label) for d in collation.witnesses]
    lines = [f"{_DIM if color else ''}── row {row.id + 1} ──{_RESET if color else ''}"]
    for w, cell in enumerate(row.cells):
        doc = collation.witnesses[w]
        label = labels[w].ljust(width)
        if color and w == collation.base:
            label = f"{_BOLD}{label}{_RESET}"
        elsewhere = sorted({e.row + 1 for e in row.echoes if e.witness == w})
        named = ("row " if len(elsewhere) == 1 else "rows ") + ", ".join(map(str, elsewhere))
        if not cell.sentences:
            text = f"(rendered at {named})" if elsewhere else "om."
        else:
            text = _MARKS.get(cell.presence, "") + _shown(
                " ".join(doc.sentences[s].text for s in cell.sentences)
            )
            if elsewhere and cell.presence != Presence.REPEAT:
                text += f" (also at {named})"
        lines.append(f"{label}  {text}")
    for k, entry in enumerate(row.apparatus, 1):
        line = apparatus_line(entry, labels)
        if color:
            line = f"{_YELLOW}{line}{_RESET}"
        lines.append(f"  [{k}] {line}")
    return lines


def render_collation_terminal(
    collation: Collation, summary: CollationSummary, *, color: bool = False
) -> str:
    """The summary, every row with its apparatus, and the signature."""
    width = max(len(d.label) for d in collation.witnesses)
    out = [
        f"{len(collation.witnesses)} witnesses; base {summary.base} ({collation.base_reason})",
        f"rows {summary.rows}, every witness in {summary.full}, "
        f"with differences {summary.varied} ({summary.entries} apparatus entries)",
    ]
    for f in summary.witnesses:
        out.append(
            f"  {_shown(f.label).ljust(width)}  {f.sentences} sentences in {f.rows} rows; "
            f"absent from {f.absent}, adds {f.extra}, moved {f.moved}, repeats {f.repeated}"
        )
    for row in collation.rows:
        out.append("")
        out.extend(_row(collation, row, width, color))
    out += ["", summary.signature_short, ""]
    return "\n".join(out)
