"""The report used as an auditor uses it, in headless Chromium (see conftest.py).

On the seed pair (VOV's summary against VNA's full translation): the findings
come first, the column labels stay in view, each count equals the rows its
filter shows, omission runs fold, the noise toggle and search work, the strip
follows the filters, and axe-core finds no serious or critical violation in
light or dark mode. On a synthetic book: ``j`` crosses pages and a
``#pair-N`` link reaches its row from any page.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, Opened
from test_report import BOOK_PAGE_COST, book

from align.cli import main
from align.rendering.html.render import render_html, write_report

ROOT = Path(__file__).resolve().parent.parent
VOV = str(ROOT / "seeds/vov-to-lam-comprehensive-diplomacy.txt")
VNA = str(ROOT / "seeds/vna-to-lam-comprehensive-foreign-affairs.txt")

OpenPage = Callable[..., Opened]


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README's main command: the seed pair's report, written by the CLI."""
    path = tmp_path_factory.mktemp("seed") / "vov-vna.html"
    assert main(["report", VOV, VNA, "--labels", "VOV,VNA", "-o", str(path)]) == 0
    return path


def _until(page: Any, expression: str, seconds: float = 5) -> None:
    """Wait until ``expression`` is truthy in the page (polled from here: the
    page's CSP forbids the evaluated strings `wait_for_function` relies on)."""
    for _ in range(int(seconds * 20)):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"never true: {expression}")


def _shown(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        ".row", "rows => rows.filter(r => r.offsetParent).map(r => r.id)"
    )


def test_findings_come_first_and_link_their_rows(open_page: OpenPage, seed_report: Path) -> None:
    page = open_page(seed_report).page
    headings = page.eval_on_selector_all("main h2", "hs => hs.map(h => h.textContent.trim())")
    assert headings[0] == "Findings"
    # The inputs table is folded below, not on the first screen.
    assert not page.locator("table.inputs").is_visible()
    findings = page.locator("#findings li")
    texts = findings.all_inner_texts()
    vital = next(t for t in texts if t.startswith("VOV vital where VNA has key"))
    assert ", 2 pairs" in vital
    assert any(t.startswith("VNA renders VOV s15 twice") for t in texts)
    assert any(t.startswith("VOV renders VNA s49–51 twice") for t in texts)
    assert any("43 VNA sentences have no counterpart in VOV" in t for t in texts)
    item = findings.filter(has_text="VOV vital where VNA has key")
    assert item.locator("a").all_inner_texts() == ["#4", "#46"]
    item.locator("button.filter").click()
    assert _shown(page) == ["pair-4", "pair-46"]


def test_column_labels_stay_in_view_and_cells_are_labelled(
    open_page: OpenPage, seed_report: Path
) -> None:
    page = open_page(seed_report).page
    page.locator("#pair-60").scroll_into_view_if_needed()
    page.mouse.wheel(0, 600)
    page.wait_for_timeout(100)
    head = page.locator(".sticky .colhead").bounding_box()
    assert head and 0 <= head["y"] < 250
    assert page.locator(".sticky .colhead").inner_text().split("\n")[1:] == ["A: VOV", "B: VNA"]
    # Screen readers hear whose each cell is; each pair is a headed region.
    # (a named group each, by attribute: no hidden element per cell to lay out)
    row = page.locator("#pair-4")
    assert row.get_by_role("group", name="VOV", exact=True).locator("p.s").count() >= 1
    assert row.get_by_role("group", name="VNA", exact=True).locator("p.s").count() >= 1
    assert row.locator(".cell.a").get_attribute("aria-label") == "VOV"
    assert page.locator("#pair-4").get_attribute("aria-labelledby") == "h-pair-4"
    assert page.locator("#h-pair-4").evaluate("h => h.tagName") == "H3"
    # In print the labels are a table header, which repeats on every page.
    page.emulate_media(media="print")
    shown = page.locator(".colhead-print").evaluate("e => getComputedStyle(e).display")
    assert shown == "table-header-group"


