"""Paired load figures for HTML files: each opened in turn, several rounds, in one browser.

For an A/B of two versions of a report's pages (old against new, interleaved so
that the machine's load falls on both alike): per file, the medians over the
rounds of the load event and of Chromium's main-thread time up to two frames
after it (CDP ``Performance.getMetrics`` in thread time: layout, style, script,
all tasks), the figures `report_load.py` calls ``load_work``.

    python benchmarks/report_ab.py 3 old/book-001.html new/book-001.html ...
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report_load import ARGS, CHROMIUM, WORK, _warm_up  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2 or not args[0].isdigit():
        print("usage: report_ab.py ROUNDS FILE...", file=sys.stderr)
        return 2
    rounds, files = int(args[0]), [Path(p) for p in args[1:]]
    from playwright.sync_api import sync_playwright

    found: dict[int, list[tuple[float, ...]]] = {k: [] for k in range(len(files))}
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        _warm_up(context)
        for _ in range(rounds):
            for k, path in enumerate(files):
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
                page.goto(path.resolve().as_uri(), wait_until="load")
                page.evaluate(
                    "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
                )
                load = page.evaluate(
                    "() => performance.getEntriesByType('navigation')[0].loadEventEnd"
                )
                metrics = {
                    m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]
                }
                found[k].append((load, *(metrics.get(w, 0.0) * 1000 for w in WORK)))
                page.close()
        browser.close()
    print(f"medians over {rounds} rounds; load average {os.getloadavg()[0]:.1f}")
    print(f"{'file':<48} {'load':>6} {'min-max':>11} {'layout':>7} {'style':>6} {'task':>6}")
    for k, path in enumerate(files):
        cols = list(zip(*found[k]))
        load, layout, style, _, task = (statistics.median(c) for c in cols)
        span = f"{min(cols[0]):.0f}-{max(cols[0]):.0f}"
        name = f"{path.parent.name}/{path.name}"
        print(f"{name:<48} {load:6.0f} {span:>11} {layout:7.0f} {style:6.0f} {task:6.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
