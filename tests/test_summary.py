"""The vocabulary, the signature and the summary stage that every output reads."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import pytest

from align import compare
from align.aligning.index import Link
from align.aligning.relating import relate
from align.model import (
    FLAGS,
    KINDS,
    Comparison,
    Flag,
    Kind,
    Options,
    Relation,
    Signature,
    parse_kinds,
)
from align.rendering.html.build import build_report
from align.rendering.html.render import render_html
from align.rendering.json import render_json
from align.summary import summarise

ROOT = Path(__file__).resolve().parent.parent
SEED_A = ROOT / "seeds" / "vov-to-lam-comprehensive-diplomacy.txt"
SEED_B = ROOT / "seeds" / "vna-to-lam-comprehensive-foreign-affairs.txt"


@lru_cache(maxsize=1)
def seed() -> Comparison:
    return compare(str(SEED_A), str(SEED_B), Options(labels=("VOV", "VNA")), jobs=1)


def test_vocabulary_values_are_the_json_values() -> None:
    assert [str(r) for r in Relation] == ["match", "only_a", "only_b", "repeat", "move"]
    assert KINDS[0] == Kind.LEXICAL and FLAGS[-1] == Flag.ATTRIBUTION
    assert f"{Kind.FUNCTION_WORD}" == "function-word" and Relation.MOVE == "move"
    assert json.dumps([Relation.ONLY_A, Flag.QUOTE]) == '["only_a", "quote"]'
    assert parse_kinds("case, spelling,case") == (Kind.CASE, Kind.SPELLING)
    with pytest.raises(ValueError, match="unknown kind typo"):
        parse_kinds("spelling,typo")


def test_the_report_shows_the_attribution_flag() -> None:
    """The seed pair has four reporting clauses one side adds: the report counts
    and shows them (it once listed every flag but this one)."""
    comparison = seed()
    edits = [e for p in comparison.pairs for e in p.edits if Flag.ATTRIBUTION in e.flags]
    assert len(edits) == 4
    report = build_report(comparison)
    assert {c.key: c.count for c in report.summary.flags}[Flag.ATTRIBUTION] == 4
    assert any(Flag.ATTRIBUTION in row.flags for row in report.rows)
    assert "flag: attribution" in render_html(comparison)


def test_an_unknown_relation_is_an_error_not_a_match() -> None:
    comparison = seed()
    odd = replace(comparison.pairs[0], relation="sideways")
    broken = replace(comparison, pairs=(odd, *comparison.pairs[1:]))
    with pytest.raises(ValueError, match="sideways"):
        summarise(broken)
    with pytest.raises(ValueError):
        relate([Link((0,), (0,), "sideways", 1.0)])


def test_summary_counts_what_it_says() -> None:
    comparison = seed()
    summary = summarise(comparison)
    assert sum(summary.relations.values()) == summary.pairs == len(comparison.pairs)
    assert list(summary.relations) == list(Relation)
    assert sum(summary.kinds.values()) == sum(len(p.edits) for p in comparison.pairs)
    assert list(summary.kinds) == [k for k in KINDS if k in summary.kinds]
    assert summary.differs
    ignored = summarise(comparison, ignore=KINDS)
    assert not ignored.kinds and not ignored.flags
    # Only the pairs out of the main order still differ once every kind is ignored.
    assert ignored.differing == {p.id for p in comparison.pairs if p.relation != Relation.MATCH}


def test_relate_links_the_pairs_that_share_a_sentence() -> None:
    links = [
        Link((0,), (0,), "match", 0.9),
        Link((1,), (), "only_a", 0.1),
        Link((2,), (0,), "repeat", 0.8),
    ]
    pairs = relate(links)
    assert [(p.id, p.relation, p.related) for p in pairs] == [
        (0, Relation.MATCH, (2,)),
        (1, Relation.ONLY_A, ()),
        (2, Relation.REPEAT, (0,)),
    ]


def test_one_signature_in_every_output() -> None:
    comparison = seed()
    signature = Signature.of(comparison)
    short = signature.short()
    assert short.startswith("align:") and f"a:{comparison.a.sha256[:12]}" in short
    assert comparison.a.sha256 in signature.long() and "labels:VOV,VNA" in signature.long()
    assert short in render_html(comparison).replace("|ignore:none", "")
    head = json.loads(render_json(comparison))
    assert head["options"] == comparison.options.to_dict()
    assert Options().threshold is None  # estimated from the pair
    assert comparison.options.threshold_estimated and comparison.options.threshold > 0
