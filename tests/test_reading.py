"""Reading files into a `Source`: encodings, formats, paragraphs, errors, hostile input."""

from __future__ import annotations

import codecs
import hashlib
import io
import sys
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align.errors import AlignError
from align.model import Source
from align.reading import encodings, limits, read_source

FIXTURES = Path(__file__).parent / "fixtures" / "reading"


def write(tmp_path: Path, name: str, data: bytes) -> str:
    """Write ``data`` to ``tmp_path/name`` and return its path as a string."""
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def block_texts(source: Source, *, chrome: bool | None = None) -> list[str]:
    """The text of each block (only chrome or only text blocks if ``chrome`` is given)."""
    return [
        source.text[b.start : b.end] for b in source.blocks if chrome is None or b.chrome == chrome
    ]


def check_blocks(source: Source) -> None:
    """Spans slice the text, are trimmed and non-empty, ordered, non-overlapping."""
    end = 0
    paragraph = -1
    for block in source.blocks:
        piece = source.text[block.start : block.end]
        assert 0 <= end <= block.start < block.end <= len(source.text)
        assert piece == piece.strip() and piece
        assert block.paragraph >= paragraph
        end, paragraph = block.end, block.paragraph


# --- Encodings ---------------------------------------------------------------

SAMPLE = "He said “café” – naïve Việt Nam.\nSecond line.\n"
WESTERN = "He said “café” – naïve résumé.\nSecond line.\n"

CZECH = "Příliš žluťoučký kůň úpěl ďábelské ódy, a tohle je delší česká věta.\n"

ENCODINGS = [
    ("utf-8", SAMPLE.encode("utf-8"), SAMPLE, {"utf-8"}),
    ("utf-8 BOM", codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), SAMPLE, {"utf-8-sig"}),
    ("utf-16 LE BOM", codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), SAMPLE, {"utf-16-le"}),
    ("utf-16 BE BOM", codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), SAMPLE, {"utf-16-be"}),
    ("utf-32 LE BOM", codecs.BOM_UTF32_LE + SAMPLE.encode("utf-32-le"), SAMPLE, {"utf-32-le"}),
    ("cp1252 curly quotes", WESTERN.encode("cp1252"), WESTERN, {"cp1252"}),
    ("cp1252 short", "“café”".encode("cp1252"), "“café”", {"cp1252"}),
    (
        "latin-1",
        "Été à Paris, ½ © 2020 — non.\n".replace("—", "-").encode("latin-1"),
        "Été à Paris, ½ © 2020 - non.\n",
        {"cp1252", "iso8859-1"},  # identical text: Latin-1 is Windows-1252 here
    ),
    ("CRLF", b"First line.\r\nSecond line.\r\n", "First line.\r\nSecond line.\r\n", {"utf-8"}),
    ("CR", b"First line.\rSecond line.\r", "First line.\rSecond line.\r", {"utf-8"}),
]


@pytest.mark.parametrize(
    ("data", "text", "encodings"), [c[1:] for c in ENCODINGS], ids=[c[0] for c in ENCODINGS]
)
def test_encodings(tmp_path: Path, data: bytes, text: str, encodings: set[str]) -> None:
    source = read_source(write(tmp_path, "in.txt", data))
    assert source.text == text
    assert source.encoding in encodings
    assert source.format == "text"
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert not source.text.startswith("\ufeff")
    check_blocks(source)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_line_endings_give_the_same_blocks(tmp_path: Path, newline: str) -> None:
    lines = ["Title of the report", "", "First paragraph here.", "Second paragraph here."]
    source = read_source(write(tmp_path, "in.txt", newline.join(lines).encode()))
    assert source.text == newline.join(lines)
    assert block_texts(source) == [
        "Title of the report",
        "First paragraph here.",
        "Second paragraph here.",
    ]
    assert [b.heading for b in source.blocks] == [True, False, False]
    assert source.title == "Title of the report"


# --- Plain text paragraphs ---------------------------------------------------

WRAPPED = """\
CHAPTER I

It is a truth universally acknowledged, that a single man in
possession of a good fortune, must be in want of a wife. However
little known the feelings or views of such a man may be on his
first entering a neighbourhood, this truth is so well fixed.

“My dear Mr. Bennet,” said his lady to him one day, “have you
heard that Netherfield Park is let at last?”

Mr. Bennet replied that he had not.

* * *

“But it is,” returned she; “for Mrs. Long has just been here, and
she told me all about it.”
"""

