"""Many comparisons in one run: ``align batch MANIFEST -o DIR``.

`read_manifest` turns a CSV or JSON-lines manifest into `Job`s (paths
relative to the manifest's folder, a unique file name for each pair).
`run_batch` skips the pairs whose outputs are up to date, compares the rest on
several processes, writes each pair's ``NAME.json`` and ``NAME.html`` whole or
not at all, and ends with ``index.html`` (laid out by `align.render_batch`).

What is up to date is kept in a ledger, ``DIR/.align-batch.json``, written
(atomically) by this process after each pair whose two outputs are in place:
a pair is skipped when its inputs' SHA-256, its paths, the options and the
version are those the ledger records and both outputs still exist. So a run
stopped at any point (Ctrl-C, a crash) resumes with the pairs not yet done.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import multiprocessing
import os
import re
import signal
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, replace
from typing import Any
from urllib.parse import quote

from align import __version__
from align.errors import AlignError
from align.model import Comparison, Options
from align.output import write_atomic
from align.parallel import default_jobs
from align.pipeline import compare
from align.render_batch import render_index
from align.render_html import render_html_pages
from align.render_json import render_json
from align.report_data import RELATION_LABELS, RELATION_ORDER, coverage, visible

LEDGER = ".align-batch.json"
LEDGER_SCHEMA = "align-batch/1"
INDEX = "index.html"

#: What a pair's run came to, in the words of the index page.
DONE, UP_TO_DATE, FAILED, NOT_RUN = "done", "up to date", "failed", "not run"

#: Names that cannot be a pair's: the index page, and Windows device names.
_RESERVED = {"index", "con", "prn", "aux", "nul"} | {
    f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)
}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
_NAME_MAX = 100


@dataclass(frozen=True)
class Job:
    """One pair of the manifest: the paths as opened, and its outputs' name."""

    name: str
    a: str
    b: str
    line: int  # in the manifest, for messages
    given: tuple[str, str] = ("", "")  # the paths as the manifest spells them


@dataclass(frozen=True)
class Figures:
    """A comparison's summary figures, for its row of the index."""

    labels: tuple[str, str]
    pairs: int
    relations: tuple[int, ...]  # counts in `RELATION_ORDER`
    coverage: tuple[str, str]  # share of each side's words with a counterpart: "82.4%"
    variants: int


@dataclass(frozen=True)
class Outcome:
    """What became of one job: ``done``, ``up to date``, ``failed`` or ``not run``."""

    name: str
    status: str
    error: str = ""  # one line, for ``failed``
    figures: Figures | None = None
    sha256: tuple[str, str] = ("", "")  # of the inputs compared, for ``done``
    files: tuple[str, ...] = ()  # the file names written, for ``done``


@dataclass(frozen=True)
class IndexRow:
    """One pair on the index page."""

    name: str
    html: str  # links (%-escaped file names); empty when there is no output
    json: str
    status: str
    error: str
    figures: Figures | None


@dataclass(frozen=True)
class Index:
    """Everything the index page lays out."""

    title: str
    version: str
    options: tuple[tuple[str, str], ...]
    relations: tuple[str, ...]  # column headings, in `RELATION_ORDER`
    rows: tuple[IndexRow, ...]
    counts: tuple[tuple[str, int], ...]  # (status, pairs), the statuses present


@dataclass(frozen=True)
class BatchResult:
    """The outcome of every job, in manifest order, and the index written."""

    outcomes: tuple[Outcome, ...]
    index: str

    @property
    def failed(self) -> tuple[Outcome, ...]:
        """The jobs that failed."""
        return tuple(o for o in self.outcomes if o.status == FAILED)


#: Called in this process as each job ends: (outcome, jobs ended, jobs in all).
Notify = Callable[[Outcome, int, int], None]


# --------------------------------------------------------------------------- manifest


