"""Reading: a file's bytes to a `Source` of text and paragraph blocks.

Three formats: plain text, HTML (a page saved from a news site) and Word
``.docx``. Plain text keeps the decoded text exactly, so every span indexes
the file as a reader sees it; HTML and Word give the extracted paragraphs
joined by blank lines, chrome included in its place and marked.

Encodings, in the order they are tried: a byte-order mark (UTF-8, UTF-16 or
UTF-32, LE or BE); strict UTF-8; for HTML, the charset the page declares; a
single-byte legacy encoding that charset-normalizer finds. A file with NUL
bytes and no UTF-16/32 byte-order mark is binary and refused.

Every failure is an `AlignError` whose message is one line naming the file.
Work is linear in the input: lines are found with one regex pass, every chrome
rule looks at a bounded slice of a line, text is built with ``str.join``.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import itertools
import logging
import os
import re
import stat
import sys
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import AnyStr

from align.chrome import dateline_prefix, is_chrome_line, looks_like_heading, mark_chrome
from align.errors import AlignError
from align.model import Block, Source

__all__ = ["MAX_BYTES", "MAX_EXTRACTED_HTML", "UNITS", "read_source"]

#: The largest input read; more is refused rather than exhausting memory.
MAX_BYTES = 256 * 1024 * 1024
#: Largest unpacked size of a .docx (guards against zip bombs).
MAX_DOCX_UNPACKED = 512 * 1024 * 1024
UNITS = ("sentences", "lines")
#: Largest page (in characters, and in elements) given to the main-text extractor.
MAX_EXTRACTED_HTML = 4_000_000
MAX_EXTRACTED_ELEMENTS = 30_000

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_DOCX_SUFFIXES = frozenset({".docx", ".docm", ".dotx"})
_ZIP_MAGIC = b"PK\x03\x04"
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


def read_source(path: str, *, units: str = "sentences") -> Source:
    """Read ``path`` (``"-"`` for standard input) into a `Source`.

    ``units="lines"`` takes the input as already segmented: every non-empty
    line is one block, its own paragraph, never chrome. Otherwise blocks are
    paragraphs (see `_text_paragraphs` for plain text), with page chrome
    marked by `align.chrome`.

    Raises `AlignError` with a one-line message naming the file.
    """
    if units not in UNITS:
        raise AlignError(f"unknown units {units!r} (expected one of: {', '.join(UNITS)})")
    # The name heads a one-line message: show odd characters escaped.
    name = "<stdin>" if path == "-" else path if path.isprintable() else ascii(path)
    raw = _read_bytes(path, name)
    sha256 = hashlib.sha256(raw).hexdigest()
    suffix = "" if path == "-" else PurePath(path).suffix.lower()

    if suffix in _DOCX_SUFFIXES or (raw.startswith(_ZIP_MAGIC) and _zip_has_document(raw)):
        paragraphs, title = _docx_paragraphs(raw, name)
        return _assembled_source(path, sha256, "utf-8", "docx", paragraphs, title, units)

    is_html = suffix in _HTML_SUFFIXES
    text, encoding = _decode(
        raw, name, declared=_declared_charset(raw) if is_html or b"<" in raw[:4096] else ""
    )
    if is_html or _sniff_html(text):
        paragraphs, title = _html_paragraphs(text)
        return _assembled_source(path, sha256, encoding, "html", paragraphs, title, units)

    if units == "lines":
        blocks = _line_blocks(text)
        title = ""
    else:
        blocks, title = _text_blocks(text)
    return Source(path, text, sha256, encoding, "text", tuple(blocks), title)


# --- Bytes and encodings ---------------------------------------------------


def _read_bytes(path: str, name: str) -> bytes:
    """The raw bytes of ``path`` or standard input, at most `MAX_BYTES`."""
    too_large = f"{name}: file too large (over {MAX_BYTES // (1024 * 1024)} MiB)"
    try:
        if path == "-":
            if sys.stdin is None:
                raise AlignError(f"{name}: no standard input")
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with open(path, "rb") as handle:
                info = os.fstat(handle.fileno())
                if stat.S_ISDIR(info.st_mode):
                    raise AlignError(f"{name}: is a directory")
                if stat.S_ISREG(info.st_mode) and info.st_size > MAX_BYTES:
                    raise AlignError(too_large)
                # Bounded even for a device or pipe that never ends.
                data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise AlignError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise AlignError(f"{name}: is a directory") from None
    except PermissionError:
        raise AlignError(f"{name}: permission denied") from None
    except OSError as error:
        reason = (error.strerror or str(error) or type(error).__name__).lower()
        raise AlignError(f"{name}: cannot read ({reason})") from None
    except ValueError:  # a path with a NUL character in it
        raise AlignError(f"{name}: cannot read (invalid file name)") from None
    if len(data) > MAX_BYTES:
        raise AlignError(too_large)
    return data


def _declared_charset(raw: bytes) -> str:
    """The charset a page declares in a ``<meta>`` tag, if Python knows it."""
    match = _META_CHARSET.search(raw, 0, 4096)
    if not match:
        return ""
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return ""


def _decode(raw: bytes, name: str, *, declared: str = "") -> tuple[str, str]:
    """Decoded text and the encoding used; ``declared`` is an HTML page's charset."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom) :].decode(encoding.replace("-sig", ""))
            except UnicodeDecodeError:
                raise AlignError(f"{name}: {_CANNOT_DECODE}") from None
            _refuse_binary(text, name)
            return text, encoding
    if b"\x00" in raw:
        raise AlignError(f"{name}: binary file, not text")
    try:
        text, encoding = raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = _decode_legacy(raw, declared, name)
    _refuse_binary(text, name)
    return text, encoding


