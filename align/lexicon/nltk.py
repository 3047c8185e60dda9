"""NLTK's Punkt tokenizer and Snowball stemmer, without importing all of NLTK.

``import nltk`` runs the package's ``__init__``, which imports most of NLTK
(and numpy, when installed): about a second, more than our whole run on an
article. The two modules we use need none of it. So, when NLTK is not
imported yet, we load just them under temporary empty parent packages, keep
the classes, and remove every ``nltk`` module we loaded, leaving the process
as if NLTK had never been imported (a later ``import nltk`` works as usual).
If anything about that fails, we fall back to the ordinary import.

Punkt's module also imports, at its top, NLTK's modules for loading, saving
and training a model (file sandboxing, safe unpickling, frequency tables,
tab-separated parameters, helpers for other tokenizers): they pull in
``http.client``, ``ssl``, ``subprocess`` and ``xml``, half of the light
import's cost, and splitting sentences with parameters built in memory uses
none of them. They are stood in for, while the two modules load, by modules
whose every name raises `NltkStubUsed` when called, so that a use of one
could never pass unseen.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from functools import lru_cache
from typing import Any

#: NLTK modules Punkt imports but never uses to split text with in-memory parameters.
_STOOD_IN = (
    "nltk.internals",
    "nltk.pathsec",
    "nltk.picklesec",
    "nltk.probability",
    "nltk.tabdata",
    "nltk.tokenize.util",
)


class NltkStubUsed(RuntimeError):
    """A name of an NLTK module stood in for by `_light_import` was called after all."""


def _stand_in(name: str) -> types.ModuleType:
    """A module whose every attribute is a callable that raises `NltkStubUsed`."""
    module = types.ModuleType(name)

    def attribute(attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)

        def unavailable(*args: Any, **kwargs: Any) -> Any:
            raise NltkStubUsed(f"{name}.{attr} is not loaded by align's light import of NLTK")

        return unavailable

    module.__getattr__ = attribute  # type: ignore[method-assign]
    return module


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
    for name in _STOOD_IN:
        sys.modules[name] = _stand_in(name)
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
