"""Running independent pieces of work on several cores: one process pool for stages and batch.

The work items of a book (the gaps between anchors, the pairs to diff) are
independent, so they can be split across forked processes that inherit the
parent's data without copying it: `fork_map` hands each worker a contiguous
slice and concatenates the results in order, so the output is the same for
any number of jobs. Where fork is not available (Windows), or the input is
small, or one job is asked for, the work runs in this process.

`WorkerPool` is a `concurrent.futures.ProcessPoolExecutor` on an explicit fork
context. Its initializer hands each worker its task (the data and closures to
work on, inherited through the fork, never pickled), so nothing is left in the
parent for the workers to read. Workers ignore Ctrl-C: the parent alone takes
it, cancels what is queued and ends the workers at once, quietly (no worker
traceback), before the interruption goes on up.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import CodeType, FrameType, TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # imported when a pool starts: a short run needs none
    from concurrent.futures import Future

T = TypeVar("T")
R = TypeVar("R")

#: Below this many items the start-up of workers costs more than it saves.
MIN_ITEMS = 2000
#: How many times, at most, work done in this process reports its progress.
TICKS = 20
#: Seconds the workers of a stopped pool get to exit before they are killed.
EXIT_WAIT = 5.0

# Set in a worker by its initializer (the standard pattern: the parent keeps none of it).
_task: Any = None
_in_worker = False
_sending: CodeType | None = None  # the code that sends a result to the parent


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    """May this process start workers? (Fork exists here, and this is not a worker.)"""
    if _in_worker:
        return False
    import multiprocessing  # here, not at the top: a short run forks nothing and needs none of it

    return "fork" in multiprocessing.get_all_start_methods()


def worker_task() -> Any:
    """In a worker of a `WorkerPool`: the task its pool handed it."""
    return _task


@contextmanager
def _sigint_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) back in this thread for the block, where signals can be blocked."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _start_worker(task: Any) -> None:
    """A worker's initializer: keep its task, leave Ctrl-C to the parent, end quietly."""
    import multiprocessing.connection

    global _task, _in_worker, _sending
    _task, _in_worker = task, True
    _sending = multiprocessing.connection.Connection.send_bytes.__code__
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _end_worker)
    # The parent held SIGINT while forking, so that no worker took it before ignoring it.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _end_worker(signum: int, frame: FrameType | None) -> None:
    """SIGTERM in a worker: exit at once, with no traceback and no clean-up.

    Not halfway through sending a result, though: the pool's reader in the
    parent would wait for the rest of it for ever. Then it tries again a
    moment later.
    """
    while frame is not None:
        if frame.f_code is _sending:
            signal.signal(signal.SIGALRM, _end_worker)
            signal.setitimer(signal.ITIMER_REAL, 0.01)
            return
        frame = frame.f_back
    os._exit(1)


class WorkerPool:
    """Up to `workers` forked processes, each handed `task` at its start (see `worker_task`).

    A context manager: leaving the block waits for the work submitted;
    leaving it on an exception (Ctrl-C too) calls `stop` first.
    """

    def __init__(self, workers: int, task: Any = None) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if not can_fork():
            raise RuntimeError("no fork here, or already in a worker: run the work in this process")
        # Whatever was started before is not ours to end.
        self._others = {p.pid for p in multiprocessing.active_children()}
        self._executor = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker,
            initargs=(task,),
        )
        self._stopped = False

    def submit(self, fn: Callable[..., R], /, *args: Any) -> Future[R]:
        """Run ``fn(*args)`` in a worker (`fn` and `args` are pickled, the task is not)."""
        # Workers are forked here, on demand: SIGINT is held meanwhile (it
        # reaches this process right after).
        with _sigint_held():
            return self._executor.submit(fn, *args)

    def stop(self, exit_wait: float = EXIT_WAIT) -> None:
        """Cancel the queued work and end every worker at once, quietly.

        A worker that holds SIGTERM back (as `align.batch` does while it
        writes a pair's files) exits when it lets it through, or is killed
        after `exit_wait` seconds.
        """
        if self._stopped:
            return
        import multiprocessing

        self._stopped = True
        # The executor's own thread also reaps the workers it sees end; a shutdown
        # without waiting lets go of it, so it is kept here and waited for below
        # (else a worker it reaps late still counts as running when this returns).
        manager = getattr(self._executor, "_executor_manager_thread", None)
        self._executor.shutdown(wait=False, cancel_futures=True)
        workers = [p for p in multiprocessing.active_children() if p.pid not in self._others]
        for process in workers:
            process.terminate()
        deadline = time.monotonic() + exit_wait
        for process in workers:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.exitcode is None:
                process.kill()
                process.join()
        self._executor.shutdown(wait=True)
        if manager is not None:
            manager.join(exit_wait)

    def close(self) -> None:
        """Wait for the work submitted, then let the workers exit."""
        if not self._stopped:
            self._executor.shutdown(wait=True)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc_type is not None:
            self.stop()
        else:
            self.close()


