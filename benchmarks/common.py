"""Shared pieces: the gold file, a plain sentence splitter, measured subprocess runs.

Gold file (JSON)::

    {"a": "<path>", "b": "<path>", "units": "lines" | "sentences",
     "a_spans": [[start, end], ...], "b_spans": [...],
     "links": [[i, j], ...]}

``i``/``j`` are 0-based unit indices; spans are ``[start, end)`` ``str`` offsets
into the file's decoded text (UTF-8). For ``lines`` unit ``k`` is the k-th
non-empty line. A many-to-one bead contributes all its pairwise links; a unit
with no counterpart is in no link. Paths are relative to the gold file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

Span = tuple[int, int]
REPO = Path(__file__).resolve().parent.parent
#: Where ``python -m align`` runs (its working folder): the repository, or a
#: frozen copy of ``align/`` (see `freeze_align`).
ALIGN_HOME = REPO

#: A sentence ends at . ? or ! (plus closing quotes/brackets) before whitespace
#: and a capital, digit or opening quote. Deliberately simple and independent
#: of the aligner's own segmenter.
_SENT_END = re.compile(r"[.?!][\"'’”)\]]*(?=\s+[\"'‘“(\[]?[A-Z0-9])")


@dataclass
class Gold:
    """A pair of files with a known unit alignment."""

    a: Path
    b: Path
    units: str
    a_spans: list[Span]
    b_spans: list[Span]
    links: set[tuple[int, int]]
    extra: dict = field(default_factory=dict)

    def to_json(self, path: Path) -> None:
        """Write to `path`; file paths are stored relative to its folder."""
        base = path.parent
        data = {
            "a": os.path.relpath(self.a, base),
            "b": os.path.relpath(self.b, base),
            "units": self.units,
            "links": sorted(self.links),
            "a_spans": [list(s) for s in self.a_spans],
            "b_spans": [list(s) for s in self.b_spans],
            **self.extra,
        }
        path.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")

    @classmethod
    def from_json(cls, path: str | Path) -> Gold:
        """Read a gold file; derive line spans when a lines gold stores none."""
        path = Path(path)
        data = json.loads(path.read_text(encoding="utf-8"))
        a, b = path.parent / data.pop("a"), path.parent / data.pop("b")
        units = data.pop("units")
        links = {(int(i), int(j)) for i, j in data.pop("links")}
        a_spans = [tuple(s) for s in data.pop("a_spans", [])]
        b_spans = [tuple(s) for s in data.pop("b_spans", [])]
        if units == "lines" and not a_spans:
            a_spans = line_spans(read_text(a))
        if units == "lines" and not b_spans:
            b_spans = line_spans(read_text(b))
        return cls(a, b, units, a_spans, b_spans, links, data)  # type: ignore[arg-type]


def read_text(path: str | Path) -> str:
    """A file's text as the aligner decodes it (UTF-8, newlines untouched)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        return f.read()


def write_text(path: str | Path, text: str) -> None:
    """Write UTF-8 text without newline translation."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def line_spans(text: str) -> list[Span]:
    """Spans of the non-empty lines of `text`, surrounding whitespace excluded."""
    spans = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped[0])
            spans.append((start, start + len(stripped)))
        pos += len(line)
    return spans


def paragraph_spans(text: str) -> list[Span]:
    """Spans of blank-line separated paragraphs, surrounding whitespace excluded."""
    spans = []
    for m in re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", text):
        spans.append((m.start(), m.start() + len(m.group().rstrip())))
    return spans


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans within ``text[start:end]`` by the plain rule above."""
    end = len(text) if end is None else end
    spans = []
    pos = start
    for m in _SENT_END.finditer(text, start, end):
        spans.append((pos, m.end()))
        pos = m.end()
        while pos < end and text[pos].isspace():
            pos += 1
    if pos < end and text[pos:end].strip():
        spans.append((pos, pos + len(text[pos:end].rstrip())))
    return spans


def segment_text(text: str) -> list[Span]:
    """Plain sentence spans of running text: paragraphs, then the rule above."""
    spans: list[Span] = []
    for s, e in paragraph_spans(text):
        spans.extend(split_sentences(text, s, e))
    return spans


@dataclass
class Run:
    """A finished subprocess with its wall time and peak memory."""

    returncode: int
    seconds: float
    max_rss_mib: float
    stderr: str
    cpu_seconds: float = 0.0  # user + system time of the child


def run_measured(cmd: list[str], *, timeout: float | None = None, cwd: Path | None = None) -> Run:
    """Run `cmd`; wall time from the parent, peak RSS from ``os.wait4``'s rusage.

    A run past `timeout` seconds is killed and reported with return code -9.
    """
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=cwd)
        timer = threading.Timer(timeout, proc.kill) if timeout else None
        if timer:
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            if timer:
                timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    cpu = usage.ru_utime + usage.ru_stime
    return Run(proc.returncode, seconds, usage.ru_maxrss * scale / 2**20, stderr, cpu)


def load_average() -> str:
    """The 1/5/15-minute load averages (other work on the machine skews wall times)."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def align_command(a: Path, b: Path, out: Path, *, units: str = "sentences") -> list[str]:
    """The ``align json`` command line for a pair, run with this Python."""
    cmd = [sys.executable, "-m", "align", "json", str(Path(a).resolve()), str(Path(b).resolve())]
    cmd += ["-o", str(Path(out).resolve())]
    if units == "lines":
        cmd += ["--units", "lines"]
    return cmd


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def freeze_align(root: Path | None = None) -> Path:
    """Copy ``align/`` into ``build/bench/snapshots/<sha256>/`` and run ``python -m
    align`` from there from now on, so that one benchmark run measures one state of
    the code even while the work tree is being edited."""
    global ALIGN_HOME
    root = root or REPO / "build" / "bench" / "snapshots"
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=root))
    shutil.copytree(REPO / "align", tmp / "align", ignore=shutil.ignore_patterns("__pycache__"))
    home = root / _digest(tmp / "align")
    if home.exists():
        shutil.rmtree(tmp)
    else:
        tmp.rename(home)
    ALIGN_HOME = home
    return home


def git_describe() -> str:
    """The measured code: ``git describe`` (``-dirty`` for local changes) and a hash
    of the ``align/`` sources that run (the frozen copy, if any)."""
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--abbrev=12"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
        described = out.stdout.strip() or "no commit"
    except (OSError, subprocess.CalledProcessError):
        described = "no commit"
    return f"{described}, align/ sha256 {_digest(ALIGN_HOME / 'align')}"


def align_version() -> str:
    """``align.__version__`` as installed, or ``unknown``."""
    try:
        out = subprocess.run(
            [sys.executable, "-m", "align", "--version"],
            cwd=ALIGN_HOME,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return (
            out.stdout.strip().split()[-1]
            if out.returncode == 0 and out.stdout.strip()
            else "unknown"
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
