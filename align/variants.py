"""Name the differences and gather them: each edit's kind and flags, variants, inconsistencies.

`annotate` is the pipeline's last stage. It gives every `Edit`:

- a ``kind`` (one of `KINDS`): what sort of difference it is. ``spelling``
  (US/UK and other orthography, hyphenation and spacing, see
  `align.spelling`; contractions: "it's"/"it is"), ``case``, ``punctuation``
  (typography included: curly quotes, dash kinds, apostrophes; a capital
  that follows a changed full stop), ``form`` (same stem, another form:
  independent/independence, task/tasks, Minh/Minh's), ``lexical`` (another
  word or phrase), ``order`` (the same words elsewhere, within one edit or
  as an omission and an insertion of one pair), ``insertion``/``omission``
  (words only in B / only in A) and ``function-word`` (only articles,
  determiners or prepositions). When one edit holds several differences,
  it takes the most telling. ``spelling``, ``case`` and ``punctuation`` are
  noise (`NOISE_KINDS`);
- ``flags`` (a subset of `FLAGS`, in that order): ``number``, ``date``,
  ``name``, ``negation``, ``modal`` and ``quote`` mark substance (what an
  auditor checks first) and are read off the words that changed, so that
  "didn't"/"didn’t" flags nothing; ``attribution`` marks a reporting clause
  ("To Lam affirmed that", "According to ...") on one side only.

It then gathers:

- `Variant`s: the edits grouped by their two sides after folding case and
  plural/possessive endings ("Key"/"key", "task"/"tasks"), originals kept;
  substance first, lexical next, spelling and punctuation noise last;
- `Inconsistency`s within one text, by ``reason``: ``counterpart`` (one text
  renders the same wording of the other in two ways: VOV's "vital and
  regular" and "key and regular" for VNA's "key and regular"), ``spelling``
  (two spellings of one word), ``convention`` (US and UK spelling mixed),
  ``repeat`` (a passage rendered twice, the two renderings compared) and
  ``quotation`` (quoted speech compared on its own; here ``forms`` are the
  document's renderings of the other text's quotation, given as
  ``counterpart``, and one form is enough when it differs from it).

Cost: linear in the number of edits and tokens. One `annotate` call works
out each distinct word, edit text and pair of edit texts once (a book repeats
most of them), and reads each sentence's tokens once or twice.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from typing import Any, NamedTuple

from align.model import Document, Edit, Form, Inconsistency, Pair, Place, Sentence, Variant
from align.parallel import fork_map, paused_gc
from align.progress import Tick, part
from align.segmenting import TOKEN_RE
from align.spelling import convention, normalise, phrase_key, spelling_key

#: Kinds, most telling first (the variant table's order within a group).
KINDS = (
    "lexical",
    "omission",
    "insertion",
    "order",
    "form",
    "function-word",
    "spelling",
    "case",
    "punctuation",
)
#: Stylistic noise: what ``--ignore spelling,punctuation,case`` hides.
NOISE_KINDS = frozenset({"spelling", "case", "punctuation"})
#: Flags that mark a change of substance.
SUBSTANCE_FLAGS = ("number", "date", "name", "negation", "modal", "quote")
FLAGS = (*SUBSTANCE_FLAGS, "attribution")

_KIND_RANK = {k: n for n, k in enumerate(KINDS)}
_FLAG_RANK = {f: n for n, f in enumerate(FLAGS)}

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
@lru_cache(maxsize=1 << 18)
def _words(text: str) -> tuple[str, ...]:
    return tuple([w for w in TOKEN_RE.findall(text) if w[0].isalnum() or w[0] == "_"])


def _marks(text: str) -> tuple[str, ...]:
    return tuple(w for w in TOKEN_RE.findall(text) if not _is_word(w))


@lru_cache(maxsize=1 << 17)
def _typographic(word: str) -> str:
    """Apostrophe and hyphen kinds folded (they are typography, not spelling)."""
    return _typographic_text(word)


def _typographic_text(text: str) -> str:
    text = normalise(text)
    return text.replace("‐", "-").replace("‑", "-") if "‐" in text or "‑" in text else text


@lru_cache(maxsize=1 << 17)
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


@lru_cache(maxsize=1 << 18)
def _fold_phrase(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(map(inflection_fold, words))


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    from align._nltk import nltk_classes

    return nltk_classes()[2]("english")


@lru_cache(maxsize=1 << 17)
def _stem(key: str) -> str:
    return _stemmer().stem(key)


@lru_cache(maxsize=1 << 17)
def _match_key(word: str) -> str:
    """Spelling key with a possessive dropped: "Minh’s" and "Minh" match."""
    key = spelling_key(word)
    return key[:-2] if key.endswith("'s") else key.rstrip("'")


@lru_cache(maxsize=1 << 17)
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
    out: list[str] = []
    for w in map(_typographic, words):
        w = w.casefold()
        if w in _CONTRACTIONS:
            out.extend(_CONTRACTIONS[w])
            continue
        for suffix, full in _SUFFIXES:
            if w.endswith(suffix) and len(w) > len(suffix):
                out.extend((w[: -len(suffix)], full))
                break
        else:
            if w.endswith("'s") and w[:-2] in _IS_SUBJECTS:
                out.extend((w[:-2], "is"))
            else:
                out.append(w)
    return tuple(out)


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


# --- Kinds ------------------------------------------------------------------


def classify(a_text: str, b_text: str) -> str:
    """The kind of the difference between A's `a_text` and B's `b_text`.

    Either may be empty (an insertion or omission).

    >>> classify("vital", "key"), classify("defense", "defence"), classify("", "the")
    ('lexical', 'spelling', 'function-word')
    """
    return _analyse(a_text, b_text)[0]


class _Analysis(NamedTuple):
    """What `_analyse` finds in one edit."""

    kind: str
    left_a: tuple[str, ...]  # changed words no changed form on the other side accounts for
    left_b: tuple[str, ...]
    changed_a: tuple[str, ...]  # words that differ (case, typography and spelling aside)
    changed_b: tuple[str, ...]


_NO_WORD_CHANGED = {k: _Analysis(k, (), (), (), ()) for k in KINDS}


class _Text(NamedTuple):
    """One side of an edit, read once: its words and what `_analyse` compares of them."""

    words: tuple[str, ...]
    casefolded: str  # the words, space-separated (words hold no spaces), case folded
    typographic: str  # ... and apostrophe and hyphen kinds folded
    spelling: str  # `phrase_key`
    keys: tuple[str, ...]  # `_match_key` of each word
    key_set: frozenset[str] | None  # the keys, if none occurs twice
    reports: bool  # holds a reporting clause's first word (then its clauses are read)
    runs_on: bool  # ends in a letter: a reporting clause's first word may run on past it
    contracts: bool  # may hold a contraction (else `_expanded` changes nothing)


@lru_cache(maxsize=1 << 18)
def _text(text: str) -> _Text:
    words = _words(text)
    keys = tuple(map(_match_key, words))
    key_set = frozenset(keys)
    joined = " ".join(words)
    casefolded = joined.casefold()
    typographic = _typographic_text(joined)
    return _Text(
        words,
        casefolded,
        typographic,
        "".join(map(spelling_key, words)),
        keys,
        key_set if len(key_set) == len(keys) else None,
        # Words keep their runs of word characters (and a run never spans two words).
        not _REPORTING_FIRST.isdisjoint(_WORD_RUN.findall(casefolded)),
        text[-1:].isalpha(),
        "'" in typographic or "cannot" in typographic,
    )


@lru_cache(maxsize=1 << 17)
def _is_function_word(word: str) -> bool:
    return normalise(word) in FUNCTION_WORDS


def _analyse(a_text: str, b_text: str) -> _Analysis:
    """The kind; the words of each side that the other lacks, less (then with) shared stems."""
    ta, tb = _text(a_text), _text(b_text)
    wa, wb = ta.words, tb.words
    if wa == wb:
        return _NO_WORD_CHANGED["punctuation"]  # no words, or the same ones
    if ta.casefolded == tb.casefolded:
        # ". The" against ", the": the capital follows the punctuation.
        same_marks = _marks(a_text) == _marks(b_text)
        return _NO_WORD_CHANGED["case" if same_marks else "punctuation"]
    if ta.typographic == tb.typographic:
        return _NO_WORD_CHANGED["punctuation"]  # apostrophe or hyphen kind, possibly with case
    if ta.spelling == tb.spelling:
        return _NO_WORD_CHANGED["spelling"]  # US/UK or hyphenation
    if not wa or not wb:  # words on one side only (the common case, answered quickly)
        if all(map(_is_function_word, wa or wb)):
            return _Analysis("function-word", wa, wb, wa, wb)
        return _Analysis("omission" if wa else "insertion", wa, wb, wa, wb)
    if (ta.contracts or tb.contracts) and _expanded(ta.words) == _expanded(tb.words):
        return _NO_WORD_CHANGED["spelling"]  # a contraction: it's / it is
    ka, kb = ta.keys, tb.keys
    set_a, set_b = ta.key_set, tb.key_set
    if set_a is not None and set_b is not None:  # no word twice: sets will do
        ra = tuple([w for w, k in zip(wa, ka) if k not in set_b])
        rb = tuple([w for w, k in zip(wb, kb) if k not in set_a])
    else:
        ra = tuple(wa[n] for n in _multiset_minus(ka, kb))
        rb = tuple(wb[n] for n in _multiset_minus(kb, ka))
    if not ra and not rb:
        # The same words: elsewhere ("strong and prosperous" / "prosperous and
        # strong"), or in place but for a possessive ("Minh" / "Minh’s").
        return _NO_WORD_CHANGED["form" if ka == kb else "order"]
    left_a, left_b, forms = _pair_forms(ra, rb)
    content_a = not all(map(_is_function_word, left_a))
    content_b = not all(map(_is_function_word, left_b))
    if not content_a and not content_b:
        kind = "form" if forms else "function-word"
    elif forms:
        kind = "lexical"  # a changed form plus other words: a rewording
    # Words on one side only, the other side's all found: an insertion or
    # omission. Anything else left on both sides ("both" -> "a") is a rewording.
    elif not left_a:
        kind = "insertion"
    elif not left_b:
        kind = "omission"
    else:
        kind = "lexical"
    return _Analysis(kind, left_a, left_b, ra, rb)


def _pair_forms(
    ra: tuple[str, ...], rb: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    """Pair words of `ra` and `rb` that share a stem, in order: what is left, and the pairs.

    The two sides share no match key, so `form_related` comes down to
    `_stems_related`, and related stems share their first four letters.
    """
    if not ra or not rb:
        return ra, rb, 0
    forms = 0
    used = [False] * len(rb)
    stems_b = list(map(_word_stem, rb))
    by_start: dict[str, list[int]] = defaultdict(list)
    for n, stem in enumerate(stems_b):
        by_start[stem[:4]].append(n)
    left_a = []
    for w in ra:
        stem = _word_stem(w)
        for n in by_start.get(stem[:4], ()):
            if not used[n] and _stems_related(stem, stems_b[n]):
                used[n] = True
                forms += 1
                break
        else:
            left_a.append(w)
    if not forms:
        return ra, rb, 0
    return tuple(left_a), tuple(v for n, v in enumerate(rb) if not used[n]), forms


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


@lru_cache(maxsize=1 << 17)
def _word_flags(word: str) -> tuple[frozenset[str], bool]:
    """Flags a changed word raises wherever it stands, and whether it may be a name."""
    lower = normalise(word)
    flags = set()
    if word[0].isdigit() or lower in _NUMBER_WORDS:
        flags.add("number")
        if _YEAR.fullmatch(word):
            flags.add("date")
    if word in _MONTHS:
        flags.add("date")
    if lower in _NEGATIONS or lower.endswith("n't"):
        flags.add("negation")
    if lower in _MODALS:
        flags.add("modal")
    capital = word[:1].isupper() and word not in _MONTHS and word != "I"
    return frozenset(flags), capital


@lru_cache(maxsize=1 << 17)
def _changed_flags(word: str) -> frozenset[str]:
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
        word = m.group()
        if wanted.get(word):
            wanted[word] -= 1
            out.append(m.start())
    return tuple(out)


class _EditInfo(NamedTuple):
    """Everything about an edit that its two texts decide: worked out once per distinct pair."""

    analysis: _Analysis
    flags: frozenset[str]  # the changed words' own flags
    capitals_a: tuple[int, ...]  # offsets of changed capitals: names, unless sentence-initial
    capitals_b: tuple[int, ...]
    text_a: _Text
    text_b: _Text


_NO_FLAGS = frozenset[str]()


def _edit_info(texts: tuple[str, str]) -> _EditInfo:
    a_text, b_text = texts
    analysis = _analyse(a_text, b_text)
    ta, tb = _text(a_text), _text(b_text)
    if analysis.kind in ("punctuation", "case"):
        return _EditInfo(analysis, _NO_FLAGS, (), (), ta, tb)
    flags = _NO_FLAGS.union(*map(_changed_flags, analysis.changed_a + analysis.changed_b))
    return _EditInfo(
        analysis,
        flags,
        _capitals(a_text, analysis.changed_a),
        _capitals(b_text, analysis.changed_b),
        ta,
        tb,
    )


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


def _is_name(side: _Side | None, offset: int, capitals: Sequence[int]) -> bool:
    for r in capitals:
        initial = side.is_initial(offset + r) if side is not None else r == 0
        if not initial:
            return True
    return False


def _flags_of(
    edit: Edit, info: _EditInfo, side_a: _Side | None, side_b: _Side | None
) -> tuple[str, ...]:
    if info.analysis.kind in ("punctuation", "case"):
        return ()
    flags = set(info.flags)
    if (info.capitals_a and _is_name(side_a, edit.a_start, info.capitals_a)) or (
        info.capitals_b and _is_name(side_b, edit.b_start, info.capitals_b)
    ):
        flags.add("name")
    if (side_a is not None and side_a.quotes and side_a.in_quote(edit.a_start, edit.a_end)) or (
        side_b is not None and side_b.quotes and side_b.in_quote(edit.b_start, edit.b_end)
    ):
        flags.add("quote")
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
            flags.add("attribution")
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


def _attribution_kind(edit: Edit, side_a: _Side, side_b: _Side) -> str | None:
    """``omission`` (``insertion``) when the edit is mostly a reporting clause only A (B) has.

    A summary adds "To Lam affirmed that" where the full text has none; the
    word diff may fold neighbouring changes into the same edit.
    """
    after_a = side_a.doc.text[edit.a_end : edit.a_end + 12]
    after_b = side_b.doc.text[edit.b_end : edit.b_end + 12]
    in_a = _reporting_verbs(edit.a_text + after_a, len(edit.a_text))
    in_b = _reporting_verbs(edit.b_text + after_b, len(edit.b_text))
    if in_a and not _speaks(edit.b_text, in_a) and _clause_share(edit.a_text, after_a) >= 0.5:
        return "omission"
    if in_b and not _speaks(edit.a_text, in_b) and _clause_share(edit.b_text, after_b) >= 0.5:
        return "insertion"
    return None


def _speaks(text: str, verbs: Iterable[str]) -> bool:
    """Does `text` hold a reporting verb, or a form of one of `verbs` ("saying" for "said")?"""
    stems = tuple({_word_stem(v) for v in verbs})
    return any(
        w.casefold() in _REPORTING_FIRST or _word_stem(w).startswith(stems) for w in _words(text)
    )


@lru_cache(maxsize=1 << 17)
def _content_keys(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(_match_key(w) for w in words if not _is_function_word(w)))


@lru_cache(maxsize=1 << 17)
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


def _mark_moves(edits: list[Edit], infos: list[_EditInfo]) -> list[Edit]:
    """Words that one edit of a pair drops and another adds back are moved: ``order``.

    An omission and an insertion of the same words are both ``order``. Then an
    insertion whose words other edits of the pair drop among other changes
    ("national interests" added here, dropped from a rewording there) is
    ``order``, and so is an omission whose words others add (unless all are
    common words); those others keep their kinds.
    """
    out = list(edits)
    waiting: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for n, e in enumerate(edits):
        if e.kind == "insertion":
            keys = _content_keys(infos[n].analysis.left_b)
            if keys:
                waiting[keys].append(n)
    for n, e in enumerate(edits):
        if e.kind != "omission":
            continue
        keys = _content_keys(infos[n].analysis.left_a)
        if keys and waiting.get(keys):
            m = waiting[keys].pop(0)
            out[n] = _with_kind(out[n], "order", out[n].flags)
            out[m] = _with_kind(out[m], "order", out[m].flags)
    # Words each side loses and gains in the edits not yet paired. Found among
    # other changes, common words ("that", "be") prove no move.
    moving = [
        n
        for n, e in enumerate(out)
        if (e.kind == "insertion" and _telling(infos[n].analysis.left_b))
        or (e.kind == "omission" and _telling(infos[n].analysis.left_a))
    ]
    if not moving:
        return out
    # Only the counts of the words that might have moved matter.
    wanted_a = {
        k
        for n in moving
        if out[n].kind == "omission"
        for k in _content_keys(infos[n].analysis.left_a)
    }
    wanted_b = {
        k
        for n in moving
        if out[n].kind == "insertion"
        for k in _content_keys(infos[n].analysis.left_b)
    }
    dropped: Counter[str] = Counter()
    added: Counter[str] = Counter()
    for e, info in zip(out, infos):
        if e.kind == "order":
            continue
        keys_a, keys_b = _content_keys(info.analysis.left_a), _content_keys(info.analysis.left_b)
        if keys_a and not wanted_b.isdisjoint(keys_a):
            dropped.update(keys_a)
        if keys_b and not wanted_a.isdisjoint(keys_b):
            added.update(keys_b)
    for n in moving:
        e, analysis = out[n], infos[n].analysis
        if e.kind == "insertion":
            keys, others, pool = _content_keys(analysis.left_b), added, dropped
        else:
            keys, others, pool = _content_keys(analysis.left_a), dropped, added
        wanted = Counter(keys)
        if keys and all(pool[k] >= c for k, c in wanted.items()):
            pool.subtract(wanted)
            others.subtract(wanted)
            out[n] = _with_kind(e, "order", e.flags)
    return out


def _annotate_pair(
    pair: Pair, side_a: _Side, side_b: _Side, infos: dict[tuple[str, str], _EditInfo]
) -> Pair:
    if not pair.edits:
        return pair
    edits, found = [], []
    kinds = set()
    for e in pair.edits:
        info = infos[e.a_text, e.b_text]
        kind = info.analysis.kind
        flags = _flags_of(e, info, side_a, side_b)
        if "attribution" in flags and kind in ("lexical", "form", "function-word"):
            kind = _attribution_kind(e, side_a, side_b) or kind
        kinds.add(kind)
        edits.append(_with_kind(e, kind, flags))
        found.append(info)
    if len(edits) > 1 and ("insertion" in kinds or "omission" in kinds):
        edits = _mark_moves(edits, found)
    return Pair(
        pair.id,
        pair.a,
        pair.b,
        pair.relation,
        pair.score,
        tuple(edits),
        pair.related,
    )


# --- Variants ---------------------------------------------------------------


def _variant_key(kind: str, a_text: str, b_text: str) -> tuple[str, ...]:
    if kind in ("punctuation", "case"):
        return (kind, " ".join(a_text.split()), " ".join(b_text.split()))
    if kind == "form":  # the inflection is the difference: keep it
        return (
            "form",
            " ".join(map(normalise, _words(a_text))),
            " ".join(map(normalise, _words(b_text))),
        )
    return ("words", _folded_text(a_text), _folded_text(b_text))


@lru_cache(maxsize=1 << 18)
def _folded_text(text: str) -> str:
    return " ".join(_fold_phrase(_words(text)))


def _most_common(texts: Sequence[str] | Counter) -> str:
    """The most frequent text; ties go to the one seen first.

    `texts` may be counted already (a `Counter`, in the order first seen).
    """
    if isinstance(texts, Counter):
        return max(texts, key=texts.__getitem__)  # the first of the most frequent
    if len(texts) == 1:
        return texts[0]
    counts = Counter(texts)
    best = max(counts.values())
    return next(t for t in texts if counts[t] == best)


def variant_sort_key(v: Variant) -> tuple:
    """Substance, then lexical, ..., spelling and punctuation noise last."""
    noise = v.kind in NOISE_KINDS
    substance = any(f in SUBSTANCE_FLAGS for f in v.flags)
    return (
        noise,
        noise or not substance,
        _KIND_RANK.get(v.kind, len(KINDS)),
        -v.count,
        v.a.casefold(),
        v.b.casefold(),
        v.a,
        v.b,
        v.places,
    )


def gather_variants(pairs: Sequence[Pair]) -> tuple[Variant, ...]:
    """Group the (annotated) edits of all pairs into variants."""
    keys: dict[tuple[str, str, str], tuple[str, ...]] = {}
    groups: dict[tuple[str, ...], list[tuple[Place, Edit]]] = {}
    for pair in pairs:
        for n, edit in enumerate(pair.edits):
            texts = (edit.kind, edit.a_text, edit.b_text)
            key = keys.get(texts)
            if key is None:
                key = keys[texts] = _variant_key(*texts)
            members = groups.get(key)
            if members is None:
                groups[key] = [(Place(pair.id, n), edit)]
            else:
                members.append((Place(pair.id, n), edit))
    variants = []
    for members in groups.values():
        if len(members) == 1:  # most variants occur once
            place, edit = members[0]
            variants.append(
                Variant(
                    edit.a_text.strip(),
                    edit.b_text.strip(),
                    edit.kind,
                    tuple(sorted(edit.flags, key=_FLAG_RANK.__getitem__)),
                    1,
                    (place.pair,),
                    (place,),
                )
            )
            continue
        edits = [e for _, e in members]
        kinds = Counter(e.kind for e in edits)
        kind = min(kinds, key=lambda k: (-kinds[k], _KIND_RANK.get(k, len(KINDS)), k))
        flags = {f for e in edits for f in e.flags}
        places = tuple(p for p, _ in members)
        variants.append(
            Variant(
                a=_most_common([e.a_text.strip() for e in edits]),
                b=_most_common([e.b_text.strip() for e in edits]),
                kind=kind,
                flags=tuple(sorted(flags, key=_FLAG_RANK.__getitem__)),
                count=len(edits),
                pairs=tuple(sorted({p.pair for p in places})),
                places=places,
            )
        )
    return tuple(sorted(variants, key=variant_sort_key))


# --- Inconsistencies ----------------------------------------------------------


def _holders(pairs: Sequence[Pair]) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Sentence id -> ids of the pairs holding it, for each side."""
    ha: dict[int, list[int]] = defaultdict(list)
    hb: dict[int, list[int]] = defaultdict(list)
    for p in pairs:
        for i in p.a:
            ha[i].append(p.id)
        for j in p.b:
            hb[j].append(p.id)
    return ha, hb


