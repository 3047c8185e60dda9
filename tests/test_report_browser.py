"""The HTML report in a real headless browser (Debian's chromium, see conftest.py).

The seed pair's report (VOV's summary against VNA's full translation) is
checked through the DOM as a reader would use it; hostile text is shown to
stay inert; screenshots are kept in ``build/artifacts`` for a person to read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Opened
from test_report import BOOK_PAGE_COST, book, hostile, small

from align.cli import main
from align.model import Options
from align.pipeline import compare
from align.rendering.html.render import render_html, write_report

ROOT = Path(__file__).resolve().parent.parent
VOV = str(ROOT / "seeds/vov-to-lam-comprehensive-diplomacy.txt")
VNA = str(ROOT / "seeds/vna-to-lam-comprehensive-foreign-affairs.txt")

OpenPage = Callable[..., Opened]

#: Every fragment link leads to an element; returns the links that do not.
BROKEN_LINKS = """() => [...document.querySelectorAll('a[href^="#"]')]
    .map(a => a.getAttribute('href'))
    .filter(h => h.length > 1 && !document.getElementById(decodeURIComponent(h.slice(1))))"""


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README's main command: the seed pair's report, written by the CLI."""
    path = tmp_path_factory.mktemp("seed") / "vov-vna.html"
    assert main(["report", VOV, VNA, "--labels", "VOV,VNA", "-o", str(path)]) == 0
    return path


def _clean(opened: Opened) -> None:
    assert opened.outside() == [], "the page fetched something"
    assert opened.errors == []


def _visible_rows(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        ".row", "rows => rows.filter(r => r.offsetParent).map(r => r.id)"
    )


