"""Saved web pages (MHTML), EPUB e-books, OpenDocument text, and the formats refused.

Each package is built here from the seed texts as its writer lays it out (a
browser's MHTML, an EPUB 3 with a spine, a LibreOffice content.xml), so the
expected text is known: the same paragraphs as the HTML or text they wrap.
"""

from __future__ import annotations

import email.policy
import io
import subprocess
import sys
import zipfile
from email.message import EmailMessage
from html import escape
from pathlib import Path

import pytest
from test_reading import block_texts, check_blocks, write

from align.errors import AlignError
from align.reading import read_source

ROOT = Path(__file__).resolve().parent.parent
VNA = ROOT.parent / "shared" / "seeds" / "vna-to-lam-comprehensive-foreign-affairs.txt"


def _paragraphs() -> list[str]:
    return [p.strip() for p in VNA.read_text(encoding="utf-8").split("\n") if p.strip()][:12]


def _page(paragraphs: list[str]) -> str:
    body = "".join(f"<p>{escape(p)}</p>\n" for p in paragraphs)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>VNA</title></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        f"<article><h1>{escape(paragraphs[0])}</h1>{body}</article>"
        "<footer>Copyright VNA. All rights reserved.</footer></body></html>"
    )


def _mhtml(html: str, *, transfer: str = "quoted-printable", charset: str = "utf-8") -> bytes:
    """A page as Chrome saves it: a multipart/related message, the page first, an image after."""
    message = EmailMessage()
    message["From"] = "<Saved by Blink>"
    message["Snapshot-Content-Location"] = "https://example.org/story"
    message["Subject"] = "VNA"
    message["MIME-Version"] = "1.0"
    message.make_related()
    page = EmailMessage()
    page.set_content(html.encode(charset), "text", "html", cte=transfer)
    page.set_param("charset", charset)
    page["Content-Location"] = "https://example.org/story"
    image = EmailMessage()
    image.set_content(b"\x89PNG\r\n\x1a\n" + bytes(64), "image", "png", cte="base64")
    image["Content-Location"] = "https://example.org/logo.png"
    message.attach(page)
    message.attach(image)
    return message.as_bytes(policy=email.policy.SMTP)


@pytest.mark.parametrize(
    ("transfer", "charset"), [("quoted-printable", "utf-8"), ("base64", "utf-8"), ("8bit", "utf-8")]
)
def test_mhtml_reads_as_its_html_page(tmp_path: Path, transfer: str, charset: str) -> None:
    html = _page(_paragraphs())
    page = read_source(write(tmp_path, "story.html", html.encode("utf-8")))
    saved = read_source(write(tmp_path, "story.mhtml", _mhtml(html, transfer=transfer)))
    assert block_texts(saved) == block_texts(page)
    assert block_texts(saved, chrome=False) == block_texts(page, chrome=False)
    assert "Home" not in " ".join(block_texts(saved, chrome=False))
    assert saved.encoding_reason.startswith("a saved web page (MHTML)")
    check_blocks(saved)


def test_mhtml_found_by_its_head_without_the_suffix(tmp_path: Path) -> None:
    saved = read_source(write(tmp_path, "story.bin", _mhtml(_page(_paragraphs()))))
    assert _paragraphs()[3] in block_texts(saved, chrome=False)
    assert not any("Content-Type" in t for t in block_texts(saved))


def test_mhtml_without_a_page_is_refused(tmp_path: Path) -> None:
    message = EmailMessage()
    message["MIME-Version"] = "1.0"
    message.make_related()
    image = EmailMessage()
    image.set_content(b"\x89PNG" + bytes(8), "image", "png")
    message.attach(image)
    path = write(tmp_path, "empty.mhtml", message.as_bytes())
    with pytest.raises(AlignError, match=r"empty\.mhtml: saved web page \(MHTML\) with no HTML"):
        read_source(path)


