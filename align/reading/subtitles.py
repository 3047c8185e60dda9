"""Subtitles (SubRip ``.srt``, WebVTT ``.vtt``) to paragraphs of what is said.

Two translations of a film's subtitles cut their cues differently, and a
sentence often runs over two cues ("I was going to" / "the store."), so the
cues' text is read as running text: cue numbers, timings, styling tags and
WebVTT's notes and settings are left out, the lines of a cue and the cues
that follow each other closely are joined, and a pause of `PAUSE` seconds or
more between two cues starts a new paragraph. With ``units="lines"`` each
cue is one line.
"""

from __future__ import annotations

import re

from align.reading.paragraphs import _Paragraph

SUBTITLE_SUFFIXES = frozenset({".srt", ".vtt"})
#: A pause at least this long (seconds) between two cues starts a new paragraph.
PAUSE = 2.0

_TIME = r"(?:(\d{1,3}):)?(\d{1,2}):(\d{2})[,.](\d{1,3})"
_TIMING = re.compile(rf"\A\s*{_TIME}\s*-->\s*{_TIME}(?:\s.*)?\Z")
_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>|\{\\[^{}]{0,200}\}")
_SPACES = re.compile(r"\s+")


def looks_like_subtitles(text: str, suffix: str) -> bool:
    """Whether the text is SubRip or WebVTT (by suffix, or a timing line among its first lines)."""
    if suffix in SUBTITLE_SUFFIXES:
        return True
    head = text[:2000].lstrip("\ufeff")
    if head.startswith("WEBVTT"):
        return True
    lines = head.splitlines()[:6]
    return any(_TIMING.match(line) for line in lines[1:3]) and lines[0].strip().isdigit()


def _seconds(groups: tuple[str | None, ...]) -> float:
    hours, minutes, seconds, millis = groups
    return (
        int(hours or 0) * 3600
        + int(minutes or 0) * 60
        + int(seconds or 0)
        + int(millis or 0) / 1000
    )


def subtitle_paragraphs(text: str, units: str) -> list[_Paragraph]:
    """The cues' text as paragraphs (one per cue with ``units="lines"``)."""
    cues: list[tuple[float, float, str]] = []
    block: list[str] = []
    timing: tuple[float, float] | None = None

    def close() -> None:
        spoken = _SPACES.sub(" ", _TAG.sub("", " ".join(block))).strip()
        if timing is not None and spoken:
            cues.append((timing[0], timing[1], spoken))

    for line in [*text.splitlines(), ""]:
        match = _TIMING.match(line)
        if match:
            close()
            block, timing = [], (_seconds(match.groups()[:4]), _seconds(match.groups()[4:]))
        elif not line.strip():
            close()
            block, timing = [], None
        elif timing is not None:
            block.append(line.strip())
        # else: a cue number, WEBVTT's header, a NOTE or STYLE block: not said
    if units == "lines":
        return [_Paragraph(spoken) for _, _, spoken in cues]
    paragraphs: list[_Paragraph] = []
    group: list[str] = []
    last_end = None
    for start, end, spoken in cues:
        if group and last_end is not None and start - last_end >= PAUSE:
            paragraphs.append(_Paragraph(" ".join(group)))
            group = []
        group.append(spoken)
        last_end = end
    if group:
        paragraphs.append(_Paragraph(" ".join(group)))
    return paragraphs
