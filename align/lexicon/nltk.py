"""NLTK's Punkt tokenizer and Snowball stemmer, without importing all of NLTK.

``import nltk`` runs the package's ``__init__``, which imports most of NLTK
(and numpy, when installed): about a second, more than our whole run on an
article. The two modules we use need none of it. So, when NLTK is not
imported yet, we load just them under temporary empty parent packages, keep
the classes, and remove every ``nltk`` module we loaded, leaving the process
as if NLTK had never been imported (a later ``import nltk`` works as usual).
If anything about that fails, we fall back to the ordinary import.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from functools import lru_cache
from typing import Any


def _light_import() -> tuple[Any, Any, Any]:
    spec = importlib.util.find_spec("nltk")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("nltk is not installed")
    base = list(spec.submodule_search_locations)[0]
    before = {k for k in sys.modules if k == "nltk" or k.startswith("nltk.")}
    for name, sub in (
        ("nltk", ""),
        ("nltk.tokenize", "tokenize"),
        ("nltk.stem", "stem"),
        ("nltk.corpus", "corpus"),
    ):
        stub = types.ModuleType(name)
        stub.__path__ = [f"{base}/{sub}" if sub else base]
        sys.modules[name] = stub
    # snowball.py imports the stopword corpus at module level; we never use it.
    sys.modules["nltk.corpus"].stopwords = None  # type: ignore[attr-defined]
    try:
        from nltk.stem.snowball import SnowballStemmer
        from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer
    finally:
        for k in [k for k in sys.modules if k == "nltk" or k.startswith("nltk.")]:
            if k not in before:
                del sys.modules[k]
    return PunktParameters, PunktSentenceTokenizer, SnowballStemmer


@lru_cache(maxsize=1)
def nltk_classes() -> tuple[Any, Any, Any]:
    """(PunktParameters, PunktSentenceTokenizer, SnowballStemmer)."""
    if "nltk" not in sys.modules:
        try:
            return _light_import()
        except Exception:  # noqa: BLE001 - any surprise: take the slow, sure path
            pass
    from nltk.stem.snowball import SnowballStemmer
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    return PunktParameters, PunktSentenceTokenizer, SnowballStemmer
