"""Run bertalign (Liu and Zhu 2022) with the local all-MiniLM-L6-v2 model instead of LaBSE.

Runs under ``$PEERS_PYTHON`` with bertalign's source in ``$BERTALIGN_SRC`` (see
`benchmarks.peers`). bertalign's package loads LaBSE when imported and asks an
online service for the language; here the package object is made by hand
with an encoder on ``$MINILM_MODEL``, and the language is given as English
(both sides are). Units go in one per line (``is_split=True``); everything
else is bertalign's own code with its defaults (max_align 5, top_k 3, win 5,
skip -0.1, margin and length penalty on).

Usage: ``python -m benchmarks.bertalign_run A B [--units lines|sentences] -o OUT.json``
"""

from __future__ import annotations

import json
import os
import sys
import types
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.peers import arguments, links_file, model_path, units


def load_bertalign() -> type:
    """bertalign's ``Bertalign`` class, its encoder on the local MiniLM, no network."""
    src = os.environ.get("BERTALIGN_SRC")
    if not src or not Path(src, "bertalign").is_dir():
        raise SystemExit("set BERTALIGN_SRC to the folder that holds bertalign/")
    sys.path.insert(0, src)

    class _Detected:
        lang = "en"

    class _Translator:  # stands in for googletrans: both sides are English
        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        def detect(self, text: str) -> _Detected:
            return _Detected()

    googletrans = types.ModuleType("googletrans")
    googletrans.Translator = _Translator  # type: ignore[attr-defined]
    sys.modules.setdefault("googletrans", googletrans)
    splitter = types.ModuleType("sentence_splitter")
    splitter.SentenceSplitter = object  # type: ignore[attr-defined]  # unused: is_split=True
    sys.modules.setdefault("sentence_splitter", splitter)
    package = types.ModuleType("bertalign")
    package.__path__ = [str(Path(src, "bertalign"))]
    sys.modules["bertalign"] = package
    from bertalign.encoder import Encoder

    package.model = Encoder(model_path())  # type: ignore[attr-defined]
    from bertalign.aligner import Bertalign

    return Bertalign


def main(argv: Sequence[str] | None = None) -> int:
    """Command line."""
    args = arguments("bertalign with all-MiniLM-L6-v2, as links.").parse_args(argv)
    sa, la = units(args.a, args.units)
    sb, lb = units(args.b, args.units)
    aligner_class = load_bertalign()
    aligner = aligner_class("\n".join(la), "\n".join(lb), is_split=True)
    aligner.align_sents()
    out = links_file("bertalign", aligner.result, sa, sb)
    args.output.write_text(json.dumps(out, separators=(",", ":")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
