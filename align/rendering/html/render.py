"""The side-by-side HTML report: one self-contained file, CSS and JS inlined.

Takes a `Comparison` (and its `Summary`); gives HTML text, or writes the
files. This module only renders: `align.summary` computes every figure,
`align.rendering.html.build` lays them out as data, and the jinja2 templates
in ``align/rendering/templates`` (package data, autoescaped) lay that out.
The page loads nothing: a Content-Security-Policy forbids every fetch and
allows only the one inlined script, by its hash.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from markupsafe import Markup

from align.model import Comparison
from align.rendering.html.build import build_report
from align.rendering.html.data import (
    PAGE_COST,
    PAGE_ROWS,
    TABLE_PAGE_ROWS,
    TABLE_ROWS,
    Report,
)
from align.rendering.html.page import asset, environment, script_policy
from align.rendering.html.pages import paginate
from align.summary import Summary

__all__ = ["render_html", "render_html_pages", "render_report", "write_report"]


def render_report(report: Report) -> str:
    """Lay out one page of report data as a complete HTML document."""
    js = asset("report.js")
    # The script is inlined between newlines; the hash covers exactly that text.
    script = f"\n{js}\n"
    return (
        environment()
        .get_template("report.html.j2")
        .render(
            report=report,
            css=Markup(asset("report.css")),
            js=Markup(js),
            csp=Markup(script_policy(script)),
            table_rows=TABLE_ROWS if not report.part else TABLE_PAGE_ROWS,
        )
    )


def render_html(
    comparison: Comparison,
    *,
    timestamp: str | None = None,
    ignore: Iterable[str] = (),
    hide_chrome: bool = False,
    summary: Summary | None = None,
) -> str:
    """The whole comparison as one HTML page, however long (see
    `align.rendering.html.build.build_report`; `write_report` splits long ones)."""
    return render_report(
        build_report(
            comparison,
            timestamp=timestamp,
            ignore=ignore,
            hide_chrome=hide_chrome,
            summary=summary,
        )
    )


def render_html_pages(
    comparison: Comparison,
    name: str,
    *,
    timestamp: str | None = None,
    ignore: Iterable[str] = (),
    hide_chrome: bool = False,
    page_rows: int = PAGE_ROWS,
    summary: Summary | None = None,
    page_cost: int = PAGE_COST,
) -> dict[str, str]:
    """The report as ``{file name: html}``: ``{name: html}`` when it fits one
    page (at most ``page_rows`` rows), else ``name`` as an index plus pages
    ``NAME-001.html``... beside it, the index last.

    ``name`` is a bare file name such as ``report.html``; the pages link to
    each other by bare names, so all must be written into one folder.
    ``summary``, if given, is the comparison's (`align.summary.summarise`);
    ``page_cost`` is a page's budget (`PAGE_COST`, see `paginate`).
    """
    report = build_report(
        comparison, timestamp=timestamp, ignore=ignore, hide_chrome=hide_chrome, summary=summary
    )
    pages = paginate(report, name, page_rows, page_cost)
    ordered = [*(k for k in pages if k != name), name]
    return {filename: render_report(pages[filename]) for filename in ordered}


def write_report(
    comparison: Comparison,
    path: str,
    *,
    timestamp: str | None = None,
    ignore: Iterable[str] = (),
    hide_chrome: bool = False,
    page_rows: int = PAGE_ROWS,
    page_cost: int = PAGE_COST,
) -> list[str]:
    """Write the report to ``path`` (and its pages beside it); returns the paths.

    Each file goes through a temporary file renamed into place, the index
    (``path``) last, so a reader never opens an index whose pages are missing.
    Raises `AlignError` naming the file on failure.
    """
    from align.runtime.output import write_atomic

    folder, name = os.path.split(path)
    written = []
    for filename, html in render_html_pages(
        comparison,
        name,
        timestamp=timestamp,
        ignore=ignore,
        hide_chrome=hide_chrome,
        page_rows=page_rows,
        page_cost=page_cost,
    ).items():
        target = os.path.join(folder, filename)
        write_atomic(target, html)
        written.append(target)
    return written
