"""Attribution clauses: the words a report adds to say who said what.

A report in reported speech frames what the other text gives as the
speaker's own words: "The Party chief emphasized that no strong nation has
..." against "No powerful nation has ...", or "... a nation that has wings,”
Zelenskyy stressed." against "... a nation that has wings." A reader lists
the frame on its own ("The Party chief emphasized that": only in VOV) and
then the differences of what is said. Diffed together, the frame's words
pair with whatever the other side has there ("Party chief emphasized" ->
"course of human history") or lend it a word ("The" / "the").

`cores` finds a frame at the start or the end of one side's tokens when the
other side has no reporting verb at all (a text that says "he said" too
frames the statement itself, and the diff pairs the two frames), so that the
frame becomes an edit of its own and the rest is diffed alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from align.model import Token

#: Verbs that report speech, in the forms a frame uses.
REPORTING = frozenset(
    """
    said says saying stated states stating noted notes noting stressed stresses stressing
    emphasized emphasizes emphasizing emphasised emphasises emphasising underlined underlines
    underlining underscored underscores underscoring added adds adding affirmed affirms affirming
    reaffirmed reaffirms reaffirming declared declares declaring asserted asserts asserting
    highlighted highlights highlighting recalled recalls recalling told tells telling warned
    warns warning vowed vows vowing pledged pledges pledging urged urges urging expressed
    expresses expressing announced announces announcing explained explains explaining observed
    observes observing remarked remarks insisted insists insisting wrote writes pointed points
    reiterated reiterates reiterating acknowledged acknowledges confirmed confirms according
    """.split()
)
#: Verbs of speech that may render a frame's verb: a side with one frames the statement too.
SPEECH = REPORTING | frozenset(
    """
    say tell state note stress emphasize emphasise underline underscore add affirm declare assert
    highlight recall warn vow pledge urge express announce explain observe remark insist write
    reiterate acknowledge confirm saith spake spoke spoken speak speaks speaking speaketh answered
    answer answers answereth answering replied reply replies asked ask asks asketh commanded
    command commands cried cry crieth shouted called calls calling commented claimed claims argued
    argues believe believes think thinks hope hopes wish wishes wished thanked thank proclaimed
    proclaims testified quoted
    """.split()
)
#: Reporting verbs whose next word starts the statement ("He said the talks were useful");
#: the others ("urged them", "thanked Ukrainians") frame one only before "that" or a mark.
CLAUSE_VERBS = frozenset(
    """
    said says stated states noted notes stressed stresses emphasized emphasizes emphasised
    emphasises added adds affirmed affirms reaffirmed reaffirms declared declares asserted asserts
    underlined underlines underscored underscores highlighted highlights
    """.split()
)
#: Words that may stand between a reporting verb and its "that" ("expressed confidence that").
_BRIDGE = frozenset("confidence hope belief conviction out also again further".split())
#: The longest subject a frame names ("Party General Secretary To Lam").
SUBJECT_WORDS = 8
_PRONOUNS = frozenset("he she they it we i".split())


def _word(token: Token) -> str | None:
    return token.text.casefold() if token.kind == "word" else None


def has_reporting_verb(tokens: Sequence[Token], verbs: frozenset[str] = REPORTING) -> bool:
    """Whether any token is one of `verbs` (by default a reporting verb)."""
    return any(t.kind == "word" and t.text.casefold() in verbs for t in tokens)


def _subject(tokens: Sequence[Token]) -> bool:
    """Whether the tokens read as a frame's subject: words only, a name or a pronoun."""
    if not 1 <= len(tokens) <= SUBJECT_WORDS or any(t.kind != "word" for t in tokens):
        return False
    return any(t.text[:1].isupper() for t in tokens) or tokens[-1].text.casefold() in _PRONOUNS


def lead(tokens: Sequence[Token]) -> int:
    """The number of tokens of a frame opening the tokens (0: none).

    "The Party chief emphasized that ...", "He said ...", "According to
    Party General Secretary To Lam, ...".
    """
    if not tokens:
        return 0
    first = _word(tokens[0])
    if first == "according" and len(tokens) > 2 and _word(tokens[1]) == "to":
        for k in range(2, min(len(tokens), 2 + SUBJECT_WORDS + 1)):
            if tokens[k].text == ",":
                return k + 1 if _subject(tokens[2:k]) else 0
        return 0
    for k in range(1, min(len(tokens), SUBJECT_WORDS + 1)):
        word = _word(tokens[k])
        if word is None:
            return 0
        if word in REPORTING:
            if word == "according" or not _subject(tokens[:k]):
                return 0
            end = k + 1
            for bridge in range(end, min(len(tokens), end + 2)):
                if _word(tokens[bridge]) == "that":
                    return bridge + 1
                if _word(tokens[bridge]) not in _BRIDGE:
                    break
            if end >= len(tokens):
                return 0
            return end if word in CLAUSE_VERBS or tokens[end].kind != "word" else 0
    return 0


def tail(tokens: Sequence[Token]) -> int:
    """The number of words of a frame closing the tokens (0: none): ", Zelenskyy stressed."

    Counted before the closing punctuation, which stays with the statement.
    """
    end = len(tokens)
    while end and tokens[end - 1].kind != "word":
        end -= 1
    start = end
    while start and tokens[start - 1].kind == "word" and end - start < SUBJECT_WORDS + 1:
        start -= 1
    words = tokens[start:end]
    if not start or len(words) < 2 or tokens[start - 1].text not in {",", "”", '"', "’"}:
        return 0
    if _word(words[-1]) in REPORTING and _subject(words[:-1]):
        return len(words)  # ", Zelenskyy stressed."
    if _word(words[0]) in REPORTING - {"according"} and _subject(words[1:]):
        return len(words)  # ", said the President."
    return 0


def _first_person(tokens: Sequence[Token]) -> bool:
    """Whether the tokens open with the speaker's own frame ("We believe that")."""
    words = [_word(t) for t in tokens[:5]]
    return bool(words) and words[0] in {"i", "we"} and "that" in words[1:]


def frame(a: Sequence[Token], b: Sequence[Token]) -> tuple[int, frozenset[int]]:
    """The side (0: a, 1: b, -1: none) with a frame the other lacks, and its token positions.

    A frame is set aside only when the other side has no verb of speech (`SPEECH`) and
    words are left to compare on both sides.
    """
    for side, own, other in ((0, a, b), (1, b, a)):
        if has_reporting_verb(own) and not has_reporting_verb(other, SPEECH):
            head = 0 if _first_person(other) else lead(own)
            end = len(own)
            while end and own[end - 1].kind != "word":
                end -= 1
            back = tail(own[head:])
            found = set(range(head)) | set(range(end - back, end))
            rest = [t for k, t in enumerate(own) if k not in found and t.kind == "word"]
            if found and rest:
                return side, frozenset(found)
            return -1, frozenset()
    return -1, frozenset()