def test_which_text_repeats_and_both_renderings_link(
    open_page: OpenPage, seed_report: Path
) -> None:
    page = open_page(seed_report).page
    assert page.locator("#pair-0 .rel").inner_text() == "repeat: VNA renders this twice"
    assert page.locator("#pair-46 .rel").inner_text() == "repeat: VOV renders this twice"
    there = page.locator('#pair-0 a.other[href="#pair-31"]')
    assert "VNA's other rendering" in there.inner_text()
    assert page.locator('#pair-31 a.other[href="#pair-0"]').count() == 1
    assert page.locator('#pair-49 a.other[href="#pair-46"]').count() == 1


def test_the_focused_edit_shows_its_kind_and_edits_count_up(
    open_page: OpenPage, seed_report: Path
) -> None:
    page = open_page(seed_report).page
    numbers = page.eval_on_selector_all(
        "#pair-0 .cell.a [data-n]", "es => es.map(e => +e.dataset.n)"
    )
    numbers_b = page.eval_on_selector_all(
        "#pair-0 .cell.b [data-n]", "es => es.map(e => +e.dataset.n)"
    )
    merged = sorted(set(numbers) | set(numbers_b))
    assert merged == list(range(1, len(merged) + 1)) and len(merged) >= 13  # consecutive
    vital = page.locator("#pair-4 del.e", has_text="vital")
    vital.click()  # a click or a tap, as focus from the keyboard, shows it
    assert page.evaluate("document.activeElement.textContent") == "vital"
    info = page.locator("#edit-info")
    assert info.is_visible()
    edit = r"#4, edit \d+, lexical( \[[a-z, ]+\])?: “vital” → “key”"
    assert re.fullmatch(edit, info.inner_text())


def test_an_orphan_names_and_links_the_sentence_its_score_belongs_to(
    open_page: OpenPage, seed_report: Path
) -> None:
    page = open_page(seed_report).page
    # VNA's "No country ... can stand outside the currents of the times." has
    # no counterpart; its 0.32 is its similarity to VOV's sentence 13, in #29.
    nearest = page.locator("#pair-12 a.nearest")
    assert nearest.inner_text() == "nearest VOV sentence: s13 (0.32), in pair #29"
    nearest.click()
    page.wait_for_timeout(200)
    assert page.evaluate("location.hash") == "#pair-29"
    target = page.locator('#pair-29 .cell.a p[data-s="13"]')
    assert "stand outside the impacts of the world" in target.inner_text()
    box, view = target.bounding_box(), page.viewport_size
    assert box and view and 0 <= box["y"] < view["height"]


def test_a_run_of_omissions_is_folded_and_opens(open_page: OpenPage, seed_report: Path) -> None:
    page = open_page(seed_report).page
    button = page.locator("#omission-4 button")
    assert button.inner_text() == "VNA s36–43, 8 sentences, not in VOV: show"
    run = [f"pair-{n}" for n in range(33, 41)]
    assert not set(run) & set(_shown(page))
    button.click()
    assert set(run) <= set(_shown(page))
    assert button.get_attribute("aria-expanded") == "true"


def test_every_count_equals_the_rows_its_filter_shows(
    open_page: OpenPage, seed_report: Path
) -> None:
    page = open_page(seed_report).page
    checked = 0
    for menu in ("#kind", "#flag"):
        options = page.eval_on_selector_all(
            f"{menu} option", "os => os.map(o => [o.value, o.textContent])"
        )
        for value, label in options:
            if not value:
                continue
            pairs = int(re.search(r": (\d+) pairs", label).group(1))
            page.select_option(menu, value)
            assert len(_shown(page)) == pairs, label
            assert page.locator("#status").inner_text().startswith(f"{pairs} of ")
            checked += 1
        page.select_option(menu, "")
    assert checked >= 12
    # The summary's "show" buttons lead to as many rows as their counts say.
    for button in page.locator("#summary button.filter").all():
        count = int(re.match(r"\d+", button.locator("xpath=..").inner_text()).group())
        button.click()
        assert len(_shown(page)) == count, button.get_attribute("title")
        page.locator('button[data-action="clear"]').click()
    rows = page.locator("nav.toc").inner_text()
    total = page.locator(".row").count()
    assert f"Rows ({total}: 76 pairs, 7 sentences set aside)" in rows


