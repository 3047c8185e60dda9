"""Plain text to paragraph blocks: lines, hard-wrapped paragraphs, titles, chrome."""

from __future__ import annotations

from collections.abc import Sequence

from align.model import Block
from align.reading.chrome import dateline_prefix, is_chrome_line, looks_like_heading, mark_chrome
from align.reading.limits import _LINE_BREAK

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


#: A wrapped line is at least this share of the wrap width (its lines' 90th percentile).
WRAPPED_SHARE = 0.6
#: Text wrapped at a width over this is no hard-wrapped text (news copy, verses).
MAX_WRAP_WIDTH = 100


def _joined_wrapped_lines(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """One span per line, but a line wrapped mid-sentence joined to the line it runs on to.

    Text wrapped at a fixed width with no blank lines between paragraphs,
    whose short sentences stand on lines of their own (a government's
    "unofficial translation": "I pay tribute to our fallen forebears and
    patriots who sacrificed and dedicated" / "themselves for our
    independence."): a line is joined to the next when it is near the wrap
    width, does not end a sentence, and the next line goes on in lower case.
    Lines longer than `MAX_WRAP_WIDTH` (one paragraph a line) are
    never joined.
    """
    filled = [span for span in spans if span[1] > span[0]]
    lengths = sorted(end - start for start, end in filled)
    if len(lengths) < 3:
        return filled
    width = lengths[(len(lengths) * 9) // 10]
    if width > MAX_WRAP_WIDTH or sum(n > MAX_WRAP_WIDTH for n in lengths) > len(lengths) // 10:
        return filled
    out: list[tuple[int, int]] = []
    joining = False
    for k, (start, end) in enumerate(spans):
        if end <= start:
            joining = False
            continue
        if joining and out:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
        following = spans[k + 1] if k + 1 < len(spans) else (0, 0)
        joining = (
            following[1] > following[0]
            and end - start >= WRAPPED_SHARE * width
            and not _ends_sentence(text, end)
            and text[following[0]].islower()
        )
    return out


def _text_paragraphs(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Paragraph spans: a line each (wrapped lines joined), or a blank-line group if wrapped."""
    if not _is_hard_wrapped(text, spans):
        return _joined_wrapped_lines(text, spans)
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
    chrome = mark_chrome(texts, headline=title)  # no markup: headings by their shape
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
