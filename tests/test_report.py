"""The HTML report without a browser: its data, a golden file, hostile text, links.

Refresh the golden file after an intended change to the report's markup
(the inlined CSS and JS are scrubbed out of it, so a style change needs no
refresh), then read the diff::

    ALIGN_REFRESH_GOLDEN=1 pytest tests/test_report.py -k golden

The hand-made comparisons here (`small`, `hostile`, `book`) do not depend on
the pipeline; `tests/test_report_browser.py` and `benchmarks/report_load.py`
use them too.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
from difflib import SequenceMatcher
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from align.diffing import pieces
from align.model import (
    Comparison,
    Document,
    Edit,
    Form,
    Inconsistency,
    Options,
    Pair,
    Piece,
    Place,
    Sentence,
    Variant,
)

_TOKEN = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")


def document(label: str, path: str, title: str, lines: list[tuple[str, bool]]) -> Document:
    """A document of one sentence per paragraph: ``(text, chrome)`` each."""
    text = ""
    sentences = []
    for k, (line, chrome) in enumerate(lines):
        start = len(text)
        text += line
        sentences.append(Sentence(k, start, len(text), k, chrome, line))
        text += "\n\n"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(label, path, digest, "utf-8", "text", text, tuple(sentences), title)


def _whole(sentence: Sentence) -> tuple[Piece, ...]:
    return (Piece(sentence.start, sentence.end, sentence.text, "equal"),)


def pair(
    pid: int,
    a: Document,
    b: Document,
    ia: tuple[int, ...],
    ib: tuple[int, ...],
    relation: str,
    score: float,
    kinds: dict[str, tuple[str, tuple[str, ...]]] | None = None,
    related: tuple[int, ...] = (),
) -> Pair:
    """A pair of (at most) one sentence a side, diffed word by word with difflib.

    ``kinds`` maps an edit's A text (or B text for an insertion) to its kind
    and flags; other edits are ``lexical``.
    """
    kinds = kinds or {}
    if not (ia and ib):
        return Pair(pid, ia, ib, relation, score, (), related)
    sa, sb = a.sentences[ia[0]], b.sentences[ib[0]]
    ta, tb = _TOKEN.findall(sa.text), _TOKEN.findall(sb.text)
    edits: list[Edit] = []
    pa: list[Piece] = []
    pb: list[Piece] = []
    pos_a, pos_b = sa.start, sb.start
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        xa, xb = "".join(ta[i1:i2]), "".join(tb[j1:j2])
        if tag == "equal":
            pa.append(Piece(pos_a, pos_a + len(xa), xa, "equal"))
            pb.append(Piece(pos_b, pos_b + len(xb), xb, "equal"))
        else:
            # Like the real differ, keep trailing spaces out of the edit.
            ea, eb = xa.rstrip(), xb.rstrip()
            kind, flags = kinds.get(ea or eb, ("lexical", ()))
            edit = Edit(tag, pos_a, pos_a + len(ea), pos_b, pos_b + len(eb), ea, eb, kind, flags)
            edits.append(edit)
            pa.append(Piece(pos_a, pos_a + len(ea), ea, tag, len(edits) - 1))
            pb.append(Piece(pos_b, pos_b + len(eb), eb, tag, len(edits) - 1))
            if len(ea) < len(xa):
                pa.append(Piece(pos_a + len(ea), pos_a + len(xa), xa[len(ea) :], "equal"))
            if len(eb) < len(xb):
                pb.append(Piece(pos_b + len(eb), pos_b + len(xb), xb[len(eb) :], "equal"))
        pos_a += len(xa)
        pos_b += len(xb)
    # The report cuts the sentences at these edits' spans: the same edit
    # pieces as built here, and the same text (equal runs joined).
    pair = Pair(pid, ia, ib, relation, score, tuple(edits), related)
    for (cut,), built in zip(pieces(pair, a, b), (pa, pb)):
        assert [x for x in cut if x.op != "equal"] == [x for x in built if x.op != "equal"]
        assert "".join(x.text for x in cut) == "".join(x.text for x in built)
    return pair


def small() -> Comparison:
    """Eight pairs: match, move, repeat, only_a, only_b; chrome on both sides."""
    a = document(
        "VOV",
        "seeds/vov.txt",
        "Party leader calls for advancing comprehensive diplomacy",
        [
            ("Party leader calls for advancing comprehensive diplomacy", False),
            ("Chia sẻ", True),
            (
                "The 14th National Party Congress identified foreign affairs as a vital and "
                "regular task.",
                False,
            ),
            (
                "President Ho Chi Minh said foreign affairs are essential after the issue of "
                "defense.",
                False,
            ),
            ("On February 18, To Lam published an article.", False),
            ("The path of peace is aimed at building a strong nation.", False),
            ("It was not easy.", False),
            ("Feedback", True),
        ],
    )
    b = document(
        "VNA",
        "seeds/vna.txt",
        "PROMOTING COMPREHENSIVE FOREIGN AFFAIRS AT NEW HEIGHT",
        [
            ("PROMOTING COMPREHENSIVE FOREIGN AFFAIRS AT NEW HEIGHT", False),
            ("To Lam has written an article.", False),
            ("The 14th Congress identified foreign affairs as a key and regular task.", False),
            (
                "President Ho Chi Minh said foreign affairs are essential after the issue of "
                "defence.",
                False,
            ),
            ("Vietnam at the threshold of a new era", False),
            ("The path of peace is aimed at building a strong nation.", False),
            ("The path of peace is aimed at building a strong nation.", False),
            ("VNA/VNP", True),
        ],
    )
    kinds = {
        "National Party": ("omission", ()),
        "vital": ("lexical", ()),
        "defense": ("spelling", ()),
        "On February 18,": ("omission", ("date",)),
        "published": ("form", ()),
    }
    pairs = (
        pair(0, a, b, (0,), (0,), "match", 0.34, kinds),
        pair(1, a, b, (4,), (1,), "move", 0.62, kinds),
        pair(2, a, b, (2,), (2,), "match", 0.81, kinds),
        pair(3, a, b, (3,), (3,), "match", 0.95, kinds),
        pair(4, a, b, (), (4,), "only_b", 0.1),
        pair(5, a, b, (5,), (5,), "match", 1.0, related=(6,)),
        pair(6, a, b, (5,), (6,), "repeat", 1.0, related=(5,)),
        pair(7, a, b, (6,), (), "only_a", 0.0),
    )
    variants = (
        Variant("vital", "key", "lexical", (), 1, (2,), (Place(2, 1),)),
        Variant("defense", "defence", "spelling", (), 1, (3,), (Place(3, 0),)),
        Variant("published", "has written", "form", (), 1, (1,)),
    )
    inconsistencies = (
        Inconsistency(
            "b",
            (Form("foreign affairs", (2, 3)), Form("external relations", (5,))),
            "foreign affairs",
            "counterpart",
        ),
    )
    return Comparison(
        "0.0.0-test",
        Options(labels=("VOV", "VNA")),
        a,
        b,
        pairs,
        variants,
        inconsistencies,
    )


#: Text meant to break out of its element, run script or reorder the page.
HOSTILE = (
    "<script>window.__pwned = 1</script> </td></tr></table> <img src=x "
    'onerror="window.__pwned = 2"> <a href="javascript:window.__pwned=3">click</a> '
    "javascript:alert(1) &amp; &lt;b&gt; &#x3C;i&#x3E; "
    "\u202eevil\u202c zero\u200bwidth \u2066iso\u2069 {{ 7*7 }} ${x} --></style>"
)


def hostile() -> Comparison:
    """Hostile text in sentences, labels, titles, paths, variants and forms."""
    a = document(
        '<b>A</b>"\u202e',
        '"><script>window.__pwned=4</script>.txt',
        "</title><script>window.__pwned=5</script>",
        [(HOSTILE + " one.", False), ("Plain text stays plain.", False), (HOSTILE, True)],
    )
    b = document(
        "B</style><script>window.__pwned=6</script>",
        "javascript:alert(1)",
        "&amp;\u200b",
        [(HOSTILE + " two.", False), ("Plain text stays plain here.", False)],
    )
    pairs = (
        pair(0, a, b, (0,), (0,), "match", 0.9),
        pair(1, a, b, (1,), (1,), "match", 0.4),
    )
    variants = (Variant(HOSTILE, "<i>two</i>", "lexical", ("quote",), 1, (0,)),)
    inconsistencies = (
        Inconsistency("a", (Form(HOSTILE, (0,)), Form("</td>", (1,))), HOSTILE, "spelling"),
    )
    return Comparison("0.0.0-test", Options(), a, b, pairs, variants, inconsistencies)


_WORDS = (
    "the of and to in a is that for on with as by at from this it be are was which or an "
    "their has not will can more new also foreign affairs diplomacy nation peace development "
    "cooperation independence sovereignty integration country people world responsibility "
    "party congress era policy strategic security economy culture history"
).split()


#: A budget that a page of 300 of `book`'s rows keeps within (about 7,100), so
#: that tests of a book's pages cut them at its chapters, every 300 rows.
BOOK_PAGE_COST = 10_000


def book(n: int, seed: int = 1) -> Comparison:
    """A synthetic book-length comparison of ``n`` pairs, chapters every 300.

    About 8% of pairs are one-sided on each side; the rest match with 0-3
    word replacements.
    """
    rng = random.Random(seed)
    lines_a: list[tuple[str, bool]] = []
    lines_b: list[tuple[str, bool]] = []
    plan: list[tuple[str, int, int, list[int]]] = []
    for k in range(n):
        if k % 300 == 0:
            title = f"Chapter {k // 300 + 1}"
            plan.append(("match", len(lines_a), len(lines_b), []))
            lines_a.append((title, False))
            lines_b.append((title, False))
            continue
        words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 35))]
        words[0] = words[0].capitalize()
        text = " ".join(words) + "."
        roll = rng.random()
        if roll < 0.08:
            plan.append(("only_a", len(lines_a), -1, []))
            lines_a.append((text, False))
        elif roll < 0.16:
            plan.append(("only_b", -1, len(lines_b), []))
            lines_b.append((text, False))
        else:
            count = rng.choice([0, 1, 1, 2, 3])
            changed = sorted({rng.randrange(1, len(words)) for _ in range(count)})
            other = list(words)
            for i in changed:
                other[i] = rng.choice(_WORDS) + "s"
            plan.append(("match", len(lines_a), len(lines_b), changed))
            lines_a.append((text, False))
            lines_b.append((" ".join(other) + ".", False))
    a = document("A", "book-a.txt", "A book", lines_a)
    b = document("B", "book-b.txt", "The book", lines_b)
    pairs = []
    for pid, (relation, ia, ib, _changed) in enumerate(plan):
        score = 0.0 if relation != "match" else round(0.3 + 0.7 * rng.random(), 3)
        pairs.append(
            pair(
                pid,
                a,
                b,
                (ia,) if ia >= 0 else (),
                (ib,) if ib >= 0 else (),
                relation,
                score,
            )
        )
    return Comparison("0.0.0-bench", Options(labels=("A", "B")), a, b, tuple(pairs))


# ---------------------------------------------------------------------------- tests

from align.rendering.html.build import build_report  # noqa: E402
from align.rendering.html.data import PAGE_COST, PAGE_ROWS, Row  # noqa: E402
from align.rendering.html.minimap import minimap  # noqa: E402
from align.rendering.html.page import css_string  # noqa: E402
from align.rendering.html.pages import page_breaks, paginate, row_cost  # noqa: E402
from align.rendering.html.render import render_html, render_html_pages, write_report  # noqa: E402
from align.rendering.html.text import runs  # noqa: E402
from align.summary import REVIEW_BELOW  # noqa: E402

GOLDEN = Path(__file__).parent / "golden"


def _rows(comparison: Comparison, **options: object) -> dict[str, Row]:
    return {row.anchor: row for row in build_report(comparison, **options).rows}


def test_every_pair_has_one_row_in_reading_order() -> None:
    report = build_report(small())
    anchors = [row.anchor for row in report.rows]
    pairs = [a for a in anchors if a.startswith("pair-")]
    assert pairs == [f"pair-{k}" for k in range(8)]
    assert [row.number for row in report.rows] == list(range(1, len(report.rows) + 1))


def test_chrome_set_aside_is_shown_greyed_where_it_stood() -> None:
    anchors = [row.anchor for row in build_report(small()).rows]
    # Each after the row holding the sentence before it in its own text.
    assert anchors[anchors.index("pair-0") + 1] == "chrome-a-2"  # "Chia sẻ"
    assert anchors[-4:] == ["pair-6", "chrome-b-8", "pair-7", "chrome-a-8"]
    row = _rows(small())["chrome-a-2"]
    assert row.chrome and not row.diff and row.pair is None and row.name == "VOV s2"
    assert not row.b.sentences


def test_summary_counts_and_coverage() -> None:
    summary = build_report(small()).summary
    assert {c.key: c.count for c in summary.relations} == {
        "match": 4,
        "only_a": 1,
        "only_b": 1,
        "repeat": 1,
        "move": 1,
    }
    assert summary.pairs == 8 and summary.chrome == 3
    # A: 58 words; "National Party", "On February 18" lack a counterpart, and so
    # does the one-sided "It was not easy". B: 69 words, 8 of them one-sided.
    a, b = summary.coverage
    assert (a.words, a.covered, a.percent) == (58, 49, "84.5%")
    assert (b.words, b.covered, b.percent) == (69, 61, "88.4%")
    assert {c.key: c.count for c in summary.kinds} == {
        "lexical": 2,
        "form": 1,
        "spelling": 1,
        "omission": 2,
    }
    assert {c.key: c.count for c in summary.flags} == {"date": 1}


def test_low_confidence_uses_the_documented_threshold() -> None:
    rows = _rows(small())
    assert REVIEW_BELOW == 0.5
    assert rows["pair-0"].review  # 0.34, both sides
    assert not rows["pair-1"].review  # 0.62
    assert not rows["pair-4"].review  # one-sided: nothing to doubt
    assert _rows(small(), review_below=0.7)["pair-1"].review


def test_differences_are_what_j_stops_at() -> None:
    rows = _rows(small())
    assert rows["pair-2"].diff and rows["pair-2"].kinds == ("lexical", "omission")
    assert not rows["pair-5"].diff  # identical
    assert rows["pair-6"].diff and rows["pair-4"].diff and rows["pair-1"].diff


def test_repeat_links_both_ways() -> None:
    rows = _rows(small())
    assert [link.href for link in rows["pair-5"].links] == ["#pair-6"]
    assert [link.href for link in rows["pair-6"].links] == ["#pair-5"]
    assert "same VOV sentence" in rows["pair-6"].links[0].title


def test_move_links_to_where_it_stands_in_the_other_order_and_back() -> None:
    rows = _rows(small())
    # In VOV "On February 18..." follows the sentence of pair 3, not pair 0's.
    assert [(link.href, link.text) for link in rows["pair-1"].links] == [
        ("#pair-3", "↔ VOV: after #3")
    ]
    assert "#pair-1" in [link.href for link in rows["pair-3"].links]
    assert "sentence 5 of 8" in rows["pair-1"].a.where_long


def test_replacement_spans_share_their_edit() -> None:
    row = _rows(small())["pair-2"]
    a = [s for s in row.a.sentences[0].spans if s.op != "equal"]
    b = [s for s in row.b.sentences[0].spans if s.op != "equal"]
    assert [(s.text, s.op, s.edit) for s in a] == [
        ("National Party", "delete", 0),
        ("vital", "replace", 1),
    ]
    assert [(s.text, s.op, s.edit, s.empty) for s in b] == [
        ("", "delete", 0, True),
        ("key", "replace", 1, False),
    ]
    assert b[1].title == "edit 2, lexical: “vital” → “key”"


def test_ignored_kinds_read_as_equal_and_leave_the_counts() -> None:
    report = build_report(small(), ignore={"spelling"})
    row = {r.anchor: r for r in report.rows}["pair-3"]
    assert not row.diff and row.kinds == ()
    assert all(s.op == "equal" for s in row.a.sentences[0].spans)
    assert "spelling" not in {c.key for c in report.summary.kinds}
    assert [v.a for v in report.variants] == ["vital", "published"]
    assert "ignore:spelling" in report.header.signature


def test_variants_and_inconsistencies_link_and_filter_their_rows() -> None:
    report = build_report(small())
    vital = report.variants[0]
    assert (vital.anchor, vital.a, vital.b, vital.count) == ("variant-1", "vital", "key", 1)
    assert [link.href for link in vital.links] == ["#pair-2"] and vital.filter == "pair-2"
    (item,) = report.inconsistencies
    assert item.label == "VNA" and item.filter == "pair-2 pair-3 pair-5"
    assert [(f.text, f.count) for f in item.forms] == [
        ("foreign affairs", 2),
        ("external relations", 1),
    ]


def test_minimap_tiles_the_strip() -> None:
    report = build_report(small())
    segments = report.minimap
    top = 0.0
    for s in segments:
        assert abs(float(s.top) - top) < 0.01
        top += float(s.height)
    assert abs(top - 100) < 0.01
    assert {s.state for s in segments} == {
        "same",
        "differ",
        "only_a",
        "only_b",
        "chrome",
        "repeat",
        "move",
        "review",
    }
    assert segments[0].href == "#pair-0" and segments[0].first == 1


def test_minimap_bins_long_reports() -> None:
    rows = build_report(book(3000)).rows
    segments = minimap(rows, limit=50)
    assert len(segments) <= 50
    assert segments[0].first == 1 and segments[-1].last == len(rows)
    assert all(a.last + 1 == b.first for a, b in zip(segments, segments[1:]))


def test_invisible_characters_are_named() -> None:
    found = runs("a\u202eb\u200bc")
    assert found is not None
    assert [(r.text, r.code) for r in found] == [
        ("a", ""),
        ("\u202e", "U+202E"),
        ("b", ""),
        ("\u200b", "U+200B"),
        ("c", ""),
    ]
    assert found[1].control == "U+202E RIGHT-TO-LEFT OVERRIDE"
    assert runs("plain text") is None


def test_header_records_inputs_version_and_options() -> None:
    comparison = small()
    header = build_report(comparison).header
    assert header.a.sha256 == comparison.a.sha256 and header.b.label == "VNA"
    assert header.signature == (
        f"align:0.0.0-test|schema:align/1|units:sentences|keep_chrome:no|threshold:estimated"
        f"|ignore:none|a:{comparison.a.sha256[:12]}|b:{comparison.b.sha256[:12]}"
    )
    assert header.timestamp is None
    html = render_html(comparison)
    assert comparison.a.sha256 in html and comparison.b.sha256 in html
    assert "Generated" not in html
    assert "Generated 2026-01-02 03:04 UTC" in render_html(
        comparison, timestamp="2026-01-02 03:04 UTC"
    )


# -------------------------------------------------------------------- the HTML


class _Page(HTMLParser):
    """Collects what the checks below need from a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "a" and found.get("href") is not None:
            self.hrefs.append(str(found["href"]))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def _check_links(pages: dict[str, str]) -> int:
    """Every internal link names a page of the report and an id on it."""
    parsed = {name: _parse(html) for name, html in pages.items()}
    checked = 0
    for name, page in parsed.items():
        assert len(page.ids) == len(set(page.ids)), f"{name}: duplicate ids"
        for href in page.hrefs:
            target, _, fragment = href.partition("#")
            target = unquote(target)
            assert target in parsed or target == "", f"{name}: {href} leaves the report"
            if fragment:
                assert fragment in parsed[target or name].ids, f"{name}: {href} leads nowhere"
            checked += 1
    return checked


