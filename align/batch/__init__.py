"""Many comparisons in one run: ``align batch MANIFEST -o DIR``.

`read_manifest` turns a CSV or JSON-lines manifest into `Job`s (paths
relative to the manifest's folder, a unique file name for each pair).
`run_batch` skips the pairs whose outputs are up to date, compares the rest on
several processes, writes each pair's ``NAME.json`` and ``NAME.html`` whole or
not at all, and ends with ``index.html`` (laid out by `align.rendering.batch`).

What is up to date is kept in a ledger, ``DIR/.align-batch.json``, written
(atomically) by this process after each pair whose two outputs are in place:
a pair is skipped when its inputs' SHA-256, its paths, the options and the
version are those the ledger records and both outputs still exist. So a run
stopped at any point (Ctrl-C, a crash) resumes with the pairs not yet done.
"""

from __future__ import annotations