_ENDS = re.compile(r"^[^\w]+|[^\w]+$")


def _trim(text: str) -> str:
    """One line, without the punctuation an edit may carry at its ends ("“Behold")."""
    text = " ".join(text.split())
    if text[:1].isalnum() and text[-1:].isalnum():
        return text  # nothing to trim (most texts)
    return _ENDS.sub("", text)


_AND_AFTER = re.compile(r"\s+(?:and|or)\s+[\w’'-]+")
_AND_BEFORE = re.compile(r"[\w’'-]+\s+(?:and|or)\s+$")


def _coordinated(
    text: str, start: int, end: int, other: str, o_start: int, o_end: int
) -> tuple[int, int, int, int]:
    """Widen an edit over an "and X" / "X and" that both sides share ("vital and regular").

    Symmetric: swapping the two texts swaps the result.
    """
    after = _AND_AFTER.match(text, end, end + 40)
    if after:
        o_after = _AND_AFTER.match(other, o_end, o_end + 40)
        if o_after and normalise(after.group()) == normalise(o_after.group()):
            end, o_end = after.end(), o_after.end()
    before = _and_before(text, start)
    if before:
        o_before = _and_before(other, o_start)
        if o_before and normalise(before.group()) == normalise(o_before.group()):
            start -= len(before.group())
            o_start -= len(o_before.group())
    return start, end, o_start, o_end


