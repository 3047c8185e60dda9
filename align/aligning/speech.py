"""Reported speech: a report that gives a statement once reported and once quoted.

"He said the country would never be scared" and, further on, "“We will never be
scared,” he said" both render one sentence of the statement. The quote is linked to it
(in order, or through its quoted words, `align.aligning.quotes`); the reported form shares
the content words too, but as a second link of that sentence it is a repeat, and a lone
repeat needs far more likeness than reported speech keeps (`REPEAT_MIN`): the tense goes
back (will/would, is/was), the persons shift (we/they, our/their, I/he), a reporting verb
and its subject come in front.

So a unit is marked here when it *reports* speech (a reporting verb, no quotation mark of
its own and not inside a quotation that its paragraph opened) and when it stands *in a
quotation*. `Repair` lets a reported unit be a repeat of the sentence that a quoted unit of
its own text already renders at the bar of a corroborated repeat (`REPAIR_MIN`), its
likeness measured on its words put back into direct speech (`direct_codes`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from align.aligning.similarity import Features, Vocabulary
from align.model import Sentence

#: Verbs (lower-case, as written) that introduce reported speech. A closed word class:
#: the verbs of saying that reports use, in the forms reports write them.
REPORTING = frozenset(
    """
    said says saying say told tells telling stated stating states noted noting notes
    stressed stressing stresses emphasized emphasised emphasizing emphasising emphasizes
    underlined underlining underscored underscoring affirmed affirming affirms asserted
    asserting declared declaring added adding wrote writing writes recalled recalling
    pointed warned warning urged urging called calling expressed expressing claimed
    argued insisted insisting announced announcing pledged pledging vowed vowing promised
    promising reiterated reiterating highlighted highlighting acknowledged
    """.split()
)

#: Reported speech's shifts undone: tense back to the present, third persons back to the
#: speaker's (a reported "they would" was a direct "we will"). Was/is and had/has need no
#: entry: folding already takes every form of a verb to its base.
_DIRECT = {
    "would": "will",
    "could": "can",
    "they": "we",
    "their": "our",
    "them": "us",
    "themselves": "ourselves",
    "he": "i",
    "his": "my",
    "him": "me",
    "himself": "myself",
    "she": "i",
    "herself": "myself",
}

_OPENING = frozenset('“«„"‘')
_CLOSING = frozenset('”»"’')
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Speech:
    """Per unit of one text: whether it reports speech, whether it stands in a quotation."""

    reported: tuple[bool, ...]
    quoted: tuple[bool, ...]
    #: For each reported unit, its word codes put back into direct speech (`direct_codes`).
    direct: dict[int, str]


def speech_of(units: Sequence[Sentence], vocab: Vocabulary) -> Speech:
    """Mark each unit as reporting speech or standing in a quotation.

    A quotation opened in a paragraph and not closed goes on into its next units
    (a quoted passage of several sentences) until a closing mark or the paragraph's end.
    A ``’`` closes only what ``‘`` opened (else it is an apostrophe).
    """
    reported: list[bool] = []
    quoted: list[bool] = []
    open_mark = ""
    paragraph = None
    for unit in units:
        if unit.paragraph != paragraph:
            paragraph, open_mark = unit.paragraph, ""
        inside = bool(open_mark)
        verb = False
        for token in unit.tokens:
            text = token.text
            if token.kind == "punct":
                if text in _OPENING and not open_mark and text != "’":
                    open_mark, inside = text, True
                elif text in _CLOSING and open_mark and (text != "’" or open_mark == "‘"):
                    open_mark = ""
                continue
            if not open_mark and _WORD.match(text) and text.lower() in REPORTING:
                verb = True
        quoted.append(inside)
        reported.append(verb and not inside)
    direct = {k: direct_codes(units[k], vocab) for k, r in enumerate(reported) if r}
    return Speech(tuple(reported), tuple(quoted), direct)


def direct_codes(unit: Sentence, vocab: Vocabulary) -> str:
    """The unit's word codes (`Vocabulary.token_code`) with reported speech's shifts undone."""
    out = []
    for token in unit.tokens:
        text = token.text
        if token.kind != "punct":
            direct = _DIRECT.get(text.casefold())
            if direct is not None:
                out.append(vocab.token_code(direct))
                continue
        out.append(vocab.token_code(text))
    return "".join(out)


def as_direct(feats: Features, codes: str) -> Features:
    """``feats`` with its word codes put back into direct speech."""
    return Features(feats.terms, feats.weight, codes, feats.length)