PARAGRAPH_CASES = [
    (
        "news copy: one paragraph a line",
        "Headline of the story\nFirst paragraph, a full sentence.\nSecond one.\n",
        ["Headline of the story", "First paragraph, a full sentence.", "Second one."],
    ),
    (
        "blank lines between paragraphs",
        "First paragraph.\n\n\nSecond paragraph.\n\n",
        ["First paragraph.", "Second paragraph."],
    ),
    (
        "short lines ending sentences are not wrapped",
        "One short sentence here.\nAnother short sentence.\nA third short one.\n\nNext.\n",
        ["One short sentence here.", "Another short sentence.", "A third short one.", "Next."],
    ),
    (
        "hard-wrapped: blank-line paragraphs",
        WRAPPED,
        [
            "CHAPTER I",
            WRAPPED.split("\n\n")[1],
            WRAPPED.split("\n\n")[2],
            "Mr. Bennet replied that he had not.",
            "* * *",
            WRAPPED.split("\n\n")[5].rstrip("\n"),
        ],
    ),
    (
        "wrapped at a width with no blank lines, short sentences on lines of their own",
        "My fellow citizens, compatriots living abroad,\n"
        "Today we mark the day of our liberation.\n"
        "We pay tribute to the forebears and patriots who sacrificed and dedicated\n"
        "themselves to our independence.\n"
        "We also thank their families.\n"
        "Our movement was to build a nation that is free and democratic, a nation\n"
        "where the people are its owners.\n"
        "2023.08.15 Seoul, at the ceremony in front of the Independence Hall\n"
        "Korea will stand with its friends.\n",
        [
            "My fellow citizens, compatriots living abroad,",
            "Today we mark the day of our liberation.",
            "We pay tribute to the forebears and patriots who sacrificed and dedicated\n"
            "themselves to our independence.",
            "We also thank their families.",
            "Our movement was to build a nation that is free and democratic, a nation\n"
            "where the people are its owners.",
            "2023.08.15 Seoul, at the ceremony in front of the Independence Hall",
            "Korea will stand with its friends.",
        ],
    ),
    (
        "a line going on in lower case is not joined when the lines are long (a paragraph a line)",
        "The minister said on Monday that the talks, which began in the spring and ran for "
        "months, would resume\nafter the elections, which are due in the autumn of next year, "
        "if both sides agree to the terms.\nA third line.\n",
        [
            "The minister said on Monday that the talks, which began in the spring and ran for "
            "months, would resume",
            "after the elections, which are due in the autumn of next year, if both sides agree "
            "to the terms.",
            "A third line.",
        ],
    ),
    (
        "surrounding whitespace trimmed",
        "   Indented paragraph.   \n\t\tTabbed paragraph.\t\n",
        ["Indented paragraph.", "Tabbed paragraph."],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in PARAGRAPH_CASES], ids=[c[0] for c in PARAGRAPH_CASES]
)
def test_paragraphs(tmp_path: Path, text: str, expected: list[str]) -> None:
    source = read_source(write(tmp_path, "in.txt", text.encode()))
    assert block_texts(source) == expected
    assert [b.paragraph for b in source.blocks] == list(range(len(expected)))
    check_blocks(source)


def test_hard_wrapped_marks_scene_break_and_heading(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "book.txt", WRAPPED.encode()))
    assert block_texts(source, chrome=True) == ["* * *"]
    assert [source.text[b.start : b.end] for b in source.blocks if b.heading] == ["CHAPTER I"]


@pytest.mark.parametrize(
    ("line", "dateline", "rest"),
    [
        ("(VOVWORLD) - The Congress opened today.", "(VOVWORLD) -", "The Congress opened today."),
        ("(VOVWORLD) -\u00a0The Congress opened.", "(VOVWORLD) -", "The Congress opened."),
        (
            "HANOI (VNA) – The Prime Minister said so.",
            "HANOI (VNA) –",
            "The Prime Minister said so.",
        ),
        ("HANOI, Feb 18 (Reuters) - Stocks rose.", "HANOI, Feb 18 (Reuters) -", "Stocks rose."),
    ],
)
def test_dateline_becomes_its_own_chrome_block(
    tmp_path: Path, line: str, dateline: str, rest: str
) -> None:
    source = read_source(write(tmp_path, "in.txt", f"Some title here\n{line}\n".encode()))
    first, second = source.blocks[1:]
    assert (source.text[first.start : first.end], first.chrome) == (dateline, True)
    assert (source.text[second.start : second.end], second.chrome) == (rest, False)
    assert first.paragraph == second.paragraph == 1


