"""Reading: a file's bytes to a `Source` of text and paragraph blocks.

Formats: plain text, HTML (a page saved from a news site, also as a single
MHTML file), Word ``.docx``, PDF with a text layer, EPUB e-books and
OpenDocument text (`align.reading.packages`), subtitles (``.srt``, ``.vtt``:
`align.reading.subtitles`) and Markdown (`align.reading.markdown`); any of
them from a file or by address (``http://``, ``https://``, see
`align.reading.url`). Plain text keeps the decoded text exactly, so every
span indexes the file as a reader sees it; the other formats give the
extracted paragraphs joined by blank lines, chrome included in its place and
marked.

Encodings, in the order they are tried: a byte-order mark (UTF-8, UTF-16 or
UTF-32, LE or BE); strict UTF-8; for HTML, the charset the page declares; a
UTF-8 with a few bad bytes (replaced, with a warning); Windows-1252 or
Latin-1 on strong evidence. A file with NUL bytes is UTF-16 if they fall as
UTF-16's do (LE or BE, no byte-order mark), else binary and refused.

Every failure is an `AlignError` whose message is one line naming the file.
Work is linear in the input: lines are found with one regex pass, every chrome
rule looks at a bounded slice of a line, text is built with ``str.join``.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from dataclasses import replace
from pathlib import PurePath

from align.errors import AlignError
from align.model import Block, Source
from align.reading.encodings import _declared_charset, _decode, _read_bytes
from align.reading.html import _html_paragraphs, _sniff_html
from align.reading.limits import (
    _DOCX_SUFFIXES,
    _HTML_SUFFIXES,
    _PDF_MAGIC,
    _PDF_SUFFIXES,
    _ZIP_MAGIC,
    UNITS,
)
from align.reading.markdown import MARKDOWN_SUFFIXES, markdown_paragraphs
from align.reading.packages import (
    epub_paragraphs,
    is_epub,
    is_mhtml,
    is_odt,
    mhtml_page,
    odt_paragraphs,
    unsupported,
    zip_names,
)
from align.reading.paragraphs import _assembled_source
from align.reading.subtitles import looks_like_subtitles, subtitle_paragraphs
from align.reading.text import _line_blocks, _text_blocks
from align.reading.url import fetch, is_url

__all__ = ["MAX_BYTES", "MAX_EXTRACTED_HTML", "UNITS", "read_source", "text_blocks", "text_source"]


def read_source(
    path: str | os.PathLike[str],
    *,
    units: str = "sentences",
    strict_decoding: bool = False,
    cache: str | None = None,
) -> Source:
    """Read ``path`` (``"-"`` for standard input, or an ``http(s)://`` address) into a `Source`.

    ``units="lines"`` takes the input as already segmented: every non-empty
    line is one block, its own paragraph, never chrome. Otherwise blocks are
    paragraphs (see `_text_paragraphs` for plain text), with page chrome
    marked by `align.chrome`.

    A file that is UTF-8 but for a few bytes is read with U+FFFD in their
    place and a line in ``Source.warnings`` saying where;
    ``strict_decoding=True`` refuses it instead.

    An address is fetched (see `align.reading.url.fetch`; ``cache`` is the
    folder that keeps fetched pages) and read by its content type; the
    `Source`'s ``origin`` records where and when.

    Raises `AlignError` with a one-line message naming the file.
    """
    path = os.fspath(path)
    if units not in UNITS:
        raise AlignError(f"unknown units {units!r} (expected one of: {', '.join(UNITS)})")
    # The name heads a one-line message: show odd characters escaped.
    name = "<stdin>" if path == "-" else path if path.isprintable() else ascii(path)
    if is_url(path):
        page = fetch(path, cache=cache)
        source = _read_bytes_as(
            path, name, page.body, page.suffix, units, strict_decoding, page.charset
        )
        return replace(source, origin=page.origin)
    raw = _read_bytes(path, name)
    suffix = "" if path == "-" else PurePath(path).suffix.lower()
    return _read_bytes_as(path, name, raw, suffix, units, strict_decoding)


def _read_bytes_as(
    path: str,
    name: str,
    raw: bytes,
    suffix: str,
    units: str,
    strict_decoding: bool,
    charset: str = "",
) -> Source:
    """A `Source` of ``raw``, read as its suffix (or its bytes) says; ``charset`` as declared."""
    sha256 = hashlib.sha256(raw).hexdigest()
    # The Word and PDF readers are imported only for such a file: a text file needs neither.
    if suffix in _DOCX_SUFFIXES or raw.startswith(_ZIP_MAGIC):
        from align.reading.word import _docx_paragraphs, _zip_has_document

        if suffix in _DOCX_SUFFIXES or _zip_has_document(raw):
            paragraphs, title = _docx_paragraphs(raw, name)
            source = _assembled_source(path, sha256, "utf-8", "docx", paragraphs, title, units)
            return replace(source, encoding_reason=_DOCX_REASON)

    if suffix in _PDF_SUFFIXES or raw.startswith(_PDF_MAGIC):
        from align.reading.pdf import _pdf_paragraphs

        paragraphs, title = _pdf_paragraphs(raw, name)
        source = _assembled_source(path, sha256, "utf-8", "pdf", paragraphs, title, units)
        return replace(source, encoding_reason=_PDF_REASON)

    refused = unsupported(raw, suffix)
    if refused:
        raise AlignError(f"{name}: {refused}")
    members = zip_names(raw) if raw.startswith(_ZIP_MAGIC) else []
    if is_epub(members, suffix):
        paragraphs, title = epub_paragraphs(raw, name)
        source = _assembled_source(path, sha256, "utf-8", "epub", paragraphs, title, units)
        return replace(source, encoding_reason=_EPUB_REASON)
    if is_odt(raw, members, suffix):
        paragraphs, title = odt_paragraphs(raw, name)
        source = _assembled_source(path, sha256, "utf-8", "odt", paragraphs, title, units)
        return replace(source, encoding_reason=_ODT_REASON)
    if is_mhtml(raw, suffix):
        page, encoding = mhtml_page(raw, name)
        paragraphs, title = _html_paragraphs(page, name)
        source = _assembled_source(path, sha256, encoding, "html", paragraphs, title, units)
        return replace(source, encoding_reason=_MHTML_REASON)

    is_html = suffix in _HTML_SUFFIXES
    declared = _declared_charset(raw) if is_html or b"<" in raw[:4096] else ""
    decoded = _decode(
        raw, name, declared=declared or _known_charset(charset), strict=strict_decoding
    )
    text, encoding, warnings = decoded.text, decoded.encoding, decoded.warnings
    if suffix in MARKDOWN_SUFFIXES:
        paragraphs, title = markdown_paragraphs(text, name)
        source = _assembled_source(path, sha256, encoding, "markdown", paragraphs, title, units)
        return replace(source, warnings=warnings, encoding_reason=decoded.reason)
    if not is_html and looks_like_subtitles(text, suffix):
        paragraphs = subtitle_paragraphs(text, units)
        source = _assembled_source(path, sha256, encoding, "subtitles", paragraphs, "", units)
        return replace(source, warnings=warnings, encoding_reason=decoded.reason)
    if is_html or _sniff_html(text):
        paragraphs, title = _html_paragraphs(text, name)
        source = _assembled_source(path, sha256, encoding, "html", paragraphs, title, units)
        return replace(source, warnings=warnings, encoding_reason=decoded.reason)

    if units == "lines":
        blocks = _line_blocks(text)
        title = ""
    else:
        blocks, title = _text_blocks(text)
    return Source(
        path, text, sha256, encoding, "text", tuple(blocks), title, warnings, decoded.reason
    )


#: A Word file's text comes from its XML parts, which python-docx decodes.
_DOCX_REASON = "a Word .docx file: text from its XML"
#: A PDF's text comes from its text layer, which pdfminer.six decodes.
_PDF_REASON = "a PDF: text from its text layer"
#: An e-book's chapters are XHTML in its zip archive.
_EPUB_REASON = "an EPUB e-book: text from its chapters' XHTML"
#: An OpenDocument text's paragraphs are XML in its zip archive.
_ODT_REASON = "an OpenDocument text: text from its XML"
#: A saved web page's HTML is one part of a MIME message, in the charset that part declares.
_MHTML_REASON = "a saved web page (MHTML): text from its HTML part"
#: A string given to the library is text already.
_STR_REASON = "given as a str"


def _known_charset(charset: str) -> str:
    """``charset`` (from a ``Content-Type`` header) as Python names it, "" if unknown."""
    try:
        return codecs.lookup(charset).name if charset else ""
    except LookupError:
        return ""


def text_blocks(text: str, *, units: str = "sentences") -> tuple[tuple[Block, ...], str]:
    """Blocks and title of plain ``text``, found as `read_source` finds them in a text file."""
    if units not in UNITS:
        raise AlignError(f"unknown units {units!r} (expected one of: {', '.join(UNITS)})")
    if units == "lines":
        return tuple(_line_blocks(text)), ""
    blocks, title = _text_blocks(text)
    return tuple(blocks), title


def text_source(text: str, path: str, *, units: str = "sentences") -> Source:
    """A `Source` of a string, read as a plain text file is; ``path`` names it in messages.

    ``sha256`` is that of the text's UTF-8 bytes.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    blocks, title = text_blocks(text, units=units)
    sha256 = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return Source(path, text, sha256, "utf-8", "text", blocks, title, encoding_reason=_STR_REASON)
