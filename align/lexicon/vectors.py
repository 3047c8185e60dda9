"""Static English word vectors: how related two words are, offline, stdlib only.

The vectors ship in ``data/`` beside this file (built by
``tools/build_vectors.py`` from sentence-transformers/all-MiniLM-L6-v2,
Apache-2.0, over the SCOWL word lists; see ``data/LICENSE-vectors.txt``):

- ``words.txt``: one lower-case word a line; line i names row i;
- ``vectors.i8``: one row of ``dims`` signed bytes per word (a unit vector
  scaled so that its largest coordinate is +-127);
- ``vectors.json``: the header (count, dims, checksums, source, licence).

Nothing is read until the first call; the table is then cached for the
process. Rows are turned into unit vectors (tuples of floats, about 2 KB
each) only when a word is first asked for, and kept, so loading costs a file
read and one dict, and a similarity is one dot product.

Words are looked up lower-cased, as given otherwise (no stemming: SCOWL
lists inflected forms, so "begat" and "embodying" have rows of their own).
**Unknown words give None**, not 0.0, so that a caller can tell "no evidence"
from "unrelated". The score is a cosine in [-1, 1]: on hand-made pairs,
paraphrase pairs average 0.41 (most between 0.15 and 0.9; archaic forms such
as "spake"/"spoke" are placed poorly), unrelated pairs average -0.03 (-0.27
to 0.22): evidence to weigh, not a verdict. Relatedness is not synonymy:
antonyms and co-hyponyms score as high as paraphrases ("strong"/"weak" 0.78,
"north"/"south" 0.71, "increase"/"decrease" 0.68).

>>> similarity("strong", "powerful") > similarity("strong", "banana")
True
>>> similarity("Thee", "you") == similarity("thee", "YOU")
True
>>> similarity("strong", "qwzxv") is None
True

For batches, look words up once with `word_id` and compare ids with
`similarity_ids`, or take the `unit_vector_by_id` tuples and do the sums.
"""

from __future__ import annotations

import json
import math
import operator
from collections.abc import Iterable
from functools import cache
from heapq import nlargest
from pathlib import Path

__all__ = [
    "DATA_DIR",
    "Vectors",
    "known",
    "load",
    "neighbours",
    "similarity",
    "similarity_ids",
    "unit_vector_by_id",
    "vector",
    "word_id",
]

DATA_DIR = Path(__file__).resolve().with_name("data")

try:  # Python 3.12+: one C loop
    _dot = math.sumprod  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover - depends on the Python version
    _mul = operator.mul

    def _dot(a: Iterable[float], b: Iterable[float]) -> float:
        return sum(map(_mul, a, b))


class Vectors:
    """One loaded table of word vectors (use `load` for the shared one)."""

    __slots__ = ("count", "dims", "header", "index", "words", "_rows", "_unit")

    def __init__(self, data_dir: Path | str = DATA_DIR) -> None:
        data_dir = Path(data_dir)
        self.header: dict = json.loads((data_dir / "vectors.json").read_text(encoding="utf-8"))
        self.count: int = int(self.header["count"])
        self.dims: int = int(self.header["dims"])
        text = (data_dir / "words.txt").read_bytes().decode("utf-8")
        words = text.split("\n")
        if words and words[-1] == "":
            words.pop()
        raw = (data_dir / "vectors.i8").read_bytes()
        if len(words) != self.count or len(raw) != self.count * self.dims:
            raise ValueError(
                f"{data_dir}: header says {self.count} x {self.dims}, files hold "
                f"{len(words)} words and {len(raw)} bytes"
            )
        self.words: list[str] = words
        self.index: dict[str, int] = dict(zip(words, range(len(words))))  # in C: 3x faster
        self._rows = memoryview(raw).cast("b")  # signed bytes, no copy
        self._unit: list[tuple[float, ...] | None] = [None] * self.count

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word.lower() in self.index

    def __len__(self) -> int:
        return self.count

    def word_id(self, word: str) -> int | None:
        """The row of ``word`` (lower-cased), or None when it has none."""
        return self.index.get(word.lower())

    def unit_vector_by_id(self, i: int) -> tuple[float, ...]:
        """Row ``i`` as a unit vector (a tuple of ``dims`` floats), cached."""
        unit = self._unit[i]
        if unit is None:
            d = self.dims
            row = self._rows[i * d : (i + 1) * d].tolist()
            norm = math.sqrt(_dot(row, row)) or 1.0
            unit = self._unit[i] = tuple([x / norm for x in row])
        return unit

    def vector(self, word: str) -> tuple[float, ...] | None:
        """The unit vector of ``word``, or None for an unknown word."""
        i = self.index.get(word.lower())
        return None if i is None else self.unit_vector_by_id(i)

    def similarity_ids(self, i: int, j: int) -> float:
        """Cosine of rows ``i`` and ``j`` (1.0 for the same row)."""
        if i == j:
            return 1.0
        unit = self._unit
        a = unit[i] or self.unit_vector_by_id(i)
        b = unit[j] or self.unit_vector_by_id(j)
        return _dot(a, b)

    def similarity(self, word_a: str, word_b: str) -> float | None:
        """Cosine of two words' vectors in [-1, 1]; None if either is unknown."""
        index = self.index
        i = index.get(word_a.lower())
        if i is None:
            return None
        j = index.get(word_b.lower())
        if j is None:
            return None
        if i == j:
            return 1.0
        unit = self._unit
        return _dot(unit[i] or self.unit_vector_by_id(i), unit[j] or self.unit_vector_by_id(j))

    def neighbours(self, word: str, k: int = 10) -> list[tuple[str, float]]:
        """The ``k`` nearest other words with their cosines (brute force).

        Scans every row (about a second for the shipped table) without
        caching them; meant for looking at the data, not for an inner loop.
        """
        i = self.word_id(word)
        if i is None:
            return []
        a = self.unit_vector_by_id(i)
        rows, d = self._rows, self.dims
        best: list[tuple[float, int]] = []
        for j in range(self.count):
            if j == i:
                continue
            row = rows[j * d : (j + 1) * d].tolist()
            norm = math.sqrt(_dot(row, row)) or 1.0
            best.append((_dot(a, row) / norm, j))
        return [(self.words[j], s) for s, j in nlargest(k, best)]


@cache
def load(data_dir: str | None = None) -> Vectors:
    """The shipped table (or the one in ``data_dir``), read once per process."""
    return Vectors(DATA_DIR if data_dir is None else data_dir)


def known(word: str) -> bool:
    """True if the shipped word list (SCOWL's words, ``words.txt``) has ``word``, lower-cased.

    >>> known("Recognition"), known("recognitin")
    (True, False)
    """
    return word in load()


def word_id(word: str) -> int | None:
    """The row of ``word`` in the shipped table, or None when it has none."""
    return load().word_id(word)


def unit_vector_by_id(i: int) -> tuple[float, ...]:
    """Row ``i`` of the shipped table as a unit vector."""
    return load().unit_vector_by_id(i)


def vector(word: str) -> tuple[float, ...] | None:
    """The unit vector of ``word``, or None for an unknown word."""
    return load().vector(word)


def similarity_ids(i: int, j: int) -> float:
    """Cosine of two rows of the shipped table."""
    return load().similarity_ids(i, j)


def similarity(word_a: str, word_b: str) -> float | None:
    """Cosine of two words in [-1, 1]; None if either word is unknown."""
    return load().similarity(word_a, word_b)


def neighbours(word: str, k: int = 10) -> list[tuple[str, float]]:
    """The ``k`` nearest other words of ``word`` with their cosines."""
    return load().neighbours(word, k)
