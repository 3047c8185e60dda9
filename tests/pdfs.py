"""PDFs made for the tests (fpdf2): paragraphs laid out line by line, with running heads.

The layout is ours, not fpdf2's, so that a test knows where each line breaks
and can break a word with a hyphen at a line's end.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from fpdf import FPDF

#: A Unicode font for the seed's curly quotes and Vietnamese letters (fpdf2's own are Latin-1).
FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONT = os.path.join(FONT_DIR, "DejaVuSerif.ttf")
BOLD = os.path.join(FONT_DIR, "DejaVuSerif-Bold.ttf")


class _Document(FPDF):
    def __init__(self, header: str, footer: bool) -> None:
        super().__init__(format="A4")
        self.running_header = header
        self.page_footer = footer
        self.add_font("body", "", FONT)
        self.add_font("body", "B", BOLD)
        self.set_auto_page_break(auto=True, margin=25)
        self.set_margins(25, 25, 25)

    def header(self) -> None:
        if self.running_header:
            self.set_font("body", "", 8)
            self.set_y(10)
            self.cell(0, 5, self.running_header, align="C")
            self.set_y(25)

    def footer(self) -> None:
        if self.page_footer:
            self.set_font("body", "", 8)
            self.set_y(-15)
            self.cell(0, 5, f"Page {self.page_no()}", align="C")


def make_pdf(
    paragraphs: Sequence[str | Sequence[str]],
    *,
    title: str = "",
    header: str = "",
    footer: bool = True,
    hyphenate: Sequence[tuple[str, int]] = (),
    size: float = 11,
) -> bytes:
    """A PDF of ``paragraphs`` (``title`` above them, bold and larger).

    A paragraph given as a list of strings is those lines, as broken.
    ``hyphenate`` lists (word, letters) pairs: where such a word would wrap
    to the next line, its first letters end the line with a hyphen instead.
    """
    pdf = _Document(header, footer)
    pdf.add_page()
    line_height = size * 0.5
    width = pdf.w - pdf.l_margin - pdf.r_margin
    if title:
        pdf.set_font("body", "B", size * 1.6)
        pdf.multi_cell(width, size * 0.8, title, align="L")
        pdf.ln(line_height)
    pdf.set_font("body", "", size)
    breaks = dict(hyphenate)
    for paragraph in paragraphs:
        lines = paragraph if not isinstance(paragraph, str) else None
        for line in lines or _lines(pdf, str(paragraph), width, breaks):
            if pdf.will_page_break(line_height):
                pdf.add_page()
            pdf.set_x(pdf.l_margin)
            pdf.cell(width, line_height, line)
            pdf.ln(line_height)
        pdf.ln(line_height * 0.8)
    return bytes(pdf.output())


def make_scan() -> bytes:
    """A PDF of one page that is only a picture (as a scanner makes), no text layer."""
    from PIL import Image

    pdf = FPDF()
    pdf.add_page()
    pdf.image(Image.new("L", (200, 100), 255), x=20, y=20, w=100)
    return bytes(pdf.output())


def _lines(pdf: FPDF, paragraph: str, width: float, breaks: dict[str, int]) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in paragraph.split():
        candidate = f"{line} {word}" if line else word
        if pdf.get_string_width(candidate) <= width:
            line = candidate
            continue
        bare = word.strip(".,;:“”’\"'()")
        if bare in breaks:
            head = word[: word.index(bare) + breaks[bare]]
            if pdf.get_string_width(f"{line} {head}-") <= width:
                lines.append(f"{line} {head}-")
                line = word[len(head) :]
                continue
        lines.append(line)
        line = word
    if line:
        lines.append(line)
    return lines
