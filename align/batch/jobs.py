"""The data of a batch: jobs and their outcomes (the index's data is in `align.summary`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from align.summary import Figures

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
class Outcome:
    """What became of one job: ``done``, ``up to date``, ``failed`` or ``not run``."""

    name: str
    status: str
    error: str = ""  # one line, for ``failed``
    figures: Figures | None = None
    sha256: tuple[str, str] = ("", "")  # of the inputs compared, for ``done``
    files: tuple[str, ...] = ()  # the file names written, for ``done``


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