def test_a_flag_filter_keeps_the_riskiest_edits(open_page: OpenPage, seed_report: Path) -> None:
    page = open_page(seed_report).page
    page.select_option("#flag", "modal")
    assert _shown(page) == ["pair-30", "pair-46"]
    assert "must adopt" in page.locator("#pair-30 .cell.a").inner_text()
    # "not only ... but also" (pair 44) denies nothing: no negation is flagged in the seed.
    assert page.locator('#flag option[value="negation"]').count() == 0


def test_the_noise_toggle_hides_spelling_case_and_punctuation(
    open_page: OpenPage, seed_report: Path
) -> None:
    page = open_page(seed_report).page
    page.locator('input[data-filter="changed"]').check()
    assert "pair-45" in _shown(page)  # differs by punctuation or case only
    mark = page.locator("#pair-0 ins.e.noise").first
    before = mark.evaluate("e => getComputedStyle(e).backgroundColor")
    page.locator('input[data-filter="noise"]').check()
    assert "pair-45" not in _shown(page)
    assert "pair-0" in _shown(page)
    after = mark.evaluate("e => getComputedStyle(e).backgroundColor")
    assert before != after and after == "rgba(0, 0, 0, 0)"


def test_search_hits_are_highlighted_one_side_and_stepped(
    open_page: OpenPage, seed_report: Path
) -> None:
    page = open_page(seed_report).page
    page.fill("#search", "diplomacy")
    page.wait_for_timeout(400)
    both = page.evaluate("CSS.highlights.get('hit').size")
    either = _shown(page)
    assert both > 5
    page.select_option("#scope", "b")
    only_b = _shown(page)
    assert len(only_b) < len(either)
    assert all("diplomacy" in page.locator(f"#{r} .cell.b").inner_text().lower() for r in only_b)
    assert page.evaluate("CSS.highlights.get('hit').size") < both
    page.locator("#search").press("Enter")
    assert page.locator("#status").inner_text().startswith("hit 1 of ")
    page.locator("#search").press("Enter")
    assert page.locator("#status").inner_text().startswith("hit 2 of ")
    assert page.evaluate("CSS.highlights.get('hit-current').size") == 1


def test_the_strip_follows_the_filters_and_keeps_them(
    open_page: OpenPage, seed_report: Path
) -> None:
    page = open_page(seed_report).page
    assert page.locator("#minimap .mm.off").count() == 0
    assert page.locator("#minimap .mm.s-repeat").count() >= 2
    assert page.locator("#minimap .mm.s-move").count() >= 1
    page.select_option("#flag", "number")
    off = page.locator("#minimap .mm.off").count()
    lit = page.locator("#minimap .mm:not(.off)")
    assert off > 10 and lit.count() >= 1
    lit.first.click()
    assert page.evaluate("location.hash") == "#pair-5"
    assert page.locator("#flag").input_value() == "number"
    # A link to a row the filters hide shows it and keeps the filters.
    page.evaluate("location.hash = '#pair-3'")
    page.wait_for_timeout(100)
    assert page.locator("#pair-3").is_visible()
    assert page.locator("#flag").input_value() == "number"


def test_a_click_on_a_segment_of_many_rows_lands_on_the_row_under_it(
    open_page: OpenPage, seed_report: Path
) -> None:
    """A segment stands for a run of rows ("#3–#4: differ"); a click near its
    bottom goes to the run's last row, near its top to its first, not always the first."""
    page = open_page(seed_report).page
    segment = page.locator('#minimap .mm[title="#3–#4: differ"]')
    box = segment.bounding_box()
    assert box and box["height"] >= 4
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.85)
    assert page.evaluate("location.hash") == "#pair-4"
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.15)
    assert page.evaluate("location.hash") == "#pair-3"


def test_phone_anchor_is_not_under_the_toolbar(open_page: OpenPage, seed_report: Path) -> None:
    opened = open_page(seed_report, "#pair-46", viewport={"width": 390, "height": 844})
    page = opened.page
    page.evaluate("location.hash = ''; location.hash = '#pair-46'")
    page.wait_for_timeout(200)
    bar = page.locator("#sticky").bounding_box()
    number = page.locator("#pair-46 .pid").bounding_box()
    assert bar and number and number["y"] >= bar["y"] + bar["height"] - 1


