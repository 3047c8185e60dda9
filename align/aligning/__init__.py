"""Link the sentences of two renderings: matches, omissions, moves and repeats.

The method, in three passes and a fourth for complete translations (see
docs/alignment.md for the reasoning):

1. **Anchors.** An inverted index of rare content stems proposes, for every
   sentence, a few candidates in the other text; their similarity is computed
   and the mutually best pairs above `ANCHOR_MIN` are kept. The heaviest chain
   of anchors that runs in the same order in both texts (a weighted longest
   increasing subsequence) cuts the problem into small rectangles. Cost: near
   linear in the number of sentences.
2. **Dynamic programme** inside each rectangle between consecutive anchors,
   over beads 1-1, 1-0, 0-1, 2-1, 1-2, 2-2, 3-1 and 1-3. A bead earns its
   similarity minus the threshold (and a small penalty for many-to-many
   beads), so a pair below the threshold is never worth linking and an
   omission costs nothing: a summary may leave most of the text out. Large
   rectangles are first cut by anchors found with a lower bar, and only then
   banded. No n x m matrix over the whole texts is ever built.
3. **Repair.** A sentence left without a counterpart that clearly renders a
   sentence elsewhere in the other text is linked to it: as a ``repeat`` when
   that sentence already has its match, as a ``move`` when both were left
   out of the main order. Candidates come from the same index. A sentence in
   reported speech whose statement a quote of its own text renders is a repeat
   of that statement's sentence (`speech`).

4. **Completeness** (`runs`, `frame`). In a complete translation a unit left
   over between two links is priced by place and length, and absorbed by a
   neighbouring bead; where each text's paragraphs render the other's one by
   one, the runs are aligned paragraph bead by paragraph bead.

Every pair gets a score in [0, 1] (its similarity; for a sentence without a
counterpart, the best similarity any candidate reached). `DEFAULT_THRESHOLD`
is the documented bar below which a sentence has no counterpart.
"""

from __future__ import annotations

from dataclasses import dataclass

from align.aligning.aligner import Aligner
from align.aligning.index import Link
from align.aligning.quotes import quoted_runs
from align.aligning.semantic import Semantic
from align.aligning.similarity import TermMemo, Vocabulary, content_terms, features
from align.aligning.speech import speech_of
from align.model import Document, Sentence
from align.runtime.progress import Tick, part


@dataclass(frozen=True)
class Alignment:
    """The links of two documents, and the bar they were made with."""

    links: list[Link]
    threshold: float
    #: Whether `threshold` was estimated from the pair (no ``--threshold``).
    estimated: bool
    #: Whether the pair was judged one complete rendering of the other.
    complete: bool = False


def align_documents(
    a: Document,
    b: Document,
    *,
    threshold: float | None = None,
    keep_chrome: bool = False,
    tick: Tick | None = None,
    jobs: int | None = 1,
    lines: bool = False,
) -> Alignment:
    """Align two documents; links hold sentence ids, in reading order.

    `threshold` None: the bar is estimated from the pair (`calibration`).
    `jobs` processes share the work on long texts (None: every core); the
    result does not depend on it. `tick` is told the share of the work done.
    `lines`: the units are lines (``--units lines``), which the two texts share.
    """
    units_a = [s for s in a.sentences if keep_chrome or not s.chrome]
    units_b = [s for s in b.sentences if keep_chrome or not s.chrome]
    memo = TermMemo()
    terms_a = [content_terms(s, memo) for s in units_a]
    terms_b = [content_terms(s, memo) for s in units_b]
    vocab = Vocabulary(terms_a + terms_b)
    feats_a = [features(s, t, vocab) for s, t in zip(units_a, terms_a)]
    feats_b = [features(s, t, vocab) for s, t in zip(units_b, terms_b)]
    if tick is not None:
        tick(0.3)
    aligner = Aligner(
        feats_a,
        feats_b,
        vocab,
        threshold=threshold,
        tick=part(tick, 0.3, 1.0),
        jobs=jobs,
        lines=lines,
    )
    aligner.semantic = Semantic(units_a, units_b, memo, vocab)
    aligner.paragraphs = ([s.paragraph for s in units_a], [s.paragraph for s in units_b])
    aligner.quotes = (
        [quoted_runs(s, vocab) for s in units_a],
        [quoted_runs(s, vocab) for s in units_b],
    )
    aligner.speech = (speech_of(units_a, vocab), speech_of(units_b, vocab))
    links = aligner.run()
    return Alignment(
        [
            Link(
                tuple(units_a[i].id for i in link.a),
                tuple(units_b[j].id for j in link.b),
                link.relation,
                round(link.score, 6),
                _nearest(link, units_a, units_b),
            )
            for link in links
        ],
        aligner.threshold,
        aligner.estimate,
        aligner.whole,
    )


def _nearest(link: Link, units_a: list[Sentence], units_b: list[Sentence]) -> int:
    """The sentence id of a one-sided link's nearest unit in the other text (-1: none)."""
    if link.nearest < 0:
        return -1
    return (units_b if link.a else units_a)[link.nearest].id
