"""Paragraphs extracted from HTML or Word, assembled into one `Source`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from align.model import Source
from align.reading.chrome import mark_chrome
from align.reading.text import _line_blocks, _paragraph_blocks

# --- Extracted paragraphs (HTML and Word) ----------------------------------


@dataclass(frozen=True)
class _Paragraph:
    """A paragraph extracted from markup: trimmed text and what the markup says of it."""

    text: str
    heading: bool = False
    chrome: bool = False


def _assembled_source(
    path: str,
    sha256: str,
    encoding: str,
    fmt: str,
    paragraphs: Sequence[_Paragraph],
    title: str,
    units: str,
) -> Source:
    """A `Source` whose text is the paragraphs joined by blank lines."""
    paragraphs = [p for p in paragraphs if p.text]
    text = "\n\n".join(p.text for p in paragraphs)
    if units == "lines":
        return Source(path, text, sha256, encoding, fmt, tuple(_line_blocks(text)), title)
    texts = [p.text for p in paragraphs]
    headings = [p.heading for p in paragraphs]
    chrome = mark_chrome(
        texts, headings=headings, headline=title, chrome=[p.chrome for p in paragraphs]
    )
    blocks = []
    start = 0
    for number, (paragraph, flag) in enumerate(zip(paragraphs, chrome)):
        blocks.extend(_paragraph_blocks(paragraph.text, start, number, flag, paragraph.heading))
        start += len(paragraph.text) + 2
    return Source(path, text, sha256, encoding, fmt, tuple(blocks), title)


def _split_lines(lines: Sequence[str], heading: bool, chrome: bool) -> Iterator[_Paragraph]:
    """Paragraphs from lines of one element: blank lines (``<br><br>``) separate them."""
    group: list[str] = []
    for line in [*lines, ""]:
        if line:
            group.append(line)
        elif group:
            yield _Paragraph("\n".join(group), heading, chrome)
            group = []