def _and_before(text: str, start: int) -> re.Match[str] | None:
    window = text[max(start - 40, 0) : start]
    # The search is slow (it tries every start); most windows fail this first.
    if not (window[-1:].isspace() and window.rstrip().endswith(("and", "or"))):
        return None
    return _AND_BEFORE.search(window)


def _forms(found: dict[Any, tuple[Sequence[str] | Counter, set[int]]]) -> tuple[Form, ...]:
    forms = [Form(_most_common(texts), tuple(sorted(pairs))) for texts, pairs in found.values()]
    return tuple(sorted(forms, key=lambda f: (f.pairs, f.text)))


_START, _END, _TEXT = (itemgetter(n) for n in range(3))  # of a `Token`


def _fold_token(text: str) -> str:
    return inflection_fold(text) if _is_word(text) else ""


class _Words:
    """One document's tokens for the inconsistency finders, each sentence read once.

    A book has two million tokens: they are read in C where that can be (map,
    filter, bisect). Folded, punctuation is the empty string, which no word is.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.fold = _Memo(_fold_token)
        self._texts: dict[int, tuple[str, ...]] = {}
        self._folded: dict[int, tuple[str, ...]] = {}

    def texts(self, sid: int) -> tuple[str, ...]:
        """The text of each of the sentence's tokens."""
        texts = self._texts.get(sid)
        if texts is None:
            texts = self._texts[sid] = tuple(map(_TEXT, self.doc.sentences[sid].tokens))
        return texts

    def folded(self, sid: int) -> tuple[str, ...]:
        """Each token's text, case, plural and possessive folded ("" for punctuation)."""
        folded = self._folded.get(sid)
        if folded is None:
            fold = self.fold
            folded = self._folded[sid] = tuple(map(fold.__getitem__, self.texts(sid)))
        return folded

    def vocabulary(self, ids: Sequence[int]) -> set[str]:
        """The folded words and numbers of these sentences (and "")."""
        if len(ids) == 1:
            return set(self.folded(ids[0]))
        return set(chain.from_iterable(map(self.folded, ids)))

    def words(self, ids: Sequence[int]) -> tuple[str, ...]:
        """The folded words and numbers of these sentences."""
        return tuple(filter(None, chain.from_iterable(map(self.folded, ids))))

    def equal_runs(self, ids: Sequence[int], cuts: Sequence[tuple[int, int]]) -> list[tuple]:
        """The folded words of a pair's side that no edit touches, in unbroken runs.

        Every edit, even an empty one (the place of an insertion), ends a run:
        the words on either side of it are not next to each other in the other
        text. A word an edit overlaps (or, for an empty edit, strictly holds)
        belongs to no run.
        """
        if not cuts:  # the usual case in a close translation: one run per sentence side
            return [self.words(ids)]
        if len(ids) == 1:
            tokens, folded = self.doc.sentences[ids[0]].tokens, self.folded(ids[0])
        else:
            tokens = tuple(chain.from_iterable(self.doc.sentences[i].tokens for i in ids))
            folded = tuple(chain.from_iterable(map(self.folded, ids)))
        runs = []
        pos = 0
        for start, end in sorted(cuts):
            if start < end:
                lo = bisect.bisect_right(tokens, start, key=_END)  # tokens ending by its start
                hi = bisect.bisect_left(tokens, end, key=_START)  # tokens starting before its end
            else:
                lo = hi = bisect.bisect_left(tokens, start, key=_START)
                if lo and tokens[lo - 1][1] > start:
                    lo -= 1
            if lo > pos:
                run = tuple(filter(None, folded[pos:lo]))
                if run:
                    runs.append(run)
            pos = max(pos, hi)
        if pos < len(tokens):
            run = tuple(filter(None, folded[pos:]))
            if run:
                runs.append(run)
        return runs


