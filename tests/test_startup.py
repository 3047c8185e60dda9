"""Start-up: what `align json` on two text files loads, and the loading shortcuts' exactness.

The seed pair's whole run is under a second, and a third of it was start-up
(issue 11). These tests pin what made it shorter: NLTK's Punkt and Snowball
loaded without the modules they import only to load, save or train a model;
no process pool machinery, Word or PDF reader for a short text file; and the
spelling rules run only where they can match.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.lexicon import spelling
from align.lexicon.vectors import DATA_DIR
from tests.conftest import ROOT

SEED_A = ROOT / "seeds" / "vov-to-lam-comprehensive-diplomacy.txt"
SEED_B = ROOT / "seeds" / "vna-to-lam-comprehensive-foreign-affairs.txt"

#: Modules a short run of `align json` on text files never uses.
UNUSED_ON_TEXT = (
    "multiprocessing",
    "concurrent.futures",
    "align.reading.pdf",
    "align.reading.word",
    "http.client",
    "ssl",
    "subprocess",
    "urllib.request",
    "xml.etree.ElementTree",
    "jinja2",
    "hypothesis",
    "numpy",
)


def _modules_after(code: str) -> set[str]:
    """The modules loaded in a fresh interpreter after running ``code``."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_json_of_the_seed_loads_nothing_it_does_not_use(tmp_path):
    out = tmp_path / "seed.json"
    loaded = _modules_after(
        "import sys\nfrom align import cli\n"
        f"sys.argv = ['align', 'json', {str(SEED_A)!r}, {str(SEED_B)!r}, '-o', {str(out)!r}]\n"
        "status = cli.main()\nassert status == 0, status"
    )
    assert json.loads(out.read_text())["pairs"]  # the run did its work
    assert not loaded & set(UNUSED_ON_TEXT), sorted(loaded & set(UNUSED_ON_TEXT))
    assert not {m for m in loaded if m == "nltk" or m.startswith("nltk.")}


def test_nltk_is_loaded_without_its_network_and_training_modules():
    loaded = _modules_after(
        "from align.lexicon.nltk import nltk_classes\n"
        "params, punkt, snowball = nltk_classes()\n"
        "assert punkt.__module__ == 'nltk.tokenize.punkt', punkt.__module__\n"
        "splitter = punkt(params())\n"
        "assert splitter.tokenize('He left. She stayed.') == ['He left.', 'She stayed.']\n"
        "assert snowball('english').stem('running') == 'run'"
    )
    for name in ("http.client", "ssl", "subprocess", "urllib.request", "xml.etree.ElementTree"):
        assert name not in loaded, name
    assert not {m for m in loaded if m == "nltk" or m.startswith("nltk.")}  # all removed again


def test_a_stood_in_nltk_module_raises_when_used():
    from align.lexicon.nltk import NltkStubUsed, _stand_in

    module = _stand_in("nltk.probability")
    with pytest.raises(NltkStubUsed, match="nltk.probability.FreqDist"):
        module.FreqDist()
    with pytest.raises(AttributeError):
        module.__wrapped__  # noqa: B018 - dunder look-ups are not stood in for


def _every_rule(word: str) -> str:
    """The spelling rules applied in order with no shortcut: what `rule_key` must give."""
    for pattern, replacement, _ in spelling._RULES:
        word = pattern.sub(replacement, word)
    return word


def test_rule_key_equals_every_rule_on_every_listed_word():
    words = (DATA_DIR / "words.txt").read_text(encoding="utf-8").split()
    assert len(words) > 60_000
    wrong = [w for w in words if spelling.rule_key(w) != _every_rule(w)]
    assert not wrong, wrong[:10]


@given(st.text(alphabet="aeioustrlgdmnbvcfy", max_size=14))
def test_rule_key_equals_every_rule_on_any_word(word):
    assert spelling.rule_key(word) == _every_rule(word)


# --- The end of a run: what is written is not freed object by object ----------------


def test_caches_left_for_exit_are_kept_until_the_next_comparison_starts():
    from align.runtime.scope import comparison_scope, leave_caches_for_exit

    with comparison_scope():
        spelling.spelling_key("Colourful")
    assert spelling.spelling_key.cache_info().currsize == 0  # an ordinary scope clears them
    with comparison_scope():
        spelling.spelling_key("Colourful")
        leave_caches_for_exit()
    assert spelling.spelling_key.cache_info().currsize == 1  # left for the process's end
    with comparison_scope():
        # The next comparison starts with empty caches, as every comparison does.
        assert spelling.spelling_key.cache_info().currsize == 0
    assert spelling.spelling_key.cache_info().currsize == 0


def test_a_long_comparison_is_left_for_the_process_end(tmp_path, monkeypatch):
    from align import cli

    out = tmp_path / "seed.json"
    cli.left_for_exit.clear()
    assert cli.main(["json", str(SEED_A), str(SEED_B), "-o", str(out)]) == 0
    assert cli.left_for_exit == []  # the seed is short: freed as before
    monkeypatch.setattr(cli, "LEAVE_FOR_EXIT", 50)  # the seed's 76 pairs count as long
    assert cli.main(["json", str(SEED_A), str(SEED_B), "-o", str(out)]) == 0
    (comparison,) = cli.left_for_exit
    assert len(comparison.pairs) == len(json.loads(out.read_text())["pairs"])
    assert spelling.spelling_key.cache_info().currsize > 0  # not cleared: the process ends
    cli.left_for_exit.clear()
    from align.runtime.scope import comparison_scope

    with comparison_scope():  # as the next comparison would: the caches are cleared
        pass
    assert spelling.spelling_key.cache_info().currsize == 0
