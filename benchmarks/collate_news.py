"""Row accuracy of `align collate` on real renderings of one text, against a hand-made gold.

A set is a folder of witnesses (plain text as published) and ``gold.json``:
``{"units": "sentences", "witnesses": [{"label", "file", "spans", "keys"}]}``,
each unit's span in its file and the keys of the parts of the original it
renders (a unit joining two sentences of the original has both keys), so that
two witnesses' gold links are their units sharing a key. The gold is checked
first (`check_gold`: spans in order, not overlapping, inside the file, not
blank; every unit with a key); then, for every pair of witnesses, the links
the collation implies are scored against it side by side with the pair
aligned alone (``align json``): strict and lax bead F1 and link F1
(`benchmarks.score`), as `benchmarks.collate_accuracy` does for the Bibles.

Usage: ``python -m benchmarks.collate_news [SET ...] [--json OUT]`` (default:
every set under ``benchmarks/data/collate/``); exits 1 when a gold is unsound.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.check_news_gold import check_spans, read_text
from benchmarks.collate_witnesses import gold_links
from benchmarks.common import Gold
from benchmarks.score import Prediction, fmt, score

DEFAULT = Path(__file__).resolve().parent / "data" / "collate"


def check_gold(folder: Path) -> list[str]:
    """Problems with a set's gold (empty when it is sound)."""
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    errors = []
    if gold.get("units") != "sentences":
        errors.append(f"units is {gold.get('units')!r}, expected 'sentences'")
    witnesses = gold.get("witnesses", [])
    if len(witnesses) < 3:
        errors.append(f"{len(witnesses)} witnesses: a collation set needs three or more")
    labels = [w.get("label") for w in witnesses]
    if len(set(labels)) != len(labels):
        errors.append(f"labels not distinct: {labels}")
    for w in witnesses:
        text = read_text(folder / w["file"])
        errors += [f"{w['label']}: {e}" for e in check_spans(w["spans"], text, "unit")]
        if len(w["keys"]) != len(w["spans"]):
            errors.append(f"{w['label']}: {len(w['keys'])} key lists for {len(w['spans'])} units")
        errors += [f"{w['label']}: unit {k} has no key" for k, ks in enumerate(w["keys"]) if not ks]
    return errors


def run(folder: Path) -> list[dict]:
    """Every pair of witnesses of one set: the collation's and the pair alone's scores."""
    from align import compare
    from align.collating import collate, implied_links
    from align.model import Options

    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    entries = gold["witnesses"]
    paths = [folder / e["file"] for e in entries]
    collation = collate(paths, Options(), labels=[e["label"] for e in entries])
    print(f"{folder.name}: base {collation.witnesses[collation.base].label}")
    results = []
    for i, j in combinations(range(len(entries)), 2):
        ei, ej = entries[i], entries[j]
        pair_gold = Gold(
            paths[i],
            paths[j],
            "sentences",
            [tuple(s) for s in ei["spans"]],
            [tuple(s) for s in ej["spans"]],
            gold_links(ei["keys"], ej["keys"]),
        )
        di, dj = collation.witnesses[i], collation.witnesses[j]
        spans_i = [(s.start, s.end) for s in di.sentences]
        spans_j = [(s.start, s.end) for s in dj.sentences]
        collated = score(pair_gold, Prediction(implied_links(collation, i, j), spans_i, spans_j))
        comp = compare(paths[i], paths[j], Options())
        links = {(x, y) for p in comp.pairs for x in p.a for y in p.b}
        alone = score(
            pair_gold,
            Prediction(
                links,
                [(s.start, s.end) for s in comp.a.sentences],
                [(s.start, s.end) for s in comp.b.sentences],
            ),
        )
        row = {
            "set": folder.name,
            "pair": f"{ei['label']}-{ej['label']}",
            "collate": collated.row(),
            "pairwise": alone.row(),
        }
        results.append(row)
        c, p = row["collate"], row["pairwise"]
        print(
            f"  {row['pair']:12} strict {fmt(c['strict_f1'])} vs {fmt(p['strict_f1'])}  "
            f"lax {fmt(c['lax_f1'])} vs {fmt(p['lax_f1'])}  "
            f"link {fmt(c['link_f1'])} vs {fmt(p['link_f1'])}"
        )
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: check every set's gold, then print (and optionally write) the scores."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="*", type=Path)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    sets = args.sets or sorted(p.parent for p in DEFAULT.glob("*/gold.json"))
    bad = False
    for folder in sets:
        for error in check_gold(folder):
            print(f"{folder.name}: {error}", file=sys.stderr)
            bad = True
    if bad:
        return 1
    results = [row for folder in sets for row in run(folder)]
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
