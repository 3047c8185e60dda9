"""Score any aligner's output against a gold file: link, bead and no-counterpart P/R/F1.

Predicted units are mapped onto gold units by character span: each predicted
unit goes to the gold unit it overlaps most (ties: the earlier one). A
predicted link (p, q) becomes the gold-unit link (gold(p), gold(q)); the set
of such links is compared with the gold links. A gold unit is predicted to
have no counterpart when no predicted link reaches it; that set (over both
sides) is compared with the gold units that are in no gold link.

Beads: the connected components of a link graph (over gold units) are its
beads (lists of A units, lists of B units); a unit in no link is a 1-0 or
0-1 bead of its own. Gold beads come from the gold links, predicted beads
from the predicted links once mapped to gold units, so every prediction
format and segmentation is read the same way. *Strict* and *lax* bead P/R/F1
follow vecalign's ``score.py`` (after Sennrich and Volk 2011):

* precision runs over the predicted beads, 1-0/0-1 beads included: a bead
  equal to a gold bead is a strict and a lax hit; otherwise it is a lax hit
  when one of its A units and one of its B units are linked in the gold;
* recall runs over the gold beads with both sides non-empty, the same way
  with the roles swapped and the predicted 1-0/0-1 beads left out;
* a ratio with nothing to count is 0, and so is F1 when P + R = 0.

Readable predictions:

* ``align json`` output (``documents.a.sentences`` with spans, ``pairs``);
* a links file ``{"links": [[i, j], ...], "a_spans": ..., "b_spans": ...}``
  (as written by ``benchmarks.gale_church`` and ``benchmarks.hunalign``);
  without spans the indices are gold unit indices;
* a hunalign ladder (``i<TAB>j<TAB>score`` rungs), indices = gold units.

Usage: ``python -m benchmarks.score GOLD PRED [--format auto|align|links|ladder] [--json]``
"""

from __future__ import annotations

import argparse
import json
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import Gold, Span


@dataclass
class Prediction:
    """Predicted links between an aligner's own units, with their spans if known."""

    links: set[tuple[int, int]]
    a_spans: list[Span] | None = None
    b_spans: list[Span] | None = None


@dataclass
class PRF:
    """Precision, recall and F1 with the counts behind them (None: undefined)."""

    precision: float | None
    recall: float | None
    f1: float | None
    predicted: int
    gold: int
    correct: int

    @classmethod
    def of(cls, predicted: set, gold: set) -> PRF:
        """Compare two sets. With no gold items recall (and F1) are undefined,
        unless nothing was predicted either (then all are 1)."""
        tp = len(predicted & gold)
        if not predicted and not gold:
            return cls(1.0, 1.0, 1.0, 0, 0, 0)
        p = tp / len(predicted) if predicted else 1.0
        if not gold:
            return cls(0.0, None, None, len(predicted), 0, 0)
        r = tp / len(gold)
        f = 2 * p * r / (p + r) if p + r else 0.0
        return cls(p, r, f, len(predicted), len(gold), tp)


Bead = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass
class BeadPRF:
    """Strict and lax bead precision, recall and F1 (vecalign's definitions)."""

    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float
    predicted: int
    gold: int


@dataclass
class Scores:
    """Link, bead and no-counterpart scores, and how well the units could be mapped."""

    links: PRF
    no_counterpart: PRF
    #: Gold units that some predicted unit maps to, per side (segmentation coverage).
    coverage_a: float
    coverage_b: float
    beads: BeadPRF | None = None

    def row(self) -> dict[str, float | None]:
        """The headline numbers."""
        return {
            "link_p": self.links.precision,
            "link_r": self.links.recall,
            "link_f1": self.links.f1,
            "nc_p": self.no_counterpart.precision,
            "nc_r": self.no_counterpart.recall,
            "nc_f1": self.no_counterpart.f1,
            "strict_f1": self.beads.f1_strict if self.beads else None,
            "lax_f1": self.beads.f1_lax if self.beads else None,
        }


def map_units(pred: Sequence[Span], gold: Sequence[Span]) -> list[int | None]:
    """For each predicted span, the index of the gold span it overlaps most.

    Gold spans must be sorted and disjoint. None where nothing overlaps.
    """
    starts = [s for s, _ in gold]
    ends = [e for _, e in gold]
    out: list[int | None] = []
    for s, e in pred:
        lo = bisect_right(ends, s)
        hi = bisect_left(starts, e)
        best, best_len = None, 0
        for k in range(lo, hi):
            ov = min(e, ends[k]) - max(s, starts[k])
            if ov > best_len:
                best, best_len = k, ov
        out.append(best)
    return out