def _count_rendering(seen: dict, key: tuple[str, ...], times: int, pair: int) -> None:
    """Count `times` occurrences in `pair` of the wording `key`, rendered unchanged."""
    texts, found = seen[key]
    entry = found.get(key)
    if entry is None:
        entry = found[key] = (Counter(), set())
    entry[0][texts[0]] += times
    entry[1].add(pair)


def _has_gram(runs: Sequence[tuple[str, ...]], gram: tuple[str, ...]) -> bool:
    first, n = gram[0], len(gram)
    for run in runs:
        k = -1
        while True:
            try:
                k = run.index(first, k + 1)
            except ValueError:
                break
            if run[k : k + n] == gram:
                return True
    return False


_Rendering = tuple[tuple[str, ...], str, str, tuple[str, ...]]


def _renderings(texts: tuple[str, str]) -> tuple[_Rendering | None, _Rendering | None]:
    """For A, then for B: a phrase of the other text this edit renders, if it is one.

    That is (the phrase's key, its text, this text's rendering, the rendering's key).
    """
    text_a, text_b = texts
    words_a, words_b = _words(text_a), _words(text_b)
    out: list[_Rendering | None] = []
    for theirs, mine, their_text, my_text in (
        (words_b, words_a, text_b, text_a),
        (words_a, words_b, text_a, text_b),
    ):
        key = _fold_phrase(theirs)
        if (
            not key
            or len(key) > MAX_PHRASE_WORDS
            or len(mine) > MAX_PHRASE_WORDS  # a rewritten clause, not a rendering of a phrase
            or _PLAIN_WORDS.issuperset(key)
        ):
            out.append(None)
            continue
        my_trimmed = _trim(my_text)
        out.append((key, _trim(their_text), my_trimmed, _fold_phrase(_words(my_trimmed))))
    return out[0], out[1]


