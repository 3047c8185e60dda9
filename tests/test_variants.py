"""Naming and gathering the differences: kinds, flags, variants, inconsistencies, renderers.

The seed tests compare the pipeline's output with a hand-made list of the
seed pair's variants (tests/fixtures/seed_variants.json, read off the texts).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from align.gathering import annotate
from align.gathering.variants import gather_variants
from align.lexicon.spelling import (
    _tables,
    convention,
    phrase_key,
    rule_key,
    same_spelling,
    spelling_key,
    us_form,
)
from align.model import (
    FLAGS,
    KINDS,
    NOISE_KINDS,
    Comparison,
    Document,
    Edit,
    Options,
    Pair,
    Sentence,
    parse_kinds,
)
from align.naming.flags import edit_flags
from align.naming.kinds import classify
from align.naming.words import inflection_fold
from align.rendering.variants import FORMATS, render_variants
from align.segmenting import tokenize

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "seed_variants.json"

# --- Building documents and pairs by hand --------------------------------------


def document(label: str, *sentences: str) -> Document:
    """A document of one-line sentences, tokens as the segmenter makes them."""
    text = "\n".join(sentences) + "\n"
    out, pos = [], 0
    for n, s in enumerate(sentences):
        out.append(Sentence(n, pos, pos + len(s), n, False, s, tokenize(s, pos)))
        pos += len(s) + 1
    return Document(label, f"{label}.txt", "0" * 64, "utf-8", "text", text, tuple(out))


def edit_at(
    a: Document,
    b: Document,
    a_text: str,
    b_text: str,
    a_from: int = 0,
    b_from: int = 0,
    a_after: str = "",
    b_after: str = "",
) -> Edit:
    """An edit of `a_text` (found in A at or after `a_from`) into `b_text`.

    An empty side sits right after `a_after`/`b_after`.
    """

    def span(doc: Document, text: str, start: int, after: str) -> tuple[int, int]:
        if text:
            s = doc.text.index(text, start)
            return s, s + len(text)
        s = doc.text.index(after, start) + len(after)
        return s, s

    a0, a1 = span(a, a_text, a_from, a_after)
    b0, b1 = span(b, b_text, b_from, b_after)
    op = "replace" if a_text and b_text else "delete" if a_text else "insert"
    return Edit(op, a0, a1, b0, b1, a_text, b_text)


# --- Kinds --------------------------------------------------------------------

KIND_CASES = [
    # spelling: US/UK, every inflection, hyphenation and spacing
    ("defense", "defence", "spelling"),
    ("Defense", "defence", "spelling"),
    ("multilateralization", "multilateralisation", "spelling"),
    ("civilizations", "civilisations", "spelling"),
    ("organized", "organised", "spelling"),
    ("colorful", "colourful", "spelling"),
    ("center", "centre", "spelling"),
    ("theaters", "theatres", "spelling"),
    ("license", "licence", "spelling"),
    ("traveled", "travelled", "spelling"),
    ("labeling", "labelling", "spelling"),
    ("fulfillment", "fulfilment", "spelling"),
    ("analyze", "analyse", "spelling"),
    ("catalog", "catalogue", "spelling"),
    ("program", "programme", "spelling"),
    ("judgment", "judgement", "spelling"),
    ("pediatric", "paediatric", "spelling"),
    ("gray", "grey", "spelling"),
    ("people to people", "people-to-people", "spelling"),
    ("nontraditional", "non-traditional", "spelling"),
    ("top priority", "top-priority", "spelling"),
    (", multilateralization,", "; multilateralisation", "spelling"),
    ("toward", "towards", "spelling"),
    ("neighbor's", "neighbour’s", "spelling"),
    ("it is", "it’s", "spelling"),
    ("did not", "didn't", "spelling"),
    # case
    ("Key", "key", "case"),
    ("ensuring", "Ensuring", "case"),
    ("NEW HEIGHT", "new height", "case"),
    # invisible: zero-width and bidi characters only
    ("mile\u200bstone", "milestone", "invisible"),
    ("\u202ehistoric", "historic", "invisible"),
    ("self\u00adreliance", "self-reliance", "spelling"),  # a soft hyphen against a hyphen
    ("a\u2066 new\u2069 era", "a new era", "invisible"),
    # punctuation and typography
    (",", ";", "punctuation"),
    ("democratic, and", "democratic and", "punctuation"),
    ("“", '"', "punctuation"),
    ("–", "—", "punctuation"),
    ("Vietnam’s", "Vietnam's", "punctuation"),
    ("..", ".", "punctuation"),
    (". The", ", the", "punctuation"),
    ("", ",", "punctuation"),
    # form
    ("independent", "independence", "form"),
    ("self-reliant", "self-reliance", "form"),
    ("tasks", "task", "form"),
    ("marks", "marked", "form"),
    ("its anchors", "the anchor", "form"),
    ("strategic", "strategy", "form"),
    # lexical
    ("vital", "key", "lexical"),
    ("level", "height", "lexical"),
    ("diplomacy", "foreign affairs", "lexical"),
    ("courage and wisdom", "mettle and intellect", "lexical"),
    ("both", "a", "lexical"),
    ("Vietnam", "the Vietnamese people", "lexical"),
    ("mission", "missile", "lexical"),
    # order
    ("strong and prosperous", "prosperous and strong", "order"),
    ("security and development", "development and security", "order"),
    # insertion and omission
    ("", "for the nation", "insertion"),
    ("", "freedom", "insertion"),
    # Words on both sides are never an insertion or omission (the diff cuts
    # these in two: see test_inner_alignment_cases).
    ("Minh", "Minh’s sacred final wish", "lexical"),
    ("To Lam affirmed that", "", "omission"),
    ("identified", ",", "lexical"),
    ("which", "–", "lexical"),
    (",", "a new chapter", "lexical"),
    ("Doi Moi (Renewal)", "renewal", "lexical"),
    ("Minh", "Minh’s", "form"),
    # function words
    ("the", "a", "function-word"),
    ("to", "at", "function-word"),
    ("", "the", "function-word"),
    ("around", "across", "function-word"),
    ("this", "the", "function-word"),
]


@pytest.mark.parametrize(("a", "b", "kind"), KIND_CASES)
def test_kind(a: str, b: str, kind: str) -> None:
    assert classify(a, b) == kind


def test_every_kind_has_a_case() -> None:
    assert {k for _, _, k in KIND_CASES} == set(KINDS)


def test_moved_words_are_order() -> None:
    a = document("a", "ensuring the highest national interests today.")
    b = document("b", "ensuring national interests at the highest today.")
    edits = (
        edit_at(a, b, "", "national interests at", a_after="ensuring", b_after="ensuring"),
        edit_at(a, b, "national interests", "", a_from=0, b_after="highest"),
    )
    pair = Pair(0, (0,), (0,), "match", 1.0, edits)
    (out,), _, _ = annotate(a, b, (pair,))
    assert [e.kind for e in out.edits] == ["order", "order"]


def test_words_moved_out_of_a_rewording_are_order() -> None:
    """Added here, dropped from a rewording there: a move (the rewording stays lexical)."""
    a = document("a", "ensuring the highest national interests; upholding peace.")
    b = document("b", "ensuring national interests at the highest; taking peace.")
    edits = (
        edit_at(a, b, "", "national interests at", a_after="ensuring", b_after="ensuring"),
        edit_at(a, b, "national interests; upholding", "; taking"),
    )
    (out,), _, _ = annotate(a, b, (Pair(0, (0,), (0,), "match", 1.0, edits),))
    assert [e.kind for e in out.edits] == ["order", "lexical"]


def test_common_words_found_elsewhere_are_no_move() -> None:
    a = document("a", "He knew that it rained; we stayed.")
    b = document("b", "He knew it rained; so that we stayed.")
    edits = (
        edit_at(a, b, "that", "", b_after="knew"),
        edit_at(a, b, ";", "; so that", a_from=a.text.index(";")),
    )
    (out,), _, _ = annotate(a, b, (Pair(0, (0,), (0,), "match", 1.0, edits),))
    assert out.edits[0].kind == "omission"


ATTRIBUTION_KIND_CASES = [
    # A reporting clause only one side has, folded with other words: with
    # words on both sides the edit is a rewording, flagged (the inner
    # alignment of the diff cuts the clause out where it can, see below).
    (
        "On revolutionary history, the minister affirmed that peace matters.",
        "On revolution, peace matters.",
        "revolutionary history, the minister affirmed that",
        "revolution,",
        "lexical",
    ),
    (
        "The Party chief emphasized that no nation succeeds alone.",
        "Practice has shown no nation succeeds alone.",
        "The Party chief emphasized that",
        "Practice has shown",
        "lexical",
    ),
    (
        "Peace matters.",
        "They believe that calm matters.",
        "Peace",
        "They believe that calm",
        "lexical",
    ),
    # A reporting clause alone: an omission or insertion.
    (
        "The minister affirmed that peace matters.",
        "Peace matters.",
        "The minister affirmed that",
        "",
        "omission",
    ),
    # A verb introducing a quotation, its subject outside the edit: a rewording.
    ("And he said, Go.", "And he saith, Go.", "said", "saith", "lexical"),
    # The other side reports too, with another form of the verb.
    ("They say that it rains.", "They are saying it rains.", "say that", "are saying", "lexical"),
    # Auxiliaries are no subject; "according to" may name a norm.
    ("Do not say that it rains.", "Speak: it rains.", "Do not say that", "Speak:", "lexical"),
    ("Pay according to the law.", "Pay by the law.", "according to", "by", "lexical"),
]


@pytest.mark.parametrize(("sa", "sb", "ea", "eb", "kind"), ATTRIBUTION_KIND_CASES)
def test_reporting_clause_kind(sa: str, sb: str, ea: str, eb: str, kind: str) -> None:
    a, b = document("a", sa), document("b", sb)
    (pair,), _, _ = annotate(a, b, (Pair(0, (0,), (0,), "match", 1.0, (edit_at(a, b, ea, eb),)),))
    assert pair.edits[0].kind == kind
    assert "attribution" in pair.edits[0].flags


# --- Flags --------------------------------------------------------------------

FLAG_CASES = [
    ("The plan has 96 points.", "The plan has 97 points.", "96", "97", {"number"}),
    ("It began in 2026 here.", "It began in 2027 here.", "2026", "2027", {"number", "date"}),
    ("It began on February 18.", "It began on March 18.", "February", "March", {"date"}),
    (
        "We met the President there.",
        "We met Ho Chi Minh there.",
        "the President",
        "Ho Chi Minh",
        {"name"},
    ),
    ("It is possible.", "It is not possible.", "", "not", {"negation"}),
    ("They will act.", "They may act.", "will", "may", {"modal"}),
    (
        "He said “we will win the war” then.",
        "He said “we shall win the war” then.",
        "will",
        "shall",
        {"modal", "quote"},
    ),
    # The speaker of a reporting frame one side adds is its attribution, not a name changed.
    (
        "To Lam affirmed that peace matters.",
        "Peace matters.",
        "To Lam affirmed that",
        "",
        {"attribution"},
    ),
    # Words only B has whose capitals A's sentence holds elsewhere are context cut
    # around a moved word, no name left out ...
    (
        "The National Party Congress met.",
        "The National Congress of the Party met.",
        "",
        "of the Party",
        set(),
    ),
    # ... while a name A does not write is one.
    (
        "The National Congress met.",
        "The National Congress of the Party met.",
        "",
        "of the Party",
        {"name"},
    ),
    (
        "According to the minister, peace matters.",
        "Peace matters.",
        "According to the minister,",
        "",
        {"attribution"},
    ),
    ("The sky is blue today.", "The sky is grey today.", "blue", "grey", set()),
    ("“We will win,” he said.", "“We will win.”", "he said", "", {"attribution"}),
    ("He didn't go.", "He didn’t go.", "didn't", "didn’t", set()),
    # Both sides say no, one with a contraction: no negation changed.
    ("Do not panic now.", "Don't be alarmed now.", "Do not panic", "Don't be alarmed", set()),
    ("It is possible.", "It isn't possible.", "is", "isn't", {"negation"}),
    # "not only ... but also" denies nothing (seed pair #44).
    ("It is aimed at peace.", "It is not only to peace.", "aimed at", "not only to", set()),
    ("It is not only peace.", "It is only peace.", "not", "", {"negation"}),
    ("We win; for no one fights.", "We win. No one fights.", "; for no", ". No", set()),
    ("They noted authors well.", "They noted writers well.", "authors", "writers", set()),
    # A number word inside a phrase set against words without one changes no figure.
    (
        "Friends across the world trust us.",
        "Friends across five continents trust us.",
        "the world",
        "five continents",
        set(),
    ),
    ("They sent three envoys.", "They sent several envoys.", "three", "several", {"number"}),
    # ... but against common words alone the figure is left out ("shall be forty" / "are").
    (
        "They shall be forty thousand.",
        "They are.",
        "shall be forty thousand",
        "are",
        {"number", "modal"},
    ),
    ("He waited 18 days.", "He waited eighteen days.", "18", "eighteen", set()),
    ("He waited 18 days.", "He waited nineteen days.", "18", "nineteen", {"number"}),
    # A common word capitalised in a title is no name: the texts write it in lower case.
    (
        "Our diplomacy and their diplomacy meet in the “Comprehensive Diplomacy” plan.",
        "Our foreign affairs and their foreign affairs meet in the “Comprehensive Foreign "
        "Affairs” plan.",
        "Diplomacy",
        "Foreign Affairs",
        {"quote"},
    ),
    # ... but one written with its capital at least as often is one.
    (
        "The Party leads; a party follows; the Party decides.",
        "The Party leads; a party follows; the Front decides.",
        "Party decides",
        "Front decides",
        {"name"},
    ),
    # A name against a pronoun for the same person (reported against own words).
    ("In 2026, To Lam wrote this.", "In 2026, we wrote this.", "To Lam", "we", set()),
    (
        "In 2026, To Lam wrote this.",
        "In 2026, the leaders wrote this.",
        "To Lam",
        "the leaders",
        {"name"},
    ),
]


@pytest.mark.parametrize(("sa", "sb", "ea", "eb", "flags"), FLAG_CASES)
def test_flags(sa: str, sb: str, ea: str, eb: str, flags: set[str]) -> None:
    a, b = document("a", sa), document("b", sb)
    prefix_a = sa[: sa.index(ea)] if ea else ""
    prefix_b = sb[: sb.index(eb)] if eb else ""
    edit = edit_at(a, b, ea, eb, a_after=prefix_a.rstrip() or "", b_after=prefix_b.rstrip())
    (pair,), _, _ = annotate(a, b, (Pair(0, (0,), (0,), "match", 1.0, (edit,)),))
    assert set(pair.edits[0].flags) == flags
    assert list(pair.edits[0].flags) == sorted(pair.edits[0].flags, key=FLAGS.index)


def test_sentence_initial_capital_is_no_name() -> None:
    a, b = document("a", "Strong nations act."), document("b", "Powerful nations act.")
    edit = edit_at(a, b, "Strong", "Powerful")
    assert edit_flags(edit) == ()


# --- Grouping -----------------------------------------------------------------

GROUP_CASES = [
    # (edits as (a, b), expected number of variants)
    ([("Vital", "Key"), ("vital", "key")], 1),
    ([("defense", "defence"), ("Defense", "defence")], 1),
    ([("task", "tasks"), ("tasks", "task")], 2),
    ([("vital tasks", "key task"), ("vital task", "key tasks")], 1),
    ([("civilization", "civilisation,"), ("civilization", "civilisation")], 1),
    (
        [
            (", multilateralization,", "; multilateralisation"),
            ("multilateralization", "multilateralisation"),
        ],
        1,
    ),
    # One kind a variant: the same words inserted and moved are two variants.
    ([("", "self-reliance"), ("", "self-reliance", "order")], 2),
    ([(",", ";"), (";", ",")], 2),
    ([("defense", "defence"), ("defence", "defense")], 2),
    ([("the", "a"), ("the", "an")], 2),
]


@pytest.mark.parametrize(("edits", "count"), GROUP_CASES)
def test_grouping(edits: list[tuple[str, str]], count: int) -> None:
    pairs = tuple(
        Pair(
            n,
            (n,),
            (n,),
            "match",
            1.0,
            (Edit("replace", 0, len(x), 0, len(y), x, y, kind or classify(x, y)),),
        )
        for n, (x, y, *kind) in enumerate(edits)
        for kind in [kind[0] if kind else None]
    )
    variants = gather_variants(pairs)
    assert len(variants) == count
    assert sum(v.count for v in variants) == len(edits)
    for v in variants:  # each variant holds edits of its own kind only
        assert {pairs[p.pair].edits[p.edit].kind for p in v.places} == {v.kind}
    if count == 1:
        assert variants[0].pairs == tuple(range(len(edits)))
        # A spelling variant is listed without the punctuation its edits carried.
        shown = [t.strip() for t in edits[0][:2]]
        if variants[0].kind == "spelling":
            shown = [re.sub(r"^\W+|\W+$", "", t) for t in shown]
        assert [variants[0].a, variants[0].b] == shown


def test_defence_defense_is_one_spelling_variant() -> None:
    pairs = tuple(
        Pair(
            n,
            (n,),
            (n,),
            "match",
            1.0,
            (Edit("replace", 0, 7, 0, 7, x, "defence", classify(x, "defence")),),
        )
        for n, x in enumerate(("defense", "Defense", "defense"))
    )
    (variant,) = gather_variants(pairs)
    assert (variant.a, variant.b, variant.kind, variant.count) == (
        "defense",
        "defence",
        "spelling",
        3,
    )


def test_variant_order_substance_first_noise_last() -> None:
    edits = [("defense", "defence"), ("vital", "key"), ("will", "may"), (",", ";"), ("the", "a")]
    pairs = tuple(
        Pair(
            n,
            (n,),
            (n,),
            "match",
            1.0,
            (Edit("replace", 0, 1, 0, 1, x, y, classify(x, y), ("modal",) if x == "will" else ()),),
        )
        for n, (x, y) in enumerate(edits)
    )
    kinds = [v.kind for v in gather_variants(pairs)]
    assert kinds == ["lexical", "lexical", "function-word", "spelling", "punctuation"]
    assert gather_variants(pairs)[0].a == "will"


def test_inflection_fold() -> None:
    assert inflection_fold("Tasks") == inflection_fold("task")
    assert inflection_fold("Vietnam’s") == "vietnam"


# --- Spelling ---------------------------------------------------------------------


def test_rules_checked_against_breame_list() -> None:
    """The rules alone join most of breame's pairs; with the lists, all but blocked ones."""
    pairs = _tables().pairs
    assert len(pairs) > 1500
    by_rules = sum(rule_key(uk) == rule_key(us) for uk, us in pairs) / len(pairs)
    assert by_rules >= 0.85
    joined = sum(same_spelling(uk, us) for uk, us in pairs) / len(pairs)
    assert joined >= 0.995


