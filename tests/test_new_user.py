"""What a new user ran into (issue 13): decoding, inputs and outputs, the library, the terminal."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from align.cli import main
from align.errors import AlignError
from align.reading import read_source

ROOT = Path(__file__).resolve().parent.parent
VOV = ROOT / "seeds/vov-to-lam-comprehensive-diplomacy.txt"
VNA = ROOT / "seeds/vna-to-lam-comprehensive-foreign-affairs.txt"


def write(folder: Path, name: str, data: bytes | str) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, "utf-8")
    else:
        path.write_bytes(data)
    return str(path)


# --- Decoding that never garbles silently ------------------------------------


def _damaged_seed(folder: Path) -> tuple[str, int]:
    """The VOV seed with one stray byte before "Feedback", and that byte's offset."""
    raw = VOV.read_bytes()
    at = raw.index(b"Feedback")
    return write(folder, "damaged.txt", raw[:at] + b"\xe9" + raw[at:]), at


def test_utf8_with_a_stray_byte_is_utf8_with_a_warning(tmp_path: Path) -> None:
    path, at = _damaged_seed(tmp_path)
    source = read_source(path)
    original = VOV.read_text("utf-8")
    assert source.text == original.replace("Feedback", "\ufffdFeedback")
    assert source.encoding == "utf-8 (1 byte replaced)"
    assert source.warnings == (
        f"{path}: not valid UTF-8 at byte {at}: 1 byte replaced with U+FFFD",
    )


def test_several_bad_bytes_are_counted_and_placed(tmp_path: Path) -> None:
    text = "He said “yes” and “no”.\nAnd then “maybe” again, twice “over”.\n"
    raw = text.encode("utf-8")
    raw = raw[:3] + b"\x80" + raw[3:11] + b"\xff\xfe" + raw[11:]
    source = read_source(write(tmp_path, "x.txt", raw))
    assert source.encoding == "utf-8 (3 bytes replaced)"
    assert "at byte 3, 12, 13: 3 bytes replaced" in source.warnings[0]
    assert source.text == "He \ufffdsaid “\ufffd\ufffdyes” and “no”." + text[23:]


def test_the_command_line_warns_and_the_json_records_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, at = _damaged_seed(tmp_path)
    assert main(["json", str(VOV), path]) == 0
    captured = capsys.readouterr()
    assert captured.err == (
        f"align: warning: {path}: not valid UTF-8 at byte {at}: 1 byte replaced with U+FFFD\n"
    )
    doc = json.loads(captured.out)
    assert doc["documents"]["b"]["encoding"] == "utf-8 (1 byte replaced)"
    # No garbling: the curly quotes and the Vietnamese read as in the original.
    assert "“" in doc["documents"]["b"]["text"] and "Chia sẻ" in doc["documents"]["b"]["text"]
    assert all(not pair["edits"] for pair in doc["pairs"])


