"""How alike two groups of sentences are, in a way that survives paraphrase.

Each sentence becomes a `Features`: its content words, folded (case, US/UK
spelling, inflection via NLTK's Snowball stemmer, which needs no data) and
weighted by rarity (idf over both texts), and a string of word codes for an
order-aware sequence ratio. `similarity` combines

- weighted Dice overlap of content stems: robust to reordering, reported
  speech and paraphrase that keeps the key words;
- the Levenshtein ratio of the word-code sequences: rewards the same words in
  the same order (copied passages), which content overlap alone cannot see;
- a length agreement term, only as a tie-breaker that never creates a link on
  its own.

The result is in [0, 1]; unrelated sentences score near 0.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from operator import itemgetter

import Levenshtein

from align.lexicon.nltk import nltk_classes
from align.model import Sentence
from align.runtime.scope import scoped_cache

#: English function words: they carry little evidence of a correspondence.
STOPWORDS = frozenset(
    """
    a an the and or but nor so yet if then than that this these those there here
    of to in on at by for with from into onto upon over under about above below
    as per via within without through throughout toward towards between among
    across along around after before during since until unto against beyond
    is are was were be been being am do does did done has have had having
    it its it's itself they them their theirs themselves he him his himself she
    her hers herself we us our ours ourselves you your yours i me my mine
    who whom whose which what when where why how whether while
    not no all any both each few more most other some such only own same too
    very can could will would shall should may might must also just even
    s t ’s 's one ones upon thereby whereby
    """.split()
)

#: Irregular English verb and noun forms, folded to their base before
#: stemming ("said" / "says", "taught" / "teach"): the stemmer handles only
#: regular inflection, and free translations differ exactly there.
#: Each group: base, then its irregular forms; left out are forms that are
#: common words of their own (ground, bit, wound, lay).
_IRREGULAR_TABLE = """
arise arose arisen | awake awoke awoken | be was were been | bear bore borne born
beat beaten | become became | begin began begun | bend bent | bid bade bidden
bind bound | bite bitten | bleed bled | blow blew blown | break broke broken
breed bred | bring brought | build built | burn burnt | buy bought | catch caught
choose chose chosen | cling clung | come came | creep crept | deal dealt | dig dug
do did done does | draw drew drawn | dream dreamt | drink drank drunk
drive drove driven | dwell dwelt | eat ate eaten | fall fell fallen | feed fed
feel felt | fight fought | find found | flee fled | fling flung | fly flew flown
forbid forbade forbidden | forget forgot forgotten | forgive forgave forgiven
forsake forsook forsaken | freeze froze frozen | get got gotten | give gave given
go went gone goes | grow grew grown | hang hung | have has had
hear heard | hide hid hidden | hold held | keep kept | kneel knelt | know knew known
lay laid | lead led | lean leant | leap leapt | learn learnt | leave left | lend lent
lie lain | light lit | lose lost | make made | mean meant | meet met | pay paid
ride rode ridden | ring rang rung | rise rose risen | run ran | say said says
see saw seen | seek sought | sell sold | send sent | shake shook shaken
shine shone | shoot shot | show shown | shrink shrank shrunk | sing sang sung
sink sank sunk | sit sat | slay slew slain | sleep slept | slide slid | sling slung
smite smote smitten | speak spoke spoken | speed sped | spend spent | spin spun
spring sprang sprung | stand stood | steal stole stolen | stick stuck | sting stung
stride strode stridden | strike struck stricken | strive strove striven
swear swore sworn | sweep swept | swim swam swum | swing swung | take took taken
teach taught | tear tore torn | tell told | think thought | throw threw thrown
tread trod trodden | understand understood | wake woke woken | wear wore worn
weave wove woven | weep wept | win won | withdraw withdrew withdrawn
write wrote written | man men | woman women | child children | foot feet
tooth teeth | mouse mice | brother brethren
"""
IRREGULAR = {
    form: group.split()[0]
    for group in re.split(r"[|\n]", _IRREGULAR_TABLE)
    if group.strip()
    for form in group.split()[1:]
}

_SPELLING_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        # UK -> US, enough to fold spelling for matching (the variants stage
        # has the full, list-checked treatment).
        (r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations|er|ers)$", r"iz\1"),
        (r"(?<=[a-z]{2}[^aeiou])our(s|ed|ing|able|ably|ite|ites)?$", r"or\1"),
        (r"(?<=[a-z][^aeiou])tre(s)?$", r"ter\1"),
        (r"(?<=[a-z]{2})ence$", "ense"),
        (r"(?<=[a-z]{2})yse(s|d)?$", r"yze\1"),
        (r"(?<=[aeiou])ll(ed|ing|er|ers)$", r"l\1"),
        (r"ae", "e"),
    )
)


#: Letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = str.maketrans({"đ": "d", "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th"})


def _plain(word: str) -> str:
    """A lower-cased word without diacritics ("Nguyễn" -> "nguyen", "Cæsar" -> "caesar").

    >>> _plain("nguyễn"), _plain("cæsar"), _plain("đà")
    ('nguyen', 'caesar', 'da')
    """
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@scoped_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Case-, spelling- and inflection-folded form of a word (its stem)."""
    w = _plain(word.casefold()).replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if w in IRREGULAR:
        return IRREGULAR[w]
    for pattern, repl in _SPELLING_RULES:
        w = pattern.sub(repl, w)
    return _stemmer().stem(w)


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    return nltk_classes()[2]("english")


