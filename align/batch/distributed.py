"""A batch's pairs as tasks on a Dask cluster (``align batch ... --scheduler ADDRESS``).

Scheduling, retries, the loss of a worker and the dashboard are Dask's
(`dask.distributed`); this module only submits one task per pair and hands
each outcome, as it comes, to the batch (`align.batch.runner`), which keeps the
ledger and writes the index as for a local run.

A worker writes a pair's outputs into the folder itself (each file through a
temporary file renamed into place, so a worker killed mid-pair leaves nothing
half-written, and Dask runs the pair again on another worker), when every
worker sees the folder: checked at the start. With ``collect`` the workers
send the outputs back and this process writes them. Either way the files are
byte for byte those of a local batch.

Dask is an optional dependency (``pip install 'align[dask]'``): without it,
asking for a scheduler is one line saying so.
"""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from align.batch.jobs import FAILED, Job, Outcome
from align.batch.runner import render_job, write_job
from align.errors import AlignError
from align.model import Options
from align.runtime.output import remove_abandoned

#: ``--scheduler local``: a `LocalCluster` on this machine, one worker process per core.
LOCAL = "local"
#: How many times a pair may lose its worker before it is given up (Dask's count).
ALLOWED_FAILURES = 3
#: Seconds to wait for a scheduler to answer, and for its first worker.
CONNECT_TIMEOUT = 30.0
_PROBE = ".align-probe-"

# One pair at a time in a worker process, however many threads it runs: a
# comparison holds the garbage collector and the per-word caches of its process.
_ONE_PAIR = threading.Lock()


def _dask() -> Any:
    try:
        import dask  # noqa: F401
        import distributed
    except ImportError:
        raise AlignError(
            "--scheduler needs Dask, which is not installed: pip install 'align[dask]'"
        ) from None
    return distributed


@contextmanager
def connect(scheduler: str, workers: int) -> Iterator[Any]:
    """A Dask client of the cluster at ``scheduler`` (an address, or `LOCAL` for a new
    `LocalCluster` of ``workers`` processes, closed at the end). A cluster at an address
    is not ours: it is left running."""
    distributed = _dask()
    import dask

    cluster = None
    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}):
        try:
            if scheduler == LOCAL:
                cluster = distributed.LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    silence_logs=logging.ERROR,
                    dashboard_address=":0",
                )
                client = distributed.Client(cluster, timeout=CONNECT_TIMEOUT)
            else:
                client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as e:
            if cluster is not None:
                cluster.close()
            reason = " ".join(str(e).split())[:160] or type(e).__name__
            raise AlignError(f"{scheduler}: cannot reach the Dask scheduler ({reason})") from None
        try:
            yield client
        finally:
            with suppress(Exception):
                client.close()
            if cluster is not None:
                with suppress(Exception):
                    cluster.close()


def dashboard(client: Any) -> str:
    """The address of the cluster's dashboard, "" when it has none (Bokeh is not installed)."""
    services = client.scheduler_info().get("services", {})
    return client.dashboard_link if "dashboard" in services else ""


def check_shared(client: Any, folder: str) -> None:
    """Refuse, in one line, a folder that some worker of ``client`` does not see."""
    token = uuid.uuid4().hex
    probe = os.path.join(os.path.abspath(folder), _PROBE + token)
    try:
        with open(probe, "w", encoding="ascii") as f:
            f.write(token)
        seen = client.run(_sees, probe, token)
    finally:
        with suppress(OSError):
            os.unlink(probe)
    blind = sorted(worker for worker, sees in seen.items() if not sees)
    if blind:
        raise AlignError(
            f"{folder}: not on storage the Dask workers share ({blind[0]} cannot see it); "
            "give --collect to have the outputs sent back and written here"
        )


def _sees(probe: str, token: str) -> bool:
    """On a worker: does the probe file stand there, with this run's token in it?"""
    try:
        with open(probe, encoding="ascii") as f:
            return f.read() == token
    except OSError:
        return False


def run_on_cluster(
    todo: Sequence[Job],
    folder: str,
    options: Options,
    record: Callable[[Outcome], None],
    *,
    scheduler: str,
    workers: int,
    collect: bool = False,
    cache: str | None = None,
    announce: Callable[[str], None] | None = None,
) -> None:
    """Run each job of ``todo`` as a task of the cluster at ``scheduler``; ``record`` each
    outcome here as it comes (in the order they end, as a local batch does).

    Ctrl-C cancels the tasks not yet run and is raised; the pairs recorded until
    then are whole. ``announce`` is told the dashboard's address, once.
    """
    distributed = _dask()
    with connect(scheduler, workers) as client:
        if announce is not None and (link := dashboard(client)):
            announce(link)
        try:
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except TimeoutError:
            raise AlignError(f"{scheduler}: the Dask cluster has no workers") from None
        if not collect:
            check_shared(client, folder)
        # Where this process's relative paths lead (a worker's own folder may be another).
        base = os.getcwd()
        folder = os.path.abspath(folder)
        cache = None if cache is None else os.path.abspath(cache)
        run = _collected if collect else _written
        futures = {
            client.submit(
                run,
                job,
                folder,
                options,
                cache,
                base,
                key=f"align-pair-{uuid.uuid4().hex}",
                pure=False,
            ): job
            for job in todo
        }
        try:
            for future in distributed.as_completed(futures):
                job = futures[future]
                try:
                    result = future.result()
                except distributed.KilledWorker:
                    error = f"its worker died {ALLOWED_FAILURES + 1} times (out of memory?)"
                    record(Outcome(job.name, FAILED, error=error))
                    continue
                except Exception as e:  # noqa: BLE001 - the task's own errors are outcomes
                    record(Outcome(job.name, FAILED, error=f"{type(e).__name__}: {e}"))
                    continue
                if collect:
                    outcome, files = result
                    result = write_job(folder, outcome, files)
                record(result)
        except BaseException:
            client.cancel(list(futures))
            raise
        # Every task has ended: a temporary file still there is a killed worker's.
        remove_abandoned(folder, [job.name for job in todo])


def _written(job: Job, folder: str, options: Options, cache: str | None, base: str) -> Outcome:
    """On a worker: compare one pair and write its outputs into the shared ``folder``."""
    with _ONE_PAIR:
        outcome, files = render_job(job, options, cache=cache, base=base)
        return write_job(folder, outcome, files)


def _collected(
    job: Job, folder: str, options: Options, cache: str | None, base: str
) -> tuple[Outcome, dict[str, str]]:
    """On a worker: compare one pair and send its outputs back, written by the client."""
    with _ONE_PAIR:
        return render_job(job, options, cache=cache, base=base)
