"""Spelling variants: one key for every spelling of a word (US/UK and other orthography).

Two words are spelling variants when their `spelling_key`s agree: case,
apostrophes and hyphens are folded ("people-to-people", "people to people"),
and a small rule set rewrites British and other spellings towards American
ones (-ise/-ize, -our/-or, -re/-er, -ence/-ense, doubled consonants, -ogue,
-mme, ae/oe, judgement, ageing, towards), with every inflection
("multilateralisation" and "multilateralization" share a key).

The rules were checked against a licensed word list, and the list corrects
them: ``data/spelling-variants.tsv`` is built (``python tools/build_spelling.py``)
from SCOWL, the Spell-Checker Oriented Word Lists (see
``data/LICENSE-SCOWL.txt``), and from breame's US/UK spelling pairs
(Apache-2.0, see ``data/LICENSE-breame.txt``). From SCOWL it takes the
groups of listed words that the rules join, the US spelling and convention
of each member, and the rule keys shared by two distinct everyday words
("filling"/"filing"), which are never joined. From breame it takes its
list of British/American pairs: the tests check the rules against it, and
the pairs that no rule joins ("grey"/"gray", "chequered"/"checkered") are joined
by the list.
Unlisted words (the rules' whole point: "multilateralisation" is in no list)
get the rules alone.

To rebuild the table (only when the rules or the sources change)::

    apt-get download scowl && dpkg -x scowl_*.deb scowl     # Debian's SCOWL 2020.12.07
    pip download --no-deps --no-binary :all: breame==0.1.2 && tar xzf breame-0.1.2.tar.gz
    python tools/build_spelling.py scowl/usr/share/dict/scowl \
        breame-0.1.2/breame/data/spelling_constants.py > align/lexicon/data/spelling-variants.tsv

>>> spelling_key("Multilateralisation") == spelling_key("multilateralization")
True
>>> spelling_key("people-to-people") == phrase_key(["people", "to", "people"])
True
>>> same_spelling("defence", "defense"), same_spelling("filling", "filing")
(True, False)
>>> us_form("Favourable"), convention("favourable"), convention("civilization")
('Favorable', 'uk', 'ize')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from align.runtime.scope import scoped_cache

#: Conventions a word can mark. ``us``: US only (defense, color); ``ize``:
#: US, and British in the Oxford -ize style (civilization); ``uk``: British,
#: with -ise or -ize (defence, colour); ``ise``: British -ise (civilisation).
CONVENTIONS = ("us", "ize", "uk", "ise")

DATA_FILE = "spelling-variants.tsv"

_HYPHENS = re.compile(r"[-‐‑]")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})

# Applied in order to a lower-case word without hyphens. Each rewrites a
# British (or otherwise variant) spelling to the American one and leaves
# American spellings as they are, except the doubled-l and ae/oe rules, which
# fold both sides to one form (fulfil/fulfill, archaeology/archeology).
_RULES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern), replacement, needle)
    for pattern, replacement, needle in (
        (r"(?<=[a-z])ae|^ae(?=[a-z]{3})", "e", "ae"),  # anaemia, aesthetic
        (r"(?<=[a-z])oe(?=[a-z])|^oe(?=[a-z]{3})", "e", "oe"),  # foetal, oestrogen
        (r"is(e|ed|es|ing|er|ers|able|ably|ation|ations|ational|ationally)$", r"iz\1", "is"),
        (r"ys(e|ed|es|er|ers|ing)$", r"yz\1", "ys"),  # analyse
        (
            r"(?<=[a-z]{2})our(s|ed|ing|able|ably|ably|ite|ites|itism|ful|fully|less|er|ers"
            r"|ism|ist|ists|al|ally|iz(?:e|ed|es|ing|ation|ations))?$",
            r"or\1",
            "our",
        ),
        (r"([btv])re(s|d)?$", r"\1er\2", "re"),  # centre, fibre, manoeuvre
        (r"([btv])r(ing)$", r"\1er\2", "ring"),  # centring
        (r"([cft])ence(s|less)?$", r"\1ense\2", "ence"),  # licence, defence, pretence
        (r"ll", "l", "ll"),  # travelled, fulfil, instalment
        (r"ogue(s)?$", r"og\1", "ogue"),  # catalogue, dialogue
        (r"mme(s)?$", r"m\1", "mme"),  # programme
        (r"dgement(s)?$", r"dgment\1", "dgement"),  # judgement
        (r"geing$", "ging", "geing"),  # ageing
    )
)
# The third column of each rule is a piece of text that every match of its
# pattern contains: a word without it is left alone without running the
# pattern (most words, most rules; a regular expression costs about 1 µs a call).

# Whole-word patterns of the productive British/American suffixes; an unlisted
# word that matches is tagged with the convention (unless SCOWL lists it as an
# everyday word, such as "improvisation" or "advise").
_FALLBACK_TAGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[a-z]{3}is(e|ed|es|ing|ation|ations)$"), "ise"),
    (re.compile(r"[a-z]{3}iz(e|ed|es|ing|ation|ations)$"), "ize"),
)


_ISE = re.compile(r"is(e|ed|es|ing|ation|ations)$")
# Directional adverbs, spelled with -ward in the US and -wards in the UK.
_WARDS = re.compile(
    r"(?:to|after|for|back|up|down|in|out|on|home|east|west|north|south|sea|sky|heaven"
    r"|earth|land|side)wards$"
)


def rule_key(word: str) -> str:
    """The rules alone, on one lower-case word without hyphens.

    >>> [rule_key(w) for w in ("colourful", "centre", "travelled", "analysing")]
    ['colorful', 'center', 'traveled', 'analyzing']
    """
    for pattern, replacement, needle in _RULES:
        if needle in word:  # else the pattern cannot match
            word = pattern.sub(replacement, word)
    return word


@dataclass(frozen=True)
class _Tables:
    """The shipped word list, as lookups."""

    key: dict[str, str]  # listed word -> its group's key (breame's joins included)
    us: dict[str, str]  # group key -> the US spelling
    tag: dict[str, str]  # listed word -> convention
    blocked: frozenset[str]  # rule keys shared by distinct everyday words
    keep: frozenset[str]  # everyday words the fallback tags must leave alone
    pairs: tuple[tuple[str, str], ...]  # breame's (British, American) pairs, as shipped


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    key: dict[str, str] = {}
    us: dict[str, str] = {}
    tag: dict[str, str] = {}
    blocked: set[str] = set()
    keep: set[str] = set()
    pairs: list[tuple[str, str]] = []
    data = resources.files("align.lexicon").joinpath("data").joinpath(DATA_FILE)
    text = data.read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        row = line.split("\t")
        if row[0] == "G":  # group: key, US form, members word:tag
            group_key, us[row[1]] = row[1], row[2]
            for member in row[3].split():
                word, _, convention_ = member.partition(":")
                key[word] = group_key
                if convention_:
                    tag[word] = convention_
        elif row[0] == "B":
            blocked.add(row[1])
        elif row[0] == "K":
            keep.update(row[1].split())
        elif row[0] == "P":
            pairs.append((row[1], row[2]))
    blocked_ = frozenset(blocked)
    # breame's pairs that neither the groups nor the rules join ("grey"/"gray"):
    # the British word joins the American word's group, or its rule key.
    for british, american in pairs:
        target = key.get(american) or rule_key(american)
        if target in blocked_:
            continue
        if key.get(british, rule_key(british)) != target:
            key[british] = target
            us.setdefault(target, american)
    return _Tables(key, us, tag, blocked_, frozenset(keep), tuple(pairs))


def normalise(word: str) -> str:
    """Case folded, curly apostrophes made straight."""
    return word.casefold().translate(_APOSTROPHES)


def without_accents(word: str) -> str:
    """The word with its diacritics dropped ("Nguyễn" -> "nguyen", "Đà" -> "da")."""
    folded = unicodedata.normalize("NFKD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in folded if not unicodedata.combining(c))


@scoped_cache(maxsize=1 << 16)
def _word_key(word: str) -> str:
    if not word.isascii():
        # A name written with or without its accents is one spelling ("Nguyễn
        # Xuân Phúc" / "Nguyen Xuan Phuc"), as a reader takes it.
        bare = without_accents(word)
        if bare != word:
            return _word_key(bare)
    if word.endswith("'s") and len(word) > 3:  # a possessive keeps its ending
        return _word_key(word[:-2]) + "'s"
    tables = _tables()
    listed = tables.key.get(word)
    if listed is not None:
        return listed
    if _WARDS.match(word):  # toward/towards: both everyday words, so no rule may join them
        return word[:-1]
    ruled = rule_key(word)
    return word if ruled in tables.blocked else ruled


@scoped_cache(maxsize=1 << 17)
def spelling_key(word: str) -> str:
    """One key for all spellings of a word; hyphens and case do not count.

    A phrase's key is the concatenation of its words' keys, so that a
    hyphenated, spaced or closed compound has one key.
    """
    return "".join(_word_key(part) for part in _HYPHENS.split(normalise(word)) if part)


def phrase_key(words: Iterable[str]) -> str:
    """`spelling_key` of a run of words (spaces, hyphens and case folded)."""
    return "".join(spelling_key(w) for w in words)


def same_spelling(a: str, b: str) -> bool:
    """True when `a` and `b` differ but are spellings of the same word or compound.

    Both may be phrases ("people to people", "people-to-people").
    """
    if normalise(a) == normalise(b):
        return False
    return phrase_key(a.split()) == phrase_key(b.split())


@scoped_cache(maxsize=1 << 17)
def convention(word: str) -> str:
    """The spelling convention `word` marks (one of `CONVENTIONS`), or ``""``."""
    word = normalise(word)
    tables = _tables()
    if word in tables.tag:
        return tables.tag[word]
    if word in tables.key or word in tables.keep or "-" in word:
        return ""
    return _fallback_tag(word)


def _fallback_tag(word: str) -> str:
    for pattern, convention_ in _FALLBACK_TAGS:
        if pattern.search(word):
            return convention_
    return ""


def us_form(word: str) -> str:
    """The American spelling of `word`, in the same letter case; unchanged if none.

    >>> us_form("Centre"), us_form("multilateralisation"), us_form("advise")
    ('Center', 'multilateralization', 'advise')
    """
    lower = normalise(word)
    tables = _tables()
    if lower in tables.key:
        target = tables.us.get(tables.key[lower], lower)
    elif convention(lower) == "ise":
        target = _ISE.sub(r"iz\1", lower)
    else:
        return word
    if target == lower:
        return word
    if word.isupper():
        return target.upper()
    if word[:1].isupper():
        return target[:1].upper() + target[1:]
    return target
