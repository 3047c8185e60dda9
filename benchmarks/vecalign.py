"""Run vecalign (Thompson and Koehn 2019) on embeddings from the local all-MiniLM-L6-v2.

Runs under ``$PEERS_PYTHON``, where vecalign is installed (its ``vecalign``
package with the compiled ``dp_core``; see `benchmarks.peers`). vecalign
wants a file of overlapping sentence windows and their embeddings: this
wrapper writes the units one per line, makes the overlaps with vecalign's own
``vecalign.overlap`` (``-n`` windows of 1..N units), embeds them with the
sentence-transformers model in ``$MINILM_MODEL`` (normalised, float32, the
raw layout vecalign reads), runs ``vecalign.vecalign`` (``-a`` max bead size)
and turns its ``[i, ...]:[j, ...]:cost`` lines into links.

Usage: ``python -m benchmarks.vecalign A B [--units lines|sentences] [-n 4] [-a 4] -o OUT.json``
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.peers import Bead, arguments, links_file, model_path, units


def parse_alignments(text: str) -> list[Bead]:
    """vecalign's output lines ``[0, 1]:[2]:0.31`` as beads."""
    beads: list[Bead] = []
    for line in text.splitlines():
        parts = line.strip().split(":")
        if len(parts) >= 2 and parts[0].startswith("["):
            beads.append((json.loads(parts[0]), json.loads(parts[1])))
    return beads


def embed(lines_file: Path, out: Path) -> None:
    """Embed every line of `lines_file` with the local MiniLM into `out` (raw float32)."""
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(model_path(), device="cpu")
    lines = lines_file.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    vecs = model.encode(lines, batch_size=64, normalize_embeddings=True)
    vecs.astype("float32").tofile(out)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line."""
    ap = arguments("vecalign with all-MiniLM-L6-v2 embeddings, as links.")
    ap.add_argument("-n", "--overlaps", type=int, default=4, help="overlap windows (1..N)")
    ap.add_argument("-a", "--max-size", type=int, default=4, help="vecalign --alignment_max_size")
    args = ap.parse_args(argv)
    sa, la = units(args.a, args.units)
    sb, lb = units(args.b, args.units)
    with tempfile.TemporaryDirectory() as tmp:
        fa, fb, ov = Path(tmp, "a.txt"), Path(tmp, "b.txt"), Path(tmp, "overlaps")
        fa.write_text("".join(x + "\n" for x in la), encoding="utf-8")
        fb.write_text("".join(x + "\n" for x in lb), encoding="utf-8")
        py = sys.executable
        subprocess.run(
            [py, "-m", "vecalign.overlap", "-i", str(fa), str(fb), "-o", str(ov),
             "-n", str(args.overlaps)],
            check=True,
        )  # fmt: skip
        embed(ov, Path(tmp, "overlaps.emb"))
        emb = [str(ov), str(Path(tmp, "overlaps.emb"))]
        done = subprocess.run(
            [py, "-m", "vecalign.vecalign", "--alignment_max_size", str(args.max_size),
             "--src", str(fa), "--tgt", str(fb), "--src_embed", *emb, "--tgt_embed", *emb],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
    out = links_file("vecalign", parse_alignments(done.stdout), sa, sb)
    args.output.write_text(json.dumps(out, separators=(",", ":")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
