"""The library's entry point: `compare` two files into one `Comparison`.

Data flows one way: reading -> segmenting -> aligning (links related into
pairs) -> diffing -> naming -> gathering. `align.summary` sums the result up;
renderers (`align.rendering`) only read the result and its summary.
"""

from __future__ import annotations

import os
from dataclasses import replace

from align import __version__
from align.aligning import align_documents
from align.aligning.relating import relate
from align.diffing import diff_pair
from align.gathering import gather
from align.model import Comparison, Options, Source, pack_pair, unpack_pair
from align.naming import Namer
from align.runtime.pool import fork_map
from align.runtime.progress import Progress, Stages
from align.runtime.scope import comparison_scope
from align.segmenting import segment_both


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

    Stages(progress).start("reading")
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
    """Compare two already-read sources (see `compare`).

    `progress`, if given, is told each stage and the share of the run done.
    """
    with comparison_scope():
        return _compare_sources(source_a, source_b, options or Options(), progress, jobs)


def _compare_sources(
    source_a: Source,
    source_b: Source,
    options: Options,
    progress: Progress | None,
    jobs: int | None,
) -> Comparison:
    labels = (
        options.labels[0] or default_label(source_a.path),
        options.labels[1] or default_label(source_b.path),
    )
    options = replace(options, labels=labels)
    stages = Stages(progress)
    stages.start("segmenting")
    a, b = segment_both(source_a, source_b, labels, units=options.units, jobs=jobs)
    alignment = align_documents(
        a,
        b,
        threshold=options.threshold,
        keep_chrome=options.keep_chrome,
        tick=stages.start("aligning"),
        jobs=jobs,
    )
    options = replace(
        options, threshold=alignment.threshold, threshold_estimated=alignment.estimated
    )
    pairs = relate(alignment.links)
    namer = Namer(a, b)
    named = fork_map(
        lambda p: namer(diff_pair(p, a, b)),
        pairs,
        jobs,
        pack=pack_pair,
        unpack=unpack_pair,
        tick=stages.start("diffing words"),
    )
    variants, inconsistencies = gather(a, b, named, jobs, tick=stages.start("gathering variants"))
    return Comparison(__version__, options, a, b, tuple(named), variants, inconsistencies)
