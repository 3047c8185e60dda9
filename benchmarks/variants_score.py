"""Score a pair's edits against a hand-made list of its wording variants.

    python -m benchmarks.variants_score LIST [--pred ALIGN.json] [--baseline] [--misses]

LIST is a hand-made variant list: ``{"a", "b", "variants": [...]}`` with paths
relative to the list's folder (or to the repository), each variant ``{a, b,
kind}`` and its places, either ``places: [[A snippet, B snippet], ...]`` (a
snippet names the sentence that holds it; `tests/fixtures/seed_variants.json`)
or ``a_sentence``/``b_sentence``, indices of the units of the ``gold.json``
beside the list (`benchmarks/data/news/*/variants.json`). A list may also hold
``inconsistencies`` (``{document, forms, reason}``) and ``top5`` (the five
differences a reader lists first, scored as places).

The rule (issue 12): an edit matches a place when it overlaps both forms
(a form left empty: the edit's side lies in the place's sentence) and is not
much larger than them: at most ``max(4, 2 x the form's length)`` tokens a
side. An empty side of an edit overlaps a form it touches. A form that occurs
more than once in its sentence is matched at any occurrence.

Figures: *places found* (share of listed places that some edit matches),
*variants found* (share of variants with at least one place found), *kinds*
(among places found, the share whose best-matching edit, the one closest to
the forms in tokens, ties to the listed kind, has the listed kind),
*inconsistencies* (listed ones the tool reports: same document, every listed
form among the forms of one of its findings), *top 5* (the reader's top
differences matched as places).

The edits come from ``align json`` on the list's two files (``--pred`` reads
such a file instead); ``--baseline`` scores a plain token diff (difflib
opcodes over case-folded tokens) of each gold bead instead: the seed's gold is
`tests/fixtures/seed_gold.json` (links named by snippets, units from the tool's
segmenter), a news pair's is its ``gold.json``. Baseline kinds come from
`align.naming.kinds.classify`.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import subprocess
import sys
import tempfile
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import REPO

Span = tuple[int, int]
SEED_GOLD = REPO / "tests" / "fixtures" / "seed_gold.json"
#: An edit may be this many tokens a side however short the form.
MIN_ALLOWANCE = 4


@dataclass(frozen=True)
class ScoredEdit:
    """An edit as the scorer reads it: character spans in each text and its kind."""

    a: Span
    b: Span
    kind: str


class Text:
    """One side's text and token offsets (the tool's tokenizer, so sizes count alike)."""

    def __init__(self, text: str) -> None:
        from align.segmenting import tokenize

        self.text = text
        tokens = tokenize(text)
        self.starts = [t.start for t in tokens]
        self.ends = [t.end for t in tokens]

    def tokens(self, span: Span) -> tuple[int, int]:
        """Token index range ``[lo, hi)`` overlapping the character span (empty: where it sits)."""
        start, end = span
        if end <= start:
            k = bisect_left(self.starts, start)
            return k, k
        return bisect_right(self.ends, start), bisect_left(self.starts, end)


def _resolve(base: Path, name: str) -> Path:
    for root in (base, REPO):
        if (root / name).exists():
            return root / name
    raise SystemExit(f"variants_score: {name}: not found beside {base} or in the repository")


def _occurrences(text: str, sentence: Span, form: str) -> list[Span]:
    """Spans of `form` as whole words within `sentence` (an empty form: the sentence)."""
    if not form:
        return [sentence]
    pattern = re.escape(form)
    if re.match(r"\w", form):
        pattern = r"(?<![\w’'-])" + pattern
    if re.search(r"\w$", form):
        pattern += r"(?![\w’'-])"
    start, end = sentence
    return [(start + m.start(), start + m.end()) for m in re.finditer(pattern, text[start:end])]


def _sentences_holding(text: str, units: list[Span], snippet: str) -> list[Span]:
    return [u for u in units if snippet in text[u[0] : u[1]]]


def _overlaps(edit: Span, form: Span, form_empty: bool) -> bool:
    if form_empty:  # the form's "span" is its sentence: the edit lies in it
        return form[0] <= edit[0] and edit[1] <= form[1]
    if edit[1] > edit[0]:
        return edit[0] < form[1] and edit[1] > form[0]
    return form[0] <= edit[0] <= form[1]


def _size_ok(side: Text, edit: Span, form: Span, form_empty: bool) -> bool:
    lo, hi = side.tokens(edit)
    n_form = 0 if form_empty else len(range(*side.tokens(form)))
    return hi - lo <= max(MIN_ALLOWANCE, 2 * n_form)


def _distance(side: Text, edit: Span, form: Span, form_empty: bool) -> int:
    e = set(range(*side.tokens(edit)))
    f = set() if form_empty else set(range(*side.tokens(form)))
    return len(e ^ f)


def match_place(
    edits: list[ScoredEdit],
    ta: Text,
    tb: Text,
    form_a: str,
    form_b: str,
    sentences_a: list[Span],
    sentences_b: list[Span],
    kind: str,
) -> ScoredEdit | None:
    """The edit closest to the place among those the rule accepts (None: not found)."""
    best: tuple[int, int, ScoredEdit] | None = None
    spans_a = [s for sent in sentences_a for s in _occurrences(ta.text, sent, form_a)]
    spans_b = [s for sent in sentences_b for s in _occurrences(tb.text, sent, form_b)]
    for e in edits:
        for fa in spans_a:
            if not (_overlaps(e.a, fa, not form_a) and _size_ok(ta, e.a, fa, not form_a)):
                continue
            for fb in spans_b:
                if not (_overlaps(e.b, fb, not form_b) and _size_ok(tb, e.b, fb, not form_b)):
                    continue
                d = _distance(ta, e.a, fa, not form_a) + _distance(tb, e.b, fb, not form_b)
                key = (d, e.kind != kind)
                if best is None or key < best[:2]:
                    best = (*key, e)
    return None if best is None else best[2]


# --- Where the places are -----------------------------------------------------


@dataclass
class Place:
    variant: int
    a: str
    b: str
    kind: str
    sentences_a: list[Span]
    sentences_b: list[Span]
    label: str


def _seed_units(path: Path) -> list[Span]:
    """The tool's sentence segmentation of a file (the fixture names sentences by snippets)."""
    from align.reading import read_source
    from align.segmenting import segment

    doc = segment(read_source(str(path)), "x")
    return [(s.start, s.end) for s in doc.sentences]


