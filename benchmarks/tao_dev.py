"""Development pairs of Tao Te Ching translations outside the corpus (issue 11, tenth pass).

``python -m benchmarks.tao_dev build OUT crowley-mackintosh heysinger-gornold:2 ...`` writes
each pair's four variants (`benchmarks.bible.write_pair`, seed after the colon, default 1)
under ``OUT/t-<a><b><seed>``; ``python -m benchmarks.tao_dev scan A,B,... C,D,...`` aligns
every pair of the two lists one chapter a line with this tree's `align` and prints how many
of the 81 chapters are paired with their own (and the number of links). The translations are
read from ``$TAO_SRC`` (a checkout of ``updownupdown/tao``, see `benchmarks.corpus`).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks import bible, corpus


def _source() -> Path:
    src = corpus.tao_source()
    if src is None:
        raise SystemExit("set $TAO_SRC to the folder of the Tao translations")
    return src


def build(out: Path, specs: Sequence[str]) -> None:
    """Write the pairs named ``a-b[:seed]`` under `out`."""
    src = _source()
    for spec in specs:
        names, _, seed = spec.partition(":")
        a, b = names.split("-")
        folder = out / f"t-{a[:3]}{b[:3]}{seed}"
        bible.write_pair(
            folder, corpus.tao_version(a, src), corpus.tao_version(b, src), seed=int(seed or 1)
        )
        print(folder)


def scan(firsts: Sequence[str], seconds: Sequence[str]) -> None:
    """Chapters paired with their own, one chapter a line, for every pair of the lists."""
    from align.model import Options
    from align.pipeline import compare

    src = _source()
    tmp = Path(tempfile.mkdtemp())
    for code in {*firsts, *seconds}:
        v = corpus.tao_version(code, src)
        text = "\n".join(v.verses[k] for k in sorted(v.verses)) + "\n"
        (tmp / f"{code}.txt").write_text(text, encoding="utf-8")
    for a in firsts:
        for b in seconds:
            if a == b:
                continue
            c = compare(
                str(tmp / f"{a}.txt"), str(tmp / f"{b}.txt"), Options(units="lines"), jobs=1
            )
            own = sum(1 for p in c.pairs if p.a == p.b and len(p.a) == 1)
            print(f"{a:12} {b:12} {own:3} of 81 chapters with their own ({len(c.pairs)} links)")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``build OUT PAIR...`` or ``scan A,B,... C,D,...``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) >= 2 and args[0] == "build":
        build(Path(args[1]), args[2:])
    elif len(args) == 3 and args[0] == "scan":
        scan(args[1].split(","), args[2].split(","))
    else:
        raise SystemExit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main())