def test_strict_decoding_refuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, at = _damaged_seed(tmp_path)
    assert main(["diff", str(VOV), path, "--strict-decoding"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"align: error: {path}: not valid UTF-8 at byte {at} (1 byte in all)\n"
    with pytest.raises(AlignError, match="not valid UTF-8"):
        read_source(path, strict_decoding=True)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom(tmp_path: Path, codec: str) -> None:
    text = VOV.read_text("utf-8")
    source = read_source(write(tmp_path, "u16.txt", text.encode(codec)))
    assert source.text == text
    assert source.encoding == codec
    assert source.warnings == ()


def test_windows_1252_still_read_when_the_evidence_is_strong(tmp_path: Path) -> None:
    text = "He said “café” – naïve résumé, and the £5 fee.\nSecond line here.\n"
    source = read_source(write(tmp_path, "w.txt", text.encode("cp1252")))
    assert (source.text, source.encoding, source.warnings) == (text, "cp1252", ())


def test_the_json_says_why_windows_1252_was_chosen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The VNA seed re-encoded to Windows-1252: its curly quotes and dashes are
    # bytes 0x80-0x9F, which UTF-8 never starts a character with.
    text = VNA.read_text("utf-8")
    raw = text.encode("cp1252")
    path = write(tmp_path, "vna-1252.txt", raw)
    assert main(["json", str(VNA), path]) == 0
    documents = json.loads(capsys.readouterr().out)["documents"]
    assert (documents["a"]["encoding"], documents["a"]["encoding_reason"]) == (
        "utf-8",
        "valid UTF-8",
    )
    b = documents["b"]
    assert b["encoding"] == "cp1252" and b["text"] == text
    # Counted independently: the first byte that is not ASCII, and the
    # characters that became bytes 0x80-0x9F.
    first = next(i for i, byte in enumerate(raw) if byte >= 0x80)
    punctuation = [c for c in text if 0x80 <= c.encode("cp1252")[0] <= 0x9F and ord(c) > 0x7F]
    assert first == 42 and len(punctuation) == 46  # hand-checked: “ of the first line, and 46
    assert b["encoding_reason"].startswith(
        f"not valid UTF-8 at byte {first}; {len(punctuation)} bytes in 0x80-0x9F read as "
        f"Windows-1252 punctuation ({' '.join(sorted(set(punctuation)))}); "
        "every high byte a letter or common sign; mess ratio "
    )


def test_every_reading_records_its_reason(tmp_path: Path) -> None:
    text = "He said “café” – naïve résumé, and the £5 fee.\nSecond line here.\n"
    page = b'<html><head><meta charset="koi8-r"></head><body><p>\xf0\xd2\xc9\xd7\xc5\xd4.</p>'
    reasons = {
        "utf8.txt": (text.encode("utf-8"), "valid UTF-8"),
        "bom.txt": (codecs.BOM_UTF8 + text.encode("utf-8"), "UTF-8 byte-order mark"),
        "le.txt": (
            text.encode("utf-16-le"),
            "no byte-order mark; NUL bytes at odd offsets, as UTF-16-LE's",
        ),
        "page.html": (
            page,
            f"not valid UTF-8 at byte {page.index(0xF0)}; the page declares charset koi8-r",
        ),
    }
    for name, (raw, reason) in reasons.items():
        assert read_source(write(tmp_path, name, raw)).encoding_reason == reason, name
    source = read_source(write(tmp_path, "w.txt", text.encode("cp1252")))
    assert source.encoding_reason.startswith(
        "not valid UTF-8 at byte 8; 3 bytes in 0x80-0x9F read as Windows-1252 punctuation (– “ ”);"
        " 5 bytes in 0xA0-0xFF as letters or signs (£ é ï);"
    )
    damaged, at = _damaged_seed(tmp_path)
    assert read_source(damaged).encoding_reason.startswith(
        f"UTF-8 with damage: not valid UTF-8 at byte {at}: 1 byte replaced with U+FFFD;"
    )


def test_no_other_code_page_is_guessed(tmp_path: Path) -> None:
    # Valid UTF-8 curly quotes never read as a Mac code page ("‚Äú").
    raw = ("“Quoted words” in a line. " * 20).encode("utf-8") + b"\x8d"
    source = read_source(write(tmp_path, "m.txt", raw))
    assert source.encoding == "utf-8 (1 byte replaced)"
    assert "‚Äú" not in source.text


def test_bom_utf16_still_read(tmp_path: Path) -> None:
    text = "Plain words.\n"
    source = read_source(write(tmp_path, "b.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le")))
    assert source.text == text


# --- Inputs and outputs a user gets wrong ------------------------------------


def _copies(folder: Path) -> tuple[str, str]:
    return write(folder, "a.txt", VOV.read_bytes()), write(folder, "b.txt", VNA.read_bytes())


@pytest.mark.parametrize("command", ["json", "variants", "report"])
@pytest.mark.parametrize("side", [0, 1])
def test_output_naming_an_input_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, side: int
) -> None:
    paths = _copies(tmp_path)
    before = Path(paths[side]).read_bytes()
    assert main([command, *paths, "-o", paths[side]]) == 2
    err = capsys.readouterr().err
    assert err == f"align: error: {paths[side]}: is one of the inputs; choose another output file\n"
    assert Path(paths[side]).read_bytes() == before