def read_manifest(path: str) -> list[Job]:
    """The jobs a manifest lists. Raises `AlignError` naming the manifest (and line).

    CSV rows ``a,b[,name]``, with or without a header row naming the columns
    (``a``, ``b``, ``name``, in any order); or JSON lines
    ``{"a": ..., "b": ..., "name": ...}``. Blank lines and CSV lines starting
    with ``#`` are skipped. A missing name is made from the file names.
    """
    text = _read_text(path)
    first = next((line for line in text.splitlines() if line.strip()), "")
    is_json = first.lstrip().startswith(("{", "["))
    rows = _json_rows(path, text) if is_json else _csv_rows(path, text)
    if not rows:
        raise AlignError(f"{path}: no pairs listed")
    folder = os.path.dirname(path)
    taken: set[str] = set()
    for line, _a, _b, name in rows:
        if name is None:
            continue
        problem = _name_problem(name)
        if problem:
            raise AlignError(f"{path}:{line}: name {name!r} {problem}")
        if name.casefold() in taken:
            raise AlignError(f"{path}:{line}: name {name!r} is given twice")
        taken.add(name.casefold())
    jobs = []
    for line, a, b, name in rows:
        if name is None:
            name = _unique(_derived_name(a, b), taken)
            taken.add(name.casefold())
        jobs.append(Job(name, os.path.join(folder, a), os.path.join(folder, b), line, given=(a, b)))
    return jobs


