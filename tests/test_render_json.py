"""The JSON output, written in pieces, is the one JSON document of schema align/1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from align.errors import AlignWarning
from align.model import pack_pair, unpack_pair
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


def test_one_sided_pairs_name_the_sentence_their_score_belongs_to() -> None:
    c = compare(
        str(SEEDS / "vov-to-lam-comprehensive-diplomacy.txt"),
        str(SEEDS / "vna-to-lam-comprehensive-foreign-affairs.txt"),
    )
    data = json.loads(rj.render_json(c))
    pairs, a = data["pairs"], data["documents"]["a"]["sentences"]
    # Hand-checked: VNA's "...a democratic, fair, and equitable world order based
    # on international law." is nearest VOV's "...a fair and equitable
    # international order based on international law." (0.53, too weak to pair).
    assert pairs[18]["relation"] == "only_b" and pairs[18]["score"] == 0.5341
    assert pairs[18]["nearest"] == 30
    assert "fair and equitable international order" in a[30]["text"]
    # "No country ... can stand outside the currents of the times." is nearest
    # VOV's "... cannot be isolated from or stand outside the impacts of ... the times".
    assert pairs[12]["nearest"] == 12 and "stand outside the impacts" in a[12]["text"]
    one_sided = [p for p in pairs if p["relation"] in ("only_a", "only_b")]
    assert one_sided and all("nearest" in p for p in one_sided if p["score"] > 0)
    assert not any("nearest" in p for p in pairs if p["a"] and p["b"])
    # Carried between processes too.
    assert [unpack_pair(pack_pair(p)) for p in c.pairs] == list(c.pairs)
