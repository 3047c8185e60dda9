"""Repetitive input (issue 13): findings grouped by passage, lists capped, counts exact."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_variants import document

import align.model
from align.aligning.index import Link
from align.aligning.relating import relate
from align.gathering.inconsistencies.repeat import _repeat_inconsistencies
from align.model import Document, Form, Pair
from align.rendering.variants import form_dict, form_text, variant_dict


def _repeated(times: int) -> tuple[Document, Document, list[Pair]]:
    """A's one sentence against B rendering it `times` times, every other time reworded."""
    a = document("a", "The council praised comprehensive diplomacy today.")
    b = document(
        "b",
        *(
            f"The council {'lauded' if n % 2 else 'praised'} comprehensive foreign affairs today."
            for n in range(times)
        ),
    )
    links = [Link((0,), (0,), "match", 0.8)]
    links += [Link((0,), (n,), "repeat", 0.8) for n in range(1, times)]
    return a, b, relate(links)


def test_repeated_passages_are_one_inconsistency_each() -> None:
    """A passage rendered N times is one finding with one form per wording, not N² findings."""
    a, b, pairs = _repeated(9)
    (finding,) = _repeat_inconsistencies(a, b, pairs)
    assert finding.document == "b" and finding.counterpart == "praised"
    assert [(f.text, f.pairs, f.count) for f in finding.forms] == [
        ("praised", (0, 2, 4, 6, 8), 5),
        ("lauded", (1, 3, 5, 7), 4),
    ]


def test_listed_pairs_are_capped_and_counts_stay_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(align.model, "MAX_LISTED", 2)
    a, b, pairs = _repeated(9)
    (finding,) = _repeat_inconsistencies(a, b, pairs)
    assert [(f.text, f.pairs, f.count) for f in finding.forms] == [
        ("praised", (0, 2), 5),
        ("lauded", (1, 3), 4),
    ]
    data = [form_dict(f) for f in finding.forms]
    assert data[0] == {"text": "praised", "pairs": [0, 2], "count": 5}


def test_repeat_finder_is_linear_in_the_renderings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each repeat is diffed against its first rendering only, not against every other repeat."""
    import align.diffing.words as words

    calls = 0
    real = words.opcodes

    def counting(*args):
        nonlocal calls
        calls += 1
        return real(*args)

    monkeypatch.setattr(words, "opcodes", counting)
    a, b, pairs = _repeated(40)
    _repeat_inconsistencies(a, b, pairs)
    assert calls <= 40 + 1  # one per repeat, one per first rendering (to the other side)


def test_empty_repeat_forms_read_as_nothing() -> None:
    assert form_text(Form("", (1,))) == "(nothing)" and form_text(Form("x", (1,))) == "x"


def test_variant_pairs_are_capped_in_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("align.rendering.variants.MAX_LISTED", 2)
    variant = align.model.Variant("a", "b", "lexical", (), 4, (1, 2, 3, 4))
    assert variant_dict(variant, places=False) == {
        "a": "a",
        "b": "b",
        "kind": "lexical",
        "flags": [],
        "count": 4,
        "pairs": [1, 2],
        "pairs_total": 4,
    }


def test_form_of_counts_every_pair() -> None:
    form = Form.of("x", set(range(250)))
    assert form.pairs == tuple(range(align.model.MAX_LISTED)) and form.count == 250
    assert Form("x", (3, 4)).count == 2


def test_benchmark_input_is_deterministic(tmp_path: Path) -> None:
    from benchmarks.repetitive import SEEDS, build

    first = build(0.1, tmp_path / "one").read_bytes()
    assert first == build(0.1, tmp_path / "two").read_bytes()
    assert len(first) <= 100_000 and first.endswith(b"\n") and first.count(b"\n\n") > 20
    seed = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8").strip()
    assert first.decode("utf-8").startswith(seed)


def test_repeat_groups_join_a_passage_and_its_renderings() -> None:
    from align.gathering.inconsistencies.counterpart import _repeat_groups

    _, _, pairs = _repeated(5)
    other = relate([Link((0,), (0,), "match", 0.8), Link((1,), (1,), "match", 0.8)])
    groups = _repeat_groups(pairs)
    assert set(groups) == {0, 1, 2, 3, 4} and len(set(groups.values())) == 1
    assert _repeat_groups(other) == {}  # no repeat, no group


def test_text_cell_counts_the_pairs_not_listed() -> None:
    from align.rendering.variants import MAX_PAIRS_SHOWN, _pairs_cell

    listed = tuple(range(MAX_PAIRS_SHOWN + 2))
    assert _pairs_cell(listed).endswith("…(+2)")
    assert _pairs_cell(listed, 500).endswith(f"…(+{500 - MAX_PAIRS_SHOWN})")


def test_related_ids_are_capped_and_keep_the_first_rendering() -> None:
    from align.aligning.index import Link
    from align.aligning.relating import relate
    from align.model import MAX_LISTED, Relation

    # One B sentence rendered by 300 A sentences: each pair may list every other.
    links = [Link((0,), (0,), Relation.MATCH, 1.0)]
    links += [Link((i,), (0,), Relation.REPEAT, 0.9) for i in range(1, 300)]
    pairs = relate(links)
    assert all(len(p.related) <= MAX_LISTED for p in pairs)
    assert pairs[150].related[0] == 0  # the first rendering is always listed
    assert pairs[0].related == tuple(range(1, MAX_LISTED + 1))
    assert 150 not in pairs[150].related