def test_anchors_allow_for_the_toolbar_without_restyling_the_page(
    open_page: OpenPage, seed_report: Path
) -> None:
    """The toolbar's height reaches the anchors as the root's own scroll padding,
    not as an inherited custom property: one set on the root at load made Chromium
    restyle every element a second time (a third of a Bible page's style work)."""
    page = open_page(seed_report, viewport={"width": 390, "height": 844}).page
    root = page.evaluate(
        """() => {
        const html = document.documentElement, s = html.style, custom = [];
        for (let i = 0; i < s.length; i++) if (s[i].startsWith('--')) custom.push(s[i]);
        return {custom, padding: getComputedStyle(html).scrollPaddingTop,
                bar: document.getElementById('sticky').offsetHeight};
        }"""
    )
    assert root["custom"] == []
    assert root["padding"] == f"{root['bar'] + 8}px" and root["bar"] > 72


def test_marks_and_margins_open_without_a_box_or_layer_each(
    open_page: OpenPage, seed_report: Path
) -> None:
    """What a page of Bible verses spent its load on: an edit number with an opacity
    is a paint layer of its own (a thousand a page), an inline-block in a pair's
    margin a box laid out on its own, a hidden label an element and a layer per
    cell. The numbers stay boxes (so the strike-through skips them), nothing more."""
    page = open_page(seed_report).page
    found = page.evaluate(
        """() => {
        const mark = document.querySelector('#pair-4 del.e[data-n]');
        const after = getComputedStyle(mark, '::after');
        const margin = [...document.querySelectorAll('#pair-0 .meta > *')]
            .map(e => getComputedStyle(e).display);
        return {opacity: after.opacity, display: after.display, margin,
                labels: document.querySelectorAll('.cell .vh').length};
        }"""
    )
    assert found["opacity"] == "1" and found["display"] == "inline-block"
    assert found["margin"] and set(found["margin"]) == {"inline"}
    assert found["labels"] == 0


#: WCAG 2.2 (2.5.8, target size minimum): 24 by 24 CSS pixels.
TARGET_PX = 24


def test_a_phone_taps_the_strip_through_a_chooser_of_big_targets(
    open_page: OpenPage, seed_report: Path, artifacts: Path
) -> None:
    phone = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
    page = open_page(seed_report, **phone).page
    segments = page.locator("#minimap a.mm")
    boxes = [segments.nth(k).bounding_box() for k in range(segments.count())]
    # The strip's own segments are too small to tap one by one...
    assert any(b and (b["height"] < TARGET_PX or b["width"] < TARGET_PX) for b in boxes)
    # ...so a tap opens a chooser of the segments around it, each big enough.
    tapped = 12
    box = boxes[tapped]
    assert box
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(100)
    assert page.locator("#chooser").is_visible()
    picks = page.locator("#choices a.pick")
    assert picks.count() >= 7
    for k in range(picks.count()):
        pick = picks.nth(k).bounding_box()
        assert pick and pick["height"] >= TARGET_PX and pick["width"] >= TARGET_PX
    current = page.locator("#choices a.pick[aria-current]")
    title = segments.nth(tapped).get_attribute("title") or ""
    assert current.inner_text() == title
    page.screenshot(path=str(artifacts / "seed-phone-chooser.png"))
    current.tap()
    page.wait_for_timeout(200)
    assert page.locator("#chooser").is_hidden()
    target = segments.nth(tapped).get_attribute("href") or ""
    assert page.evaluate("location.hash") == target
    row = page.locator(target).bounding_box()
    bar = page.locator("#sticky").bounding_box()
    assert row and bar and bar["y"] + bar["height"] - 1 <= row["y"] < 844


def test_short_reports_lay_out_every_row_for_full_page_capture(
    open_page: OpenPage, seed_report: Path
) -> None:
    page = open_page(seed_report).page
    _until(page, "!document.querySelector('.rows').classList.contains('lazy')")
    lazy = page.eval_on_selector_all(
        ".chunk", "cs => cs.map(c => getComputedStyle(c).contentVisibility)"
    )
    assert lazy and set(lazy) == {"visible"}


#: Each row shown, as [top, height] in page pixels.
ROW_BOXES = """() => [...document.querySelectorAll('.row')].filter(r => r.offsetParent)
    .map(r => { const b = r.getBoundingClientRect(); return [b.top + scrollY, b.height]; })"""


