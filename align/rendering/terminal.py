"""Terminal output: every pair as a word diff, in the manner of ``git diff --word-diff``."""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from align.diffing import shown_edits, word_diff_runs
from align.model import Comparison, Pair

RED, GREEN, CYAN, DIM, RESET = "\x1b[31m", "\x1b[32m", "\x1b[36m", "\x1b[2m", "\x1b[0m"

_RELATION = {
    "match": "match",
    "only_a": "only in A",
    "only_b": "only in B",
    "repeat": "repeat",
    "move": "moved",
}


def differs(pair: Pair, ignore: frozenset[str] = frozenset()) -> bool:
    """Whether a pair shows any difference (its relation, or an edit not ignored)."""
    return pair.relation != "match" or bool(shown_edits(pair, ignore))


def _ids(ids: tuple[int, ...]) -> str:
    return ",".join(str(i) for i in ids) or "-"


def signature(comparison: Comparison) -> str:
    """The short reproducibility line: version, options and input hashes."""
    o = comparison.options
    return (
        f"align {comparison.version} units={o.units} threshold={o.threshold} "
        f"keep_chrome={'yes' if o.keep_chrome else 'no'} "
        f"a=sha256:{comparison.a.sha256[:12]} b=sha256:{comparison.b.sha256[:12]}"
    )


def render_terminal(
    comparison: Comparison,
    *,
    color: bool,
    changed_only: bool = False,
    ignore: frozenset[str] = frozenset(),
) -> str:
    """The diff as text; with ``color`` ANSI colours, else ``[-old-]{+new+}`` markers."""
    a_label, b_label = comparison.a.label, comparison.b.label
    lines = [
        (f"{CYAN}--- a: {a_label}{RESET}" if color else f"--- a: {a_label}"),
        (f"{CYAN}+++ b: {b_label}{RESET}" if color else f"+++ b: {b_label}"),
    ]
    for pair in comparison.pairs:
        if changed_only and not differs(pair, ignore):
            continue
        head = (
            f"@@ pair {pair.id} · {_RELATION[pair.relation]} · a {_ids(pair.a)} · "
            f"b {_ids(pair.b)} · score {pair.score:.2f}"
        )
        if pair.related and pair.relation in ("repeat", "move"):
            head += " · see pair " + ",".join(str(r) for r in pair.related)
        kinds = Counter(e.kind for e in shown_edits(pair, ignore) if e.kind)
        if kinds:
            head += " · " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
        lines.append(f"{CYAN}{head} @@{RESET}" if color else f"{head} @@")
        out = []
        for op, text in word_diff_runs(pair, comparison.a, comparison.b, ignore):
            if op == "equal":
                out.append(text)
            elif color:
                out.append(f"{RED if op == 'delete' else GREEN}{text}{RESET}")
            else:
                out.append(f"[-{text}-]" if op == "delete" else f"{{+{text}+}}")
        lines.append("".join(out))
    counts = Counter(p.relation for p in comparison.pairs)
    summary = ", ".join(f"{counts[r]} {_RELATION[r]}" for r in _RELATION if counts[r])
    foot = f"{len(comparison.pairs)} pairs: {summary or 'none'} · {signature(comparison)}"
    lines.append(f"{DIM}{foot}{RESET}" if color else foot)
    return "\n".join(lines) + "\n"


class ProgressBar:
    """A progress bar on one terminal line: ``[#######.............]  35% aligning``.

    Redrawn only when the whole percentage or the stage changes; `close`
    clears the line.
    """

    WIDTH = 24

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown: tuple[str, int] | None = None

    def __call__(self, what: str, done: float) -> None:
        percent = int(100 * min(max(done, 0.0), 1.0))
        if (what, percent) == self.shown:
            return
        self.shown = (what, percent)
        filled = self.WIDTH * percent // 100
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.stream.write(f"\r\x1b[K[{bar}] {percent:3d}% {what}")
        self.stream.flush()

    def close(self) -> None:
        if self.shown is not None:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = None
