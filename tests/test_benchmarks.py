"""Fast checks of the benchmark suite: generator, gold files, scorer, baselines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import best_peer, bible, synth
from benchmarks.common import Gold, line_spans, read_text, segment_text, split_sentences
from benchmarks.score import (
    Prediction,
    bead_scores,
    beads_of,
    ladder_links,
    map_units,
    read_align_json,
    read_prediction,
    score,
)


def _story_pair(seed: int = 1, profile: str = "translation") -> synth.Pair:
    return synth.generate(synth.story_book(), seed=seed, profile=profile)


def test_generator_is_deterministic(tmp_path: Path) -> None:
    one, two = _story_pair(), _story_pair()
    assert [u.text for u in one.b.units()] == [u.text for u in two.b.units()]
    assert one.links == two.links
    one.write(tmp_path / "x")
    two.write(tmp_path / "y")
    for name in ("a.txt", "b.txt", "gold.json", "gold.lines.json", "b.lines.txt"):
        assert (tmp_path / "x" / name).read_bytes() == (tmp_path / "y" / name).read_bytes()
    other = _story_pair(seed=2)
    assert [u.text for u in other.b.units()] != [u.text for u in one.b.units()]


def test_rewrites_show_up() -> None:
    pair = _story_pair()
    a = " ".join(u.text for u in pair.a.units())
    b = " ".join(u.text for u in pair.b.units())
    assert "harbor" in a and "harbour" in b  # US/UK respelling
    assert "“" in b and "“" not in a  # curly quotes on B only
    assert "CHAPTER I" in b and "Chapter 1" in a


@pytest.mark.parametrize("profile", ["translation", "summary"])
def test_gold_is_consistent(tmp_path: Path, profile: str) -> None:
    pair = _story_pair(seed=3, profile=profile)
    pair.write(tmp_path)
    ua, ub = pair.a.units(), pair.b.units()
    for name in ("gold.json", "gold.lines.json"):
        gold = Gold.from_json(tmp_path / name)
        for spans, units, path in ((gold.a_spans, ua, gold.a), (gold.b_spans, ub, gold.b)):
            text = read_text(path)
            assert [text[s:e] for s, e in spans] == [u.text for u in units]
            assert all(e0 <= s1 for (_, e0), (s1, _) in zip(spans, spans[1:]))
        for i, j in gold.links:
            assert 0 <= i < len(ua) and 0 <= j < len(ub)
    # A lines gold's spans are the non-empty lines.
    lines = Gold.from_json(tmp_path / "gold.lines.json")
    assert lines.a_spans == line_spans(read_text(lines.a))
    # Each link joins units with a common source or a chain of them; headings link to headings.
    for i, j in pair.links:
        assert ua[i].heading == ub[j].heading
    if profile == "summary":
        assert len(ub) < 0.6 * len(ua)


def test_bead_links_join_splits_merges_and_repeats() -> None:
    u = synth.Unit
    a = [u("x", (1,)), u("y", (2,)), u("z", (3,)), u("w", (4,))]
    b = [u("x1", (1,)), u("x2", (1,)), u("yz", (2, 3)), u("x again", (1,))]
    assert synth.bead_links(a, b) == {(0, 0), (0, 1), (0, 3), (1, 2), (2, 2)}


def test_pieces_cover_the_book(tmp_path: Path) -> None:
    pair = _story_pair()
    pair.write(tmp_path)
    index = json.loads((tmp_path / "pieces" / "index.json").read_text())
    assert sum(len(p["a_spans"]) for p in index) == len(pair.a.units())
    assert sum(len(p["b_spans"]) for p in index) == len(pair.b.units())
    last = index[-1]
    text = read_text(tmp_path / "pieces" / last["b"])
    units = pair.b.units()[last["b_offset"] :]
    assert [text[s:e] for s, e in last["b_spans"]] == [x.text for x in units]


def test_split_and_merge_sentences() -> None:
    m = synth.split_point("He went home, and she stayed at the inn.")
    assert m is not None
    assert synth.split_sentence("He went home, and she stayed at the inn.", m) == (
        "He went home.",
        "She stayed at the inn.",
    )
    assert synth.split_point('He said, "Go home, and stay there."') is None  # inside a quote
    assert synth.mergeable("He left.", "The door shut.")
    assert not synth.mergeable("He left.", "Martha shut the door.")  # a name keeps its capital
    assert synth.roman(14) == "XIV" and synth.number_words(42) == "forty-two"


def test_plain_sentence_splitter() -> None:
    text = 'One. "Two?" he asked. Three!\n\nFour'
    assert [text[s:e] for s, e in segment_text(text)] == [
        "One.",
        '"Two?" he asked.',
        "Three!",
        "Four",
    ]
    assert split_sentences("a. b. C") == [(0, 5), (6, 7)]


def _gold(n_a: int, n_b: int, links: set[tuple[int, int]]) -> Gold:
    spans_a = [(10 * k, 10 * k + 9) for k in range(n_a)]
    spans_b = [(10 * k, 10 * k + 9) for k in range(n_b)]
    return Gold(Path("a"), Path("b"), "sentences", spans_a, spans_b, links)


def test_scorer_on_a_hand_made_case() -> None:
    # A: 4 units, B: 3 units. Gold: A0-B0, A1-B1, A2-B1 (a 2-1 bead); A3 has no counterpart.
    gold = _gold(4, 3, {(0, 0), (1, 1), (2, 1)})
    # Predicted: A0-B0 (right), A1-B1 (right), A2-B2 (wrong); A3 and B... all B linked.
    s = score(gold, Prediction({(0, 0), (1, 1), (2, 2)}))
    assert (s.links.correct, s.links.predicted, s.links.gold) == (2, 3, 3)
    assert s.links.precision == pytest.approx(2 / 3) and s.links.recall == pytest.approx(2 / 3)
    assert s.links.f1 == pytest.approx(2 / 3)
    # Gold no-counterpart: A3 and B2. Predicted: A3 only. P = 1, R = 1/2, F1 = 2/3.
    assert s.no_counterpart.precision == 1.0 and s.no_counterpart.recall == 0.5
    assert s.no_counterpart.f1 == pytest.approx(2 / 3)
    perfect = score(gold, Prediction(set(gold.links)))
    assert perfect.links.f1 == 1.0 and perfect.no_counterpart.f1 == 1.0


def test_beads_are_the_components_of_the_links() -> None:
    # A0-B0, a 2-1 bead A1 A2 - B1, a 2-2 bead A3 A4 - B2 B3 joined through A4-B2; A5, B4 alone.
    links = {(0, 0), (1, 1), (2, 1), (3, 2), (4, 2), (4, 3)}
    assert beads_of(links, 6, 5) == [
        ((0,), (0,)),
        ((1, 2), (1,)),
        ((3, 4), (2, 3)),
        ((5,), ()),
        ((), (4,)),
    ]
    assert beads_of(set(), 1, 1) == [((0,), ()), ((), (0,))]


def test_strict_and_lax_bead_scores() -> None:
    # Gold: 1-1, 2-1, 1-0 (A3), 1-1 (A4-B2).
    gold = [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((4,), (2,))]
    # Predicted: 1-1 right; 1-1 A1-B1 overlaps the gold 2-1 (lax only); 1-0 A2 wrong;
    # 1-0 A3 right (deletions count in precision); A4-B3 wrong on both counts.
    pred = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ()), ((4,), (3,))]
    s = bead_scores(gold, pred)
    assert (s.predicted, s.gold) == (5, 3)
    assert s.precision_strict == pytest.approx(2 / 5) and s.precision_lax == pytest.approx(3 / 5)
    # Recall over the gold beads with both sides (3), against predicted beads without 1-0/0-1:
    # 1-1 strict; the 2-1 bead overlaps predicted A1-B1 (lax); A4-B2 has no overlap.
    assert s.recall_strict == pytest.approx(1 / 3) and s.recall_lax == pytest.approx(2 / 3)
    assert s.f1_strict == pytest.approx(2 * (2 / 5) * (1 / 3) / (2 / 5 + 1 / 3))
    assert s.f1_lax == pytest.approx(2 * (3 / 5) * (2 / 3) / (3 / 5 + 2 / 3))
    perfect = bead_scores(gold, gold)
    assert perfect.f1_strict == 1.0 and perfect.f1_lax == 1.0
    # Nothing to count: 0, as vecalign's value_for_div_by_0.
    assert bead_scores([], []).f1_strict == 0.0


def test_scorer_reports_beads_from_links() -> None:
    # Gold 1-1, 2-1, A3 alone, B2 alone; predicted A2 linked to B2 instead of B1: beads
    # 0-0 (hit), A1-B1 (lax), A2-B2 (miss), A3 alone (hit).
    gold = _gold(4, 3, {(0, 0), (1, 1), (2, 1)})
    s = score(gold, Prediction({(0, 0), (1, 1), (2, 2)}))
    assert s.beads is not None
    assert s.beads.precision_strict == pytest.approx(2 / 4)
    assert s.beads.precision_lax == pytest.approx(3 / 4)
    assert s.beads.recall_strict == pytest.approx(1 / 2)
    assert s.beads.recall_lax == 1.0
    assert s.row()["strict_f1"] == pytest.approx(0.5)


def test_vecalign_output_and_corpus_split() -> None:
    from benchmarks import corpus
    from benchmarks.vecalign import parse_alignments

    assert parse_alignments("[0]:[0]:0.1\n[1, 2]:[1]:0.3\n[3]:[]:0.0\n") == [
        ([0], [0]),
        ([1, 2], [1]),
        ([3], []),
    ]
    names = [p.name for p in corpus.PAIRS]
    assert len(set(names)) == len(names)
    split = corpus.splits(names)
    assert split == corpus.SPLIT and set(split.values()) == {"tune", "heldout"}
    assert abs(sum(v == "tune" for v in split.values()) * 2 - len(names)) <= 1
    assert corpus.chapters("2:1-3,19:5") == {2001, 2002, 2003, 19005}


def test_scorer_maps_predicted_units_by_overlap() -> None:
    gold = _gold(3, 3, {(0, 0), (1, 1), (2, 2)})
    # The aligner cut A's unit 1 in two (spans 10-14, 15-19) and merged B's 1 and 2.
    pred = Prediction(
        {(0, 0), (1, 1), (2, 1), (3, 1)},
        a_spans=[(0, 9), (10, 14), (15, 19), (20, 29)],
        b_spans=[(0, 9), (10, 29)],
    )
    assert map_units(pred.a_spans or [], gold.a_spans) == [0, 1, 1, 2]
    assert map_units(pred.b_spans or [], gold.b_spans) == [0, 1]  # tie 10-19 vs 20-29: earlier
    s = score(gold, pred)
    assert s.links.correct == 2 and s.links.predicted == 3
    assert s.coverage_b == pytest.approx(2 / 3)
    assert map_units([(100, 120)], gold.a_spans) == [None]


def test_ladder_and_align_json_readers(tmp_path: Path) -> None:
    # Rungs 0-0, 1-1, 3-2, (4-3): beads [0]-[0], [1,2]-[1], [3]-[2].
    assert ladder_links([(0, 0), (1, 1), (3, 2)], 4, 3) == {(0, 0), (1, 1), (2, 1), (3, 2)}
    gold = _gold(4, 3, {(0, 0), (1, 1), (2, 1), (3, 2)})
    ladder = tmp_path / "x.ladder"
    ladder.write_text("0\t0\t0.5\n1\t1\t0.3\n3\t2\t0.1\n4\t3\t0\n")
    assert score(gold, read_prediction(ladder, gold)).links.f1 == 1.0

    def sent(k: int) -> dict:
        return {
            "id": k,
            "start": 10 * k,
            "end": 10 * k + 9,
            "paragraph": 0,
            "chrome": False,
            "text": "",
        }

    data = {
        "documents": {
            "a": {"sentences": [sent(k) for k in range(4)]},
            "b": {"sentences": [sent(k) for k in range(3)]},
        },
        "pairs": [
            {"id": 0, "a": [0], "b": [0], "relation": "match"},
            {"id": 1, "a": [1, 2], "b": [1], "relation": "match"},
            {"id": 2, "a": [3], "b": [], "relation": "only_a"},
            {"id": 3, "a": [], "b": [2], "relation": "only_b"},
        ],
    }
    pred = read_align_json(data)
    assert pred.links == {(0, 0), (1, 1), (2, 1)}
    path = tmp_path / "out.json"
    path.write_text(json.dumps(data))
    s = score(gold, read_prediction(path, gold))
    assert s.links.recall == pytest.approx(3 / 4) and s.links.precision == 1.0
    assert s.no_counterpart.predicted == 2 and s.no_counterpart.gold == 0


def test_gale_church_on_lengths() -> None:
    pytest.importorskip("numpy")
    from benchmarks.gale_church import align_lengths

    beads = align_lengths([100, 50, 60, 200, 30], [100, 110, 200, 30])
    assert beads == [(0, 1, 0, 1), (1, 2, 1, 1), (3, 1, 2, 1), (4, 1, 3, 1)]
    assert align_lengths([], [10]) == [(0, 0, 0, 1)]


def test_bible_layouts_and_links() -> None:
    verses = {
        1001001: "In the beginning.",
        1001002: "And the earth was void;",
        1001003: "and dark.",
        1002001: "Then more.",
    }
    a = bible.Side(sorted(verses), verses, {1: "Genesis"})
    text, spans, keys = bible.text_layout(a)
    assert [text[s:e] for s, e in spans] == [
        "Genesis",
        "Chapter 1",
        "In the beginning.",
        "And the earth was void; and dark.",
        "Chapter 2",
        "Then more.",
    ]
    b_ids = bible.cut(sorted(verses), 0.25, seed=1)
    assert len(b_ids) == 3
    b = bible.Side(b_ids, verses, {1: "Genesis"})
    _, _, kb = bible.lines_layout(b)
    _, _, ka = bible.lines_layout(a)
    links = bible.links_by_key(ka, kb)
    assert len(links) == 3 and all(ka[i] == kb[j] for i, j in links)
    assert bible.parse_books("nt")[0] == 40 and bible.parse_books("1-3,5") == [1, 2, 3, 5]


def test_hunalign_wrapper_reads_the_ladder(tmp_path: Path) -> None:
    from benchmarks import hunalign

    fake = tmp_path / "hunalign"
    fake.write_text("#!/bin/sh\nprintf '0\\t0\\t0.9\\n1\\t1\\t0.4\\n3\\t2\\t0.3\\n'\n")
    fake.chmod(0o755)
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("One.\nTwo.\nThree.\n")
    b.write_text("Uno.\nDos y tres.\n")
    out = hunalign.align_files(a, b, units="lines", binary=str(fake))
    assert out["links"] == [[0, 0], [1, 1], [2, 1]]
    assert out["a_spans"] == [[0, 4], [5, 9], [10, 16]]


# --- The variant scorer (issue 12's rule) ---------------------------------------------


def test_variant_scorer_rule_on_hand_made_edits() -> None:
    """A match overlaps both forms and is at most max(4, 2n) tokens a side (n: the form's)."""
    from benchmarks.variants_score import ScoredEdit, Text, match_place

    a = "We will defeat anyone who attacks our peaceful country today."
    b = "We will win over everyone who attacks our peaceful nation today."
    ta, tb = Text(a), Text(b)
    sa, sb = [(0, len(a))], [(0, len(b))]

    def span(text: str, part: str) -> tuple[int, int]:
        at = text.index(part)
        return at, at + len(part)

    def find(edits, form_a, form_b, kind="lexical"):  # type: ignore[no-untyped-def]
        return match_place(edits, ta, tb, form_a, form_b, sa, sb, kind)

    small = ScoredEdit(span(a, "defeat"), span(b, "win over"), "lexical")
    assert find([small], "defeat anyone", "win over everyone") == small  # smaller: it overlaps
    whole = ScoredEdit(
        span(a, "defeat anyone who attacks our peaceful country"),
        span(b, "win over everyone who attacks our peaceful nation"),
        "lexical",
    )
    assert find([whole], "country", "nation") is None  # 7 tokens against a one-word form
    assert find([whole], "defeat anyone who attacks", "win over everyone who attacks") == whole
    elsewhere = ScoredEdit(span(a, "country"), span(b, "nation"), "lexical")
    assert find([elsewhere], "defeat", "win over") is None  # overlaps neither form
    # An empty form: the edit's side lies in the sentence and is short; an empty
    # edit side overlaps the form it touches.
    inserted = ScoredEdit((a.index("country"), a.index("country")), span(b, "nation"), "insertion")
    assert find([inserted], "", "nation", "insertion") == inserted
    assert find([inserted], "country", "nation") == inserted
    # Of two matching edits, the closer one (then the listed kind) is chosen.
    assert find([whole, small], "defeat", "win over") == small


def test_variant_scorer_reads_both_list_layouts() -> None:
    """Places named by snippets (the seed fixture) and by gold units (a news pair) resolve."""
    from benchmarks.variants_score import baseline_edits, load_list, score

    root = Path(__file__).resolve().parent.parent
    seed = load_list(root / "tests/fixtures/seed_variants.json")
    assert len(seed["places"]) == 134 and all(
        p.sentences_a and p.sentences_b for p in seed["places"]
    )
    news = load_list(root / "benchmarks/data/news/vo-van-thuong-tet2024-vov-vna/variants.json")
    assert len(news["places"]) == 54 and len(news["top5"]) == 5
    figures = score(news, baseline_edits(news), None)
    assert round(figures["places_found"] * 54) == 32  # the token diff of the gold (recorded)


def test_news_links_pooled_per_batch() -> None:
    """The news table per batch sums the link counts of that batch's pairs in the split only."""
    from benchmarks.run_news import batch_rows
    from benchmarks.score import PRF, Scores

    def scores(predicted: int, gold: int, correct: int) -> Scores:
        links = PRF(correct / predicted, correct / gold, None, predicted, gold, correct)
        return Scores(links, PRF(1.0, 1.0, 1.0, 0, 0, 0), coverage_a=1.0, coverage_b=1.0)

    found = {
        "old-1": {"align": scores(4, 5, 3), "one-best": scores(5, 5, 2)},
        "old-2": {"align": scores(6, 5, 5), "one-best": scores(5, 5, 5)},
        "new-1": {"align": scores(2, 4, 1), "one-best": scores(4, 4, 4)},
    }
    # "old-3" belongs to the other split; batch "later" has no pair in this one.
    batches = {"first": ["old-1", "old-2", "old-3"], "added": ["new-1"], "later": ["x"]}
    rows = batch_rows(found, batches)
    assert [row[:4] for row in rows] == [
        ("first", "align", 2, 10),
        ("first", "one-best", 2, 10),
        ("added", "align", 1, 4),
        ("added", "one-best", 1, 4),
        ("all", "align", 3, 14),
        ("all", "one-best", 3, 14),
    ]
    assert rows[0][4] == pytest.approx((0.8, 0.8, 0.8))  # 8 of 10 predicted, of 10 gold
    p, r = 9 / 12, 9 / 14  # all pairs: 9 correct, 12 predicted, 14 gold
    assert rows[4][4] == pytest.approx((p, r, 2 * p * r / (p + r)))
    assert rows[3][4] == pytest.approx((1.0, 1.0, 1.0))


def test_blind_news_list_resolves_and_keeps_its_baseline() -> None:
    """The second hand-made news list (TASS / NDO): every form lies in its sentence."""
    from benchmarks.variants_score import _occurrences, baseline_edits, load_list, score

    root = Path(__file__).resolve().parent.parent
    news = load_list(root / "benchmarks/data/news/putin-to-lam-2024-tass-ndo/variants.json")
    assert len(news["places"]) == 58 and news["variants"] == 56 and len(news["top5"]) == 5
    text_a, text_b = news["texts"]
    for p in news["places"] + news["top5"]:
        assert p.sentences_a and p.sentences_b, p
        assert all(_occurrences(text_a, s, p.a) for s in p.sentences_a), p
        assert all(_occurrences(text_b, s, p.b) for s in p.sentences_b), p
    figures = score(news, baseline_edits(news), None)
    assert round(figures["places_found"] * 58) == 38  # the token diff of the gold (recorded)


def test_best_peer_counts_variants_below_the_best_peer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Lines: strict and lax each against the best peer's; text: link F1; 0.0005 is a tie."""

    def row(aligner: str, variant: str, strict: float, lax: float, link: float) -> dict:
        scores = {"strict_f1": strict, "lax_f1": lax, "link_f1": link}
        return {"split": "tune", "pair": "p q", "variant": variant, "aligner": aligner,
                "scores": scores}  # fmt: skip

    base = tmp_path / "base.json"
    base.write_text(json.dumps({"results": [
        row("align", "lines-full", 0.95, 0.99, 0.97),
        row("hunalign", "lines-full", 0.96, 0.98, 0.97),  # better strict: align is below
        row("align", "text-full", 0.50, 0.50, 0.9004),
        row("hunalign", "text-full", 0.99, 0.99, 0.9008),  # link within the tolerance: a tie
    ]}))  # fmt: skip
    new = tmp_path / "new.json"
    new.write_text(json.dumps({"results": [
        row("align", "lines-full", 0.96, 0.99, 0.97),
        row("align", "text-full", 0.50, 0.50, 0.80),
    ]}))  # fmt: skip
    readme = tmp_path / "README.md"
    readme.write_text(
        "| p q | tao | lines-full | 81/81 | bertalign | 0.900 | 0.995 | 0.950 | 0.1 |\n"
    )
    assert best_peer.main([str(base), "--align", str(new)]) == 0
    out = capsys.readouterr().out
    assert "tune: below the best peer: before 1, after 1, of 2 variants" in out
    assert best_peer.main([str(base), "--align", str(new), "--readme", str(readme)]) == 0
    out = capsys.readouterr().out
    assert "before 1, after 2" in out  # bertalign's lax 0.995 beats align's 0.99
    assert "(bertalign,hunalign)" in out