def test_units_lines(tmp_path: Path) -> None:
    text = "(VOVWORLD) - First unit.\r\n\r\n  Chia sẻ  \r\nThird unit\r\nVNA/VNP\r\n"
    source = read_source(write(tmp_path, "in.txt", text.encode()), units="lines")
    assert block_texts(source) == ["(VOVWORLD) - First unit.", "Chia sẻ", "Third unit", "VNA/VNP"]
    assert [b.paragraph for b in source.blocks] == [0, 1, 2, 3]
    assert not any(b.chrome or b.heading for b in source.blocks)
    assert source.text == text


def test_unknown_units(tmp_path: Path) -> None:
    with pytest.raises(AlignError, match="unknown units"):
        read_source(write(tmp_path, "in.txt", b"x"), units="words")


# --- HTML --------------------------------------------------------------------


def test_html_news_page() -> None:
    source = read_source(str(FIXTURES / "news-page.html"))
    assert source.format == "html" and source.encoding == "utf-8"
    assert source.title == "Party leader calls for advancing comprehensive diplomacy to new height"
    text = [(source.text[b.start : b.end], b.heading) for b in source.blocks if not b.chrome]
    assert text == [
        ("Party leader calls for advancing comprehensive diplomacy to new height", True),
        (
            "The 14th National Congress of the Communist Party of Vietnam marks a historic "
            "milestone, paving the way for the country to enter a new era.",
            False,
        ),
        (
            "Reflecting on Vietnam’s revolutionary history, Party General Secretary To Lam "
            "affirmed that the country’s fortunes have always been intertwined with the "
            "currents of the times & the world.",
            False,
        ),
        ("A new era for the nation", True),
        (
            "The world is witnessing rapid, intense, far-reaching and epochal transformations."
            "\nGlobal trends are intertwined and sometimes contradictory.",
            False,
        ),
        (
            "At pivotal historical junctures, the nation must adopt historic decisions. "
            "The new era calls for advancing comprehensive diplomacy.",
            False,
        ),
    ]
    assert block_texts(source, chrome=True) == [
        "VOV World",
        "Home",
        "News",
        "World",
        "Chia sẻ Facebook Twitter",
        "(VOVWORLD) -",
        "Party leader calls for advancing comprehensive diplomacy to new height - ảnh 1",
        "Related News",
        "Vietnam and Laos strengthen special ties in new period",
        "Prime Minister receives visiting delegation from Japan",
        "Feedback",
        "© 2026 Voice of Vietnam. All rights reserved.",
    ]
    for never in ("Never shown", "tracking", "font-family", "Hidden", "JavaScript", "editor"):
        assert never not in source.text
    check_blocks(source)


def test_html_div_soup_with_declared_cp1252() -> None:
    """No semantic tags: the extractor alone tells the article from the page."""
    source = read_source(str(FIXTURES / "div-soup.html"))
    assert (source.format, source.encoding) == ("html", "cp1252")
    assert source.title == "Minister outlines foreign policy priorities"
    assert block_texts(source, chrome=True) == [
        "Home | Politics | Business",
        "HANOI (VNA) –",
        "Tags: foreign policy, diplomacy",
        "Read more",
        "Prime Minister meets Japanese investors in Tokyo",
        "National Assembly opens its ninth session",
        "Copyright © Vietnam News Agency. All rights reserved.",
    ]
    kept = block_texts(source, chrome=False)
    assert kept[0] == "Minister outlines foreign policy priorities for the new term"
    assert any("The country’s position" in t for t in kept)
    assert len(kept) == 5