def _unpainted(png: bytes, boxes: list[list[float]]) -> list[int]:
    """The rows (by position) with no dark pixel in their band of the capture, or outside it."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    out = []
    for k, (top, tall) in enumerate(boxes):
        band = image.crop((0, int(top), width - 20, int(top + tall)))
        if tall < 1 or top + tall > height or band.getextrema()[0] > 100:
            out.append(k)
    return out


@pytest.mark.parametrize("width", [1280, 390])
def test_a_capture_right_after_load_finds_every_row(
    playwright_driver: Any, seed_report: Path, tmp_path: Path, width: int
) -> None:
    """A page within the budget (`PAGE_COST`: the seed's, a book's) is written
    laid out whole, so a full-page capture taken the moment the load event fires,
    in a fresh browser context, finds every row painted, every time, at desktop
    and phone width. (Before, such a page laid itself out on a timer after the
    load event, and a long one only near the screen: a capture at 390 px that came
    first found rows blank, 3 times in 4 on a page of 450 rows.)"""
    write_report(book(450), str(tmp_path / "book.html"))
    options: dict[str, Any] = {"viewport": {"width": width, "height": 900}}
    if width < 600:
        options = {"viewport": {"width": width, "height": 844}, "has_touch": True}
        options["is_mobile"] = True
    browser = playwright_driver.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    try:
        for path in (seed_report, tmp_path / "book-001.html"):  # 300 rows
            for attempt in range(3):
                context = browser.new_context(**options)
                page = context.new_page()
                page.goto(path.resolve().as_uri(), wait_until="load")
                png = page.screenshot(full_page=True)  # at once: no wait after the load event
                boxes = page.evaluate(ROW_BOXES)
                assert len(boxes) > 40
                assert _unpainted(png, boxes) == [], (path.name, width, attempt)
                context.close()
    finally:
        browser.close()


@pytest.mark.parametrize("capture", ["viewport as tall as the page", "full_page"])
def test_a_long_page_is_painted_whole_in_a_full_page_capture(
    open_page: OpenPage, tmp_path: Path, capture: str
) -> None:
    """A report written as one file (``-o -``) over the budget lays out only the
    chunks near the screen at first, the rest in the background; a full-page
    capture (a tool that makes the viewport as tall as the page, or Playwright's)
    still finds every row painted, none cut off."""
    (tmp_path / "long.html").write_text(render_html(book(450)), encoding="utf-8")
    page = open_page(tmp_path / "long.html").page
    assert page.locator(".rows.lazy").count() == 1
    if capture == "full_page":
        _until(page, "!document.querySelector('.rows').classList.contains('lazy')", 30)
        png = page.screenshot(full_page=True)
    else:
        height = page.evaluate("document.documentElement.scrollHeight")
        page.set_viewport_size({"width": 1280, "height": height})
        png = page.screenshot()
    boxes = page.evaluate(ROW_BOXES)
    assert len(boxes) > 400
    assert _unpainted(png, boxes) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation(
    open_page: OpenPage, seed_report: Path, axe_source: str, scheme: str
) -> None:
    page = open_page(seed_report, color_scheme=scheme).page
    page.locator("#omission-1 button").click()  # an opened run too
    page.evaluate(axe_source + "\n;0")  # evaluated, not inlined: the page's CSP stays strict
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))"""
    )
    assert found == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_in_a_book(
    open_page: OpenPage, tmp_path: Path, axe_source: str, scheme: str
) -> None:
    """A book's index (its page list, its search), a page of rows and a table page."""
    from dataclasses import replace

    from align.model import Variant

    long = book(700)
    variants = tuple(
        Variant(f"word{n}", f"other{n}", "lexical", (), 2, (n % 700, (n * 7) % 700))
        for n in range(400)  # over `TABLE_ROWS`: a table page of its own
    )
    write_report(
        replace(long, variants=variants),
        str(tmp_path / "book.html"),
        page_rows=300,
        page_cost=BOOK_PAGE_COST,
    )
    assert (tmp_path / "book-variants-001.html").exists()
    for name in ("book.html", "book-002.html", "book-variants-001.html"):
        page = open_page(tmp_path / name, color_scheme=scheme).page
        page.evaluate(axe_source + "\n;0")
        found = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')))"""
        )
        assert found == [], name
        page.context.close()


