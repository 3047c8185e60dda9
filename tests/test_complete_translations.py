"""Complete translations: a unit whose wording differs is still paired by place, length and meaning.

A summary may leave most of its source out, so leaving a sentence unpaired costs nothing in
the main pass. A complete translation may not: these cases check that the tool tells the two
apart from the pair itself (how much of each text the links cover), pairs paraphrase that
shares no content word, lets a long sentence take in the short ones that render it, learns the
pair's own word correspondences, and estimates its bar for "no counterpart".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from align.aligning import lexicon
from align.aligning.calibration import HIGHEST, LOWEST, estimate_threshold
from align.aligning.runs import length_evidence
from align.aligning.semantic import Semantic
from align.aligning.similarity import Features, TermMemo, Vocabulary, content_terms
from align.model import Options, Relation
from align.pipeline import compare
from align.segmenting import tokenize

#: A short chronicle and a free rendering of it, sentence for sentence.
STORY_A = [
    "The old harbour of the town was rebuilt in the spring of that year.",
    "Fishermen brought their boats back to the eastern quay before the storms.",
    "The mayor opened the new market hall beside the water on a Sunday.",
    "Don't be alarmed.",
    "Traders from the northern valleys sold wool, cheese and honey there.",
    "We are powerful.",
    "In the autumn the council repaired the lighthouse on the rocks.",
    "Ships from the southern islands began to call at the harbour again.",
]
STORY_B = [
    "The old harbour of the town was rebuilt in the spring of that year.",
    "Fishermen brought their boats back to the eastern quay before the storms.",
    "The mayor opened the new market hall beside the water on a Sunday.",
    "Do not panic.",
    "Traders from the northern valleys sold wool, cheese and honey there.",
    "We are strong.",
    "In the autumn the council repaired the lighthouse on the rocks.",
    "Ships from the southern islands began to call at the harbour again.",
]


def write(tmp_path: Path, name: str, lines: list[str]) -> str:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def shape(comparison) -> list[tuple[tuple[int, ...], tuple[int, ...], str]]:  # type: ignore[no-untyped-def]
    return [(p.a, p.b, str(p.relation)) for p in comparison.pairs]


def test_paraphrase_sharing_no_word_is_paired_in_a_complete_translation(tmp_path: Path) -> None:
    c = compare(write(tmp_path, "a.txt", STORY_A), write(tmp_path, "b.txt", STORY_B))
    assert shape(c) == [((i,), (i,), "match") for i in range(8)]


def test_a_given_bar_is_a_floor_even_in_a_complete_translation(tmp_path: Path) -> None:
    """Two paraphrases side by side (not a lone pair, which elimination links whatever the bar)."""
    a = STORY_A[:3] + [STORY_A[3], STORY_A[5]] + STORY_A[6:]
    b = STORY_B[:3] + [STORY_B[3], STORY_B[5]] + STORY_B[6:]
    by_default = shape(compare(write(tmp_path, "a.txt", a), write(tmp_path, "b.txt", b)))
    assert ((3,), (3,), "match") in by_default and ((4,), (4,), "match") in by_default
    strict = shape(
        compare(write(tmp_path, "a.txt", a), write(tmp_path, "b.txt", b), Options(threshold=0.6))
    )
    assert ((3,), (), "only_a") in strict and ((), (3,), "only_b") in strict


def test_a_summary_leaves_what_it_does_not_render_unpaired(tmp_path: Path) -> None:
    """B renders two sentences of A's eight: A is the summarised source; nothing is forced."""
    summary = [STORY_A[0], "Children sang songs in the square all evening.", STORY_A[7]]
    c = compare(write(tmp_path, "a.txt", STORY_A), write(tmp_path, "b.txt", summary))
    pairs = shape(c)
    assert ((0,), (0,), "match") in pairs and ((7,), (2,), "match") in pairs
    assert ((), (1,), "only_b") in pairs
    assert sum(1 for a, b, rel in pairs if rel == "only_a") == 6


