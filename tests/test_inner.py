"""The second alignment inside each replacement (`align.diffing.inner`), cause by cause.

Each case is a pair of sentences, hand-checked: the edits a careful reader
lists, as (A text, B text) of the edits the diff must give (others may come
too), and edits it must not give.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_variants import document

from align.diffing.inner import similarity, split_replacement
from align.diffing.words import diff_pair
from align.gathering import annotate
from align.model import NOISE_KINDS, Comparison, Edit, Kind, Options, Pair
from align.naming.words import _words
from align.segmenting import tokenize

ROOT = Path(__file__).resolve().parent.parent


def edits_of(sa: str, sb: str) -> tuple[Edit, ...]:
    """The named edits of one sentence pair, as the pipeline makes them."""
    a, b = document("a", sa), document("b", sb)
    (pair,), _, _ = annotate(a, b, (diff_pair(Pair(0, (0,), (0,), "match", 1.0), a, b),))
    return pair.edits


INNER_CASES = [
    # 1. Rewritten clauses: the words that render each other pair up.
    (
        "must be carried out proactively, sensitively, promptly and well.",
        "requires proactiveness, acuity, timeliness and well.",
        [("proactively", "proactiveness", "form"), ("sensitively", "acuity", "lexical")],
        [],
    ),
    (
        "Diplomacy continues to evolve by embracing modern knowledge and practices while "
        "embodying the spirit.",
        "Diplomacy continues to develop and absorb the quintessence, knowledge and methods, "
        "imbued with the spirit.",
        [("evolve", "develop", "lexical"), ("practices", "methods", "lexical")],
        [],
    ),
    (
        "a consistent lesson from history shows that no strong country succeeds alone.",
        "a consistent rule of history has shown that no powerful nation succeeds alone.",
        [("lesson", "rule", "lexical"), ("strong", "powerful", "lexical")],
        [],
    ),
    (
        "placing Vietnam at the center of world politics",
        "placing Vietnam in a central position of world politics",
        [("center", "central position", "lexical")],
        [],
    ),
    # A phrase reworded is one edit: the common words that hold it together join it
    # (a speech's top differences, as a reader lists them).
    (
        "Do not panic, we are strong.",
        "Don't be alarmed, we are powerful.",
        [("Do not panic", "Don't be alarmed", "lexical"), ("strong", "powerful", "lexical")],
        [("panic", "alarmed"), ("Do not", "Don't be")],
    ),
    (
        "We will defeat anyone who attacks us.",
        "we will win over everyone who attacks us.",
        [("defeat anyone", "win over everyone", "lexical")],
        [("defeat", "win"), ("anyone", "everyone"), ("", "over")],
    ),
    # 2. One substitution, not spread over its neighbours.
    (
        "advancing comprehensive diplomacy to a new height",
        "promoting comprehensive foreign affairs at a new height",
        [("diplomacy", "foreign affairs", "lexical"), ("to", "at", "function-word")],
        [("diplomacy to", "foreign affairs at")],
    ),
    # ... nor over an unrelated neighbour, nor a name left out beside it (the seed pair).
    (
        "Comprehensive diplomacy must also reach a new height in which foreign affairs and "
        "international integration are defined as both “vital and regular” tasks.",
        "At the same time, comprehensive foreign affairs work is elevated to a new height, in "
        "which foreign relations and international integration must be regarded as a “key and "
        "regular” task.",
        [("diplomacy", "foreign affairs", "lexical"), ("affairs", "relations", "lexical")],
        [
            ("diplomacy must", "foreign"),
            ("", "affairs work"),
            ("diplomacy", "foreign affairs work"),
        ],
    ),
    (
        "At this new level, Vietnam’s diplomacy will be carried out with greater confidence.",
        "At this new height, foreign affairs will be carried out with greater confidence.",
        [("Vietnam’s", "", "omission"), ("diplomacy", "foreign affairs", "lexical")],
        [("Vietnam’s diplomacy", "foreign affairs"), (", Vietnam’s", "")],
    ),
    (
        "This marks an important shift in strategic thinking, recognizing diplomacy and "
        "integration as core, top-priority missions.",
        "This marks an important development in thinking, whereby foreign relations and "
        "international integration are identified as among the principal tasks.",
        [("diplomacy", "foreign relations", "lexical")],
        [("diplomacy", "whereby foreign")],
    ),
    (
        "Party leader calls for advancing comprehensive diplomacy",
        "PROMOTING COMPREHENSIVE FOREIGN AFFAIRS",
        [("Party leader calls for", "", "omission"), ("advancing", "PROMOTING", "lexical")],
        [],
    ),
    # 3. Words one side adds beside a word both have.
    (
        "fulfilling President Ho Chi Minh wish today.",
        "fulfilling President Ho Chi Minh’s sacred final wish today.",
        [("Minh", "Minh’s", "form"), ("", "sacred final", "insertion")],
        [("Minh", "Minh’s sacred final")],
    ),
    # 3. Words moved from one edit to another: cut out and named order.
    (
        "We act, ensuring the highest national interests; upholding peace.",
        "We act: Ensuring national interests at the highest; taking peace.",
        [
            ("", "national interests at", "order"),
            ("national interests", "", "order"),
            ("upholding", "taking", "lexical"),
        ],
        [("national interests; upholding", "; taking")],
    ),
    (
        "thereby fulfilling the sacred wish of President Ho Chi Minh.",
        "contributing to the fulfilment of President Ho Chi Minh’s sacred final wish.",
        [("sacred wish", "", "order"), ("Minh", "Minh’s", "form")],
        [("sacred wish", "fulfilment")],
    ),
    # A word left out beside a related word put in: one substitution across the shared word
    # (VOV / NDO, Tet 2018).
    (
        "With a new year, new opportunities, and new momentum, we will definitely succeed!",
        "In a new year, with new opportunities and new drivers, we certainly will succeed.",
        [("will definitely", "certainly will", "lexical"), ("momentum", "drivers", "lexical")],
        [("definitely", ""), ("", "certainly")],
    ),
    # One recurring word is no move: "safeguarding" stays a substitution.
    (
        "a role in defence; safeguarding peace and promoting growth.",
        "a role in safeguarding defence; Firmly maintaining peace and promoting growth.",
        [("safeguarding", "Firmly maintaining", "lexical")],
        [],
    ),
    # 4. Kinds that follow from the text: spelling and punctuation apart.
    (
        "peace, multilateralization, and diversification.",
        "peace, multilateralisation and diversification.",
        [("multilateralization", "multilateralisation", "spelling"), (",", "", "punctuation")],
        [],
    ),
    # A name written with and without its accents is one spelling, one edit (NDO / VNS).
    (
        "President Nguyen Xuan Phuc, has expressed his best wishes to all Vietnamese people.",
        "President Nguyễn Xuân Phúc has sent the best New Year greetings to all Vietnamese people.",
        [("Nguyen Xuan Phuc", "Nguyễn Xuân Phúc", "spelling"), ("expressed", "sent", "lexical")],
        [("Nguyen", "Nguyễn"), ("Nguyen Xuan Phuc,", "Nguyễn Xuân Phúc")],
    ),
    # What has nothing to pair stays one edit.
    (
        "At the same time, Vietnam’s diplomacy continues.",
        "At the same time, it continues.",
        [("Vietnam’s diplomacy", "it", "lexical")],
        [],
    ),
    # A spelling across tokens, a contraction, punctuation and case stay whole.
    (
        "strengthening people to people exchanges",
        "strengthening people-to-people exchanges",
        [("people to people", "people-to-people", "spelling")],
        [],
    ),
    ("Yes, it is done.", "Yes, it’s done.", [("it is", "it’s", "spelling")], []),
    # A respelling is no moved word: each spelling stays in place.
    (
        "the defense and defence forces",
        "the defence and defense forces",
        [("defense", "defence", "spelling"), ("defence", "defense", "spelling")],
        [("", "defence and"), ("defense and", "")],
    ),
    (
        "Hanoi and the defense of Hà Nội.",
        "Hà Nội and the defence of Hanoi.",
        [("Hanoi", "Hà Nội", "spelling"), ("defense", "defence", "spelling")],
        [],
    ),
    # 3. Two words swapped, side by side or coordinated, are one move (seed pair #44, TASS / NDO).
    (
        "aimed at building a strong and prosperous nation and contributing",
        "not only to build a prosperous and strong country",
        [("strong and prosperous", "prosperous and strong", "order")],
        [("strong and", "")],
    ),
    (
        "on being elected secretary general of the Party.",
        "on being elected General Secretary of the Party.",
        [("secretary general", "General Secretary", "order")],
        [("secretary", ""), ("", "Secretary")],
    ),
    # A content word is kept in step rather than the common word beside it (seed pair #44).
    (
        "The path of peace, independence, and self-reliance is aimed at peace.",
        "The path of peace, independence, self-reliance and self-strengthening is aimed at peace.",
        [("", "and self-strengthening", "insertion")],
        [("self-reliance", "self-strengthening"), ("", "self-reliance")],
    ),
    # 4. A serial comma beside a word edit is punctuation of its own (issue 12, cause 4).
    (
        "integration with world civilization, and the progress of humanity.",
        "integration with world civilisation and the progress of humanity.",
        [("civilization", "civilisation", "spelling"), (",", "", "punctuation")],
        [("civilization,", "civilisation")],
    ),
    (
        "new resolution, new morale, new energy and strength.",
        "new resolution, new morale, new vigour, and strength.",
        [("", ",", "punctuation")],
        [("energy", "vigour,")],
    ),
    # ... not where a side writes both orders ("peace and security ... security and peace").
    (
        "peace and security for all, security and peace at home",
        "peace and security for everyone, peace and security at home",
        [],
        [("security and peace", "peace and security")],
    ),
]


@pytest.mark.parametrize(("sa", "sb", "wanted", "unwanted"), INNER_CASES)
def test_inner_alignment_cases(
    sa: str, sb: str, wanted: list[tuple[str, str, str]], unwanted: list[tuple[str, str]]
) -> None:
    edits = edits_of(sa, sb)
    got = {(e.a_text, e.b_text): e.kind for e in edits}
    for a_text, b_text, kind in wanted:
        assert got.get((a_text, b_text)) == kind, (a_text, b_text, got)
    for pair in unwanted:
        assert pair not in got, got


def test_similarity_classes() -> None:
    """Marks pair with marks, common words with common words, content words by evidence."""
    assert similarity("country", "nation") > 0.4 > similarity("country", "people")
    assert similarity(",", ";") > 0 and similarity(",", "and") == 0.0
    assert similarity("the", "peace") == 0.0 and similarity("defence", "defense") == 1.0


def test_nothing_to_pair_is_one_replacement() -> None:
    a, b = tokenize("embracing quintessence"), tokenize("imbued spirit")
    assert split_replacement(a, b, 0, 2, 0, 2) == [("replace", 0, 2, 0, 2)]


# --- Invariant: the inner opcodes tile the replacement ---------------------------

WORDS = [
    "the", "of", "and", ",", ";", "country", "nation", "people", "strong", "powerful",
    "diplomacy", "foreign", "affairs", "defence", "defense", "independent", "independence",
    "key", "vital", "it", "is", "it’s", "new", "level", "height", "—",
]  # fmt: skip
tokens = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(tokens, tokens)
def test_inner_opcodes_tile_the_replacement(sa: str, sb: str) -> None:
    a, b = tokenize(sa), tokenize(sb)
    ops = split_replacement(a, b, 0, len(a), 0, len(b))
    i = j = 0
    for tag, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j)
        assert i2 >= i1 and j2 >= j1 and (i2 > i1 or j2 > j1)
        assert tag == {(True, True): "replace", (True, False): "delete", (False, True): "insert"}[
            (i2 > i1, j2 > j1)
        ] or (tag == "equal" and [t.text for t in a[i1:i2]] == [t.text for t in b[j1:j2]])
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))


@settings(max_examples=100, deadline=None)
@given(tokens, tokens)
def test_inner_edits_rebuild_both_sides(sa: str, sb: str) -> None:
    """Edit texts and the equal text between them make up each sentence exactly."""
    a, b = document("a", sa), document("b", sb)
    assert_edits_rebuild(diff_pair(Pair(0, (0,), (0,), "match", 1.0), a, b), a, b)


def assert_edits_rebuild(pair: Pair, a, b) -> None:  # type: ignore[no-untyped-def]
    """The pair's edits and the equal text between them make up each side exactly, in order."""
    for doc, start, end in ((a, "a_start", "a_end"), (b, "b_start", "b_end")):
        pos, rebuilt = 0, []
        for e in pair.edits:
            s, t = getattr(e, start), getattr(e, end)
            assert s >= pos
            rebuilt.append(doc.text[pos:s])
            rebuilt.append(doc.text[s:t])
            pos = t
        rebuilt.append(doc.text[pos:])
        assert "".join(rebuilt) == doc.text
    equal_a = [t.text.casefold() for t in a.sentences[0].tokens if not _inside(t, pair, "a")]
    equal_b = [t.text.casefold() for t in b.sentences[0].tokens if not _inside(t, pair, "b")]
    assert equal_a == equal_b


