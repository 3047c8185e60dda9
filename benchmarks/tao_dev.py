"""Development pairs of Tao Te Ching translations outside the corpus (issue 11, tenth pass).

``python -m benchmarks.tao_dev build OUT crowley-mackintosh heysinger-gornold:2 ...`` writes
each pair's four variants (`benchmarks.bible.write_pair`, seed after the colon, default 1)
under ``OUT/t-<a><b><seed>``; ``python -m benchmarks.tao_dev scan A,B,... C,D,...`` aligns
every pair of the two lists one chapter a line with this tree's `align` and prints how many
of the 81 chapters are paired with their own (and the number of links);
``python -m benchmarks.tao_dev run DIR [ALIGNERS [VARIANTS]]`` scores the aligners (default
``align``; ``hunalign`` needs ``$HUNALIGN``) on every pair built under DIR, strict and lax bead F1
and link F1 per variant (`benchmarks.harness.run_on_gold`; align runs from
`benchmarks.common.ALIGN_HOME`, this tree unless ``--align-home`` is given first). The
translations are read from ``$TAO_SRC`` (a checkout of ``updownupdown/tao``; see
`benchmarks.corpus`).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks import bible, corpus

VARIANTS = ("lines-full", "lines-cut25", "text-full", "text-cut25")


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


def run(folder: Path, aligners: Sequence[str], variants: Sequence[str]) -> None:
    """Score `aligners` on each pair built under `folder`: a line per pair, variant, aligner."""
    from benchmarks.common import Gold
    from benchmarks.harness import run_on_gold

    out = Path(tempfile.mkdtemp())
    for pair in sorted(p.name for p in folder.iterdir() if p.is_dir()):
        for variant in variants:
            gold_path = folder / pair / variant / "gold.json"
            if not gold_path.exists():
                continue
            gold = Gold.from_json(gold_path)
            for name in aligners:
                r = run_on_gold(name, gold, out / pair / variant / f"{name}.json")
                if r.scores is None:
                    print(f"{pair:10} {variant:12} {name:17} failed ({r.run.returncode})")
                    continue
                b, lk = r.scores.beads, r.scores.links
                print(
                    f"{pair:10} {variant:12} {name:17} {b.f1_strict:.3f} {b.f1_lax:.3f} {lk.f1:.3f}"
                )


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``build OUT PAIR...``, ``scan A,B,... C,D,...`` or ``run DIR ...``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--align-home"] and len(args) > 2:
        from benchmarks import common

        common.ALIGN_HOME = Path(args[1])
        args = args[2:]
    if len(args) in (2, 3, 4) and args[0] == "run":
        aligners = args[2].split(",") if len(args) > 2 else ["align"]
        variants = args[3].split(",") if len(args) > 3 else list(VARIANTS)
        run(Path(args[1]), aligners, variants)
    elif len(args) >= 2 and args[0] == "build":
        build(Path(args[1]), args[2:])
    elif len(args) == 3 and args[0] == "scan":
        scan(args[1].split(","), args[2].split(","))
    else:
        raise SystemExit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main())
