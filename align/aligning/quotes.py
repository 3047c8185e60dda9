"""Quoted words: a report that quotes a few words of the statement it reports.

"North Korea took its most personal swipe at Trump, saying he sounded like a
“heedless and erratic old man.”" shares little with the statement's "As he
is such a heedless and erratic old man, the time ... may come again" by
weighted overlap (0.20), yet the quotation marks say the words are the
statement's own. A quoted run of at least `QUOTE_WORDS` words found word for
word (folded) in a sentence of the other text is evidence that the sentence
is the one quoted, and the repair pass may link the two (see
`Repair._repair`).

The runs are kept as strings of the vocabulary's word codes (one character per
word, `Vocabulary.token_code`), so that finding one in a sentence is a substring
test on that sentence's codes.
"""

from __future__ import annotations

from align.aligning.similarity import Vocabulary
from align.model import Sentence

#: The shortest quoted run that counts ("dotard" or “may change” say too little).
QUOTE_WORDS = 4

_OPEN = {"“": "”", "«": "»", "„": "“", '"': '"', "‘": "’"}


def quoted_runs(sentence: Sentence, vocab: Vocabulary) -> tuple[str, ...]:
    """The code strings of the sentence's quoted runs of `QUOTE_WORDS` words or more.

    A run opens at an opening mark and ends at its closing mark or at the
    sentence's end (a quotation that goes on past one sentence). A straight
    ``"`` both opens and closes; ``’`` closes only a run ``‘`` opened (else it
    is an apostrophe).
    """
    runs: list[str] = []
    close = ""
    codes: list[str] = []
    for token in sentence.tokens:
        text = token.text
        if token.kind == "punct":
            if close and text == close:
                if len(codes) >= QUOTE_WORDS:
                    runs.append("".join(codes))
                close, codes = "", []
            elif not close and text in _OPEN:
                close, codes = _OPEN[text], []
            continue
        if close:
            code = vocab.token_code(text)
            if code:
                codes.append(code)
    if close and len(codes) >= QUOTE_WORDS:
        runs.append("".join(codes))
    return tuple(runs)


def quotes_in(runs: tuple[str, ...], codes: str) -> bool:
    """True if one of the quoted ``runs`` occurs word for word in ``codes``."""
    return any(run in codes for run in runs)