def test_axe_finds_no_serious_violation_in_the_phone_chooser(
    open_page: OpenPage, seed_report: Path, axe_source: str
) -> None:
    phone = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
    page = open_page(seed_report, **phone).page
    box = page.locator("#minimap a.mm").nth(12).bounding_box()
    assert box
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(100)
    assert page.locator("#chooser").is_visible()
    page.evaluate(axe_source + "\n;0")
    found = page.evaluate(
        """async () => (await axe.run('#chooser', {resultTypes: ['violations']})).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))"""
    )
    assert found == []


def test_book_pages_j_onward_and_pair_links_from_any_page(
    open_page: OpenPage, tmp_path: Path
) -> None:
    write_report(book(700), str(tmp_path / "book.html"), page_rows=300, page_cost=BOOK_PAGE_COST)
    page = open_page(tmp_path / "book-001.html", "#pair-400").page
    page.wait_for_url("**/book-002.html#pair-400")
    assert page.locator("#pair-400").is_visible()
    # j at the last difference of a page goes to the next page's first.
    last = page.eval_on_selector_all(".row.diff", "rs => rs.map(r => r.id)")[-1]
    page.evaluate("location.hash = '#last-difference'")
    page.wait_for_timeout(100)
    assert page.evaluate("document.activeElement.id") == last
    page.keyboard.press("j")
    page.wait_for_url("**/book-003.html#*")
    page.wait_for_timeout(200)
    first = page.eval_on_selector_all(".row.diff", "rs => rs.map(r => r.id)")[0]
    assert page.evaluate("document.activeElement.id") == first


def test_a_pair_typed_into_the_address_bar_reaches_its_page(
    open_page: OpenPage, tmp_path: Path
) -> None:
    """A ``#pair-N`` fragment changed on a loaded page (no reload: a hashchange)
    goes to the page that holds pair N, from a page of rows and from the index."""
    write_report(book(700), str(tmp_path / "book.html"), page_rows=300, page_cost=BOOK_PAGE_COST)
    page = open_page(tmp_path / "book-001.html").page
    page.goto((tmp_path / "book-001.html").as_uri() + "#pair-400")
    page.wait_for_url("**/book-002.html#pair-400")
    _until(page, "document.getElementById('pair-400') && scrollY > 0")
    assert page.locator("#pair-400").is_visible()
    # From the index (which lists the pages but holds no rows).
    page.goto((tmp_path / "book.html").as_uri())
    page.evaluate("location.hash = '#pair-650'")
    page.wait_for_url("**/book-003.html#pair-650")
    _until(page, "document.getElementById('pair-650') !== null")
    assert page.locator("#pair-650").is_visible()


def test_the_book_index_lays_out_its_list_of_pages_when_near(
    open_page: OpenPage, tmp_path: Path
) -> None:
    """The index's list of pages (a Bible's has hundreds, half the index's
    elements) scrolls in a box laid out only near the screen: not at load when
    below it, and there once scrolled to."""
    write_report(book(700), str(tmp_path / "book.html"), page_rows=300, page_cost=BOOK_PAGE_COST)
    page = open_page(tmp_path / "book.html", viewport={"width": 1280, "height": 400}).page
    first = "document.querySelector('table.pages tbody tr')"
    assert page.evaluate(f"{first}.closest('.scroll').getBoundingClientRect().top") > 400
    seen = f"{first}.checkVisibility({{contentVisibilityAuto: true}})"
    assert not page.evaluate(seen)
    page.locator("table.pages").scroll_into_view_if_needed()
    _until(page, seen)
    assert page.locator("table.pages tbody tr").count() == 3


def test_the_book_index_searches_every_page(open_page: OpenPage, tmp_path: Path) -> None:
    write_report(book(700), str(tmp_path / "book.html"), page_rows=300, page_cost=BOOK_PAGE_COST)
    page = open_page(tmp_path / "book.html").page
    page.fill("#book-search", "chapter 3")
    page.wait_for_timeout(400)
    results = page.locator("#book-results a")
    assert results.all_inner_texts() == ["page 3: Chapter 3"]
    assert page.locator("#book-hits").inner_text() == "On 1 of 3 pages:"
    results.first.click()
    page.wait_for_url("**/book-003.html#search=chapter%203")
    page.wait_for_timeout(200)
    assert page.locator("#search").input_value() == "chapter 3"
    assert _shown(page) == ["pair-600"]
    assert page.evaluate("CSS.highlights.get('hit').size") == 2  # in A and in B


