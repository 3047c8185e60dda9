"""The report's findings, counts, folds and book structures, without a browser.

On the seed pair (VOV's summary against VNA's full translation), checked by
hand: VNA renders VOV's sentence 15 twice (pairs 0 and 31), VOV renders VNA's
sentences 49-51 twice (pairs 46-48 and 49-51), VNA's sentences 36-43 form a
run of eight with no counterpart in VOV (pairs 33-40), "vital" against "key"
occurs in pairs 4 and 46.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from test_report import BOOK_PAGE_COST, _check_links, book, small

from align.model import Comparison, Form, Inconsistency, Kind, Options, Variant
from align.pipeline import compare
from align.rendering.html.build import build_report
from align.rendering.html.data import INDEX_TABLE_ROWS, TABLE_ROWS, Report
from align.rendering.html.minimap import minimap
from align.rendering.html.pages import _spans, paginate
from align.rendering.html.render import render_html, render_html_pages
from align.summary import summarise

ROOT = Path(__file__).resolve().parent.parent
VOV = str(ROOT / "seeds/vov-to-lam-comprehensive-diplomacy.txt")
VNA = str(ROOT / "seeds/vna-to-lam-comprehensive-foreign-affairs.txt")


@cache
def seed() -> Comparison:
    return compare(VOV, VNA, Options(labels=("VOV", "VNA")))


@cache
def seed_report() -> Report:
    return build_report(seed())


def _sentence(finding: object) -> str:
    return "".join(p.text for p in finding.phrases)  # type: ignore[attr-defined]


def test_repeats_say_which_text_renders_twice() -> None:
    repeats = {r.pair: (r.side, r.renderings) for r in summarise(seed()).repeats}
    assert repeats == {
        0: ("b", (0, 31)),
        46: ("a", (46, 49)),
        47: ("a", (47, 50)),
        48: ("a", (48, 51)),
    }
    rows = {r.name: r for r in seed_report().rows}
    assert rows["#0"].relation_label == "repeat: VNA renders this twice"
    assert rows["#46"].relation_label == "repeat: VOV renders this twice"
    assert [link.href for link in rows["#31"].links] == ["#pair-0"]


def test_findings_lead_with_what_differs() -> None:
    groups = {g.key: g for g in seed_report().findings}
    assert list(groups) == ["coverage", "placement", "substance", "wording", "inconsistency"]
    coverage = [_sentence(f) for f in groups["coverage"].findings]
    assert coverage[2] == "43 VNA sentences have no counterpart in VOV, 8 runs of three or more."
    placement = [_sentence(f) for f in groups["placement"].findings]
    assert placement[:2] == [
        "VNA renders VOV s15 twice (2 pairs):",
        "VOV renders VNA s49–51 twice (6 pairs):",
    ]
    assert "#5 stands elsewhere in VNA: there it follows #0." in placement
    wording = {_sentence(f): f for f in groups["wording"].findings}
    vital = wording["VOV vital where VNA has key, 2 pairs"]
    assert [link.href for link in vital.links] == ["#pair-4", "#pair-46"]
    assert vital.filter == "pair-4 pair-46"
    # Substance first by its gravest flag: numbers lead. A number word in a
    # phrase ("five continents" / "world") changes no figure, and a name
    # rendered by a pronoun ("We") names no one else: neither is substance.
    substance = groups["substance"].findings
    first = substance[0]
    assert _sentence(first) == "VOV has On February 18, VNA not, 1 pair"
    assert first.flags == ("number", "date")
    shown = {_sentence(f) for f in substance}
    # A fragment of context is no name variant: "Party" moved across "General
    # Secretary" is one row with VNA's longer title, and nothing of VOV's
    # "of the Communist Party of Vietnam" is left out on its own.
    assert not any(s.endswith(", Party, VNA not, 1 pair") for s in shown)
    assert "VOV has of the Communist Party of Vietnam, VNA not, 1 pair" not in shown
    assert "VOV world where VNA has five continents, 1 pair" not in shown
    assert "VOV Party General Secretary To Lam where VNA has We, 1 pair" not in shown


def test_runs_of_omissions_fold_into_one_row() -> None:
    runs = summarise(seed()).omissions
    assert [len(r.pairs) for r in runs] == [5, 6, 6, 8, 4, 4, 3, 3]
    assert runs[3].pairs == tuple(range(33, 41)) and runs[3].side == "b"
    rows = {r.name: r for r in seed_report().rows}
    fold = rows["#33"].fold
    assert fold is not None and fold.text == "VNA s36–43, 8 sentences, not in VOV"
    assert {rows[f"#{n}"].folded for n in range(33, 41)} == {fold.number}
    assert rows["#34"].fold is None and rows["#41"].folded == 0


def test_counts_say_what_they_count() -> None:
    figures = seed_report().summary
    lexical = next(c for c in figures.kinds if c.key == Kind.LEXICAL)
    assert (lexical.count, lexical.pairs) == (97, 21)  # edits, pairs (the inner alignment's)
    summary = summarise(seed())
    # A kind's pairs are the rows its filter shows: the rows carrying the kind.
    for count in figures.kinds:
        assert count.pairs == sum(count.key in r.kinds for r in seed_report().rows)
    for count in figures.flags:
        assert count.pairs == sum(count.key in r.flags for r in seed_report().rows)
    assert figures.rows == len(seed_report().rows) == 83 and figures.pairs == 76
    assert summary.changed_beyond_noise == summary.changed - 1
    assert [r.name for r in seed_report().rows if r.noise] == ["#45"]


def test_edit_numbers_count_up_within_each_pair() -> None:
    for row in seed_report().rows:
        numbers = {
            sp.number
            for cell in (row.a, row.b)
            for s in cell.sentences
            for sp in s.spans
            if sp.op != "equal"
        }
        assert numbers == set(range(1, row.edits + 1)), row.name


def test_ignored_kinds_leave_no_gap_in_the_numbers() -> None:
    report = build_report(seed(), ignore=["punctuation", "case"])
    row = next(r for r in report.rows if r.name == "#0")
    numbers = sorted(
        {sp.number for c in (row.a, row.b) for s in c.sentences for sp in s.spans if sp.number}
    )
    kept = [e for e in seed().pairs[0].edits if e.kind not in ("punctuation", "case")]
    all_edits = len(seed().pairs[0].edits)
    assert numbers == list(range(1, len(kept) + 1)) and row.edits == len(kept) < all_edits


def test_the_strip_of_a_summary_against_a_book_shows_where_it_covers() -> None:
    # One match in twenty rows, the rest only in B: binned, each bin shows its matches.
    long = book(3000)
    pairs = tuple(
        p if p.relation == "match" and p.id % 20 == 0 else replace(p, a=(), relation="only_b")
        for p in long.pairs
    )
    rows = build_report(replace(long, pairs=pairs)).rows
    segments = minimap(rows, limit=50)
    states = {s.state for s in segments}
    assert "only_b" not in states and states <= {"same", "differ", "review"}


def test_every_more_opens_onto_its_links() -> None:
    many = replace(small(), variants=(Variant("vital", "key", "lexical", (), 7, tuple(range(8))),))
    row = build_report(many).variants[0]
    assert [link.text for link in row.links] == [f"#{n}" for n in range(8)]
    assert row.rest == () and row.more == 0
    wider = replace(
        small(), variants=(Variant("vital", "key", "lexical", (), 150, tuple(range(150))),)
    )
    row = build_report(wider).variants[0]
    assert len(row.links) == 8 and len(row.rest) == 92 and row.more == 50
    html = render_html(wider)
    assert '<details class="more"><summary>+92 more</summary>' in html


def test_long_tables_defer_their_later_rows() -> None:
    variants = tuple(
        Variant(f"word{n}", f"other{n}", "lexical", (), 1, (2,)) for n in range(TABLE_ROWS + 5)
    )
    html = render_html(replace(small(), variants=variants))
    held = html.split('<template class="deferred">', 1)
    assert len(held) == 2
    assert f'id="variant-{TABLE_ROWS}"' in held[0] and f'id="variant-{TABLE_ROWS}"' not in held[1]
    assert f'id="variant-{TABLE_ROWS + 1}"' in held[1]
    plain = render_html(small())
    assert 'id="variant-1"' in plain and '<template class="deferred">' not in plain


def test_every_page_maps_pairs_to_pages_and_the_index_indexes_words() -> None:
    pages = paginate(build_report(book(700)), "book.html", 300, BOOK_PAGE_COST)
    index = pages["book.html"]
    for name, report in pages.items():
        assert report.page_map == index.page_map, name
    covered = [i for spans in index.page_map.values() for a, b in spans for i in range(a, b + 1)]
    assert sorted(covered) == list(range(700))
    assert index.words["chapter"] == "1-3"  # runs of pages
    assert index.words["3"] == "3"


@given(st.lists(st.integers(0, 200), unique=True).map(sorted))
def test_spans_cover_exactly_their_ids(ids: list[int]) -> None:
    spans = _spans(ids)
    assert [i for a, b in spans for i in range(a, b + 1)] == ids
    assert all(b + 1 < c for (_, b), (c, _) in zip(spans, spans[1:]))


def _big_book() -> Comparison:
    """A book of 3,000 pairs with 4,500 variants and 700 inconsistencies."""
    base = book(3000)
    variants = tuple(
        Variant(f"word{n}", f"other{n}", "lexical", (), 3, (n % 3000, (n * 7) % 3000))
        for n in range(4500)
    )
    within = tuple(
        Inconsistency(
            "a", (Form(f"x{n}", (n % 3000,)), Form(f"y{n}", ((n + 5) % 3000,))), "z", "counterpart"
        )
        for n in range(700)
    )
    return replace(base, variants=variants, inconsistencies=within)


def test_a_book_puts_long_tables_on_pages_of_their_own() -> None:
    pages = render_html_pages(_big_book(), "book.html", page_rows=1000)
    # Cut by cost (`TABLE_PAGE_COST`, 5,000): a variant here costs 18 (16, two
    # links), so 277 a page; an inconsistency 27 (15, two forms of 5 and a link), 185.
    assert [name for name in pages if "-variants-" in name or "-inconsistencies-" in name] == [
        *(f"book-variants-{k:03d}.html" for k in range(1, 18)),
        *(f"book-inconsistencies-{k:03d}.html" for k in range(1, 5)),
    ]
    index = pages["book.html"]
    assert index.count('<tr id="variant-') == INDEX_TABLE_ROWS
    # The index's share of a table (`INDEX_TABLE_COST`, 2,000): 74 inconsistencies.
    assert index.count('<tr id="inconsistency-') == 74
    assert "The first 100 of 4500 variants are shown here" in index
    second = pages["book-variants-002.html"]
    assert second.count('<tr id="variant-') == 277 and 'id="variant-278"' in second
    assert 'id="variant-277"' not in second and 'id="variant-554"' in second
    assert 'id="variant-555"' not in second
    assert _check_links(pages) > 10_000  # every link, across every file, resolves


def test_a_book_index_links_rows_on_their_pages_and_has_no_dead_filter() -> None:
    """A filter button on the index would have no rows to show (they are on the
    pages) and only scroll to the page list: the index has none, and its findings
    and variants link each row on the page that holds it."""
    wide = Variant("word", "other", "lexical", (), 20, tuple(range(0, 700, 35)))
    pages = render_html_pages(
        replace(book(700), variants=(wide,)), "book.html", page_rows=300, page_cost=BOOK_PAGE_COST
    )
    index = pages["book.html"]
    assert 'class="js-only filter"' not in index and "show these rows" not in index
    assert 'href="book-001.html#pair-35"' in index and 'href="book-003.html#pair-630"' in index
    assert 'href="#pair-' not in index  # no row is on the index itself
    one = render_html(replace(book(200), variants=(wide,)))
    assert 'class="js-only filter"' in one  # a one-page report keeps its filters