def test_no_listed_spelling_variant_is_lexical() -> None:
    for uk, us in _tables().pairs:
        if same_spelling(uk, us):
            assert classify(us, uk) == "spelling", (us, uk)


def test_distinct_everyday_words_stay_apart() -> None:
    for x, y in (("filling", "filing"), ("poet", "pet"), ("four", "for"), ("gravely", "gravelly")):
        assert not same_spelling(x, y)
        assert classify(x, y) != "spelling"


@pytest.mark.parametrize(
    ("word", "tag", "us"),
    [
        ("defence", "uk", "defense"),
        ("defense", "us", "defense"),
        ("favourable", "uk", "favorable"),
        ("mobilising", "ise", "mobilizing"),
        ("civilization", "ize", "civilization"),
        ("multilateralisation", "ise", "multilateralization"),
        ("multilateralization", "ize", "multilateralization"),
        ("improvisation", "", "improvisation"),
        ("advise", "", "advise"),
        ("Centre", "uk", "Center"),
        ("table", "", "table"),
    ],
)
def test_convention_and_us_form(word: str, tag: str, us: str) -> None:
    assert convention(word) == tag
    assert us_form(word) == us


def test_build_table_from_word_lists(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_spelling", Path(__file__).resolve().parent.parent / "tools" / "build_spelling.py"
    )
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    build = tool.build

    lists = {
        "english-words.10": "filling\nfiling\nlicense\nprogram\n",
        "american-words.10": "color\ncolors\ndefense\ncivilization\n",
        "british-words.10": "colour\ncolours\ndefence\ncivilisation\nprogramme\n",
        "british_z-words.10": "colour\ncolours\ndefence\ncivilization\nprogramme\n",
        "english-words.80": "improvisation\nshard\n",
        "american-upper.10": "Color\n",
    }
    for name, words in lists.items():
        (tmp_path / name).write_text(words, encoding="latin-1")
    breame = tmp_path / "spelling_constants.py"
    breame.write_text(
        'BRITISH_ENGLISH_SPELLINGS = {"grey": "gray", "colour": "color"}\n', encoding="utf-8"
    )
    rows = [line.split("\t") for line in build(str(tmp_path), str(breame)).splitlines()]
    groups = {r[1]: (r[2], r[3]) for r in rows if r[0] == "G"}
    assert groups["color"] == ("color", "color:us colour:uk")
    assert groups["defense"] == ("defense", "defence:uk defense:us")
    assert groups["program"] == ("program", "program programme:uk")
    assert "civilization" not in groups  # an -ise/-ize pair the rules and tags predict
    assert ["B", "filing"] in rows  # filling/filing: two everyday words, never joined
    assert any(r[0] == "K" and "improvisation" in r[1].split() for r in rows)
    assert ["P", "grey", "gray"] in rows


