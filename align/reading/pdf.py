"""A PDF's text layer to paragraphs, with running headers, footers and page numbers as chrome.

pdfminer.six lays each page out (text boxes in reading order, columns
included) and gives its lines with their boxes and font sizes. From them:

- Chrome: a line in the top or bottom band of a page that is a page number
  ("7", "Page 7", "7 of 12", "- 7 -"), or whose wording (digits aside) stands in
  that band on at least half the pages (a running header or footer). Chrome is
  set aside as paragraphs of its own, after the paragraph running at the page
  break, so that a paragraph that crosses pages reads as one.
- Paragraphs rebuilt from lines: a line starts a new paragraph after a wider
  gap than the lines', after an indent, or after a short line that ends a
  sentence; otherwise it continues the one before, on the next page too.
- Hyphenation at a line end is joined: ``diplo-`` / ``macy`` gives
  ``diplomacy``; ``self-`` / ``reliance`` keeps its hyphen, as the word list
  knows ``selfreliance`` not but ``self`` and ``reliance`` both. The text that
  results is the `Source`'s text, and every span indexes it.

A PDF with no text layer (a scan) is refused with one line saying so.
"""

from __future__ import annotations

import io
import re
import statistics
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from align.errors import AlignError
from align.lexicon.vectors import DATA_DIR
from align.reading.html import _collapse
from align.reading.paragraphs import _Paragraph

#: Share of the page's height, at its top and at its bottom, where running heads stand.
BAND = 0.09
#: Share of the pages on which a line must recur (in a band) to be a running head.
RECUR = 0.5
#: A gap between lines wider than this many line heights ends a paragraph.
PARAGRAPH_GAP = 0.6
#: A line this much (in line heights) right of the column's edge is indented: a new paragraph.
INDENT = 1.0
#: A line that ends this share of the column short of its right edge ends its paragraph
#: when it also ends a sentence.
SHORT = 0.12
#: A heading's font is this much larger than the body's.
HEADING_SIZE = 1.15

_PAGE_NUMBER = re.compile(
    r"(?:page|p\.|pg\.?)?\s*[-–—]?\s*\d{1,5}\s*[-–—]?\s*(?:(?:/|of)\s*\d{1,5})?", re.I
)
_SENTENCE_END = re.compile(r"[.!?:;…][\"'”’)\]]*$")
_LIGATURES = re.compile("[\ufb00-\ufb06]")
_LETTERS_END = re.compile(r"([^\W\d_]+)-$")
_LETTERS_START = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class _Line:
    """One line of text on a page, with its box (PDF units, y up) and font size."""

    page: int
    box: int  # the text box it belongs to, in reading order over the document
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    text: str

    @property
    def height(self) -> float:
        return max(self.y1 - self.y0, 1.0)


def _pdf_paragraphs(raw: bytes, name: str) -> tuple[list[_Paragraph], str]:
    """The paragraphs of a PDF's text layer in reading order (chrome marked), and its title."""
    if b"%PDF-" not in raw[:1024]:  # readers allow a little junk before the header, no more
        raise AlignError(f"{name}: not a PDF (no %PDF- header), though it is named one")
    pages, heights, images = _layout(raw, name)
    if not any(pages):
        if images:
            raise AlignError(f"{name}: a scanned PDF with no text layer (run OCR on it first)")
        raise AlignError(f"{name}: the PDF has no text")
    chrome = _running_heads(pages, heights)
    body = [line for page in pages for line in page if line not in chrome]
    size = statistics.median(line.size for line in body) if body else 0.0
    paragraphs: list[_Paragraph] = []
    pending: list[_Paragraph] = []  # chrome waiting for the paragraph under way to end
    current: list[_Line] = []

    def close() -> None:
        if current:
            heading = size > 0 and min(line.size for line in current) > size * HEADING_SIZE
            paragraphs.append(_Paragraph(_joined(current), heading))
            current.clear()
        paragraphs.extend(pending)
        pending.clear()

    margins = {n: _margins([line for line in body if line.page == n]) for n in range(len(pages))}
    for page in pages:
        for line in page:
            if line in chrome:
                pending.append(_Paragraph(line.text, chrome=True))
                if not current:
                    close()
                continue
            if current and _starts_paragraph(current[-1], line, margins):
                close()
            current.append(line)
    close()
    title = next((p.text for p in paragraphs if p.heading), "")
    return paragraphs, title