def _inside(token, pair: Pair, side: str) -> bool:  # type: ignore[no-untyped-def]
    for e in pair.edits:
        s, t = (e.a_start, e.a_end) if side == "a" else (e.b_start, e.b_end)
        if s < token.end and t > token.start:
            return True
    return False


# --- On the seed pair: kinds that follow from the text ----------------------------------


@lru_cache(maxsize=1)
def _seed() -> Comparison:
    from align.pipeline import compare

    fixture = json.loads((ROOT / "tests/fixtures/seed_variants.json").read_text(encoding="utf-8"))
    return compare(
        str(ROOT / fixture["a"]), str(ROOT / fixture["b"]), Options(labels=("VOV", "VNA"))
    )


def test_seed_no_one_sided_kind_with_words_on_both_sides() -> None:
    for p in _seed().pairs:
        for e in p.edits:
            if _words(e.a_text) and _words(e.b_text):
                assert e.kind not in (Kind.OMISSION, Kind.INSERTION), e


def test_seed_punctuation_only_edits_are_punctuation() -> None:
    for p in _seed().pairs:
        for e in p.edits:
            if (
                not _words(e.a_text)
                and not _words(e.b_text)
                and e.a_text.strip() + e.b_text.strip()
            ):
                assert e.kind in NOISE_KINDS, e


def test_variants_group_case_inflection_and_spelling() -> None:
    """One row for one substitution, whatever its case, number and spelling; originals kept."""
    from align.gathering.variants import gather_variants

    sentences = [
        ("Our defense is vital today.", "Our policy is key today."),
        ("The defences are vital now.", "The policy is key now."),
    ]
    pairs = []
    for n, (sa, sb) in enumerate(sentences):
        a, b = document("a", sa), document("b", sb)
        (pair,), _, _ = annotate(a, b, (diff_pair(Pair(n, (0,), (0,), "match", 1.0), a, b),))
        pairs.append(pair)
    rows = [(v.a, v.b, v.count) for v in gather_variants(pairs) if v.b == "key"]
    assert rows == [("vital", "key", 2)]
    defence = [v for v in gather_variants(pairs) if v.a.casefold().startswith("defen")]
    assert len(defence) == 1 and defence[0].count == 2 and defence[0].a in ("defense", "defences")


def test_variant_table_says_which_way_insertion_and_omission_point() -> None:
    from align.rendering.variants import render_variants

    c = _seed()
    legend = "omission: words only VOV has (VNA leaves them out); insertion: words only VNA has"
    assert legend in render_variants(c, "text").splitlines()[2]
    assert legend in render_variants(c, "markdown")
    assert legend not in render_variants(c, "text", ("spelling",))


# --- Inconsistencies an auditor looks for ---------------------------------------------

OMITTED_A = [
    "Foreign affairs must lead the way this spring.",
    "The ministry said foreign affairs had grown in scope.",
    "Officials praised foreign affairs as a pillar of the state.",
    "Farmers planted rice early in the northern provinces.",
]
OMITTED_B = [
    "Foreign affairs work must lead the way this spring.",
    "The ministry said foreign affairs work had grown in scope.",
    "Officials praised foreign affairs work as a pillar of the state.",
    "Farmers planted rice early in the northern provinces.",
]


def test_a_term_one_text_always_leaves_out() -> None:
    from align.pipeline import compare_texts

    c = compare_texts("\n".join(OMITTED_A) + "\n", "\n".join(OMITTED_B) + "\n")
    omitted = [i for i in c.inconsistencies if i.reason == "omitted"]
    assert [(i.document, i.counterpart, [(f.text, f.count) for f in i.forms]) for i in omitted] == [
        ("a", "work", [("", 3)])
    ]
    # Rendered once, the term is no habit: nothing is reported.
    c = compare_texts("\n".join(OMITTED_A[:1]) + "\n", "\n".join(OMITTED_B[:1]) + "\n")
    assert not [i for i in c.inconsistencies if i.reason == "omitted"]
    text = render_variants_text(c)
    assert 'a.txt leaves out b.txt\'s "work"' not in text  # the one-pair comparison has none


def render_variants_text(c: Comparison) -> str:
    from align.rendering.variants import render_variants

    return render_variants(c, "text")


def test_omitted_term_has_a_title() -> None:
    from align.pipeline import compare_texts

    c = compare_texts(
        "\n".join(OMITTED_A) + "\n", "\n".join(OMITTED_B) + "\n", labels=("VOV", "VNA")
    )
    assert 'VOV leaves out VNA\'s "work" wherever VNA has it (3 pairs):' in render_variants_text(c)


def test_a_move_is_one_variant_with_both_places() -> None:
    from align.gathering.variants import gather_variants

    a = document("a", "We act, ensuring the highest national interests; upholding peace.")
    b = document("b", "We act: Ensuring national interests at the highest; taking peace.")
    (pair,), _, _ = annotate(a, b, (diff_pair(Pair(0, (0,), (0,), "match", 1.0), a, b),))
    moves = [v for v in gather_variants([pair]) if v.kind == "order"]
    assert [(v.a, v.b, v.count) for v in moves] == [
        ("national interests", "national interests at", 2)
    ]
    halves = sorted(pair.edits[p.edit].a_text or "-" for p in moves[0].places)
    assert halves == ["-", "national interests"]


# --- A list the other text repeats, an item dropped in one rendering (the seed's sentences) ---

LIST_A = [
    "The new era calls for upholding peace, independence, self-reliance, and resilience as "
    "foundational principles.",
    "Vietnam remains steadfast to pursue a foreign policy of independent, self-reliance, peace, "
    "friendship, cooperation and development.",
    "Farmers planted rice early in the northern provinces.",
    "The path of peace, independence, and self-reliance is aimed at building a strong and "
    "prosperous nation.",
]
LIST_B = [
    "The new era demands taking peace, independence, self-reliance and self-strengthening as the "
    "foundation.",
    "The foreign policy continues to steadfastly pursue independence, self-reliance and "
    "self-strengthening; peace, friendship, cooperation and development.",
    "Farmers planted rice early in the northern provinces.",
    "The path of peace, independence, self-reliance and self-strengthening is not only to build "
    "a prosperous and strong country.",
]
LIST_A_FULL = [
    LIST_A[0],
    LIST_A[1].replace("self-reliance, peace", "self-reliance and self-strengthening, peace"),
    LIST_A[2],
    LIST_A[3].replace("and self-reliance", "self-reliance and self-strengthening"),
]


@pytest.mark.parametrize(
    ("lines_a", "wanted"),
    [
        (
            LIST_A,
            [
                ("independence, self-reliance, resilience", 1),
                ("independent, self-reliance", 1),
                ("independence, self-reliance", 1),
            ],
        ),
        # Rendered in full wherever VNA has it (once by another word): nothing to report.
        (LIST_A_FULL, None),
        # Short everywhere but where it is reworded: still dropped where it stood elsewhere.
        (
            LIST_A[:3],
            [("independence, self-reliance, resilience", 1), ("independent, self-reliance", 1)],
        ),
    ],
)
def test_a_list_item_dropped_in_one_rendering(
    lines_a: list[str], wanted: list[tuple[str, int]] | None
) -> None:
    from align.pipeline import compare_texts

    lines_b = LIST_B[: len(lines_a)]
    c = compare_texts("\n".join(lines_a) + "\n", "\n".join(lines_b) + "\n", labels=("VOV", "VNA"))
    found = [i for i in c.inconsistencies if i.reason == "list"]
    if wanted is None:
        assert not found
        return
    assert len(found) == 1 and found[0].document == "a"
    assert found[0].counterpart == "independence, self-reliance, self-strengthening"
    assert [(f.text, f.count) for f in found[0].forms] == wanted
    title = 'VOV renders VNA\'s list "independence, self-reliance, self-strengthening" with an item'
    assert title in render_variants_text(c)


def test_seed_list_item_dropped() -> None:
    """VOV renders VNA's formula in full twice (pairs 0 and its repeat) and short twice."""
    found = [i for i in _seed().inconsistencies if i.reason == "list"]
    assert [(i.document, i.counterpart, [f.text for f in i.forms]) for i in found] == [
        (
            "a",
            "independence, self-reliance, self-strengthening",
            [
                "independence, self-reliance, resilience",
                "independent, self-reliance",
                "independence, self-reliance",
            ],
        )
    ]
