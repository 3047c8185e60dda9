"""What every HTML page of align shares: the template environment, inlined assets, the policy.

The two-text report (`align.rendering.html.render`), the collation report
(`align.rendering.collation_html`) and the batch index (`align.rendering.batch`)
all lay out jinja2 templates from ``align/rendering/templates`` (package data,
autoescaped), inline their CSS and JS, and forbid every fetch by a
Content-Security-Policy that allows only the inlined script, by its hash.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from importlib import resources

import jinja2
from markupsafe import Markup

from align.model import visible

__all__ = ["asset", "css_string", "environment", "script_policy"]


def css_string(text: str) -> Markup:
    """A CSS string literal holding ``text``, every character hex-escaped, so
    nothing in it can end the string or the ``<style>`` element.

    >>> print(css_string('a"<'))
    "\\61 \\22 \\3c "
    """
    return Markup('"' + "".join(f"\\{ord(char):x} " for char in text) + '"')


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The templates' environment: autoescaped, strict about undefined names."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("align.rendering", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["css_string"] = css_string
    env.filters["shown"] = visible  # invisible characters by their code
    return env


@lru_cache(maxsize=4)
def asset(name: str) -> str:
    """The text of a CSS or JS file among the templates, to inline."""
    templates = resources.files("align.rendering").joinpath("templates")
    return templates.joinpath(name).read_text(encoding="utf-8")


def script_policy(script: str) -> str:
    """The Content-Security-Policy of a page whose one script is exactly `script`."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )
