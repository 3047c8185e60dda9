"""Running a batch: pairs on several processes, outputs whole or not at all."""

from __future__ import annotations

import contextlib
import os
import re
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, replace
from typing import Any

from align.batch.index import _write_index
from align.batch.jobs import (
    DONE,
    FAILED,
    INDEX,
    LEDGER,
    UP_TO_DATE,
    BatchResult,
    Figures,
    Job,
    Notify,
    Outcome,
)
from align.batch.ledger import _key, _load_ledger, _save_ledger, _up_to_date
from align.batch.manifest import read_manifest
from align.errors import AlignError
from align.model import Comparison, Options, visible
from align.pipeline import compare, compare_sources
from align.reading import read_source
from align.reading.url import is_url
from align.rendering.html.render import render_html_pages
from align.rendering.json import render_json
from align.runtime.output import write_atomic
from align.runtime.pool import WorkerPool, can_fork, default_jobs, worker_task
from align.runtime.scope import comparison_scope
from align.summary import Summary, summarise

#: Seconds an interrupted batch gives a worker writing a pair's files to finish them.
STOP_GRACE = 60.0

# --------------------------------------------------------------------------- one pair


def figures(summary: Summary) -> Figures:
    """The index's figures for one comparison, read from its summary (the report's too)."""
    found = Figures.of(summary)
    return replace(found, labels=(visible(found.labels[0]), visible(found.labels[1])))


def run_job(
    job: Job, folder: str, options: Options, *, jobs: int = 1, cache: str | None = None
) -> Outcome:
    """Compare one pair and write ``NAME.json`` and ``NAME.html`` into ``folder``
    (and the pages ``NAME-001.html``... of a book-length comparison).

    ``jobs`` processes share the comparison of a long text; ``cache`` keeps
    the pages fetched by address. Bad input, or any other error, gives a
    ``failed`` outcome with a one-line message; only an interruption
    (`KeyboardInterrupt`) is raised.
    """
    outcome, files = render_job(job, options, jobs=jobs, cache=cache)
    return write_job(folder, outcome, files)


def render_job(
    job: Job,
    options: Options,
    *,
    jobs: int = 1,
    cache: str | None = None,
    base: str | None = None,
) -> tuple[Outcome, dict[str, str]]:
    """Compare one pair and render its outputs: the outcome, and each file's name and text.

    ``base`` is the folder a relative path is read from when it is not this
    process's (a worker of a cluster); the outputs name the path as given.
    Failures are as for `run_job`, with no files.
    """
    try:
        with comparison_scope():  # compared and rendered: the caches end with the pair
            comparison = _compare_job(job, options, jobs, cache, base)
            summary = summarise(comparison)
            outcome = Outcome(
                job.name,
                DONE,
                figures=figures(summary),
                sha256=(comparison.a.sha256, comparison.b.sha256),
            )
            # Everything is rendered before anything is written: a pair's
            # outputs are all written or none.
            files = {f"{job.name}.json": render_json(comparison)}
            # The report's pages, its index last.
            files.update(render_html_pages(comparison, f"{job.name}.html", summary=summary))
        return outcome, files
    except AlignError as e:
        return Outcome(job.name, FAILED, error=_one_line(str(e))), {}
    except Exception as e:  # a bug, or out of memory: report it and go on with the rest
        return Outcome(job.name, FAILED, error=_one_line(f"{type(e).__name__}: {e}")), {}


def _compare_job(
    job: Job, options: Options, jobs: int, cache: str | None, base: str | None
) -> Comparison:
    if base is None or os.path.realpath(base) == os.path.realpath(os.getcwd()):
        return compare(job.a, job.b, options, jobs=jobs, cache=cache)
    sources = []
    for path in (job.a, job.b):
        where = path if is_url(path) or os.path.isabs(path) else os.path.join(base, path)
        try:
            source = read_source(where, units=options.units, cache=cache)
        except AlignError as e:  # named as the command names it
            raise AlignError(str(e).replace(where, path, 1)) from None
        sources.append(replace(source, path=path))
    return compare_sources(*sources, options, jobs=jobs)


