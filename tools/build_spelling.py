"""Build the spelling table from SCOWL and breame (see `align.lexicon.spelling`).

Run once by a maintainer, only when the rules or the sources change::

    python tools/build_spelling.py build SCOWL_FINAL_DIR BREAME_SPELLING_CONSTANTS \
        > align/lexicon/data/spelling-variants.tsv
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from align.lexicon.spelling import _fallback_tag, rule_key  # noqa: E402

# --- Building the table (run once, by a maintainer; needs the sources) -------

#: SCOWL sizes up to this one hold everyday words; from 80 on ("huge",
#: "insane") the common list also holds rare variants such as both
#: "acclimatisations" and "acclimatizations", so there a shared rule key is no
#: sign of two distinct words.
EVERYDAY_SIZE = 70


def _scowl_words(scowl_dir: str) -> dict[str, dict[str, int]]:
    """word -> {SCOWL spelling category: smallest size listing it} (words lists only)."""
    import os

    categories: dict[str, dict[str, int]] = {}
    for name in sorted(os.listdir(scowl_dir)):
        stem, _, size = name.rpartition(".")
        category, _, sub = stem.partition("-")
        if sub != "words" or not size.isdigit():
            continue
        with open(os.path.join(scowl_dir, name), encoding="latin-1") as f:
            for line in f:
                word = line.strip()
                if re.fullmatch(r"[a-z]+", word):
                    sizes = categories.setdefault(word, {})
                    sizes[category] = min(sizes.get(category, 100), int(size))
    return categories


def _tag(cats: dict[str, int] | set[str]) -> str:
    american = "american" in cats
    british = "british" in cats
    british_z = "british_z" in cats
    if american and british:
        return ""
    if american:
        return "ize" if british_z else "us"
    if british:
        return "uk" if british_z else "ise"
    return ""


def _breame_pairs(path: str) -> list[tuple[str, str]]:
    """(British, American) pairs from breame's ``spelling_constants.py``."""
    import ast

    with open(path, encoding="utf-8") as f:
        module = ast.parse(f.read())
    for node in module.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == (
            "BRITISH_ENGLISH_SPELLINGS"
        ):
            return sorted(ast.literal_eval(node.value).items())
    raise ValueError(f"{path}: no BRITISH_ENGLISH_SPELLINGS")


def build(scowl_dir: str, breame_constants: str) -> str:
    """The text of ``data/spelling-variants.tsv``, from SCOWL's final lists and breame."""
    categories = _scowl_words(scowl_dir)
    by_key: dict[str, list[str]] = {}
    for word in sorted(categories):
        by_key.setdefault(rule_key(word), []).append(word)
    groups: dict[str, list[str]] = {}
    blocked: list[str] = []
    for key, members in sorted(by_key.items()):
        if len(members) < 2:
            continue
        everyday = [w for w in members if categories[w].get("english", 100) <= EVERYDAY_SIZE]
        # Two words spelled alike everywhere are two words, not two spellings.
        if len(everyday) >= 2:
            blocked.append(key)
        else:
            groups[key] = members
    lines = [
        "# Spelling variants for align.lexicon.spelling, built by `python tools/build_spelling.py`",
        "# from SCOWL 2020.12.07 (Debian package scowl 2020.12.07-2, final/*-words.*;",
        "# see LICENSE-SCOWL.txt) and breame 0.1.2 (breame/data/spelling_constants.py;",
        "# Apache-2.0, see LICENSE-breame.txt).",
        "# G key us-form members(word:convention)   a group of spellings of one word",
        "# B key                                    a rule key shared by distinct words",
        "# K words                                  everyday words the suffix tags skip",
        "# P british american                       breame's pair (joined if no rule does)",
    ]
    listed: set[str] = set()
    for key, members in sorted(groups.items()):
        if len(members) < 2:
            continue

        def us_rank(word: str) -> tuple[int, int, str]:
            cats = categories.get(word, {})
            rank = 0 if "american" in cats else 1 if "english" in cats else 2
            return rank, len(word), word

        us = min(members, key=us_rank)
        if all(_fallback_tag(w) == _tag(categories.get(w, {})) for w in members) and (
            _tag(categories.get(us, {})) == "ize"
        ):
            continue  # -ise/-ize pairs that the rules and suffix tags predict exactly
        tagged = " ".join(f"{w}:{_tag(categories.get(w, {}))}".rstrip(":") for w in sorted(members))
        lines.append(f"G\t{key}\t{us}\t{tagged}")
        listed.update(members)
    lines.extend(f"B\t{key}" for key in blocked)
    keep = sorted(
        w
        for w, cats in categories.items()
        if w not in listed and not _tag(cats) and _fallback_tag(w)
    )
    for start in range(0, len(keep), 20):
        lines.append("K\t" + " ".join(keep[start : start + 20]))
    for british, american in _breame_pairs(breame_constants):
        if re.fullmatch(r"[a-z]+", british) and re.fullmatch(r"[a-z]+", american):
            lines.append(f"P\t{british}\t{american}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """``python tools/build_spelling.py build SCOWL_FINAL_DIR BREAME_SPELLING_CONSTANTS``."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3 or args[0] != "build":
        print(main.__doc__, file=sys.stderr)
        return 2
    sys.stdout.write(build(args[1], args[2]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