@dataclass(frozen=True)
class _Lookup:
    """The counterpart wordings of one side worth looking for, by their first telling word."""

    anchor_of: dict[tuple[str, ...], int]  # wording -> where its first telling word is
    by_anchor: dict[str, list[tuple[int, int]]]  # that word -> (where, wording's length)
    anchors: frozenset[str]  # the keys of `by_anchor`

    @classmethod
    def of(cls, seen: dict[tuple[str, ...], tuple[list[str], dict]]) -> _Lookup:
        anchor_of: dict[tuple[str, ...], int] = {}
        by_anchor: dict[str, set[tuple[int, int]]] = defaultdict(set)
        for key, (_texts, found) in seen.items():
            if not any(k != key and len(v[1]) >= MIN_FORM_PLACES for k, v in found.items()):
                continue
            at = next(k for k, w in enumerate(key) if w not in _PLAIN_WORDS)
            anchor_of[key] = at
            by_anchor[key[at]].add((at, len(key)))
        ordered = {w: sorted(found) for w, found in by_anchor.items()}
        return cls(anchor_of, ordered, frozenset(ordered))


_Found = list[tuple[tuple[str, ...], int]]  # (wording, times)


def _unchanged_renderings(
    pair: Pair, words_a: _Words, words_b: _Words, lookups: tuple[_Lookup, _Lookup]
) -> tuple[int, _Found, _Found]:
    """The wordings of each side's lookup that stand unchanged in both texts of the pair."""
    both = words_a.vocabulary(pair.a) & words_b.vocabulary(pair.b)
    runs: tuple[list[tuple], list[tuple]] | None = None
    out: list[_Found] = []
    for side, lookup in enumerate(lookups):
        found: _Found = []
        out.append(found)
        hits = both & lookup.anchors
        if not hits:
            continue
        if runs is None:
            runs = (
                words_a.equal_runs(pair.a, [(e.a_start, e.a_end) for e in pair.edits]),
                words_b.equal_runs(pair.b, [(e.b_start, e.b_end) for e in pair.edits]),
            )
        my_runs, their_runs = runs if side == 0 else runs[::-1]
        mine_words: set[str] | None = None
        for run in their_runs:
            for anchor in sorted(hits.intersection(run)):
                for at, n in lookup.by_anchor[anchor]:
                    if n == 1:  # the word itself: each of its occurrences counts
                        if mine_words is None:
                            mine_words = set(chain.from_iterable(my_runs))
                        if anchor in mine_words:
                            found.append(((anchor,), run.count(anchor)))
                        continue
                    k = -1
                    for _ in range(run.count(anchor)):
                        k = run.index(anchor, k + 1)
                        gram = run[k - at : k - at + n] if k >= at else ()
                        if (
                            len(gram) == n
                            and lookup.anchor_of.get(gram) == at
                            and _has_gram(my_runs, gram)
                        ):
                            found.append((gram, 1))
    return pair.id, out[0], out[1]


