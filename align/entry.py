"""The ``align`` command's entry point: Ctrl-C handled from its first moment.

The command line's own handler (in `align.cli.main`) is in place only once
its modules are imported, which takes a few hundred milliseconds on a busy
machine; a Ctrl-C before that printed a Python traceback. This module imports
nothing but the standard library's `os`, `sys` and `_signal`, and installs a
handler the moment it is imported: until the command line runs, Ctrl-C
prints ``align: interrupted`` and exits 130 at once (nothing has been written
yet, so there is nothing to clean up). While it runs, its own handler does
the same (and `main` catches what it cannot). After the command has run, a
late Ctrl-C is ignored: the command's work is done and its status stands.

What this cannot reach is the interpreter's own start-up, before any Python
code runs: there the system's default action ends the process (the shell
reports status 130, with no message).
"""

from __future__ import annotations

import os
import sys

# The C module behind `signal`: importing it runs no Python code, so the
# handler below is in place a millisecond sooner (`signal` itself imports
# `enum` wrappers first, and a Ctrl-C then was still a traceback).
try:
    import _signal as signal
except ImportError:  # pragma: no cover - an interpreter without it
    import signal  # type: ignore[no-redef]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import FrameType

#: The exit status of an interrupted command: 128 + SIGINT, as shells report it.
INTERRUPTED = 130
_MESSAGE = b"align: interrupted\n"


def _exit_interrupted(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C before the command line's handler is in place: one line, exit 130."""
    os.write(2, _MESSAGE)
    os._exit(INTERRUPTED)


def _ours() -> bool:
    """False when SIGINT was ignored when we started (``nohup``, a background job)."""
    return signal.getsignal(signal.SIGINT) is not signal.SIG_IGN


_HANDLED = _ours()
if _HANDLED:
    signal.signal(signal.SIGINT, _exit_interrupted)


def main() -> int:
    """Run the ``align`` command with Ctrl-C handled throughout; returns its exit status."""
    # While the command line is imported, Ctrl-C ends the process at once:
    # nothing is written yet. (A KeyboardInterrupt raised there could even
    # come out as another error: Python wraps what `__set_name__` raises
    # while a dataclass is being created in a RuntimeError.)
    from align.cli import main as run

    status: int | None = None
    try:
        if _HANDLED:
            # From here Ctrl-C is a KeyboardInterrupt, which `align.cli.main` handles.
            signal.signal(signal.SIGINT, signal.default_int_handler)
        status = run()
        if _HANDLED:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # done: a late Ctrl-C changes nothing
    except BaseException as error:
        if not _is_interruption(error):
            raise
        if status is None:  # else the command had ended, its outputs written, when it came
            os.write(2, _MESSAGE)
            status = INTERRUPTED
    from align import cli

    if cli.left_for_exit:
        _exit_now(status)
    return status


def _exit_now(status: int) -> None:
    """End the process with `status` once the standard streams are flushed, without freeing
    what the command left (`align.cli.left_for_exit`): everything is written by now."""
    for stream in (sys.stdout, sys.stderr):
        try:  # noqa: SIM105 - this module imports nothing it need not (see the module doc)
            stream.flush()
        except (OSError, ValueError):  # the reader went away: not an error, as in `cli.main`
            pass
    os._exit(status)


def _is_interruption(error: BaseException) -> bool:
    """True for a KeyboardInterrupt, or an error raised because of one (see `main`)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


if __name__ == "__main__":  # pragma: no cover - run as `python -m align.entry`
    sys.exit(main())
