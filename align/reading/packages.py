"""Files that wrap HTML or XML: saved web pages (MHTML), e-books (EPUB), OpenDocument text.

- **MHTML** (``.mhtml``, ``.mht``): what a browser writes for "Save page as:
  Web page, single file". A MIME message whose HTML part is the page; the
  part is decoded (quoted-printable or base64, in its declared charset) and
  read as any saved page, chrome marked.
- **EPUB** (``.epub``): a zip of XHTML chapters; the package file lists them
  in reading order (its spine). Each chapter is read as HTML by the markup
  rules alone: a chapter is all text, so no main-text extractor drops part of it.
- **OpenDocument text** (``.odt``, LibreOffice's format): paragraphs and headings
  of ``content.xml`` in document order.

Files these readers refuse, each with a one-line reason naming the file:
encrypted (DRM) e-books, archives that unpack past `MAX_DOCX_UNPACKED`, and
packages without their main part. Word 97-2003 ``.doc`` and RTF are not read
(`unsupported`): their text needs a converter this package does not ship.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from align.errors import AlignError
from align.reading.encodings import _decode
from align.reading.html import _collapse, _html_paragraphs
from align.reading.limits import MAX_DOCX_UNPACKED
from align.reading.paragraphs import _Paragraph

if TYPE_CHECKING:
    import zipfile

# email, zipfile and urllib are imported by the readers that need them: a plain text
# file, the common case, is told apart by its bytes alone and imports none of them.

MHTML_SUFFIXES = frozenset({".mhtml", ".mht"})
EPUB_SUFFIXES = frozenset({".epub"})
ODT_SUFFIXES = frozenset({".odt", ".ott"})
_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # Word 97-2003 .doc (and .xls, .ppt)
_RTF_MAGIC = b"{\\rtf"
#: A MIME message opens with a header line ("From: <Saved by Blink>").
_HEADER = re.compile(rb"[a-z][a-z0-9-]{1,40}:[ \t]")
_CONTAINER = "META-INF/container.xml"
_NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}
_XHTML_TYPES = frozenset({"application/xhtml+xml", "text/html", "application/x-dtbook+xml"})


def unsupported(raw: bytes, suffix: str) -> str | None:
    """Why a file of a format this package does not read is refused (None: not one of them)."""
    if raw.startswith(_OLE_MAGIC) or suffix == ".doc":
        return "a Word 97-2003 .doc file is not read; save it as .docx, .txt or .html"
    if raw[:64].lstrip()[:5] == _RTF_MAGIC or suffix == ".rtf":
        return "an RTF file is not read; save it as .docx, .txt or .html"
    return None


def is_mhtml(raw: bytes, suffix: str) -> bool:
    """Whether ``raw`` is a saved web page in MHTML (by suffix, or by its MIME head)."""
    if suffix in MHTML_SUFFIXES:
        return True
    head = raw[:4096].lower()
    return (
        _HEADER.match(head) is not None
        and (head.startswith(b"mime-version:") or b"\nmime-version:" in head)
        and b"content-type: multipart/related" in head
    )


def mhtml_page(raw: bytes, name: str) -> tuple[str, str]:
    """The HTML part of a saved web page, decoded, and the encoding it was in.

    The page is the part at the snapshot's address, else the first HTML part.
    """
    import email
    import email.policy

    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    if not message.is_multipart():
        raise AlignError(f"{name}: not a saved web page (MHTML without parts)")
    wanted = (message.get("Snapshot-Content-Location") or "").strip()
    pages = [part for part in message.walk() if part.get_content_type() == "text/html"]
    if not pages:
        raise AlignError(f"{name}: saved web page (MHTML) with no HTML part")
    page = next(
        (p for p in pages if wanted and (p.get("Content-Location") or "").strip() == wanted),
        pages[0],
    )
    body = page.get_payload(decode=True)
    if not isinstance(body, bytes):
        raise AlignError(f"{name}: saved web page (MHTML) whose HTML part cannot be decoded")
    decoded = _decode(body, name, declared=page.get_content_charset() or "", strict=False)
    return decoded.text, decoded.encoding


def _archive(raw: bytes, name: str, what: str) -> zipfile.ZipFile:
    """The zip archive of a package, checked against zip bombs."""
    import io
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        if sum(entry.file_size for entry in archive.infolist()) > MAX_DOCX_UNPACKED:
            raise AlignError(f"{name}: corrupt {what} (too large when unpacked)")
        return archive
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise AlignError(f"{name}: corrupt {what} (not a zip archive)") from None


def _member(archive: zipfile.ZipFile, path: str, name: str, what: str) -> bytes:
    import zipfile

    try:
        return archive.read(path)
    except KeyError:
        raise AlignError(f"{name}: corrupt {what} (no {path})") from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise AlignError(f"{name}: corrupt {what} ({path} cannot be unpacked)") from None


def _xml(data: bytes, name: str, what: str, path: str):  # type: ignore[no-untyped-def]
    import lxml.etree

    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return lxml.etree.fromstring(data, parser=parser)
    except lxml.etree.XMLSyntaxError:
        raise AlignError(f"{name}: corrupt {what} ({path} is not well-formed XML)") from None


def is_epub(archive_names: Sequence[str], suffix: str) -> bool:
    return suffix in EPUB_SUFFIXES or (_CONTAINER in archive_names and "mimetype" in archive_names)


def is_odt(raw: bytes, archive_names: Sequence[str], suffix: str) -> bool:
    """Whether a zip archive is an OpenDocument text (by suffix, or by its ``mimetype`` member)."""
    if suffix in ODT_SUFFIXES:
        return True
    if "mimetype" not in archive_names or "content.xml" not in archive_names:
        return False
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            kind = archive.read("mimetype")[:100]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return False
    return kind.startswith(b"application/vnd.oasis.opendocument.text")


def zip_names(raw: bytes) -> list[str]:
    """The member names of a zip archive ([] if it is none)."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return []


