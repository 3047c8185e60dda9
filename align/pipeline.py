"""The library's entry point: `compare` two files into one `Comparison`.

Data flows one way: reading -> segmenting -> aligning (links related into
pairs) -> diffing -> naming -> gathering. `align.summary` sums the result up;
renderers (`align.rendering`) only read the result and its summary.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from dataclasses import replace
from pathlib import PurePath

from align.aligning import align_documents
from align.aligning.relating import relate
from align.diffing import diff_pair
from align.errors import AlignWarning
from align.gathering import gather
from align.gathering.inconsistencies import gather_inconsistencies
from align.model import Comparison, Document, Options, Source, unpack_pair
from align.naming import Namer
from align.runtime.pool import fork_map
from align.runtime.progress import Progress, Stages
from align.runtime.scope import comparison_scope
from align.runtime.timings import timed
from align.segmenting import segment_both
from align.version import __version__


def default_label(path: str) -> str:
    """A side's label when none is given: the file's name (``stdin`` for -)."""
    return "stdin" if path == "-" else os.path.basename(path.rstrip("/\\")) or path


def default_labels(path_a: str, path_b: str) -> tuple[str, str]:
    """Both sides' default labels: their file names, or as much of their paths as tells them apart.

    ``vov/ch1.txt`` and ``vna/ch1.txt`` are labelled so, not ``ch1.txt`` twice.
    """
    labels = default_label(path_a), default_label(path_b)
    if labels[0] != labels[1] or "-" in (path_a, path_b):
        return labels
    parts_a, parts_b = (PurePath(os.path.normpath(p)).parts for p in (path_a, path_b))
    for depth in range(2, max(len(parts_a), len(parts_b)) + 1):
        tail_a, tail_b = (str(PurePath(*parts[-depth:])) for parts in (parts_a, parts_b))
        if tail_a != tail_b:
            return tail_a, tail_b
    return labels


def _with_blocks(source: Source, options: Options | None) -> Source:
    """``source``, its blocks found as a text file's are if it was built without any."""
    if not isinstance(source, Source):
        raise TypeError(f"expected a Source, not {type(source).__name__}")
    if source.blocks or not source.text.strip():
        return source
    from align.reading import text_blocks

    blocks, title = text_blocks(source.text, units=(options or Options()).units)
    return replace(source, blocks=blocks, title=source.title or title)


def source_warnings(source_a: Source, source_b: Source) -> list[str]:
    """What the two sides' readers had to say, then a line for a side with no text."""
    lines = [*source_a.warnings, *source_b.warnings]
    for side, source in (("A", source_a), ("B", source_b)):
        if not source.text.strip():
            name = "<stdin>" if source.path == "-" else source.path
            lines.append(f"{name}: side {side} has no text (empty or only whitespace)")
    return lines


def compare(
    path_a: str | os.PathLike[str],
    path_b: str | os.PathLike[str],
    options: Options | None = None,
    *,
    progress: Progress | None = None,
    jobs: int | None = None,
    strict_decoding: bool = False,
    warn: Callable[[str], None] | None = None,
    cache: str | None = None,
) -> Comparison:
    """Read, segment, align and diff two files (or pages by address). Raises `AlignError`
    on bad input.

    `jobs` processes share the work on long texts (None: every core this
    process may use); the result never depends on it. A file that is UTF-8
    but for a few bytes is read with U+FFFD in their place and a warning
    (`strict_decoding` refuses it); `warn` is given each warning's line
    (default: `warnings.warn` with an `AlignWarning`). `cache` is the folder
    that keeps pages fetched by address, for a rerun to read again.
    """
    options = options or Options()
    from align.reading import read_source

    Stages(progress).start("reading")
    reading = {"units": options.units, "strict_decoding": strict_decoding, "cache": cache}
    with timed("reading"):
        source_a = read_source(path_a, **reading)
        source_b = read_source(path_b, **reading)
    return compare_sources(source_a, source_b, options, progress=progress, jobs=jobs, warn=warn)


