"""CPU seconds of the gathering stage, step by step, in one process.

Reads, segments, aligns, diffs and names the pair first (not timed), then times
each step of `align.gathering.gather` with `time.process_time` (CPU time: less at
the mercy of a loaded machine than wall time), all in this process (``jobs=1``),
so that the figures add up and a profiler or ``valgrind --tool=callgrind`` sees
every step. Run it from two trees in turn to compare them on the same pair::

    python -m benchmarks.gather_stage A.txt B.txt
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from typing import Any

from align.aligning import align_documents
from align.aligning.relating import relate
from align.diffing import diff_pair
from align.gathering.inconsistencies.common import _holders, _Words
from align.gathering.inconsistencies.counterpart import _counterpart_inconsistencies
from align.gathering.inconsistencies.quotation import _quotation_inconsistencies
from align.gathering.inconsistencies.repeat import _repeat_inconsistencies
from align.gathering.inconsistencies.spelling import (
    _convention_inconsistency,
    _spelling_inconsistencies,
    _WordIndex,
)
from align.gathering.variants import gather_variants
from align.naming import Namer
from align.naming.flags import _Side
from align.reading import read_source
from align.runtime.scope import comparison_scope
from align.segmenting import segment_both


def _timed(times: dict[str, float], name: str, step: Callable[[], Any]) -> Any:
    start = time.process_time()
    out = step()
    times[name] = round(time.process_time() - start, 3)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("a")
    ap.add_argument("b")
    args = ap.parse_args()
    with comparison_scope():
        a, b = segment_both(read_source(args.a), read_source(args.b), ("a", "b"), jobs=1)
        pairs = relate(align_documents(a, b, jobs=1).links)
        namer = Namer(a, b)
        named = [namer(diff_pair(p, a, b)) for p in pairs]
        times: dict[str, float] = {}
        variants = _timed(times, "variants", lambda: gather_variants(named))
        side_a, side_b = _Side.of(a), _Side.of(b)
        text_a, text_b = _Words(a), _Words(b)
        found = _timed(
            times,
            "counterpart",
            lambda: _counterpart_inconsistencies(a, b, named, text_a, text_b, 1),
        )
        found += _timed(times, "repeat", lambda: _repeat_inconsistencies(a, b, named))
        found += _timed(
            times, "quotation", lambda: _quotation_inconsistencies(side_a, side_b, named)
        )

        def spelling() -> list:
            holders_a, holders_b = _holders(named)
            words_a, words_b = _WordIndex(text_a, holders_a), _WordIndex(text_b, holders_b)
            out = _spelling_inconsistencies("a", words_a, words_b.forms_by_key())
            out += _spelling_inconsistencies("b", words_b, words_a.forms_by_key())
            return (
                out
                + _convention_inconsistency("a", words_a)
                + _convention_inconsistency("b", words_b)
            )

        found += _timed(times, "spelling and convention", spelling)
    print(
        json.dumps(
            {
                "pairs": len(named),
                "edits": sum(len(p.edits) for p in named),
                "variants": len(variants),
                "inconsistencies": len(found),
                "cpu_s": times,
            }
        )
    )


if __name__ == "__main__":
    main()
