"""The development corpus: real pairs with a known alignment, split into tune and held-out.

Every pair is two independent public-domain English renderings of one text,
aligned by its own numbering (verse, chapter), so the gold comes with the
text. Nothing is committed: the texts are read at run time from installed
packages or a local folder.

* ``bible``: chapters of two translations from the ``pythonbible-*`` PyPI
  packages (`benchmarks.bible` lays them out). Formal pairs (archaic or
  modern, literal or revised) and dynamic pairs with the *Bible in Worldwide
  English* (``bwe``, simplified English) or the *Open English Bible*
  (``oeb``, Psalms only: its New Testament in the package has placeholder
  verses). Left out on purpose: Genesis and Mark, the Bible in Basic English
  (also broken in the package), and the Douay-Rheims, Geneva and Rotherham
  packages, whose verse offsets are broken like BBE's.
* ``tao``: the 81 chapters of the *Tao Te Ching* in two translations of
  1868-1919 (public domain), read from a checkout of the public repository
  ``updownupdown/tao`` (its ``src/components/Translations/list/*.tsx`` files;
  ``--tao-src`` or ``$TAO_SRC`` names that folder). The chapter is the unit.

Each pair is written four ways (`benchmarks.bible.write_pair`): one unit per
line or running text, B complete or with a quarter of its units removed.

Split, fixed before any score was seen: the pair names are sorted by the
SHA-256 of the name (UTF-8) and dealt alternately, the first to ``tune``, the
second to ``heldout``, and so on. Adding a pair can move others, so the list
below is frozen; a new pair gets its own rule.

Usage: ``python -m benchmarks.corpus [--list] [--build OUT] [--tao-src DIR]``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bible


@dataclass(frozen=True)
class PairSpec:
    """One corpus pair: where its two sides come from, and what it is."""

    name: str
    genre: str
    a: str
    b: str
    #: Bible: ``BOOK:FIRST-LAST`` chapter ranges (pythonbible book numbers), comma separated,
    #: or a `benchmarks.bible` group; Tao: ``all``.
    selection: str
    note: str
    #: A long pair: the slow embedding aligners are skipped on it.
    long: bool = False


#: The frozen pair list (see the module docstring for what is left out and why).
PAIRS: tuple[PairSpec, ...] = (
    PairSpec("asv-dar exo1-12", "bible-formal", "asv", "dar", "2:1-12", "two archaic revisions"),
    PairSpec("web-ylt luk1-6", "bible-formal", "web", "ylt", "42:1-6", "modern vs literal"),
    PairSpec("wmth-mont rom", "bible-modern", "wmth", "mont", "45:1-16", "two 20th-c. NTs"),
    PairSpec("kjv-asv psa1-41", "bible-formal", "kjv", "asv", "19:1-41", "close revision"),
    PairSpec("bwe-web joh1-7", "bible-dynamic", "bwe", "web", "43:1-7", "simplified vs modern"),
    PairSpec("oeb-asv psa42-72", "bible-dynamic", "oeb", "asv", "19:42-72", "modern vs archaic"),
    PairSpec("bwe-kjv act1-8", "bible-dynamic", "bwe", "kjv", "44:1-8", "simplified vs archaic"),
    PairSpec("nheb-dar isa1-12", "bible-formal", "nheb", "dar", "23:1-12", "modern vs archaic"),
    PairSpec("oeb-dar psa90-106", "bible-dynamic", "oeb", "dar", "19:90-106", "modern vs archaic"),
    PairSpec("dar-web nt", "bible-formal", "dar", "web", "nt", "whole NT", long=True),
    PairSpec("legge-goddard tao", "tao", "legge", "goddard", "all", "1891 vs 1919"),
    PairSpec("balfour-medhurst tao", "tao", "balfour", "medhurst", "all", "1884 vs 1905"),
    PairSpec("chalmers-carus tao", "tao", "chalmers", "carus", "all", "1868 vs 1898"),
    PairSpec("alexander-mears tao", "tao", "alexander", "mears", "all", "1895 vs 1916"),
)

#: Tao Te Ching translators used (file stem in the repository -> translator, year).
TAO_TRANSLATIONS = {
    "legge": ("James Legge", "1891"),
    "goddard": ("Dwight Goddard", "1919"),
    "balfour": ("Frederic Balfour", "1884"),
    "medhurst": ("C. Spurgeon Medhurst", "1905"),
    "chalmers": ("John Chalmers", "1868"),
    "carus": ("Paul Carus", "1898"),
    "alexander": ("G. G. Alexander", "1895"),
    "mears": ("Isabella Mears", "1916"),
}


def splits(names: Sequence[str]) -> dict[str, str]:
    """Pair name -> ``tune`` or ``heldout``: sorted by SHA-256 of the name, dealt alternately."""
    order = sorted(names, key=lambda n: hashlib.sha256(n.encode("utf-8")).hexdigest())
    return {n: ("tune" if k % 2 == 0 else "heldout") for k, n in enumerate(order)}


SPLIT = splits([p.name for p in PAIRS])


def slug(name: str) -> str:
    """A folder name for a pair."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def chapters(selection: str) -> set[int]:
    """``2:1-12,19:1-41`` as chapter keys ``book * 1000 + chapter``."""
    keys: set[int] = set()
    for part in selection.split(","):
        book, rng = part.split(":")
        lo, _, hi = rng.partition("-")
        keys.update(int(book) * 1000 + c for c in range(int(lo), int(hi or lo) + 1))
    return keys


