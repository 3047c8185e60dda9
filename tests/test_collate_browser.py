"""The collation report in a real headless browser (Debian's chromium, see conftest.py).

The seed pair with the hand-made third rendering, collated and opened as a
reader would use it: keys, filters, search, the overview strip, links.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Opened

from align.cli import main

ROOT = Path(__file__).resolve().parent.parent
VOV = str(ROOT / "seeds/vov-to-lam-comprehensive-diplomacy.txt")
VNA = str(ROOT / "seeds/vna-to-lam-comprehensive-foreign-affairs.txt")
HAND = str(ROOT / "tests/fixtures/collate/hand-to-lam-third-rendering.txt")

OpenPage = Callable[..., Opened]

BROKEN_LINKS = """() => [...document.querySelectorAll('a[href^="#"]')]
    .map(a => a.getAttribute('href'))
    .filter(h => h.length > 1 && !document.getElementById(decodeURIComponent(h.slice(1))))"""
VISIBLE = "rows => rows.filter(r => !r.hidden).map(r => r.id)"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("collate") / "trio.html"
    assert main(["collate", VOV, VNA, HAND, "--labels", "VOV,VNA,HND", "-o", str(path)]) == 0
    return path


def test_collation_report_in_a_browser(open_page: OpenPage, report: Path, artifacts: Path) -> None:
    opened = open_page(report)
    page = opened.page
    page.screenshot(path=str(artifacts / "collate-top.png"))
    rows = page.eval_on_selector_all("tbody.row", VISIBLE)
    assert len(rows) == 76
    assert page.inner_text("table.collation thead").split() == [
        "Row",
        "VOV",
        "VNA",
        "(base)",
        "HND",
    ]

    # Keys: j goes to the first row with differences, k back.
    page.keyboard.press("j")
    first = page.evaluate("document.activeElement.id")
    assert first.startswith("r")
    page.keyboard.press("j")
    second = page.evaluate("document.activeElement.id")
    assert int(second[1:]) > int(first[1:])
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id") == first
    page.keyboard.press("?")
    assert page.locator("#help").is_visible()
    page.keyboard.press("?")
    assert page.locator("#help").is_hidden()

    # The witness filter: rows where HND reads otherwise than the base (or lacks the row).
    page.select_option("#f-witness", "2")
    shown = page.eval_on_selector_all("tbody.row", VISIBLE)
    assert 0 < len(shown) < 76 and "r6" in shown  # "defense": HND with VOV against VNA
    page.select_option("#f-kind", "spelling")
    spelled = page.eval_on_selector_all("tbody.row", VISIBLE)
    assert set(spelled) <= set(shown) and {"r6", "r54"} <= set(spelled)
    page.select_option("#f-witness", "")
    page.select_option("#f-kind", "")
    page.fill("#f-search", "favorable")
    page.wait_for_timeout(300)
    assert page.eval_on_selector_all("tbody.row", VISIBLE) == ["r54", "r59"]
    page.fill("#f-search", "")
    page.wait_for_timeout(300)

    # Pointing at an apparatus entry lights its words in every column.
    entry = page.locator('#r6 ol.apparatus li[data-e="1"]')
    entry.hover()
    assert page.locator("#r6 mark.hot").count() == 3
    assert page.evaluate(BROKEN_LINKS) == []
    page.locator(".strip a.mark").nth(10).click()
    assert page.evaluate("location.hash").startswith("#r")
    assert opened.outside() == [] and opened.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation(
    open_page: OpenPage, report: Path, axe_source: str, scheme: str
) -> None:
    """axe-core, light and dark, with a filter set and an apparatus entry lit."""
    page = open_page(report, color_scheme=scheme).page
    page.select_option("#f-witness", "2")
    page.locator('#r6 ol.apparatus li[data-e="1"]').hover()
    page.evaluate(axe_source + "\n;0")  # evaluated, not inlined: the page's CSP stays strict
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))"""
    )
    assert found == []