def _is_single_byte(encoding: str) -> bool:
    """True if every byte is one character in ``encoding`` (cp1252, latin-1, koi8-r...)."""
    try:
        return len(bytes(range(256)).decode(encoding, errors="replace")) == 256
    except LookupError:
        return False


def _decode_legacy(raw: bytes, declared: str, name: str) -> tuple[str, str]:
    """Decode a file that is not UTF-8: the declared charset, else a detected single-byte one.

    charset-normalizer ranks candidate encodings by how garbled ("chaos") the
    decoded text looks. On short English texts many code pages tie (cp1250
    often comes first and reads "naïve" as "naďve"; on six bytes a multi-byte
    guess may win), so Windows-1252, the usual legacy encoding of English
    text, is taken whenever charset-normalizer's measure finds it about as
    clean as the best single-byte candidate; Latin-1 where Windows-1252
    cannot decode the bytes. Another single-byte code page (cp1250 for Czech,
    cp1251 for Russian) is taken only with a language recognised in it.
    Multi-byte guesses are refused: on random bytes they are noise, and this
    tool reads English.
    """
    if declared and declared not in ("utf-8", "utf-16", "utf-32"):
        try:
            return raw.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    # Single-byte encodings map byte by byte, so samples judge a big file as
    # well as the whole would, in bounded time.
    best = from_bytes(_samples(raw)).best()
    best_chaos = best.chaos if best is not None and _is_single_byte(best.encoding) else None
    # The measure needs text to settle: a few words of curly quotes score high.
    limit = 0.2 if len(raw) >= 64 else 1.0
    for western in ("cp1252", "latin-1"):  # Latin-1 only where Windows-1252 cannot decode
        try:
            text = raw.decode(western)
        except UnicodeDecodeError:
            continue
        chaos = mess_ratio(_samples(text), 1.0)
        if chaos <= limit and (best_chaos is None or chaos <= best_chaos + 0.05):
            return text, codecs.lookup(western).name
        break
    # Another code page only when charset-normalizer also recognises a
    # language in its letters: a guess with none behind it is noise.
    if best is not None and best_chaos is not None and best.coherence > 0:
        try:
            return raw.decode(best.encoding), codecs.lookup(best.encoding).name
        except (UnicodeDecodeError, LookupError):
            pass
    raise AlignError(f"{name}: {_CANNOT_DECODE}")


def _samples(text: AnyStr, size: int = 32768) -> AnyStr:
    """The start, middle and end of a long text: enough to judge it, in bounded time."""
    if len(text) <= 3 * size:
        return text
    middle = len(text) // 2
    return text[:size] + text[middle : middle + size] + text[-size:]


