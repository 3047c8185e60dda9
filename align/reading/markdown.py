"""Markdown (CommonMark, with tables) to paragraphs, through its HTML.

A translation kept in a repository is often Markdown: its marks ("#", "**",
"[text](address)") are no part of the wording, so the file is rendered to
HTML by markdown-it-py and read as a page by the markup rules alone (no
main-text extractor: the file is all text). A YAML front matter block
(``---`` ... ``---`` at the top) is left out, and so are code blocks.
"""

from __future__ import annotations

import re

from align.reading.html import _html_paragraphs
from align.reading.paragraphs import _Paragraph

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
_FRONT_MATTER = re.compile(
    r"\A---[ \t]*\r?\n.{0,20000}?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S
)
_CODE = re.compile(r"<pre><code[^>]*>.*?</code></pre>", re.S)


def markdown_paragraphs(text: str, name: str) -> tuple[list[_Paragraph], str]:
    """Paragraphs of a Markdown text, and its title (its first heading)."""
    from markdown_it import MarkdownIt

    body = _FRONT_MATTER.sub("", text.lstrip("\ufeff"), count=1)
    html = MarkdownIt("commonmark", {"html": False}).enable("table").render(body)
    html = _CODE.sub("", html)
    return _html_paragraphs(f"<html><body>{html}</body></html>", name, extract=False)
