"""Row accuracy of `align collate` on verse-keyed witnesses, against `align json` per pair.

For every pair of witnesses, the links the collation's rows imply (the two
witnesses' sentences sharing a row, and a repeat's echo) are scored against
the verse gold, side by side with the links of the pair aligned alone
(`align.compare`, what ``align json`` writes): strict and lax bead F1 and
link F1 (`benchmarks.score`), for both layouts (one unit per line, running
text). Witnesses come from `benchmarks.collate_witnesses`.

Usage: ``python -m benchmarks.collate_accuracy WITNESS_DIR [--layouts lines,text] [--json OUT]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.collate_witnesses import gold_links
from benchmarks.common import Gold
from benchmarks.score import Prediction, fmt, score


def spans(doc) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    return [(s.start, s.end) for s in doc.sentences]


def run(folder: Path, layouts: Sequence[str]) -> list[dict]:
    """Every pair of every layout: collation and pairwise scores."""
    from align import compare
    from align.collating import collate, implied_links
    from align.model import Options

    gold_all = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    results = []
    for mode in layouts:
        entries = gold_all["layouts"][mode]
        units = "lines" if mode == "lines" else "sentences"
        paths = [folder / mode / e["file"] for e in entries]
        t0 = time.perf_counter()
        collation = collate(paths, Options(units=units), labels=[e["version"] for e in entries])
        seconds = time.perf_counter() - t0
        base = collation.witnesses[collation.base].label
        print(f"{mode}: collated {len(paths)} witnesses in {seconds:.1f} s, base {base}")
        for i, j in combinations(range(len(entries)), 2):
            ei, ej = entries[i], entries[j]
            gold = Gold(
                paths[i],
                paths[j],
                units,
                [tuple(s) for s in ei["spans"]],
                [tuple(s) for s in ej["spans"]],
                gold_links(ei["keys"], ej["keys"]),
            )
            di, dj = collation.witnesses[i], collation.witnesses[j]
            collated = score(gold, Prediction(implied_links(collation, i, j), spans(di), spans(dj)))
            comp = compare(paths[i], paths[j], Options(units=units))
            pair_links = {(x, y) for p in comp.pairs for x in p.a for y in p.b}
            alone = score(gold, Prediction(pair_links, spans(comp.a), spans(comp.b)))
            row = {
                "layout": mode,
                "pair": f"{ei['version']}-{ej['version']}",
                "collate": collated.row(),
                "pairwise": alone.row(),
            }
            results.append(row)
            c, p = row["collate"], row["pairwise"]
            ok = all((c[k] or 0) >= (p[k] or 0) - 1e-9 for k in ("strict_f1", "lax_f1"))
            print(
                f"  {row['pair']:10} strict {fmt(c['strict_f1'])} vs {fmt(p['strict_f1'])}  "
                f"lax {fmt(c['lax_f1'])} vs {fmt(p['lax_f1'])}  "
                f"link {fmt(c['link_f1'])} vs {fmt(p['link_f1'])}  {'ok' if ok else 'BELOW'}"
            )
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: print the scores (collation vs pair alone) and optionally write JSON."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--layouts", default="lines,text")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    results = run(args.folder, args.layouts.split(","))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
