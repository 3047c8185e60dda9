"""Attribution frames set aside from the statement they frame (`align.diffing.attribution`).

Hand-checked cases: a report's "X emphasized that" / ", X stressed." against the
speaker's own words becomes an omission (or insertion) of its own, and the rest
is diffed alone; a frame both sides have, or the speaker's own "We believe that",
is left to the diff.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_inner import assert_edits_rebuild, edits_of
from test_variants import document

from align.diffing.attribution import frame, lead, tail
from align.diffing.words import diff_pair
from align.model import Kind, Pair
from align.segmenting import tokenize


@pytest.mark.parametrize(
    ("text", "head", "end"),
    [
        ("The Party chief emphasized that no strong nation has done so.", 5, 0),
        ("According to Party General Secretary To Lam, the path is open.", 8, 0),
        ("Party General Secretary To Lam expressed confidence that Vietnam will win.", 8, 0),
        ("“We bring life back to Ukraine,” Zelenskyy stressed.", 0, 2),
        ("We lived through this year together,” the President noted.", 0, 3),
        ("We will win, said the President.", 0, 3),
        ("The statement reads: peace.", 0, 0),  # no reporting verb
        ("Peace, stability and development are what we want.", 0, 0),
        ("Said he was glad.", 0, 0),  # a verb with no subject before it is no frame
        ("He urged them greatly, and they came in.", 0, 0),  # "urged" with an object
        ("He said the talks were useful.", 2, 0),
        ("These are the dukes, according to their chiefs in the land of Seir.", 0, 0),
    ],
)
def test_frames_found(text: str, head: int, end: int) -> None:
    tokens = tokenize(text)
    assert (lead(tokens), tail(tokens)) == (head, end)


def test_seed_frame_is_its_own_omission() -> None:
    """VOV's "The Party chief emphasized that" (seed pair #28): only VOV has it."""
    edits = edits_of(
        "The Party chief emphasized that a consistent lesson from global history shows that no "
        "strong and prosperous nation has achieved success without building a robust foreign "
        "policy.",
        "Throughout the course of human history, global practice has shown a consistent rule: no "
        "powerful and developed nation has done so without building strong foreign affairs.",
    )
    got = {(e.a_text, e.b_text): e for e in edits}
    frame_edit = got[("The Party chief emphasized that", "")]
    assert frame_edit.kind == Kind.OMISSION and "attribution" in frame_edit.flags
    assert ("strong", "powerful") in got and ("prosperous", "developed") in got
    # Before, the frame's words paired with the other side's opening words.
    assert not any(e.a_text.startswith("Party chief") and e.b_text for e in edits)


def test_closing_frame_is_its_own_insertion() -> None:
    edits = edits_of(
        "And with each return we bring life back to Ukraine.",
        "And with each return – we bring life back to Ukraine,” Zelenskyy stressed.",
    )
    assert any(e.a_text == "" and e.b_text == "Zelenskyy stressed" for e in edits), edits


def test_frames_on_both_sides_are_diffed_together() -> None:
    a = tokenize("The President said that peace matters.")
    b = tokenize("The leader stated that peace matters.")
    assert frame(a, b) == (-1, frozenset())
    got = {
        (e.a_text, e.b_text)
        for e in edits_of(
            "The President said that peace matters.", "The leader stated that peace matters."
        )
    }
    assert ("said", "stated") in got and ("President", "leader") in got, got


def test_the_speakers_own_frame_renders_the_report() -> None:
    """ "X expressed confidence that" against "We believe that": they render each other."""
    a = tokenize("Party General Secretary To Lam expressed confidence that Vietnam will win.")
    b = tokenize("We believe that Vietnam will win.")
    side, framed = frame(a, b)
    assert not framed or min(framed) > 0  # no opening frame set aside


FRAMES = ["The minister said that", "He stressed", "According to the President Lam,", ""]
CLOSES = [", Zelenskyy stressed.", ",” the President noted.", ".", ""]
WORDS = ["peace", "the", "nation", "strong", "powerful", "we", "said", ",", "that", "will"]
body = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(FRAMES), body, st.sampled_from(CLOSES), body)
def test_edits_rebuild_both_sides_with_frames(head: str, sa: str, close: str, sb: str) -> None:
    """With a frame set aside, edits and the equal text between them still make up both sides."""
    a, b = document("a", f"{head} {sa}{close}".strip()), document("b", sb)
    assert_edits_rebuild(diff_pair(Pair(0, (0,), (0,), "match", 1.0), a, b), a, b)