def _counterpart_inconsistencies(
    a: Document,
    b: Document,
    pairs: Sequence[Pair],
    words_a: _Words,
    words_b: _Words,
    jobs: int | None = 1,
    tick: Tick | None = None,
) -> list[Inconsistency]:
    """One text rendering the other's same wording in two or more ways."""
    out = []
    repeat_groups = [{p.id, *p.related} for p in pairs if p.relation == "repeat" and p.related]
    # counterpart key -> (counterpart texts, {my form key: (Counter of texts, {pairs})}), per side
    seen_a: dict[tuple[str, ...], tuple[list[str], dict]] = {}
    seen_b: dict[tuple[str, ...], tuple[list[str], dict]] = {}
    renderings = _Memo(_renderings)

    def rendered(pair: Pair) -> list[tuple[_Rendering | None, _Rendering | None]]:
        """What the pair's rewordings render of the other text (for A, for B)."""
        out = []
        for edit in pair.edits:
            if edit.op != "replace" or edit.kind not in ("lexical", "form"):
                continue
            a0, a1, b0, b1 = _coordinated(
                a.text, edit.a_start, edit.a_end, b.text, edit.b_start, edit.b_end
            )
            text_a = edit.a_text if (a0, a1) == (edit.a_start, edit.a_end) else a.text[a0:a1]
            text_b = edit.b_text if (b0, b1) == (edit.b_start, edit.b_end) else b.text[b0:b1]
            out.append(renderings[text_a, text_b])
        return out

    for pair, found_in_pair in zip(
        pairs, fork_map(rendered, pairs, jobs, tick=part(tick, 0.0, 0.4))
    ):
        for both_sides in found_in_pair:
            for seen, rendering in zip((seen_a, seen_b), both_sides):
                if rendering is None:
                    continue
                key, their_text, my_text, my_key = rendering
                texts, found = seen.setdefault(key, ([], {}))
                texts.append(their_text)
                entry = found.get(my_key)
                if entry is None:
                    entry = found[my_key] = (Counter(), set())
                entry[0][my_text] += 1
                entry[1].add(pair.id)
    # Where each counterpart wording stands unchanged in both texts of a pair.
    # That rendering counts only beside another one found in two pairs at
    # least, so most wordings (met once) need no looking for. Each is looked
    # for at its first telling word (the rarer words).
    lookups = (_Lookup.of(seen_a), _Lookup.of(seen_b))
    if lookups[0].anchors or lookups[1].anchors:
        finds = fork_map(
            lambda pair: _unchanged_renderings(pair, words_a, words_b, lookups),
            [p for p in pairs if p.a and p.b],
            jobs,
            tick=part(tick, 0.4, 1.0),
        )
        for pid, found_a, found_b in finds:
            for seen, hits in ((seen_a, found_a), (seen_b, found_b)):
                for gram, times in hits:
                    _count_rendering(seen, gram, times, pid)
    for side, seen in (("a", seen_a), ("b", seen_b)):
        for _key, (texts, found) in seen.items():
            # Renderings found in two places at least: habits, not one-off
            # rewordings (which the variant table already lists).
            habits = {k: v for k, v in found.items() if len(v[1]) >= MIN_FORM_PLACES}
            if len(habits) < 2:
                continue
            places = set().union(*(f[1] for f in habits.values()))
            if any(places <= group for group in repeat_groups):
                continue  # one passage rendered twice: reported as a repeat
            out.append(Inconsistency(side, _forms(habits), _most_common(texts), "counterpart"))
    return out


class _WordIndex:
    """The words of one text's paired sentences: how often each occurs, and in which pairs."""

    def __init__(self, words: _Words, holders: dict[int, list[int]]) -> None:
        self.doc = words.doc
        self.holders = holders
        # Sentence id -> its tokens' texts, sentences in document order.
        self.words_of = {sid: words.texts(sid) for sid in sorted(holders)}
        #: word as written -> occurrences, words in order of first occurrence
        self.count = Counter(chain.from_iterable(self.words_of.values()))
        for token in [w for w in self.count if not _is_word(w) or w[0].isdigit()]:
            del self.count[token]  # punctuation and numbers

    def pairs_of(self, wanted: set[str]) -> dict[str, set[int]]:
        """The ids of the pairs holding each of the `wanted` words."""
        out: dict[str, set[int]] = defaultdict(set)
        for sid, words in self.words_of.items():
            for word in wanted.intersection(words):
                out[word].update(self.holders[sid])
        return out

    def forms_by_key(self) -> dict[str, Counter]:
        """Spelling key -> how often each written form (typography folded) occurs."""
        out: dict[str, Counter] = defaultdict(Counter)
        for word, n in self.count.items():
            out[spelling_key(word)][_typographic(word)] += n
        return out