@scoped_cache(maxsize=200_000)
def word_terms(word: str) -> tuple[str, ...]:
    """The content terms of one word token: its folded parts, less function words."""
    return tuple(
        fold(part) for part in re.split(r"[-‐‑]", word) if part and part.casefold() not in STOPWORDS
    )


def token_terms(token: str) -> tuple[str, ...]:
    """The content terms of one token's text: a word's (`word_terms`), a number itself."""
    first = token[0]
    if first.isdigit():
        return (token,)
    if first.isalnum() or first == "_":
        return word_terms(token)
    return ()  # punctuation


class TermMemo(dict):  # type: ignore[type-arg]
    """Token text -> its content terms, for one run (a book repeats its words).

    A plain dict, so that looking up a sentence's tokens stays in C.
    """

    def __missing__(self, token: str) -> tuple[str, ...]:
        terms = self[token] = token_terms(token)
        return terms


_TEXT = itemgetter(2)  # of a `Token`


def content_terms(sentence: Sentence, memo: TermMemo | None = None) -> list[str]:
    """Folded content words and numbers of a sentence (hyphenated words split).

    >>> from align.segmenting import tokenize
    >>> text = "Well-being of 1,000 people."
    >>> content_terms(Sentence(0, 0, len(text), 0, False, text, tokenize(text)))
    ['well', '1,000', 'peopl']
    """
    lookup = (TermMemo() if memo is None else memo).__getitem__
    return list(chain.from_iterable(map(lookup, map(_TEXT, sentence.tokens))))


@dataclass(frozen=True)
class Features:
    """What similarity needs of one sentence or group of sentences."""

    terms: dict[str, float]  # folded content term -> idf-weighted count
    weight: float  # sum of `terms` values
    codes: str  # one character per word, for the sequence ratio
    length: int  # characters


class Vocabulary:
    """Idf weights over both texts and a code per folded word.

    Idf treats each sentence as a document: a word found in many sentences of
    either text is weak evidence that two sentences correspond.
    """

    def __init__(self, term_lists: Sequence[Sequence[str]]) -> None:
        df: Counter[str] = Counter()
        for terms in term_lists:
            df.update(set(terms))
        n = len(term_lists) + 1
        self.df = df
        self.idf = {t: math.log(n / (c + 0.5)) + 1.0 for t, c in df.items()}
        self._codes: dict[str, str] = {}
        self._token_codes: dict[str, str] = {}

    def code(self, word: str) -> str:
        """One private-use character standing for a folded word."""
        c = self._codes.get(word)
        if c is None:
            c = chr(0xF0000 + len(self._codes) % 0xFFFD)
            self._codes[word] = c
        return c

    def token_code(self, token: str) -> str:
        """The code of a token's text: of a word's fold, of a number; "" for punctuation."""
        c = self._token_codes.get(token)
        if c is None:
            first = token[0]
            if first.isdigit():
                c = self.code(token)
            elif first.isalnum() or first == "_":
                c = self.code(fold(token))
            else:
                c = ""
            self._token_codes[token] = c
        return c


def features(sentence: Sentence, terms: list[str], vocab: Vocabulary) -> Features:
    """Build the `Features` of one sentence from its content terms."""
    weights: dict[str, float] = {}
    idf = vocab.idf
    for t in terms:
        weights[t] = weights.get(t, 0.0) + idf.get(t, 1.0)
    codes = "".join(map(vocab.token_code, map(_TEXT, sentence.tokens)))
    return Features(weights, sum(weights.values()), codes, sentence.end - sentence.start)


def merge(parts: Sequence[Features]) -> Features:
    """Features of several consecutive sentences read as one."""
    if len(parts) == 1:
        return parts[0]
    terms: dict[str, float] = {}
    for p in parts:
        for t, w in p.terms.items():
            terms[t] = terms.get(t, 0.0) + w
    return Features(
        terms,
        sum(p.weight for p in parts),
        "".join(p.codes for p in parts),
        sum(p.length for p in parts) + len(parts) - 1,
    )


def overlap(a: Features, b: Features) -> float:
    """Idf-weighted Dice coefficient of content terms, in [0, 1]."""
    if a.weight == 0.0 or b.weight == 0.0:
        return 0.0
    common = a.terms.keys() & b.terms.keys()
    if not common:
        return 0.0
    ta, tb = a.terms, b.terms
    shared = sum([min(ta[t], tb[t]) for t in common])
    return 2.0 * shared / (a.weight + b.weight)


def similarity(a: Features, b: Features) -> float:
    """Similarity in [0, 1] of two sentences or groups; see the module doc."""
    dice = overlap(a, b)
    if dice == 0.0 and (a.weight or b.weight):
        return 0.0  # no content word in common: the common, cheap case
    if not a.codes or not b.codes:
        # Punctuation-only or empty units: only exact sameness counts.
        return 1.0 if a.codes == b.codes and a.length == b.length else 0.0
    seq = Levenshtein.ratio(a.codes, b.codes)
    if a.weight == 0.0 and b.weight == 0.0:
        # Function words only ("So it is."): order and wording are all we have.
        lexical = seq * 0.8
    else:
        lexical = 0.65 * dice + 0.35 * seq * min(1.0, 4.0 * dice)
    short, long_ = sorted((a.length, b.length))
    agreement = short / long_ if long_ else 1.0
    return min(1.0, lexical * (0.85 + 0.15 * agreement))
