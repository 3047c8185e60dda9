"""Odd and hostile inputs through the whole pipeline: a result or a one-line error, quickly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from align.cli import main

ROOT = Path(__file__).resolve().parent.parent
VNA = ROOT / "seeds/vna-to-lam-comprehensive-foreign-affairs.txt"


def run_json(tmp_path: Path, a: Path, b: Path, *extra: str) -> dict:
    out = tmp_path / "out.json"
    assert main(["json", str(a), str(b), "-o", str(out), *extra]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "content",
    [b"", b"   \n\n\t  \r\n", "\u200b\u200e\u202e\u2066".encode()],
    ids=["empty", "whitespace", "invisible-only"],
)
def test_nothing_against_a_full_text(tmp_path: Path, content: bytes) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(content)
    doc = run_json(tmp_path, empty, VNA)
    assert doc["documents"]["a"]["sentences"] == [] or all(
        not s["text"].strip("\u200b\u200e\u202e\u2066") for s in doc["documents"]["a"]["sentences"]
    )
    relations = {p["relation"] for p in doc["pairs"]}
    assert relations <= {"only_b", "only_a"}
    assert main(["diff", str(empty), str(empty)]) == 0


def test_one_megabyte_line_without_punctuation(tmp_path: Path) -> None:
    import random

    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(5000)] + ["dolor", "the", "of", "and"] * 200
    words = " ".join(rng.choice(vocabulary) for _ in range(180_000))[:1_000_000]
    a = tmp_path / "long.txt"
    a.write_text(words, encoding="utf-8")
    b = tmp_path / "long2.txt"
    b.write_text(words.replace("dolor", "pain"), encoding="utf-8")
    doc = run_json(tmp_path, a, b)
    text = doc["documents"]["a"]["text"]
    for s in doc["documents"]["a"]["sentences"]:
        assert text[s["start"] : s["end"]] == s["text"]
        assert len(s["text"]) <= 3000  # cut into bounded units
    assert any(p["relation"] == "match" for p in doc["pairs"])


def test_bidi_and_zero_width_characters_are_kept_in_spans(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(
        "The mini\u200bster spoke \u202egnol\u202c today.\nHà Nội hosted the talks.\n", "utf-8"
    )
    b.write_text("The minister spoke today.\nHà Nội hosted the talks.\n", "utf-8")
    doc = run_json(tmp_path, a, b)
    text = doc["documents"]["a"]["text"]
    assert "\u202e" in text
    for p in doc["pairs"]:
        for e in p["edits"]:
            assert text[e["a"][0] : e["a"][1]] == e["a_text"]
    assert [p["relation"] for p in doc["pairs"]] == ["match", "match"]


def test_mixed_vietnamese_and_english(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("Tổng Bí thư Tô Lâm said diplomacy must reach a new height.\n", "utf-8")
    b.write_text(
        "General Secretary Tô Lâm said foreign affairs must reach a new height.\n", "utf-8"
    )
    doc = run_json(tmp_path, a, b)
    assert [p["relation"] for p in doc["pairs"]] == ["match"]
    edits = [(e["a_text"], e["b_text"]) for e in doc["pairs"][0]["edits"]]
    assert ("diplomacy", "foreign affairs") in edits


def test_units_lines_on_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    import io
    import sys

    data = b"First line here.\nSecond line, no split. Really.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    b = tmp_path / "b.txt"
    b.write_text("First line here.\nSecond line, no split. Really.\n", "utf-8")
    assert main(["json", "-", str(b), "--units", "lines"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [s["text"] for s in doc["documents"]["a"]["sentences"]] == [
        "First line here.",
        "Second line, no split. Really.",
    ]
    assert doc["documents"]["a"]["label"] == "stdin"


def test_a_long_paragraph_is_not_cut_short_by_nltks_regex_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NLTK 3.9.3+ limits its patterns' run time (``nltk.redos``), Punkt's work included:
    a paragraph of 200,000 full stops ("A. A. ...", a book saved as one line)
    raised ``TimeoutError`` after 5 s. Here the limit is made tiny, so that any
    pattern still under it fails at once on an ordinary paragraph."""
    from align.segmenting.sentences import _punkt

    pattern = _punkt()._lang_vars.period_context_re()
    if not hasattr(pattern, "_timeout"):
        pytest.skip("this NLTK has no time limit on its patterns")
    monkeypatch.setitem(type(pattern)._resolve.__globals__, "DEFAULT_TIMEOUT", 1e-9)
    a = tmp_path / "a.txt"
    a.write_text(
        " ".join(f"Sentence number {k} ends here, Mr. Smith said." for k in range(2000)),
        encoding="utf-8",
    )
    doc = run_json(tmp_path, a, a)
    assert len(doc["documents"]["a"]["sentences"]) == 2000


@pytest.mark.parametrize("depth", [2100, 20_000])
def test_html_nested_deeper_than_the_parser_reads_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], depth: int
) -> None:
    """libxml2 drops everything below 2,048 elements: that page would read as
    empty (or in part), a silently wrong result. It is an error naming the file."""
    page = tmp_path / "deep.html"
    page.write_text(
        "<html><body><p>Read this first. It is above the limit.</p>"
        + "<div>" * depth
        + "<p>Hello world. This is a test.</p>"
        + "</div>" * depth
        + "</body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "out.json"
    assert main(["json", str(page), str(VNA), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"align: error: {page}: HTML nested too deeply to read (over 2,048 elements); "
        "save the page again, or as text"
    ]
    assert not out.exists()


def test_html_nested_two_thousand_deep_is_read_whole(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    page.write_text(
        "<html><body>"
        + "<div>" * 2000
        + "<p>Hello world. This is a test.</p>"
        + "</div>" * 2000
        + "</body></html>",
        encoding="utf-8",
    )
    doc = run_json(tmp_path, page, VNA)
    assert [s["text"] for s in doc["documents"]["a"]["sentences"]] == [
        "Hello world.",
        "This is a test.",
    ]


def test_a_bug_of_ours_is_one_line_and_exit_70(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import align.cli

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("something we did not expect\nsecond line")

    monkeypatch.setattr(align.cli, "run", broken)
    monkeypatch.delenv("ALIGN_DEBUG", raising=False)
    assert main(["json", str(VNA), str(VNA), "-o", str(tmp_path / "o.json")]) == 70
    assert capsys.readouterr().err.splitlines() == [
        "align: internal error: ValueError: something we did not expect"
        " (a bug in align; ALIGN_DEBUG=1 shows where)"
    ]
    monkeypatch.setenv("ALIGN_DEBUG", "1")
    with pytest.raises(ValueError):
        main(["json", str(VNA), str(VNA), "-o", str(tmp_path / "o.json")])


def test_a_doctype_with_entities_leaves_no_debris_and_expands_nothing(tmp_path: Path) -> None:
    page = tmp_path / "lol.html"
    page.write_text(
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        "<html><body><p>&lol2; Hello there. Goodbye now.</p></body></html>",
        encoding="utf-8",
    )
    doc = run_json(tmp_path, page, VNA)
    assert [s["text"] for s in doc["documents"]["a"]["sentences"]] == [
        "&lol2; Hello there.",
        "Goodbye now.",
    ]