def compare_texts(
    text_a: str,
    text_b: str,
    options: Options | None = None,
    *,
    labels: tuple[str, str] | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
) -> Comparison:
    """Compare two strings, their paragraphs found as in a plain text file (see `compare`).

    >>> compare_texts("The colour is grey.", "The color is gray.").pairs[0].relation
    <Relation.MATCH: 'match'>

    The sides are ``<text a>`` and ``<text b>``; ``labels`` (or the options'
    labels) name them, by default ``text a`` and ``text b``.
    """
    from align.reading import text_source

    options = options or Options()
    if labels is not None:
        options = replace(options, labels=labels)
    options = replace(
        options, labels=(options.labels[0] or "text a", options.labels[1] or "text b")
    )
    source_a = text_source(text_a, "<text a>", units=options.units)
    source_b = text_source(text_b, "<text b>", units=options.units)
    return compare_sources(source_a, source_b, options, progress=progress, jobs=jobs)


def compare_sources(
    source_a: Source,
    source_b: Source,
    options: Options | None = None,
    *,
    progress: Progress | None = None,
    jobs: int | None = None,
    warn: Callable[[str], None] | None = None,
) -> Comparison:
    """Compare two already-read sources (see `compare`).

    `progress`, if given, is told each stage and the share of the run done;
    `warn` each of the sources' warnings, and that a side has no text.
    """
    source_a, source_b = (_with_blocks(s, options) for s in (source_a, source_b))
    for line in source_warnings(source_a, source_b):
        if warn is None:
            warnings.warn(line, AlignWarning, stacklevel=2)
        else:
            warn(line)
    with comparison_scope():
        return _compare_sources(source_a, source_b, options or Options(), progress, jobs)


def _compare_sources(
    source_a: Source,
    source_b: Source,
    options: Options,
    progress: Progress | None,
    jobs: int | None,
) -> Comparison:
    defaults = default_labels(source_a.path, source_b.path)
    labels = (options.labels[0] or defaults[0], options.labels[1] or defaults[1])
    options = replace(options, labels=labels)
    stages = Stages(progress)
    stages.start("segmenting")
    with timed("segmenting"):
        a, b = segment_both(source_a, source_b, labels, units=options.units, jobs=jobs)
    return compare_documents(a, b, options, stages=stages, jobs=jobs)


def compare_documents(
    a: Document,
    b: Document,
    options: Options,
    *,
    stages: Stages | None = None,
    jobs: int | None = None,
    variants: bool = True,
) -> Comparison:
    """Align, diff, name and gather two segmented documents (their labels are the options').

    The stages after segmenting, as `compare_sources` runs them: `align.collating`
    calls it on each pair of witnesses it has segmented once, without the pair's
    variants (``variants=False``: it gathers its own, over its rows).
    """
    stages = stages or Stages(None)
    options = replace(options, labels=(a.label, b.label))
    with timed("aligning"):
        alignment = align_documents(
            a,
            b,
            threshold=options.threshold,
            keep_chrome=options.keep_chrome,
            tick=stages.start("aligning"),
            jobs=jobs,
            lines=options.units == "lines",
        )
    options = replace(
        options, threshold=alignment.threshold, threshold_estimated=alignment.estimated
    )
    with timed("relating"):
        pairs = relate(alignment.links)
    with timed("diffing and naming"):
        namer = Namer(a, b)
        named = fork_map(
            lambda p: namer(diff_pair(p, a, b)),
            pairs,
            jobs,
            packed=lambda p: namer.packed(diff_pair(p, a, b)),  # no named pair built there
            unpack=unpack_pair,
            tick=stages.start("diffing words"),
        )
    tick = stages.start("gathering variants")
    with timed("gathering"):
        if variants:
            found, inconsistencies = gather(a, b, named, jobs, tick=tick)
        else:
            found, inconsistencies = (), gather_inconsistencies(a, b, named, jobs, tick)
    return Comparison(__version__, options, a, b, tuple(named), found, inconsistencies)
