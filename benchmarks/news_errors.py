"""The tune news pairs' alignment errors, one by one, to classify their causes.

For every ``tune`` pair of ``benchmarks/data/news`` (never a held-out one), aligns the pair
with the library of the current directory and prints the false links (a predicted link between
gold units that the gold does not hold: its relation and score) and the missed gold links,
each with both sentences and the similarity of the aligner's units that cover them.

Usage: ``python -m benchmarks.news_errors [PAIR ...]`` (default: every tune pair)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align.aligning.similarity import TermMemo, Vocabulary, content_terms, features, similarity
from align.model import Options
from align.pipeline import compare
from benchmarks.common import Gold
from benchmarks.score import map_units

NEWS = Path(__file__).resolve().parent / "data" / "news"


def _short(text: str, width: int = 150) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def pair_errors(folder: Path) -> list[str]:
    """The lines describing one pair's false and missed links."""
    gold = Gold.from_json(folder / "gold.json")
    result = compare(str(gold.a), str(gold.b), Options())
    docs = result.a, result.b
    ma = map_units([(s.start, s.end) for s in docs[0].sentences], gold.a_spans)
    mb = map_units([(s.start, s.end) for s in docs[1].sentences], gold.b_spans)
    memo = TermMemo()
    terms = [[content_terms(s, memo) for s in d.sentences] for d in docs]
    vocab = Vocabulary(terms[0] + terms[1])
    feats = [[features(s, t, vocab) for s, t in zip(d.sentences, ts)] for d, ts in zip(docs, terms)]
    text_a = gold.a.read_text(encoding="utf-8")
    text_b = gold.b.read_text(encoding="utf-8")
    predicted: dict[tuple[int, int], list[str]] = {}
    for pair in result.pairs:
        for i in pair.a:
            for j in pair.b:
                gi, gj = ma[i], mb[j]
                if gi is not None and gj is not None:
                    predicted.setdefault((gi, gj), []).append(f"{pair.relation} {pair.score:.3f}")

    def best_sim(gi: int, gj: int) -> float:
        us = [k for k, g in enumerate(ma) if g == gi]
        vs = [k for k, g in enumerate(mb) if g == gj]
        return max((similarity(feats[0][u], feats[1][v]) for u in us for v in vs), default=0.0)

    def texts(gi: int, gj: int) -> list[str]:
        (s, e), (s2, e2) = gold.a_spans[gi], gold.b_spans[gj]
        return [f"    A{gi}: {_short(text_a[s:e])}", f"    B{gj}: {_short(text_b[s2:e2])}"]

    lines = [f"## {folder.name} (threshold {result.options.threshold})"]
    for key in sorted(set(predicted) - gold.links):
        lines.append(f"  FALSE {key} {'; '.join(predicted[key])} sim {best_sim(*key):.3f}")
        lines += texts(*key)
    for key in sorted(gold.links - set(predicted)):
        lines.append(f"  MISSED {key} sim {best_sim(*key):.3f}")
        lines += texts(*key)
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: print the tune pairs' errors."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pairs", nargs="*")
    args = ap.parse_args(argv)
    tune = json.loads((NEWS / "splits.json").read_text(encoding="utf-8"))["tune"]
    names = args.pairs or tune
    for name in names:
        if name not in tune:
            print(f"{name}: not a tune pair (held-out errors are not shown)", file=sys.stderr)
            return 2
        print("\n".join(pair_errors(NEWS / name)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