def gold_unit_links(
    pred: Prediction, gold: Gold
) -> tuple[set[tuple[int, int]], set[int], set[int]]:
    """Predicted links as gold-unit links, and the gold units each side maps to."""
    if pred.a_spans is None:
        ma: list[int | None] = list(range(len(gold.a_spans)))
    else:
        ma = map_units(pred.a_spans, gold.a_spans)
    if pred.b_spans is None:
        mb: list[int | None] = list(range(len(gold.b_spans)))
    else:
        mb = map_units(pred.b_spans, gold.b_spans)
    links = set()
    for i, j in pred.links:
        gi = ma[i] if 0 <= i < len(ma) else None
        gj = mb[j] if 0 <= j < len(mb) else None
        if gi is not None and gj is not None:
            links.add((gi, gj))
    return links, {k for k in ma if k is not None}, {k for k in mb if k is not None}


def score(gold: Gold, pred: Prediction) -> Scores:
    """Link, bead and no-counterpart P/R/F1 of `pred` against `gold`."""
    links, hit_a, hit_b = gold_unit_links(pred, gold)
    n_a, n_b = len(gold.a_spans), len(gold.b_spans)
    return Scores(
        links=PRF.of(links, gold.links),
        no_counterpart=PRF.of(
            no_counterpart(links, n_a, n_b), no_counterpart(gold.links, n_a, n_b)
        ),
        coverage_a=len(hit_a) / n_a if n_a else 1.0,
        coverage_b=len(hit_b) / n_b if n_b else 1.0,
        beads=bead_scores(beads_of(gold.links, n_a, n_b), beads_of(links, n_a, n_b)),
    )


def beads_of(links: Iterable[tuple[int, int]], n_a: int, n_b: int) -> list[Bead]:
    """The beads of a link graph: its connected components, plus a 1-0 or 0-1
    bead for each unit of ``range(n_a)`` / ``range(n_b)`` in no link."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for i, j in links:
        a, b = ("a", i), ("b", j)
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
    groups: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for node in parent:
        side, k = node
        group = groups.setdefault(find(node), ([], []))
        group[0 if side == "a" else 1].append(k)
    beads = [(tuple(sorted(a)), tuple(sorted(b))) for a, b in groups.values()]
    beads += [((i,), ()) for i in range(n_a) if ("a", i) not in parent]
    beads += [((), (j,)) for j in range(n_b) if ("b", j) not in parent]
    inf = float("inf")
    return sorted(beads, key=lambda x: (x[0][0] if x[0] else inf, x[1][0] if x[1] else inf))


def _bead_hits(reference: Iterable[Bead], test: Iterable[Bead]) -> tuple[int, int, int]:
    """(test beads, strict hits, lax hits) of `test` against `reference`
    (vecalign's ``_precision``); beads empty on both sides are dropped."""
    ref = {(tuple(x), tuple(y)) for x, y in reference if x or y}
    tst = {(tuple(x), tuple(y)) for x, y in test if x or y}
    partners: dict[int, set[int]] = {}
    for xs, ys in ref:
        for x in xs:
            partners.setdefault(x, set()).update(ys)
    strict = lax = 0
    for xs, ys in tst:
        if (xs, ys) in ref:
            strict += 1
            lax += 1
        elif any(not partners.get(x, set()).isdisjoint(ys) for x in xs):
            lax += 1
    return len(tst), strict, lax


def bead_scores(gold: Sequence[Bead], pred: Sequence[Bead]) -> BeadPRF:
    """Strict and lax bead P/R/F1 of `pred` against `gold`, as vecalign scores them."""
    n_p, p_strict, p_lax = _bead_hits(gold, pred)
    both = [(x, y) for x, y in gold if x and y]
    n_g, r_strict, r_lax = _bead_hits([(x, y) for x, y in pred if x and y], both)

    def ratio(hits: int, n: int) -> float:
        return hits / n if n else 0.0

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    ps, pl = ratio(p_strict, n_p), ratio(p_lax, n_p)
    rs, rl = ratio(r_strict, n_g), ratio(r_lax, n_g)
    return BeadPRF(ps, rs, f1(ps, rs), pl, rl, f1(pl, rl), n_p, n_g)


def no_counterpart(links: Iterable[tuple[int, int]], n_a: int, n_b: int) -> set[tuple[str, int]]:
    """Units of either side that are in no link, as ("a", i) / ("b", j)."""
    linked_a, linked_b = set(), set()
    for i, j in links:
        linked_a.add(i)
        linked_b.add(j)
    return {("a", i) for i in range(n_a) if i not in linked_a} | {
        ("b", j) for j in range(n_b) if j not in linked_b
    }


def read_align_json(data: dict) -> Prediction:
    """Links and sentence spans from ``align json`` output."""
    spans = {}
    for side in ("a", "b"):
        sentences = data["documents"][side]["sentences"]
        index = {s["id"]: k for k, s in enumerate(sentences)}
        spans[side] = ([(s["start"], s["end"]) for s in sentences], index)
    links = set()
    for pair in data["pairs"]:
        for i in pair.get("a") or ():
            for j in pair.get("b") or ():
                links.add((spans["a"][1][i], spans["b"][1][j]))
    return Prediction(links, spans["a"][0], spans["b"][0])


def read_links_json(data: dict) -> Prediction:
    """A plain links file, spans optional."""

    def spans(key: str) -> list[Span] | None:
        return [tuple(s) for s in data[key]] if data.get(key) is not None else None  # type: ignore[misc]

    return Prediction(
        {(int(i), int(j)) for i, j in data["links"]}, spans("a_spans"), spans("b_spans")
    )


def ladder_links(rungs: Sequence[tuple[int, int]], n_a: int, n_b: int) -> set[tuple[int, int]]:
    """Links of a hunalign ladder: the units between two rungs form one bead.

    A bead with units on only one side has no links. The last rung is normally
    ``(n_a, n_b)``; one is added if it is missing.
    """
    rungs = sorted(set(rungs))
    if not rungs or rungs[-1] != (n_a, n_b):
        rungs.append((n_a, n_b))
    links = set()
    for (i1, j1), (i2, j2) in zip(rungs, rungs[1:]):
        for i in range(i1, min(i2, n_a)):
            for j in range(j1, min(j2, n_b)):
                links.add((i, j))
    return links


def read_ladder(text: str, n_a: int, n_b: int) -> Prediction:
    """A hunalign ladder, with indices into the gold units."""
    rungs = []
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].strip().isdigit() and parts[1].strip().isdigit():
            rungs.append((int(parts[0]), int(parts[1])))
    return Prediction(ladder_links(rungs, n_a, n_b))


