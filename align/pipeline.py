"""The library's entry point: `compare` two files into one `Comparison`.

Data flows one way: reading -> segmenting -> aligning -> diffing -> variants.
Renderers (`render_json`, `render_terminal`, `render_html`, `render_variants`)
only read the result.
"""

from __future__ import annotations

import os
from dataclasses import replace

from align import __version__
from align.aligning import Progress, align_documents
from align.diffing import diff_pair
from align.model import Comparison, Options, Pair, Source
from align.segmenting import segment


def default_label(path: str) -> str:
    """A side's label when none is given: the file's name (``stdin`` for -)."""
    return "stdin" if path == "-" else os.path.basename(path.rstrip("/\\")) or path


def compare(
    path_a: str, path_b: str, options: Options | None = None, *, progress: Progress | None = None
) -> Comparison:
    """Read, segment, align and diff two files. Raises `AlignError` on bad input."""
    options = options or Options()
    from align.reading import read_source

    source_a = read_source(path_a, units=options.units)
    source_b = read_source(path_b, units=options.units)
    return compare_sources(source_a, source_b, options, progress=progress)


def compare_sources(
    source_a: Source,
    source_b: Source,
    options: Options | None = None,
    *,
    progress: Progress | None = None,
) -> Comparison:
    """Compare two already-read sources (see `compare`)."""
    options = options or Options()
    labels = (
        options.labels[0] or default_label(source_a.path),
        options.labels[1] or default_label(source_b.path),
    )
    options = replace(options, labels=labels)
    a = segment(source_a, labels[0], units=options.units)
    b = segment(source_b, labels[1], units=options.units)
    links = align_documents(
        a, b, threshold=options.threshold, keep_chrome=options.keep_chrome, progress=progress
    )
    pairs = _with_related(
        [Pair(k, link.a, link.b, link.relation, link.score) for k, link in enumerate(links)]
    )
    pairs = tuple(diff_pair(p, a, b) for p in pairs)
    variants: tuple = ()
    inconsistencies: tuple = ()
    try:
        from align.variants import annotate
    except ImportError:  # the variants stage is optional while it is being built
        annotate = None
    if annotate is not None:
        pairs, variants, inconsistencies = annotate(a, b, pairs)
    return Comparison(__version__, options, a, b, pairs, variants, inconsistencies)


def _with_related(pairs: list[Pair]) -> list[Pair]:
    """Fill `Pair.related`: the other pairs that hold one of its sentences."""
    holders: dict[tuple[str, int], list[int]] = {}
    for p in pairs:
        for i in p.a:
            holders.setdefault(("a", i), []).append(p.id)
        for j in p.b:
            holders.setdefault(("b", j), []).append(p.id)
    out = []
    for p in pairs:
        related = {q for i in p.a for q in holders[("a", i)]}
        related |= {q for j in p.b for q in holders[("b", j)]}
        related.discard(p.id)
        out.append(replace(p, related=tuple(sorted(related))))
    return out
