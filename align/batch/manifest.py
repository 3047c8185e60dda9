"""A CSV or JSON-lines manifest to `Job`s with unique names."""

from __future__ import annotations

import csv
import io
import json
import os
import re

from align.batch.jobs import _NAME_MAX, _RESERVED, _UNSAFE, Job
from align.errors import AlignError
from align.reading.url import is_url

# --------------------------------------------------------------------------- manifest


def read_manifest(path: str) -> list[Job]:
    """The jobs a manifest lists. Raises `AlignError` naming the manifest (and line).

    CSV rows ``a,b[,name]``, with or without a header row naming the columns
    (``a``, ``b``, ``name``, in any order); or JSON lines
    ``{"a": ..., "b": ..., "name": ...}``. Blank lines and CSV lines starting
    with ``#`` are skipped. A missing name is made from the file names. An
    ``http(s)://`` address is kept as it is.
    """
    text = _read_text(path)
    first = next((line for line in text.splitlines() if line.strip()), "")
    is_json = first.lstrip().startswith(("{", "["))
    rows = _json_rows(path, text) if is_json else _csv_rows(path, text)
    if not rows:
        raise AlignError(f"{path}: no pairs listed")
    folder = os.path.dirname(path)
    taken: set[str] = set()
    for line, _a, _b, name in rows:
        if name is None:
            continue
        problem = _name_problem(name)
        if problem:
            raise AlignError(f"{path}:{line}: name {name!r} {problem}")
        if name.casefold() in taken:
            raise AlignError(f"{path}:{line}: name {name!r} is given twice")
        taken.add(name.casefold())
    jobs = []
    for line, a, b, name in rows:
        if name is None:
            name = _unique(_derived_name(a, b), taken)
            taken.add(name.casefold())
        paths = (p if is_url(p) else os.path.join(folder, p) for p in (a, b))
        jobs.append(Job(name, *paths, line, given=(a, b)))
    return jobs


def _read_text(path: str) -> str:
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        raise AlignError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise AlignError(f"{path}: is a directory") from None
    except OSError as e:
        raise AlignError(f"{path}: cannot read ({e.strerror})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise AlignError(f"{path}:{line}: not UTF-8 text") from None


Row = tuple[int, str, str, str | None]  # line, a, b, name


def _csv_rows(path: str, text: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    columns: dict[str, int] | None = None
    rows: list[Row] = []
    try:
        for cells in reader:
            line = reader.line_num
            cells = [c.strip() for c in cells]
            if not any(cells) or cells[0].startswith("#"):
                continue
            if columns is None and not rows and {c.lower() for c in cells} >= {"a", "b"}:
                names = [c.lower() for c in cells]
                if set(names) <= {"a", "b", "name"} and len(set(names)) == len(names):
                    columns = {c: k for k, c in enumerate(names)}
                    continue
            if columns is None:
                if len(cells) not in (2, 3):
                    raise AlignError(
                        f"{path}:{line}: expected a,b or a,b,name, found {len(cells)} fields"
                    )
                a, b, name = cells[0], cells[1], cells[2] if len(cells) == 3 else ""
            else:
                # The name is optional: a row may leave out a last "name" column.
                name_left_out = len(cells) == len(columns) - 1 == columns.get("name")
                if len(cells) != len(columns) and not name_left_out:
                    raise AlignError(
                        f"{path}:{line}: expected {len(columns)} fields as in the header, "
                        f"found {len(cells)}"
                    )
                a, b = cells[columns["a"]], cells[columns["b"]]
                name = cells[columns["name"]] if "name" in columns and not name_left_out else ""
            rows.append(_row(path, line, a, b, name or None))
    except csv.Error as e:
        raise AlignError(f"{path}:{reader.line_num}: not valid CSV ({e})") from None
    return rows


def _json_rows(path: str, text: str) -> list[Row]:
    rows: list[Row] = []
    for line, source in enumerate(text.splitlines(), 1):
        if not source.strip():
            continue
        try:
            item = json.loads(source)
        except json.JSONDecodeError as e:
            raise AlignError(f"{path}:{line}: not valid JSON ({e.msg})") from None
        if not isinstance(item, dict):
            raise AlignError(f"{path}:{line}: expected an object with keys a, b and name")
        unknown = sorted(set(item) - {"a", "b", "name"})
        if unknown:
            raise AlignError(f"{path}:{line}: unknown key {unknown[0]!r} (expected a, b, name)")
        for key in ("a", "b", "name"):
            value = item.get(key)
            if key in item and value is not None and not isinstance(value, str):
                raise AlignError(f"{path}:{line}: {key} must be a string")
        rows.append(_row(path, line, item.get("a") or "", item.get("b") or "", item.get("name")))
    return rows


def _row(path: str, line: int, a: str, b: str, name: str | None) -> Row:
    for key, value in (("a", a), ("b", b)):
        if not value.strip():
            raise AlignError(f"{path}:{line}: {key} is missing")
    return line, a, b, name


def _name_problem(name: str) -> str:
    """Why ``name`` cannot name a pair's files, or ``""``."""
    if not name or name != name.strip():
        return "is empty or starts or ends with a space"
    if _UNSAFE.search(name):
        return 'cannot be a file name (no / \\ : * ? " < > | or control characters)'
    if name.startswith(".") or name.endswith("."):
        return "cannot start or end with a dot"
    if name.casefold() in _RESERVED:
        return "is reserved"
    if len(name) > _NAME_MAX:
        return f"is longer than {_NAME_MAX} characters"
    return ""


def _derived_name(a: str, b: str) -> str:
    """``ch1`` for ``vov/ch1.txt`` and ``vna/ch1.txt``; ``vov_vs_vna`` for ``vov.txt``
    and ``vna.txt``: safe for a file name.

    >>> _derived_name("x/ch 1.txt", "y/ch 1.html"), _derived_name("vov.txt", "vna.txt")
    ('ch_1', 'vov_vs_vna')
    """

    def stem(path: str) -> str:
        base = os.path.splitext(os.path.basename(path.rstrip("/\\")))[0]
        return re.sub(r"[^\w.-]+", "_", base).strip("._-")

    stem_a, stem_b = stem(a), stem(b)
    name = stem_a if stem_a == stem_b else f"{stem_a}_vs_{stem_b}".strip("_")
    name = name[:_NAME_MAX].strip("._-") or "pair"
    return f"{name}_" if name.casefold() in _RESERVED else name


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{name}-{n}"
    return candidate
