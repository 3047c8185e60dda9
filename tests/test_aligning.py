"""Sentence alignment: the seed pair against a hand-made gold, and tiny cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from align import compare
from align.model import Comparison, Options

ROOT = Path(__file__).resolve().parent.parent
GOLD = json.loads((ROOT / "tests/fixtures/seed_gold.json").read_text(encoding="utf-8"))

#: Measured on the seed pair: every gold link found, no false link (F1 1.0).
#: The floor leaves room for one link's worth of change, not more.
F1_FLOOR = 0.97


def links_of(c: Comparison) -> set[tuple[int, int]]:
    return {(i, j) for p in c.pairs for i in p.a for j in p.b}


def _ws(text: str) -> str:
    return " ".join(text.split())  # the seeds hold no-break spaces


def gold_links(c: Comparison) -> set[tuple[int, int]]:
    out = set()
    for snippet_a, snippet_b in GOLD["links"]:
        ids_a = [s.id for s in c.a.sentences if not s.chrome and snippet_a in _ws(s.text)]
        ids_b = [s.id for s in c.b.sentences if not s.chrome and snippet_b in _ws(s.text)]
        assert ids_a and ids_b, (snippet_a, snippet_b)
        out |= {(i, j) for i in ids_a for j in ids_b}
    return out


@pytest.fixture(scope="module")
def seed() -> Comparison:
    return compare(str(ROOT / GOLD["a"]), str(ROOT / GOLD["b"]), Options(labels=("VOV", "VNA")))


def test_seed_gold_f1(seed: Comparison) -> None:
    found, gold = links_of(seed), gold_links(seed)
    tp = len(found & gold)
    precision, recall = tp / len(found), tp / len(gold)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= F1_FLOOR, (precision, recall, sorted(found ^ gold))


def test_seed_vital_key_in_both_vov_sentences(seed: Comparison) -> None:
    vital = [s.id for s in seed.a.sentences if "vital and regular" in _ws(s.text)]
    assert len(vital) == 2
    for sid in vital:
        pairs = [p for p in seed.pairs if sid in p.a and p.b]
        assert pairs, f"VOV sentence {sid} has no counterpart"
        edits = [(e.a_text, e.b_text) for p in pairs for e in p.edits]
        assert ("vital", "key") in edits, edits


def test_seed_repeats_and_moves_are_labelled(seed: Comparison) -> None:
    relations = {p.relation for p in seed.pairs}
    assert {"match", "only_b", "repeat", "move"} <= relations
    for p in seed.pairs:
        if p.relation in ("repeat", "move"):
            assert p.related or p.relation == "move"


def test_seed_vna_sentences_left_out_have_no_link(seed: Comparison) -> None:
    left_out = [s for s in seed.b.sentences if "The world is witnessing rapid" in s.text]
    assert left_out
    pairs = [p for p in seed.pairs if left_out[0].id in p.b]
    assert [p.relation for p in pairs] == ["only_b"]
    assert pairs[0].score < seed.options.threshold


def test_every_pair_score_in_unit_interval(seed: Comparison) -> None:
    assert all(0.0 <= p.score <= 1.0 for p in seed.pairs)


# -- tiny cases ---------------------------------------------------------------

S = [
    "The minister opened the new bridge across the river on Monday morning.",
    "Thousands of residents gathered along both banks to watch the ceremony.",
    "Engineers spent four years designing the steel arch and its foundations.",
    "The project cost about two hundred million dollars in public funds.",
    "Local traders expect the crossing to double commerce between the towns.",
    "Critics argued that the money should have gone to rural hospitals instead.",
]


def run(tmp_path: Path, a: list[str], b: list[str], **options) -> Comparison:
    pa, pb = tmp_path / "a.txt", tmp_path / "b.txt"
    pa.write_text("\n".join(a) + "\n", encoding="utf-8")
    pb.write_text("\n".join(b) + "\n", encoding="utf-8")
    return compare(str(pa), str(pb), Options(**options))


def shape(c: Comparison) -> list[tuple[tuple[int, ...], tuple[int, ...], str]]:
    return [(p.a, p.b, p.relation) for p in c.pairs]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param(S, S, [((i,), (i,), "match") for i in range(6)], id="identical"),
        pytest.param(
            S,
            S[:2] + S[3:],
            [
                ((0,), (0,), "match"),
                ((1,), (1,), "match"),
                ((2,), (), "only_a"),
                ((3,), (2,), "match"),
                ((4,), (3,), "match"),
                ((5,), (4,), "match"),
            ],
            id="omission-in-b",
        ),
        pytest.param(
            S[:4] + S[5:],
            S,
            [
                ((0,), (0,), "match"),
                ((1,), (1,), "match"),
                ((2,), (2,), "match"),
                ((3,), (3,), "match"),
                ((), (4,), "only_b"),
                ((4,), (5,), "match"),
            ],
            id="omission-in-a",
        ),
        pytest.param(
            S,
            S[:2]
            + [
                "Engineers spent four years designing the steel arch.",
                "They also designed its foundations.",
            ]
            + S[3:],
            [
                ((0,), (0,), "match"),
                ((1,), (1,), "match"),
                ((2,), (2, 3), "match"),
                ((3,), (4,), "match"),
                ((4,), (5,), "match"),
                ((5,), (6,), "match"),
            ],
            id="split-1-2",
        ),
        pytest.param(
            S[:2]
            + [
                "Engineers spent four years designing the steel arch.",
                "They also designed its foundations.",
            ]
            + S[3:],
            S,
            [
                ((0,), (0,), "match"),
                ((1,), (1,), "match"),
                ((2, 3), (2,), "match"),
                ((4,), (3,), "match"),
                ((5,), (4,), "match"),
                ((6,), (5,), "match"),
            ],
            id="merge-2-1",
        ),
    ],
)
def test_tiny_alignments(tmp_path: Path, a, b, expected) -> None:
    assert shape(run(tmp_path, a, b)) == expected


def test_repeated_sentence_is_linked_twice(tmp_path: Path) -> None:
    a = (
        S[:4]
        + ["Engineers spent four years on the design of the steel arch and its foundations."]
        + S[4:]
    )
    c = run(tmp_path, a, S)
    assert ((2,), (2,), "match") in shape(c)
    assert ((4,), (2,), "repeat") in shape(c)


def test_moved_sentence_is_linked(tmp_path: Path) -> None:
    a = [S[4]] + S[:4] + S[5:]
    c = run(tmp_path, a, S)
    links = links_of(c)
    assert links == {(0, 4), (1, 0), (2, 1), (3, 2), (4, 3), (5, 5)}
    assert any(p.relation == "move" for p in c.pairs)


def test_us_uk_spelling_still_matches(tmp_path: Path) -> None:
    a = ["The organization will prioritize the defense of its favorite neighbors."]
    b = ["The organisation will prioritise the defence of its favourite neighbours."]
    c = run(tmp_path, a, b)
    assert shape(c) == [((0,), (0,), "match")]
    assert c.pairs[0].score > 0.8
    assert [(e.a_text, e.b_text) for e in c.pairs[0].edits] == [
        ("organization", "organisation"),
        ("prioritize", "prioritise"),
        ("defense", "defence"),
        # Side by side, still one edit a word (the inner alignment of a replacement).
        ("favorite", "favourite"),
        ("neighbors", "neighbours"),
    ]


def test_nothing_in_common(tmp_path: Path) -> None:
    a = ["Rain fell steadily over the northern mountains.", "Farmers delayed the harvest."]
    b = ["The orchestra rehearsed a new symphony.", "Tickets sold out within an hour."]
    c = run(tmp_path, a, b)
    assert [p.relation for p in c.pairs] == ["only_a", "only_a", "only_b", "only_b"]


def test_lines_units_keep_lines_whole(tmp_path: Path) -> None:
    a = ["Mr. Smith arrived. He sat down.", "The meeting began."]
    b = ["Mr. Smith arrived and sat down.", "The meeting began."]
    c = run(tmp_path, a, b, units="lines")
    assert [s.text for s in c.a.sentences] == a
    assert shape(c) == [((0,), (0,), "match"), ((1,), (1,), "match")]


def test_moved_sentences_of_common_words_are_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A moved passage that shares no rare term with its rendering is still found.

    In a book most words are too common for the index (`MAX_POSTINGS`); here
    the index keeps only words found once, as a book's would keep only its
    rarest, and every word of the moved passage occurs elsewhere too. One of
    its sentences has function words only ("Not so!").
    """
    import align.aligning.index

    monkeypatch.setattr(align.aligning.index, "MAX_POSTINGS", 1)
    filler = [
        "The fishermen mended their nets on the quay at dawn.",
        "A cold wind came down from the hills behind the harbour.",
        "Old Tomas kept the lighthouse and the market scales.",
        "His daughter sold early apples and bread from a cart.",
        "By noon the boats had gone out beyond the breakwater.",
        "The priest rang the chapel bell for the midday prayer.",
        "Children chased gulls along the stony beach below the church.",
        "In the afternoon a ship with black sails anchored offshore.",
        "Nobody in the village had seen such a vessel before.",
        "The mayor sent two rowers to ask where it came from.",
        "They returned at dusk with a letter sealed in red wax.",
        "The letter spoke of a great fair in the southern city.",
        "Tomas read it aloud in the square to the whole village.",
        "Some laughed, but the young men began to pack at once.",
    ]
    passage_a = ["The fishermen came home at dusk.", "Not so!", "The market closed early that day."]
    passage_b = [
        "The fishermen returned home at dusk.",
        "Not so!",
        "The market closed early that day.",
    ]
    a = filler[:11] + passage_a + filler[11:]
    b = filler[:3] + passage_b + filler[3:]
    c = run(tmp_path, a, b)
    links = links_of(c)
    assert {(11, 3), (12, 4), (13, 5)} <= links, sorted(links)
    for i in range(len(filler)):
        assert (i + 3 if i >= 11 else i, i + 3 if i >= 3 else i) in links
    moved = [p for p in c.pairs if p.a and p.a[0] in (11, 12, 13)]
    assert {p.relation for p in moved} == {"move"}