def epub_paragraphs(raw: bytes, name: str) -> tuple[list[_Paragraph], str]:
    """Paragraphs of an e-book's chapters in reading order, and its title."""
    from urllib.parse import unquote

    what = "EPUB e-book"
    with _archive(raw, name, what) as archive:
        names = set(archive.namelist())
        if "META-INF/encryption.xml" in names:
            encrypted = _xml(
                _member(archive, "META-INF/encryption.xml", name, what),
                name,
                what,
                "META-INF/encryption.xml",
            )
            if any(True for _ in encrypted.iter("{*}EncryptedData")):
                raise AlignError(f"{name}: an encrypted (DRM) e-book cannot be read")
        container = _xml(_member(archive, _CONTAINER, name, what), name, what, _CONTAINER)
        rootfile = container.find(".//c:rootfile", _NS)
        opf_path = rootfile.get("full-path", "") if rootfile is not None else ""
        if not opf_path:
            raise AlignError(f"{name}: corrupt {what} (no package file named in {_CONTAINER})")
        opf = _xml(_member(archive, opf_path, name, what), name, what, opf_path)
        base = posixpath.dirname(opf_path)
        manifest = {
            item.get("id"): (item.get("href", ""), item.get("media-type", ""))
            for item in opf.iterfind(".//opf:manifest/opf:item", _NS)
        }
        title_element = opf.find(".//dc:title", _NS)
        title = _collapse(title_element.text or "") if title_element is not None else ""
        paragraphs: list[_Paragraph] = []
        read: set[str] = set()
        for ref in opf.iterfind(".//opf:spine/opf:itemref", _NS):
            if ref.get("linear", "yes") == "no":
                continue  # notes and pop-ups outside the reading order
            href, media = manifest.get(ref.get("idref"), ("", ""))
            if not href or media not in _XHTML_TYPES:
                continue
            path = posixpath.normpath(posixpath.join(base, unquote(href.split("#")[0])))
            if path in read:
                continue  # a chapter the spine lists twice is read once
            read.add(path)
            if path not in names:
                raise AlignError(f"{name}: corrupt {what} (the chapter {path} is missing)")
            chapter = _decode(
                _member(archive, path, name, what), f"{name}:{path}", declared="", strict=False
            )
            found, _ = _html_paragraphs(chapter.text, f"{name}:{path}", extract=False)
            paragraphs += found
    if not paragraphs:
        raise AlignError(f"{name}: an e-book with no text in its chapters")
    return paragraphs, title


def odt_paragraphs(raw: bytes, name: str) -> tuple[list[_Paragraph], str]:
    """Paragraphs and headings of an OpenDocument text in document order, and its title."""
    what = "OpenDocument text"
    with _archive(raw, name, what) as archive:
        content = _xml(_member(archive, "content.xml", name, what), name, what, "content.xml")
        meta = (
            _xml(archive.read("meta.xml"), name, what, "meta.xml")
            if "meta.xml" in archive.namelist()
            else None
        )
    title = ""
    if meta is not None:
        element = meta.find(".//dc:title", _NS)
        title = _collapse(element.text or "") if element is not None else ""
    p, h = f"{{{_NS['text']}}}p", f"{{{_NS['text']}}}h"
    paragraphs: list[_Paragraph] = []
    for element in content.iter(p, h):
        if any(a.tag in (p, h) for a in element.iterancestors()):
            continue  # a paragraph inside a note or a frame of another is read with it
        text = _collapse(_odt_text(element))
        if text:
            paragraphs.append(_Paragraph(text, heading=element.tag == h))
    if not title:
        title = next((x.text for x in paragraphs if x.heading), "")
    return paragraphs, title


def _odt_text(element) -> str:  # type: ignore[no-untyped-def]
    """The text of one paragraph: spaces, tabs and line breaks as written; notes left out."""
    text = _NS["text"]
    out = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == f"{{{text}}}s":
            count = child.get(f"{{{text}}}c", "1")
            out.append(" " * (min(int(count), 100) if count.isdigit() else 1))
        elif tag in (f"{{{text}}}tab", f"{{{text}}}line-break"):
            out.append(" ")
        elif tag != f"{{{text}}}note":
            out.append(_odt_text(child))
        out.append(child.tail or "")
    return "".join(out)
