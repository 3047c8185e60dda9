"""The variant table (and the inconsistencies) as text, CSV, JSON or Markdown.

Renderers only render: every kind, flag, count and pair id comes from the
`Comparison`. ``kinds`` keeps the variants of those kinds only; the
inconsistencies (which have no kind) are shown when no kind is chosen.

CSV is one table (the variants), written with the csv module: a header row,
CRLF line ends (RFC 4180), flags and pair ids space-separated within their
cell, and a cell that a spreadsheet would take for a formula (starting with
``=``, ``+``, ``@``, or ``-`` and more) prefixed with ``'``.

Text and Markdown, which people read, show each invisible or reordering
character by its code (``<U+202E>``), as the terminal diff does: written raw,
a U+202E would reverse the rest of the line. CSV and JSON keep the text as it is.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from align.model import (
    MAX_LISTED,
    Comparison,
    Document,
    Form,
    Inconsistency,
    Signature,
    Variant,
    visible,
)

FORMATS = ("text", "csv", "json", "markdown")

#: Widest A or B cell in the terminal table; longer forms are cut with "…".
TEXT_WIDTH = 40
#: Most pair ids listed in a terminal or Markdown cell.
MAX_PAIRS_SHOWN = 8

#: Shown for an empty side (an insertion or omission); a dash would read as punctuation.
_NOTHING = "(none)"


def render_variants(comparison: Comparison, fmt: str, kinds: tuple[str, ...] = ()) -> str:
    """The variants of `comparison` (of `kinds` only, if given) in format `fmt`."""
    variants = [v for v in comparison.variants if not kinds or v.kind in kinds]
    inconsistencies = () if kinds else comparison.inconsistencies
    if fmt == "text":
        return _text(comparison, variants, inconsistencies, kinds)
    if fmt == "csv":
        return _csv(variants)
    if fmt == "json":
        return _json(comparison, variants, inconsistencies, kinds)
    if fmt == "markdown":
        return _markdown(comparison, variants, inconsistencies, kinds)
    raise ValueError(f"unknown format {fmt!r} (formats: {', '.join(FORMATS)})")


# --- Shared -----------------------------------------------------------------


def variant_dict(v: Variant, places: bool = True) -> dict[str, Any]:
    """A variant as JSON-ready data; ``places``, ``[[pair, edit], ...]``, only with `places`."""
    out = {
        "a": v.a,
        "b": v.b,
        "kind": v.kind,
        "flags": list(v.flags),
        "count": v.count,
        "pairs": list(v.pairs[:MAX_LISTED]),
    }
    if len(v.pairs) > MAX_LISTED:
        out["pairs_total"] = len(v.pairs)
    if places:
        out["places"] = [[p.pair, p.edit] for p in v.places]
    return out


def form_text(f: Form) -> str:
    """A form's text as people read it: an empty one (words left out) as "(nothing)"."""
    return f.text or "(nothing)"


def form_dict(f: Form) -> dict[str, Any]:
    """A form of an inconsistency as JSON-ready data: `pairs` lists the first, `count` all."""
    return {"text": f.text, "pairs": list(f.pairs), "count": f.count}


def inconsistency_dict(i: Inconsistency) -> dict[str, Any]:
    """An inconsistency as JSON-ready data."""
    return {
        "document": i.document,
        "reason": i.reason,
        "counterpart": i.counterpart,
        "forms": [form_dict(f) for f in i.forms],
    }


def _shown(text: str) -> str:
    """Text as people read it: each invisible or reordering character as its code."""
    return visible(text, "<{}>")


def _label(comparison: Comparison, side: str) -> str:
    """A side's label for the text and Markdown tables, invisible characters shown."""
    doc = comparison.a if side == "a" else comparison.b
    return _shown(doc.label) or side.upper()