@pytest.mark.parametrize("command", ["json", "variants", "report"])
def test_empty_output_name_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    assert main([command, *_copies(tmp_path), "-o", ""]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert (
        captured.err.startswith("align: error: -o: empty file name")
        and captured.err.count("\n") == 1
    )


def test_output_under_a_file_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = _copies(tmp_path)
    target = str(Path(paths[0]) / "out.json")
    assert main(["json", *paths, "-o", target]) == 2
    assert (
        capsys.readouterr().err == f"align: error: {target}: {paths[0]} is a file, not a folder\n"
    )


def test_both_sides_from_one_stdin_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "-", "-"]) == 2
    assert capsys.readouterr().err == (
        "align: error: -: standard input can be only one of the two sides\n"
    )


@pytest.mark.parametrize("blank", ["", "  \n\n\t \n"], ids=["empty", "whitespace"])
def test_a_side_with_no_text_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], blank: str
) -> None:
    a = write(tmp_path, "a.txt", VOV.read_bytes())
    b = write(tmp_path, "blank.txt", blank)
    assert main(["diff", a, b]) == 1  # they differ: the documented status
    err = capsys.readouterr().err
    assert err == f"align: warning: {b}: side B has no text (empty or only whitespace)\n"
    assert main(["diff", b, b]) == 0
    assert capsys.readouterr().err.count("has no text") == 2


def test_default_labels_that_collide_are_told_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = write(tmp_path, "vov/ch1.txt", VOV.read_bytes())
    b = write(tmp_path, "vna/ch1.txt", VNA.read_bytes())
    main(["diff", a, b])
    out = capsys.readouterr().out
    assert out.startswith("--- a: vov/ch1.txt\n+++ b: vna/ch1.txt\n")
    from align.pipeline import default_labels

    assert default_labels("x/ch1.txt", "y/ch2.txt") == ("ch1.txt", "ch2.txt")
    assert default_labels("ch1.txt", "../vna/ch1.txt") == ("ch1.txt", "vna/ch1.txt")
    assert default_labels("p/x/ch1.txt", "q/x/ch1.txt") == ("p/x/ch1.txt", "q/x/ch1.txt")


def test_batch_labels_are_told_apart(tmp_path: Path) -> None:
    write(tmp_path, "vov/ch1.txt", VOV.read_bytes())
    write(tmp_path, "vna/ch1.txt", VNA.read_bytes())
    manifest = write(tmp_path, "pairs.csv", "a,b,name\nvov/ch1.txt,vna/ch1.txt\n")
    assert main(["batch", manifest, "-o", str(tmp_path / "out"), "--jobs", "1"]) == 0
    doc = json.loads((tmp_path / "out/ch1.json").read_text("utf-8"))
    assert [doc["documents"][s]["label"] for s in "ab"] == ["vov/ch1.txt", "vna/ch1.txt"]


def test_manifest_header_with_name_accepts_a_row_without_one(tmp_path: Path) -> None:
    from align.batch.manifest import read_manifest

    manifest = write(
        tmp_path, "pairs.csv", "a,b,name\nvov/ch1.txt,vna/ch1.txt\nvov/ch2.txt,vna/ch2.txt,two\n"
    )
    jobs = read_manifest(manifest)
    assert [job.name for job in jobs] == ["ch1", "two"]


# --- The library ---------------------------------------------------------------


def test_compare_takes_path_objects() -> None:
    from align import compare

    comparison = compare(VOV, VNA)
    assert comparison.a.path == str(VOV)
    assert comparison.a.label == VOV.name and comparison.pairs


def test_compare_texts() -> None:
    from align import compare_texts
    from align.model import Options

    comparison = compare_texts(
        "The colour is grey.\n\nIt rained.", "The color is gray.\n\nIt rained.", Options()
    )
    assert [(e.a_text, e.b_text, str(e.kind)) for e in comparison.pairs[0].edits] == [
        ("colour", "color", "spelling"),
        ("grey", "gray", "spelling"),
    ]
    assert [s.paragraph for s in comparison.b.sentences] == [0, 1]
    assert comparison.a.path == "<text a>" and comparison.a.label == "text a"
    labelled = compare_texts("One.", "Two.", labels=("X", "Y"))
    assert (labelled.a.label, labelled.b.label) == ("X", "Y")


