"""The JSON output, written in pieces, is the one JSON document of schema align/1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from align.errors import AlignWarning
from align.pipeline import compare
from align.rendering import json as rj

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize("chunk", [1, 2, 7, 2000])
def test_pieces_make_the_whole_document(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    c = compare(
        str(SEEDS / "vov-to-lam-comprehensive-diplomacy.txt"),
        str(SEEDS / "vna-to-lam-comprehensive-foreign-affairs.txt"),
    )
    whole = json.dumps(rj.to_dict(c), ensure_ascii=False, separators=(",", ":")) + "\n"
    monkeypatch.setattr(rj, "CHUNK", chunk)
    assert "".join(rj.iter_json(c)) == whole == rj.render_json(c)
    data = json.loads(whole)
    assert list(data) == [
        "schema",
        "version",
        "options",
        "documents",
        "pairs",
        "variants",
        "inconsistencies",
    ]
    assert len(data["pairs"]) == len(c.pairs) and len(data["variants"]) == len(c.variants)


def test_empty_lists_stay_valid_json(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.warns(AlignWarning) as warned:
        c = compare(str(empty), str(empty))
    assert [str(w.message) for w in warned] == [
        f"{empty}: side {side} has no text (empty or only whitespace)" for side in "AB"
    ]
    data = json.loads(rj.render_json(c))
    assert data["pairs"] == [] and data["variants"] == [] and data["inconsistencies"] == []