def _refuse_binary(text: str, name: str) -> None:
    """Refuse text that is mostly control characters: a binary file that happened to decode."""
    sample = text[:65536]
    if "\x00" in sample or len(_CONTROL.findall(sample)) > max(8, len(sample) // 10):
        raise AlignError(f"{name}: binary file, not text")


# --- Plain text ------------------------------------------------------------


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without surrounding whitespace; an empty span if all blank."""
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    if left == len(piece):
        return start, start
    return start + left, start + len(piece.rstrip())


def _line_spans(text: str) -> list[tuple[int, int]]:
    """Trimmed span of every line (empty for a blank one); \\r\\n, \\r and \\n end lines."""
    spans = []
    start = 0
    for match in _LINE_BREAK.finditer(text):
        spans.append(_trim(text, start, match.start()))
        start = match.end()
    spans.append(_trim(text, start, len(text)))
    return spans


def _line_blocks(text: str) -> list[Block]:
    """One block per non-empty line, each its own paragraph, never chrome (``--units lines``)."""
    spans = [span for span in _line_spans(text) if span[1] > span[0]]
    return [Block(start, end, number) for number, (start, end) in enumerate(spans)]


def _ends_sentence(text: str, end: int) -> bool:
    """True if the text ending at ``end`` ends with sentence punctuation (perhaps inside quotes)."""
    tail = text[max(0, end - 4) : end].rstrip("\"'”’»)]")
    return bool(tail) and tail[-1] in ".!?:;…"


def _is_hard_wrapped(text: str, spans: Sequence[tuple[int, int]]) -> bool:
    """True for text hard-wrapped at a fixed width, paragraphs between blank lines.

    Project Gutenberg style: lines of at most about 80 characters, most of
    them followed by another line of the same paragraph, and those lines
    mostly break mid-sentence. News copy (one long line a paragraph) fails
    the width test; a list of one-sentence lines fails the mid-sentence test;
    a list of short labels fails the length test.
    """
    lengths = [end - start for start, end in spans if end > start]
    if len(lengths) < 3 or sum(n > 100 for n in lengths) > len(lengths) // 10:
        return False
    inner = [
        spans[i]
        for i in range(len(spans) - 1)
        if spans[i][1] > spans[i][0] and spans[i + 1][1] > spans[i + 1][0]
    ]
    if len(inner) < 2 or len(inner) * 10 < len(lengths) * 3:
        return False
    mid_sentence = sum(not _ends_sentence(text, end) for _, end in inner)
    long_enough = sum(end - start >= 40 for start, end in inner)
    if mid_sentence * 2 < len(inner) or long_enough * 2 < len(inner):
        return False
    # Blank lines between paragraphs confirm it; without them, only many lines
    # that nearly all break mid-sentence do (one wrapped paragraph).
    filled = [i for i, (start, end) in enumerate(spans) if end > start]
    paragraph_breaks = len(filled) < filled[-1] - filled[0] + 1  # a blank line in between
    return paragraph_breaks or (len(inner) >= 3 and mid_sentence * 4 >= len(inner) * 3)


def _text_paragraphs(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Paragraph spans: one per line, or per blank-line-separated group if hard-wrapped."""
    if not _is_hard_wrapped(text, spans):
        return [span for span in spans if span[1] > span[0]]
    paragraphs = []
    first = last = None
    for start, end in spans:
        if end > start:
            if first is None:
                first = start
            last = end
        elif first is not None:
            paragraphs.append((first, last))
            first = None
    if first is not None:
        paragraphs.append((first, last))
    return paragraphs


def _find_title(texts: Sequence[str], headings: Sequence[bool], chrome: Sequence[bool]) -> str:
    """The first heading among the first few non-chrome paragraphs, else ""."""
    seen = 0
    for text, heading, flag in zip(texts, headings, chrome):
        if flag:
            continue
        if heading:
            return text
        seen += 1
        if seen >= 5:
            break
    return ""


def _text_blocks(text: str) -> tuple[list[Block], str]:
    """Blocks and title of plain text, chrome and headings guessed from the lines."""
    paragraphs = _text_paragraphs(text, _line_spans(text))
    texts = [text[start:end] for start, end in paragraphs]
    headings = [looks_like_heading(t) for t in texts]
    first_look = [is_chrome_line(t) for t in texts[:20]]
    title = _find_title(texts[:20], headings[:20], first_look)
    chrome = mark_chrome(texts, headings=headings, headline=title)
    blocks = []
    for number, ((start, _), paragraph, flag, heading) in enumerate(
        zip(paragraphs, texts, chrome, headings)
    ):
        blocks.extend(_paragraph_blocks(paragraph, start, number, flag, heading and not flag))
    return blocks, title


def _paragraph_blocks(
    paragraph: str, start: int, number: int, chrome: bool, heading: bool
) -> list[Block]:
    """The block(s) of one trimmed paragraph at ``start``.

    A dateline prefix becomes a chrome block of its own, with the same paragraph number.
    """
    end = start + len(paragraph)
    if chrome or heading:
        return [Block(start, end, number, chrome=chrome, heading=heading)]
    cut = dateline_prefix(paragraph)
    if not 0 < cut < len(paragraph):
        return [Block(start, end, number)]
    prefix_end = start + len(paragraph[:cut].rstrip())
    rest_start = start + cut + (len(paragraph) - cut - len(paragraph[cut:].lstrip()))
    return [Block(start, prefix_end, number, chrome=True), Block(rest_start, end, number)]


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


# --- HTML ------------------------------------------------------------------

# Elements that start and end a paragraph; everything else is inline.
_BLOCK_TAGS = frozenset(
    """address article aside blockquote body button caption center dd details dialog dir div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main
    menu nav ol p pre section summary table tbody td tfoot th thead tr ul""".split()
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Never visible as text.
_SKIP_TAGS = frozenset(
    """head script style noscript template svg math iframe object embed canvas audio video
    select option input textarea map area img picture source track meta link base title""".split()
)
# Page furniture by the markup's own word, whatever the extractor thinks.
_CHROME_TAGS = frozenset(
    {"nav", "footer", "aside", "figcaption", "form", "menu", "dialog", "button"}
)
_CHROME_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "toolbar"}
)
# Text the extractor kept may sit this far beyond the last match (text it
# added, such as list markers, or blocks it reordered slightly).
_MATCH_WINDOW = 4000