def test_a_source_without_blocks_gets_them() -> None:
    from align.model import Source
    from align.pipeline import compare_sources

    a = Source("a", "The colour is grey.\n\nIt rained.", "0" * 64, "utf-8", "text")
    b = Source("b", "The color is gray.\n\nIt rained.", "0" * 64, "utf-8", "text")
    comparison = compare_sources(a, b)
    assert len(comparison.pairs) == 2 and comparison.pairs[0].edits


def test_python_m_align_beside_a_clone_named_align(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "align").mkdir()  # a clone of the project, say
    (tmp_path / "align" / "README.md").write_text("a clone\n")
    done = subprocess.run(
        [sys.executable, "-m", "align", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "align 0.1.0")


# --- Terminal output ---------------------------------------------------------------


def test_diff_of_identical_texts_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(VOV), str(VOV)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["diff", str(VOV), str(VOV), "--all"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("--- a: ") and out.count("@@ pair ") == 32


def test_diff_headers_show_the_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = write(tmp_path, "a.txt", "The meeting is on Monday in 2030 with many delegates.\n")
    b = write(tmp_path, "b.txt", "The meeting is on Tuesday in 2028 with many delegates.\n")
    assert main(["diff", a, b, "--no-color"]) == 1
    head = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("@@"))
    assert "[" in head and ("number" in head or "date" in head), head


def _seed_with_invisibles(folder: Path) -> str:
    """The VOV seed with a U+202E and a U+200B in one of its sentences."""
    text = VOV.read_text("utf-8")
    assert "marks a historic milestone" in text
    text = text.replace("marks a historic milestone", "marks a \u202ehistoric mile\u200bstone", 1)
    return write(folder, "invisible.txt", text)


def test_invisible_characters_are_shown_by_code_in_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = _seed_with_invisibles(tmp_path)
    for color in (["--no-color"], []):
        assert main(["diff", a, str(VOV), *color]) == 1
        out = capsys.readouterr().out
        assert "\u202e" not in out and "\u200b" not in out
        assert "<U+202E>" in out and "<U+200B>" in out
    assert main(["diff", a, str(VOV), "--no-color"]) == 1
    assert "a [-<U+202E>-]historic" in capsys.readouterr().out  # between words, it is an edit


def test_an_edit_made_only_of_invisible_characters_is_named_invisible(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from align import compare
    from align.model import KINDS, NOISE_KINDS, Kind

    a = _seed_with_invisibles(tmp_path)
    edits = [e for pair in compare(a, VOV).pairs for e in pair.edits]
    # One before a word (which belongs to no word) and one inside a word: both are edits.
    assert [e.kind for e in edits] == [Kind.INVISIBLE] * 2 and not any(e.flags for e in edits)
    assert Kind.INVISIBLE in NOISE_KINDS and KINDS.index(Kind.INVISIBLE) + 1 == KINDS.index(
        Kind.PUNCTUATION
    )
    assert main(["diff", a, str(VOV), "--no-color"]) == 1
    assert "· invisible 2 @@" in capsys.readouterr().out
    assert main(["diff", a, str(VOV), "--ignore", "invisible"]) == 0  # nothing else differs
    assert capsys.readouterr().out == ""
    assert main(["variants", a, str(VOV), "--kind", "invisible", "--format", "json"]) == 0
    assert "invisible" in capsys.readouterr().out


def _seed_with_invisibles_in_words(folder: Path) -> str:
    """The VOV seed with a U+202E and a U+200B inside two words of one sentence."""
    text = VOV.read_text("utf-8")
    text = text.replace("marks a historic milestone", "marks a his\u202etoric mile\u200bstone", 1)
    return write(folder, "invisible.txt", text)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_variants_for_reading_show_invisible_characters_by_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    a = _seed_with_invisibles_in_words(tmp_path)
    labels = "VOV\u202ecopy,VOV"
    assert main(["variants", a, str(VOV), "--format", fmt, "--labels", labels]) == 0
    out = capsys.readouterr().out
    assert "\u202e" not in out and "\u200b" not in out
    assert "U+202E" in out and "U+200B" in out
    assert out.count("U+202E") >= 3  # the variant's form, the label in the title and the header


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_variants_for_machines_keep_the_raw_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    a = _seed_with_invisibles_in_words(tmp_path)
    assert main(["variants", a, str(VOV), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert "\u202e" in out and "\u200b" in out
    assert "U+202E" not in out and "U+200B" not in out


def _wrapped(paragraph: str) -> str:
    """A paragraph wrapped at 70 columns; one with "self-reliance" breaks after its hyphen."""
    import textwrap

    if "self-reliance" not in paragraph:
        return textwrap.fill(paragraph, 70, break_on_hyphens=True)
    for width in range(70, 40, -1):
        wrapped = textwrap.fill(paragraph, width, break_on_hyphens=True)
        if "self-\nreliance" in wrapped:
            return wrapped
    raise AssertionError("no width breaks self-reliance at its hyphen")


def test_a_wrapped_copy_with_a_break_after_a_hyphen_compares_equal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = VNA.read_text("utf-8")
    wrapped = "\n\n".join(_wrapped(line) for line in text.splitlines() if line.strip()) + "\n"
    assert "self-\nreliance" in wrapped
    a = write(tmp_path, "wrapped.txt", wrapped)
    assert main(["diff", a, str(VNA)]) == 0
    assert capsys.readouterr().out == ""


def _typeset(paragraph: str) -> tuple[str, int]:
    """A paragraph wrapped at 70 columns as a typesetter does it: a long word starting a
    line is split across the break with a hyphen ("interna-" / "tional"). Gives the text
    and how many words were split.

    Only words of the shipped word list are split: the reader can tell a split word
    from a compound only by knowing the word ("multilateralisation" is not in the list).
    """
    import textwrap

    from align.lexicon.vectors import known

    lines = textwrap.wrap(paragraph, 70, break_on_hyphens=True)
    split = 0
    for i in range(len(lines) - 1):
        first, space, rest = lines[i + 1].partition(" ")
        if first.isalpha() and len(first) >= 10 and known(first) and not lines[i].endswith("-"):
            cut = len(first) // 2
            lines[i] += f" {first[:cut]}-"
            lines[i + 1] = first[cut:] + space + rest
            split += 1
    return "\n".join(lines), split


def test_a_typeset_copy_with_words_split_at_line_ends_compares_equal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "interna-\ntional" is one word broken by the typesetter: it reads as
    # "international", not "interna-tional" (which was a difference in every
    # such place). A compound broken at its hyphen stays one: see the test above.
    text = VNA.read_text("utf-8")
    typeset = [_typeset(line) for line in text.splitlines() if line.strip()]
    assert sum(n for _, n in typeset) >= 10
    a = write(tmp_path, "typeset.txt", "\n\n".join(t for t, _ in typeset) + "\n")
    assert main(["diff", a, str(VNA)]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("recog-\nnition", "recognition"),  # not a compound: the typesetter's hyphen goes
        ("Recog-\nnition", "Recognition"),
        ("recog- \n nition's", "recognition's"),
        ("self-\nreliance", "self-reliance"),  # "selfreliance" is no word: a compound
        ("people-to-\npeople", "people-to-people"),
        ("COVID-\n19", "COVID-19"),  # a number is no word piece
        ("long-\nterm", "long-term"),
        ("recognition-\nnition", "recognition-nition"),  # the joined word is unknown
        ("x" * 45 + "recog-\nnition", "x" * 45 + "recog-nition"),  # the piece is longer
    ],
)
def test_a_hyphen_at_a_line_end_goes_only_inside_a_known_word(written: str, read: str) -> None:
    from align.segmenting import tokenize

    tokens = tokenize(f"The {written} ends.", 10)
    word = tokens[1]
    assert word.text == read
    # The span still covers the characters as written.
    assert (word.start, word.end) == (14, 14 + len(written))


def test_help_gives_exit_codes_kinds_and_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    from align.model import KINDS

    with pytest.raises(SystemExit):
        main(["diff", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert (
        "exit status: 0" in help_text and "1 they differ" in help_text and "2 trouble" in help_text
    )
    joined = help_text.replace("- ", "-")  # argparse may wrap "function-word" at its hyphen
    assert all(str(kind) in joined for kind in KINDS)
    with pytest.raises(SystemExit):
        main(["variants", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "default: text" in help_text
    assert all(str(kind) in help_text.replace("- ", "-") for kind in KINDS)


def test_readme_states_the_limit_and_the_id_base() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "256 MiB" in readme
    assert "count from 0" in readme and "from 1" in readme
