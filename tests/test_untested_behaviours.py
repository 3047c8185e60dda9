"""Behaviours the rest of the suite let slip: each test fails when its behaviour is broken.

Every test here was checked by breaking the behaviour on purpose (issue 10):
``diff --ignore``, ``--keep-chrome`` and ``--threshold`` ignored, the terminal
colours swapped, ``NO_COLOR`` ignored, the programme's banding removed, the
re-anchoring of large gaps removed, and the balanced-gap bar raised to the
threshold. Inputs are small hand-made pairs whose alignment can be checked by
reading them, or generated texts whose alignment is known by construction.
"""

from __future__ import annotations

import json
import os
import pty
import random
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from test_aligning import S

from align import compare
from align.cli import main
from align.model import Comparison, Options

ROOT = Path(__file__).resolve().parent.parent

#: A short news story (the aligning tests'); every test below inserts its own sentences.
STORY = S


def write_pair(folder: Path, a: list[str], b: list[str]) -> tuple[str, str]:
    """The two texts as files, one paragraph a line."""
    pa, pb = folder / "a.txt", folder / "b.txt"
    pa.write_text("\n".join(a) + "\n", encoding="utf-8")
    pb.write_text("\n".join(b) + "\n", encoding="utf-8")
    return str(pa), str(pb)


def shape(pairs: list[dict[str, Any]]) -> list[tuple[list[int], list[int], str]]:
    return [(p["a"], p["b"], p["relation"]) for p in pairs]