def _pairs_cell(pairs: Sequence[int], total: int = 0) -> str:
    """The first pair ids, and how many more of `total` (at least ``len(pairs)``) there are."""
    shown = " ".join(str(p) for p in pairs[:MAX_PAIRS_SHOWN])
    more = max(total, len(pairs)) - MAX_PAIRS_SHOWN
    return f"{shown} …(+{more})" if more > 0 else shown


def _summary(variants: Sequence[Variant]) -> str:
    """Places per kind, most first: the "how often" at a glance."""
    per_kind: Counter[str] = Counter()
    for v in variants:
        per_kind[v.kind] += v.count
    ranked = sorted(per_kind.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{k} {n}" for k, n in ranked)


def _direction(comparison: Comparison, variants: Sequence[Variant]) -> str:
    """Which way insertion and omission point, when the table has either: "" otherwise."""
    if not any(v.kind in ("insertion", "omission") for v in variants):
        return ""
    la, lb = _label(comparison, "a"), _label(comparison, "b")
    return f"omission: words only {la} has ({lb} leaves them out); insertion: words only {lb} has"


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- Text -------------------------------------------------------------------


def _cut(text: str, width: int) -> str:
    text = _one_line(_shown(text)) or _NOTHING
    return text if len(text) <= width else text[: width - 1] + "…"


def _text(
    comparison: Comparison,
    variants: Sequence[Variant],
    inconsistencies: Sequence[Inconsistency],
    kinds: tuple[str, ...],
) -> str:
    la, lb = _label(comparison, "a"), _label(comparison, "b")
    places = sum(v.count for v in variants)
    chosen = f" of kind {', '.join(kinds)}" if kinds else ""
    lines = [
        f"Variants{chosen}: {la} (A) against {lb} (B): {len(variants)} variants, {places} places"
    ]
    if variants:
        lines.append(f"  {_summary(variants)}")
    if _direction(comparison, variants):
        lines.append(f"  {_direction(comparison, variants)}")
    lines.append("")
    header = ("kind", "flags", "count", la, lb, "pairs")
    rows = [
        (
            v.kind,
            " ".join(v.flags),
            str(v.count),
            _cut(v.a, TEXT_WIDTH),
            _cut(v.b, TEXT_WIDTH),
            _pairs_cell(v.pairs),
        )
        for v in variants
    ]
    if rows:
        widths = [max(len(r[c]) for r in [header, *rows]) for c in range(len(header))]
        for row in [header, *rows]:
            cells = [
                cell.rjust(widths[c]) if c == 2 else cell.ljust(widths[c])
                for c, cell in enumerate(row)
            ]
            lines.append("  ".join(cells).rstrip())
    if inconsistencies:
        lines += ["", f"Inconsistencies within one text: {len(inconsistencies)}"]
        for i in inconsistencies:
            lines.append("")
            lines.append(_inconsistency_title(comparison, i))
            width = max(len(_cut(form_text(f), 60)) for f in i.forms)
            for f in i.forms:
                cell = _pairs_cell(f.pairs, f.count)
                lines.append(f"    {_cut(form_text(f), 60).ljust(width)}  pairs {cell}")
    lines += ["", _shown(Signature.of(comparison).short())]
    return "\n".join(lines) + "\n"


def _inconsistency_title(comparison: Comparison, i: Inconsistency) -> str:
    mine = _label(comparison, i.document)
    theirs = _label(comparison, "b" if i.document == "a" else "a")
    cp = _cut(i.counterpart, 80)
    if i.reason == "counterpart":
        return f'{mine} renders {theirs}\'s "{cp}" in {len(i.forms)} ways:'
    if i.reason == "repeat":
        there = f'has "{cp}"' if i.counterpart else "has nothing there"
        times = sum(f.count for f in i.forms)
        how = "twice" if times == 2 else f"{times} times"
        return f"{mine} renders one passage {how} ({theirs} {there}):"
    if i.reason == "omitted":
        times = sum(f.count for f in i.forms)
        return f'{mine} leaves out {theirs}\'s "{cp}" wherever {theirs} has it ({times} pairs):'
    if i.reason == "list":
        return f'{mine} renders {theirs}\'s list "{cp}" with an item left out in places:'
    if i.reason == "quotation":
        return f'{mine} quotes {theirs}\'s "{cp}" as:'
    if i.reason == "spelling":
        other = f' ({theirs} has "{cp}")' if i.counterpart else ""
        return f"{mine} spells one word {len(i.forms)} ways{other}:"
    if i.reason == "convention":
        return f"{mine} mixes spelling conventions ({cp}):"
    return f"{mine}: {i.reason} ({cp}):"


# --- CSV --------------------------------------------------------------------


def _csv_cell(text: str) -> str:
    # A cell starting like a formula is run by spreadsheets (CSV injection).
    if text[:1] in ("=", "+", "@") or (text[:1] == "-" and len(text) > 1):
        return "'" + text
    return text


def _csv(variants: Sequence[Variant]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["kind", "flags", "count", "a", "b", "pairs"])
    for v in variants:
        writer.writerow(
            [
                v.kind,
                " ".join(v.flags),
                v.count,
                _csv_cell(_one_line(v.a)),
                _csv_cell(_one_line(v.b)),
                " ".join(str(p) for p in v.pairs),
            ]
        )
    return out.getvalue()


# --- JSON -------------------------------------------------------------------


def _json(
    comparison: Comparison,
    variants: Sequence[Variant],
    inconsistencies: Sequence[Inconsistency],
    kinds: tuple[str, ...],
) -> str:
    signature = Signature.of(comparison)

    def doc(d: Document) -> dict[str, str]:
        return {"label": d.label, "path": d.path, "sha256": d.sha256}

    data = {
        "schema": signature.schema,
        "version": signature.version,
        "options": signature.options.to_dict(),
        "documents": {"a": doc(comparison.a), "b": doc(comparison.b)},
        "kinds": list(kinds),
        "variants": [variant_dict(v) for v in variants],
        "inconsistencies": [inconsistency_dict(i) for i in inconsistencies],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


# --- Markdown -----------------------------------------------------------------


def _md(text: str) -> str:
    text = _one_line(_shown(text))
    if not text:
        return _NOTHING
    for ch in "\\`*_[]<>|":
        text = text.replace(ch, "\\" + ch)
    return text


def _markdown(
    comparison: Comparison,
    variants: Sequence[Variant],
    inconsistencies: Sequence[Inconsistency],
    kinds: tuple[str, ...],
) -> str:
    la, lb = _label(comparison, "a"), _label(comparison, "b")
    chosen = f" of kind {', '.join(kinds)}" if kinds else ""
    places = sum(v.count for v in variants)
    direction = _direction(comparison, variants)
    lines = [
        f"# Variants{chosen}: {_md(la)} (A) against {_md(lb)} (B)",
        "",
        f"{len(variants)} variants, {places} places"
        + (f": {_summary(variants)}." if variants else ".")
        + (f" {_md(direction)}." if direction else ""),
        "",
        f"| kind | flags | count | {_md(la)} | {_md(lb)} | pairs |",
        "|---|---|--:|---|---|---|",
    ]
    for v in variants:
        lines.append(
            f"| {v.kind} | {' '.join(v.flags)} | {v.count} | {_md(v.a)} | {_md(v.b)} "
            f"| {_pairs_cell(v.pairs)} |"
        )
    if inconsistencies:
        lines += ["", f"## Inconsistencies within one text ({len(inconsistencies)})", ""]
        for i in inconsistencies:
            lines.append(f"- {_md(_inconsistency_title(comparison, i))}")
            for f in i.forms:
                lines.append(f"  - {_md(form_text(f))} (pairs {_pairs_cell(f.pairs, f.count)})")
    lines += ["", f"<sub>{_md(Signature.of(comparison).short())}</sub>"]
    return "\n".join(lines) + "\n"