def _read_text(path: str) -> str:
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        raise AlignError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise AlignError(f"{path}: is a directory") from None
    except OSError as e:
        raise AlignError(f"{path}: cannot read ({e.strerror})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise AlignError(f"{path}:{line}: not UTF-8 text") from None


Row = tuple[int, str, str, str | None]  # line, a, b, name


def _csv_rows(path: str, text: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    columns: dict[str, int] | None = None
    rows: list[Row] = []
    try:
        for cells in reader:
            line = reader.line_num
            cells = [c.strip() for c in cells]
            if not any(cells) or cells[0].startswith("#"):
                continue
            if columns is None and not rows and {c.lower() for c in cells} >= {"a", "b"}:
                names = [c.lower() for c in cells]
                if set(names) <= {"a", "b", "name"} and len(set(names)) == len(names):
                    columns = {c: k for k, c in enumerate(names)}
                    continue
            if columns is None:
                if len(cells) not in (2, 3):
                    raise AlignError(
                        f"{path}:{line}: expected a,b or a,b,name, found {len(cells)} fields"
                    )
                a, b, name = cells[0], cells[1], cells[2] if len(cells) == 3 else ""
            else:
                if len(cells) != len(columns):
                    raise AlignError(
                        f"{path}:{line}: expected {len(columns)} fields as in the header, "
                        f"found {len(cells)}"
                    )
                a, b = cells[columns["a"]], cells[columns["b"]]
                name = cells[columns["name"]] if "name" in columns else ""
            rows.append(_row(path, line, a, b, name or None))
    except csv.Error as e:
        raise AlignError(f"{path}:{reader.line_num}: not valid CSV ({e})") from None
    return rows


def _json_rows(path: str, text: str) -> list[Row]:
    rows: list[Row] = []
    for line, source in enumerate(text.splitlines(), 1):
        if not source.strip():
            continue
        try:
            item = json.loads(source)
        except json.JSONDecodeError as e:
            raise AlignError(f"{path}:{line}: not valid JSON ({e.msg})") from None
        if not isinstance(item, dict):
            raise AlignError(f"{path}:{line}: expected an object with keys a, b and name")
        unknown = sorted(set(item) - {"a", "b", "name"})
        if unknown:
            raise AlignError(f"{path}:{line}: unknown key {unknown[0]!r} (expected a, b, name)")
        for key in ("a", "b", "name"):
            value = item.get(key)
            if key in item and value is not None and not isinstance(value, str):
                raise AlignError(f"{path}:{line}: {key} must be a string")
        rows.append(_row(path, line, item.get("a") or "", item.get("b") or "", item.get("name")))
    return rows


def _row(path: str, line: int, a: str, b: str, name: str | None) -> Row:
    for key, value in (("a", a), ("b", b)):
        if not value.strip():
            raise AlignError(f"{path}:{line}: {key} is missing")
    return line, a, b, name


def _name_problem(name: str) -> str:
    """Why ``name`` cannot name a pair's files, or ``""``."""
    if not name or name != name.strip():
        return "is empty or starts or ends with a space"
    if _UNSAFE.search(name):
        return 'cannot be a file name (no / \\ : * ? " < > | or control characters)'
    if name.startswith(".") or name.endswith("."):
        return "cannot start or end with a dot"
    if name.casefold() in _RESERVED:
        return "is reserved"
    if len(name) > _NAME_MAX:
        return f"is longer than {_NAME_MAX} characters"
    return ""


def _derived_name(a: str, b: str) -> str:
    """``ch1`` for ``vov/ch1.txt`` and ``vna/ch1.txt``; ``vov_vs_vna`` for ``vov.txt``
    and ``vna.txt``: safe for a file name.

    >>> _derived_name("x/ch 1.txt", "y/ch 1.html"), _derived_name("vov.txt", "vna.txt")
    ('ch_1', 'vov_vs_vna')
    """

    def stem(path: str) -> str:
        base = os.path.splitext(os.path.basename(path.rstrip("/\\")))[0]
        return re.sub(r"[^\w.-]+", "_", base).strip("._-")

    stem_a, stem_b = stem(a), stem(b)
    name = stem_a if stem_a == stem_b else f"{stem_a}_vs_{stem_b}".strip("_")
    name = name[:_NAME_MAX].strip("._-") or "pair"
    return f"{name}_" if name.casefold() in _RESERVED else name


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{name}-{n}"
    return candidate


# --------------------------------------------------------------------------- one pair


def figures(comparison: Comparison) -> Figures:
    """The index's figures for one comparison (as the report's summary counts them)."""
    relations = Counter(p.relation for p in comparison.pairs)
    cover_a, cover_b = coverage(comparison)
    return Figures(
        labels=(visible(comparison.a.label), visible(comparison.b.label)),
        pairs=len(comparison.pairs),
        relations=tuple(relations[r] for r in RELATION_ORDER),
        coverage=(cover_a.percent, cover_b.percent),
        variants=len(comparison.variants),
    )


def run_job(job: Job, folder: str, options: Options, *, jobs: int = 1) -> Outcome:
    """Compare one pair and write ``NAME.json`` and ``NAME.html`` into ``folder``
    (and the pages ``NAME-001.html``... of a book-length comparison).

    ``jobs`` processes share the comparison of a long text. Bad input, or any
    other error, gives a ``failed`` outcome with a one-line message; only an
    interruption (`KeyboardInterrupt`) is raised.
    """
    try:
        comparison = compare(job.a, job.b, options, jobs=jobs)
        outcome = Outcome(
            job.name,
            DONE,
            figures=figures(comparison),
            sha256=(comparison.a.sha256, comparison.b.sha256),
        )
        # Everything is rendered before anything is written, and Ctrl-C waits
        # for the writing: a pair's outputs are all written or none.
        files = {f"{job.name}.json": render_json(comparison)}
        files.update(render_html_pages(comparison, f"{job.name}.html"))  # the index last
        with _uninterrupted():
            for filename, text in files.items():
                write_atomic(os.path.join(folder, filename), text)
        return replace(outcome, files=tuple(files))
    except AlignError as e:
        return Outcome(job.name, FAILED, error=_one_line(str(e)))
    except Exception as e:  # a bug, or out of memory: report it and go on with the rest
        return Outcome(job.name, FAILED, error=_one_line(f"{type(e).__name__}: {e}"))


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) back until the block ends, where signals can be blocked."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
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
) -> BatchResult:
    """Compare every pair of ``manifest`` into ``folder``, then write its index.

    Pairs up to date are skipped (all are redone with ``force``); the others
    run on ``jobs`` processes (None: every core). A failing pair is reported
    through ``notify`` and left out; the index is written even then, and also
    when the run is interrupted (`KeyboardInterrupt` is raised after it).
    Raises `AlignError` for a bad manifest, an output that would overwrite an
    input, or an unwritable folder.
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
        kept = None if force else _up_to_date(job, folder, options, ledger.get(job.name))
        if kept is None:
            todo.append(job)
        else:
            record(Outcome(job.name, UP_TO_DATE, figures=kept))
    try:
        _run(todo, folder, options, default_jobs() if jobs is None else jobs, record)
    except KeyboardInterrupt:
        _write_index(folder, manifest, options, todo_jobs, outcomes)
        raise
    index = _write_index(folder, manifest, options, todo_jobs, outcomes)
    return BatchResult(tuple(outcomes[j.name] for j in todo_jobs), index)


def _run(
    todo: Sequence[Job],
    folder: str,
    options: Options,
    jobs: int,
    record: Callable[[Outcome], None],
) -> None:
    if jobs <= 1 or len(todo) <= 1:
        for job in todo:  # one pair left: its own long texts may use the cores
            record(run_job(job, folder, options, jobs=jobs))
        return
    context = multiprocessing.get_context()
    stop = context.Event()
    with ProcessPoolExecutor(
        min(jobs, len(todo)), mp_context=context, initializer=_start_worker, initargs=(stop,)
    ) as pool:
        futures: dict[Future[Outcome], Job] = {
            pool.submit(_work, job, folder, options): job for job in todo
        }
        recorded: set[Future[Outcome]] = set()
        try:
            for future in as_completed(futures):
                recorded.add(future)
                record(_outcome(future, futures[future]))
        except BaseException as e:
            # Stop the workers: queued jobs return at once, running ones are
            # interrupted (their outputs are written whole or not at all).
            stop.set()
            for future in futures:
                future.cancel()
            _interrupt_workers(pool)
            if isinstance(e, KeyboardInterrupt):
                pool.shutdown(wait=True)
                # Keep the pairs that were finished when the interruption came.
                for future in futures:
                    if future in recorded or future.cancelled() or future.exception():
                        continue
                    if future.result().status == DONE:
                        record(future.result())
            raise


def _interrupt_workers(pool: ProcessPoolExecutor) -> None:
    """Send Ctrl-C to the pool's workers (on POSIX; a console's Ctrl-C reaches them
    all on Windows), as a terminal does when the whole process group is interrupted."""
    if os.name != "posix":
        return
    # The executor keeps its processes in a private attribute: there is no public one.
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        if process.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(process.pid, signal.SIGINT)


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
    inputs = {os.path.realpath(p) for job in jobs for p in (job.a, job.b)}
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


_STOP: Any = None  # the event that tells a worker to take no more jobs


def _start_worker(stop: Any) -> None:
    global _STOP
    _STOP = stop
    # Idle workers ignore Ctrl-C; `_work` takes it while a job runs.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _interrupted(signum: int, frame: Any) -> None:
    # Once only, so that the clean-up of a half-written file is not itself interrupted.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def _work(job: Job, folder: str, options: Options) -> Outcome:
    """`run_job` in a worker process, unless the batch is stopping."""
    signal.signal(signal.SIGINT, _interrupted)
    try:
        if _STOP is not None and _STOP.is_set():
            return Outcome(job.name, NOT_RUN)
        return run_job(job, folder, options)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


# --------------------------------------------------------------------------- the ledger


def _key(job: Job, options: Options, sha256: tuple[str, str]) -> dict[str, Any]:
    """Everything that decides a pair's outputs."""
    return {
        "version": __version__,
        "options": {
            "units": options.units,
            "keep_chrome": options.keep_chrome,
            "threshold": options.threshold,
            "labels": list(options.labels),
        },
        "a": {"path": job.given[0], "sha256": sha256[0]},
        "b": {"path": job.given[1], "sha256": sha256[1]},
    }