def json_of(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    assert main(["json", *argv]) == 0
    return json.loads(capsys.readouterr().out)


# --- diff --ignore ---------------------------------------------------------------

US = "The organization will prioritize the defense of its favorite neighbors."
UK = "The organisation will prioritise the defence of its favourite neighbours."


def test_diff_ignore_hides_ignored_kinds_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Texts that differ in spelling and one added word: ignored, they show no difference."""
    added = STORY[1].replace("the ceremony", "the opening ceremony")
    a, b = write_pair(tmp_path, [STORY[0], US, STORY[1]], [STORY[0], UK, added])

    assert main(["diff", a, b]) == 1
    shown = capsys.readouterr().out
    assert "[-defense-]{+defence+}" in shown and "spelling 5" in shown  # favorite, neighbors apart
    assert "the {+opening+} ceremony" in shown and "insertion 1" in shown

    # The exit status reads it (and, like diff(1), nothing is printed without --all).
    assert main(["diff", a, b, "--ignore", "spelling,insertion"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["diff", a, b, "--ignore", "spelling,insertion", "--all"]) == 0
    out = capsys.readouterr().out
    assert "[-" not in out and "{+" not in out  # the words read as A's
    assert US in out and STORY[1] in out
    assert "spelling" not in out and "insertion" not in out  # nor are the kinds counted

    assert main(["diff", a, b, "--ignore", "spelling,insertion", "--changed-only"]) == 0
    assert "@@" not in capsys.readouterr().out  # no pair is left to show

    # Ignoring one kind hides that kind only.
    assert main(["diff", a, b, "--ignore", "spelling"]) == 1
    out = capsys.readouterr().out
    assert "[-defense-]" not in out and "the {+opening+} ceremony" in out
    assert main(["diff", a, b, "--ignore", "insertion"]) == 1
    out = capsys.readouterr().out
    assert "[-defense-]{+defence+}" in out and "{+opening+}" not in out


# --- --keep-chrome ---------------------------------------------------------------

CAPTION = "The new bridge at dawn (Photo: VNA)"
SIGN_OFF = "VNA/VNP"


def test_keep_chrome_aligns_page_chrome(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Chrome is set aside by default and aligned, like text, with ``--keep-chrome``."""
    a, b = write_pair(
        tmp_path,
        STORY[:2] + [CAPTION] + STORY[2:] + [SIGN_OFF],
        STORY[:2] + [CAPTION] + STORY[2:] + [SIGN_OFF],
    )
    for keep in (False, True):
        doc = json_of(capsys, a, b, *(["--keep-chrome"] if keep else []))
        chrome = {
            side: [s["id"] for s in doc["documents"][side]["sentences"] if s["chrome"]]
            for side in ("a", "b")
        }
        assert chrome == {"a": [2, 7], "b": [2, 7]}  # the caption and the sign-off
        paired = {(tuple(p["a"]), tuple(p["b"])): p["relation"] for p in doc["pairs"]}
        linked = {sid for p in doc["pairs"] for sid in p["a"]}
        if keep:
            assert doc["options"]["keep_chrome"] is True
            assert paired[((2,), (2,))] == "match" and paired[((7,), (7,))] == "match"
            assert shape(doc["pairs"]) == [([i], [i], "match") for i in range(8)]
        else:
            assert doc["options"]["keep_chrome"] is False
            assert linked.isdisjoint(chrome["a"])  # not aligned, not even as omissions
            assert shape(doc["pairs"]) == [([i], [i], "match") for i in (0, 1, 3, 4, 5, 6)]


# --- --threshold -----------------------------------------------------------------

#: One sentence of A against three of B, between exact matches: a lopsided gap,
#: where the bar is the threshold itself. B's middle sentence renders A's loosely.
THANKS_A = "Afterwards the mayor thanked every worker who had laboured on the site."
FLAGS_B = "Schoolchildren held little flags as musicians marched past."
STORMS_B = "Storms postponed completion of the final phase for over a month."


@pytest.mark.parametrize(
    ("rendering", "threshold", "linked"),
    [
        # Shares "thanked" and "worker" (similarity 0.34; 0.49 with its related words
        # counted, mayor/leader...): linked by default, not under a bar of 0.5.
        ("Later the town's leader thanked each worker on the project.", None, True),
        ("Later the town's leader thanked each worker on the project.", "0.5", False),
        # Shares "thanked" only (0.16; 0.38 with related words): by default the bar is
        # estimated and place and length link it; a given bar above that is a floor even
        # there; one below it links.
        ("Later the town's leader thanked each labourer on the project.", None, True),
        ("Later the town's leader thanked each labourer on the project.", "0.4", False),
        ("Later the town's leader thanked each labourer on the project.", "0.1", True),
    ],
    ids=["worker-default", "worker-0.5", "labourer-default", "labourer-0.4", "labourer-0.1"],
)
def test_threshold_sets_the_bar_for_a_counterpart(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    rendering: str,
    threshold: str | None,
    linked: bool,
) -> None:
    a, b = write_pair(
        tmp_path,
        STORY[:3] + [THANKS_A] + STORY[3:],
        STORY[:3] + [FLAGS_B, rendering, STORMS_B] + STORY[3:],
    )
    doc = json_of(capsys, a, b, *(["--threshold", threshold] if threshold else []))
    if threshold:
        assert doc["options"]["threshold"] == float(threshold)
        assert "threshold_estimated" not in doc["options"]
    else:
        assert doc["options"]["threshold_estimated"] is True
    pairs = shape(doc["pairs"])
    assert ([3], [4], "match") in pairs if linked else ([3], [], "only_a") in pairs
    # The story around it is matched whatever the bar.
    for i in range(6):
        j = i + 1 if i >= 3 else i
        k = j + 2 if j >= 3 else j
        assert ([j], [k], "match") in pairs


# --- terminal colours and NO_COLOR ---------------------------------------------------

CAT = ["The cat sat quietly on the warm kitchen mat."]
DOG = ["The dog sat quietly on the warm kitchen mat."]
RED, GREEN, RESET = "\x1b[31m", "\x1b[32m", "\x1b[0m"


def diff_on_a_terminal(a: str, b: str, *flags: str, env: dict[str, str]) -> tuple[int, str]:
    """``align diff`` run with standard output on a pseudo-terminal: (status, what it shows)."""
    master, slave = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "align", "diff", a, b, *flags],
        stdout=slave,
        stderr=subprocess.PIPE,
        cwd=ROOT,  # this checkout's align, whatever is installed
        env=env,
    )
    os.close(slave)
    shown = b""
    try:
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal's other end is closed: all read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(master)
    _, err = child.communicate(timeout=120)
    assert err == b"", err
    return child.returncode, shown.decode().replace("\r\n", "\n")