def test_phrase_key_folds_hyphens_and_spaces() -> None:
    assert phrase_key(["people", "to", "people"]) == spelling_key("people-to-people")


# --- Inconsistencies ----------------------------------------------------------------


def _pair(
    n: int,
    a: Document,
    b: Document,
    edits: tuple[Edit, ...] = (),
    relation: str = "match",
    ai: int | None = None,
    bi: int | None = None,
    related: tuple[int, ...] = (),
) -> Pair:
    return Pair(
        n,
        (n if ai is None else ai,),
        (n if bi is None else bi,),
        relation,
        1.0,
        edits,
        related=related,
    )


def test_counterpart_inconsistency() -> None:
    a = document(
        "a",
        "It is a vital and regular task.",
        "It is a key and regular task.",
        "Both call it a vital and regular task.",
        "Both call it a key and regular task.",
    )
    b = document(
        "b",
        "It is a key and regular task.",
        "It is a key and regular task.",
        "Both call it a key and regular task.",
        "Both call it a key and regular task.",
    )
    e0 = edit_at(a, b, "vital", "key")
    e2 = edit_at(a, b, "vital", "key", a_from=a.sentences[2].start, b_from=b.sentences[2].start)
    pairs = (_pair(0, a, b, (e0,)), _pair(1, a, b), _pair(2, a, b, (e2,)), _pair(3, a, b))
    _, _, found = annotate(a, b, pairs)
    (inc,) = [i for i in found if i.reason == "counterpart"]
    assert inc.document == "a" and inc.counterpart == "key and regular"
    assert [(f.text, f.pairs) for f in inc.forms] == [
        ("vital and regular", (0, 2)),
        ("key and regular", (1, 3)),
    ]


