"""Words as the naming stage sees them: folding, stems, closed word lists."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from functools import lru_cache
from typing import Any

from align.lexicon.spelling import normalise, spelling_key
from align.runtime.scope import scoped_cache
from align.segmenting import TOKEN_RE, join_hyphen_breaks

# Articles, determiners and prepositions: changing only these is minor.
FUNCTION_WORDS = frozenset(
    """
    a an the this these those its their his her our my your
    about above across after against along amid amidst among amongst around as at
    before behind below beneath beside besides between beyond by despite down during
    except for from in inside into like near of off on onto out outside over per
    since through throughout till to toward towards under unlike until up upon via
    with within
    """.split()
)
# Words too common to make a telling counterpart on their own ("And" rendered
# as "Now" or "But" is style, not two terms for one thing).
_PLAIN_WORDS = FUNCTION_WORDS | frozenset(
    """
    and or but nor so yet then that which who whom whose what when where while if because
    than now thus also even all very just only not no i you he she it we they me him us
    them is are was were be been being am has have had do does did there here
    """.split()
)
_NEGATIONS = frozenset(
    "not no never nor neither none nothing nobody nowhere cannot without".split()
)
_MODALS = frozenset("may might can could will would shall should must ought".split())
_NUMBER_WORDS = frozenset(
    """
    two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty
    seventy eighty ninety hundred thousand million billion trillion dozen half
    twice thrice
    """.split()
)
_MONTHS = frozenset(
    """
    January February March April June July August September October November
    December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday
    """.split()
)
_YEAR = re.compile(r"(1[5-9]|20|21)\d\d(s|’s|'s)?")
_REPORTING_VERBS = (
    *"""
    said says say stated states affirmed affirms stressed stresses emphasised emphasized
    emphasises emphasizes underlined underscored highlighted noted notes added asserted
    expressed reiterated insisted urged told confirmed declared announced believe believes
    wrote writes argued warned observed remarked explained acknowledged maintained held
    """.split(),
    "pointed out",
)
_REPORTING = re.compile(
    r"\baccording to\b|\b(?:" + "|".join(map(re.escape, _REPORTING_VERBS)) + r")\b"
    r"(?:(?:\s+[\w’'-]+){0,2}?\s+that\b|(?=\s*(?:[.,;:!?”\"]|$)))",
    re.IGNORECASE,
)
# A reporting clause starts with one of these, a whole run of word characters.
_REPORTING_FIRST = frozenset(["according", *(v.split()[0] for v in _REPORTING_VERBS)])
_WORD_RUN = re.compile(r"\w+")
# Characters that may stand between a sentence start and its first word.
_OPENERS = "“‘\"'([{–—-"
_QUOTES = re.compile(r"“([^”\n]{1,2000})”|\"([^\"\n]{1,2000})\"")
#: Longest phrase (in words) whose other renderings are looked up.
MAX_PHRASE_WORDS = 8
#: A rendering counts in a counterpart inconsistency from this many pairs on.
MIN_FORM_PLACES = 2


# --- Words ------------------------------------------------------------------


class _Memo(dict):  # type: ignore[type-arg]
    """A dict that works out a missing value with `fn` (and keeps it): the cache of one run.

    Plain dict lookups, so that ``map(memo.__getitem__, words)`` stays in C.
    """

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, key: Hashable) -> Any:
        value = self[key] = self.fn(key)
        return value


def _is_word(token: str) -> bool:
    """A word or number (as `tokenize` kinds them), not punctuation."""
    return token[0].isalnum() or token[0] == "_"


# Cache sizes: a book's edits hold some 100,000 distinct texts and 30,000 distinct words.
@scoped_cache(maxsize=1 << 18)
def _words(text: str) -> tuple[str, ...]:
    words = TOKEN_RE.findall(join_hyphen_breaks(text))  # read as the tokens' texts
    return tuple([w for w in words if w[0].isalnum() or w[0] == "_"])


def _marks(text: str) -> tuple[str, ...]:
    return tuple(w for w in TOKEN_RE.findall(join_hyphen_breaks(text)) if not _is_word(w))


@scoped_cache(maxsize=1 << 17)
def _typographic(word: str) -> str:
    """Apostrophe and hyphen kinds folded (they are typography, not spelling)."""
    return _typographic_text(word)


def _typographic_text(text: str) -> str:
    text = normalise(text)
    return text.replace("‐", "-").replace("‑", "-") if "‐" in text or "‑" in text else text


@scoped_cache(maxsize=1 << 17)
def inflection_fold(word: str) -> str:
    """Case, possessive and plural folded, for grouping: "Tasks" -> "task".

    >>> [inflection_fold(w) for w in ("Key", "tasks", "countries", "Party’s", "crises", "process")]
    ['key', 'task', 'country', 'party', 'crise', 'process']
    """
    w = normalise(word)
    if w.endswith("'s"):
        w = w[:-2]
    elif w.endswith("'"):
        w = w[:-1]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes", "zes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


@scoped_cache(maxsize=1 << 18)
def _fold_phrase(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(map(inflection_fold, words))


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    from align.lexicon.nltk import nltk_classes

    return nltk_classes()[2]("english")


@scoped_cache(maxsize=1 << 17)
def _stem(key: str) -> str:
    return _stemmer().stem(key)


@scoped_cache(maxsize=1 << 17)
def _match_key(word: str) -> str:
    """Spelling key with a possessive dropped: "Minh’s" and "Minh" match."""
    key = spelling_key(word)
    return key[:-2] if key.endswith("'s") else key.rstrip("'")


@scoped_cache(maxsize=1 << 17)
def _word_stem(word: str) -> str:
    return _stem(_match_key(word))


def form_related(a: str, b: str) -> bool:
    """True when two different words share a stem: independent/independence.

    >>> form_related("self-reliant", "self-reliance"), form_related("mission", "missile")
    (True, False)
    """
    if _match_key(a) == _match_key(b):
        return False
    return _stems_related(_word_stem(a), _word_stem(b))


def _stems_related(sa: str, sb: str) -> bool:
    """Stems of one word: equal, one a short extension of the other, or a long common start.

    Related stems agree in their first four letters (or are equal): `_analyse`
    compares only those.
    """
    if sa == sb:
        return True
    short, long_ = sorted((sa, sb), key=len)
    if len(short) >= 4 and long_.startswith(short) and len(long_) - len(short) <= 3:
        return True  # strong/stronger, Vietnam/Vietnamese
    common = 0
    for x, y in zip(sa, sb):
        if x != y:
            break
        common += 1
    # reliant/relianc, diplomaci/diplomat: a long shared stem, differing ending.
    return common >= 6 and common >= 0.8 * len(short)


# Contractions, written out: "it's" and "it is" differ only in orthography.
_CONTRACTIONS = {
    "can't": ("can", "not"),
    "cannot": ("can", "not"),
    "won't": ("will", "not"),
    "shan't": ("shall", "not"),
    "let's": ("let", "us"),
}
_SUFFIXES = (("n't", "not"), ("'re", "are"), ("'ve", "have"), ("'ll", "will"), ("'m", "am"))
_IS_SUBJECTS = frozenset("it that he she there here what who where how".split())


def _expanded(words: Sequence[str]) -> tuple[str, ...]:
    """Lower-case words with contractions written out ("didn't" -> "did", "not")."""
    if len(words) == 1:
        return _expanded_word(words[0])
    return tuple([w for word in words for w in _expanded_word(word)])


@scoped_cache(maxsize=1 << 17)
def _expanded_word(word: str) -> tuple[str, ...]:
    """One word lower-cased, a contraction written out (see `_expanded`)."""
    w = _typographic(word).casefold()
    if w in _CONTRACTIONS:
        return _CONTRACTIONS[w]
    for suffix, full in _SUFFIXES:
        if w.endswith(suffix) and len(w) > len(suffix):
            return (w[: -len(suffix)], full)
    if w.endswith("'s") and w[:-2] in _IS_SUBJECTS:
        return (w[:-2], "is")
    return (w,)


def _multiset_minus(xs: Sequence[str], ys: Sequence[str]) -> list[int]:
    """Indices of `xs` left after removing one match per element of `ys`."""
    pool = Counter(ys)
    left = []
    for n, x in enumerate(xs):
        if pool[x]:
            pool[x] -= 1
        else:
            left.append(n)
    return left