def write_job(folder: str, outcome: Outcome, files: dict[str, str]) -> Outcome:
    """Write a rendered pair's ``files`` into ``folder``, each whole; the outcome naming them.

    Ctrl-C waits for the writing: a pair's outputs are all written or none.
    A failure to write is the pair's (a ``failed`` outcome).
    """
    if outcome.status != DONE:
        return outcome
    try:
        with _uninterrupted():
            for filename, text in files.items():
                write_atomic(os.path.join(folder, filename), text)
    except AlignError as e:
        return Outcome(outcome.name, FAILED, error=_one_line(str(e)))
    return replace(outcome, files=tuple(files))


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) back until the block ends, where signals can be blocked
    (and SIGTERM, with which a stopping pool ends its workers)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _one_line(message: str) -> str:
    return " ".join(message.split()) or "failed"


# --------------------------------------------------------------------------- the batch


def run_batch(
    manifest: str,
    folder: str,
    options: Options | None = None,
    *,
    jobs: int | None = None,
    force: bool = False,
    notify: Notify | None = None,
    cache: str | None = None,
    scheduler: str | None = None,
    collect: bool = False,
    announce: Callable[[str], None] | None = None,
) -> BatchResult:
    """Compare every pair of ``manifest`` into ``folder``, then write its index.

    Pairs up to date are skipped (all are redone with ``force``); the others
    run on ``jobs`` processes (None: every core). A failing pair is reported
    through ``notify`` and left out; the index is written even then, and also
    when the run is interrupted (`KeyboardInterrupt` is raised after it).
    ``cache`` is the folder that keeps the pages fetched by address.

    With ``scheduler`` (a Dask scheduler's address, or ``"local"``) the pairs
    run as tasks of that cluster (see `align.batch.distributed`; ``collect``:
    its workers send the outputs back to be written here; ``announce`` is told
    the dashboard's address); the outputs, the ledger and the index are those
    of a local run.
    Raises `AlignError` for a bad manifest, an output that would overwrite an
    input, or an unwritable folder.

    Long because it holds the batch's one try/finally: the ledger and index are written
    whatever happens to the pairs, so its steps cannot be split without repeating that guard.
    """
    options = options or Options()
    todo_jobs = read_manifest(manifest)
    _check_outputs(todo_jobs, folder, manifest)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as e:
        raise AlignError(f"{folder}: cannot create the folder ({e.strerror})") from None
    ledger = _load_ledger(folder)
    outcomes: dict[str, Outcome] = {}
    by_name = {job.name: job for job in todo_jobs}
    protected = {f for job in todo_jobs for f in _outputs(job.name)}
    total = len(todo_jobs)

    def record(outcome: Outcome) -> None:
        outcomes[outcome.name] = outcome
        if outcome.status == DONE:
            ledger[outcome.name] = {
                "key": _key(by_name[outcome.name], options, outcome.sha256),
                "status": DONE,
                "figures": asdict(outcome.figures) if outcome.figures else None,
            }
        elif outcome.status == FAILED:
            ledger[outcome.name] = {"status": FAILED, "error": outcome.error}
        if outcome.status in (DONE, FAILED):
            _save_ledger(folder, ledger)
            # What an earlier run wrote and this one did not (all of a failed
            # pair's outputs, the extra pages of a book that got shorter) is
            # out of date: removed, so that no stale report stands beside the index.
            _remove_stale(folder, outcome.name, outcome.files, protected)
        if notify is not None:
            notify(outcome, len(outcomes), total)

    todo = []
    for job in todo_jobs:
        kept = None if force else _up_to_date(job, folder, options, ledger.get(job.name), cache)
        if kept is None:
            todo.append(job)
        else:
            record(Outcome(job.name, UP_TO_DATE, figures=kept))
    try:
        workers = default_jobs() if jobs is None else jobs
        if scheduler is not None and todo:
            from align.batch.distributed import run_on_cluster

            run_on_cluster(
                todo,
                folder,
                options,
                record,
                scheduler=scheduler,
                workers=workers,
                collect=collect,
                cache=cache,
                announce=announce,
            )
        else:
            _run(todo, folder, options, workers, record, cache)
    except KeyboardInterrupt:
        if force:
            _keep_earlier_outputs(todo_jobs, folder, options, ledger, outcomes)
        _write_index(folder, manifest, options, todo_jobs, outcomes)
        raise
    index = _write_index(folder, manifest, options, todo_jobs, outcomes)
    return BatchResult(tuple(outcomes[j.name] for j in todo_jobs), index)


