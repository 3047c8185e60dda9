"""The JSON output, written in pieces, is the one JSON document of schema align/1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.errors import AlignWarning
from align.model import FLAGS, KINDS, RELATIONS, Edit, Op, Pair, pack_pair, unpack_pair
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


_ids = st.integers(min_value=0, max_value=10**7)
_edits = st.builds(
    Edit,
    st.sampled_from([Op.REPLACE, Op.DELETE, Op.INSERT]),
    _ids,
    _ids,
    _ids,
    _ids,
    st.text(),  # any character: quotes, backslashes, controls, surrogates
    st.text(),
    st.sampled_from(["", *KINDS]),
    st.lists(st.sampled_from(FLAGS), unique=True).map(tuple),
)
_pairs = st.builds(
    Pair,
    _ids,
    st.lists(_ids, max_size=4).map(tuple),
    st.lists(_ids, max_size=4).map(tuple),
    st.sampled_from(RELATIONS),
    st.floats(min_value=0, max_value=1) | st.sampled_from([0.0, 1.0, 0.123449999, 1e-9]),
    st.lists(_edits, max_size=5).map(tuple),
    st.lists(_ids, max_size=3).map(tuple),
    st.none() | _ids,
)


@given(_pairs)
def test_a_pair_written_out_directly_is_the_json_module_s_text(pair: Pair) -> None:
    """The pairs' JSON is written without the json module's encoder, to the same text."""
    assert rj._pair_text(pair) == rj._dumps(rj._pair(pair))
