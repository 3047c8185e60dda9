"""Subtitles (SubRip, WebVTT): the cues' words read as running text, timings left out."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from test_reading import block_texts, check_blocks, write

from align.model import Options
from align.pipeline import compare
from align.reading import read_source

ROOT = Path(__file__).resolve().parent.parent
VNA = ROOT.parent / "shared" / "seeds" / "vna-to-lam-comprehensive-foreign-affairs.txt"
#: A paragraph of the seed, cut into cues below.
WORDS = [p for p in VNA.read_text(encoding="utf-8").split("\n") if len(p) > 400][0].split()


def _stamp(seconds: float, mark: str) -> str:
    whole, millis = int(seconds), int(seconds * 1000) % 1000
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}{mark}{millis:03d}"


def _srt(cuts: list[int], *, vtt: bool = False, pause_after: int = -1) -> str:
    """The words cut into cues at `cuts`, a cue's words on two lines; a long pause after one cue."""
    bounds = [0, *sorted(set(cuts)), len(WORDS)]
    cues, clock = [], 1.0
    for n, (lo, hi) in enumerate(zip(bounds, bounds[1:])):
        if lo == hi:
            continue
        words = WORDS[lo:hi]
        half = max(1, len(words) // 2)
        lines = [" ".join(words[:half]), " ".join(words[half:])]
        mark = "." if vtt else ","
        timing = f"{_stamp(clock, mark)} --> {_stamp(clock + 1.5, mark)}"
        number = "" if vtt else f"{len(cues) + 1}\n"
        cues.append(number + timing + "\n" + "\n".join(line for line in lines if line) + "\n")
        clock += 1.6 + (5.0 if n == pause_after else 0.0)
    return ("WEBVTT\n\n" if vtt else "") + "\n".join(cues)


def test_srt_reads_as_the_paragraph_it_cuts(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "film.srt", _srt([7, 19, 30]).encode()))
    assert block_texts(source) == [" ".join(WORDS)]
    assert source.format == "subtitles" and "-->" not in source.text
    check_blocks(source)
    lines = read_source(write(tmp_path, "film.srt", _srt([7, 19, 30]).encode()), units="lines")
    assert block_texts(lines) == [
        " ".join(WORDS[lo:hi]) for lo, hi in zip([0, 7, 19, 30], [7, 19, 30, len(WORDS)])
    ]


def test_vtt_tags_settings_and_notes_are_not_said(tmp_path: Path) -> None:
    vtt = (
        "WEBVTT - made by hand\n\nNOTE a note for the editor\n\nSTYLE\n::cue { color: red }\n\n"
        "intro\n00:01.000 --> 00:02.500 align:start position:10%\n"
        "<v Ann><i>We</i> will win.</v>\n\n"
        "00:02.600 --> 00:04.000\n{\\an8}Do not panic.\n"
    )
    source = read_source(write(tmp_path, "film.vtt", vtt.encode()))
    assert block_texts(source) == ["We will win. Do not panic."]
    # Found by its head too, and not taken for HTML for its tags.
    assert block_texts(read_source(write(tmp_path, "film.txt", vtt.encode()))) == block_texts(
        source
    )


def test_a_pause_starts_a_paragraph(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "film.srt", _srt([7, 19, 30], pause_after=1).encode()))
    assert block_texts(source) == [" ".join(WORDS[:19]), " ".join(WORDS[19:])]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, len(WORDS) - 1), max_size=12), st.booleans())
def test_any_cutting_gives_the_same_sentences(cuts: list[int], vtt: bool) -> None:
    """However the cues cut it, the subtitles align 1-1 and word for word with the paragraph."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        sub = Path(folder) / ("a.vtt" if vtt else "a.srt")
        sub.write_text(_srt(cuts, vtt=vtt), encoding="utf-8")
        text = Path(folder) / "b.txt"
        text.write_text(" ".join(WORDS) + "\n", encoding="utf-8")
        comparison = compare(str(sub), str(text), Options())
    assert [s.text for s in comparison.a.sentences] == [s.text for s in comparison.b.sentences]
    assert all(p.relation == "match" and not p.edits for p in comparison.pairs)
