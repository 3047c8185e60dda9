"""Sentences glued without a space (web text that lost it) are split; abbreviations are not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.model import Block
from align.segmenting import sentence_spans
from align.segmenting.sentences import ABBREVIATIONS

#: Words that are not abbreviations (after "dr." a glued capital is no boundary).
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9).filter(
    lambda w: w not in ABBREVIATIONS
)
CAPITALISED = WORDS.map(str.capitalize)


def spans(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text, Block(0, len(text), 0))]


@st.composite
def sentence(draw: st.DrawFn) -> str:
    first = draw(st.one_of(CAPITALISED, st.integers(1, 2100).map(str)))
    rest = draw(st.lists(WORDS, min_size=2, max_size=8))
    stop = draw(st.sampled_from([".", "!", "?", ".”", "!”"]))
    return " ".join([first, *rest]) + stop


@given(st.lists(sentence(), min_size=2, max_size=6))
def test_glued_sentences_are_split_where_they_meet(sentences: list[str]) -> None:
    text = "".join(sentences)  # no space after any stop
    assert spans(text) == sentences


@given(st.lists(sentence(), min_size=1, max_size=6))
def test_spans_slice_the_text_in_order(sentences: list[str]) -> None:
    text = "".join(sentences)
    found = sentence_spans(text, Block(0, len(text), 0))
    assert all(s < e for s, e in found)
    assert all(a[1] <= b[0] for a, b in zip(found, found[1:]))
    assert "".join(text[s:e] for s, e in found).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize(
    "text",
    [
        "Talks with the U.S. delegation went on.",
        "Prices rose by 3.5 percent in 2022.",
        "He lives at No.5 Hang Bai street.",
        "See the notes, e.g. the second one.",
        "Visit www.VOV.vn for more.",
        "The page http://example.org/News.Today is gone.",
        "Write to desk@News.org today.",
        "A book by J.K.Rowling sold well.",
        "Mr.Smith and Dr.Jones met.",
    ],
)
def test_not_a_glued_boundary(text: str) -> None:
    assert spans(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It helped society.It was", ["It helped society.", "It was"]),
        ("To all friends!2022 draws", ["To all friends!", "2022 draws"]),
        ("Why now?Because it is time.", ["Why now?", "Because it is time."]),
        ("He said “stop.”Then left.", ["He said “stop.”", "Then left."]),
    ],
)
def test_glued_boundary(text: str, expected: list[str]) -> None:
    assert spans(text) == expected