def test_one_off_rewording_is_no_inconsistency() -> None:
    a = document("a", "It is a vital task.", "It is a key task.", "A key task.")
    b = document("b", "It is a key task.", "It is a key task.", "A key task.")
    pairs = (_pair(0, a, b, (edit_at(a, b, "vital", "key"),)), _pair(1, a, b), _pair(2, a, b))
    _, _, found = annotate(a, b, pairs)
    assert not [i for i in found if i.reason == "counterpart"]


def _vital_rendered(a, b, last: str) -> tuple:  # type: ignore[no-untyped-def]
    """Three pairs whose "vital" B renders "key", "key" and then `last`."""
    return tuple(
        _pair(
            n,
            a,
            b,
            (
                edit_at(
                    a,
                    b,
                    "vital",
                    last if n == 2 else "key",
                    a_from=a.sentences[n].start,
                    b_from=b.sentences[n].start,
                ),
            ),
        )
        for n in range(3)
    )


def test_a_habit_broken_once_is_an_inconsistency() -> None:
    """VNA's "foreign affairs" for VOV's "diplomacy" 9 times and "foreign relations" once."""
    a = document("a", "It is a vital task.", "A vital task.", "Our vital task.")
    b = document("b", "It is a key task.", "A key task.", "Our main task.")
    pairs = _vital_rendered(a, b, "main")
    _, _, found = annotate(a, b, pairs)
    (inc,) = [i for i in found if i.reason == "counterpart"]
    assert inc.document == "b" and inc.counterpart == "vital"
    assert [(f.text, f.pairs) for f in inc.forms] == [("key", (0, 1)), ("main", (2,))]