def _layout(raw: bytes, name: str) -> tuple[list[list[_Line]], list[float], bool]:
    """Each page's lines in reading order, each page's height, and whether any page has images."""
    try:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LAParams, LTChar, LTImage, LTTextBox, LTTextLine
    except ImportError:  # pragma: no cover - a declared dependency
        raise AlignError(f"{name}: cannot read PDF files (pdfminer.six is missing)") from None

    def has_image(item) -> bool:
        if isinstance(item, LTImage):
            return True
        return any(has_image(child) for child in item) if hasattr(item, "__iter__") else False

    pages: list[list[_Line]] = []
    heights: list[float] = []
    images = False
    box = 0
    try:
        for number, page in enumerate(extract_pages(io.BytesIO(raw), laparams=LAParams())):
            heights.append(page.height)
            lines: list[_Line] = []
            for item in page:
                if not isinstance(item, LTTextBox):
                    images = images or has_image(item)
                    continue
                box += 1
                for row in item:
                    if not isinstance(row, LTTextLine):
                        continue
                    text = _clean(row.get_text())
                    if not text:
                        continue
                    sizes = [c.size for c in row if isinstance(c, LTChar)]
                    size = statistics.median(sizes) if sizes else row.height
                    lines.append(_Line(number, box, row.x0, row.y0, row.x1, row.y1, size, text))
            pages.append(lines)
    except AlignError:
        raise
    except Exception as error:  # noqa: BLE001 - pdfminer on a damaged file raises many kinds
        kind = type(error).__name__
        if "Password" in kind or "Encrypt" in kind:
            raise AlignError(f"{name}: an encrypted PDF (save it without a password)") from None
        reason = _collapse(str(error))[:100] or kind
        raise AlignError(f"{name}: corrupt PDF ({reason})") from None
    return pages, heights, images


def _clean(text: str) -> str:
    """A line's text: ligatures spelt out, spaces collapsed, a soft hyphen kept only at its end."""
    text = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = " ".join(text.split())
    if text.endswith("\u00ad"):
        return text.replace("\u00ad", "") + "\u00ad"
    return text.replace("\u00ad", "")


def _running_heads(pages: list[list[_Line]], heights: list[float]) -> set[_Line]:
    """The lines that are running headers, footers or page numbers."""
    in_band: list[_Line] = []
    for page, height in zip(pages, heights):
        in_band += [
            line for line in page if line.y0 >= height * (1 - BAND) or line.y1 <= height * BAND
        ]
    pages_with: dict[str, set[int]] = {}
    for line in in_band:
        pages_with.setdefault(_wording(line.text), set()).add(line.page)
    recur = max(2, round(len(pages) * RECUR))
    return {
        line
        for line in in_band
        if _PAGE_NUMBER.fullmatch(line.text) or len(pages_with[_wording(line.text)]) >= recur
    }


def _wording(text: str) -> str:
    """A line's wording with its numbers aside: "Page 3 of 9" and "Page 4 of 9" are one."""
    return re.sub(r"\d+", "#", text.casefold())


def _margins(lines: list[_Line]) -> tuple[float, float]:
    """The column's left edge (the commonest start of a line) and right edge (the furthest end)."""
    if not lines:
        return 0.0, 0.0
    starts = statistics.mode(round(line.x0) for line in lines)
    return float(starts), max(line.x1 for line in lines)


def _starts_paragraph(previous: _Line, line: _Line, margins: dict) -> bool:
    """Does ``line`` start a paragraph, after ``previous`` (the last line of the one under way)?"""
    left, right = margins[line.page]
    prev_left, prev_right = margins[previous.page]
    ends_sentence = bool(_SENTENCE_END.search(previous.text))
    short = previous.x1 < prev_right - SHORT * max(prev_right - prev_left, 1.0)
    if short and ends_sentence:
        return True
    if abs(line.size - previous.size) > 0.1 * max(line.size, previous.size):
        return True  # a heading and its text
    if line.x0 > left + INDENT * line.height:
        return True
    if line.page == previous.page:
        gap = previous.y0 - line.y1
        return gap > PARAGRAPH_GAP * line.height or gap < -line.height  # or a new column
    return short


def _joined(lines: list[_Line]) -> str:
    """The lines of one paragraph as one line of text, hyphenation at line ends undone."""
    text = lines[0].text
    for line in lines[1:]:
        text = _join(text, line.text)
    return text.removesuffix("\u00ad")


def _join(text: str, following: str) -> str:
    """``text`` and the line that follows it, joined.

    >>> _join("comprehensive diplo-", "macy abroad"), _join("self-", "reliance")
    ('comprehensive diplomacy abroad', 'self-reliance')
    >>> _join("in 2021-", "2026"), _join("a word\u00ad", "break")
    ('in 2021- 2026', 'a wordbreak')
    """
    if text.endswith("\u00ad"):
        return text[:-1] + following
    left = _LETTERS_END.search(text)
    right = _LETTERS_START.match(following)
    if left and right and following[0].islower():
        whole = (left.group(1) + right.group()).lower()
        parts = left.group(1).lower(), right.group().lower()
        words = _words()
        if whole not in words and all(part in words for part in parts):
            return text + following  # a compound broken at its own hyphen
        return text[:-1] + following
    return f"{text} {following}"


@lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    """The lexicon's words (lower case), to tell a broken compound from a hyphenated word."""
    return frozenset((DATA_DIR / "words.txt").read_text(encoding="utf-8").split())
