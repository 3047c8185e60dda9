"""`align collate`: N witnesses as consistent rows with a variant apparatus.

On real text: the seed pair (VOV's summary, VNA's full translation) with a
third rendering made by hand from them (tests/fixtures/collate/README.md),
and Genesis 1-3 in four public-domain Bibles, verse-keyed
(tests/fixtures/collate/bible, written by benchmarks/collate_witnesses.py).
"""

from __future__ import annotations

import json
import re
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align.cli import main
from align.collating import collate, collate_texts, direct_pairs, implied_links, row_pairs
from align.model import Options, Presence
from align.pipeline import compare
from align.rendering.collation_html import render_collation_pages
from align.rendering.collation_json import render_collation_json
from align.rendering.collation_terminal import apparatus_line, render_collation_terminal
from align.summary import summarise_collation
from benchmarks.collate_witnesses import gold_links
from benchmarks.common import Gold
from benchmarks.score import Prediction, score

ROOT = Path(__file__).resolve().parent.parent
VOV = str(ROOT / "seeds/vov-to-lam-comprehensive-diplomacy.txt")
VNA = str(ROOT / "seeds/vna-to-lam-comprehensive-foreign-affairs.txt")
HAND = str(ROOT / "tests/fixtures/collate/hand-to-lam-third-rendering.txt")
BIBLE = ROOT / "tests/fixtures/collate/bible"
GOLD = json.loads((BIBLE / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def trio():  # type: ignore[no-untyped-def]
    return collate([VOV, VNA, HAND], labels=["VOV", "VNA", "HND"])


def _lines(name: str) -> str:
    return str(BIBLE / "lines" / f"{name}.txt")


# --- the two-witness case is `align report` --------------------------------------------------


@pytest.mark.parametrize("base", [None, "VOV", "VNA"])
def test_two_witnesses_give_the_report_pairs(base: str | None) -> None:
    comparison = compare(VOV, VNA, Options(labels=("VOV", "VNA")))
    collation = collate([VOV, VNA], labels=["VOV", "VNA"], base=base)
    assert collation.witnesses[collation.base].label == (base or "VNA")
    other = 1 - collation.base
    rows = row_pairs(collation, other)
    as_pairs = [(t, m) if collation.base == 0 else (m, t) for t, m in rows]
    assert sorted(as_pairs) == sorted((p.a, p.b) for p in comparison.pairs)
    assert len(rows) == len(comparison.pairs) == len(collation.rows)


# --- rows ----------------------------------------------------------------------------------------


def _check_rows(collation) -> None:  # type: ignore[no-untyped-def]
    """Every aligned sentence in exactly one row; rows in the base's order; links inside rows."""
    seen: set[tuple[int, int]] = set()
    rowed = {(w, s) for row in collation.rows for w, c in enumerate(row.cells) for s in c.sentences}
    base_order = []
    for k, row in enumerate(collation.rows):
        assert row.id == k
        for w, cell in enumerate(row.cells):
            assert (cell.presence == Presence.ABSENT) == (not cell.sentences)
            assert (cell.presence == Presence.BASE) == (
                w == collation.base and bool(cell.sentences)
            )
            for s in cell.sentences:
                assert (w, s) not in seen, "a sentence in two rows"
                seen.add((w, s))
        if row.cells[collation.base].sentences:
            base_order.append(row.cells[collation.base].sentences[0])
        for w, s, t in row.links:  # a repeat's sentence may stand in another row
            assert t in row.cells[collation.base].sentences and (w, s) in rowed
        for echo in row.echoes:
            target = collation.rows[echo.row]
            assert set(echo.sentences) <= set(target.cells[echo.witness].sentences)
        for i, x, j, y in row.cross:  # direct links of two other witnesses, in i's row
            assert (i, j) in collation.direct and collation.base not in (i, j)
            assert x in row.cells[i].sentences and (j, y) in rowed
    assert base_order == sorted(base_order)


def test_rows_are_consistent_and_in_base_order(trio) -> None:  # type: ignore[no-untyped-def]
    _check_rows(trio)
    assert trio.witnesses[trio.base].label == "VNA"
    # Every sentence of the hand-made rendering is in a row (it has no chrome).
    hand = {s for row in trio.rows for s in row.cells[2].sentences}
    assert hand == set(range(len(trio.witnesses[2].sentences)))


def test_a_moved_passage_stays_in_the_row_it_renders(trio) -> None:  # type: ignore[no-untyped-def]
    fifth = next(r for r in trio.rows if r.cells[2].sentences and "Fifth" in _text(trio, r, 2))
    assert fifth.cells[2].presence == Presence.MOVE
    assert "Fifth" in _text(trio, fifth, 1) and "Fifth" in _text(trio, fifth, 0)
    rows_with_hand = [r.id for r in trio.rows if r.cells[2].sentences]
    assert rows_with_hand == sorted(rows_with_hand) and rows_with_hand[-1] == fifth.id


def _text(collation, row, w: int) -> str:  # type: ignore[no-untyped-def]
    doc = collation.witnesses[w]
    return " ".join(doc.sentences[s].text for s in row.cells[w].sentences)


def test_what_the_base_lacks_shares_a_row_across_witnesses() -> None:
    """WEB lacks a quarter of the verses: KJV's and ASV's renderings of each share one row."""
    collation = collate(
        [_lines("kjv"), _lines("asv"), _lines("web")], Options(units="lines"), base="web"
    )
    _check_rows(collation)
    keys = {e["version"]: e["keys"] for e in GOLD["layouts"]["lines"]}
    joined = [
        r
        for r in collation.rows
        if not r.cells[2].sentences and all(r.cells[w].sentences for w in (0, 1))
    ]
    missing = len(keys["kjv"]) - len(keys["web"])
    assert missing == 20 and len(joined) >= missing - 2
    for row in joined:
        (i,), (j,) = row.cells[0].sentences, row.cells[1].sentences
        assert keys["kjv"][i] == keys["asv"][j], "joined lines render another verse"


def _hand_collation(  # type: ignore[no-untyped-def]
    texts: list[str], pairs: dict[int, list[tuple]], direct: dict | None = None
):
    """A collation built from hand-made pair alignments with witness 0, the base (one unit a
    line; `pairs`: witness -> its ``(relation, base lines, witness lines)``; `direct`: ``(i,
    j)`` -> the same of a pair of two other witnesses, aligned with each other)."""
    from align.collating.rows import build_rows
    from align.model import Collation, Comparison, Pair, Relation, Row
    from align.reading import text_source
    from align.segmenting import segment

    docs = [
        segment(text_source(t, f"<{k}>", units="lines"), f"w{k}", units="lines")
        for k, t in enumerate(texts)
    ]
    comps = [None] + [
        Comparison(
            "test",
            Options(units="lines"),
            docs[0],
            docs[w],
            tuple(Pair(k, a, b, Relation(rel), 1.0) for k, (rel, a, b) in enumerate(pairs[w])),
        )
        for w in range(1, len(texts))
    ]
    links = {
        key: tuple((Relation(rel), a, b) for rel, a, b in found)
        for key, found in (direct or {}).items()
    }
    layout = build_rows(docs, 0, comps, 0.3, links)
    rows = tuple(
        Row(k, cells, (), layout.echoes[k], layout.links[k], layout.cross[k])
        for k, cells in enumerate(layout.cells)
    )
    labels = tuple(d.label for d in docs)
    options = Options(units="lines", labels=labels, threshold=0.3)  # type: ignore[arg-type]
    return Collation("test", options, tuple(docs), 0, "given", rows, (), (), direct=tuple(links))


#: Leviticus 3:9-11 in KJV and ASV, and 3:9-11 and 3:15 in YLT, which renders 3:10 and 3:15
#: alike (one word apart), one verse a line.
LEV_KJV = (
    "And he shall offer of the sacrifice of the peace offering an offering made by fire unto "
    "the LORD; the fat thereof, and the whole rump, it shall he take off hard by the backbone; "
    "and the fat that covereth the inwards, and all the fat that is upon the inwards,\n"
    "And the two kidneys, and the fat that is upon them, which is by the flanks, and the caul "
    "above the liver, with the kidneys, it shall he take away.\n"
    "And the priest shall burn it upon the altar: it is the food of the offering made by fire "
    "unto the LORD.\n"
)
LEV_ASV = (
    "And he shall offer of the sacrifice of peace-offerings an offering made by fire unto "
    "Jehovah; the fat thereof, the fat tail entire, he shall take away hard by the backbone; "
    "and the fat that covereth the inwards, and all the fat that is upon the inwards,\n"
    "and the two kidneys, and the fat that is upon them, which is by the loins, and the caul "
    "upon the liver, with the kidneys, shall he take away.\n"
    "And the priest shall burn it upon the altar: it is the food of the offering made by fire "
    "unto Jehovah.\n"
)
LEV_YLT = (
    "'And he hath brought near from the sacrifice of the peace-offerings a fire-offering to "
    "Jehovah, its fat, the whole fat tail (over-against the bone he doth turn it aside), and "
    "the fat which is covering the inwards, and all the fat which is on the inwards,\n"
    "and the two kidneys, and the fat which is on them, which is on the flanks, and the "
    "redundance above the liver, (beside the kidneys he doth turn it aside),\n"
    "and the priest hath made it a perfume on the altar -- bread of a fire-offering to "
    "Jehovah.\n"
    "and the two kidneys, and the fat which is upon them, which is on the flanks, and the "
    "redundance above the liver, (beside the kidneys he doth turn it aside),\n"
)


def test_two_other_witnesses_keep_their_direct_link_against_a_near_tie_through_the_base() -> None:
    """As in the Pentateuch (one verse a line, base KJV): KJV and YLT aligned KJV's 3:10 with
    YLT's 3:15 and took YLT's 3:10 for a repeat; ASV and YLT aligned alone link the two 3:10s.
    Through the base, ASV's 3:10 goes with YLT's 3:15, a hair more alike in words ("upon
    them"); the direct link stands."""
    one_to_one = [("match", (0,), (0,)), ("match", (1,), (1,)), ("match", (2,), (2,))]
    ylt = [("match", (0,), (0,)), ("match", (1,), (3,)), ("repeat", (1,), (1,))]
    ylt.append(("match", (2,), (2,)))
    collation = _hand_collation(
        [LEV_KJV, LEV_ASV, LEV_YLT], {1: one_to_one, 2: ylt}, {(1, 2): one_to_one}
    )
    _check_rows(collation)
    row = next(r for r in collation.rows if r.cells[0].sentences == (1,))
    assert row.cells[1].sentences == (1,) and row.cells[2].sentences == (3,)
    assert (1, 1, 2, 1) in row.cross  # YLT's 3:10 stands in a row of its own, a repeat
    assert implied_links(collation, 1, 2) == {(0, 0), (1, 1), (2, 2)}
    # With the base, the pair alignment's links, wrong as they are.
    assert implied_links(collation, 0, 2) == {(0, 0), (1, 3), (1, 1), (2, 2)}


def test_a_base_sentence_repeated_against_several_witnesses_keeps_every_repeat_link() -> None:
    """Genesis 8:12 as the base renders it twice; KJV and ASV render it once, each in a row
    of its own match (as YLT, KJV and ASV aligned in Genesis's running text)."""
    base = (
        "And he stayeth yet other seven days, and sendeth forth the dove.\n"
        "And Noah turneth aside the covering of the ark.\n"
        "And he stayeth yet other seven days, and sendeth forth the dove again.\n"
    )
    kjv = (
        "And he stayed yet other seven days; and sent forth the dove.\n"
        "And Noah removed the covering of the ark.\n"
    )
    asv = (
        "And he stayed yet other seven days; and sent forth the dove.\n"
        "And Noah removed the covering of the ark.\n"
    )
    pairs = [("match", (0,), (0,)), ("match", (1,), (1,)), ("repeat", (2,), (0,))]
    collation = _hand_collation([base, kjv, asv], {1: pairs, 2: pairs})
    _check_rows(collation)
    second = collation.rows[2]
    assert second.cells[0].sentences == (2,) and not second.cells[1].sentences
    # One echo per witness whose rendering the base repeats, each naming the first row.
    assert [(e.witness, e.sentences, e.row) for e in second.echoes] == [(1, (0,), 0), (2, (0,), 0)]
    for w in (1, 2):
        alone = {(x, y) for _, xs, ys in pairs for x in xs for y in ys}
        assert implied_links(collation, 0, w) == alone, w
        assert ((2,), (0,)) in row_pairs(collation, w)
    view = render_collation_terminal(collation, summarise_collation(collation))
    assert view.count("(rendered at row 1)") == 2


def test_a_sentence_the_base_leaves_unlinked_takes_its_direct_link_when_that_is_better() -> None:
    """Hand-made, one line a unit: the third witness cuts Genesis 1:3 in two lines, the base
    pair links only the first half, the direct alignment only the second (a poor link alone).
    The row holds both halves (the direct link joins them): through the base the second half
    would stand unlinked; with its direct link the verse reads as one bead, better than
    either."""
    base = (
        "And God said, Let there be light: and there was light.\n"
        "And God saw the light, that it was good.\n"
    )
    kjv = (
        "And God said, Let there be light, and there was light.\n"
        "And God saw the light, that it was good.\n"
    )
    ylt = "And God saith, Let light be;\nand light is.\nAnd God seeth the light that it is good.\n"
    collation = _hand_collation(
        [base, kjv, ylt],
        {
            1: [("match", (0,), (0,)), ("match", (1,), (1,))],
            2: [("match", (0,), (0,)), ("only_b", (), (1,)), ("match", (1,), (2,))],
        },
        {(1, 2): [("match", (0,), (1,)), ("match", (1,), (2,))]},
    )
    _check_rows(collation)
    assert collation.rows[0].cells[2].sentences == (0, 1)
    assert implied_links(collation, 1, 2) == {(0, 0), (0, 1), (1, 2)}


def test_a_direct_link_between_rows_stands_when_neither_sentence_has_another() -> None:
    """Hand-made: the base leaves out Genesis 1:4, which the second witness renders after 1:3
    and the third (moved) before it, so the two renderings stand in rows of their own; the
    direct alignment links them, as a move (which joins no rows), and no link reads them
    otherwise."""
    base = "And God said, Let there be light: and there was light.\n"
    kjv = (
        "And God said, Let there be light, and there was light.\n"
        "And God saw the light, that it was good.\n"
    )
    ylt = "And God seeth the light that it is good.\nAnd God saith, Let light be; and light is.\n"
    collation = _hand_collation(
        [base, kjv, ylt],
        {
            1: [("match", (0,), (0,)), ("only_b", (), (1,))],
            2: [("only_b", (), (0,)), ("match", (0,), (1,))],
        },
        {(1, 2): [("move", (1,), (0,)), ("match", (0,), (1,))]},
    )
    _check_rows(collation)
    kjv_row, ylt_row = (
        next(r.id for r in collation.rows if s in r.cells[w].sentences) for w, s in ((1, 1), (2, 0))
    )
    assert kjv_row != ylt_row
    assert implied_links(collation, 1, 2) == {(0, 1), (1, 0)}


def test_a_repeat_whose_both_sentences_stand_in_other_rows_keeps_its_link() -> None:
    """Hand-made: the witness's first line renders the base's first and, the pair alignment
    says, the base's second again, while the base's second has a match of its own: the
    repeat has no row of its own, its echo and link go with the rows that hold its sides."""
    base = "The king rode out at dawn.\nThe king rode out at dawn again.\n"
    other = "The king rode out at dawn.\nAt dawn again the king rode out.\n"
    pairs = [("match", (0,), (0,)), ("match", (1,), (1,)), ("repeat", (1,), (0,))]
    plain = [("match", (0,), (0,)), ("match", (1,), (1,))]
    collation = _hand_collation([base, other, other], {1: pairs, 2: plain})
    _check_rows(collation)
    assert [len(r.echoes) for r in collation.rows] == [1, 0]
    assert implied_links(collation, 0, 1) == {(0, 0), (1, 1), (1, 0)}  # as the pair has it
    # Through the base, the repeat links nothing else.
    assert implied_links(collation, 1, 2) == {(0, 0), (1, 1)}


def test_every_row_an_echo_names_is_shown_in_the_report_and_terminal() -> None:
    """Hand-made: the base's third line renders again both of the witness's lines, which
    stand at rows 1 and 2; the witness's cell there names both rows, not the first only."""
    base = "The king rode out.\nThe queen stayed home.\nThe king rode out; the queen stayed.\n"
    other = "The king rode out.\nThe queen stayed at home.\n"
    pairs = [("match", (0,), (0,)), ("match", (1,), (1,))]
    pairs += [("repeat", (2,), (0,)), ("repeat", (2,), (1,))]
    collation = _hand_collation([base, other], {1: pairs})
    _check_rows(collation)
    assert [(e.witness, e.row) for e in collation.rows[2].echoes] == [(1, 0), (1, 1)]
    summary = summarise_collation(collation)
    assert "(rendered at rows 1, 2)" in render_collation_terminal(collation, summary)
    (html,) = render_collation_pages(collation, summary, "x.html").values()
    assert 'href="#r1">rendered at rows 1, 2</a>' in html


def _pair_scores(collation, entries, units: str):  # type: ignore[no-untyped-def]
    out = {}
    for i, j in combinations(range(len(entries)), 2):
        a, b = collation.witnesses[i], collation.witnesses[j]
        gold = Gold(
            Path(a.path),
            Path(b.path),
            units,
            [tuple(s) for s in entries[i]["spans"]],
            [tuple(s) for s in entries[j]["spans"]],
            gold_links(entries[i]["keys"], entries[j]["keys"]),
        )
        spans_a = [(s.start, s.end) for s in a.sentences]
        spans_b = [(s.start, s.end) for s in b.sentences]
        collated = score(gold, Prediction(implied_links(collation, i, j), spans_a, spans_b)).row()
        comp = compare(a.path, b.path, Options(units=units))
        links = {(x, y) for p in comp.pairs for x in p.a for y in p.b}
        alone = score(gold, Prediction(links, spans_a, spans_b)).row()
        out[a.label, b.label] = collated, alone
    return out


@pytest.mark.parametrize("layout", ["lines", "text"])
def test_bible_rows_score_at_least_as_well_as_each_pair_alone(layout: str) -> None:
    """Four versions, one lacking a quarter of its verses, one with passages moved."""
    entries = GOLD["layouts"][layout]
    units = "lines" if layout == "lines" else "sentences"
    collation = collate(
        [BIBLE / layout / e["file"] for e in entries],
        Options(units=units),
        labels=[e["version"] for e in entries],
    )
    _check_rows(collation)
    for pair, (collated, alone) in _pair_scores(collation, entries, units).items():
        for key in ("strict_f1", "lax_f1"):
            assert collated[key] >= alone[key] - 1e-9, (pair, key, collated, alone)
        if layout == "lines":
            assert collated["strict_f1"] == 1.0, pair


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    drops=st.lists(st.sets(st.integers(0, 39), max_size=12), min_size=3, max_size=4),
    base=st.integers(0, 3),
)
def test_rows_stay_consistent_whatever_each_witness_leaves_out(drops, base) -> None:  # type: ignore[no-untyped-def]
    versions = ["kjv", "asv", "ylt", "web"][: len(drops)]
    texts = []
    for version, drop in zip(versions, drops):
        lines = Path(_lines(version)).read_text(encoding="utf-8").splitlines()[:40]
        texts.append("\n".join(line for k, line in enumerate(lines) if k not in drop) + "\n")
    collation = collate_texts(texts, Options(units="lines"), base=min(base, len(texts) - 1))
    _check_rows(collation)
    for w, text in enumerate(texts):
        held = {s for row in collation.rows for s in row.cells[w].sentences}
        assert held == set(range(len(text.splitlines())))


# --- the base ------------------------------------------------------------------------------------


def test_the_default_base_is_the_most_complete_not_the_longest() -> None:
    """KJV and YLT together on each of the first 50 verses outweigh KJV's 80 in words."""
    kjv_lines = Path(_lines("kjv")).read_text(encoding="utf-8").splitlines()
    ylt_lines = Path(_lines("ylt")).read_text(encoding="utf-8").splitlines()
    padded = "".join(f"{k} {y}\n" for k, y in list(zip(kjv_lines, ylt_lines))[:50])
    kjv = "\n".join(kjv_lines) + "\n"
    asv = Path(_lines("asv")).read_text(encoding="utf-8")
    assert len(padded.split()) > len(kjv.split())
    collation = collate_texts(
        [padded, kjv, asv], Options(units="lines"), labels=["KJV+YLT", "KJV", "ASV"]
    )
    assert collation.witnesses[collation.base].label in ("KJV", "ASV")
    assert collation.base_reason.startswith("most complete")
    given_base = collate_texts([padded, kjv, asv], Options(units="lines"), base=0)
    assert given_base.base == 0 and given_base.base_reason == "given"


# --- the apparatus -------------------------------------------------------------------------------


def test_apparatus_groups_the_witnesses_by_reading(trio) -> None:  # type: ignore[no-untyped-def]
    labels = [d.label for d in trio.witnesses]
    lines = [apparatus_line(e, labels) for r in trio.rows for e in r.apparatus]
    assert "defence VNA | defense VOV, HND (spelling, quote)" in lines
    assert "key VNA | vital VOV, HND (lexical)" in lines
    assert "transformations VNA | currents VOV, HND (lexical)" in lines
    assert "or stand outside VNA, VOV | om. HND (omission)" in lines
    assert "favourable VNA, VOV | favorable HND (spelling)" in lines


def test_apparatus_spans_point_at_each_witness_text(trio) -> None:  # type: ignore[no-untyped-def]
    checked = 0
    for row in trio.rows:
        for entry in row.apparatus:
            if entry.start < 0:
                continue
            base_text = trio.witnesses[trio.base].text
            assert " ".join(base_text[entry.start : entry.end].split()) == entry.lemma
            for k, reading in enumerate(entry.readings):
                for w, spans in entry.spans[k]:
                    assert w in reading.witnesses
                    text = trio.witnesses[w].text
                    words = " ".join("".join(text[s:e] for s, e in spans).split())
                    if k == 0 and spans:
                        assert words.casefold() == reading.text.casefold()
                        checked += 1
                    for s, e in spans:
                        assert row.cells[w].sentences
                        sentences = [trio.witnesses[w].sentences[x] for x in row.cells[w].sentences]
                        assert any(x.start <= s <= e <= x.end for x in sentences)
    assert checked > 20


def test_variants_and_inconsistencies_name_witnesses_and_rows(trio) -> None:  # type: ignore[no-untyped-def]
    labels = [d.label for d in trio.witnesses]
    found = {(v.lemma, v.reading, v.kind): v for v in trio.variants}
    favourable = found["favourable", "favorable", "spelling"]
    assert [labels[w] for w in favourable.witnesses] == ["HND"] and favourable.count == 2
    assert all(r.cells[2].sentences for r in (trio.rows[k] for k in favourable.rows))
    kinds = [v.kind for v in trio.variants]
    assert kinds.index("lexical") < kinds.index("spelling")
    assert any(i.witness == 0 for i in trio.inconsistencies)
    for inc in trio.inconsistencies:
        for form in inc.forms:
            assert all(0 <= r < len(trio.rows) for r in form.pairs)


# --- outputs -------------------------------------------------------------------------------------


def test_json_is_deterministic_and_documented(trio, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = render_collation_json(trio)
    again = render_collation_json(collate([VOV, VNA, HAND], labels=["VOV", "VNA", "HND"]))
    assert text == again
    data = json.loads(text)
    assert data["schema"] == "align-collation/1"
    assert list(data) == [
        "schema",
        "version",
        "options",
        "base",
        "base_reason",
        "witnesses",
        "rows",
        "variants",
        "inconsistencies",
        "pairs",
    ]
    assert [p["witnesses"] for p in data["pairs"]] == [[0, 1], [0, 2], [1, 2]]
    assert {tuple(x) for x in data["pairs"][2]["links"]} == implied_links(trio, 1, 2)
    assert data["options"]["labels"] == ["VOV", "VNA", "HND"]
    assert [w["label"] for w in data["witnesses"]] == ["VOV", "VNA", "HND"]
    row = data["rows"][0]
    assert list(row) == ["id", "cells", "echoes", "apparatus", "links"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for field in (
        "pairs[]",
        "base_reason",
        "rows[].cells",
        "rows[].apparatus[]",
        "rows[].links",
        "rows[].echoes",
    ):
        assert f"`{field}`" in readme, field
    out = tmp_path / "c.json"
    assert (
        main(["collate", VOV, VNA, HAND, "--labels", "VOV,VNA,HND", "--json", "-o", str(out)]) == 0
    )
    assert out.read_text(encoding="utf-8") == text
    named = tmp_path / "named.json"  # a name ending .json asks for JSON too
    assert main(["collate", VOV, VNA, HAND, "--labels", "VOV,VNA,HND", "-o", str(named)]) == 0
    assert named.read_text(encoding="utf-8") == text


def test_terminal_view(trio, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert main(["collate", VOV, VNA, HAND, "--labels", "VOV,VNA,HND"]) == 0
    out = capsys.readouterr().out
    assert out == render_collation_terminal(trio, summarise_collation(trio))
    assert "base VNA (most complete: the longest" in out.splitlines()[0]
    assert "  [1] defence VNA | defense VOV, HND (spelling, quote)" in out
    assert "\x1b[" not in out  # not a terminal: no colour


def _html(tmp_path: Path, *args: str) -> list[Path]:
    out = tmp_path / "c.html"
    assert main(["collate", *args, "-o", str(out)]) == 0
    return sorted(tmp_path.glob("c*.html"))


def test_html_has_a_column_per_witness_and_is_self_contained(tmp_path: Path) -> None:
    (page,) = _html(tmp_path, VOV, VNA, HAND, "--labels", "VOV,VNA,HND")
    html = page.read_text(encoding="utf-8")
    assert html.count('<th scope="col">VOV</th>') == 1 and "VNA (base)</th>" in html
    assert "Base: <strong>VNA</strong> (most complete: the longest" in html
    assert re.search(r"<(script|link|img)[^>]+(src|href)=", html) is None
    assert "http://" not in html and "https://" not in html
    assert html.count('data-witness="2"') == len(collate([VOV, VNA, HAND]).rows)
    assert 'class="var k-spelling" data-e=' in html


def test_html_with_more_than_four_witnesses_shows_the_base_and_the_apparatus(
    tmp_path: Path,
) -> None:
    files = [_lines(v) for v in ("kjv", "asv", "web", "ylt")] + [str(BIBLE / "text" / "kjv.txt")]
    (page,) = _html(tmp_path, *files, "--units", "lines", "--labels", "KJV,ASV,WEB,YLT,KJVt")
    html = page.read_text(encoding="utf-8")
    assert "and the apparatus</th>" in html and '<th scope="col">ASV</th>' not in html
    assert "<summary>The other witnesses</summary>" in html
    rows = len(re.findall(r'<tbody class="row', html))
    assert html.count('<td class="cell ') == rows  # the base's cell, in every row
    assert html.count("<summary>The other witnesses</summary>") == rows
    # Every apparatus entry marks its words in the row: the base's cell or the others' text.
    bodies = re.findall(r'<tbody class="row[^"]*"[^>]*>(.*?)</tbody>', html, re.S)
    varied = 0
    for body in bodies:
        entries = set(re.findall(r'<li data-e="(\d+)"', body))
        varied += bool(entries)
        assert entries <= set(re.findall(r'<mark [^>]*data-e="(\d+)"', body))
    assert varied > 40


def test_html_links_a_repeat_to_the_row_of_its_first_rendering(trio, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Every echo: the row's note links to the row it names, on its page for a book."""
    echoes = [(row.id + 1, e.row + 1) for row in trio.rows for e in row.echoes]
    assert len(echoes) >= 3
    (html,) = render_collation_pages(trio, summarise_collation(trio), "t.html").values()
    bodies = dict(re.findall(r'<tbody [^>]*id="r(\d+)"(.*?)</tbody>', html, re.S))
    for row, first in echoes:
        assert re.search(
            rf'<a class="note" href="#r{first}">[a-z ]+row {first}</a>', bodies[str(row)]
        )
    pages = render_collation_pages(trio, summarise_collation(trio), "t.html", page_rows=20)
    row, first = next((r, f) for r, f in echoes if (r - 1) // 20 != (f - 1) // 20)
    page = pages[f"t-{(row - 1) // 20 + 1:03d}.html"]
    assert f'href="t-{(first - 1) // 20 + 1:03d}.html#r{first}"' in page


def test_html_index_lists_variants_and_inconsistencies_linked_to_their_rows(trio) -> None:  # type: ignore[no-untyped-def]
    """The variant table gives each reading's witnesses, kind and rows; each witness's
    inconsistencies give their forms' rows; every row link lands on the row's page."""
    labels = [d.label for d in trio.witnesses]
    pages = render_collation_pages(trio, summarise_collation(trio), "t.html", page_rows=20)
    index = pages["t.html"]
    assert (
        '<tr data-kind="spelling"><td>favourable</td><td>favorable</td><td>HND</td>'
        '<td>spelling</td><td>2: <a href="t-003.html#r54">54</a> <a href="t-003.html#r59">59</a>'
    ) in index
    section = index[index.index('<section id="inconsistencies"') :]
    section = section[: section.index("</section>")]
    found = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(.*?)</td>', section)
    assert [label for label, _ in found] == [labels[i.witness] for i in trio.inconsistencies]
    first = trio.inconsistencies[0]
    for form in first.forms:
        rows = "".join(
            f'{", " if k else ""}<a href="t-{r // 20 + 1:03d}.html#r{r + 1}">{r + 1}</a>'
            for k, r in enumerate(form.pairs[:8])
        )
        assert f"<q>{form.text}</q> ×{form.count} (rows {rows}" in found[0][1]
    hrefs = re.findall(r'href="(t-\d+\.html)#(r\d+)"', index[index.index('id="variants"') :])
    assert len(hrefs) > 50
    for file, row in hrefs:
        assert f'id="{row}"' in pages[file], (file, row)


def test_base_option_chooses_the_base_and_the_report_is_deterministic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--base` by label or number (the default would be VNA); the same command twice
    writes the same bytes."""
    written = []
    for run in ("one", "two"):
        (tmp_path / run).mkdir()
        out = tmp_path / run / "c.html"
        args = ["collate", VOV, VNA, HAND, "--labels", "VOV,VNA,HND", "--base", "VOV"]
        assert main([*args, "-o", str(out)]) == 0
        written.append(out.read_bytes())
    assert written[0] == written[1]
    assert "VOV (base)</th>" in written[0].decode("utf-8")
    assert main(["collate", VOV, VNA, HAND, "--base", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["base"], data["base_reason"]) == (0, "given")


def test_html_escapes_hostile_text(tmp_path: Path) -> None:
    texts = [
        "The <script>alert(1)</script> cat sat on the mat.\n",
        "The <script>alert(2)</script> cat sat on a mat.\n",
        "The <img src=x onerror=alert(3)> cat sat on the mat\u202e.\n",
    ]
    collation = collate_texts(texts, labels=["<b>one</b>", "two", "three"])
    (html,) = render_collation_pages(collation, summarise_collation(collation), "x.html").values()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>one</b>" not in html
    assert "&lt;/script" in html and "&lt;b&gt;one&lt;/b&gt;" in html
    assert "U+202E" in html and "\u202e" not in html


def test_long_collation_is_paged_with_an_index(tmp_path: Path) -> None:
    collation = collate([_lines(v) for v in ("kjv", "asv", "web")], Options(units="lines"))
    pages = render_collation_pages(
        collation, summarise_collation(collation), "b.html", page_rows=30
    )
    assert list(pages) == ["b-001.html", "b-002.html", "b-003.html", "b.html"]
    forked = render_collation_pages(
        collation, summarise_collation(collation), "b.html", page_rows=30, jobs=2
    )
    assert forked == pages  # each page laid out in a process of its own: the same
    ids = {name: set(re.findall(r'id="(r\d+)"', html)) for name, html in pages.items()}
    assert sorted(len(v) for v in ids.values()) == [0, len(collation.rows) - 60, 30, 30]
    for href in re.findall(r'href="(b-\d+\.html)#(r\d+)"', pages["b.html"]):
        assert href[1] in ids[href[0]], href


def test_written_pages_are_staged_as_laid_out_and_renamed_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A book's pages go to disk one by one (never all held at once), under temporary names
    until the last is written; the files are those `render_collation_pages` gives."""
    import align.rendering.collation_html as collation_html

    collation = collate([_lines(v) for v in ("kjv", "asv", "web")], Options(units="lines"))
    summary = summarise_collation(collation)
    pages = render_collation_pages(collation, summary, "b.html", page_rows=30)
    real = collation_html._render
    seen: list[tuple[int, list[str]]] = []

    def spy(*args, **page):  # type: ignore[no-untyped-def]
        seen.append((page["page"], sorted(p.name for p in tmp_path.iterdir())))
        return real(*args, **page)

    monkeypatch.setattr(collation_html, "_render", spy)
    out = tmp_path / "b.html"
    written = collation_html.write_collation(collation, summary, str(out), page_rows=30, jobs=1)
    assert written == [str(tmp_path / name) for name in pages]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(pages)
    for name, html in pages.items():
        assert (tmp_path / name).read_text(encoding="utf-8") == html
    # Laying out page k, the k - 1 before it are on disk, none under its final name yet.
    assert [page for page, _ in seen] == [1, 2, 3, 0]
    for k, (_, files) in enumerate(seen):
        assert len(files) == k and all(f.startswith(".align-b.html-") for f in files)


def test_written_pages_are_laid_out_each_in_a_process_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With two jobs each page is laid out and staged by a forked process that ends with it
    (it copies only the rows it reads); the files are the same."""
    import os

    import align.rendering.collation_html as collation_html

    collation = collate([_lines(v) for v in ("kjv", "asv", "web")], Options(units="lines"))
    summary = summarise_collation(collation)
    pages = render_collation_pages(collation, summary, "b.html", page_rows=30)
    real = collation_html._render
    log = tmp_path.parent / f"{tmp_path.name}-pids"

    def spy(*args, **page):  # type: ignore[no-untyped-def]
        with log.open("a") as f:
            f.write(f"{page['page']} {os.getpid()}\n")
        return real(*args, **page)

    monkeypatch.setattr(collation_html, "_render", spy)
    collation_html.write_collation(collation, summary, str(tmp_path / "b.html"), page_rows=30)
    for name, html in pages.items():
        assert (tmp_path / name).read_text(encoding="utf-8") == html
    laid_out = dict(line.split() for line in log.read_text().splitlines())
    assert sorted(laid_out) == ["0", "1", "2", "3"]
    assert laid_out["0"] == str(os.getpid())  # the index, last, here
    assert len({laid_out[k] for k in "123"} | {laid_out["0"]}) == 4


def test_a_page_that_fails_leaves_nothing_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import align.rendering.collation_html as collation_html

    collation = collate([_lines(v) for v in ("kjv", "asv", "web")], Options(units="lines"))
    real = collation_html._render

    def failing(*args, **page):  # type: ignore[no-untyped-def]
        if page["page"] == 3:  # two pages staged before it
            raise OSError(28, "No space left on device")
        return real(*args, **page)

    monkeypatch.setattr(collation_html, "_render", failing)
    with pytest.raises(OSError):
        collation_html.write_collation(
            collation,
            summarise_collation(collation),
            str(tmp_path / "b.html"),
            page_rows=30,
        )
    assert list(tmp_path.iterdir()) == []


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message, at",
    [
        (["missing.txt"], "missing.txt", 3),
        (["missing.txt"], "missing.txt", 0),
        (["binary.bin"], "binary.bin", 3),
        (["binary.bin"], "binary.bin", 1),
        (["--labels", "A,B"], "--labels", 3),
        (["--base", "nobody"], "nobody", 3),
    ],
)
def test_bad_input_names_it_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str, at: int
) -> None:
    """A bad witness first, in the middle or last; bad options."""
    (tmp_path / "binary.bin").write_bytes(b"\x00\x01\x02PK\x00" * 50)
    files = [VOV, VNA, HAND]
    files[at:at] = [str(tmp_path / a) if a.endswith((".txt", ".bin")) else a for a in args]
    out = tmp_path / "out.html"
    assert main(["collate", *files, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and message in err and err.startswith("align: error:")
    assert list(tmp_path.iterdir()) == [tmp_path / "binary.bin"]


def test_pairs_aligned_on_a_pool_give_the_same_collation(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Long witnesses' pairs go to a pool of as many processes as cores, all six at once (the
    three with the base in full, the three direct pairs only aligned), a process each, and
    the implied links are found in another process while this one makes the apparatus:
    nothing changes."""
    import os

    import align.collating as collating

    files = [_lines(v) for v in ("kjv", "asv", "web", "ylt")]
    alone = render_collation_json(collate(files, Options(units="lines"), jobs=1))
    monkeypatch.setattr(collating, "POOL_CHARS", 0)
    monkeypatch.setattr(collating, "FORK_ROWS", 0)
    log = tmp_path / "calls"
    real_full, real_links = collating.compare_documents, collating._links
    real_implied = collating.implied_links

    def implied(collation, i, j):  # type: ignore[no-untyped-def]
        with log.open("a") as out:
            out.write(f"implied {i} {j} - {os.getpid()}\n")
        return real_implied(collation, i, j)

    def full(a, b, options, *, jobs=None, variants=True):  # type: ignore[no-untyped-def]
        assert not variants  # the collation gathers its own, over its rows
        with log.open("a") as out:
            out.write(f"full {a.label} {b.label} {jobs} {os.getpid()}\n")
        return real_full(a, b, options, jobs=jobs, variants=variants)

    def links(a, b, options, jobs):  # type: ignore[no-untyped-def]
        with log.open("a") as out:
            out.write(f"links {a.label} {b.label} {jobs} {os.getpid()}\n")
        return real_links(a, b, options, jobs)

    monkeypatch.setattr(collating, "compare_documents", full)
    monkeypatch.setattr(collating, "_links", links)
    monkeypatch.setattr(collating, "implied_links", implied)
    pooled = collate(files, Options(units="lines"), jobs=2)
    assert render_collation_json(pooled) == alone
    calls = sorted(line.split() for line in log.read_text().splitlines())
    # The implied links of the six pairs, in one forked process while this one made the
    # apparatus.
    implied_in = {c[4] for c in calls if c[0] == "implied"}
    assert len(implied_in) == 1 and str(os.getpid()) not in implied_in
    assert len([c for c in calls if c[0] == "implied"]) == 6
    calls = [c for c in calls if c[0] != "implied"]
    base = pooled.witnesses[pooled.base].label
    assert all(base in c[1:3] for c in calls if c[0] == "full")
    assert sorted(c[0] for c in calls) == ["full"] * 3 + ["links"] * 3
    assert all(c[3] == "1" for c in calls)  # one process each, not split further
    pids = {c[4] for c in calls}
    assert len(pids) == 6 and str(os.getpid()) not in pids


def test_direct_pairs_are_only_aligned_and_keep_the_pair_links(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Only the base's pairs are diffed, named and gathered (three of four witnesses' six
    pairs); a direct pair's links are those of the pair compared in full."""
    import align.collating as collating
    from align.pipeline import compare_documents

    files = [_lines(v) for v in ("kjv", "asv", "web", "ylt")]
    compared = []
    real = collating.compare_documents

    def spy(a, b, options, **kw):  # type: ignore[no-untyped-def]
        compared.append((a.label, b.label))
        return real(a, b, options, **kw)

    monkeypatch.setattr(collating, "compare_documents", spy)
    collation = collate(files, Options(units="lines"), jobs=1)
    base = collation.witnesses[collation.base].label
    assert len(compared) == 3 and all(base in pair for pair in compared)
    a, b = (collation.witnesses[k] for k in collation.direct[0])
    whole = compare_documents(a, b, Options(units="lines"), jobs=1, variants=False)
    links = collating._links(a, b, Options(units="lines"), 1)
    assert links == tuple((p.relation, p.a, p.b) for p in whole.pairs if p.a and p.b)
    assert len(links) > 50


def test_the_command_ends_without_freeing_the_collation(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`align collate` leaves its collation to the process's end (a book's takes half a
    minute to free) and ends the process with its status once stdout is flushed; other
    commands return as before."""
    import signal
    import subprocess
    import sys

    import align.cli as cli
    import align.entry as entry

    files = [_lines(v) for v in ("kjv", "asv", "web")]
    ended: list[int] = []

    def exit_now(status: int) -> None:
        ended.append(status)
        raise SystemExit(status)

    handler = signal.getsignal(signal.SIGINT)
    monkeypatch.setattr(entry.os, "_exit", exit_now)
    monkeypatch.setattr(cli, "left_for_exit", [])
    try:
        monkeypatch.setattr(sys, "argv", ["align", "collate", *files, "--units", "lines", "--json"])
        with pytest.raises(SystemExit):
            entry.main()
        assert ended == [0] and len(cli.left_for_exit) == 1
        printed = capsys.readouterr().out
        cli.left_for_exit.clear()
        monkeypatch.setattr(sys, "argv", ["align", "diff", files[0], files[1], "--units", "lines"])
        assert entry.main() in (0, 1) and ended == [0]  # returned, not ended
    finally:
        signal.signal(signal.SIGINT, handler)
    # The real command, its JSON through a pipe: all of it, and status 0.
    run = subprocess.run(
        [sys.executable, "-m", "align", "collate", *files, "--units", "lines", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0 and run.stderr == ""
    assert run.stdout == printed and json.loads(run.stdout)["schema"] == "align-collation/1"


# --- a real collation set: four renderings of one speech -----------------------------------------

UNSOF = ROOT / "benchmarks/data/collate/to-lam-unsof2024"


def test_the_real_set_gold_is_sound_and_the_check_finds_faults(tmp_path: Path) -> None:
    import shutil

    from benchmarks.collate_news import check_gold

    assert check_gold(UNSOF) == []
    broken = tmp_path / "set"
    shutil.copytree(UNSOF, broken)
    gold = json.loads((broken / "gold.json").read_text(encoding="utf-8"))
    gold["witnesses"][1]["spans"][3][0] -= 20  # overlaps the unit before
    gold["witnesses"][2]["keys"][5] = []
    (broken / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    errors = check_gold(broken)
    assert len(errors) == 2
    assert errors[0].startswith("vna: unit span 3") and "before the previous one ends" in errors[0]
    assert errors[1] == "vns: unit 5 has no key"


def test_the_real_set_rows_hold_every_rendering_of_the_speech_sentences() -> None:
    """Each sentence of the speech all four outlets render stands in one row with all four."""
    gold = json.loads((UNSOF / "gold.json").read_text(encoding="utf-8"))
    entries = gold["witnesses"]
    collation = collate([UNSOF / e["file"] for e in entries], labels=[e["label"] for e in entries])
    row_of = {
        (w, s): row.id
        for row in collation.rows
        for w, cell in enumerate(row.cells)
        for s in cell.sentences
    }
    for key in ("p1s1", "p1s2", "p1s5", "p2s1", "p3s1", "p3s2"):
        rows = set()
        for w, e in enumerate(entries):
            (unit,) = [k for k, keys in enumerate(e["keys"]) if keys == [key]]
            start, end = e["spans"][unit]
            doc = collation.witnesses[w]
            (s,) = [s.id for s in doc.sentences if s.start < end and start < s.end]
            rows.add(row_of[w, s])
        assert len(rows) == 1, key


def test_the_real_set_pairs_not_through_the_base_score_at_least_as_well_as_alone() -> None:
    """VNA, VNS and Lao Dong split the speech otherwise than the base (VGP) does: aligned with
    each other too, their pairs score at least as well as each pair aligned alone (through
    the base only, VNA-VNS scored 0.710 strict against 0.759, VNS-Lao Dong 0.565 against
    0.636)."""
    gold = json.loads((UNSOF / "gold.json").read_text(encoding="utf-8"))
    entries = [{**e, "file": str(UNSOF / e["file"])} for e in gold["witnesses"]]
    collation = collate([e["file"] for e in entries], labels=[e["label"] for e in entries])
    assert collation.witnesses[collation.base].label == "vgp"
    assert collation.direct == ((1, 2), (1, 3), (2, 3))
    _check_rows(collation)
    scores = _pair_scores(collation, entries, "sentences")
    for pair, (collated, alone) in scores.items():
        for key in ("strict_f1", "lax_f1"):
            assert collated[key] >= alone[key] - 1e-9, (pair, key, collated, alone)
    assert scores["vns", "laodong"][0]["strict_f1"] > scores["vns", "laodong"][1]["strict_f1"]
    # VNA's second sentence and VNS's fourth render one sentence of the speech; the base cuts
    # it otherwise, and only the direct alignment puts them in one row.
    row_of = {
        (w, s): r.id for r in collation.rows for w, c in enumerate(r.cells) for s in c.sentences
    }
    assert row_of[1, 1] == row_of[2, 3]


@pytest.mark.parametrize(
    ("n", "base", "pairs"),
    [
        (2, 0, []),
        (3, 1, [(0, 2)]),
        (4, 0, [(1, 2), (1, 3), (2, 3)]),
        (6, 2, [(0, 1), (0, 5), (1, 3), (3, 4), (4, 5)]),
    ],
)
def test_other_witnesses_are_aligned_in_a_ring(n: int, base: int, pairs: list) -> None:
    """Every pair of the others up to four witnesses, N - 1 pairs beyond: linear in N."""
    assert direct_pairs(n, base) == pairs


def test_pairs_compared_without_their_variants_keep_pairs_and_inconsistencies() -> None:
    """The collation asks `compare_documents` for no pair variants: the rest is the same."""
    from align.pipeline import compare_documents
    from align.reading import read_source
    from align.segmenting import segment

    a, b = (segment(read_source(p), label) for p, label in ((VOV, "VOV"), (VNA, "VNA")))
    full = compare_documents(a, b, Options())
    lean = compare_documents(a, b, Options(), variants=False)
    assert full.variants and lean.variants == ()
    assert lean.pairs == full.pairs and lean.inconsistencies == full.inconsistencies