def _sha256(path: str) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _up_to_date(job: Job, folder: str, options: Options, entry: Any) -> Figures | None:
    """The figures the ledger keeps for ``job`` if its outputs are up to date, else None."""
    if not isinstance(entry, dict) or entry.get("status") != DONE:
        return None
    if not all(
        os.path.isfile(os.path.join(folder, f"{job.name}.{ext}")) for ext in ("json", "html")
    ):
        return None
    sha_a, sha_b = _sha256(job.a), _sha256(job.b)
    if sha_a is None or sha_b is None or entry.get("key") != _key(job, options, (sha_a, sha_b)):
        return None
    try:
        kept = entry["figures"]
        return Figures(
            labels=(str(kept["labels"][0]), str(kept["labels"][1])),
            pairs=int(kept["pairs"]),
            relations=tuple(int(n) for n in kept["relations"]),
            coverage=(str(kept["coverage"][0]), str(kept["coverage"][1])),
            variants=int(kept["variants"]),
        )
    except (KeyError, IndexError, TypeError, ValueError):
        return None  # an entry this version cannot read: redo the pair


def _load_ledger(folder: str) -> dict[str, Any]:
    """The ledger's entries by pair name; empty when missing or unreadable (all is redone)."""
    try:
        with open(os.path.join(folder, LEDGER), encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("schema") != LEDGER_SCHEMA:
        return {}
    pairs = data.get("pairs")
    return dict(pairs) if isinstance(pairs, dict) else {}


def _save_ledger(folder: str, ledger: dict[str, Any]) -> None:
    data = {"schema": LEDGER_SCHEMA, "pairs": dict(sorted(ledger.items()))}
    write_atomic(
        os.path.join(folder, LEDGER), json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    )


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
        options=(
            ("units", options.units),
            ("chrome", "kept" if options.keep_chrome else "set aside"),
            ("threshold", f"{options.threshold:g}"),
            ("labels", ",".join(options.labels) if any(options.labels) else "file names"),
        ),
        relations=tuple(RELATION_LABELS[r].format(a="A", b="B") for r in RELATION_ORDER),
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