def _run_slice(bounds: tuple[int, int]) -> list[Any]:
    func, items, pack = worker_task()
    if pack is None:
        return [func(x) for x in items[bounds[0] : bounds[1]]]
    return [pack(func(x)) for x in items[bounds[0] : bounds[1]]]


def fork_map(
    func: Callable[[T], R],
    items: Sequence[T],
    jobs: int | None = None,
    *,
    pack: Callable[[R], Any] | None = None,
    unpack: Callable[[Any], R] | None = None,
    packed: Callable[[T], Any] | None = None,
    tick: Callable[[float], None] | None = None,
) -> list[R]:
    """``[func(x) for x in items]``, on up to `jobs` forked processes when it pays.

    Results come back pickled; `pack` (in the worker) and `unpack` (here) may
    turn them into plain tuples on the way, which pickle several times faster
    than dataclasses. `packed`, if given, is what a worker runs in place of
    ``pack(func(x))``: the same tuples by a shorter way. None of them is called
    when the work runs in this process.
    `tick` is told the share of the items done, now and then (never from a worker).
    """
    jobs = default_jobs() if jobs is None else jobs
    n = len(items)
    if _in_worker:
        tick = None
    if jobs <= 1 or n < MIN_ITEMS or not can_fork():
        if tick is None:
            return [func(x) for x in items]
        out: list[R] = []
        step = max(1, n // TICKS)
        for start in range(0, n, step):
            out += [func(x) for x in items[start : start + step]]
            tick(min(start + step, n) / n)
        return out
    jobs = min(jobs, n)
    # More slices than workers, so that one slow slice does not hold up the rest.
    parts = jobs * 4
    bounds = [(k * n // parts, (k + 1) * n // parts) for k in range(parts)]
    out = []
    task = (func, items, pack) if packed is None else (packed, items, None)
    with WorkerPool(jobs, task) as pool:
        for done, future in enumerate([pool.submit(_run_slice, b) for b in bounds], 1):
            # Each slice unpacked as it comes, while the workers go on with the others
            # (not all at the end, on one core, while the other idles).
            chunk = future.result()
            out += chunk if unpack is None else map(unpack, chunk)
            if tick is not None:
                tick(done / parts)
    return out


def _run_there() -> Any:
    there, pack = worker_task()
    result = there()
    return result if pack is None else pack(result)


def fork_both(
    here: Callable[[], T],
    there: Callable[[], R],
    jobs: int | None = None,
    *,
    pack: Callable[[R], Any] | None = None,
    unpack: Callable[[Any], R] | None = None,
) -> tuple[T, R]:
    """``(here(), there())``, `there` in a forked process while `here` runs in this one.

    With one job, or without fork, both run here, one after the other.
    `pack` and `unpack` are as for `fork_map`.
    """
    jobs = default_jobs() if jobs is None else jobs
    if jobs <= 1 or not can_fork():
        return here(), there()
    with WorkerPool(1, (there, pack)) as pool:
        pending = pool.submit(_run_there)
        mine = here()
        theirs = pending.result()
    return mine, theirs if unpack is None else unpack(theirs)


def fork_each(
    funcs: Sequence[Callable[[], R]],
    jobs: int | None = None,
    *,
    pack: Callable[[R], Any] | None = None,
    unpack: Callable[[Any], R] | None = None,
    done: Callable[[int], None] | None = None,
) -> list[R]:
    """``[f() for f in funcs]``, each in a forked process of its own, `jobs` at a time.

    They start in the order given, the next as soon as one ends, so every core
    stays busy until the last few: give the longest first. A process of its own
    per item copies (copy-on-write) only what that item reads, and ends with
    it. `done` is told each item's index as it ends. With one job, or without
    fork, they run here in order. `pack` and `unpack` are as for `fork_map`.
    """
    from concurrent.futures import FIRST_COMPLETED, wait

    jobs = default_jobs() if jobs is None else jobs
    if jobs <= 1 or len(funcs) <= 1 or not can_fork():
        out = []
        for k, func in enumerate(funcs):
            out.append(func())
            if done is not None:
                done(k)
        return out
    results: dict[int, Any] = {}
    running: dict[Future[Any], tuple[int, WorkerPool]] = {}

    def reap(futures: set[Future[Any]]) -> None:
        for future in sorted(futures, key=lambda f: running[f][0]):
            k, pool = running[future]
            results[k] = future.result()  # a worker's exception goes on up from here
            del running[future]
            pool.close()  # it has ended its one item
            if done is not None:
                done(k)

    try:
        for k, func in enumerate(funcs):
            while len(running) >= jobs:
                reap(wait(running, return_when=FIRST_COMPLETED).done)
            pool = WorkerPool(1, (func, pack))
            running[pool.submit(_run_there)] = (k, pool)
        while running:
            reap(wait(running, return_when=FIRST_COMPLETED).done)
    except BaseException:
        for _, pool in running.values():
            pool.stop()
        raise
    return [results[k] if unpack is None else unpack(results[k]) for k in range(len(funcs))]


def _stop_beside(signum: int, frame: FrameType | None) -> None:
    """SIGTERM in the process `fork_beside` started: unwind, so that its pools end their workers."""
    raise SystemExit(1)


def _run_beside(there: Callable[[], Any], pack: Callable[[Any], Any] | None, conn: Any) -> None:
    """In the process `fork_beside` started: run `there`, send its (packed) result or its error."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_beside)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        result = there()
        message: tuple[str, Any] = ("done", result if pack is None else pack(result))
    except BaseException as e:  # handed to the parent, which raises it
        message = ("failed", e)
    try:
        conn.send(message)
    except Exception as e:  # an error that does not pickle, or the parent gone
        with contextlib.suppress(Exception):
            conn.send(("failed", RuntimeError(f"{type(e).__name__}: {e}")))
    conn.close()


def fork_beside(
    here: Callable[[], T],
    there: Callable[[], R],
    jobs: int | None = None,
    *,
    pack: Callable[[R], Any] | None = None,
    unpack: Callable[[Any], R] | None = None,
) -> tuple[T, R]:
    """``(here(), there())``, `there` in a forked process while `here` runs in this one.

    Unlike `fork_both`, `there` runs in a plain forked process, not a pool's
    worker, so it may start pools of its own (`fork_map`): this process holds
    no pool, and so no thread, when it forks. Its result (packed by `pack`)
    comes back through a pipe; an exception it raises is raised here. With
    one job, or without fork, both run here, one after the other.
    """
    jobs = default_jobs() if jobs is None else jobs
    if jobs <= 1 or not can_fork():
        return here(), there()
    import multiprocessing

    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    # Not a daemon: a daemonic process may not start the workers of a pool.
    process = context.Process(target=_run_beside, args=(there, pack, writer))
    with _sigint_held():  # the child ignores Ctrl-C before it can take it (as a worker does)
        process.start()
    writer.close()
    try:
        mine = here()
        try:
            status, payload = reader.recv()
        except EOFError:
            raise RuntimeError(
                f"a forked process ended (exit status {process.exitcode}) without its result"
            ) from None
    except BaseException:
        process.terminate()
        process.join(EXIT_WAIT)
        if process.exitcode is None:
            process.kill()
            process.join()
        raise
    finally:
        reader.close()
    process.join()
    if status == "failed":
        raise payload
    return mine, payload if unpack is None else unpack(payload)
