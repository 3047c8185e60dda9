"""CPU seconds of the aligning stage alone, and its links counted by relation.

Reads and segments the pair first (not timed), then times `align_documents` with
`time.process_time` (CPU time: less at the mercy of a loaded machine than wall time).
Run it from two trees in turn to compare aligners on the same pair::

    python -m benchmarks.align_stage A.txt B.txt [--units lines]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter

from align.aligning import align_documents
from align.reading import read_source
from align.segmenting import segment_both


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--units", default="sentences", choices=("sentences", "lines"))
    args = ap.parse_args()
    sa = read_source(args.a, units=args.units)
    sb = read_source(args.b, units=args.units)
    a, b = segment_both(sa, sb, ("a", "b"), units=args.units, jobs=1)
    start = time.process_time()
    alignment = align_documents(a, b, jobs=1)
    cpu = time.process_time() - start
    relations = Counter(str(link.relation.value) for link in alignment.links)
    print(json.dumps({"align_cpu_s": round(cpu, 2), "relations": dict(sorted(relations.items()))}))


if __name__ == "__main__":
    main()