HTML_CASES = [
    ("unclosed tags", "<html><body><p>One <b>bold <i>text</p><p>Two</table></div>"),
    ("no html element", "<p>Just a paragraph &amp; an entity &#x2019; &nbsp;here.</p>"),
    ("stray closing tags", "</div></p></body><p>Text after the end.</p></html></html>"),
    ("broken entities and comment", "<html><p>A &bogus; &#99999999; &#0; B <!-- never closed"),
    ("xml declaration", '<?xml version="1.0" encoding="utf-8"?><html><p>XHTML text.</p></html>'),
    ("deep nesting", "<html><body>" + "<div>" * 1000 + "Deep text." + "</div>" * 1000),
    ("empty document", ""),
    ("whitespace only", "  \n\t "),
    ("only a script", "<html><script>alert('x')</script></html>"),
    ("pre and br", "<html><body><pre>line one\nline two</pre><p>a<br><br>b</p></body></html>"),
]


@pytest.mark.parametrize("html", [c[1] for c in HTML_CASES], ids=[c[0] for c in HTML_CASES])
def test_html_survives_malformed_markup(tmp_path: Path, html: str) -> None:
    source = read_source(write(tmp_path, "page.html", html.encode()))
    assert source.format == "html"
    assert "<" not in source.text.replace("<!--", "")
    assert "alert" not in source.text
    check_blocks(source)


def test_html_entities_and_breaks(tmp_path: Path) -> None:
    html = "<html><body><p>Caf&eacute; &amp; tea&nbsp;&mdash; &#8220;ok&#8221;</p>"
    html += "<pre>line one\nline two</pre><p>a<br><br>b</p></body></html>"
    source = read_source(write(tmp_path, "page.html", html.encode()))
    assert block_texts(source) == ["Café & tea — “ok”", "line one\nline two", "a", "b"]


def test_html_sniffed_without_extension(tmp_path: Path) -> None:
    html = b"  <!-- saved page -->\n<!DOCTYPE html><html><body><h1>Title here</h1><p>Body text.</p>"
    source = read_source(write(tmp_path, "saved.txt", html))
    assert source.format == "html"
    assert block_texts(source) == ["Title here", "Body text."]
    assert source.title == "Title here"


def test_html_units_lines(tmp_path: Path) -> None:
    html = b"<html><body><nav>Home</nav><p>One.<br>Two.</p><p>Three.</p></body></html>"
    source = read_source(write(tmp_path, "page.html", html), units="lines")
    assert block_texts(source) == ["Home", "One.", "Two.", "Three."]
    assert not any(b.chrome for b in source.blocks)


# --- Word --------------------------------------------------------------------


def make_docx() -> bytes:
    """A small Word file: title, headings, body, a table with a merged cell, chrome."""
    import docx

    document = docx.Document()
    document.add_heading("Promoting comprehensive foreign affairs", level=0)
    document.add_paragraph("HANOI (VNA) – The new era demands comprehensive foreign affairs.")
    document.add_heading("Vietnam at the threshold of a new era", level=1)
    document.add_paragraph("The world is witnessing rapid transformations.")
    document.add_paragraph("   ")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Cell one."
    table.cell(0, 1).text = "Cell two."
    table.cell(1, 0).merge(table.cell(1, 1)).text = "Merged cell."
    document.add_paragraph("Last paragraph of the body.")
    document.add_paragraph("VNA/VNP")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "article.docx", make_docx()))
    assert source.format == "docx"
    assert source.title == "Promoting comprehensive foreign affairs"
    assert [(source.text[b.start : b.end], b.chrome, b.heading) for b in source.blocks] == [
        ("Promoting comprehensive foreign affairs", False, True),
        ("HANOI (VNA) –", True, False),
        ("The new era demands comprehensive foreign affairs.", False, False),
        ("Vietnam at the threshold of a new era", False, True),
        ("The world is witnessing rapid transformations.", False, False),
        ("Cell one.", False, False),
        ("Cell two.", False, False),
        ("Merged cell.", False, False),
        ("Last paragraph of the body.", False, False),
        ("VNA/VNP", True, False),
    ]
    assert source.text.split("\n\n")[0] == "Promoting comprehensive foreign affairs"
    check_blocks(source)


