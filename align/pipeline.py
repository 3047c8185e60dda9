"""The library's entry point: `compare` two files into one `Comparison`.

Data flows one way: reading -> segmenting -> aligning -> diffing -> variants.
Renderers (`render_json`, `render_terminal`, `render_html`, `render_variants`)
only read the result.
"""

from __future__ import annotations

import os
from dataclasses import replace

from align import __version__
from align.aligning import Link, Progress, align_documents
from align.diffing import diff_pair
from align.model import Comparison, Options, Pair, Source
from align.segmenting import segment


def default_label(path: str) -> str:
    """A side's label when none is given: the file's name (``stdin`` for -)."""
    return "stdin" if path == "-" else os.path.basename(path.rstrip("/\\")) or path


def compare(
    path_a: str,
    path_b: str,
    options: Options | None = None,
    *,
    progress: Progress | None = None,
    jobs: int | None = None,
) -> Comparison:
    """Read, segment, align and diff two files. Raises `AlignError` on bad input.

    `jobs` processes share the work on long texts (None: every core this
    process may use); the result never depends on it.
    """
    options = options or Options()
    from align.reading import read_source

    _tell(progress, "reading")
    source_a = read_source(path_a, units=options.units)
    source_b = read_source(path_b, units=options.units)
    return compare_sources(source_a, source_b, options, progress=progress, jobs=jobs)


def compare_sources(
    source_a: Source,
    source_b: Source,
    options: Options | None = None,
    *,
    progress: Progress | None = None,
    jobs: int | None = None,
) -> Comparison:
    """Compare two already-read sources (see `compare`)."""
    options = options or Options()
    labels = (
        options.labels[0] or default_label(source_a.path),
        options.labels[1] or default_label(source_b.path),
    )
    options = replace(options, labels=labels)
    _tell(progress, "segmenting")
    a = segment(source_a, labels[0], units=options.units)
    b = segment(source_b, labels[1], units=options.units)
    _tell(progress, "aligning")
    links = align_documents(
        a,
        b,
        threshold=options.threshold,
        keep_chrome=options.keep_chrome,
        progress=progress,
        jobs=jobs,
    )
    pairs = _pairs(links)
    _tell(progress, "diffing words")
    pairs = tuple(diff_pair(p, a, b) for p in pairs)
    variants: tuple = ()
    inconsistencies: tuple = ()
    try:
        from align.variants import annotate
    except ImportError:  # the variants stage is optional while it is being built
        annotate = None
    if annotate is not None:
        _tell(progress, "naming differences")
        pairs, variants, inconsistencies = annotate(a, b, pairs)
    return Comparison(__version__, options, a, b, pairs, variants, inconsistencies)


def _tell(progress: Progress | None, what: str) -> None:
    if progress is not None:
        progress(what)


def _pairs(links: list[Link]) -> list[Pair]:
    """Number the links as pairs; `Pair.related`: the other pairs holding one of its sentences."""
    holders: dict[tuple[str, int], list[int]] = {}
    for k, link in enumerate(links):
        for i in link.a:
            holders.setdefault(("a", i), []).append(k)
        for j in link.b:
            holders.setdefault(("b", j), []).append(k)
    pairs = []
    for k, link in enumerate(links):
        related = ()
        if any(len(holders[("a", i)]) > 1 for i in link.a) or any(
            len(holders[("b", j)]) > 1 for j in link.b
        ):
            others = {q for i in link.a for q in holders[("a", i)]}
            others |= {q for j in link.b for q in holders[("b", j)]}
            others.discard(k)
            related = tuple(sorted(others))
        pairs.append(Pair(k, link.a, link.b, link.relation, link.score, related=related))
    return pairs
