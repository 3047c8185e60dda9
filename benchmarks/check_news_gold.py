"""Validate the hand-made gold of the real news pairs (``benchmarks/data/news``).

For every ``NAME/gold.json`` under the folder: the spans of each side are in
order, do not overlap, lie inside the decoded file and slice to text that is
not blank; link indices are in range; no link is listed twice; ``units`` is
``sentences``. Prints per pair the unit counts, links, beads (connected groups
of linked units: 1-1 or n-m) and unlinked units, and exits 1 if anything fails.

Usage: ``python -m benchmarks.check_news_gold [FOLDER]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent / "data" / "news"


def read_text(path: Path) -> str:
    """A file's text as the aligner decodes it (UTF-8, BOM dropped, newlines kept)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        return f.read()


def check_spans(spans: list, text: str, side: str) -> list[str]:
    """Problems with one side's spans (empty list when they are sound)."""
    errors = []
    prev_end = 0
    for k, span in enumerate(spans):
        if not (
            isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span)
        ):
            errors.append(f"{side} span {k} is not [start, end]: {span!r}")
            continue
        start, end = span
        if not 0 <= start < end <= len(text):
            errors.append(f"{side} span {k} {span} outside the file or empty (length {len(text)})")
        elif start < prev_end:
            errors.append(
                f"{side} span {k} {span} starts before the previous one ends ({prev_end})"
            )
        elif not text[start:end].strip():
            errors.append(f"{side} span {k} {span} is blank")
        prev_end = max(prev_end, end)
    return errors


def beads(links: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Connected groups of the link graph, as (units of A, units of B) sizes."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in links:
        parent[find(("a", i))] = find(("b", j))
    groups: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for node in list(parent):
        groups.setdefault(find(node), []).append(node)
    return [
        (sum(1 for s, _ in g if s == "a"), sum(1 for s, _ in g if s == "b"))
        for g in groups.values()
    ]


def check_pair(gold_path: Path) -> tuple[list[str], dict[str, int]]:
    """Validate one gold file; return its problems and its counts."""
    data = json.loads(gold_path.read_text(encoding="utf-8"))
    errors: list[str] = []
    if data.get("units") != "sentences":
        errors.append(f"units is {data.get('units')!r}, expected 'sentences'")
    texts = {}
    for side in ("a", "b"):
        path = gold_path.parent / data[side]
        if not path.is_file():
            errors.append(f"{side}: no file {path}")
            return errors, {}
        texts[side] = read_text(path)
        errors += check_spans(data[f"{side}_spans"], texts[side], side)
    n_a, n_b = len(data["a_spans"]), len(data["b_spans"])
    raw = [tuple(x) for x in data["links"]]
    links = set(raw)
    if len(links) != len(raw):
        errors.append(f"{len(raw) - len(links)} duplicate link(s)")
    for i, j in links:
        if not (isinstance(i, int) and isinstance(j, int) and 0 <= i < n_a and 0 <= j < n_b):
            errors.append(f"link {[i, j]} out of range ({n_a} x {n_b})")
    sizes = beads(links)
    linked_a = {i for i, _ in links}
    linked_b = {j for _, j in links}
    counts = {
        "units_a": n_a,
        "units_b": n_b,
        "links": len(links),
        "beads_1_1": sum(1 for s in sizes if s == (1, 1)),
        "beads_n_m": sum(1 for s in sizes if s != (1, 1)),
        "unlinked_a": n_a - len(linked_a),
        "unlinked_b": n_b - len(linked_b),
    }
    return errors, counts


def main(argv: Sequence[str] | None = None) -> int:
    """Check every pair and print a table; 0 if all gold files are sound."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    args = ap.parse_args(argv)
    golds = sorted(args.folder.glob("*/gold.json"))
    if not golds:
        print(f"no */gold.json under {args.folder}", file=sys.stderr)
        return 1
    cols = ["units_a", "units_b", "links", "beads_1_1", "beads_n_m", "unlinked_a", "unlinked_b"]
    width = max(44, *(len(g.parent.name) for g in golds))
    print(f"{'pair':{width}s} " + " ".join(f"{c:>10s}" for c in cols) + "  status")
    failed = 0
    for gold in golds:
        errors, counts = check_pair(gold)
        row = " ".join(f"{counts.get(c, 0):>10d}" for c in cols)
        print(f"{gold.parent.name:{width}s} {row}  {'ok' if not errors else 'FAIL'}")
        for e in errors:
            print(f"    {e}")
        failed += bool(errors)
    print(f"{len(golds)} pairs, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