def read_prediction(path: str | Path, gold: Gold, fmt: str = "auto") -> Prediction:
    """Read `path` in `fmt` (``auto`` tells align JSON, links JSON and ladders apart)."""
    text = Path(path).read_text(encoding="utf-8")
    if fmt == "ladder" or (fmt == "auto" and not text.lstrip().startswith("{")):
        return read_ladder(text, len(gold.a_spans), len(gold.b_spans))
    data = json.loads(text)
    if fmt == "align" or (fmt == "auto" and "pairs" in data and "documents" in data):
        return read_align_json(data)
    return read_links_json(data)


def fmt(x: float | None) -> str:
    """A score to three places, or n/a."""
    return "n/a" if x is None else f"{x:.3f}"


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: print the scores of one prediction."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold", help="gold JSON file")
    ap.add_argument("pred", help="aligner output (align json, links JSON or hunalign ladder)")
    ap.add_argument("--format", default="auto", choices=("auto", "align", "links", "ladder"))
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = ap.parse_args(argv)
    gold = Gold.from_json(args.gold)
    s = score(gold, read_prediction(args.pred, gold, args.format))
    if args.json:
        print(json.dumps(asdict(s), indent=1))
    else:
        lk, nc = s.links, s.no_counterpart
        print(
            f"links          P {fmt(lk.precision)}  R {fmt(lk.recall)}  F1 {fmt(lk.f1)}"
            f"  (predicted {lk.predicted}, gold {lk.gold}, correct {lk.correct})"
        )
        print(
            f"no-counterpart P {fmt(nc.precision)}  R {fmt(nc.recall)}  F1 {fmt(nc.f1)}"
            f"  (predicted {nc.predicted}, gold {nc.gold}, correct {nc.correct})"
        )
        if s.beads:
            bd = s.beads
            print(
                f"beads strict   P {fmt(bd.precision_strict)}  R {fmt(bd.recall_strict)}"
                f"  F1 {fmt(bd.f1_strict)}  (predicted {bd.predicted}, gold {bd.gold} with"
                " both sides)"
            )
            print(
                f"beads lax      P {fmt(bd.precision_lax)}  R {fmt(bd.recall_lax)}"
                f"  F1 {fmt(bd.f1_lax)}"
            )
        print(f"unit coverage  A {s.coverage_a:.3f}  B {s.coverage_b:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