def _is_hidden(element) -> bool:
    """True if the element is hidden by an attribute or an inline style."""
    if element.get("hidden") is not None or element.get("aria-hidden", "").lower() == "true":
        return True
    style = element.get("style")
    if style:
        style = style.replace(" ", "").lower()
        return "display:none" in style or "visibility:hidden" in style
    return False


def _collapse(text: str) -> str:
    """Whitespace runs to one space, as a browser renders them."""
    return " ".join(text.split())


def _html_walk(root) -> list[_Paragraph]:
    """The visible paragraphs of a page in document order.

    Iterative (a hostile page may nest elements thousands deep). ``<br>``
    breaks a line within a paragraph; two in a row separate paragraphs.
    """
    paragraphs: list[_Paragraph] = []
    lines: list[str] = []
    pieces: list[str] = []
    heading_depth = chrome_depth = pre_depth = 0

    def end_line() -> None:
        lines.append(_collapse("".join(pieces)))
        pieces.clear()

    def flush() -> None:
        if pieces:
            end_line()
        if lines:
            paragraphs.extend(_split_lines(lines, heading_depth > 0, chrome_depth > 0))
            lines.clear()

    def add(text: str | None) -> None:
        if not text:
            return
        if pre_depth:
            parts = _LINE_BREAK.split(text)
            for part in parts[:-1]:
                pieces.append(part)
                end_line()
            pieces.append(parts[-1])
        else:
            pieces.append(text)

    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        element, closing = stack.pop()
        tag = element.tag.rpartition("}")[2].lower() if isinstance(element.tag, str) else ""
        is_chrome = bool(tag) and (
            tag in _CHROME_TAGS or (element.get("role") or "").lower() in _CHROME_ROLES
        )
        if closing:
            if tag in _BLOCK_TAGS:
                flush()
            heading_depth -= tag in _HEADING_TAGS
            pre_depth -= tag == "pre"
            chrome_depth -= is_chrome
            add(element.tail)
            continue
        if not tag or tag in _SKIP_TAGS or _is_hidden(element):
            add(element.tail)  # comments, scripts: their text never shows, what follows does
            continue
        if tag == "br":
            end_line()
            add(element.tail)
            continue
        if tag in _BLOCK_TAGS:
            flush()
        heading_depth += tag in _HEADING_TAGS
        pre_depth += tag == "pre"
        chrome_depth += is_chrome
        add(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
    flush()
    return paragraphs


def _key(text: str) -> str:
    """Letters and digits only, casefolded: how extracted text is matched to the page's blocks."""
    return re.sub(r"[\W_]+", "", text).casefold()


def _main_content(html: str) -> str | None:
    """The page's main text according to trafilatura, or None if it finds none.

    trafilatura (https://trafilatura.readthedocs.io) is chosen for main-text
    extraction: actively maintained, the best scorer in independent
    boilerplate-removal benchmarks, pure Python on lxml, and it downloads
    nothing at run time. readability-lxml keeps whole containers rather than
    judging paragraphs; justext (which trafilatura uses as a fallback) needs a
    stop-word list per language; inscriptis, html-text and selectolax only
    convert markup to text and leave the boilerplate in.
    """
    try:
        import trafilatura
        from trafilatura.settings import use_config
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    # Its warnings would reach stderr through logging's last-resort handler.
    logging.getLogger("trafilatura").addHandler(logging.NullHandler())
    config = use_config()
    # A short article is still an article.
    for option in ("MIN_EXTRACTED_SIZE", "MIN_OUTPUT_SIZE"):
        config.set("DEFAULT", option, "1")
    # Its timeout uses signals, which fail off the main thread.
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    try:
        return trafilatura.extract(
            html,
            config=config,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
            with_metadata=False,
        )
    except Exception:  # noqa: BLE001 - a third-party parser on hostile input: fall back to the rules
        return None


def _kept_by_extractor(paragraphs: Sequence[_Paragraph], main: str) -> list[bool]:
    """Which paragraphs the extractor kept, matching its text to the blocks in order.

    Both are in document order, so each block is looked for where the last
    match ended (exactly, then within `_MATCH_WINDOW` for a long block); a
    block found only elsewhere counts if it equals one of the extracted lines.
    Linear: no search runs past the window.
    """
    main_lines = [_key(line) for line in main.splitlines()]
    line_set = set(main_lines)
    joined = "".join(main_lines)
    cursor = 0
    kept = []
    for paragraph in paragraphs:
        key = _key(paragraph.text)
        found = False
        if key and joined.startswith(key, cursor):
            found, cursor = True, cursor + len(key)
        elif len(key) >= 12:
            position = joined.find(key, cursor, cursor + _MATCH_WINDOW + len(key))
            if position >= 0:
                found, cursor = True, position + len(key)
        if not found and key in line_set:
            found = True
        kept.append(found)
    return kept


def _sniff_html(text: str) -> bool:
    """True if the text starts like an HTML page (``<!doctype html`` or ``<html``)."""
    head = text[:4096].lstrip().lower()
    position = 0
    for _ in range(32):  # skip an XML declaration and comments before the doctype
        if head.startswith("<?xml", position):
            position = head.find(">", position)
        elif head.startswith("<!--", position):
            position = head.find("-->", position)
            if position >= 0:
                position += 2
        else:
            break
        if position < 0:
            return False
        position += 1
        while position < len(head) and head[position].isspace():
            position += 1
    return (
        head.startswith("<!doctype html", position)
        or re.match(r"<html[\s>]", head[position : position + 6]) is not None
    )


def _html_paragraphs(html: str) -> tuple[list[_Paragraph], str]:
    """Paragraphs of a page, chrome marked, and its title (first ``<h1>``, else ``<title>``)."""
    import lxml.etree
    import lxml.html

    source = _XML_DECLARATION.sub("", html, count=1)  # lxml refuses a str that declares an encoding
    if not source.strip():
        return [], ""
    parser = lxml.html.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
    )
    try:
        root = lxml.html.document_fromstring(source, parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
        return [], ""
    if root is None:
        return [], ""
    title = ""
    for path in (".//h1", ".//title"):
        element = root.find(path)
        if element is not None:
            title = _collapse(element.text_content())
            if title:
                break

    paragraphs = _html_walk(root)
    # trafilatura takes about a second a megabyte, or per 6,000 elements, a
    # little more on bigger pages; news pages are far smaller, so past the caps
    # the rules alone decide (as they do when it finds nothing).
    small = len(source) <= MAX_EXTRACTED_HTML and not any(
        True for _ in itertools.islice(root.iter(), MAX_EXTRACTED_ELEMENTS, None)
    )
    main = _main_content(source) if small else None
    if main and main.strip():
        kept = _kept_by_extractor(paragraphs, main)
    else:
        kept = [True] * len(paragraphs)
    marked = []
    title_seen = False
    for paragraph, keep in zip(paragraphs, kept):
        # The title often sits outside what the extractor keeps, even in a
        # site banner; it is no chrome.
        is_title = paragraph.heading and not title_seen and _collapse(paragraph.text) == title
        title_seen = title_seen or is_title
        chrome = not is_title and (paragraph.chrome or not keep)
        marked.append(_Paragraph(paragraph.text, paragraph.heading, chrome))
    return marked, title


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
