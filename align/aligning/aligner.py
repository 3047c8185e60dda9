"""The aligner: anchors, programme, refinement and repair, in that order."""

from __future__ import annotations

from align.aligning import lexicon
from align.aligning.calibration import estimate_threshold
from align.aligning.index import (
    ANCHOR_MIN,
    DEFAULT_THRESHOLD,
    MATCH,
    ONLY_A,
    ONLY_B,
    Link,
    _Side,
    split_runs,
)
from align.aligning.programme import Programme
from align.aligning.refine import Refine
from align.aligning.repair import Repair
from align.aligning.runs import Runs
from align.aligning.similarity import (
    Features,
    Vocabulary,
)
from align.runtime.progress import Tick, part


class Aligner(Programme, Refine, Repair, Runs):
    """Aligns the units of two texts; see the module docstring."""

    def __init__(
        self,
        feats_a: list[Features],
        feats_b: list[Features],
        vocab: Vocabulary,
        *,
        threshold: float | None = None,
        tick: Tick | None = None,
        jobs: int | None = 1,
        lines: bool = False,
    ) -> None:
        self.A = _Side(feats_a)
        self.B = _Side(feats_b)
        self.vocab = vocab
        #: None: estimated from the pair (`calibration`), else the caller's bar.
        self.estimate = threshold is None
        self.threshold = DEFAULT_THRESHOLD if threshold is None else threshold
        self.tick = tick
        self.jobs = jobs
        #: One line a unit (``--units lines``): the texts share their units' boundaries.
        self.lines = lines
        self._sim: dict[tuple[int, int], float] = {}
        self.contested: set[tuple[int, int]] = set()

    def run(self) -> list[Link]:
        """Align everything; links in reading order."""
        n, m = len(self.A.feats), len(self.B.feats)
        chain = self.anchors(0, n, 0, m, ANCHOR_MIN)
        self._learn(chain)
        if self.estimate:
            estimate = estimate_threshold(self.sim, chain, n, m)
            if estimate is not None:
                self.threshold = estimate
        self._report(0.2)
        beads = self._between(
            self.uncontested(chain), 0, n, 0, m, self.jobs, part(self.tick, 0.2, 0.9)
        )
        links = [_bead_link(b) for b in beads]
        links = self._eliminate(self._refine(links))
        links = _tidy(self._restated(links))
        self.frame = self._frame(links)
        if self._judge_whole(links):
            # Both texts complete: a unit left over is first sought beside its own
            # neighbours (formulas a text repeats would otherwise pull it away as a
            # repeat); a summary's moved lead is sought far away first.
            links = self._repair(self._complete(links))
        else:
            links = self._complete(self._repair(links))
        if (self.whole or self.cut) and self.lines:
            links = self._split_parallel(links)
        self._report(1.0)
        return links

    def _learn(self, chain: list[tuple[int, int]]) -> None:
        """Let B's units carry the correspondences the anchors attest (see `lexicon`)."""
        self.lexicon = lexicon.learn(chain, self.A.feats, self.B.feats)
        if self.lexicon:
            self.B.feats = lexicon.translate(self.B.feats, self.lexicon)
            self.B._groups.clear()
            self._sim.clear()

    def _report(self, done: float) -> None:
        if self.tick is not None:
            self.tick(done)


def _bead_link(bead: tuple[int, int, int, int, float]) -> Link:
    i0, i1, j0, j1, s = bead
    a, b = tuple(range(i0, i1)), tuple(range(j0, j1))
    if a and b:
        return Link(a, b, MATCH, s)
    return Link(a, b, ONLY_A if a else ONLY_B, 0.0)


def _tidy(links: list[Link]) -> list[Link]:
    """Within each run of unmatched units, list A's before B's (a fixed order)."""
    out: list[Link] = []
    for run, link in split_runs(links):
        out += sorted(run, key=lambda x: (x.relation != ONLY_A, x.a, x.b))
        if link is not None:
            out.append(link)
    return out
