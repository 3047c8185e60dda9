"""How fast a book-length HTML report opens and scrolls in headless Chromium.

Builds a synthetic comparison of ``--pairs`` pairs (default 30,000: chapters
every 300 pairs, 8% one-sided on each side, 0-3 replacements a pair; see
``book`` in tests/test_report.py), writes the report as the CLI does
(`align.rendering.html.render.write_report`: an index and pages within
``PAGE_COST``), loads the index and a page in Debian's chromium, and
prints load times and scroll smoothness (frame intervals while scrolling).
``--single`` also writes and loads the whole report as one file, to show why
long reports are split. ``--pipeline`` runs the real pipeline on the
synthetic texts instead (slow: use a few thousand pairs).

``--html REPORT.html`` measures a report already written (by ``align
report``: the seed's, or a whole Bible's): its index and, when it has pages,
the first, middle, last and heaviest (by bytes) pages of rows, the first table
page and the heaviest variants and inconsistencies pages; with ``--all``, every
file of it (a whole Bible's 1,074 files take over an hour at the default
scroll, 35-40 minutes with ``--scroll-ms 1000``). After the JSON lines it
prints a table of every file measured, each against the targets (load event
under 1 s, frame p95 under 50 ms while scrolling), and exits 1 if any misses.
``--texts A B`` runs the pipeline on two texts (a whole Bible: ``python -m
benchmarks.bible``) and writes and measures their report; it and
``--pipeline`` keep the comparison in ``OUT/comparison.pickle`` and reuse it
while the texts are the same.

Frame intervals move by a factor of two on a loaded machine, so each file also
gets Chromium's own main-thread time (CDP ``Performance.getMetrics`` in thread
time: layout, style, script, all tasks) at load, over the scroll, and for laying
out every remaining row at once; ``--trace`` adds a Chromium trace of the scroll:
wall against thread time of frames, paint, layout and raster, and the p95 of a
frame's main-thread time (what a frame costs the page, whatever else runs).

    python benchmarks/report_load.py [--pairs 30000] [--single] [--out build/bench]
    python benchmarks/report_load.py --html reports/vov-vna.html
    python benchmarks/report_load.py --html DIR/bible.html --all   # every page, a pass/fail table
    python benchmarks/report_load.py --texts A.txt B.txt --labels KJV,WEB --out build/bible-load
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from align.rendering.html.data import PAGE_COST, PAGE_ROWS  # noqa: E402
from align.rendering.html.render import render_html, write_report  # noqa: E402

CHROMIUM = os.environ.get("ALIGN_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: Scrolls the page for ``ms`` milliseconds at a steady speed, timing frames.
SCROLL = """async ([ms, speed]) => {
  const frames = [];
  let last = performance.now();
  const start = last;
  await new Promise(done => {
    function step(now) {
      frames.push(now - last);
      last = now;
      window.scrollBy(0, speed * frames[frames.length - 1] / 1000);
      if (now - start < ms) requestAnimationFrame(step); else done();
    }
    requestAnimationFrame(step);
  });
  return {frames: frames.slice(1), y: window.scrollY, height: document.body.scrollHeight};
}"""

NAVIGATION = """() => {
  const n = performance.getEntriesByType('navigation')[0];
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd,
          fcp: paint ? paint.startTime : null, bytes: n.decodedBodySize,
          rows: document.getElementsByClassName('row').length,
          nodes: document.getElementsByTagName('*').length};
}"""


#: Chromium's own main-thread time (CDP ``Performance.getMetrics``, seconds), summed
#: over a span of work: far steadier under load than frame intervals.
WORK = ("LayoutDuration", "RecalcStyleDuration", "ScriptDuration", "TaskDuration")

#: Lays out every row of the page at once (as the background pass ends up doing).
LAY_OUT_ALL = """() => {
  const list = document.querySelector('.rows.lazy');
  if (list) list.classList.remove('lazy');
  return document.body.getBoundingClientRect().height;
}"""


def _work(cdp) -> dict[str, float]:
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {name: metrics.get(name, 0.0) for name in WORK}


def _spent(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """Milliseconds of each kind of work between two readings."""
    return {
        name.removesuffix("Duration").lower() + "_ms": round((after[name] - before[name]) * 1000)
        for name in WORK
    }


#: The trace events summed with ``--trace``: a frame's main-thread part, its
#: paint and layout, the compositor's drawing and the raster workers.
TRACED = (
    "ProxyMain::BeginMainFrame",
    "Layout",
    "UpdateLayoutTree",
    "Paint",
    "DirectRenderer::DrawFrame",
    "RasterTask",
)
TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "cc", "blink"]


def _traced(trace: bytes) -> dict[str, dict[str, int]]:
    """Per event name: how many, wall milliseconds, and thread (CPU) milliseconds.
    Wall far above thread time means the thread waited for a core, not for work.
    For frames (``BeginMainFrame``), the p95 and the longest of their thread time:
    what a frame costs the page itself, whatever else the machine runs."""
    summed: dict[str, dict[str, int]] = {}
    frames: list[int] = []
    for event in json.loads(trace)["traceEvents"]:
        if event.get("ph") != "X" or event.get("name") not in TRACED:
            continue
        if event["name"] == TRACED[0]:
            frames.append(event.get("tdur", 0))
        entry = summed.setdefault(event["name"], {"n": 0, "wall_ms": 0, "thread_ms": 0})
        entry["n"] += 1
        entry["wall_ms"] += event.get("dur", 0)
        entry["thread_ms"] += event.get("tdur", 0)
    for entry in summed.values():
        entry["wall_ms"] = round(entry["wall_ms"] / 1000)
        entry["thread_ms"] = round(entry["thread_ms"] / 1000)
    if frames:
        frames.sort()
        summed[TRACED[0]]["thread_p95_ms"] = round(frames[int(0.95 * (len(frames) - 1))] / 1000, 1)
        summed[TRACED[0]]["thread_max_ms"] = round(frames[-1] / 1000, 1)
    return summed


def measure(
    context, path: Path, scroll_ms: int = 3000, speed: int = 4000, browser=None, css: str = ""
) -> dict:
    """Load ``path``, wait two frames, then scroll; times in milliseconds.

    Besides frame intervals, Chromium's own count of layout, style, script and
    task time on the main thread while scrolling (``scroll_*``) and while laying
    out every remaining row at once afterwards (``whole_*``); given ``browser``,
    a Chromium trace of the scroll too (``scroll_trace``); given ``css``, those
    rules are added once the page has loaded (an A/B of one rule's cost)."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    start = time.perf_counter()
    page.goto(path.resolve().as_uri(), wait_until="load", timeout=180_000)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    ready = (time.perf_counter() - start) * 1000
    if css:
        page.add_style_tag(content=css)
    result = page.evaluate(NAVIGATION)
    loaded = _work(cdp)
    if browser:
        browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    scrolled = page.evaluate(SCROLL, [scroll_ms, speed])
    after_scroll = _work(cdp)
    trace = _traced(browser.stop_tracing()) if browser else None
    page.evaluate(LAY_OUT_ALL)
    whole = _spent(after_scroll, _work(cdp))
    scroll_work = _spent(loaded, after_scroll)
    frames = sorted(scrolled["frames"]) or [0.0]
    t0 = time.perf_counter()
    page.keyboard.press("j")
    page.evaluate("() => new Promise(r => requestAnimationFrame(r))")
    key_ms = (time.perf_counter() - t0) * 1000
    page.close()
    return {
        "file": path.name,
        "megabytes": round(path.stat().st_size / 1e6, 2),
        "rows": result["rows"],
        "dom_nodes": result["nodes"],
        "dom_content_loaded_ms": round(result["dcl"]),
        "load_ms": round(result["load"]),
        "first_contentful_paint_ms": round(result["fcp"]) if result["fcp"] else None,
        "ready_wall_ms": round(ready),
        "scroll_frames": len(frames),
        "frame_p50_ms": round(statistics.median(frames), 1),
        "frame_p95_ms": round(frames[int(0.95 * (len(frames) - 1))], 1),
        "frame_max_ms": round(frames[-1], 1),
        "frames_over_50ms": sum(f > 50 for f in frames),
        "load_work": _spent(dict.fromkeys(WORK, 0.0), loaded),
        "scroll_work": scroll_work,
        "whole_layout_work": whole,
        **({"scroll_trace": trace} if trace else {}),
        "j_key_ms": round(key_ms),
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=30_000)
    parser.add_argument("--page-rows", type=int, default=PAGE_ROWS)
    parser.add_argument(
        "--page-cost", type=int, default=PAGE_COST, help="a page's budget (PAGE_COST), to tune it"
    )
    parser.add_argument("--out", default=str(ROOT / "build" / "bench"))
    parser.add_argument("--single", action="store_true", help="also load it as one file")
    parser.add_argument("--pipeline", action="store_true", help="run the real pipeline")
    parser.add_argument("--html", help="measure this report (and its pages) as written")
    parser.add_argument("--texts", nargs=2, metavar=("A", "B"), help="compare these texts")
    parser.add_argument("--labels", default="", help="with --texts: the labels, A,B")
    parser.add_argument("--trace", action="store_true", help="trace each scroll in Chromium")
    parser.add_argument("--css", default="", help="add these CSS rules once loaded (an A/B)")
    parser.add_argument("--all", action="store_true", help="with --html: every file of it")
    parser.add_argument("--scroll-ms", type=int, default=3000, help="how long each scroll lasts")
    args = parser.parse_args(argv)
    if args.html:
        targets = report_files(Path(args.html), every=args.all)
        found = _measure_all(targets, args.trace, args.css, args.scroll_ms)
        print(verdicts(found))
        return 0 if all(_passes(f) for f in found) else 1

    from test_report import book

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    if args.texts:
        comparison = _compared(Path(args.texts[0]), Path(args.texts[1]), out, args.labels)
    else:
        comparison = book(args.pairs)
        if args.pipeline:
            (out / "book-a.txt").write_text(comparison.a.text, encoding="utf-8")
            (out / "book-b.txt").write_text(comparison.b.text, encoding="utf-8")
            comparison = _compared(out / "book-a.txt", out / "book-b.txt", out, "")
    built = time.perf_counter() - t0
    t0 = time.perf_counter()
    written = [
        Path(p)
        for p in write_report(
            comparison, str(out / "book.html"), page_rows=args.page_rows, page_cost=args.page_cost
        )
    ]
    rendered = time.perf_counter() - t0
    print(
        json.dumps(
            {
                "pairs": len(comparison.pairs),
                "build_s": round(built, 1),
                "render_and_write_s": round(rendered, 1),
                "files": len(written),
                "megabytes": round(sum(p.stat().st_size for p in written) / 1e6, 1),
            }
        )
    )
    single = None
    if args.single:
        single = out / "book-single.html"
        single.write_text(render_html(comparison), encoding="utf-8")

    rows = [p for p in written if p.stem[-3:].isdigit() and "-variants-" not in p.name]
    rows = [p for p in rows if "-inconsistencies-" not in p.name] or written
    targets = [written[-1], rows[0], rows[len(rows) // 2]]
    if single:
        targets.append(single)
    found = _measure_all(list(dict.fromkeys(targets)), args.trace, args.css, args.scroll_ms)
    print(verdicts(found))
    return 0


def _compared(a: Path, b: Path, out: Path, labels: str):
    """The pipeline's comparison of two texts, kept in ``OUT/comparison.pickle``
    (and reused while the texts and labels are the same)."""
    import hashlib
    import pickle

    from align.model import Options
    from align.pipeline import compare

    key = hashlib.sha256(a.read_bytes() + b"\0" + b.read_bytes() + labels.encode()).hexdigest()
    cache = out / "comparison.pickle"
    kept = pickle.loads(cache.read_bytes()) if cache.exists() else None
    if kept and kept[0] == key:
        return kept[1]
    names = tuple(labels.split(",", 1)) if labels else ("", "")
    comparison = compare(str(a), str(b), Options(labels=names))
    cache.write_bytes(pickle.dumps((key, comparison)))
    return comparison


#: The targets of issue 14, for every file of a report: its load event, and the
#: 95th percentile of frame intervals while it scrolls.
LOAD_TARGET_MS = 1000
FRAME_TARGET_MS = 50


def report_files(index: Path, every: bool = False) -> list[Path]:
    """The files of a written report to measure: the index, then (``every``) all
    its pages, or the first, middle, last and heaviest (by bytes) pages of rows,
    the first table page and the heaviest variants and inconsistencies pages."""
    rows = sorted(index.parent.glob(f"{index.stem}-[0-9][0-9][0-9].html"))
    variants = sorted(index.parent.glob(f"{index.stem}-variants-[0-9][0-9][0-9].html"))
    within = sorted(index.parent.glob(f"{index.stem}-inconsistencies-[0-9][0-9][0-9].html"))
    tables = variants + within
    if every:
        return [index, *rows, *tables]
    groups = (rows, variants, within)
    heaviest = [max(group, key=lambda p: p.stat().st_size) for group in groups if group]
    picked = rows[:1] + rows[len(rows) // 2 :][:1] + rows[-1:] + tables[:1] + heaviest
    return [index, *dict.fromkeys(picked)]


def _passes(found: dict) -> bool:
    return found["load_ms"] < LOAD_TARGET_MS and found["frame_p95_ms"] < FRAME_TARGET_MS


def verdicts(found: list[dict]) -> str:
    """A table of the files measured, each against the targets, and a last line
    saying how many pass; load work is Chromium's main-thread time (thread ms)."""
    head = (
        f"{'file':<36} {'MB':>6} {'rows':>5} {'elements':>8} {'load ms':>8} "
        f"{'load work':>9} {'p95 ms':>7} {'>50ms':>5}  verdict"
    )
    lines = [head, "-" * len(head)]
    for f in found:
        why = []
        if f["load_ms"] >= LOAD_TARGET_MS:
            why.append("load")
        if f["frame_p95_ms"] >= FRAME_TARGET_MS:
            why.append("frames")
        lines.append(
            f"{f['file']:<36} {f['megabytes']:>6.2f} {f['rows']:>5} {f['dom_nodes']:>8} "
            f"{f['load_ms']:>8} {f['load_work']['task_ms']:>9} {f['frame_p95_ms']:>7} "
            f"{f['frames_over_50ms']:>5}  {'pass' if not why else 'FAIL: ' + ', '.join(why)}"
        )
    passed = sum(_passes(f) for f in found)
    worst = max(found, key=lambda f: f["load_ms"])
    lines.append(
        f"{passed} of {len(found)} files meet both targets (load under {LOAD_TARGET_MS} ms, "
        f"frame p95 under {FRAME_TARGET_MS} ms); slowest load: {worst['file']} "
        f"{worst['load_ms']} ms; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    return "\n".join(lines)


#: How long a fresh browser is left to settle before the first file is measured.
WARM_UP_MS = 2000


def _warm_up(context) -> None:
    """Open a blank tab and let the browser settle: Chromium's first tab also
    starts the browser's own pages (its omnibox popup, a WebUI renderer, several
    hundred milliseconds of work on another thread), which would otherwise be
    charged to the first file measured, the index."""
    page = context.new_page()
    page.goto("about:blank")
    page.wait_for_timeout(WARM_UP_MS)
    page.close()


def _measure_all(
    targets: list[Path], trace: bool = False, css: str = "", scroll_ms: int = 3000
) -> list[dict]:
    """Load and scroll each file in one browser, printing a JSON line for each."""
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        # The report's CSP forbids an added style; an A/B lifts it (and only then).
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=bool(css))
        _warm_up(context)
        for path in targets:
            found = measure(context, path, scroll_ms, browser=browser if trace else None, css=css)
            print(json.dumps(found), flush=True)
            out.append(found)
        context.close()
        browser.close()
    return out


if __name__ == "__main__":
    sys.exit(main())