def load_list(path: Path) -> dict:
    """The list with its texts, units and places resolved."""
    data = json.loads(path.read_text(encoding="utf-8"))
    base = path.parent
    path_a, path_b = _resolve(base, data["a"]), _resolve(base, data["b"])
    text_a = path_a.read_text(encoding="utf-8")
    text_b = path_b.read_text(encoding="utf-8")
    gold_path = base / "gold.json"
    if gold_path.exists():
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        units_a = [tuple(s) for s in gold["a_spans"]]
        units_b = [tuple(s) for s in gold["b_spans"]]
        links = [tuple(link) for link in gold["links"]]
    else:
        units_a, units_b = _seed_units(path_a), _seed_units(path_b)
        gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
        links = sorted(
            {
                (i, j)
                for sa, sb in gold["links"]
                for i, u in enumerate(units_a)
                if sa in text_a[u[0] : u[1]]
                for j, w in enumerate(units_b)
                if sb in text_b[w[0] : w[1]]
            }
        )
    places: list[Place] = []
    top: list[Place] = []
    for n, v in enumerate(data["variants"]):
        places += _places_of(n, v, text_a, text_b, units_a, units_b)
    for n, v in enumerate(data.get("top5", [])):
        top += _places_of(n, v, text_a, text_b, units_a, units_b)
    return {
        "paths": (path_a, path_b),
        "texts": (text_a, text_b),
        "units": (units_a, units_b),
        "links": links,
        "places": places,
        "top5": top,
        "variants": len(data["variants"]),
        "inconsistencies": data.get("inconsistencies", []),
    }


def _places_of(
    n: int, v: dict, text_a: str, text_b: str, units_a: list[Span], units_b: list[Span]
) -> list[Place]:
    if "places" in v:
        return [
            Place(
                n,
                v["a"],
                v["b"],
                v["kind"],
                _sentences_holding(text_a, units_a, sa),
                _sentences_holding(text_b, units_b, sb),
                sa,
            )
            for sa, sb in v["places"]
        ]
    return [
        Place(
            n,
            v["a"],
            v["b"],
            v["kind"],
            [units_a[v["a_sentence"]]],
            [units_b[v["b_sentence"]]],
            f"A{v['a_sentence']}/B{v['b_sentence']}",
        )
    ]


# --- Edits: the tool's, or a plain token diff of the gold ------------------------------


def tool_edits(paths: tuple[Path, Path], pred: Path | None) -> tuple[list[ScoredEdit], dict]:
    """Every edit of ``align json`` on the pair (run now unless `pred` is given)."""
    if pred is None:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out.json"
            subprocess.run(
                [sys.executable, "-m", "align", "json", *map(str, paths), "-o", str(out)],
                check=True,
                cwd=REPO,
            )
            data = json.loads(out.read_text(encoding="utf-8"))
    else:
        data = json.loads(pred.read_text(encoding="utf-8"))
    edits = [
        ScoredEdit(tuple(e["a"]), tuple(e["b"]), e["kind"])
        for p in data["pairs"]
        for e in p["edits"]
    ]
    return edits, data


