"""Browser fixtures: Debian's chromium at /usr/bin/chromium, driven by Playwright; and
the Hypothesis settings every property test starts from.

No browser is ever downloaded (never ``playwright install``). Without
chromium or Playwright the browser tests skip, except under CI (the env var
``CI`` set), where they fail: CI installs chromium with
``tests/setup-browser.sh``. Screenshots go to ``$ALIGN_ARTIFACTS``
(default ``build/artifacts``).
"""

from __future__ import annotations

import importlib.util
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# Speed is measured by the scripts in benchmarks/, never by a test: no deadline, and no
# failure when generating examples is slow on a busy machine.
settings.register_profile("align", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("align")

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("ALIGN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "Playwright for Python is not installed (pip install playwright)"
    return None


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Any]:
    """The Playwright driver; skips (or fails under CI) without a browser."""
    reason = browser_missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run under CI: {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture
def launch(
    playwright_driver: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., Any]]:
    """``launch(**options)``: a new browser context with a fresh profile."""
    contexts: list[Any] = []

    def start(**options: Any) -> Any:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = playwright_driver.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            **options,
        )
        contexts.append(context)
        return context

    yield start
    for context in contexts:
        context.close()


@dataclass
class Opened:
    """A page loaded from disk, with everything it asked for and complained of."""

    page: Any
    url: str
    load_ms: float
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def outside(self) -> list[str]:
        """Requests for anything but the page itself (its fragment aside)."""
        here = self.url.split("#")[0]
        return [u for u in self.requests if u.split("#")[0] != here and not u.startswith("data:")]


@pytest.fixture
def open_page(launch: Callable[..., Any]) -> Callable[..., Opened]:
    """``open_page(path, **context options)``: load a file, watching requests and errors."""

    def open_(path: Path, fragment: str = "", **options: Any) -> Opened:
        context = launch(**options)
        page = context.pages[0] if context.pages else context.new_page()
        opened = Opened(page, path.resolve().as_uri() + fragment, 0.0)
        context.on("request", lambda request: opened.requests.append(request.url))
        page.on(
            "console",
            lambda message: (
                opened.errors.append(f"console {message.type}: {message.text}")
                if message.type in ("error", "warning")
                else None
            ),
        )
        page.on("pageerror", lambda error: opened.errors.append(f"page error: {error}"))
        start = time.perf_counter()
        page.goto(opened.url, wait_until="load")
        opened.load_ms = (time.perf_counter() - start) * 1000
        return opened

    return open_


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots are kept for a person to look at."""
    folder = Path(os.environ.get("ALIGN_ARTIFACTS", ROOT / "build" / "artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


#: axe-core, installed from the npm registry by tests/setup-browser.sh.
AXE = ROOT / "build" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script; skips (or fails under CI) when setup-browser.sh has not run."""
    if not AXE.is_file():
        reason = f"{AXE} is missing (run sh tests/setup-browser.sh)"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return AXE.read_text(encoding="utf-8")
