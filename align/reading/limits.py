"""What the readers accept: size limits, units, and the file kinds they tell apart."""

from __future__ import annotations

import codecs
import re

#: The largest input read; more is refused rather than exhausting memory.
MAX_BYTES = 256 * 1024 * 1024
#: The largest page fetched by address (a news page is well under a MiB; a book's PDF may be tens).
MAX_PAGE_BYTES = 64 * 1024 * 1024
#: Largest unpacked size of a .docx (guards against zip bombs).
MAX_DOCX_UNPACKED = 512 * 1024 * 1024
UNITS = ("sentences", "lines")
#: Largest page (in characters, and in elements) given to the main-text extractor.
MAX_EXTRACTED_HTML = 4_000_000
MAX_EXTRACTED_ELEMENTS = 30_000

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_DOCX_SUFFIXES = frozenset({".docx", ".docm", ".dotx"})
_ZIP_MAGIC = b"PK\x03\x04"
_PDF_SUFFIXES = frozenset({".pdf"})
_PDF_MAGIC = b"%PDF-"
_BOMS = (
    # UTF-32 first: its little-endian mark begins with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CANNOT_DECODE = "cannot decode (not UTF-8, UTF-16 or a known single-byte encoding)"

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Control characters that text does not contain (tab, line and form feeds,
# carriage return and escape are allowed).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_META_CHARSET = re.compile(
    rb"<meta[^>]{0,400}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.-]{1,40})", re.I
)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]{0,300}\?>")
#: A doctype with an internal subset (``<!DOCTYPE x [<!ENTITY ...>]>``): the HTML
#: parser reads its "]>" as page text. Its entities are never expanded.
_DOCTYPE_SUBSET = re.compile(r"\A\s*<!DOCTYPE[^\[>]{0,300}\[.*?\]\s*>", re.DOTALL | re.IGNORECASE)
