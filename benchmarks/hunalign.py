"""Run hunalign (if installed) with an empty dictionary and turn its ladder into links.

hunalign is not packaged for Debian 12 (bookworm) nor on PyPI; the wrapper
looks for the binary in ``$HUNALIGN`` or on ``PATH`` and reports it missing
otherwise. Input units are one per line: the non-empty lines (``--units
lines``) or the plain splitter's sentences. The ladder (hunalign's default
output, ``i<TAB>j<TAB>score`` rungs) becomes links: the units between two
rungs form a bead, and every A-B pair in a bead is a link.

Usage: ``python -m benchmarks.hunalign A B [--units lines|sentences] [--realign] -o OUT.json``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import line_spans, read_text, segment_text
from benchmarks.score import ladder_links


def find_hunalign() -> str | None:
    """Path of the hunalign binary, or None."""
    return os.environ.get("HUNALIGN") or shutil.which("hunalign")


def align_files(
    a: Path, b: Path, units: str = "sentences", realign: bool = False, binary: str | None = None
) -> dict:
    """Run hunalign on two files; the links file as a dict."""
    binary = binary or find_hunalign()
    if not binary:
        raise FileNotFoundError("hunalign not found: set $HUNALIGN or put it on PATH")
    ta, tb = read_text(a), read_text(b)
    split = line_spans if units == "lines" else segment_text
    sa, sb = split(ta), split(tb)
    with tempfile.TemporaryDirectory() as tmp:
        fa, fb, dic = Path(tmp, "a.txt"), Path(tmp, "b.txt"), Path(tmp, "empty.dic")
        fa.write_text("".join(" ".join(ta[s:e].split()) + "\n" for s, e in sa), encoding="utf-8")
        fb.write_text("".join(" ".join(tb[s:e].split()) + "\n" for s, e in sb), encoding="utf-8")
        dic.write_text("", encoding="utf-8")
        cmd = [binary, "-utf"] + (["-realign"] if realign else []) + [str(dic), str(fa), str(fb)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=tmp).stdout
    rungs = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
            rungs.append((int(parts[0]), int(parts[1])))
    links = [list(x) for x in sorted(ladder_links(rungs, len(sa), len(sb)))]
    return {
        "aligner": "hunalign",
        "links": links,
        "a_spans": [list(x) for x in sa],
        "b_spans": [list(x) for x in sb],
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command line."""
    ap = argparse.ArgumentParser(description="hunalign with an empty dictionary, as links.")
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--units", choices=("sentences", "lines"), default="sentences")
    ap.add_argument("--realign", action="store_true", help="hunalign -realign (second pass)")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args(argv)
    try:
        out = align_files(Path(args.a), Path(args.b), args.units, args.realign)
    except FileNotFoundError as e:
        print(f"hunalign: {e}", file=sys.stderr)
        return 2
    Path(args.output).write_text(json.dumps(out, separators=(",", ":")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
