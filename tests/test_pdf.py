"""PDFs with a text layer: paragraphs rebuilt, hyphenation joined, running heads as chrome."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfs import make_pdf, make_scan

from align import compare
from align.cli import main
from align.reading import read_source

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED = SEEDS / "vov-to-lam-comprehensive-diplomacy.txt"
HEADER = "VOVWorld · Advancing comprehensive diplomacy"
#: Words the seed's PDF breaks at a line's end with a hyphen (and the letters before it).
BROKEN = [("comprehensive", 6), ("diplomacy", 5), ("international", 5), ("responsibility", 6)]


def seed_pdf(tmp_path: Path) -> Path:
    """The seed article as a three-page PDF: a running header, page numbers, broken words."""
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    path = tmp_path / "seed.pdf"
    path.write_bytes(make_pdf(lines[1:], title=lines[0], header=HEADER, hyphenate=BROKEN))
    return path


def test_the_seed_as_pdf_aligns_with_its_text_but_for_chrome(tmp_path: Path) -> None:
    pdf = seed_pdf(tmp_path)
    source = read_source(pdf)
    assert source.format == "pdf"
    assert source.title == SEED.read_text(encoding="utf-8").splitlines()[0]
    chrome = [source.text[b.start : b.end] for b in source.blocks if b.chrome]
    pages = [c for c in chrome if c.startswith("Page ")]
    assert pages == ["Page 1", "Page 2", "Page 3"]
    assert chrome.count(HEADER) == 3
    # The PDF did break words at line ends: the text has them whole.
    assert "respon-" not in source.text and "inter-" not in source.text

    comparison = compare(pdf, SEED)
    assert comparison.pairs
    for pair in comparison.pairs:
        assert pair.relation == "match" and not pair.edits, pair
    # Every sentence that is not chrome on either side is in a pair.
    for document, side in ((comparison.a, "a"), (comparison.b, "b")):
        paired = {i for pair in comparison.pairs for i in getattr(pair, side)}
        body = {s.id for s in document.sentences if not s.chrome}
        assert body <= paired
    # Only chrome differs: the PDF's is the text's plus its running heads.
    pdf_chrome = [s.text for s in comparison.a.sentences if s.chrome]
    text_chrome = [s.text for s in comparison.b.sentences if s.chrome]
    extra = list(pdf_chrome)
    for text in text_chrome:
        extra.remove(text)
    assert sorted(extra) == sorted([HEADER] * 3 + ["Page 1", "Page 2", "Page 3"])


def test_paragraphs_are_rebuilt_from_lines_across_a_page_break(tmp_path: Path) -> None:
    first = "The first paragraph runs over several lines of the page. " * 6
    second = "A second paragraph, which is long enough to cross the page. " * 90
    third = "The third and last one is short."
    path = tmp_path / "three.pdf"
    path.write_bytes(make_pdf([first.strip(), second.strip(), third], header="Running head"))
    source = read_source(path)
    body = [source.text[b.start : b.end] for b in source.blocks if not b.chrome]
    assert body == [first.strip(), second.strip(), third]
    # The page break fell inside the second paragraph; its chrome follows it.
    chrome = [source.text[b.start : b.end] for b in source.blocks if b.chrome]
    assert chrome == ["Running head", "Page 1", "Running head", "Page 2"]
    assert source.text.index("Page 1") > source.text.index(second.strip())


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (
            ["Vietnam pursues a policy of independence and self-", "reliance in all it does."],
            "Vietnam pursues a policy of independence and self-reliance in all it does.",
        ),
        (
            ["It calls for advancing comprehensive diplo-", "macy to a new height."],
            "It calls for advancing comprehensive diplomacy to a new height.",
        ),
        (
            ["The congress of 2021-", "2026 set the course."],
            "The congress of 2021- 2026 set the course.",
        ),
    ],
)
def test_hyphenation_at_a_line_end(tmp_path: Path, lines: list[str], joined: str) -> None:
    path = tmp_path / "hyphen.pdf"
    path.write_bytes(make_pdf([lines], footer=False))
    source = read_source(path)
    assert source.text == joined
    assert [source.text[b.start : b.end] for b in source.blocks] == [joined]


def test_a_scanned_pdf_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(make_scan())
    out = tmp_path / "out.json"
    assert main(["json", str(scan), str(SEED), "-o", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"align: error: {scan}: a scanned PDF with no text layer (run OCR on it first)\n"
    )
    assert not out.exists()


def test_a_damaged_pdf_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(seed_pdf(tmp_path).read_bytes()[:300])
    assert main(["json", str(broken), str(SEED)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"align: error: {broken}: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_a_text_file_named_pdf_is_said_to_be_no_pdf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    named = tmp_path / "article.pdf"
    named.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["json", str(named), str(SEED), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == f"align: error: {named}: not a PDF (no %PDF- header), though it is named one\n"
    assert not out.exists()