def bible_version(code: str, selection: str) -> bible.Version:
    """One translation restricted to `selection` (chapter ranges or a book group)."""
    if ":" not in selection:
        return bible.load_version(code, bible.parse_books(selection))
    keys = chapters(selection)
    version = bible.load_version(code, sorted({k // 1000 for k in keys}))
    verses = {vid: v for vid, v in version.verses.items() if vid // 1000 in keys}
    return bible.Version(code, verses, version.titles)


_TSX_CHAPTER = re.compile(r"chapter:\s*(\d+),\s*content:\s*`(.*?)`", re.S)


def tao_source() -> Path | None:
    """The folder of the Tao translation files (``$TAO_SRC``), or None."""
    env = os.environ.get("TAO_SRC")
    return Path(env) if env else None


def tao_version(code: str, folder: Path) -> bible.Version:
    """A Tao Te Ching translation as a one-book `bible.Version`: chapter k is verse 1
    of chapter k, so that `benchmarks.bible` lays it out (a heading and a paragraph
    per chapter; one chapter per line)."""
    path = folder / f"{code.capitalize()}.tsx"
    if not path.exists():
        raise SystemExit(f"no {path}: --tao-src must name the folder of the Tao translations")
    text = path.read_text(encoding="utf-8")
    verses = {}
    for m in _TSX_CHAPTER.finditer(text):
        body = m.group(2).replace("###", " ").replace("\\`", "`")
        body = re.sub(r"<[^>]+>", " ", body)
        body = " ".join(body.split())
        if body:
            verses[1_000_000 + int(m.group(1)) * 1000 + 1] = body
    name, year = TAO_TRANSLATIONS.get(code, (code, ""))
    return bible.Version(code, verses, {1: f"Tao Te Ching, translated by {name} ({year})"})


def build(spec: PairSpec, out: Path, *, tao_src: Path | None = None, seed: int = 1) -> Path:
    """Write the four variants of `spec` under ``out/<slug>``; return that folder."""
    folder = out / slug(spec.name)
    if spec.genre == "tao":
        src = tao_src or tao_source()
        if src is None:
            raise SystemExit("the Tao pairs need --tao-src DIR or $TAO_SRC")
        a, b = tao_version(spec.a, src), tao_version(spec.b, src)
    else:
        a, b = bible_version(spec.a, spec.selection), bible_version(spec.b, spec.selection)
    summary = bible.write_pair(folder, a, b, seed=seed)
    meta = {
        "name": spec.name, "genre": spec.genre, "split": SPLIT[spec.name],
        "a": spec.a, "b": spec.b, "selection": spec.selection, "variants": summary,
    }  # fmt: skip
    (folder / "pair.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return folder


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: list the pairs with their split, or write them."""
    ap = argparse.ArgumentParser(description="The development corpus (tune / held-out pairs).")
    ap.add_argument("--list", action="store_true", help="print the manifest as a table")
    ap.add_argument("--build", type=Path, help="write every pair under this folder")
    ap.add_argument("--tao-src", type=Path, default=tao_source())
    ap.add_argument("--pairs", default="", help="comma list of pair names (default: all)")
    args = ap.parse_args(argv)
    wanted = [p for p in PAIRS if not args.pairs or p.name in args.pairs.split(",")]
    if args.list or not args.build:
        for p in wanted:
            print(f"{SPLIT[p.name]:8} {p.genre:14} {p.name:22} {p.note}")
    if args.build:
        for p in wanted:
            print(build(p, args.build, tao_src=args.tao_src))
    return 0


if __name__ == "__main__":
    sys.exit(main())
