"""A Word ``.docx`` file to paragraphs."""

from __future__ import annotations

import io
import zipfile

from align.errors import AlignError
from align.reading.chrome import is_chrome_line
from align.reading.html import _collapse
from align.reading.limits import MAX_DOCX_UNPACKED
from align.reading.paragraphs import _Paragraph

# --- Word ------------------------------------------------------------------


def _zip_has_document(raw: bytes) -> bool:
    """True if ``raw`` is a zip archive holding ``word/document.xml`` (a .docx)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _docx_paragraphs(raw: bytes, name: str) -> tuple[list[_Paragraph], str]:
    """Paragraphs of a Word file in document order (tables cell by cell), and its title.

    Headings come from paragraph style names ("Heading N", "Title",
    "Subtitle"). Headers, footers, footnotes and text boxes are left out.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            entries = archive.infolist()
            if "word/document.xml" not in {entry.filename for entry in entries}:
                raise AlignError(f"{name}: corrupt Word file (no word/document.xml)")
            if sum(entry.file_size for entry in entries) > MAX_DOCX_UNPACKED:
                raise AlignError(f"{name}: corrupt Word file (too large when unpacked)")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise AlignError(f"{name}: corrupt Word file (not a zip archive)") from None

    try:
        import docx
        from docx.table import Table
    except ImportError:  # pragma: no cover - a declared dependency
        raise AlignError(f"{name}: cannot read Word files (python-docx is missing)") from None
    try:
        document = docx.Document(io.BytesIO(raw))
        paragraphs: list[_Paragraph] = []
        title = ""
        stack = [iter(document.iter_inner_content())]
        while stack:
            item = next(stack[-1], None)
            if item is None:
                stack.pop()
            elif isinstance(item, Table):
                # A merged cell repeats in every row and column it spans. The
                # list keeps each cell alive, so the ids stay unique meanwhile.
                cells, seen = [], set()
                for row in item.rows:
                    for cell in row.cells:
                        if id(cell._tc) not in seen:
                            seen.add(id(cell._tc))
                            cells.append(cell)
                stack.append(content for cell in cells for content in cell.iter_inner_content())
            else:
                text = item.text.strip()
                style = _style_name(item)
                heading = style.startswith("Heading") or style in ("Title", "Subtitle")
                if text:
                    paragraphs.append(_Paragraph(text, heading))
                    if not title and style == "Title":
                        title = text
    except AlignError:
        raise
    except Exception as error:  # noqa: BLE001 - python-docx on a damaged file raises many kinds
        reason = _collapse(str(error))[:100] or type(error).__name__
        raise AlignError(f"{name}: corrupt Word file ({reason})") from None
    if not title:
        title = next((p.text for p in paragraphs if p.heading and not is_chrome_line(p.text)), "")
    return paragraphs, title


def _style_name(paragraph) -> str:
    """A paragraph's style name, "" if it has none or the styles part is damaged."""
    try:
        style = paragraph.style
    except (KeyError, ValueError, AttributeError):
        return ""
    return (style.name or "") if style is not None else ""
