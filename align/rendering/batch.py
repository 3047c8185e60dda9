"""The index page of ``align batch``: one self-contained file, CSS inlined.

Takes an `align.summary.Index`; gives HTML text. This module only renders:
`align.batch.index.build_index` gathers every figure and link, the template
``align/rendering/templates/batch.html.j2`` (autoescaped) lays them out. The
page has no script and loads nothing.
"""

from __future__ import annotations

from markupsafe import Markup

from align.rendering.html.data import RELATION_LABELS
from align.rendering.html.page import asset, environment
from align.summary import Index

#: The page may fetch nothing and run no script.
CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def render_index(index: Index) -> str:
    """The batch's index as a complete HTML document (deterministic: no timestamp)."""
    return (
        environment()
        .get_template("batch.html.j2")
        .render(
            index=index,
            headings=[RELATION_LABELS[r].format(a="A", b="B") for r in index.relations],
            css=Markup(asset("batch.css")),
            csp=Markup(CSP),
        )
    )