@pytest.fixture
def plain_env() -> dict[str, str]:
    """The environment without NO_COLOR."""
    return {k: v for k, v in os.environ.items() if k != "NO_COLOR"}


def test_terminal_colours_deletions_red_insertions_green(
    tmp_path: Path, plain_env: dict[str, str]
) -> None:
    a, b = write_pair(tmp_path, CAT, DOG)
    status, out = diff_on_a_terminal(a, b, env=plain_env)
    assert status == 1
    assert f"{RED}cat{RESET}" in out  # A's word, deleted: red
    assert f"{GREEN}dog{RESET}" in out  # B's word, inserted: green
    assert f"{GREEN}cat" not in out and f"{RED}dog" not in out
    assert "[-" not in out and "{+" not in out  # colours replace the markers


def test_no_color_environment_turns_colour_off(tmp_path: Path, plain_env: dict[str, str]) -> None:
    a, b = write_pair(tmp_path, CAT, DOG)
    _, coloured = diff_on_a_terminal(a, b, env=plain_env)
    assert "\x1b[" in coloured  # a terminal gets colour...
    for value in ("1", "yes"):  # ...unless NO_COLOR is set to anything (no-color.org)
        status, out = diff_on_a_terminal(a, b, env={**plain_env, "NO_COLOR": value})
        assert status == 1
        assert "\x1b[" not in out
        assert "The [-cat-]{+dog+} sat quietly" in out
    status, out = diff_on_a_terminal(a, b, "--no-color", env=plain_env)
    assert "\x1b[" not in out and "[-cat-]{+dog+}" in out


# --- the aligner: balanced-gap bar, re-anchoring, banding -------------------------------

#: Three sentences between exact matches, rendered freely: each B sentence shares
#: one content word with its A sentence (flags, thanked, final), similarity 0.09-0.16,
#: under the threshold.
FREE_A = [
    "A brass band played while children waved small paper flags.",
    THANKS_A,
    "Heavy rain had delayed the final stage of construction by several weeks.",
]
FREE_B = [
    FLAGS_B,
    "Later the town's leader thanked each labourer on the project.",
    STORMS_B,
]


def pairs_of(c: Comparison) -> list[tuple[tuple[int, ...], tuple[int, ...], str]]:
    return [(p.a, p.b, p.relation) for p in c.pairs]


@pytest.mark.parametrize("threshold", [0.2, 0.5])
def test_balanced_gap_bar_links_a_free_translation(tmp_path: Path, threshold: float) -> None:
    """As many sentences each side between anchors: linked one to one below the threshold."""
    a, b = write_pair(tmp_path, STORY[:3] + FREE_A + STORY[3:], STORY[:3] + FREE_B + STORY[3:])
    c = compare(a, b, Options(threshold=threshold), jobs=1)
    assert pairs_of(c) == [((i,), (i,), "match") for i in range(9)]
    assert all(p.score < 0.2 for p in c.pairs[3:6])  # each under the default threshold too


def _words(seed: int) -> Iterator[str]:
    """Distinct made-up words (three syllables, ending in a vowel: no stemming touches them)."""
    rng = random.Random(seed)
    syllables = [c + v for c in "bdfgklmnprtvz" for v in "aiou"]
    seen: set[str] = set()
    while True:
        word = "".join(rng.choice(syllables) for _ in range(3))
        if word not in seen:
            seen.add(word)
            yield word


