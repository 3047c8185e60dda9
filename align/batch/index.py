"""The batch's index page: a row per job, from each pair's `Figures` and outcome, written."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from urllib.parse import quote

from align.batch.jobs import DONE, FAILED, INDEX, NOT_RUN, UP_TO_DATE, Job, Outcome
from align.model import RELATIONS, Options, Signature, visible
from align.rendering.batch import render_index
from align.runtime.output import write_atomic
from align.summary import Index, IndexRow
from align.version import __version__

# --------------------------------------------------------------------------- the index


def build_index(
    jobs: Sequence[Job], outcomes: dict[str, Outcome], options: Options, title: str
) -> Index:
    """The index page's data: one row per job, in manifest order."""
    rows = []
    for job in jobs:
        outcome = outcomes.get(job.name, Outcome(job.name, NOT_RUN))
        has_output = outcome.status in (DONE, UP_TO_DATE)
        rows.append(
            IndexRow(
                name=visible(job.name),
                html=quote(f"{job.name}.html") if has_output else "",
                json=quote(f"{job.name}.json") if has_output else "",
                status=outcome.status,
                error=visible(outcome.error),
                figures=outcome.figures,
            )
        )
    statuses = Counter(r.status for r in rows)
    return Index(
        title=title,
        version=__version__,
        signature=visible(Signature(__version__, options).long()),
        relations=RELATIONS,
        rows=tuple(rows),
        counts=tuple((s, statuses[s]) for s in (DONE, UP_TO_DATE, FAILED, NOT_RUN) if statuses[s]),
    )


def _write_index(
    folder: str,
    manifest: str,
    options: Options,
    jobs: Sequence[Job],
    outcomes: dict[str, Outcome],
) -> str:
    path = os.path.join(folder, INDEX)
    title = f"align batch: {visible(os.path.basename(manifest))}"
    write_atomic(path, render_index(build_index(jobs, outcomes, options, title)))
    return path
