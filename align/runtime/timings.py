"""Each stage's time on stderr when ``ALIGN_TIMINGS=1``: where a long run's time goes.

`timed` wraps one stage (or step); with the switch off it costs one lookup.
Each line gives the stage's wall time, the CPU time of this process and that of
the workers it waited for (a pool's forked workers count once the pool ends),
so that a stage run serial (all its CPU here, while a core idles) shows as such.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

#: The environment variable that turns the lines on (any value but "" and "0").
ENV = "ALIGN_TIMINGS"


def enabled() -> bool:
    """Is ``ALIGN_TIMINGS`` set (to anything but "" or "0")?"""
    return os.environ.get(ENV, "") not in ("", "0")


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process, and of the children it has waited for."""
    t = os.times()
    return t.user + t.system, t.children_user + t.children_system


@contextmanager
def timed(stage: str) -> Iterator[None]:
    """After the block, if enabled, print on stderr
    ``align: timing: STAGE: W s wall, H s cpu here, C s cpu in workers``."""
    if not enabled():
        yield
        return
    wall, (here, workers) = time.perf_counter(), _cpu()
    try:
        yield
    finally:
        now_here, now_workers = _cpu()
        print(
            f"align: timing: {stage}: {time.perf_counter() - wall:.2f} s wall, "
            f"{now_here - here:.2f} s cpu here, {now_workers - workers:.2f} s cpu in workers",
            file=sys.stderr,
            flush=True,
        )
