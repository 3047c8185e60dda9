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

Cost: linear in the number of edits and tokens, with small per-word caches.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache

from align.model import Document, Edit, Form, Inconsistency, Pair, Place, Sentence, Variant
from align.segmenting import tokenize
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
_REPORTING = re.compile(
    r"\baccording to\b|\b(?:said|says|say|stated|states|affirmed|affirms|stressed|stresses"
    r"|emphasi[sz]ed|emphasi[sz]es|underlined|underscored|highlighted|noted|notes|added"
    r"|asserted|pointed out|expressed|reiterated|insisted|urged|told|confirmed|declared"
    r"|announced|believes?|wrote|writes|argued|warned|observed|remarked|explained"
    r"|acknowledged|maintained|held)\b"
    r"(?:(?:\s+[\w’'-]+){0,2}?\s+that\b|(?=\s*(?:[.,;:!?”\"]|$)))",
    re.IGNORECASE,
)
# Characters that may stand between a sentence start and its first word.
_OPENERS = "“‘\"'([{–—-"
_QUOTES = re.compile(r"“([^”\n]{1,2000})”|\"([^\"\n]{1,2000})\"")
#: Longest phrase (in words) whose other renderings are looked up.
MAX_PHRASE_WORDS = 8
#: A rendering counts in a counterpart inconsistency from this many pairs on.
MIN_FORM_PLACES = 2


# --- Words ------------------------------------------------------------------


@lru_cache(maxsize=1 << 15)
def _words(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in tokenize(text) if t.kind != "punct")


@lru_cache(maxsize=1 << 17)
def _typographic(word: str) -> str:
    """Apostrophe and hyphen kinds folded (they are typography, not spelling)."""
    return normalise(word).replace("‐", "-").replace("‑", "-")


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


