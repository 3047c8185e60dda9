"""The index page of ``align batch``: one self-contained file, CSS inlined.

This module only renders: `align.batch.build_index` computes every figure and
link, the template ``align/templates/batch.html.j2`` (autoescaped) lays them
out. The page has no script and loads nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from align.rendering.html.render import _asset, _environment

if TYPE_CHECKING:
    from align.batch.jobs import Index

#: The page may fetch nothing and run no script.
CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def render_index(index: Index) -> str:
    """The batch's index as a complete HTML document (deterministic: no timestamp)."""
    return (
        _environment()
        .get_template("batch.html.j2")
        .render(index=index, css=Markup(_asset("batch.css")), csp=Markup(CSP))
    )
