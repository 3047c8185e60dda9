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