def test_seed_report(open_page: OpenPage, seed_report: Path, artifacts: Path) -> None:
    opened = open_page(seed_report)
    page = opened.page
    page.screenshot(path=str(artifacts / "seed-top.png"))

    # Every pair has a row, in order.
    comparison = compare(VOV, VNA, Options(labels=("VOV", "VNA")))
    ids = page.eval_on_selector_all('.row[id^="pair-"]', "rows => rows.map(r => r.id)")
    assert ids == [f"pair-{p.id}" for p in comparison.pairs]

    # "vital" (VOV) against "key" (VNA): one edit, marked on both sides.
    vital_at = page.evaluate(
        """() => [...document.querySelectorAll('.cell.a del.e')]
            .filter(e => e.textContent === 'vital')
            .map(e => [e.closest('.row').id, e.dataset.n])[0]"""
    )
    assert vital_at, "no 'vital' marked as removed in VOV"
    row = page.locator(f"#{vital_at[0]}")
    vital = row.locator(f'del.e[data-n="{vital_at[1]}"]')
    key = row.locator(f'ins.e[data-n="{vital_at[1]}"]')
    assert key.text_content() == "key"
    assert vital.get_attribute("data-n") == key.get_attribute("data-n")
    assert vital.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    assert key.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    vital.hover()
    assert "hl" in (key.get_attribute("class") or "")
    page.mouse.move(0, 0)
    assert "hl" not in (key.get_attribute("class") or "")
    # Reached from the pair's number by the arrow keys, as from the keyboard.
    steps = key.evaluate("k => [...k.closest('.row').querySelectorAll('.e')].indexOf(k) + 1")
    row.locator(".pid a").focus()
    for _ in range(steps):
        page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.textContent") == "key"
    assert "hl" in (vital.get_attribute("class") or "")
    # Only one mark of an edit carries its title; the other borrows it when shown.
    assert vital.get_attribute("title") and key.get_attribute("title") == vital.get_attribute(
        "title"
    )
    row.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "seed-vital-key.png"))
    page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")

    # j / k (and n / p) move focus between differences.
    diffs = page.eval_on_selector_all(".row.diff", "rows => rows.map(r => r.id)")
    active = "() => document.activeElement.id"
    page.keyboard.press("j")
    assert page.evaluate(active) == diffs[0]
    page.keyboard.press("j")
    assert page.evaluate(active) == diffs[1]
    page.keyboard.press("n")
    assert page.evaluate(active) == diffs[2]
    page.keyboard.press("k")
    assert page.evaluate(active) == diffs[1]
    page.keyboard.press("p")
    assert page.evaluate(active) == diffs[0]
    assert page.evaluate("location.hash") == f"#{diffs[0]}"

    # ? shows the help; Escape closes it.
    page.keyboard.press("?")
    assert page.locator("#help").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#help").is_visible()

    # Filters hide rows, and clearing shows them again (runs of omissions folded).
    every = page.eval_on_selector_all(".row", "rows => rows.map(r => r.id)")
    unfiltered = _visible_rows(page)
    page.locator('input[data-filter="changed"]').check()
    changed = _visible_rows(page)
    assert changed == diffs and len(changed) < len(every)
    assert page.locator("#status").inner_text() == f"{len(diffs)} of {len(every)} rows shown"
    page.locator('input[data-filter="changed"]').uncheck()
    page.locator('input[data-filter="orphan"]').check()
    orphans = _visible_rows(page)
    one_sided = "r => r.matches('.rel-only_a, .rel-only_b')"
    assert orphans and all(page.locator(f"#{r}").evaluate(one_sided) for r in orphans)
    page.locator('input[data-filter="orphan"]').uncheck()
    page.locator('input[data-filter="review"]').check()
    assert 0 < len(_visible_rows(page)) < len(every)
    page.locator('button[data-action="clear"]').click()
    assert _visible_rows(page) == unfiltered
    kinds = page.eval_on_selector_all("#kind option", "o => o.map(x => x.value).filter(Boolean)")
    assert kinds
    page.select_option("#kind", kinds[0])
    by_kind = _visible_rows(page)
    assert 0 < len(by_kind) < len(every)
    page.select_option("#kind", "")
    page.fill("#search", "threshold")
    page.wait_for_timeout(400)
    found = _visible_rows(page)
    assert found and len(found) < len(every)
    page.locator('button[data-action="clear"]').click()
    page.locator('input[data-filter="chrome"]').check()
    assert page.locator(".row.chrome").first.is_hidden()
    page.locator('input[data-filter="chrome"]').uncheck()

    # The overview strip jumps to the row under the pointer, among its rows.
    segment = page.locator("#minimap a.mm").nth(3)
    first, last = (int(segment.get_attribute(f"data-{n}") or 0) for n in ("first", "last"))
    segment.click()
    href = page.evaluate("location.hash")
    assert first <= every.index(href[1:]) + 1 <= last
    assert page.locator(href).is_visible()

    assert page.evaluate(BROKEN_LINKS) == []
    assert opened.load_ms < 3000
    page.screenshot(path=str(artifacts / "seed-minimap-jump.png"))
    _clean(opened)


def test_hostile_text_stays_inert_and_visible(
    open_page: OpenPage, tmp_path: Path, artifacts: Path
) -> None:
    path = tmp_path / "hostile.html"
    path.write_text(render_html(hostile()), encoding="utf-8")
    opened = open_page(path)
    page = opened.page
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.scripts.length") == 1
    assert page.evaluate("document.querySelectorAll('img, iframe, [onerror]').length") == 0
    assert page.evaluate("document.querySelectorAll('a[href^=javascript]').length") == 0
    cell = page.locator("#pair-0 .cell.a")
    text = cell.inner_text()
    for shown in (
        "<script>window.__pwned = 1</script>",
        "</td></tr></table>",
        "javascript:alert(1)",
        "&amp; &lt;b&gt; &#x3C;i&#x3E;",
        "{{ 7*7 }}",
    ):
        assert shown in text
    assert page.title().startswith('<b>A</b>"[U+202E] ↔ B</style>')
    # Each invisible character shows by name...
    for code in ("U+202E", "U+202C", "U+200B", "U+2066", "U+2069"):
        marker = cell.locator(f'.cc[data-cp="{code}"]').first
        box = marker.bounding_box()
        assert box and box["width"] > 4 and box["height"] > 4, code
    # ...and the override does not reverse the text after it.
    xs = cell.locator('.cc[data-cp="U+202E"]').first.evaluate(
        """m => {
            const node = m.nextSibling, range = document.createRange(), xs = [];
            for (let i = 0; i < 4; i++) {
                range.setStart(node, i); range.setEnd(node, i + 1);
                xs.push(range.getBoundingClientRect().left);
            }
            return [node.textContent.slice(0, 4), xs];
        }"""
    )
    assert xs[0] == "evil" and xs[1] == sorted(xs[1])
    assert page.evaluate(BROKEN_LINKS) == []
    cell.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "hostile.png"))
    _clean(opened)