def test_tab_reaches_the_pairs_soon_and_arrows_walk_the_edits(
    open_page: OpenPage, seed_report: Path
) -> None:
    page = open_page(seed_report).page
    stops = page.evaluate(
        """() => [...document.querySelectorAll('a[href], button, input, select, [tabindex]')]
            .filter(e => e.tabIndex >= 0 && e.offsetParent !== null)
            .map(e => e.closest('.row') ? e.closest('.row').id : '')"""
    )
    first = next(k for k, row in enumerate(stops) if row)
    assert stops[first] == "pair-0" and first < 150
    assert page.locator("#pair-0").get_attribute("role") == "region"
    # From a pair's number, the arrows step through its edits, in order; Esc goes back.
    page.locator("#h-pair-4 a").focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.n") == "1"
    page.keyboard.press("ArrowRight")
    second = page.evaluate("document.activeElement.dataset.n")
    page.keyboard.press("ArrowLeft")
    assert second != "1" and page.evaluate("document.activeElement.dataset.n") == "1"
    assert page.locator("#edit-info").inner_text().startswith("#4, edit 1, ")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.closest('h3').id") == "h-pair-4"


def test_a_phone_keeps_the_toolbar_short(open_page: OpenPage, seed_report: Path) -> None:
    page = open_page(seed_report, viewport={"width": 390, "height": 844}).page
    short = page.locator("#sticky").bounding_box()
    assert short and short["height"] < 150
    assert page.locator('input[data-filter="changed"]').is_hidden()
    page.locator('button[data-action="filters"]').click()
    assert page.locator('input[data-filter="changed"]').is_visible()
    # The variants table fits its box.
    width = page.evaluate("document.querySelector('#variants .scroll').scrollWidth")
    assert width <= 390


def test_more_opens_and_prints_whole(open_page: OpenPage, seed_report: Path) -> None:
    page = open_page(seed_report).page
    # VOV's "diplomacy" (9 pairs, "+1 more") and "foreign affairs" (10 pairs): the second.
    more = page.locator("#inconsistency-1 details.more").last
    more.scroll_into_view_if_needed()  # the table is laid out when near the screen
    _until(page, "document.querySelectorAll('#inconsistency-1 details.more summary')[1].innerText")
    assert more.locator("summary").inner_text() == "+2 more"
    hidden = more.locator("a").first
    assert hidden.is_hidden()
    more.locator("summary").click()
    assert hidden.is_visible() and more.locator("a").count() == 2
    more.locator("summary").click()
    assert hidden.is_hidden()
    page.emulate_media(media="print")
    assert hidden.is_visible()


def test_more_opens_on_a_book_index(open_page: OpenPage, tmp_path: Path) -> None:
    from dataclasses import replace

    from align.model import Variant

    long = book(700)
    wide = Variant("word", "other", "lexical", (), 20, tuple(range(0, 700, 35)))
    write_report(
        replace(long, variants=(wide,)),
        str(tmp_path / "book.html"),
        page_rows=300,
        page_cost=BOOK_PAGE_COST,
    )
    page = open_page(tmp_path / "book.html").page
    more = page.locator("#variant-1 details.more")
    assert more.locator("summary").inner_text() == "+12 more"
    assert more.locator("a").count() == 0  # held in an attribute until opened
    more.locator("summary").click()
    links = more.locator("a")
    links.first.wait_for(state="visible")  # the list is built on the toggle event, a task later
    assert links.count() == 12
    assert links.first.get_attribute("href") == "book-001.html#pair-280"
    links.first.click()
    page.wait_for_url("**/book-001.html#pair-280")
    assert page.locator("#pair-280").is_visible()
    # Printing (the beforeprint event) opens every "+N more" of a book, links built.
    page.goto((tmp_path / "book.html").resolve().as_uri())
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    printed = page.locator("#variant-1 details.more")
    assert printed.get_attribute("open") is not None and printed.locator("a").count() == 12