def _epub(chapters: dict[str, str], spine: list[str], *, encrypted: bool = False) -> bytes:
    """An EPUB 3: the spine's order, not the manifest's or the archive's, is the reading order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        archive.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" '
            'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>",
        )
        if encrypted:
            archive.writestr(
                "META-INF/encryption.xml",
                '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
                'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
                "<enc:CipherData><enc:CipherReference URI='OEBPS/Text/ch%201.xhtml'/>"
                "</enc:CipherData></enc:EncryptedData></encryption>",
            )
        items = "".join(
            f'<item id="{key}" href="Text/{key.replace("_", "%20")}.xhtml" '
            'media-type="application/xhtml+xml"/>'
            for key in sorted(chapters)
        )
        aside = ' linear="no"'
        refs = "".join(
            f'<itemref idref="{key}"{aside if key == "notes" else ""}/>' for key in spine
        )
        archive.writestr(
            "OEBPS/content.opf",
            '<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" '
            'version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
            "<dc:title>Comprehensive Foreign Affairs</dc:title></metadata>"
            f'<manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" '
            f'properties="nav"/>{items}</manifest><spine>{refs}</spine></package>',
        )
        for key, text in chapters.items():
            archive.writestr(
                f"OEBPS/Text/{key.replace('_', ' ')}.xhtml",
                '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
                f"<head><title>{key}</title></head><body>{text}</body></html>",
            )
        archive.writestr("OEBPS/nav.xhtml", "<html><body><nav>Contents</nav></body></html>")
    return buffer.getvalue()


def test_epub_chapters_in_spine_order(tmp_path: Path) -> None:
    paragraphs = _paragraphs()
    first, second = paragraphs[:6], paragraphs[6:]
    chapters = {
        "ch_1": "".join(f"<p>{escape(p)}</p>" for p in first),
        "b_ch2": "<h2>Part two</h2>" + "".join(f"<p>{escape(p)}</p>" for p in second),
        "notes": "<p>A note outside the reading order.</p>",
    }
    book = read_source(write(tmp_path, "book.epub", _epub(chapters, ["ch_1", "b_ch2", "notes"])))
    assert block_texts(book, chrome=False) == [*first, "Part two", *second]
    assert book.title == "Comprehensive Foreign Affairs" and book.format == "epub"
    check_blocks(book)
    # Found by its contents too, whatever its name says.
    same = read_source(write(tmp_path, "book.zip", _epub(chapters, ["ch_1", "b_ch2"])))
    assert block_texts(same) == block_texts(book)


def test_epub_encrypted_or_broken_is_one_line(tmp_path: Path) -> None:
    chapters = {"ch_1": "<p>Text.</p>"}
    locked = write(tmp_path, "locked.epub", _epub(chapters, ["ch_1"], encrypted=True))
    with pytest.raises(AlignError, match=r"locked\.epub: an encrypted \(DRM\) e-book"):
        read_source(locked)
    missing = write(
        tmp_path, "gap.epub", _epub(chapters, ["ch_1"]).replace(b"ch 1.xhtml", b"ch 9.xhtml")
    )
    with pytest.raises(AlignError, match=r"gap\.epub: corrupt EPUB e-book"):
        read_source(missing)


def _odt(content: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
            f"<office:body><office:text>{content}</office:text></office:body>"
            "</office:document-content>",
        )
    return buffer.getvalue()


def test_odt_paragraphs_headings_spaces_and_notes(tmp_path: Path) -> None:
    content = (
        '<text:h text:outline-level="1">Comprehensive foreign affairs</text:h>'
        '<text:p>The new era<text:s text:c="2"/>demands<text:tab/>action.'
        '<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
        "<text:note-body><text:p>A footnote.</text:p></text:note-body></text:note></text:p>"
        "<text:list><text:list-item><text:p>An item of a list.</text:p></text:list-item>"
        "</text:list>"
    )
    source = read_source(write(tmp_path, "article.odt", _odt(content)))
    assert block_texts(source) == [
        "Comprehensive foreign affairs",
        "The new era demands action.",
        "An item of a list.",
    ]
    assert source.format == "odt" and source.title == "Comprehensive foreign affairs"
    check_blocks(source)
    # Found by its mimetype member too; a spreadsheet's is not read as text.
    assert block_texts(read_source(write(tmp_path, "article", _odt(content)))) == block_texts(
        source
    )
    sheet = _odt(content).replace(b"opendocument.text", b"opendocument.spreadsheet")
    with pytest.raises(AlignError, match="binary file"):
        read_source(write(tmp_path, "sheet.ods", sheet))


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("old.doc", bytes.fromhex("d0cf11e0a1b11ae1") + bytes(512), "a Word 97-2003 .doc file"),
        ("note.rtf", rb"{\rtf1\ansi\deff0 {\fonttbl {\f0 Times;}} Hello.\par}", "an RTF file"),
        ("note.txt", rb"{\rtf1\ansi Hello.\par}", "an RTF file"),  # found by its head
    ],
)
def test_formats_not_read_are_refused_in_one_line(
    tmp_path: Path, name: str, data: bytes, says: str
) -> None:
    path = write(tmp_path, name, data)
    other = write(tmp_path, "other.txt", b"Hello.\n")
    out = tmp_path / "out.json"
    run = subprocess.run(
        [sys.executable, "-m", "align", "json", path, other, "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 2 and not out.exists()
    assert run.stderr.strip().splitlines() == [
        f"align: error: {path}: {says} is not read; save it as .docx, .txt or .html"
    ]
