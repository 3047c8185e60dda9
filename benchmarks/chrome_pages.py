"""Page chrome on real saved web pages: what `align` keeps as text, against a reference.

The pages are Mozilla Readability's test pages (`test/test-pages/NAME/source.html`, with
Readability's own article in `expected.html`), from a checkout of the public repository
`mozilla/readability` named by ``--pages`` or ``$READABILITY_PAGES``; nothing of it is
committed here. For each page, the words of the sentences `align` does not mark as chrome
(``align json PAGE TINY``) are compared with the words of `expected.html`, as multisets of
case-folded words: precision (of what align keeps, the share in the reference), recall (of
the reference, the share align keeps), and the recall of all the text align read, chrome
included (what reading alone loses). The peer is trafilatura alone, with the options align
gives it, its whole output taken as the text.

Pages fall in three groups, reported apart: ``real`` (English pages of real sites),
``synthetic`` (made-up test cases of Readability's: lorem ipsum, one quirk each) and
``other-language`` (align is for English).

Usage: ``python -m benchmarks.chrome_pages [--pages DIR] [--align PATH] [--work DIR]``
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

#: Readability's made-up cases: lorem ipsum pages, each testing one quirk of its own.
SYNTHETIC_MARK = "lorem ipsum"
#: Pages not in English (by their metadata's `lang`, or read by eye where it has none).
OTHER_LANGUAGE = frozenset(
    "aktualne cnet-svg-classes folha gmw heise hukumusume la-nacion lemonde-1 liberation-1 "
    "nytimes-5 pixnet qq videos-2 yahoo-4 youth".split()
)
WORD = re.compile(r"\w+")


def words(text: str) -> Counter[str]:
    """Case-folded words of a text, counted."""
    return Counter(w.casefold() for w in WORD.findall(text))


def overlap(ours: Counter[str], reference: Counter[str]) -> tuple[float, float]:
    """Precision and recall of `ours` against `reference` (multisets of words)."""
    shared = sum((ours & reference).values())
    return shared / max(1, sum(ours.values())), shared / max(1, sum(reference.values()))


def reference_text(page: Path) -> str:
    import lxml.html

    return lxml.html.fromstring((page / "expected.html").read_bytes()).text_content()


def align_text(page: Path, align: str, work: Path) -> tuple[str, str] | str:
    """(kept text, all text read) of `align json`, or its error line."""
    tiny = work / "tiny.txt"
    if not tiny.exists():
        tiny.write_text("Nothing here.\n", encoding="utf-8")
    out = work / f"{page.name}.json"
    run = subprocess.run(
        [align, "json", str(page / "source.html"), str(tiny), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        return (
            run.stderr.strip().splitlines()[-1] if run.stderr.strip() else f"exit {run.returncode}"
        )
    sentences = json.loads(out.read_text(encoding="utf-8"))["documents"]["a"]["sentences"]
    kept = " ".join(s["text"] for s in sentences if not s["chrome"])
    return kept, " ".join(s["text"] for s in sentences)


def trafilatura_text(page: Path) -> str:
    """trafilatura's text of the page, with the options `align.reading.html` gives it."""
    from align.reading.html import _main_content

    html = (page / "source.html").read_bytes().decode("utf-8", "replace")
    return _main_content(html) or ""


def cells(values: tuple[float, ...]) -> str:
    return " | ".join(f"{v:.3f}" for v in values)


def group_of(page: Path) -> str:
    if page.name in OTHER_LANGUAGE:
        return "other-language"
    source = (page / "source.html").read_bytes().decode("utf-8", "replace").casefold()
    return "synthetic" if SYNTHETIC_MARK in source else "real"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default=os.environ.get("READABILITY_PAGES", ""))
    parser.add_argument("--align", default="align", help="the align command to run")
    parser.add_argument("--work", default="build/bench/chrome-pages")
    args = parser.parse_args(argv)
    if not args.pages:
        parser.error("name the test-pages folder with --pages or $READABILITY_PAGES")
    root = Path(args.pages)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    print("| page | group | align P | align R | read R | trafilatura P | trafilatura R |")
    print("|---|---|--:|--:|--:|--:|--:|")
    for page in sorted(p for p in root.iterdir() if (p / "source.html").exists()):
        reference = words(reference_text(page))
        got = align_text(page, args.align, work)
        peer = overlap(words(trafilatura_text(page)), reference)
        if isinstance(got, str):
            print(f"| {page.name} | {group_of(page)} | error: {got} | | | {cells(peer)} |")
            rows.append((group_of(page), None, None, None, peer))
            continue
        kept, read = got
        p, r = overlap(words(kept), reference)
        read_r = overlap(words(read), reference)[1]
        rows.append((group_of(page), p, r, read_r, peer))
        print(f"| {page.name} | {group_of(page)} | {cells((p, r, read_r))} | {cells(peer)} |")
    print()
    print("| group | pages | errors | align P | align R | trafilatura P | trafilatura R |")
    print("|---|--:|--:|---|---|---|---|")
    for group in ("real", "synthetic", "other-language"):
        mine = [row for row in rows if row[0] == group]
        done = [row for row in mine if row[1] is not None]
        if not mine:
            continue

        def both(values: list[float]) -> str:
            return (
                f"{statistics.median(values):.3f} / {statistics.mean(values):.3f}"
                if values
                else "-"
            )

        figures = [
            both([r[1] for r in done]),
            both([r[2] for r in done]),
            both([r[4][0] for r in mine]),
            both([r[4][1] for r in mine]),
        ]
        print(f"| {group} | {len(mine)} | {len(mine) - len(done)} | {' | '.join(figures)} |")
    print("(each figure: median / mean over the pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