def test_a_habit_with_more_context_once_is_no_inconsistency() -> None:
    """ "among the publicans" once beside "publicans" ten times renders the word alike."""
    a = document("a", "It is a vital task.", "A vital task.", "Our vital task.")
    b = document("b", "It is a key task.", "A key task.", "Our key main task.")
    pairs = _vital_rendered(a, b, "key main")
    _, _, found = annotate(a, b, pairs)
    assert not [i for i in found if i.reason == "counterpart"]


def _progress_rendered(a_words: tuple[str, str], b_words: tuple[str, str]) -> tuple:
    """Two pairs whose word `a_words[n]` B renders `b_words[n]` (an edit each)."""
    a = document("a", f"We made {a_words[0]} last year.", f"Peace with {a_words[1]} ahead.")
    b = document("b", f"We made {b_words[0]} last year.", f"Peace with {b_words[1]} ahead.")
    pairs = tuple(
        _pair(
            n,
            a,
            b,
            (
                edit_at(
                    a,
                    b,
                    a_words[n],
                    b_words[n],
                    a_from=a.sentences[n].start,
                    b_from=b.sentences[n].start,
                ),
            ),
        )
        for n in range(2)
    )
    return a, b, pairs


def test_in_an_article_a_wording_rendered_two_ways_once_each_is_an_inconsistency(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """VOV's "progress" is NDO's "achievements" in one pair and "progressiveness" in another.

    In an article two places make a pattern; in a book (more pairs than
    `SHORT_TEXT_PAIRS`) one-offs are a free rendering's texture and not reported.
    """
    from align.gathering.inconsistencies import counterpart

    a, b, pairs = _progress_rendered(("progress", "progress"), ("achievements", "progressiveness"))
    _, _, found = annotate(a, b, pairs)
    (inc,) = [i for i in found if i.reason == "counterpart"]
    assert inc.document == "b" and inc.counterpart == "progress"
    assert [(f.text, f.pairs) for f in inc.forms] == [
        ("achievements", (0,)),
        ("progressiveness", (1,)),
    ]
    monkeypatch.setattr(counterpart, "SHORT_TEXT_PAIRS", 1)
    _, _, found = annotate(a, b, pairs)
    assert not [i for i in found if i.reason == "counterpart"]


@pytest.mark.parametrize(
    ("b_words", "why"),
    [
        (("progressed", "progressing"), "one word inflected two ways is a form variant"),
        (("nation", "his message published today"), "a rewritten clause renders no word"),
        (("achievements", "achievements"), "one rendering in both places"),
    ],
)
def test_in_an_article_one_offs_that_are_no_two_renderings_are_no_inconsistency(
    b_words: tuple[str, str], why: str
) -> None:
    a, b, pairs = _progress_rendered(("progress", "progress"), b_words)
    _, _, found = annotate(a, b, pairs)
    assert not [i for i in found if i.reason == "counterpart"], why


def test_in_an_article_a_wording_kept_and_rendered_otherwise_once_is_an_inconsistency(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """VNA's "new height" is VOV's "new height" six times and "new level" once (issue 12)."""
    from align.gathering.inconsistencies import counterpart

    a = document("a", "A new height.", "To a new height.", "At a new level.")
    b = document("b", "A new height.", "To a new height.", "At a new height.")
    edit = edit_at(
        a, b, "level", "height", a_from=a.sentences[2].start, b_from=b.sentences[2].start
    )
    pairs = (_pair(0, a, b), _pair(1, a, b), _pair(2, a, b, (edit,)))
    _, _, found = annotate(a, b, pairs)
    (inc,) = [i for i in found if i.reason == "counterpart"]
    assert inc.document == "a" and inc.counterpart == "height"
    assert [(f.text, f.pairs) for f in inc.forms] == [("height", (0, 1)), ("level", (2,))]
    # Its inflection once, or a clause cut around it, is no other rendering.
    for text, other, mine in (
        ("At a new heightening.", "heightening", "height"),
        ("At the summit of our hopes.", "the summit of our hopes", "a new height"),
    ):
        a2 = document("a", "A new height.", "To a new height.", text)
        edit2 = edit_at(
            a2, b, other, mine, a_from=a2.sentences[2].start, b_from=b.sentences[2].start
        )
        pairs2 = (_pair(0, a2, b), _pair(1, a2, b), _pair(2, a2, b, (edit2,)))
        _, _, found = annotate(a2, b, pairs2)
        assert not [i for i in found if i.reason == "counterpart"], other
    monkeypatch.setattr(counterpart, "SHORT_TEXT_PAIRS", 2)
    _, _, found = annotate(a, b, pairs)
    assert not [i for i in found if i.reason == "counterpart"]


def test_spelling_and_convention_inconsistencies() -> None:
    a = document(
        "a",
        "Our defense is strong.",
        "The defence of the centre matters.",
        "It is people-to-people work.",
        "It is people to people work.",
    )
    b = document(
        "b",
        "Our defence is strong.",
        "The defence of the centre matters.",
        "It is people-to-people work.",
        "It is people-to-people work.",
    )
    pairs = tuple(_pair(n, a, b) for n in range(4))
    _, _, found = annotate(a, b, pairs)
    spelling = {tuple(f.text for f in i.forms) for i in found if i.reason == "spelling"}
    assert ("defense", "defence") in spelling
    assert ("people-to-people", "people to people") in spelling
    (conv,) = [i for i in found if i.reason == "convention"]
    assert conv.document == "a"
    assert conv.forms[0].text == "US: defense" and conv.forms[1].text.startswith("UK: ")
    assert not [i for i in found if i.document == "b" and i.reason in ("spelling", "convention")]


def test_oxford_spelling_is_no_mixed_convention() -> None:
    a = document("a", "The organization defends the colour of the centre.")
    _, _, found = annotate(a, a, (_pair(0, a, a),))
    assert not [i for i in found if i.reason == "convention"]


def test_repeat_inconsistency() -> None:
    a = document(
        "a",
        "These are core, top-priority missions for all.",
        "These are the principal tasks of foremost importance for all.",
    )
    b = document("b", "These are the principal tasks of foremost importance for all.")
    e = edit_at(a, b, "core, top-priority missions", "the principal tasks of foremost importance")
    pairs = (
        _pair(0, a, b, (e,), relation="repeat", ai=0, bi=0, related=(1,)),
        _pair(1, a, b, (), ai=1, bi=0, related=(0,)),
    )
    _, _, found = annotate(a, b, pairs)
    (rep,) = [i for i in found if i.reason == "repeat"]
    assert rep.document == "a"
    assert [f.text for f in rep.forms] == [
        "core, top-priority missions",
        "the principal tasks of foremost importance",
    ]
    assert [f.pairs for f in rep.forms] == [(0,), (1,)]
    assert rep.counterpart == "the principal tasks of foremost importance"


def test_quotation_inconsistency() -> None:
    a = document(
        "a",
        "He said: “unite to build a peaceful Vietnam.”",
        "He said: “after defense, affairs matter.”",
    )
    b = document(
        "b",
        "He said: “unite in striving to build a peaceful Vietnam.”",
        "He said: “after defence, affairs matter.”",
    )
    pairs = (
        _pair(0, a, b, (edit_at(a, b, "", "in striving", a_after="unite", b_after="unite"),)),
        _pair(1, a, b, (edit_at(a, b, "defense", "defence"),)),
    )
    _, _, found = annotate(a, b, pairs)
    quotes = [i for i in found if i.reason == "quotation"]
    assert len(quotes) == 1  # the spelling-only difference is noise
    assert quotes[0].forms[0].text == "unite to build a peaceful Vietnam."
    assert quotes[0].counterpart == "unite in striving to build a peaceful Vietnam."


def test_output_does_not_depend_on_hash_seed() -> None:
    script = (
        "import sys; from align.pipeline import compare; from align.model import Options;"
        "from align.rendering.variants import render_variants;"
        f"c = compare({str(ROOT / 'seeds/vov-to-lam-comprehensive-diplomacy.txt')!r},"
        f" {str(ROOT / 'seeds/vna-to-lam-comprehensive-foreign-affairs.txt')!r}, Options());"
        "sys.stdout.write(render_variants(c, 'json'))"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_annotate_is_pure_and_deterministic() -> None:
    comparison = _seed()
    stripped = tuple(
        Pair(
            p.id,
            p.a,
            p.b,
            p.relation,
            p.score,
            tuple(
                Edit(e.op, e.a_start, e.a_end, e.b_start, e.b_end, e.a_text, e.b_text)
                for e in p.edits
            ),
            p.related,
        )
        for p in comparison.pairs
    )
    first = annotate(comparison.a, comparison.b, stripped)
    second = annotate(comparison.a, comparison.b, stripped)
    assert first == second
    assert first[1] == comparison.variants and first[2] == comparison.inconsistencies
    for before, after in zip(stripped, first[0]):
        assert [(e.op, e.a_start, e.b_start, e.a_text, e.b_text) for e in before.edits] == [
            (e.op, e.a_start, e.b_start, e.a_text, e.b_text) for e in after.edits
        ]
        assert all(e.kind in KINDS for e in after.edits)


# --- The seed pair against the hand-made list ----------------------------------------


@lru_cache(maxsize=1)
def _seed() -> Comparison:
    from align.pipeline import compare

    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return compare(
        str(ROOT / fixture["a"]), str(ROOT / fixture["b"]), Options(labels=("VOV", "VNA"))
    )


def _wordset(text: str) -> Counter:
    return Counter(w.casefold() for w in re.findall(r"[\w’'-]+|[^\w\s]", text))


def _occurrences(doc: Document, sentences: tuple[int, ...], snippet: str, form: str):
    """Spans of `form` (as whole words) in the sentence holding `snippet`, nearest first."""
    for sid in sentences:
        s = doc.sentences[sid]
        at = s.text.find(snippet)
        if at < 0:
            continue
        pattern = re.escape(form)
        if re.match(r"\w", form):
            pattern = r"(?<![\w’'-])" + pattern
        if re.search(r"\w$", form):
            pattern += r"(?![\w’'-])"
        hits = [m.start() for m in re.finditer(pattern, s.text)]
        return [
            (s.start + h, s.start + h + len(form))
            for h in sorted(hits, key=lambda h: (abs(h - at), h))
        ]
    return []


def _touches(edit: Edit, span: tuple[int, int], side: str) -> bool:
    start, end = (edit.a_start, edit.a_end) if side == "a" else (edit.b_start, edit.b_end)
    return start < span[1] and end > span[0]


def _differing(x: str, y: str) -> Counter:
    """Words of `x` that `y` lacks (shared words are context, not the difference)."""
    return _wordset(x) - _wordset(y)


def match_place(c: Comparison, a: str, b: str, sa: str, sb: str):
    """The edits that render one expected place, or None if none do at about its size.

    A place is found when one edit, or a few edits with equal text between
    them, touch its forms and span the words in which they differ, and are
    not much larger than the place (not a whole rewritten sentence).
    """
    for pair in c.pairs:
        if not pair.a or not pair.b:
            continue
        if not any(sa in c.a.sentences[i].text for i in pair.a):
            continue
        if not any(sb in c.b.sentences[j].text for j in pair.b):
            continue
        spans_a = _occurrences(c.a, pair.a, sa, a) if a else []
        spans_b = _occurrences(c.b, pair.b, sb, b) if b else []
        if (a and not spans_a) or (b and not spans_b):
            continue
        # Prefer the occurrence an edit touches (short forms such as "a" recur).
        span_a = next(
            (s for s in spans_a if any(_touches(e, s, "a") for e in pair.edits)),
            spans_a[0] if spans_a else None,
        )
        near = [e for e in pair.edits if span_a and _touches(e, span_a, "a")]
        span_b = next(
            (s for s in spans_b if any(_touches(e, s, "b") for e in near)),
            next(
                (s for s in spans_b if any(_touches(e, s, "b") for e in pair.edits)),
                spans_b[0] if spans_b else None,
            ),
        )
        chosen = [
            e
            for e in pair.edits
            if (span_a and _touches(e, span_a, "a"))
            or (span_b and _touches(e, span_b, "b"))
            or (
                span_b
                and e.b_start == e.b_end
                and span_b[0] <= e.b_start <= span_b[1]
                and span_a is None
            )
        ]
        if not chosen:
            continue

        def covers(span, starts, ends, text, needed: Counter) -> bool:
            lo, hi = min(starts), max(ends)
            for m in re.finditer(r"\w[\w’'-]*", text[span[0] : span[1]]):
                if m.group().casefold() in needed and not (
                    lo <= span[0] + m.start() and span[0] + m.end() <= hi
                ):
                    return False
            return True

        if span_a and not covers(
            span_a,
            [e.a_start for e in chosen],
            [e.a_end for e in chosen],
            c.a.text,
            _differing(a, b),
        ):
            continue
        if span_b and not covers(
            span_b,
            [e.b_start for e in chosen],
            [e.b_end for e in chosen],
            c.b.text,
            _differing(b, a),
        ):
            continue
        got = sum(sum(_wordset(e.a_text + " " + e.b_text).values()) for e in chosen)
        wanted = sum(_wordset(a).values()) + sum(_wordset(b).values())
        if got <= 2 * wanted + 6:
            return chosen
    return None


def test_seed_substance_flags_follow_the_text() -> None:
    """On the seed pair: no figure in "world" / "five continents", no name lost in "We"."""
    flags = {(v.a, v.b): v.flags for v in _seed().variants}
    assert flags["world", "five continents"] == ()
    assert flags["Party General Secretary To Lam", "We"] == ()
    assert flags["Vietnam’s diplomacy", "it"] == ()
    assert "name" in flags["Vietnam’s", ""]  # left out beside "diplomacy" / "foreign affairs"
    # Capitalised only in a headline and a title: a common noun, no name (9 places).
    assert flags["diplomacy", "foreign affairs"] == ("quote",)
    # The date left out, and "Party" moved across "General Secretary" into VNA's
    # longer title: no fragment of context flagged as a name left out.
    assert flags["On February 18", ""] == ("number", "date")
    assert ("On February 18, Party", "") not in flags
    long_title = "General Secretary of the Communist Party of Vietnam Central Committee"
    assert flags["Party General Secretary", long_title] == ("name",)
    assert ("of the Communist Party of Vietnam", "") not in flags
    assert flags["Congress of the Communist Party of Vietnam", "Party Congress"] == ("name",)
    assert flags["The Party chief emphasized that", ""] == ("attribution",)


def seed_scores() -> dict[str, float]:
    """Recall of places, agreement of kinds, and spelling never taken for word choice."""
    c = _seed()
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    places = found = agree = 0
    spelling_as_lexical = 0
    misses = []
    for v in fixture["variants"]:
        for sa, sb in v["places"]:
            places += 1
            edits = match_place(c, v["a"], v["b"], sa, sb)
            if edits is None:
                misses.append((v["a"], v["b"], sa))
                continue
            found += 1
            kinds = Counter(e.kind for e in edits)
            best = max(kinds.values())
            if v["kind"] in kinds and kinds[v["kind"]] == best:
                agree += 1
            if v["kind"] == "spelling" and "lexical" in kinds:
                spelling_as_lexical += 1
    return {
        "places": places,
        "recall": found / places,
        "kind_agreement": agree / max(found, 1),
        "spelling_as_lexical": spelling_as_lexical,
        "misses": misses,  # type: ignore[dict-item]
    }


def test_seed_fixture_is_well_formed() -> None:
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    text_a = (ROOT / fixture["a"]).read_text(encoding="utf-8")
    text_b = (ROOT / fixture["b"]).read_text(encoding="utf-8")
    assert len(fixture["variants"]) >= 100
    for v in fixture["variants"]:
        assert v["kind"] in KINDS
        assert v["a"] in text_a and v["b"] in text_b
        for sa, sb in v["places"]:
            assert sa in text_a and sb in text_b


#: Floors for the seed figures (measured: 0.985 and 0.909; before the inner
#: alignment of replacements, 0.970 and 0.915). The list was read off the
#: texts phrase by phrase: where it names a rewritten phrase as one variant
#: ("Party General Secretary" / "General Secretary of the Communist Party
#: ...", lexical) the diff now gives its parts (an insertion among them), of
#: which the edit closest to the phrase may be of another kind.
SEED_RECALL_FLOOR = 0.98
SEED_KIND_FLOOR = 0.905


def test_seed_recall_and_kinds() -> None:
    scores = seed_scores()
    assert scores["recall"] >= SEED_RECALL_FLOOR, scores["misses"]
    assert scores["kind_agreement"] >= SEED_KIND_FLOOR
    assert scores["spelling_as_lexical"] == 0


def test_seed_no_spelling_variant_is_lexical() -> None:
    for v in _seed().variants:
        words_a = [t.text for t in tokenize(v.a) if t.kind == "word"]
        words_b = [t.text for t in tokenize(v.b) if t.kind == "word"]
        if words_a and words_b and phrase_key(words_a) == phrase_key(words_b):
            assert v.kind in NOISE_KINDS, v


def test_seed_inconsistencies() -> None:
    c = _seed()
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for expected in fixture["inconsistencies"]:
        candidates = [
            i
            for i in c.inconsistencies
            if i.document == expected["document"] and i.reason == expected["reason"]
        ]
        texts = [" ".join(f.text for f in i.forms) for i in candidates]
        assert any(all(form in t for form in expected["forms"]) for t in texts), expected


# --- Renderers ------------------------------------------------------------------------


def test_render_csv_round_trips() -> None:
    c = _seed()
    rows = list(csv.reader(io.StringIO(render_variants(c, "csv"), newline="")))
    assert rows[0] == ["kind", "flags", "count", "a", "b", "pairs"]
    assert len(rows) == len(c.variants) + 1
    first = c.variants[0]
    assert rows[1][:3] == [first.kind, " ".join(first.flags), str(first.count)]
    assert rows[1][5] == " ".join(map(str, first.pairs))


def test_render_csv_defuses_formulas() -> None:
    c = _seed()
    v = c.variants[0]
    from dataclasses import replace

    risky = replace(c, variants=(replace(v, a="=HYPERLINK(1)", b="-1+2"),))
    (row,) = list(csv.reader(io.StringIO(render_variants(risky, "csv"))))[1:]
    assert row[3] == "'=HYPERLINK(1)" and row[4] == "'-1+2"


def test_render_json_and_kind_filter() -> None:
    c = _seed()
    data = json.loads(render_variants(c, "json", ("spelling",)))
    assert data["schema"] == "align/1" and data["kinds"] == ["spelling"]
    assert data["variants"] and all(v["kind"] == "spelling" for v in data["variants"])
    assert {"a", "b", "kind", "flags", "count", "pairs"} <= set(data["variants"][0])
    assert data["inconsistencies"] == []
    full = json.loads(render_variants(c, "json"))
    assert len(full["variants"]) == len(c.variants)
    assert len(full["inconsistencies"]) == len(c.inconsistencies)


def test_render_text_and_markdown() -> None:
    c = _seed()
    text = render_variants(c, "text")
    assert text.splitlines()[0].startswith("Variants: VOV (A) against VNA (B)")
    assert 'VOV renders VNA\'s "key and regular" in 2 ways:' in text
    assert c.a.sha256[:12] in text.splitlines()[-1]
    header = next(line for line in text.splitlines() if line.startswith("kind"))
    assert header.index("count") < header.index("VOV") < header.index("VNA")
    md = render_variants(c, "markdown", ("lexical",))
    table = [line for line in md.splitlines() if line.startswith("| ")]
    assert len(table) == 1 + sum(v.kind == "lexical" for v in c.variants)
    assert all(line.count(" | ") == 5 for line in table[1:])


def test_render_formats_and_kinds() -> None:
    assert FORMATS == ("text", "csv", "json", "markdown")
    with pytest.raises(ValueError):
        render_variants(_seed(), "xml")
    assert parse_kinds("spelling, case,spelling") == ("spelling", "case")
    with pytest.raises(ValueError):
        parse_kinds("spelling,typo")


def test_words_against_punctuation_are_cut_in_two() -> None:
    """ "identified" against "," is an omission and a punctuation mark, not one rewording."""
    from align.diffing.words import diff_pair

    a = document("a", "The Congress identified foreign affairs as vital.")
    b = document("b", "The Congress, foreign affairs as vital.")
    pair = diff_pair(Pair(0, (0,), (0,), "match", 1.0), a, b)
    (named,), _, _ = annotate(a, b, (pair,))
    assert [(e.op, e.a_text, e.b_text, e.kind) for e in named.edits] == [
        ("delete", "identified", "", "omission"),
        ("insert", "", ",", "punctuation"),
    ]
    for e in named.edits:  # the spans still slice to the texts
        assert a.text[e.a_start : e.a_end] == e.a_text and b.text[e.b_start : e.b_end] == e.b_text


@pytest.mark.parametrize(
    ("kind", "text", "shown"),
    [
        ("lexical", "promptly,", "promptly"),  # the seed's "promptly," / "timeliness"
        ("omission", "Doi Moi (", "Doi Moi"),
        ("insertion", ", with greater responsibility", "with greater responsibility"),
        ("lexical", "rule:", "rule"),
        ("omission", "Doi Moi (Renewal)", "Doi Moi (Renewal)"),  # a closed bracket stays
        ("lexical", "entitled “Advancing", "entitled “Advancing"),
        ("spelling", ", multilateralization,", "multilateralization"),
        ("punctuation", ",", ","),
        ("punctuation", "self-reliance, and", "self-reliance, and"),
    ],
)
def test_variant_forms_leave_out_the_marks_at_their_ends(kind: str, text: str, shown: str) -> None:
    from align.gathering.variants import _shown

    assert _shown(kind, text) == shown


def test_seed_variant_forms_are_words() -> None:
    rows = {(v.a, v.b) for v in _seed().variants}
    assert ("promptly", "timeliness") in rows and ("promptly,", "timeliness") not in rows
    assert ("Doi Moi", "") in rows


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Nguyễn Xuân Phúc", "Nguyen Xuan Phuc", True),  # NDO / VNS
        ("Hồ Chí Minh", "Ho Chi Minh", True),
        ("Đà Nẵng", "Da Nang", True),
        ("Việt Nam", "Vietnam", True),  # a spaced compound too
        ("Nguyễn", "Nguyen’s", False),
        ("phúc", "phục", True),  # accents alone: a spelling, as a reader of English takes it
    ],
)
def test_a_word_with_and_without_its_accents_is_one_spelling(a: str, b: str, same: bool) -> None:
    from align.lexicon.spelling import same_spelling

    assert same_spelling(a, b) is same
