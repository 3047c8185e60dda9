"""An HTML page to paragraphs: the article found by trafilatura, chrome marked in place."""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Sequence
from html import unescape

from align.errors import AlignError
from align.reading.limits import (
    _DOCTYPE_SUBSET,
    _LINE_BREAK,
    _XML_DECLARATION,
    MAX_EXTRACTED_ELEMENTS,
    MAX_EXTRACTED_HTML,
)
from align.reading.paragraphs import _Paragraph, _split_lines

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
# The second pass looks each missed block up in the whole extracted text: at
# most this many characters compared in all (a news page needs about 10^7).
_SECOND_PASS_BUDGET = 200_000_000
# A block whose middle differs from the extractor's text matches by its ends,
# this many characters each (see `_ends_found`).
_ENDS = 16


#: Class names that hide an element from the eye and leave it to screen readers
#: ("Skip to content", "Share on Facebook", "Opens a new window" inside a link):
#: not the article's text, and read inline they glue words ("saidOpens").
_SCREEN_READER_ONLY = re.compile(
    r"(?:^|\s)(?:sr-only|sr-text|visually-?hidden|u-visually-hidden|is-visually-hidden"
    r"|screen-?reader-(?:text|only)|element-invisible|a11y-hidden|offscreen)(?:\s|$)",
    re.IGNORECASE,
)


def _is_hidden(element) -> bool:
    """True if the element is hidden by an attribute, an inline style or a screen-reader class."""
    if element.get("hidden") is not None or element.get("aria-hidden", "").lower() == "true":
        return True
    classes = element.get("class")
    if classes and _SCREEN_READER_ONLY.search(classes):
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

    Long because it is one iterative walk (no recursion on hostile nesting) whose
    branches (skipped, chrome, block, inline, line break) share the paragraph being built.
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
    return re.sub(r"[\W_]+", "", unescape(text) if "&" in text else text).casefold()


#: The loggers of trafilatura and of the date finder it calls.
_EXTRACTOR_LOGGERS = ("trafilatura", "htmldate")


def _quiet_extractor_logs() -> None:
    """Keep the extractor's warnings off stderr, where logging's last-resort handler would
    print them: one `NullHandler` a logger, however many pages are read."""
    for name in _EXTRACTOR_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())


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
    _quiet_extractor_logs()
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
    keys = [_key(paragraph.text) for paragraph in paragraphs]
    kept = []
    for key in keys:
        found = False
        if key and joined.startswith(key, cursor):
            found, cursor = True, cursor + len(key)
        elif len(key) >= 12:
            position = joined.find(key, cursor, cursor + _MATCH_WINDOW + len(key))
            if position >= 0:
                found, cursor = True, position + len(key)
            elif len(key) >= 2 * _ENDS:
                end = _ends_found(key, joined, cursor)
                if end >= 0:
                    found, cursor = True, end
        if not found and key in line_set:
            found = True
        kept.append(found)
    _keep_out_of_order(keys, kept, joined)
    return kept


def _ends_found(key: str, joined: str, cursor: int) -> int:
    """Where a block ends in the extracted text when only pieces of it match there, or -1.

    The extractor may add or drop words inside a paragraph (a link's "Opens a
    new window" read inline, a photo credit before the text, a footnote mark):
    a short block matches by its first and last `_ENDS` characters; a long
    one (128 or more) by at least 6 of 8 pieces of `_ENDS` spread over it, all
    within the window and at most half as long again as the block.
    """
    pieces = 8 if len(key) >= 128 else 2
    needed = 6 if pieces == 8 else 2
    step = (len(key) - _ENDS) / (pieces - 1)
    limit = cursor + _MATCH_WINDOW + len(key) + len(key) // 2
    found = 0
    last = -1
    for k in range(pieces):
        offset = round(k * step)
        position = joined.find(key[offset : offset + _ENDS], cursor, limit)
        if position >= 0:
            found += 1
            last = max(last, position + _ENDS)
        elif pieces - k - 1 < needed - found:
            return -1
    return last if found >= needed else -1


def _keep_out_of_order(keys: Sequence[str], kept: list[bool], joined: str) -> None:
    """Keep the blocks the in-order pass missed that the extractor has elsewhere.

    The extractor may give a page's parts out of page order (a blog laid out
    in a table: Tumblr's post came after the blog's name and sidebar, so the
    in-order pass jumped past the post and lost all of it). A missed block of
    12 or more characters whose text is in the extracted text is kept, as many
    times as it is there less the copies already kept.
    """
    missed = [k for k, found in enumerate(kept) if not found and len(keys[k]) >= 12]
    if not missed or len(joined) * len(missed) > _SECOND_PASS_BUDGET:
        return
    copies_kept: dict[str, int] = {}
    for key, found in zip(keys, kept):
        if found:
            copies_kept[key] = copies_kept.get(key, 0) + 1
    left: dict[str, int] = {}
    for k in missed:
        key = keys[k]
        if key not in left:
            left[key] = joined.count(key) - copies_kept.get(key, 0)
        if left[key] > 0:
            kept[k] = True
            left[key] -= 1


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


def _html_paragraphs(
    html: str, name: str = "<html>", *, extract: bool = True
) -> tuple[list[_Paragraph], str]:
    """Paragraphs of a page, chrome marked, and its title (first ``<h1>``, else ``<title>``).

    ``extract=False`` (an e-book's chapter, all text) leaves chrome to the markup
    rules alone, without the main-text extractor.

    A page nested deeper than libxml2 reads (2,048 elements) loses whatever
    lies below that depth; that is an `AlignError` naming ``name``, not a
    page read in part.
    """
    import lxml.etree
    import lxml.html

    source = _XML_DECLARATION.sub("", html, count=1)  # lxml refuses a str that declares an encoding
    source = _DOCTYPE_SUBSET.sub("<!DOCTYPE html>", source, count=1)
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
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise AlignError(
            f"{name}: HTML nested too deeply to read (over 2,048 elements); "
            "save the page again, or as text"
        )
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
    main = _main_content(source) if small and extract else None
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