def _made_up(seed: int) -> Callable[[int], list[str]]:
    words = _words(seed)
    return lambda k: [next(words) for _ in range(k)]


def _line(words: list[str]) -> str:
    return " ".join(words).capitalize() + "."


def test_large_gap_is_reanchored_and_matched_in_order(tmp_path: Path) -> None:
    """A loose rendering of the first fifth of a long text is matched in order.

    A's 100 sentences each share four of their eight words with one of B's
    first 100 (similarity 0.49: under the bar for anchors, 0.5, over the bar
    for anchors inside a large gap, 0.3); B's other 400 sentences are unrelated.
    The 100 x 500 gap is larger than the programme takes whole (40,000 cells)
    and its band, round the gap's diagonal, misses the lower half of the
    matches: only the anchors found again inside the gap link them in order.
    """
    fresh = _made_up(7)
    a, b = [], []
    for _ in range(100):
        common = fresh(4)
        a.append(_line(common + fresh(4)))
        b.append(_line(common + fresh(4)))
    b += [_line(fresh(8)) for _ in range(400)]
    c = compare(*write_pair(tmp_path, a, b), jobs=1)
    assert all(0.3 < p.score < 0.5 for p in c.pairs if p.relation == "match")
    assert [x for x in pairs_of(c) if x[2] != "only_b"] == [
        ((i,), (i,), "match") for i in range(100)
    ]
    assert Counter(p.relation for p in c.pairs) == {"match": 100, "only_b": 400}


def test_programme_band_bounds_the_work_in_a_large_gap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 400 x 400 gap with no anchor is banded: far fewer than its 160,000 cells are compared.

    Every sentence holds one common word (too common for the index) and seven
    of its own, so every cell shares a term and would be compared unbanded;
    the band keeps about 40,000 cells near the diagonal.
    """
    from align.aligning import align_documents

    fresh = _made_up(11)
    a = [_line(["harbour"] + fresh(7)) for _ in range(400)]
    b = [_line(["harbour"] + fresh(7)) for _ in range(400)]
    c = compare(*write_pair(tmp_path, a, b), jobs=1)
    assert {p.relation for p in c.pairs} == {"only_a", "only_b"}  # nothing to link

    import align.aligning.similarity

    original = align.aligning.similarity.similarity
    calls = Counter[str]()

    def counted(x: Any, y: Any) -> float:
        calls["similarity"] += 1
        return original(x, y)

    # Wherever the aligner's modules took `similarity` from its module.
    for name, module in list(sys.modules.items()):
        if name.startswith("align.aligning") and getattr(module, "similarity", None) is original:
            monkeypatch.setattr(module, "similarity", counted)
    links = align_documents(c.a, c.b, jobs=1).links
    assert len(links) == 800
    assert 1_000 < calls["similarity"] < 160_000 // 2, calls


# --- determinism across processes ---------------------------------------------------


def test_outputs_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """The same inputs give the same bytes in processes with different string hashes.

    (Rendering twice in one process, as other tests do, cannot catch output
    that follows the iteration order of a set of strings.)
    """
    vov = str(ROOT / "seeds/vov-to-lam-comprehensive-diplomacy.txt")
    vna = str(ROOT / "seeds/vna-to-lam-comprehensive-foreign-affairs.txt")
    ignore = "spelling,case,punctuation,form,lexical,order"
    outputs: dict[str, set[bytes]] = {"json": set(), "report": set()}
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        for command, extra in (("json", []), ("report", ["--ignore", ignore])):
            out = tmp_path / f"{command}-{seed}"
            subprocess.run(
                [sys.executable, "-m", "align", command, vov, vna, "-o", str(out), "--jobs", "1"]
                + extra,
                cwd=ROOT,
                env=env,
                check=True,
                timeout=120,
            )
            outputs[command].add(out.read_bytes())
    assert {k: len(v) for k, v in outputs.items()} == {"json": 1, "report": 1}