def _beads(links: list[tuple[int, int]]) -> list[tuple[list[int], list[int]]]:
    """Gold links joined into beads (connected groups of units)."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for i, j in links:
        parent[find(("a", i))] = find(("b", j))
    groups: dict[tuple[str, int], tuple[set[int], set[int]]] = {}
    for i, j in links:
        g = groups.setdefault(find(("a", i)), (set(), set()))
        g[0].add(i)
        g[1].add(j)
    return sorted((sorted(a), sorted(b)) for a, b in groups.values())


def baseline_edits(loaded: dict) -> list[ScoredEdit]:
    """A plain token diff (difflib opcodes, case folded) of each gold bead."""
    from align.naming.kinds import classify
    from align.segmenting import tokenize

    text_a, text_b = loaded["texts"]
    units_a, units_b = loaded["units"]
    out: list[ScoredEdit] = []
    for ia, ib in _beads(loaded["links"]):
        ta = [t for i in ia for t in tokenize(text_a[units_a[i][0] : units_a[i][1]], units_a[i][0])]
        tb = [t for j in ib for t in tokenize(text_b[units_b[j][0] : units_b[j][1]], units_b[j][0])]
        matcher = difflib.SequenceMatcher(
            None, [t.text.casefold() for t in ta], [t.text.casefold() for t in tb], autojunk=False
        )
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            a = (ta[i1].start, ta[i2 - 1].end) if i2 > i1 else _gap(ta, i1, units_a[ia[0]][0])
            b = (tb[j1].start, tb[j2 - 1].end) if j2 > j1 else _gap(tb, j1, units_b[ib[0]][0])
            out.append(ScoredEdit(a, b, str(classify(text_a[a[0] : a[1]], text_b[b[0] : b[1]]))))
    return out


def _gap(tokens: list, k: int, fallback: int) -> Span:
    at = tokens[k - 1].end if k else fallback
    return at, at


# --- Scoring ------------------------------------------------------------------


def _inconsistency_found(expected: dict, found: list[dict]) -> bool:
    for i in found:
        if i["document"] != expected["document"]:
            continue
        texts = [f["text"].casefold() for f in i["forms"]]
        if all(any(form.casefold() in t for t in texts) for form in expected["forms"]):
            return True
    return False


def score(loaded: dict, edits: list[ScoredEdit], inconsistencies: list[dict] | None) -> dict:
    """The figures (see the module's docstring), with the places missed and mis-kinded."""
    ta, tb = (Text(t) for t in loaded["texts"])
    found: set[int] = set()
    hit = agree = 0
    misses, wrong_kind = [], []
    for p in loaded["places"]:
        e = match_place(edits, ta, tb, p.a, p.b, p.sentences_a, p.sentences_b, p.kind)
        if e is None:
            misses.append((p.a, p.b, p.kind, p.label))
            continue
        hit += 1
        found.add(p.variant)
        if e.kind == p.kind:
            agree += 1
        else:
            wrong_kind.append((p.a, p.b, p.kind, e.kind))
    top = [
        match_place(edits, ta, tb, p.a, p.b, p.sentences_a, p.sentences_b, p.kind) is not None
        for p in loaded["top5"]
    ]
    out = {
        "places": len(loaded["places"]),
        "variants": loaded["variants"],
        "places_found": hit / max(len(loaded["places"]), 1),
        "variants_found": len(found) / max(loaded["variants"], 1),
        "kinds": agree / max(hit, 1),
        "misses": misses,
        "wrong_kind": wrong_kind,
    }
    if loaded["top5"]:
        out["top5"] = f"{sum(top)}/{len(top)}"
    if loaded["inconsistencies"] and inconsistencies is not None:
        n_found = sum(_inconsistency_found(i, inconsistencies) for i in loaded["inconsistencies"])
        out["inconsistencies"] = f"{n_found}/{len(loaded['inconsistencies'])}"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("list", type=Path, help="a hand-made variant list (JSON)")
    parser.add_argument("--pred", type=Path, help="an `align json` output to score (else run now)")
    parser.add_argument("--baseline", action="store_true", help="score a token diff of the gold")
    parser.add_argument("--misses", action="store_true", help="list the places missed")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    loaded = load_list(args.list)
    if args.baseline:
        edits, incons = baseline_edits(loaded), None
    else:
        edits, data = tool_edits(loaded["paths"], args.pred)
        incons = [{"document": i["document"], "forms": i["forms"]} for i in data["inconsistencies"]]
    figures = score(loaded, edits, incons)
    if args.json:
        hidden = () if args.misses else ("misses", "wrong_kind")
        print(json.dumps({k: v for k, v in figures.items() if k not in hidden}, indent=1))
        return 0
    what = "token diff of the gold" if args.baseline else "align json"
    print(f"{args.list} ({what}): {figures['places']} places of {figures['variants']} variants")
    print(
        f"  places found {figures['places_found']:.3f}  variants found "
        f"{figures['variants_found']:.3f}  kinds {figures['kinds']:.3f}"
        + (f"  top5 {figures['top5']}" if "top5" in figures else "")
        + (
            f"  inconsistencies {figures['inconsistencies']}"
            if "inconsistencies" in figures
            else ""
        )
    )
    if args.misses:
        for m in figures["misses"]:
            print("  missed:", m)
        for w in figures["wrong_kind"]:
            print("  kind:", w)
    return 0


if __name__ == "__main__":
    sys.exit(main())
