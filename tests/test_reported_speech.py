"""Reported speech linked to its quote: a report gives one statement reported and quoted.

The hand-made report is built from the seed pair: VOV's reported sentence on To Lam's
article ("To Lam affirmed that the country's fortunes have always been intertwined ...",
here with its tense moved back) and a quote of VNA's rendering of the same sentence, against
the opening paragraphs of VNA's full text (`seeds/vna-to-lam-comprehensive-foreign-affairs.txt`).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from align.aligning.similarity import TermMemo, Vocabulary, content_terms
from align.aligning.speech import direct_codes, speech_of
from align.model import Comparison, Sentence
from align.pipeline import compare_texts
from align.segmenting import tokenize

ROOT = Path(__file__).resolve().parent.parent
VNA = (ROOT / "seeds" / "vna-to-lam-comprehensive-foreign-affairs.txt").read_text(encoding="utf-8")
#: VNA's article from "Looking back at the history of Vietnam's revolution" on, four paragraphs.
FULL = "\n\n".join(VNA.splitlines()[6:10])
LEAD = "General Secretary To Lam has published an article on comprehensive foreign affairs."
REPORTED = (
    "Reflecting on Vietnam’s revolutionary history, To Lam said the country’s fortunes had "
    "always been intertwined with the currents of the times."
)
SOURCE = (
    "Looking back at the history of Vietnam’s revolution, the nation’s fortunes have always "
    "been closely linked to the transformations of the times"
)
QUOTED = f"“{SOURCE},” he wrote."


def pair_of(c: Comparison, start: str) -> tuple[str, list[str]]:
    """The relation of the pair holding A's sentence that starts so, and its B sentences."""
    for p in c.pairs:
        if any(c.a.sentences[i].text.startswith(start) for i in p.a):
            return p.relation.value, [c.b.sentences[j].text for j in p.b]
    raise AssertionError(start)


def test_the_reported_form_of_a_quoted_statement_is_a_repeat_of_its_sentence() -> None:
    c = compare_texts("\n\n".join([LEAD, REPORTED, QUOTED]), FULL)
    relation, b = pair_of(c, "“Looking back")
    assert relation == "match" and b[0].startswith(SOURCE)
    # The reported form renders the same sentence: linked too, as a repeat.
    relation, b = pair_of(c, "Reflecting on")
    assert relation == "repeat" and len(b) == 1 and b[0].startswith(SOURCE)


def test_without_a_quote_of_that_statement_the_reported_form_is_not_lowered_to_it() -> None:
    # The same words restated with no quotation marks: nothing corroborates the
    # reported sentence, a lone repeat needs `REPEAT_MIN`, and it stays unlinked.
    restated = f"{SOURCE}, the article reads."
    c = compare_texts("\n\n".join([LEAD, REPORTED, restated]), FULL)
    assert pair_of(c, "Reflecting on") == ("only_a", [])


def units(*paragraphs: list[str]) -> list[Sentence]:
    """Sentences from paragraphs (lists of sentences), offsets as if one space apart."""
    out: list[Sentence] = []
    start = 0
    for n, sentences in enumerate(paragraphs):
        for text in sentences:
            out.append(Sentence(len(out), start, start + len(text), n, False, text, tokenize(text)))
            start += len(text) + 1
    return out


def test_speech_marks_reported_and_quoted_units() -> None:
    sentences = units(
        ["He said the country would never be scared."],
        # A quotation opened in a paragraph's first sentence goes on into its second.
        ["“We will never be scared.", "We saw who is who,” he said."],
        ["The Party’s leader stressed the point."],
        ["The year began in February."],
    )
    memo = TermMemo()
    vocab = Vocabulary([content_terms(s, memo) for s in sentences])
    speech = speech_of(sentences, vocab)
    assert speech.reported == (True, False, False, True, False)
    assert speech.quoted == (False, True, True, False, False)
    # Put back into direct speech, "the country would" reads "the country will".
    direct = direct_codes(sentences[0], vocab)
    will = vocab.token_code("will")
    assert will in direct and vocab.token_code("would") not in direct


WORDS = ["the", "country", "would", "said", "noted", "we", "fight", "They", "peace", "year"]
MARKS = ["“", "”", '"', "‘", "’", ",", "."]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.lists(
            st.lists(st.sampled_from(WORDS + MARKS), min_size=1, max_size=8), min_size=1, max_size=3
        ),
        min_size=1,
        max_size=4,
    )
)
def test_speech_marks_hold_on_any_paragraphs(paragraphs: list[list[list[str]]]) -> None:
    texts = [[" ".join(tokens) for tokens in p] for p in paragraphs]
    sentences = units(*texts)
    memo = TermMemo()
    vocab = Vocabulary([content_terms(s, memo) for s in sentences])
    speech = speech_of(sentences, vocab)
    for s, reported, quoted in zip(sentences, speech.reported, speech.quoted):
        verbs = [t.text for t in s.tokens if t.text in ("said", "noted")]
        # A unit is never both; one that reports holds a verb of saying.
        assert not (reported and quoted)
        assert not reported or verbs
        # A unit with no opening mark in its paragraph so far is in no quotation...
        before = [u for u in sentences if u.paragraph == s.paragraph and u.start <= s.start]
        opened = any(t.text in '“"‘' for u in before for t in u.tokens if t.kind == "punct")
        assert opened or not quoted
        # ...and then reports speech exactly when it holds a verb of saying.
        if not opened:
            assert reported == bool(verbs)
        assert (s.id in speech.direct) == reported