def _keep_earlier_outputs(
    jobs: Sequence[Job],
    folder: str,
    options: Options,
    ledger: dict[str, Any],
    outcomes: dict[str, Outcome],
) -> None:
    """Give the pairs an interrupted ``force`` run did not reach the outcome "up to date"
    where an earlier run's outputs are (so the index links them, with their figures).

    Without ``force`` every pair left to do was found out of date before the run. A
    second Ctrl-C stops the checking; the index is written with what is known.
    """
    try:
        for job in jobs:
            if job.name not in outcomes:
                kept = _up_to_date(job, folder, options, ledger.get(job.name))
                if kept is not None:
                    outcomes[job.name] = Outcome(job.name, UP_TO_DATE, figures=kept)
    except KeyboardInterrupt:
        pass


def _run(
    todo: Sequence[Job],
    folder: str,
    options: Options,
    jobs: int,
    record: Callable[[Outcome], None],
    cache: str | None,
) -> None:
    if jobs <= 1 or len(todo) <= 1 or not can_fork():
        for job in todo:  # one pair left: its own long texts may use the cores
            record(run_job(job, folder, options, jobs=jobs, cache=cache))
        return
    with WorkerPool(min(jobs, len(todo)), task=(folder, options, cache)) as pool:
        futures: dict[Future[Outcome], Job] = {pool.submit(_work, job): job for job in todo}
        recorded: set[Future[Outcome]] = set()
        try:
            for future in as_completed(futures):
                recorded.add(future)
                record(_outcome(future, futures[future]))
        except BaseException as e:
            # End the workers at once; one writing a pair's outputs finishes
            # them first (they are written whole or not at all).
            pool.stop(exit_wait=STOP_GRACE)
            if isinstance(e, KeyboardInterrupt):
                # Keep the pairs that were finished when the interruption came.
                for future in futures:
                    if future in recorded or not future.done() or future.cancelled():
                        continue
                    if future.exception() is None and future.result().status == DONE:
                        record(future.result())
            raise


def _outputs(name: str) -> tuple[str, str]:
    """A pair's own output files (a book's report also has pages ``NAME-001.html``...)."""
    return f"{name}.json", f"{name}.html"


def _remove_stale(folder: str, name: str, written: Sequence[str], protected: set[str]) -> None:
    """Remove the outputs of pair `name` in `folder` that this run did not write.

    Files that are another pair's own outputs (`protected`) are kept.
    """
    page = re.compile(re.escape(name) + r"-\d{3,}\.html")
    try:
        present = os.listdir(folder)
    except OSError:
        return
    mine = [f for f in present if f in _outputs(name) or page.fullmatch(f)]
    keep = set(written)
    for filename in mine:
        if filename in keep or (filename in protected and filename not in _outputs(name)):
            continue
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(folder, filename))


def _check_outputs(jobs: Sequence[Job], folder: str, manifest: str) -> None:
    """Refuse to run when an output would overwrite an input."""
    inputs = {os.path.realpath(p) for job in jobs for p in (job.a, job.b) if not is_url(p)}
    inputs.add(os.path.realpath(manifest))
    for path in (INDEX, LEDGER):
        if os.path.realpath(os.path.join(folder, path)) in inputs:
            raise AlignError(f"{os.path.join(folder, path)}: an output would overwrite an input")
    for job in jobs:
        for ext in ("json", "html"):
            path = os.path.join(folder, f"{job.name}.{ext}")
            if os.path.realpath(path) in inputs:
                raise AlignError(
                    f"{manifest}:{job.line}: the output {path} would overwrite an input; "
                    "give the pair another name or write to another folder"
                )


def _outcome(future: Future[Outcome], job: Job) -> Outcome:
    try:
        return future.result()
    except BrokenProcessPool:
        return Outcome(job.name, FAILED, error="a worker process died (out of memory?)")


def _work(job: Job) -> Outcome:
    """`run_job` in a worker process, whose task is the folder and the options."""
    folder, options, cache = worker_task()
    return run_job(job, folder, options, cache=cache)
