"""Each text's alignable units with their features and an inverted index of rare terms."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from align.aligning.similarity import (
    Features,
    merge,
)
from align.model import DEFAULT_THRESHOLD as DEFAULT_THRESHOLD
from align.model import Relation

#: Below the bar (`align.model.DEFAULT_THRESHOLD` when it cannot be
#: estimated) a sentence counts as having no counterpart...
#: ...except inside a gap between anchors with as many sentences on each
#: side, where the bar falls to this (see `Aligner.gap_threshold`).
GAP_FLOOR = 0.06
#: A lone pair between two matches, sharing no word, is linked if the
#: shorter is at least this fraction of the longer (see `Aligner._eliminate`).
ELIMINATION_LENGTH = 0.6
#: How fast the bar rises back as a gap becomes lopsided.
GAP_SLOPE = 3.0
#: Mutual best pairs at least this similar may anchor the alignment.
ANCHOR_MIN = 0.5
#: Every sentence of a group bead (2-1, 1-2, ...) must reach this similarity
#: on its own, however low the bar in its gap.
GROUP_PART_MIN = 0.08
#: A 2-1, 1-2, 3-1 or 1-3 bead whose similarity falls more than this below its best
#: part's alone is no bead: the extra unit dilutes the rendering (see `Candidates.group`).
GROUP_DROP = 0.2
#: Inside a large gap, anchors are searched again with this lower bar.
LOCAL_ANCHOR_MIN = 0.3
#: A mutual best pair is no anchor when the runner-up of either unit stands at most
#: this many units from the best partner and scores this share of it: the lede of
#: a report and the letter's first sentence it summarises (0.51 against 0.48).
RIVAL_REACH = 3
RIVAL_SHARE = 0.9
#: Out-of-order links (repeats and moves) inside a block of such links.
REPAIR_MIN = 0.3
#: An isolated move (both sentences otherwise unlinked).
MOVE_MIN = 0.35
#: An isolated repeat (the partner already has its match).
REPEAT_MIN = 0.6
#: In a complete rendering, two leftovers each the other's nearest and at most this
#: many units from where the other would stand are a move at `MOVE_MIN` (TASS gives
#: the plenum sentence four places later than NDO); further away, at `REPEAT_MIN`.
NEAR_MOVE = 5
#: A pair not complete but each text at least this much rendered: a translation with parts cut...
CUT_FROM = 0.7
#: ...where a lone repeat further than this many units from where its partner would stand...
FAR = 20
#: ...needs this.
FAR_REPEAT_MIN = 0.95
#: A 1-1 match below this is reviewed against each side's best partner...
WEAK_MATCH = 0.3
#: ...and unlinked when that partner is at least this much better.
REVIEW_MARGIN = 0.1
#: A match below this may be relinked as a repeat of a unit it restates (`Repair._restated`).
RESTATED_BELOW = 0.5
#: How like a unit of its own text a unit must be to restate it.
RESTATED_MIN = 0.6
#: A page's head: the units that may restate the article below them.
HEAD_UNITS = 6
#: A unit of a page's head repeating a unit that has its match further on (a headline
#: restating the article's sentence) needs this, not `REPEAT_MIN` (not in a complete rendering).
HEAD_REPEAT_MIN = 0.5
#: Rectangles larger than this many cells are cut or banded.
MAX_AREA = 40_000
#: How many candidates the index proposes per sentence.
CANDIDATES = 4
#: Terms in more sentences than this are too common to index.
MAX_POSTINGS = 40
#: A sentence left over is also looked for this many sentences either side
#: of where its partner would stand, with every term it has (the index
#: above drops common terms, and a book has few rare ones in a short sentence).
WINDOW = 300
#: How many candidates that local search compares in full.
LOCAL_CANDIDATES = 8
#: A partner only that local search found (no rare term shared) is linked
#: alone (not in a block of moved sentences) from this similarity on.
LOCAL_MOVE_MIN = 0.5
#: Only a sentence's rarest terms are looked up.
LOOKUP_TERMS = 8

#: (A sentences, B sentences, penalty) of every linking bead.
BEADS: tuple[tuple[int, int, float], ...] = (
    (1, 1, 0.0),
    (2, 1, 0.02),
    (1, 2, 0.02),
    (2, 2, 0.05),
    (3, 1, 0.05),
    (1, 3, 0.05),
)


@dataclass(frozen=True)
class Link:
    """An aligned group, as unit positions (not yet sentence ids)."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    relation: str
    score: float
    #: For a one-sided link: the unit of the other text its `score` is the
    #: similarity to (the nearest the repair pass found); -1: none.
    nearest: int = -1


# The relations as plain module constants: the aligner compares them in its
# loops over every link, and a class attribute of an Enum costs five times a
# module global to look up.
MATCH, ONLY_A, ONLY_B = Relation.MATCH, Relation.ONLY_A, Relation.ONLY_B
REPEAT, MOVE = Relation.REPEAT, Relation.MOVE


def split_runs(links: Iterable[Link]) -> Iterator[tuple[list[Link], Link | None]]:
    """Each maximal run of one-sided links, with the two-sided link that ends it (None: the end)."""
    run: list[Link] = []
    for link in links:
        if link.relation is ONLY_A or link.relation is ONLY_B:
            run.append(link)
            continue
        yield run, link
        run = []
    yield run, None


class _Side:
    """One text's alignable units with their features and an inverted index."""

    def __init__(self, feats: list[Features]) -> None:
        self.feats = feats
        postings: dict[str, list[int]] = {}
        for k, f in enumerate(feats):
            for t in f.terms:
                postings.setdefault(t, []).append(k)
        self.postings = {t: p for t, p in postings.items() if len(p) <= MAX_POSTINGS}
        self.all_postings = postings  # for the local search: common terms too
        #: Units with no content term ("Not so!"), compared by their wording alone.
        self.bare = [k for k, f in enumerate(feats) if not f.terms]
        self._groups: dict[tuple[int, int], Features] = {}

    def group(self, start: int, end: int) -> Features:
        if end - start == 1:
            return self.feats[start]
        key = (start, end)
        g = self._groups.get(key)
        if g is None:
            g = self._groups[key] = merge(self.feats[start:end])
        return g