#: What the golden file holds in place of the inlined assets and the script's hash.
ASSET_MARKER = "/* {} inlined: see test_assets_are_inlined */"
HASH_MARKER = "sha256-SCRUBBED"
ASSETS = ("report.css", "report.js")


def _assets() -> dict[str, str]:
    """The report's CSS and JS, as the templates folder holds them."""
    import align.rendering

    templates = Path(align.rendering.__file__).parent / "templates"
    return {name: (templates / name).read_text(encoding="utf-8") for name in ASSETS}


def scrub(html: str) -> str:
    """The page with the inlined CSS and JS (and the script's hash) replaced by markers.

    What is under test is the markup the report's data gives; the assets are
    checked once, by `test_assets_are_inlined`, so a style change leaves the
    golden file alone. (The per-report CSS, the labels, stays in.)
    """
    for name, text in _assets().items():
        html = html.replace(text, ASSET_MARKER.format(name))
    return re.sub(r"'sha256-[A-Za-z0-9+/=]+'", f"'{HASH_MARKER}'", html)


def test_golden_html() -> None:
    """Byte for byte, assets scrubbed; refresh with ALIGN_REFRESH_GOLDEN=1 (see the module doc)."""
    html = scrub(render_html(small()))
    golden = GOLDEN / "report_small.html"
    if os.environ.get("ALIGN_REFRESH_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(html, encoding="utf-8")
    assert html == scrub(golden.read_text(encoding="utf-8")), (
        "the report's HTML changed; if that was meant, refresh the golden file: "
        "ALIGN_REFRESH_GOLDEN=1 pytest tests/test_report.py -k golden"
    )


def test_assets_are_inlined() -> None:
    """The page holds the whole CSS in its <style> and the whole JS in its one <script>."""
    html = render_html(small())
    assets = _assets()
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    script = html.split("<script>", 1)[1].split("</script>", 1)[0]
    assert assets["report.css"] in style
    assert script.strip() == assets["report.js"].strip()
    for name in assets:
        assert ASSET_MARKER.format(name) in scrub(html)


def test_output_is_deterministic() -> None:
    assert render_html(small()) == render_html(small())
    assert render_html_pages(book(120), "r.html", page_rows=50) == render_html_pages(
        book(120), "r.html", page_rows=50
    )


def test_page_is_self_contained() -> None:
    html = render_html(small())
    page = _parse(html)
    for tag, attrs in page.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed"), tag
        assert "src" not in attrs or tag == "script" and attrs["src"] is None
    scripts = [attrs for tag, attrs in page.tags if tag == "script"]
    assert scripts == [{}]
    assert "http://" not in html and "https://" not in html
    assert "default-src 'none'" in html


def test_script_hash_in_the_policy_matches_the_script() -> None:
    import base64
    import hashlib as h

    html = render_html(small())
    script = html.split("<script>", 1)[1].split("</script>", 1)[0]
    digest = base64.b64encode(h.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in html


def test_every_internal_link_resolves() -> None:
    assert _check_links({"report.html": render_html(small())}) > 20


def test_hostile_text_is_inert() -> None:
    html = render_html(hostile())
    page = _parse(html)
    assert [t for t, _ in page.tags if t == "script"] == ["script"]
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not str(attrs.get("href") or "").lower().startswith("javascript:")
        assert tag not in ("img", "table", "i", "b") or tag == "table" and "pairs" not in attrs
    text = "".join(page.text)
    assert "<script>window.__pwned = 1</script>" in text
    assert "</td></tr></table>" in text and "&amp;" in text and "{{ 7*7 }}" in text
    assert 'data-cp="U+202E"' in html and 'data-cp="U+200B"' in html
    # Every override in the page sits alone in its marker.
    marker = 'data-cp="U+202E" title="U+202E RIGHT-TO-LEFT OVERRIDE">\u202e</span>'
    assert "\u202e" not in html.replace(marker, "")
    assert _check_links({"report.html": html}) > 0


def test_labels_reach_css_escaped() -> None:
    assert css_string('</style>"') == '"\\3c \\2f \\73 \\74 \\79 \\6c \\65 \\3e \\22 "'
    html = render_html(hostile())
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "<" not in style.split("@media (max-width: 720px) {\n  .cell.a::before")[1]


def test_page_breaks_fall_on_chapters() -> None:
    rows = build_report(book(1000)).rows
    # By rows alone (a budget never reached): at the chapters, every 300 rows.
    assert page_breaks(rows, 350, budget=10**9) == [0, 300, 600, 900]
    assert page_breaks(rows, 400, budget=10**9) == [0, 300, 600]
    assert page_breaks(rows, 5000, budget=10**9) == [0]


def dense(n: int, seed: int = 2) -> Comparison:
    """``n`` matched pairs of long sentences (60 words) that differ in every other
    word: few rows, each of many edits, like verses of two free translations."""
    rng = random.Random(seed)
    lines_a: list[tuple[str, bool]] = []
    lines_b: list[tuple[str, bool]] = []
    for _ in range(n):
        words = [f"{rng.choice(_WORDS)}{k}" for k in range(60)]  # numbered: no false matches
        other = [f"{rng.choice(_WORDS)}s{k}" if k % 2 else w for k, w in enumerate(words)]
        lines_a.append((" ".join(words).capitalize() + ".", False))
        lines_b.append((" ".join(other).capitalize() + ".", False))
    a = document("A", "dense-a.txt", "Dense", lines_a)
    b = document("B", "dense-b.txt", "Dense", lines_b)
    pairs = tuple(pair(k, a, b, (k,), (k,), "match", 0.5) for k in range(n))
    return Comparison("0.0.0-test", Options(labels=("A", "B")), a, b, pairs)


def test_a_page_of_few_long_rows_is_split_by_its_cost() -> None:
    """Pages are cut by what they cost the browser (`row_cost`), not by rows: 120
    rows of many edits each, far under `PAGE_ROWS`, make several pages, each
    within `PAGE_COST` and laid out whole as it loads; as many rows of a light
    book stay one page."""
    report = build_report(dense(120))
    assert len(report.rows) == 120 < PAGE_ROWS // 5
    assert sum(row_cost(r) for r in report.rows) > 2 * PAGE_COST
    pages = paginate(report, "dense.html")
    rows = [page for page in pages.values() if page.page]
    assert len(rows) >= 3
    assert all(sum(row_cost(r) for r in page.rows) <= PAGE_COST for page in rows)
    assert [r.number for page in rows for r in page.rows] == list(range(1, 121))
    html = render_html_pages(dense(120), "dense.html")
    assert all('<div class="rows" data-first=' in html[k] for k in html if k != "dense.html")
    # The same report as one file is over the budget: laid out near the screen first.
    assert '<div class="rows lazy" data-first=' in render_html(dense(120))
    assert list(paginate(build_report(book(120)), "light.html")) == ["light.html"]
    assert len(render_html_pages(book(120), "light.html", page_cost=1000)) > 3  # a budget asked
    assert '<div class="rows" data-first=' in render_html(book(120))


def test_long_reports_split_into_linked_pages(tmp_path: Path) -> None:
    pages = render_html_pages(book(700), "book.html", page_rows=300, page_cost=BOOK_PAGE_COST)
    assert list(pages) == ["book-001.html", "book-002.html", "book-003.html", "book.html"]
    assert _check_links(pages) > 100
    index = _parse(pages["book.html"])
    assert "pair-5" not in index.ids and "book-001.html" in index.hrefs
    first = _parse(pages["book-001.html"])
    assert "pair-5" in first.ids and "book-002.html" in first.hrefs
    written = write_report(
        book(700), str(tmp_path / "book.html"), page_rows=300, page_cost=BOOK_PAGE_COST
    )
    assert [Path(p).name for p in written] == list(pages)
    assert (tmp_path / "book-002.html").read_text(encoding="utf-8") == pages["book-002.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(pages)


def test_page_links_escape_file_names() -> None:
    pages = render_html_pages(book(130), "my #1 book.html", page_rows=50)
    assert "my #1 book-002.html" in pages
    assert 'href="my%20%231%20book-002.html"' in pages["my #1 book.html"]
    assert _check_links(pages) > 10


def test_short_reports_stay_one_page() -> None:
    report = build_report(small())
    assert list(paginate(report, "r.html")) == ["r.html"]
    assert render_html_pages(small(), "r.html") == {"r.html": render_html(small())}


@pytest.mark.parametrize("relation", ["only_a", "only_b"])
def test_a_sentence_without_counterpart_faces_an_empty_cell(relation: str) -> None:
    html = render_html(small())
    pid = 7 if relation == "only_a" else 4
    row = html.split(f'<article id="pair-{pid}"', 1)[1].split("</article>", 1)[0]
    side = "b" if relation == "only_a" else "a"
    assert f'<div class="cell {side} empty">' in row
    assert "no counterpart in" in row


def test_rows_are_chunked_in_order_with_a_height_each() -> None:
    report = build_report(book(230))
    assert [len(c.rows) for c in report.chunks] == [50, 50, 50, 50, 30]
    assert [r for c in report.chunks for r in c.rows] == list(report.rows)
    assert all(c.height > 50 * 30 for c in report.chunks[:4])
    pages = paginate(report, "b.html", 100)
    assert all(
        [r for c in page.chunks for r in c.rows] == list(page.rows) for page in pages.values()
    )


def test_seed_report_links_resolve() -> None:
    from align.model import Options
    from align.pipeline import compare

    root = Path(__file__).resolve().parent.parent
    comparison = compare(
        str(root / "seeds/vov-to-lam-comprehensive-diplomacy.txt"),
        str(root / "seeds/vna-to-lam-comprehensive-foreign-affairs.txt"),
        Options(labels=("VOV", "VNA")),
    )
    html = render_html(comparison)
    assert _check_links({"vov-vna.html": html}) > 100
    ids = _parse(html).ids
    assert all(f"pair-{p.id}" in ids for p in comparison.pairs)


def test_hide_chrome_starts_with_chrome_hidden() -> None:
    html = render_html(small(), hide_chrome=True)
    assert '<body class="hide-chrome"' in html
    assert '<input type="checkbox" data-filter="chrome" checked>' in html
    assert 'id="chrome-a-2"' in html  # still there, for links and for print
    assert "hide-chrome=yes" in html


def test_the_legend_says_which_way_omission_and_insertion_point() -> None:
    """Omission: words only A has (B leaves them out); insertion: only B's. Said
    in the summary's legend and in the keys dialog (on every page of a book)."""
    html = render_html(small())
    plain = " ".join(re.sub(r"<[^>]+>", "", html).split())
    said = (
        "omission is words only VOV has (VNA leaves them out)",
        "insertion is words only VNA has (VOV leaves them out)",
    )
    legend = re.search(r'<p class="note legend" id="direction">(.*?)</p>', html, re.S)
    assert legend and all(s in re.sub(r"<[^>]+>", "", legend.group(1)) for s in said)
    keys = re.search(r'<dialog id="help".*?</dialog>', html, re.S)
    assert keys and all(s in " ".join(re.sub(r"<[^>]+>", "", keys.group(0)).split()) for s in said)
    assert all(plain.count(s) == 2 for s in said)