def test_a_long_sentence_takes_in_the_short_ones_that_render_it(tmp_path: Path) -> None:
    long_a = (
        "At dawn the keeper climbed the tower, lit the great lamp, wound the clock, "
        "checked the lenses for salt, and wrote the weather in his book."
    )
    short_b = [
        "At dawn the keeper climbed the tower.",
        "He lit the great lamp and wound the clock.",
        "Then he checked the lenses for salt.",
        "He wrote the weather in his book.",
    ]
    a = STORY_A[:3] + [long_a] + STORY_A[6:]
    b = STORY_B[:3] + short_b + STORY_B[6:]
    c = compare(write(tmp_path, "a.txt", a), write(tmp_path, "b.txt", b))
    assert ((3,), (3, 4, 5, 6), "match") in shape(c)


def test_correspondences_are_learned_from_the_anchors() -> None:
    def feats(*terms: str) -> Features:
        return Features({t: 1.0 for t in terms}, float(len(terms)), "", 20)

    a = [feats("thee", "lord", f"k{k}") for k in range(5)] + [feats("sea", "x")]
    b = [feats("you", "lord", f"k{k}") for k in range(5)] + [feats("ocean", "y")]
    learned = lexicon.learn([(k, k) for k in range(6)], a, b)
    assert learned == {"you": "thee"}  # seen in 5 anchors; sea/ocean once only
    translated = lexicon.translate(b, learned)
    assert "thee" in translated[0].terms and "you" in translated[0].terms


def test_related_words_earn_credit_unrelated_ones_none() -> None:
    texts = ["Don't be alarmed.", "Do not panic.", "Bring the table."]
    sentences = []
    from align.model import Sentence

    for k, text in enumerate(texts):
        sentences.append(Sentence(k, 0, len(text), 0, False, text, tokenize(text)))
    memo = TermMemo()
    vocab = Vocabulary([content_terms(s, memo) for s in sentences])
    semantic = Semantic([sentences[0]], [sentences[1], sentences[2]], memo, vocab)
    assert semantic.credit([0], [0]) > 0.05  # alarmed / panic
    assert semantic.credit([0], [1]) < semantic.credit([0], [0])


def test_length_evidence_prefers_lengths_in_the_pair_ratio() -> None:
    assert length_evidence(100, 100, 1.0) > 0.9
    assert length_evidence(100, 160, 1.6) > 0.9
    assert length_evidence(100, 300, 1.0) < 0.01


@pytest.mark.parametrize("shared", [0.0, 0.15, 0.6])
def test_estimated_bar_stays_in_bounds_and_follows_chance(shared: float) -> None:
    def sim(i: int, j: int) -> float:
        return 0.9 if i == j else shared

    found = estimate_threshold(sim, [(k, k) for k in range(0, 200, 10)], 200, 200)
    assert found is not None and LOWEST <= found <= HIGHEST
    if shared == 0.0:
        assert found == LOWEST
    if shared >= HIGHEST:
        assert found == HIGHEST


def test_estimated_bar_is_recorded(tmp_path: Path) -> None:
    c = compare(write(tmp_path, "a.txt", STORY_A * 2), write(tmp_path, "b.txt", STORY_B * 2))
    assert c.options.threshold_estimated
    assert LOWEST <= c.options.threshold <= HIGHEST
    assert all(p.relation != Relation.ONLY_A for p in c.pairs)


def test_the_pair_is_judged_complete_or_a_summary(tmp_path: Path) -> None:
    from align.aligning import align_documents

    full = compare(write(tmp_path, "a.txt", STORY_A), write(tmp_path, "b.txt", STORY_B))
    assert align_documents(full.a, full.b).complete
    summary = [STORY_A[0], STORY_A[7]]
    cut = compare(write(tmp_path, "a.txt", STORY_A), write(tmp_path, "c.txt", summary))
    assert not align_documents(cut.a, cut.b).complete


def test_a_complete_rendering_needs_strong_evidence_for_a_lone_move(tmp_path: Path) -> None:
    """Each text adds one sentence of its own; the two share a few words, far apart.

    In a complete rendering that is no move: both stay without a counterpart.
    """
    a = STORY_A + [s.replace("harbour", "port") for s in STORY_A]
    b = STORY_B + [s.replace("harbour", "port") for s in STORY_B]
    a.insert(3, "Gulls circled the lighthouse keeper's copper kettle all afternoon.")
    b.insert(13, "A copper kettle was stolen from the keeper's cottage by gulls.")
    pairs = shape(compare(write(tmp_path, "a.txt", a), write(tmp_path, "b.txt", b)))
    assert ((3,), (), "only_a") in pairs and ((), (13,), "only_b") in pairs
    assert not any(rel == "move" for _, _, rel in pairs)
