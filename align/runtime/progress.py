"""How far a comparison has got, for a progress bar: stages, each a share of the run."""

from __future__ import annotations

from collections.abc import Callable

#: Told what the run is doing and the share of it done, in [0, 1], now and then.
Progress = Callable[[str, float], None]
#: Told the share of one stage (or step) done, in [0, 1].
Tick = Callable[[float], None]

#: The stages of `align.pipeline.compare` in order, each with its share of the
#: run (measured on a book: the whole Bible, KJV against YLT, on two cores).
STAGES: tuple[tuple[str, float], ...] = (
    ("reading", 0.01),
    ("segmenting", 0.14),
    ("aligning", 0.25),
    ("diffing words", 0.30),
    ("gathering variants", 0.30),
)


class Stages:
    """Turns each stage's own progress into the run's, for a `Progress`."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.base = {}
        done = 0.0
        for name, share in STAGES:
            self.base[name] = (done, share)
            done += share

    def start(self, name: str) -> Tick | None:
        """Tell that stage `name` starts; the tick for its own progress (None: nobody listens).

        >>> seen = []
        >>> tick = Stages(lambda what, done: seen.append((what, round(done, 2)))).start("aligning")
        >>> tick(0.5)
        >>> seen
        [('aligning', 0.15), ('aligning', 0.28)]
        """
        progress = self.progress
        if progress is None:
            return None
        base, share = self.base[name]
        progress(name, base)

        def tick(done: float) -> None:
            progress(name, base + share * min(max(done, 0.0), 1.0))

        return tick


def part(tick: Tick | None, start: float, end: float) -> Tick | None:
    """A tick for one step of a stage, which covers [start, end] of the stage.

    >>> seen = []
    >>> part(seen.append, 0.5, 0.9)(0.5)
    >>> seen
    [0.7]
    """
    if tick is None:
        return None
    return lambda done: tick(start + (end - start) * done)
