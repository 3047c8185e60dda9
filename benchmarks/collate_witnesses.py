"""Real witnesses with a known alignment: N public-domain English Bibles, verse-keyed.

Each witness is written one verse per line (``lines``) and as running text
(``text``), as `benchmarks.bible` lays a pair out; its gold is the verse ids
(and headings) of each of its units, so the gold row of any unit is its
verses, and any two witnesses' gold links are the units sharing a verse.
Optionally one witness lacks a random quarter of its verses (``--cut``,
seeded) and one has passages moved within their chapter (``--move``).

Usage: ``python -m benchmarks.collate_witnesses OUT --versions kjv,asv,web,ylt
--books 1 [--chapters 1-3] [--verses N] [--cut web] [--move ylt] [--repeat 1]``

``--repeat K`` writes each witness K times over (a K-times longer text, for
scaling runs; verse keys get the copy number).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bible import Side, cut, lines_layout, load_version, parse_books, text_layout
from benchmarks.common import write_text

#: How many passages the ``--move`` witness moves, and how many verses each.
MOVES, MOVE_VERSES = 2, 4


def moved(ids: Sequence[int], seed: int) -> list[int]:
    """`ids` with `MOVES` passages of `MOVE_VERSES` verses each moved later in their chapter."""
    rng = random.Random(f"move-{seed}")
    order = list(ids)
    chapters = sorted({i // 1000 for i in order})
    for chapter in rng.sample(chapters, min(MOVES, len(chapters))):
        verses = [i for i in order if i // 1000 == chapter]
        if len(verses) < 3 * MOVE_VERSES:
            continue
        start = rng.randrange(0, len(verses) - 3 * MOVE_VERSES)
        block = verses[start : start + MOVE_VERSES]
        rest = [i for i in order if i not in block]
        target = rest.index(verses[start + 3 * MOVE_VERSES - 1]) + 1
        order = rest[:target] + block + rest[target:]
    return order


def _chapters(spec: str | None, ids: list[int]) -> list[int]:
    if not spec:
        return ids
    lo, _, hi = spec.partition("-")
    keep = range(int(lo), int(hi or lo) + 1)
    return [i for i in ids if (i // 1000) % 1000 in keep]


def write_witnesses(
    out: Path,
    versions: Sequence[str],
    books: Sequence[int],
    *,
    chapters: str | None = None,
    cut_version: str | None = None,
    move_version: str | None = None,
    seed: int = 1,
    repeat: int = 1,
    verses: int = 0,
) -> dict:
    """Write every witness in both layouts and ``gold.json``: per layout, per witness, its
    file, units and each unit's keys."""
    gold: dict = {
        "versions": list(versions),
        "cut": cut_version,
        "moved": move_version,
        "seed": seed,
        "layouts": {},
    }
    loaded = {v: load_version(v, books) for v in versions}
    # The first `verses` verse ids (of the first version), so every witness covers the same span.
    first_verses = set(_chapters(chapters, sorted(loaded[versions[0]].verses))[:verses])
    for mode, layout in (("lines", lines_layout), ("text", text_layout)):
        d = out / mode
        d.mkdir(parents=True, exist_ok=True)
        entries = []
        for v in versions:
            version = loaded[v]
            ids = _chapters(chapters, sorted(version.verses))
            if verses:
                ids = [i for i in ids if i in first_verses]
            if v == cut_version:
                ids = cut(ids, 0.25, seed)
            if v == move_version:
                ids = moved(ids, seed)
            text, spans, keys = "", [], []
            for copy in range(repeat):
                t, s, k = layout(Side(ids, version.verses, version.titles))
                shift = len(text)
                text += t
                spans += [(a + shift, b + shift) for a, b in s]
                keys += [[repr((copy, key)) for key in sorted(map(repr, ks))] for ks in k]
            write_text(d / f"{v}.txt", text)
            entries.append({"version": v, "file": f"{v}.txt", "spans": spans, "keys": keys})
        gold["layouts"][mode] = entries
    (out / "gold.json").write_text(json.dumps(gold, separators=(",", ":")) + "\n", encoding="utf-8")
    return gold


def gold_links(
    keys_a: Sequence[Sequence[str]], keys_b: Sequence[Sequence[str]]
) -> set[tuple[int, int]]:
    """Units of two witnesses linked when they share a verse (or heading)."""
    where: dict[str, list[int]] = {}
    for j, ks in enumerate(keys_b):
        for k in ks:
            where.setdefault(k, []).append(j)
    return {(i, j) for i, ks in enumerate(keys_a) for k in ks for j in where.get(k, ())}


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the witnesses and their gold."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--versions", default="kjv,asv,web,ylt")
    ap.add_argument("--books", default="1")
    ap.add_argument("--chapters", default=None, help="e.g. 1-3 (default: whole books)")
    ap.add_argument("--cut", default=None, help="the version that lacks a quarter of its verses")
    ap.add_argument("--move", default=None, help="the version with passages moved")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--verses", type=int, default=0, help="only the first N verses (0: all)")
    args = ap.parse_args(argv)
    gold = write_witnesses(
        args.out,
        [v.strip() for v in args.versions.split(",")],
        parse_books(args.books),
        chapters=args.chapters,
        cut_version=args.cut,
        move_version=args.move,
        seed=args.seed,
        repeat=args.repeat,
        verses=args.verses,
    )
    for mode, entries in gold["layouts"].items():
        print(mode, {e["version"]: len(e["spans"]) for e in entries})
    return 0


if __name__ == "__main__":
    sys.exit(main())