def _fold_phrase(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(inflection_fold(w) for w in words)


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    from align._nltk import nltk_classes

    return nltk_classes()[2]("english")


@lru_cache(maxsize=1 << 16)
def _stem(key: str) -> str:
    return _stemmer().stem(key)


@lru_cache(maxsize=1 << 17)
def _match_key(word: str) -> str:
    """Spelling key with a possessive dropped: "Minh’s" and "Minh" match."""
    key = spelling_key(word)
    return key[:-2] if key.endswith("'s") else key.rstrip("'")


def form_related(a: str, b: str) -> bool:
    """True when two different words share a stem: independent/independence.

    >>> form_related("self-reliant", "self-reliance"), form_related("mission", "missile")
    (True, False)
    """
    ka, kb = _match_key(a), _match_key(b)
    if ka == kb:
        return False
    sa, sb = _stem(ka), _stem(kb)
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


def _marks(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in tokenize(text) if t.kind == "punct")


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
    for w in words:
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


_Analysis = tuple[str, list[str], list[str], list[str], list[str]]


def _analyse(a_text: str, b_text: str) -> _Analysis:
    """The kind; the words of each side that the other lacks, less (then with) shared stems.

    Returns ``(kind, left_a, left_b, changed_a, changed_b)``: ``changed_*`` are
    the words that differ (case, typography and spelling aside), ``left_*``
    those of them that no changed form on the other side accounts for.
    """
    wa, wb = _words(a_text), _words(b_text)
    if not wa and not wb:
        return "punctuation", [], [], [], []
    if wa == wb:
        return "punctuation", [], [], [], []
    ta, tb = [_typographic(w) for w in wa], [_typographic(w) for w in wb]
    if [w.casefold() for w in wa] == [w.casefold() for w in wb]:
        # ". The" against ", the": the capital follows the punctuation.
        same_marks = _marks(a_text) == _marks(b_text)
        return ("case" if same_marks else "punctuation"), [], [], [], []
    if ta == tb:
        return "punctuation", [], [], [], []  # apostrophe or hyphen kind, possibly with case
    if phrase_key(wa) == phrase_key(wb) or _expanded(ta) == _expanded(tb):
        return "spelling", [], [], [], []  # US/UK, hyphenation, or a contraction (it's / it is)
    ka, kb = [_match_key(w) for w in wa], [_match_key(w) for w in wb]
    ra = [wa[n] for n in _multiset_minus(ka, kb)]
    rb = [wb[n] for n in _multiset_minus(kb, ka)]
    if not ra and not rb:
        # The same words: elsewhere ("strong and prosperous" / "prosperous and
        # strong"), or in place but for a possessive ("Minh" / "Minh’s").
        return ("form" if ka == kb else "order"), [], [], [], []
    # Pair what is left by shared stems, in order.
    forms = 0
    used = [False] * len(rb)
    left_a = []
    for w in ra:
        for n, v in enumerate(rb):
            if not used[n] and form_related(w, v):
                used[n] = True
                forms += 1
                break
        else:
            left_a.append(w)
    left_b = [v for n, v in enumerate(rb) if not used[n]]
    content_a = [w for w in left_a if normalise(w) not in FUNCTION_WORDS]
    content_b = [w for w in left_b if normalise(w) not in FUNCTION_WORDS]
    if not content_a and not content_b:
        return ("form" if forms else "function-word"), left_a, left_b, ra, rb
    if forms:
        return "lexical", left_a, left_b, ra, rb  # a changed form plus other words: a rewording
    # Words on one side only, the other side's all found: an insertion or
    # omission. Anything else left on both sides ("both" -> "a") is a rewording.
    if not left_a:
        return "insertion", left_a, left_b, ra, rb
    if not left_b:
        return "omission", left_a, left_b, ra, rb
    return "lexical", left_a, left_b, ra, rb


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


def _token_flags(text: str, offset: int, side: _Side | None, changed: Sequence[str]) -> set[str]:
    """Flags of the `changed` words of one side of an edit (a word kept as is flags nothing)."""
    wanted = Counter(changed)
    flags: set[str] = set()
    if not wanted:
        return flags
    for token in tokenize(text, offset):
        if token.kind == "punct" or not wanted[token.text]:
            continue
        wanted[token.text] -= 1
        word = token.text
        lower = normalise(word)
        if token.kind == "number" or lower in _NUMBER_WORDS:
            flags.add("number")
            if _YEAR.fullmatch(word):
                flags.add("date")
        if word in _MONTHS:
            flags.add("date")
        if lower in _NEGATIONS or lower.endswith("n't"):
            flags.add("negation")
        if lower in _MODALS:
            flags.add("modal")
        if word[:1].isupper() and word not in _MONTHS and word != "I":
            initial = side.is_initial(token.start) if side is not None else offset == token.start
            if not initial:
                flags.add("name")
    return flags


def _reporting_verbs(text: str, within: int) -> set[str]:
    """Reporting verbs of clauses starting in ``text[:within]`` (the rest is context)."""
    return {
        normalise(m.group().split()[0]) for m in _REPORTING.finditer(text) if m.start() < within
    }


def edit_flags(
    edit: Edit,
    side_a: _Side | None = None,
    side_b: _Side | None = None,
    analysis: _Analysis | None = None,
) -> tuple[str, ...]:
    """Substance and attribution flags of one edit (context from the documents, if given).

    Typography and case (``punctuation``, ``case``) flag nothing: no word changed.
    """
    kind, _, _, changed_a, changed_b = analysis or _analyse(edit.a_text, edit.b_text)
    if kind in ("punctuation", "case"):
        return ()
    flags = _token_flags(edit.a_text, edit.a_start, side_a, changed_a)
    flags |= _token_flags(edit.b_text, edit.b_start, side_b, changed_b)
    if (side_a is not None and side_a.in_quote(edit.a_start, edit.a_end)) or (
        side_b is not None and side_b.in_quote(edit.b_start, edit.b_end)
    ):
        flags.add("quote")
    # A reporting clause's "that" often lies just outside the edit.
    after_a = side_a.doc.text[edit.a_end : edit.a_end + 12] if side_a else ""
    after_b = side_b.doc.text[edit.b_end : edit.b_end + 12] if side_b else ""
    verbs_a = _reporting_verbs(edit.a_text + after_a, len(edit.a_text))
    verbs_b = _reporting_verbs(edit.b_text + after_b, len(edit.b_text))
    if verbs_a != verbs_b:
        flags.add("attribution")
    return tuple(sorted(flags, key=_FLAG_RANK.__getitem__))


def _content_keys(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(_match_key(w) for w in words if normalise(w) not in FUNCTION_WORDS))


def _mark_moves(edits: list[Edit], extra: list[tuple[list[str], list[str]]]) -> list[Edit]:
    """Words that one edit of a pair drops and another adds back: both edits are ``order``.

    `extra` holds, per edit, the words only its A side and only its B side have.
    """
    waiting: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for n, e in enumerate(edits):
        if e.kind == "insertion":
            keys = _content_keys(extra[n][1])
            if keys:
                waiting[keys].append(n)
    out = list(edits)
    for n, e in enumerate(edits):
        if e.kind != "omission":
            continue
        keys = _content_keys(extra[n][0])
        if keys and waiting.get(keys):
            m = waiting[keys].pop(0)
            out[n] = replace(out[n], kind="order")
            out[m] = replace(out[m], kind="order")
    return out


def _annotate_pair(pair: Pair, side_a: _Side, side_b: _Side) -> Pair:
    if not pair.edits:
        return pair
    edits, extra = [], []
    for e in pair.edits:
        analysis = _analyse(e.a_text, e.b_text)
        flags = edit_flags(e, side_a, side_b, analysis)
        edits.append(replace(e, kind=analysis[0], flags=flags))
        extra.append((analysis[1], analysis[2]))
    return replace(pair, edits=tuple(_mark_moves(edits, extra)))


# --- Variants ---------------------------------------------------------------


def _variant_key(edit: Edit) -> tuple[str, ...]:
    if edit.kind in ("punctuation", "case"):
        return (edit.kind, " ".join(edit.a_text.split()), " ".join(edit.b_text.split()))
    if edit.kind == "form":  # the inflection is the difference: keep it
        return (
            "form",
            " ".join(normalise(w) for w in _words(edit.a_text)),
            " ".join(normalise(w) for w in _words(edit.b_text)),
        )
    return (
        "words",
        " ".join(_fold_phrase(_words(edit.a_text))),
        " ".join(_fold_phrase(_words(edit.b_text))),
    )


def _most_common(texts: Sequence[str]) -> str:
    """The most frequent text; ties go to the one seen first."""
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
    groups: dict[tuple[str, ...], list[tuple[Place, Edit]]] = {}
    for pair in pairs:
        for n, edit in enumerate(pair.edits):
            groups.setdefault(_variant_key(edit), []).append((Place(pair.id, n), edit))
    variants = []
    for members in groups.values():
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


def _trim(text: str) -> str:
    """One line, without the punctuation an edit may carry at its ends ("“Behold")."""
    return re.sub(r"^[^\w]+|[^\w]+$", "", " ".join(text.split()))


def _coordinated(text: str, start: int, end: int, other: str, o_start: int, o_end: int):
    """Widen an edit over an "and X" / "X and" that both sides share ("vital and regular")."""
    after = re.match(r"\s+(?:and|or)\s+[\w’'-]+", text[end : end + 40])
    o_after = re.match(r"\s+(?:and|or)\s+[\w’'-]+", other[o_end : o_end + 40])
    if after and o_after and normalise(after.group()) == normalise(o_after.group()):
        end, o_end = end + after.end(), o_end + o_after.end()
    before = re.search(r"[\w’'-]+\s+(?:and|or)\s+$", text[max(start - 40, 0) : start])
    o_before = re.search(r"[\w’'-]+\s+(?:and|or)\s+$", other[max(o_start - 40, 0) : o_start])
    if before and o_before and normalise(before.group()) == normalise(o_before.group()):
        start -= len(before.group())
        o_start -= len(o_before.group())
    return start, end, o_start, o_end


def _forms(found: dict[tuple[str, ...], tuple[list[str], set[int]]]) -> tuple[Form, ...]:
    forms = [Form(_most_common(texts), tuple(sorted(pairs))) for texts, pairs in found.values()]
    return tuple(sorted(forms, key=lambda f: (f.pairs, f.text)))


def _counterpart_inconsistencies(
    a: Document, b: Document, pairs: Sequence[Pair]
) -> list[Inconsistency]:
    """One text rendering the other's same wording in two or more ways."""
    out = []
    repeat_groups = [{p.id, *p.related} for p in pairs if p.relation == "repeat" and p.related]
    equal_runs = {
        p.id: (
            _equal_runs(a.sentences, p.a, [(e.a_start, e.a_end) for e in p.edits]),
            _equal_runs(b.sentences, p.b, [(e.b_start, e.b_end) for e in p.edits]),
        )
        for p in pairs
        if p.a and p.b
    }
    for side in ("a", "b"):
        mine, other = (a, b) if side == "a" else (b, a)
        # counterpart key -> (counterpart texts, {my form key: ([texts], {pairs})})
        seen: dict[tuple[str, ...], tuple[list[str], dict]] = {}
        for pair in pairs:
            for edit in pair.edits:
                if edit.op != "replace" or edit.kind not in ("lexical", "form"):
                    continue
                s, e, os_, oe = (
                    (edit.a_start, edit.a_end, edit.b_start, edit.b_end)
                    if side == "a"
                    else (edit.b_start, edit.b_end, edit.a_start, edit.a_end)
                )
                s, e, os_, oe = _coordinated(mine.text, s, e, other.text, os_, oe)
                theirs = _words(other.text[os_:oe])
                key = _fold_phrase(theirs)
                if not key or len(key) > MAX_PHRASE_WORDS:
                    continue
                if len(_words(mine.text[s:e])) > MAX_PHRASE_WORDS:
                    continue  # a rewritten clause, not a rendering of a phrase
                if all(w in _PLAIN_WORDS for w in key):
                    continue
                my_text = _trim(mine.text[s:e])
                texts, found = seen.setdefault(key, ([], {}))
                texts.append(_trim(other.text[os_:oe]))
                my_key = _fold_phrase(_words(my_text))
                entry = found.setdefault(my_key, ([], set()))
                entry[0].append(my_text)
                entry[1].add(pair.id)
        if not seen:
            continue
        # Where the counterpart wording stands unchanged in both texts of a pair.
        # Keys by first word, so that most words cost one lookup.
        lengths_from: dict[str, set[int]] = defaultdict(set)
        for key in seen:
            lengths_from[key[0]].add(len(key))
        for pair in pairs:
            if pair.id not in equal_runs:
                continue
            sa, sb = equal_runs[pair.id]
            my_runs, their_runs = (sa, sb) if side == "a" else (sb, sa)
            mine_words: set[str] | None = None
            for run in their_runs:
                for k, word in enumerate(run):
                    for n in lengths_from.get(word, ()):
                        gram = run[k : k + n]
                        if len(gram) != n or gram not in seen:
                            continue
                        if mine_words is None:
                            mine_words = {w for r in my_runs for w in r}
                        if gram[0] in mine_words and (n == 1 or _has_gram(my_runs, gram)):
                            texts, found = seen[gram]
                            entry = found.setdefault(gram, ([], set()))
                            entry[0].append(texts[0])
                            entry[1].add(pair.id)
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


def _has_gram(runs: Sequence[tuple[str, ...]], gram: tuple[str, ...]) -> bool:
    n = len(gram)
    return any(
        run[k : k + n] == gram for run in runs for k in range(len(run) - n + 1) if run[k] == gram[0]
    )


def _equal_runs(
    sentences: Sequence[Sentence], ids: Sequence[int], edits: Sequence[tuple[int, int]]
) -> list[tuple[str, ...]]:
    """The folded words of a pair's side that no edit touches, in unbroken runs.

    An edit, even an empty one (the place of an insertion), ends a run: the
    words on either side of it are not next to each other in the other text.
    """
    if not edits:  # the usual case in a close translation: one run per sentence side
        return [
            tuple(
                inflection_fold(t.text)
                for i in ids
                for t in sentences[i].tokens
                if t.kind != "punct"
            )
        ]
    cuts = sorted(edits)
    runs: list[tuple[str, ...]] = []
    run: list[str] = []
    k = 0
    for i in ids:
        for t in sentences[i].tokens:
            passed = False
            while k < len(cuts) and (
                cuts[k][1] <= t.start if cuts[k][0] < cuts[k][1] else cuts[k][0] <= t.start
            ):
                k += 1
                passed = True
            touched = k < len(cuts) and cuts[k][0] < t.end and cuts[k][1] > t.start
            if (passed or touched) and run:
                runs.append(tuple(run))
                run = []
            if not touched and t.kind != "punct":
                run.append(inflection_fold(t.text))
    if run:
        runs.append(tuple(run))
    return runs


@dataclass(frozen=True)
class _WordIndex:
    """The words of one text's paired sentences: each distinct word with its pairs."""

    pairs_of: dict[str, set[int]]  # word as written -> ids of the pairs holding it
    count: Counter  # word as written -> occurrences
    runs: list[tuple[list, list[int]]]  # (word tokens of a sentence, its pair ids)

    @classmethod
    def of(cls, doc: Document, holders: dict[int, list[int]]) -> _WordIndex:
        sids_of: dict[str, list[int]] = defaultdict(list)
        count: Counter = Counter()
        runs = []
        for sid in sorted(holders):
            words = [t for t in doc.sentences[sid].tokens if t.kind == "word"]
            runs.append((words, holders[sid]))
            for t in words:
                sids_of[t.text].append(sid)
                count[t.text] += 1
        pairs_of = {
            w: {p for sid in dict.fromkeys(sids) for p in holders[sid]}
            for w, sids in sids_of.items()
        }
        return cls(pairs_of, count, runs)

    def forms_by_key(self) -> dict[str, Counter]:
        """Spelling key -> how often each written form (typography folded) occurs."""
        out: dict[str, Counter] = defaultdict(Counter)
        for word, n in self.count.items():
            out[spelling_key(word)][_typographic(word)] += n
        return out


def _spelling_inconsistencies(
    doc: Document, side: str, index: _WordIndex, other_forms: dict[str, Counter]
) -> list[Inconsistency]:
    """One text spelling a word (or compound) two ways: "defense" and "defence"."""
    found: dict[str, dict[str, tuple[list[str], set[int]]]] = defaultdict(dict)
    # A hyphenated word's first part -> (number of parts, key), to find it spaced.
    compounds: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for word, pair_ids in index.pairs_of.items():
        if len(word) < 3:
            continue
        key = spelling_key(word)
        form = _typographic(word)
        entry = found[key].setdefault(form, ([], set()))
        entry[0].extend([word] * index.count[word])
        entry[1].update(pair_ids)
        if "-" in form:
            parts = form.split("-")
            compounds[spelling_key(parts[0])].add((len(parts), key))
    if compounds:
        for words, pair_ids in index.runs:
            for k, token in enumerate(words):
                for n, key in compounds.get(spelling_key(token.text), ()):
                    run = words[k : k + n]
                    if (
                        len(run) == n
                        and all(doc.text[x.end : y.start].isspace() for x, y in zip(run, run[1:]))
                        and phrase_key(t.text for t in run) == key
                    ):
                        text = " ".join(t.text for t in run)
                        entry = found[key].setdefault(_typographic(text), ([], set()))
                        entry[0].append(text)
                        entry[1].update(pair_ids)
    out = []
    for key, forms in found.items():
        if len(forms) < 2:
            continue
        counterpart = ""
        if other_forms.get(key):
            counterpart = min(other_forms[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        out.append(
            Inconsistency(
                side,
                _forms({(f,): v for f, v in forms.items()}),
                counterpart,
                "spelling",
            )
        )
    return out


def _convention_inconsistency(side: str, index: _WordIndex) -> list[Inconsistency]:
    """A text mixing US and UK spelling (or -ize and -ise), named with its words."""
    words: dict[str, dict[str, set[int]]] = {c: {} for c in ("us", "ize", "uk", "ise")}
    for word, pair_ids in index.pairs_of.items():
        tag = convention(word)
        if tag:
            words[tag].setdefault(normalise(word), set()).update(pair_ids)

    def form(label: str, tags: Sequence[str]) -> Form:
        listed = {w: p for t in tags for w, p in words[t].items()}
        order = sorted(listed, key=lambda w: (min(listed[w]), w))
        return Form(f"{label}: {', '.join(order)}", tuple(sorted(set().union(*listed.values()))))

    if words["us"] and (words["uk"] or words["ise"]):
        forms = (form("US", ("us", "ize")), form("UK", ("uk", "ise")))
        return [Inconsistency(side, forms, "US/UK spelling", "convention")]
    if words["ize"] and words["ise"]:
        forms = (form("-ize", ("ize",)), form("-ise", ("ise",)))
        return [Inconsistency(side, forms, "-ize/-ise spelling", "convention")]
    return []


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
    a: Document, b: Document, pairs: Sequence[Pair]
) -> tuple[Inconsistency, ...]:
    """Every inconsistency within A and within B (see the module's docstring)."""
    side_a, side_b = _Side.of(a), _Side.of(b)
    holders_a, holders_b = _holders(pairs)
    found = _counterpart_inconsistencies(a, b, pairs)
    found += _repeat_inconsistencies(a, b, pairs)
    found += _quotation_inconsistencies(side_a, side_b, pairs)
    words_a, words_b = _WordIndex.of(a, holders_a), _WordIndex.of(b, holders_b)
    found += _spelling_inconsistencies(a, "a", words_a, words_b.forms_by_key())
    found += _spelling_inconsistencies(b, "b", words_b, words_a.forms_by_key())
    found += _convention_inconsistency("a", words_a)
    found += _convention_inconsistency("b", words_b)
    return tuple(sorted(found, key=inconsistency_sort_key))


# --- The stage ----------------------------------------------------------------


def annotate(
    a: Document, b: Document, pairs: tuple[Pair, ...]
) -> tuple[tuple[Pair, ...], tuple[Variant, ...], tuple[Inconsistency, ...]]:
    """Fill every edit's kind and flags; gather the variants and the inconsistencies."""
    side_a, side_b = _Side.of(a), _Side.of(b)
    annotated = tuple(_annotate_pair(p, side_a, side_b) for p in pairs)
    return annotated, gather_variants(annotated), gather_inconsistencies(a, b, annotated)


def parse_kinds(value: str) -> tuple[str, ...]:
    """``"spelling,case"`` -> ``("spelling", "case")``; raises ValueError on an unknown kind."""
    kinds = tuple(dict.fromkeys(k.strip() for k in value.split(",") if k.strip()))
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown kind {', '.join(unknown)} (kinds: {', '.join(KINDS)})")
    return kinds