def test_readable_without_javascript(open_page: OpenPage, seed_report: Path) -> None:
    opened = open_page(seed_report, java_script_enabled=False)
    page = opened.page
    rows = page.locator(".row")
    assert rows.count() > 50 and len(_visible_rows(page)) == rows.count()
    assert page.locator("#toolbar").is_hidden()
    assert page.locator("button.filter").first.is_hidden()
    page.locator("#minimap a.mm").nth(5).click()
    assert page.evaluate("location.hash").startswith("#")
    _clean(opened)


def test_variant_filter_and_links(open_page: OpenPage, tmp_path: Path) -> None:
    path = tmp_path / "small.html"
    path.write_text(render_html(small()), encoding="utf-8")
    opened = open_page(path)
    page = opened.page
    page.fill('input[data-table="variants-table"]', "spelling")
    assert page.locator("#variants-table tbody tr:visible").count() == 1
    assert page.locator("#variant-2").is_visible()
    page.fill('input[data-table="variants-table"]', "")
    assert page.locator("#variants-table tbody tr:visible").count() == 3
    page.locator("#variant-1 button.filter").click()
    assert _visible_rows(page) == ["pair-2"]
    assert "vital" in page.locator("#set").inner_text()
    page.locator('button[data-action="clear"]').click()
    assert len(_visible_rows(page)) == page.locator(".row").count()
    # A link to a filtered-out row clears the filters.
    page.locator('input[data-filter="changed"]').check()
    page.evaluate("location.hash = '#pair-5'")
    page.wait_for_timeout(100)
    assert page.locator("#pair-5").is_visible()
    # The move links to where it stands in VOV's order, and back.
    page.locator('#pair-1 a.other[href="#pair-3"]').click()
    assert page.evaluate("location.hash") == "#pair-3"
    assert page.locator('#pair-3 a.other[href="#pair-1"]').count() == 1
    _clean(opened)


def test_phone_width_dark_and_print(
    open_page: OpenPage, seed_report: Path, artifacts: Path
) -> None:
    opened = open_page(seed_report, viewport={"width": 390, "height": 844}, color_scheme="dark")
    page = opened.page
    a = page.locator("#pair-4 .cell.a").bounding_box()
    b = page.locator("#pair-4 .cell.b").bounding_box()
    assert a and b and b["y"] >= a["y"] + a["height"] - 1  # stacked
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(21, 21, 21)"
    page.locator("#pair-4").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "seed-phone-dark.png"))
    page.emulate_media(media="print")
    assert page.locator("#minimap").is_hidden()
    assert page.locator("#toolbar").is_hidden()
    _clean(opened)


def test_pages_of_a_long_report(open_page: OpenPage, tmp_path: Path) -> None:
    write_report(book(700), str(tmp_path / "book.html"), page_rows=300, page_cost=BOOK_PAGE_COST)
    opened = open_page(tmp_path / "book.html", "#pair-400")
    page = opened.page
    page.wait_for_url("**/book-002.html#pair-400")
    assert page.locator("#pair-400").is_visible()
    assert page.evaluate(BROKEN_LINKS) == []
    page.locator('a[rel="next"]').first.click()
    page.wait_for_url("**/book-003.html")
    assert page.locator(".row").count() == 100
    # A chunk left with no row is hidden whole: no blank place-holder.
    page.fill("#search", "chapter 3")
    page.wait_for_timeout(400)
    assert _visible_rows(page) == ["pair-600"]
    assert page.eval_on_selector_all(".chunk", "cs => cs.map(c => c.hidden)") == [False, True]
    folder = tmp_path.resolve().as_uri() + "/"
    assert all(u.startswith(folder) for u in opened.requests), opened.requests
    assert opened.errors == []
