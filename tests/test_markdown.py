"""Markdown read through its HTML: marks, front matter and code are no part of the wording."""

from __future__ import annotations

from pathlib import Path

from test_reading import block_texts, check_blocks, write

from align.model import Options
from align.pipeline import compare
from align.reading import read_source

ROOT = Path(__file__).resolve().parent.parent
VNA = ROOT.parent / "shared" / "seeds" / "vna-to-lam-comprehensive-foreign-affairs.txt"


def test_marks_front_matter_and_code_are_left_out(tmp_path: Path) -> None:
    text = (
        "---\ntitle: A test\nlang: en\n---\n\n# Comprehensive *foreign* affairs\n\n"
        "The **new era** demands [action](https://example.org). It is *key*.\n\n"
        "- First item of a list.\n- Second item.\n\n```\nprint('code')\n```\n\n> A quoted line.\n"
    )
    source = read_source(write(tmp_path, "a.md", text.encode()))
    assert block_texts(source) == [
        "Comprehensive foreign affairs",
        "The new era demands action. It is key.",
        "First item of a list.",
        "Second item.",
        "A quoted line.",
    ]
    assert source.format == "markdown" and source.title == "Comprehensive foreign affairs"
    check_blocks(source)


def test_the_seed_in_markdown_equals_the_seed_as_text(tmp_path: Path) -> None:
    """VNA's text with Markdown marks added aligns word for word with the text itself."""
    paragraphs = [p.strip() for p in VNA.read_text(encoding="utf-8").split("\n") if p.strip()]
    marked = [
        f"## {paragraphs[0]}",
        *(p.replace("comprehensive", "*comprehensive*") for p in paragraphs[1:]),
    ]
    md = write(tmp_path, "vna.md", "\n\n".join(marked).encode())
    comparison = compare(md, str(VNA), Options())
    assert [s.text for s in comparison.a.sentences if not s.chrome] == [
        s.text for s in comparison.b.sentences if not s.chrome
    ]
    assert all(not p.edits for p in comparison.pairs if p.a and p.b)
