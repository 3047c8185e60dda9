"""The paragraph frame: in a pair whose paragraphs render each other, units are aligned within them.

The fixture (`tests/fixtures/frame/`, written for this project) is a free rendering whose
sentence links cover little of either text, as a summary's would, but whose chapters render
each other one by one: without the frame its reworded sentences are left unpaired.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.aligning import frame
from align.aligning.frame import _chain, _facing, _paragraph_runs
from align.model import Options
from align.pipeline import compare

FIXTURE = Path(__file__).parent / "fixtures" / "frame"


def _chapters(doc) -> dict[int, int]:  # type: ignore[no-untyped-def]
    """Each sentence id's chapter (the number of "Chapter" headings at or before it)."""
    out, chapter = {}, 0
    for s in doc.sentences:
        if s.text.startswith("Chapter "):
            chapter += 1
        out[s.id] = chapter
    return out


def _free(c) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:  # type: ignore[no-untyped-def]
    return [(p.a, p.b) for p in c.pairs if not (p.a and p.b)]


def test_a_free_rendering_is_aligned_chapter_by_chapter() -> None:
    c = compare(str(FIXTURE / "a.txt"), str(FIXTURE / "b.txt"))
    in_a, in_b = _chapters(c.a), _chapters(c.b)
    for p in c.pairs:
        if p.a and p.b:
            assert {in_a[i] for i in p.a} == {in_b[j] for j in p.b}, (p.a, p.b)
    # 31 units in A and 28 in B: at most three left without a counterpart.
    assert len(_free(c)) <= 3
    # The reworded pairs a reader sees (chapter 4, whose sentences B keeps one for one,
    # but for two it joins, and chapter 2's storm).
    pairs = {(p.a, p.b) for p in c.pairs}
    assert ((24,), (22,)) in pairs  # the gift of claret
    assert ((12,), (10,)) in pairs  # "For a week the town went hungry." / "Seven days passed..."


def test_without_the_frame_the_pair_reads_as_a_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test above is the frame's doing: with it off, the rewording is left unpaired."""
    monkeypatch.setattr(frame, "FRAME_MIN_PARAGRAPHS", 10**6)
    c = compare(str(FIXTURE / "a.txt"), str(FIXTURE / "b.txt"))
    assert len(_free(c)) >= 20


def _frames(monkeypatch: pytest.MonkeyPatch, a: Path, b: Path, options: Options) -> list[object]:
    """The frames the aligner found while comparing a and b."""
    from align.aligning.aligner import Aligner

    seen: list[object] = []
    original = Aligner._frame

    def spy(self, links):  # type: ignore[no-untyped-def]
        found = original(self, links)
        seen.append(found)
        return found

    monkeypatch.setattr(Aligner, "_frame", spy)
    compare(str(a), str(b), options)
    return seen


def test_the_chronicle_is_framed(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _frames(monkeypatch, FIXTURE / "a.txt", FIXTURE / "b.txt", Options())
    assert len(seen) == 1 and seen[0] is not None
    # The title, five headings and five chapters: eleven beads, each one paragraph a side.
    assert sorted(set(seen[0].bead_a.values())) == list(range(11))  # type: ignore[attr-defined]


def test_one_unit_per_line_has_no_paragraphs_to_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    """With ``--units lines`` each line is its own paragraph: the frame stays out of it."""
    seen = _frames(monkeypatch, FIXTURE / "a.txt", FIXTURE / "b.txt", Options(units="lines"))
    assert seen == [None]


def test_the_seed_summary_is_not_framed(monkeypatch: pytest.MonkeyPatch) -> None:
    """VOV summarises VNA: its paragraphs do not render VNA's one by one, so no frame."""
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    seen = _frames(
        monkeypatch,
        seeds / "vov-to-lam-comprehensive-diplomacy.txt",
        seeds / "vna-to-lam-comprehensive-foreign-affairs.txt",
        Options(),
    )
    assert seen == [None]


def test_paragraph_runs_follow_the_numbers() -> None:
    assert _paragraph_runs([0, 0, 2, 2, 2, 5]) == [[0, 1], [2, 3, 4], [5]]
    assert _paragraph_runs([]) == []


def _weight(chain: list[tuple[int, int]], weights: dict[tuple[int, int], float]) -> float:
    return sum(weights[p] for p in chain)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.integers(0, 5), st.integers(0, 5)),
        st.floats(0.01, 1.0, allow_nan=False),
        max_size=9,
    )
)
def test_the_chain_is_the_heaviest_in_order(weights: dict[tuple[int, int], float]) -> None:
    """Against every subset (brute force): the chain runs in order and nothing heavier does."""
    chain = _chain(weights, 6)
    assert all(p[0] <= q[0] and p[1] <= q[1] for p, q in itertools.pairwise(chain))
    assert len(set(chain)) == len(chain)
    best = 0.0
    pairs = sorted(weights)
    for r in range(len(pairs) + 1):
        for subset in itertools.combinations(pairs, r):
            if all(p[1] <= q[1] for p, q in itertools.pairwise(subset)):
                best = max(best, _weight(list(subset), weights))
    assert _weight(chain, weights) == pytest.approx(best)


def test_paragraphs_between_beads_face_each_other_when_as_many() -> None:
    beads = [([0], [0]), ([3], [3]), ([5], [7])]
    # Paragraphs 1-2 against 1-2 face each other; 4 against 4-6 do not (one against three).
    assert _facing(beads, 6, 8) == [([0], [0]), ([1], [1]), ([2], [2]), ([3], [3]), ([5], [7])]
    # The ends too: A's last paragraph against B's.
    assert _facing([([0], [0])], 2, 2) == [([0], [0]), ([1], [1])]


def test_a_move_across_beads_needs_strong_evidence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """B's last chapter gains a sentence restating one of A's second chapter (0.72 alike):
    a move across beads from `FRAME_MOVE_MIN` on, none below it."""
    text = (
        (FIXTURE / "b.txt")
        .read_text(encoding="utf-8")
        .replace(
            "before January.", "before January. The merchants gathered the scattered baskets again."
        )
    )
    b = tmp_path / "b.txt"
    b.write_text(text, encoding="utf-8")

    def added(c) -> list[tuple[str, tuple[int, ...]]]:  # type: ignore[no-untyped-def]
        return [(str(p.relation), p.a) for p in c.pairs if 28 in p.b]

    assert added(compare(str(FIXTURE / "a.txt"), str(b))) == [("move", (9,))]
    monkeypatch.setattr(frame, "FRAME_MOVE_MIN", 0.75)
    assert added(compare(str(FIXTURE / "a.txt"), str(b))) == [("only_b", ())]


def test_crossing_is_between_two_beads_only() -> None:
    f = frame.ParagraphFrame({0: 0, 1: 1}, {0: 0, 1: 1}, ((100, 120), (100, 90)))
    assert f.crosses(0, 0, 1) and f.crosses(1, 1, 0)
    assert not f.crosses(0, 1, 1)
    assert not f.crosses(0, 0, 7)  # a unit in no bead crosses nothing
    assert f.place(0, 1) == 1 and f.place(0, 5) == 1.5
    # At 1.2 B characters per A character: bead 0 is complete, bead 1's B part is 75% of one.
    assert f.complete(0, 1.2) == (1.0, 1.0)
    assert f.complete(1, 1.2) == (pytest.approx(0.75), 1.0)