def _spelling_inconsistencies(
    side: str, index: _WordIndex, other_forms: dict[str, Counter]
) -> list[Inconsistency]:
    """One text spelling a word (or compound) two ways: "defense" and "defence"."""
    # key -> form -> [(word as written, or a spaced compound's text; occurrences, or pairs)]
    found: dict[str, dict[str, list[tuple[str, int | list[int]]]]] = defaultdict(dict)
    # A hyphenated word's first part -> (number of parts, key), to find it spaced.
    compounds: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for word, n in index.count.items():
        if len(word) < 3:
            continue
        key = spelling_key(word)
        form = _typographic(word)
        found[key].setdefault(form, []).append((word, n))
        if "-" in form:
            parts = form.split("-")
            compounds[spelling_key(parts[0])].add((len(parts), key))
    if compounds:
        text = index.doc.text
        firsts = {w for w in index.count if spelling_key(w) in compounds}
        # First part's key -> (parts, key, what the parts after the first spell).
        rests = {
            first: sorted((n, key, key[len(first) :]) for n, key in found_)
            for first, found_ in compounds.items()
        }
        for sid, words in index.words_of.items():
            if firsts.isdisjoint(words):
                continue
            tokens = [t for t in index.doc.sentences[sid].tokens if t.kind == "word"]
            for k, token in enumerate(tokens[:-1]):
                if token.text not in firsts:
                    continue
                second = spelling_key(tokens[k + 1].text)
                for n, key, rest in rests[spelling_key(token.text)]:
                    if not rest.startswith(second):
                        continue  # the next word cannot continue it (most do not)
                    run = tokens[k : k + n]
                    if (
                        len(run) == n
                        and _spells(key, [t.text for t in run])
                        and all(text[x.end : y.start].isspace() for x, y in zip(run, run[1:]))
                    ):
                        spaced = " ".join(t.text for t in run)
                        found[key].setdefault(_typographic(spaced), []).append(
                            (spaced, index.holders[sid])
                        )
    found = {key: forms for key, forms in found.items() if len(forms) >= 2}
    pairs_of = index.pairs_of(
        {
            w
            for forms in found.values()
            for seen in forms.values()
            for w, n in seen
            if isinstance(n, int)
        }
    )
    out = []
    for key, forms in found.items():
        entries: dict[tuple[str, ...], tuple[list[str], set[int]]] = {}
        for form, seen in forms.items():
            texts: list[str] = []
            pair_ids: set[int] = set()
            for text, n in seen:
                if isinstance(n, int):  # a word: its occurrences
                    texts.extend([text] * n)
                    pair_ids |= pairs_of[text]
                else:  # a spaced compound: the pairs of its sentence
                    texts.append(text)
                    pair_ids.update(n)
            entries[(form,)] = (texts, pair_ids)
        counterpart = ""
        if other_forms.get(key):
            counterpart = min(other_forms[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        out.append(Inconsistency(side, _forms(entries), counterpart, "spelling"))
    return out


def _spells(key: str, words: Sequence[str]) -> bool:
    """Is `key` the `phrase_key` of `words`? Checked word by word, stopping early."""
    at = 0
    for word in words:
        part = spelling_key(word)
        if not key.startswith(part, at):
            return False
        at += len(part)
    return at == len(key)


def _convention_inconsistency(side: str, index: _WordIndex) -> list[Inconsistency]:
    """A text mixing US and UK spelling (or -ize and -ise), named with its words."""
    tags: dict[str, list[str]] = {c: [] for c in ("us", "ize", "uk", "ise")}
    for word in index.count:
        tag = convention(word)
        if tag:
            tags[tag].append(word)
    mixed_us_uk = tags["us"] and (tags["uk"] or tags["ise"])
    if not mixed_us_uk and not (tags["ize"] and tags["ise"]):
        return []
    pairs_of = index.pairs_of({w for listed in tags.values() for w in listed})
    words: dict[str, dict[str, set[int]]] = {c: {} for c in tags}
    for tag, listed in tags.items():
        for word in listed:
            words[tag].setdefault(normalise(word), set()).update(pairs_of[word])

    def form(label: str, tags: Sequence[str]) -> Form:
        listed = {w: p for t in tags for w, p in words[t].items()}
        order = sorted(listed, key=lambda w: (min(listed[w]), w))
        return Form(f"{label}: {', '.join(order)}", tuple(sorted(set().union(*listed.values()))))

    if mixed_us_uk:
        forms = (form("US", ("us", "ize")), form("UK", ("uk", "ise")))
        return [Inconsistency(side, forms, "US/UK spelling", "convention")]
    forms = (form("-ize", ("ize",)), form("-ise", ("ise",)))
    return [Inconsistency(side, forms, "-ize/-ise spelling", "convention")]


def _map_range(ops: Sequence[tuple], i1: int, i2: int) -> tuple[int, int]:
    """The range of the second sequence that opcodes `ops` align with [i1, i2) of the first."""
    lo, hi = None, None
    for tag, a1, a2, b1, b2 in ops:
        if a2 < i1 or a1 > i2 or (a2 == i1 and a1 < a2) or (a1 == i2 and a1 < a2):
            continue
        if tag == "equal":
            x1, x2 = b1 + max(i1, a1) - a1, b1 + min(i2, a2) - a1
        else:
            x1, x2 = b1, b2
        lo = x1 if lo is None else min(lo, x1)
        hi = x2 if hi is None else max(hi, x2)
    return (lo, hi) if lo is not None and hi is not None else (0, 0)


def _span_text(doc: Document, tokens: Sequence, i1: int, i2: int) -> str:
    if i2 <= i1:
        return ""
    return " ".join(doc.text[tokens[i1].start : tokens[i2 - 1].end].split())


def _repeat_inconsistencies(a: Document, b: Document, pairs: Sequence[Pair]) -> list[Inconsistency]:
    """A passage that one text renders twice: the two renderings' differences."""
    from align.diffing import opcodes

    by_id = {p.id: p for p in pairs}
    out = []
    done: set[tuple[tuple[int, ...], tuple[int, ...]]] = set()
    for pair in pairs:
        if pair.relation != "repeat":
            continue
        for rid in pair.related:
            first = by_id.get(rid)
            if first is None:
                continue
            if set(pair.b) & set(first.b) and not set(pair.a) & set(first.a):
                side, doc, other = "a", a, b
                mine_p, mine_f, shared = pair.a, first.a, first.b
            elif set(pair.a) & set(first.a) and not set(pair.b) & set(first.b):
                side, doc, other = "b", b, a
                mine_p, mine_f, shared = pair.b, first.b, first.a
            else:
                continue
            if not mine_p or not mine_f or (mine_f, mine_p) in done:
                continue
            done.add((mine_f, mine_p))
            tf = [t for i in mine_f for t in doc.sentences[i].tokens]
            tp = [t for i in mine_p for t in doc.sentences[i].tokens]
            ts = [t for i in shared for t in other.sentences[i].tokens]
            ops = opcodes([t.text.casefold() for t in tf], [t.text.casefold() for t in tp])
            to_shared = opcodes([t.text.casefold() for t in tf], [t.text.casefold() for t in ts])
            # Forms in document order; the counterpart is read off the main match.
            earlier = min(mine_p) < min(mine_f)
            for tag, i1, i2, j1, j2 in ops:
                if tag == "equal":
                    continue
                text_f, text_p = _span_text(doc, tf, i1, i2), _span_text(doc, tp, j1, j2)
                kind = classify(text_f, text_p)
                if kind in ("punctuation", "case"):
                    continue
                s1, s2 = _map_range(to_shared, i1, i2)
                form_f, form_p = Form(text_f, (first.id,)), Form(text_p, (pair.id,))
                forms = (form_p, form_f) if earlier else (form_f, form_p)
                out.append(Inconsistency(side, forms, _span_text(other, ts, s1, s2), "repeat"))
    return out


def _quotations(side: _Side, sentence_ids: Sequence[int]) -> list[tuple[str, tuple[str, ...]]]:
    """(text, folded words) of each quotation within the given sentences."""
    out = []
    for sid in sentence_ids:
        for qs, qe in side.quotation_spans(side.doc.sentences[sid]):
            text = " ".join(side.doc.text[qs:qe].split())
            words = _words(text)
            if words:
                out.append((text, tuple(w.casefold() for w in words)))
    return out


def _quotation_inconsistencies(
    side_a: _Side, side_b: _Side, pairs: Sequence[Pair]
) -> list[Inconsistency]:
    """Quoted speech compared on its own: a quotation that the two texts render differently."""
    if not side_a.quotes or not side_b.quotes:
        return []  # a quotation needs a counterpart quotation
    # (document, the other text's quotation) -> {my rendering key: ([texts], {pairs})}
    renderings: dict[tuple[str, str], dict] = defaultdict(dict)
    for pair in pairs:
        if not pair.a or not pair.b:
            continue
        qa, qb = _quotations(side_a, pair.a), _quotations(side_b, pair.b)
        for mine, theirs, side in ((qa, qb, "a"), (qb, qa, "b")):
            for text, words in mine:
                best, best_ratio = None, 0.5
                for other_text, other_words in theirs:
                    ratio = SequenceMatcher(None, words, other_words, autojunk=False).ratio()
                    if ratio > best_ratio:
                        best, best_ratio = other_text, ratio
                if best is None:
                    continue
                key = phrase_key(words)
                entry = renderings[(side, best)].setdefault(key, ([], set()))
                entry[0].append(text)
                entry[1].add(pair.id)
    out = []
    for (side, counterpart), found in sorted(renderings.items()):
        differs = phrase_key(_words(counterpart)) not in found
        # A's renderings of B's quotation differing from it; for B, only a
        # quotation B itself renders two ways (else it is the same finding twice).
        if (side == "a" and (differs or len(found) >= 2)) or (side == "b" and len(found) >= 2):
            forms = _forms({(k,): v for k, v in found.items()})
            out.append(Inconsistency(side, forms, counterpart, "quotation"))
    return out


_REASON_RANK = {
    r: n for n, r in enumerate(("counterpart", "repeat", "quotation", "spelling", "convention"))
}


def inconsistency_sort_key(i: Inconsistency) -> tuple:
    """By document, reason, then most places first."""
    places = sum(len(f.pairs) for f in i.forms)
    first = min((f.pairs[0] for f in i.forms if f.pairs), default=-1)
    return (
        i.document,
        _REASON_RANK.get(i.reason, len(_REASON_RANK)),
        -places,
        first,
        i.counterpart.casefold(),
        tuple(f.text for f in i.forms),
    )


def gather_inconsistencies(
    a: Document,
    b: Document,
    pairs: Sequence[Pair],
    jobs: int | None = 1,
    tick: Tick | None = None,
) -> tuple[Inconsistency, ...]:
    """Every inconsistency within A and within B (see the module's docstring)."""
    side_a, side_b = _Side.of(a), _Side.of(b)
    text_a, text_b = _Words(a), _Words(b)
    holders_a, holders_b = _holders(pairs)
    found = _counterpart_inconsistencies(a, b, pairs, text_a, text_b, jobs, part(tick, 0, 0.85))
    found += _repeat_inconsistencies(a, b, pairs)
    found += _quotation_inconsistencies(side_a, side_b, pairs)
    words_a, words_b = _WordIndex(text_a, holders_a), _WordIndex(text_b, holders_b)
    found += _spelling_inconsistencies("a", words_a, words_b.forms_by_key())
    found += _spelling_inconsistencies("b", words_b, words_a.forms_by_key())
    found += _convention_inconsistency("a", words_a)
    found += _convention_inconsistency("b", words_b)
    return tuple(sorted(found, key=inconsistency_sort_key))


# --- The stage ----------------------------------------------------------------


class Namer:
    """Names the edits of one pair at a time (`annotate` without the gathering).

    Holds what every pair shares: each side's sentence starts, headings and
    quotations, and the analysis of every edit text met so far (a book
    repeats most of them). Pairs are independent, so they may be named in
    several processes.
    """

    def __init__(self, a: Document, b: Document) -> None:
        self.side_a, self.side_b = _Side.of(a), _Side.of(b)
        self.infos = _Memo(_edit_info)

    def __call__(self, pair: Pair) -> Pair:
        """The pair with each edit's kind and flags filled."""
        return _annotate_pair(pair, self.side_a, self.side_b, self.infos)


def gather(
    a: Document,
    b: Document,
    pairs: Sequence[Pair],
    jobs: int | None = 1,
    tick: Tick | None = None,
) -> tuple[tuple[Variant, ...], tuple[Inconsistency, ...]]:
    """The variants and the inconsistencies of named pairs (see `Namer`).

    `jobs` processes share the work on long texts (None: every core); `tick`
    is told the share of the work done.
    """
    with paused_gc():
        variants = gather_variants(pairs)
        if tick is not None:
            tick(0.3)
        return variants, gather_inconsistencies(a, b, pairs, jobs, part(tick, 0.3, 1.0))


def annotate(
    a: Document, b: Document, pairs: tuple[Pair, ...]
) -> tuple[tuple[Pair, ...], tuple[Variant, ...], tuple[Inconsistency, ...]]:
    """Fill every edit's kind and flags; gather the variants and the inconsistencies."""
    with paused_gc():
        namer = Namer(a, b)
        named = tuple(map(namer, pairs))
        return (named, *gather(a, b, named))


def parse_kinds(value: str) -> tuple[str, ...]:
    """``"spelling,case"`` -> ``("spelling", "case")``; raises ValueError on an unknown kind."""
    kinds = tuple(dict.fromkeys(k.strip() for k in value.split(",") if k.strip()))
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown kind {', '.join(unknown)} (kinds: {', '.join(KINDS)})")
    return kinds