def test_docx_sniffed_by_content(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "article.bin", make_docx()))
    assert source.format == "docx"


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CORRUPT_DOCX = [
    ("not a zip", b"This is plain text, not a Word file.", "not a zip archive"),
    ("truncated zip", b"PK\x03\x04" + b"\x00" * 40, "not a zip archive"),
    ("zip without document", zip_bytes({"hello.txt": b"hi"}), "no word/document.xml"),
    (
        "broken document.xml",
        zip_bytes({"[Content_Types].xml": b"<Types", "word/document.xml": b"<w:document"}),
        "corrupt Word file (",
    ),
]


@pytest.mark.parametrize(
    ("data", "reason"), [c[1:] for c in CORRUPT_DOCX], ids=[c[0] for c in CORRUPT_DOCX]
)
def test_corrupt_docx(tmp_path: Path, data: bytes, reason: str) -> None:
    path = write(tmp_path, "bad.docx", data)
    with pytest.raises(AlignError) as caught:
        read_source(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: corrupt Word file")
    assert reason in message and "\n" not in message


# --- Errors ------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = str(tmp_path / "missing.txt")
    with pytest.raises(AlignError, match=r"^.*missing\.txt: no such file$"):
        read_source(path)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(AlignError, match=r": is a directory$"):
        read_source(str(tmp_path))


ERROR_CASES = [
    ("x.bin", b"text\x00with a NUL byte", "binary file, not text"),
    ("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
    ("controls.txt", bytes(range(1, 9)) * 50, "binary file, not text"),
    (
        "y.txt",
        bytes(range(128, 256)) * 4,
        "cannot decode (not UTF-8, UTF-16 or a known single-byte encoding)",
    ),
    (
        "garbage.txt",
        b"ok \x81\x8d\x8f\x90\x9d text " * 3,  # bytes Windows-1252 leaves undefined
        "cannot decode (not UTF-8, UTF-16 or a known single-byte encoding)",
    ),
    (
        # Only the legacy encodings the README promises are guessed (cp1250
        # reads much English as "naďve"): Czech in cp1250 is refused.
        "czech.txt",
        CZECH.encode("cp1250") * 3,
        "cannot decode (not UTF-8, UTF-16 or a known single-byte encoding)",
    ),
    (
        "odd.txt",
        codecs.BOM_UTF16_LE + b"a\x00b",
        "cannot decode (not UTF-8, UTF-16 or a known single-byte encoding)",
    ),
]


@pytest.mark.parametrize(("name", "data", "problem"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_error_messages(tmp_path: Path, name: str, data: bytes, problem: str) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(AlignError) as caught:
        read_source(path)
    assert str(caught.value) == f"{path}: {problem}"


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "secret.txt", b"text")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", path)

    # Root reads any file, so the refusal is simulated.
    monkeypatch.setattr(encodings, "open", refuse, raising=False)
    with pytest.raises(AlignError) as caught:
        read_source(path)
    assert str(caught.value) == f"{path}: permission denied"


def test_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encodings, "MAX_BYTES", 10)
    path = write(tmp_path, "big.txt", b"x" * 11)
    with pytest.raises(AlignError, match=r"big\.txt: file too large"):
        read_source(path)


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = codecs.BOM_UTF8 + b"Headline here\nBody text.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    source = read_source("-")
    assert (source.path, source.encoding, source.text) == (
        "-",
        "utf-8-sig",
        "Headline here\nBody text.\n",
    )
    assert source.sha256 == hashlib.sha256(data).hexdigest()


def test_stdin_binary_names_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\x00\x01")))
    with pytest.raises(AlignError, match=r"^<stdin>: binary file, not text$"):
        read_source("-")


# --- Hostile and odd input ---------------------------------------------------


@pytest.mark.parametrize(
    "data", [b"", b"   \n\t\r\n  \r", codecs.BOM_UTF8], ids=["empty", "blank", "bom"]
)
def test_no_blocks(tmp_path: Path, data: bytes) -> None:
    source = read_source(write(tmp_path, "in.txt", data))
    assert source.blocks == () and source.title == ""


def test_megabyte_line_without_punctuation(tmp_path: Path) -> None:
    line = ("word " * 200_000).encode()
    started = time.perf_counter()
    source = read_source(write(tmp_path, "long.txt", line))
    assert time.perf_counter() - started < 5
    assert len(source.blocks) == 1 and not source.blocks[0].chrome


def test_megabyte_of_spaces_and_dashes(tmp_path: Path) -> None:
    """Patterns that would backtrack badly if a regex were careless."""
    data = ("(A " + " -" * 300_000 + "\n" + "\u00a0" * 300_000 + "x\n").encode()
    started = time.perf_counter()
    source = read_source(write(tmp_path, "odd.txt", data))
    assert time.perf_counter() - started < 5
    check_blocks(source)


def test_zero_width_and_bidi_kept(tmp_path: Path) -> None:
    text = (
        "Zero\u200bwidth and \u200ejoin\u200d here.\n"
        "\u202bمرحبا\u202c and \u2066isolate\u2069.\n"
        "\u200b\n"
    )
    source = read_source(write(tmp_path, "in.txt", text.encode()))
    assert source.text == text
    assert block_texts(source)[:2] == text.splitlines()[:2]
    assert block_texts(source, chrome=True) == ["\u200b"]  # no letters: set aside


def test_mixed_vietnamese_and_english(tmp_path: Path) -> None:
    text = (
        "Tổng Bí thư Tô Lâm (General Secretary To Lam) phát biểu.\nChia sẻ\nHe said: “Đổi mới”.\n"
    )
    source = read_source(write(tmp_path, "in.txt", text.encode()))
    assert block_texts(source, chrome=False) == [
        "Tổng Bí thư Tô Lâm (General Secretary To Lam) phát biểu.",
        "He said: “Đổi mới”.",
    ]
    assert block_texts(source, chrome=True) == ["Chia sẻ"]


# --- Properties --------------------------------------------------------------

LINE = st.text(
    # Control characters are refused as binary (tested apart); tabs and breaks come from the list.
    st.characters(blacklist_categories=("Cs", "Cc"))
    | st.sampled_from(" \t\r\n\u200b\u00a0-–.“”()"),
    max_size=60,
)
FURNITURE = st.sampled_from(
    ["Chia sẻ", "Feedback", "(VOVWORLD) - Text.", "VNA/VNP", "* * *", "Title Here", "To Lam"]
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE | FURNITURE, max_size=12), st.sampled_from(["\n", "\r\n", "\r", "\n\n"]))
def test_property_blocks_slice_the_text(lines: list[str], newline: str) -> None:
    data = newline.join(lines).encode("utf-8", "surrogatepass")
    for units in limits.UNITS:
        source = _read_bytes_as_file(data, "p.txt", units)
        assert source.text == data.decode("utf-8")
        check_blocks(source)
        if units == "lines":
            assert not any(b.chrome for b in source.blocks)


TAG = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<h1>",
        "</h1>",
        "<h2>",
        "<br>",
        "<nav>",
        "</nav>",
        "<script>",
        "</script>",
        "<b>",
        "</i>",
        "<!--",
        "-->",
        "&amp;",
        "&#8220;",
        "<li>",
        "<pre>",
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TAG | LINE, max_size=25))
def test_property_html_blocks(parts: list[str]) -> None:
    data = ("<html><body>" + "".join(parts)).encode("utf-8", "surrogatepass")
    try:
        source = _read_bytes_as_file(data, "p.html", "sentences")
    except AlignError:
        return  # e.g. control characters: refused as binary, which is fine
    check_blocks(source)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.sampled_from(["r.txt", "r.html", "r.docx", "r"]))
def test_property_random_bytes_raise_only_align_error(data: bytes, name: str) -> None:
    try:
        source = _read_bytes_as_file(data, name, "sentences")
    except AlignError as error:
        assert "\n" not in str(error)
        return
    check_blocks(source)


def _read_bytes_as_file(data: bytes, name: str, units: str) -> Source:
    """read_source on ``data`` through a real temporary file (hypothesis forbids tmp_path)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return read_source(str(path), units=units)


def test_html_reads_set_up_logging_once(tmp_path: Path) -> None:
    """Five pages read: the extractor's loggers keep one handler each (not one a read)."""
    import logging

    for k in range(5):
        page = tmp_path / f"page{k}.html"
        page.write_text(
            f"<html><body><article><p>Page {k} has a paragraph of its own words.</p>"
            "<p>And a second paragraph, so that the extractor finds an article.</p>"
            "</article></body></html>",
            encoding="utf-8",
        )
        assert read_source(str(page)).format == "html"
    for name in ("trafilatura", "htmldate"):
        assert len(logging.getLogger(name).handlers) == 1, name
