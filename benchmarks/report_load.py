"""How fast a book-length HTML report opens and scrolls in headless Chromium.

Builds a synthetic comparison of ``--pairs`` pairs (default 30,000: chapters
every 300 pairs, 8% one-sided on each side, 0-3 replacements a pair; see
``book`` in tests/test_report.py), writes the report as the CLI does
(`align.render_html.write_report`: an index and pages of at most
``PAGE_ROWS`` rows), loads the index and a page in Debian's chromium, and
prints load times and scroll smoothness (frame intervals while scrolling).
``--single`` also writes and loads the whole report as one file, to show why
long reports are split. ``--pipeline`` runs the real pipeline on the
synthetic texts instead (slow: use a few thousand pairs).

``--html REPORT.html`` measures a report already written (by ``align
report``: the seed's, or a whole Bible's), its index and first, middle and
last pages when it has pages. ``--texts A B`` runs the pipeline on two texts
(a whole Bible: ``python -m benchmarks.bible``) and writes and measures their
report; it and ``--pipeline`` keep the comparison in ``OUT/comparison.pickle``
and reuse it while the texts are the same.

    python benchmarks/report_load.py [--pairs 30000] [--single] [--out build/bench]
    python benchmarks/report_load.py --html reports/vov-vna.html
    python benchmarks/report_load.py --texts A.txt B.txt --labels KJV,WEB --out build/bible-load
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from align.rendering.html.data import PAGE_ROWS  # noqa: E402
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


def measure(context, path: Path, scroll_ms: int = 3000, speed: int = 4000) -> dict:
    """Load ``path``, wait two frames, then scroll; times in milliseconds."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    start = time.perf_counter()
    page.goto(path.resolve().as_uri(), wait_until="load", timeout=180_000)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    ready = (time.perf_counter() - start) * 1000
    result = page.evaluate(NAVIGATION)
    scrolled = page.evaluate(SCROLL, [scroll_ms, speed])
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
        "j_key_ms": round(key_ms),
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=30_000)
    parser.add_argument("--page-rows", type=int, default=PAGE_ROWS)
    parser.add_argument("--out", default=str(ROOT / "build" / "bench"))
    parser.add_argument("--single", action="store_true", help="also load it as one file")
    parser.add_argument("--pipeline", action="store_true", help="run the real pipeline")
    parser.add_argument("--html", help="measure this report (and its pages) as written")
    parser.add_argument("--texts", nargs=2, metavar=("A", "B"), help="compare these texts")
    parser.add_argument("--labels", default="", help="with --texts: the labels, A,B")
    args = parser.parse_args(argv)
    if args.html:
        index = Path(args.html)
        pages = sorted(index.parent.glob(f"{index.stem}-[0-9][0-9][0-9].html"))
        targets = [index, *dict.fromkeys(pages[:1] + pages[len(pages) // 2 :][:1] + pages[-1:])]
        _measure_all(targets)
        return 0

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
        Path(p) for p in write_report(comparison, str(out / "book.html"), page_rows=args.page_rows)
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
    _measure_all(list(dict.fromkeys(targets)))
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


def _measure_all(targets: list[Path]) -> None:
    """Load and scroll each file in one browser, printing a JSON line for each."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver, tempfile.TemporaryDirectory() as profile:
        context = driver.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            args=ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        for path in targets:
            print(json.dumps(measure(context, path)))
        context.close()


if __name__ == "__main__":
    sys.exit(main())
