"""CPU seconds of diffing and naming as a worker does it, then unpacking, in one process.

Reads, segments, aligns and relates the pair once and keeps the pairs in a pickle
(``--save``), so that later runs, from any tree, time only this stage on the same
pairs: each pair diffed, named and packed as `align.pipeline` has a worker do it
(`Namer.packed` where the tree has it, else ``pack_pair(namer(...))``), then all
unpacked as this process does (``time.process_time``, the word caches cleared
before each run). ``valgrind --tool=callgrind`` counts the same work exactly;
``--pairs 0`` gives the fixed cost (start-up, unpickling) to take off::

    python -m benchmarks.diff_stage A.txt B.txt --save pairs.pickle
    python -m benchmarks.diff_stage --load pairs.pickle --runs 3 [--pairs 400]
"""

from __future__ import annotations

import argparse
import gc
import pickle
import time
from dataclasses import replace
from pathlib import Path

from align.diffing import diff_pair
from align.model import Options, pack_pair, unpack_pair
from align.naming import Namer
from align.runtime.scope import clear_scoped_caches


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("a", nargs="?")
    ap.add_argument("b", nargs="?")
    ap.add_argument("--save", help="align A and B, keep the pairs in this pickle, and stop")
    ap.add_argument("--load", help="the pickle of an earlier --save")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--pairs", type=int, default=None, help="only the first N pairs")
    args = ap.parse_args()
    if args.save:
        from align.pipeline import compare

        c = compare(args.a, args.b, Options(), jobs=1)
        bare = [replace(p, edits=()) for p in c.pairs]
        Path(args.save).write_bytes(pickle.dumps((c.a, c.b, bare), protocol=5))
        return
    a, b, pairs = pickle.loads(Path(args.load).read_bytes())
    pairs = pairs[: args.pairs] if args.pairs is not None else pairs
    gc.disable()  # as in a comparison (`align.runtime.scope`)
    for run in range(args.runs):
        clear_scoped_caches()
        start = time.process_time()
        namer = Namer(a, b)
        if hasattr(namer, "packed"):
            packed = [namer.packed(diff_pair(p, a, b)) for p in pairs]
        else:  # a tree from before `Namer.packed`
            packed = [pack_pair(namer(diff_pair(p, a, b))) for p in pairs]
        middle = time.process_time()
        named = list(map(unpack_pair, packed))
        end = time.process_time()
        edits = sum(len(p.edits) for p in named)
        print(
            f"run {run + 1}: {len(pairs)} pairs, {edits} edits: diffing and naming "
            f"{middle - start:.2f} s, unpacking {end - middle:.2f} s (CPU)"
        )
        del named, packed, namer


if __name__ == "__main__":
    main()
