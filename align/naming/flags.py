"""The flags of an edit (number, date, name, negation, modal, quote) and attribution clauses."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from align.lexicon.spelling import normalise
from align.model import Document, Edit, Flag, Kind, Sentence
from align.naming.kinds import _FLAG_RANK, _analyse, _Analysis, _is_function_word, _Text, _text
from align.naming.words import (
    _MODALS,
    _MONTHS,
    _NEGATIONS,
    _NUMBER_WORDS,
    _OPENERS,
    _PLAIN_WORDS,
    _QUOTES,
    _REPORTING,
    _REPORTING_FIRST,
    _YEAR,
    _expanded,
    _match_key,
    _word_stem,
    _words,
)
from align.runtime.scope import scoped_cache
from align.segmenting import TOKEN_RE, join_hyphen_breaks

# --- Flags ------------------------------------------------------------------


@dataclass(frozen=True)
class _Side:
    """One document, with what flags need: sentence starts, headings, quotations."""

    doc: Document
    starts: list[int]
    upper: list[bool]
    quotes: list[tuple[int, int]]  # interiors, sorted

    @classmethod
    def of(cls, doc: Document) -> _Side:
        starts = [s.start for s in doc.sentences]
        upper = [s.text.upper() == s.text for s in doc.sentences]
        quotes = [(m.start() + 1, m.end() - 1) for m in _QUOTES.finditer(doc.text)]
        return cls(doc, starts, upper, quotes)

    def sentence_at(self, pos: int) -> Sentence | None:
        k = bisect.bisect_right(self.starts, pos) - 1
        return self.doc.sentences[k] if k >= 0 else None

    def in_quote(self, start: int, end: int) -> bool:
        if not self.quotes:
            return False
        k = bisect.bisect_right(self.quotes, (start, float("inf"))) - 1
        for qs, qe in self.quotes[max(k - 1, 0) : k + 2]:
            if start == end and qs <= start <= qe and qe > qs:
                return True
            if start < qe and end > qs:
                return True
        return False

    def quotation_spans(self, sentence: Sentence) -> list[tuple[int, int]]:
        k = bisect.bisect_left(self.quotes, (sentence.start, 0))
        out = []
        while k < len(self.quotes) and self.quotes[k][0] < sentence.end:
            out.append(self.quotes[k])
            k += 1
        return out

    @cached_property
    def spellings(self) -> Counter[str]:
        """How often each word is written as it is (read once, when a name is first in doubt)."""
        return Counter(_WORD_RE.findall(self.doc.text))

    def is_initial(self, pos: int) -> bool:
        """Does the word at `pos` open its sentence (or a heading, or a quotation)?"""
        sentence = self.sentence_at(pos)
        if sentence is None:
            return True
        if self.upper[sentence.id]:
            return True  # a heading in capitals names nothing
        k = pos - 1
        while k >= sentence.start and (self.doc.text[k].isspace() or self.doc.text[k] in _OPENERS):
            k -= 1
        return k < sentence.start or self.doc.text[k] in '.!?:;“"‘'


@scoped_cache(maxsize=1 << 17)
def _word_flags(word: str) -> tuple[frozenset[Flag], bool]:
    """Flags a changed word raises wherever it stands, and whether it may be a name."""
    lower = normalise(word)
    flags: set[Flag] = set()
    if word[0].isdigit() or lower in _NUMBER_WORDS:
        flags.add(Flag.NUMBER)
        if _YEAR.fullmatch(word):
            flags.add(Flag.DATE)
    if word in _MONTHS:
        flags.add(Flag.DATE)
    if lower in _NEGATIONS or lower.endswith("n't"):
        flags.add(Flag.NEGATION)
    if lower in _MODALS:
        flags.add(Flag.MODAL)
    capital = word[:1].isupper() and word not in _MONTHS and word != "I"
    return frozenset(flags), capital


@scoped_cache(maxsize=1 << 17)
def _changed_flags(word: str) -> frozenset[Flag]:
    return _word_flags(word)[0]


def _capitals(text: str, changed: Sequence[str]) -> tuple[int, ...]:
    """Offsets in `text` of the changed words that may be names (their first occurrences)."""
    wanted: dict[str, int] = {}
    for w in changed:
        if _word_flags(w)[1]:
            wanted[w] = wanted.get(w, 0) + 1
    if not wanted:
        return ()
    out = []
    for m in TOKEN_RE.finditer(text):
        word = join_hyphen_breaks(m.group())
        if wanted.get(word):
            wanted[word] -= 1
            out.append(m.start())
    return tuple(out)


class _EditInfo(NamedTuple):
    """Everything about an edit that its two texts decide: worked out once per distinct pair."""

    analysis: _Analysis
    flags: frozenset[Flag]  # the changed words' own flags
    capitals_a: tuple[int, ...]  # offsets of changed capitals: names, unless sentence-initial
    capitals_b: tuple[int, ...]
    text_a: _Text
    text_b: _Text


_NO_FLAGS = frozenset[Flag]()


def _edit_info(texts: tuple[str, str]) -> _EditInfo:
    a_text, b_text = texts
    analysis = _analyse(a_text, b_text)
    ta, tb = _text(a_text), _text(b_text)
    if analysis.kind in (Kind.PUNCTUATION, Kind.CASE, Kind.INVISIBLE):
        return _EditInfo(analysis, _NO_FLAGS, (), (), ta, tb)
    changed = analysis.changed_a + analysis.changed_b
    flags = _NO_FLAGS.union(*map(_changed_flags, changed))
    if Flag.NUMBER in flags and not _number_changed(analysis, ta.words, tb.words):
        flags -= {Flag.NUMBER} if any(w in _MONTHS for w in changed) else {Flag.NUMBER, Flag.DATE}
    if Flag.NEGATION in flags and _negations(ta.words) == _negations(tb.words):
        flags -= {Flag.NEGATION}  # "Do not panic" / "Don't be alarmed": both say no
    return _EditInfo(
        analysis,
        flags,
        () if _only_pronouns(tb.words) else _capitals(a_text, analysis.changed_a),
        () if _only_pronouns(ta.words) else _capitals(b_text, analysis.changed_b),
        ta,
        tb,
    )


#: "not only ... but also", "not least": a focus, not a denial.
_NOT_A_DENIAL = frozenset("only just merely least".split())


def _negations(words: Sequence[str]) -> int:
    """How many negations the words hold, contractions written out ("don't": one).

    "not only" (and "not just", "not merely", "not least") denies nothing.
    """
    expanded = _expanded(words)
    after = (*expanded[1:], "")
    return sum(
        w in _NEGATIONS and not (w == "not" and nxt in _NOT_A_DENIAL)
        for w, nxt in zip(expanded, after)
    )


#: Pronouns that stand for a person or thing named on the other side: "Party
#: General Secretary To Lam" in reported speech is "We" in his own words, the
#: same person, not a name changed.
_PRONOUNS = frozenset("i we you he she it they me us him her them".split())


def _only_pronouns(words: Sequence[str]) -> bool:
    # Most sides fail at their first word: the rest is read only then.
    if not words or normalise(words[0]) not in _PRONOUNS:
        return False
    return all(normalise(w) in _PRONOUNS for w in words[1:])


#: The values of the number words (`_NUMBER_WORDS`), so that "18" and "eighteen" agree.
_NUMBER_VALUES = {
    **{
        w: str(n)
        for n, w in enumerate(
            """
            zero one two three four five six seven eight nine ten eleven twelve thirteen
            fourteen fifteen sixteen seventeen eighteen nineteen twenty
            """.split()
        )
    },
    **{
        w: str(10 * n)
        for n, w in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), 3)
    },
    "hundred": "100",
    "thousand": "1000",
    "million": "1000000",
    "billion": "1000000000",
    "trillion": "1000000000000",
    "dozen": "12",
    "half": "0.5",
    "twice": "2",
    "thrice": "3",
}


def _number_value(word: str) -> str:
    lower = normalise(word)
    digits = lower.replace(",", "")
    return str(int(digits)) if digits.isdigit() else _NUMBER_VALUES.get(lower, lower)


def _number_changed(analysis: _Analysis, words_a: Sequence[str], words_b: Sequence[str]) -> bool:
    """Does the edit change a figure, not only hold one?

    A number left out or put in, or set against another value ("96" / "97"),
    is a change; one spelt another way ("18" / "eighteen") is not. Against
    words without a number, it is a change when it is all that changed on its
    side ("three" / "several") or the other side has only common words there,
    not when it is part of a phrase the other side renders otherwise ("five
    continents" / "world").
    """
    if not words_a or not words_b:
        return True
    numbers = [
        [w for w in changed if Flag.NUMBER in _changed_flags(w)]
        for changed in (analysis.changed_a, analysis.changed_b)
    ]
    if numbers[0] and numbers[1]:
        return sorted(map(_number_value, numbers[0])) != sorted(map(_number_value, numbers[1]))
    found, changed, other = (
        (numbers[0], analysis.changed_a, analysis.changed_b)
        if numbers[0]
        else (numbers[1], analysis.changed_b, analysis.changed_a)
    )
    # Only words of substance render a phrase: against common words alone ("of" /
    # "three hundred cubits", "are" / "shall be forty") the figure is left out.
    return len(found) == len(changed) or all(normalise(w) in _PLAIN_WORDS for w in other)


def _reporting_verbs(text: str, within: int) -> set[str]:
    """Reporting verbs of clauses starting in ``text[:within]`` (the rest is context)."""
    return {
        normalise(m.group().split()[0]) for m in _REPORTING.finditer(text) if m.start() < within
    }


def _clause_verbs(side: _Side | None, text: str, end: int, read: _Text) -> set[str] | None:
    """`_reporting_verbs` of an edit's side, read with the 12 characters after it (None: none)."""
    after = side.doc.text[end : end + 12] if side else ""
    # A clause starts within the text: its first word is there, or runs on past its end.
    if not read.reports and not (read.runs_on and after[:1].isalpha()):
        return None
    return _reporting_verbs(text + after, len(text)) or None


_WORD_RE = re.compile(r"[^\W\d_][\w’'-]*")


def _is_name(side: _Side | None, other: _Side | None, offset: int, capitals: Sequence[int]) -> bool:
    """Whether a changed word with a capital, not opening its sentence, is a name.

    A word the two texts write in lower case more often than with its capital
    is a common word capitalised for a title ("Advancing Comprehensive
    Diplomacy to a New Height" in a quoted headline, where "diplomacy" is the
    texts' running word): not a name. "Vietnam", "Party", "God" are.
    """
    for r in capitals:
        initial = side.is_initial(offset + r) if side is not None else r == 0
        if initial:
            continue
        if side is None or other is None:
            return True
        word = _WORD_RE.match(side.doc.text, offset + r)
        if word is None or not word.group()[1:].islower():
            return True  # "LORD", "UN": capitals throughout are kept as written
        capital = word.group()
        lower = capital.lower()
        written = side.spellings[lower] + other.spellings[lower]
        if written <= side.spellings[capital] + other.spellings[capital]:
            return True
    return False


def _flags_of(
    edit: Edit, info: _EditInfo, side_a: _Side | None, side_b: _Side | None
) -> tuple[Flag, ...]:
    if info.analysis.kind in (Kind.PUNCTUATION, Kind.CASE, Kind.INVISIBLE):
        return ()
    flags = set(info.flags)
    if (info.capitals_a and _is_name(side_a, side_b, edit.a_start, info.capitals_a)) or (
        info.capitals_b and _is_name(side_b, side_a, edit.b_start, info.capitals_b)
    ):
        flags.add(Flag.NAME)
    if (side_a is not None and side_a.quotes and side_a.in_quote(edit.a_start, edit.a_end)) or (
        side_b is not None and side_b.quotes and side_b.in_quote(edit.b_start, edit.b_end)
    ):
        flags.add(Flag.QUOTE)
    # A reporting clause's "that" often lies just outside the edit.
    ta, tb = info.text_a, info.text_b
    if (
        ta.reports
        or tb.reports
        or (
            ta.runs_on
            and side_a is not None
            and side_a.doc.text[edit.a_end : edit.a_end + 1].isalpha()
        )
        or (
            tb.runs_on
            and side_b is not None
            and side_b.doc.text[edit.b_end : edit.b_end + 1].isalpha()
        )
    ):
        verbs_a = _clause_verbs(side_a, edit.a_text, edit.a_end, ta)
        verbs_b = _clause_verbs(side_b, edit.b_text, edit.b_end, tb)
        if verbs_a != verbs_b:
            flags.add(Flag.ATTRIBUTION)
    if not flags:
        return ()
    return tuple(sorted(flags, key=_FLAG_RANK.__getitem__))


def edit_flags(
    edit: Edit,
    side_a: _Side | None = None,
    side_b: _Side | None = None,
) -> tuple[str, ...]:
    """Substance and attribution flags of one edit (context from the documents, if given).

    Typography and case (``punctuation``, ``case``) flag nothing: no word changed.
    """
    return _flags_of(edit, _edit_info((edit.a_text, edit.b_text)), side_a, side_b)


_AUXILIARIES = _MODALS | frozenset(
    """
    do does did doth dost not be been being is are was were am has have had hath hast having
    """.split()
)
# Marks after which a reporting clause's subject starts.
_CLAUSE_MARKS = re.compile(r"[,;:.!?“”\"()\[\]–—]")


def _clause_share(text: str, after: str) -> float:
    """The share of `text`'s words in the clauses it holds that report speech, subject included.

    Such a clause is a subject, a reporting verb and "that" ("To Lam affirmed
    that"), subject within `text`: "said that" alone is a verb (its subject
    outside `text`); "he said," introduces a quotation, which the other text
    may well render with a verb of its own ("saith"); "according to" names a
    source, or a norm ("according to the law").

    >>> _clause_share("history, To Lam affirmed that", " peace"), _clause_share("he said", ",")
    (0.8, 0.0)
    """
    words = len(_words(text))
    if not words:
        return 0.0
    covered = 0
    for m in _REPORTING.finditer(text + after):
        if m.start() >= len(text):
            break
        if m.group()[-4:].casefold() != "that":
            continue
        start = max((c.end() for c in _CLAUSE_MARKS.finditer(text, 0, m.start())), default=0)
        subject = _words(text[start : m.start()])
        if any(w.casefold() not in _AUXILIARIES for w in subject):  # not "did not say that"
            covered += len(_words(text[start : m.end()]))
    return min(covered / words, 1.0)


def _attribution_kind(edit: Edit, side_a: _Side, side_b: _Side) -> Kind | None:
    """``omission`` (``insertion``) when the edit is mostly a reporting clause only A (B) has.

    A summary adds "To Lam affirmed that" where the full text has none; the
    word diff may fold neighbouring changes into the same edit.
    """
    after_a = side_a.doc.text[edit.a_end : edit.a_end + 12]
    after_b = side_b.doc.text[edit.b_end : edit.b_end + 12]
    in_a = _reporting_verbs(edit.a_text + after_a, len(edit.a_text))
    in_b = _reporting_verbs(edit.b_text + after_b, len(edit.b_text))
    if in_a and not _speaks(edit.b_text, in_a) and _clause_share(edit.a_text, after_a) >= 0.5:
        return Kind.OMISSION
    if in_b and not _speaks(edit.a_text, in_b) and _clause_share(edit.b_text, after_b) >= 0.5:
        return Kind.INSERTION
    return None


def _speaks(text: str, verbs: Iterable[str]) -> bool:
    """Does `text` hold a reporting verb, or a form of one of `verbs` ("saying" for "said")?"""
    stems = tuple({_word_stem(v) for v in verbs})
    return any(
        w.casefold() in _REPORTING_FIRST or _word_stem(w).startswith(stems) for w in _words(text)
    )


@scoped_cache(maxsize=1 << 17)
def _content_keys(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(_match_key(w) for w in words if not _is_function_word(w)))


@scoped_cache(maxsize=1 << 17)
def _telling(words: tuple[str, ...]) -> bool:
    """Does any of the words tell more than a common word ("that", "be") does?"""
    return any(normalise(w) not in _PLAIN_WORDS for w in words)


def _with_kind(edit: Edit, kind: str, flags: tuple[str, ...]) -> Edit:
    return Edit(
        edit.op,
        edit.a_start,
        edit.a_end,
        edit.b_start,
        edit.b_end,
        edit.a_text,
        edit.b_text,
        kind,
        flags,
    )
