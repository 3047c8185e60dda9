"""Fuzz `align.reading.read_source` with atheris (libFuzzer for Python).

Each input is written to a temporary file and read: the first byte picks the
file name's extension (.txt, .html, .docx or none) and the units, the rest is
the file. Reading must return a `Source` whose blocks slice its text (in
order, trimmed, non-empty) or raise `AlignError` with a one-line message;
anything else is a crash. The seed texts, the reading fixtures and a small
Word file start the corpus, so mutations begin from realistic pages.

Usage (libFuzzer flags pass through)::

    python benchmarks/fuzz_reader.py -runs=100000
    python benchmarks/fuzz_reader.py -max_total_time=300 -max_len=65536 -timeout=20

Without atheris (it needs a C compiler and clang's libFuzzer to build on some
platforms), the same check runs under hypothesis::

    python benchmarks/fuzz_reader.py --hypothesis 20000

And the size checks: time and peak memory of reading generated big files (a
50 MB news text, the same in Windows-1252, a 1 MB line without punctuation,
a 10 MB HTML page), each in a fresh process::

    python benchmarks/fuzz_reader.py --timing
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SUFFIXES = (".txt", ".html", ".docx", "")
FOLDER = Path(tempfile.mkdtemp(prefix="fuzz_reader_"))


def check(data: bytes) -> None:
    """Read ``data`` as a file; fail loudly if the result breaks the reader's contract."""
    from align.errors import AlignError
    from align.reading import read_source

    if not data:
        return
    suffix = SUFFIXES[data[0] % len(SUFFIXES)]
    units = "lines" if data[0] & 0x80 else "sentences"
    path = FOLDER / f"input{suffix}"
    path.write_bytes(data[1:])
    try:
        source = read_source(str(path), units=units)
    except AlignError as error:
        message = str(error)
        assert message.startswith(str(path)) and "\n" not in message, message
        return
    end = 0
    for block in source.blocks:
        piece = source.text[block.start : block.end]
        assert end <= block.start < block.end <= len(source.text), (block, len(source.text))
        assert piece and piece == piece.strip(), repr(piece)
        end = block.end
    if units == "lines":
        assert not any(block.chrome for block in source.blocks)


def seed_corpus() -> Path:
    """A corpus folder with the seeds, the reading fixtures and a Word file, one per extension."""
    corpus = FOLDER / "corpus"
    corpus.mkdir(exist_ok=True)
    files = sorted((REPO / "seeds").glob("*.txt")) + sorted(
        (REPO / "tests" / "fixtures" / "reading").glob("*")
    )
    for n, file in enumerate(p for p in files if p.is_file()):
        prefix = bytes([SUFFIXES.index(file.suffix) if file.suffix in SUFFIXES else 0])
        (corpus / f"seed{n}").write_bytes(prefix + file.read_bytes())
    try:
        import docx

        document = docx.Document()
        document.add_heading("A title", level=0)
        document.add_paragraph("HANOI (VNA) – Body text of the article.")
        buffer = io.BytesIO()
        document.save(buffer)
        (corpus / "docx").write_bytes(bytes([SUFFIXES.index(".docx")]) + buffer.getvalue())
    except ImportError:  # pragma: no cover
        pass
    return corpus


def run_hypothesis(examples: int) -> None:
    """The fallback: the same check over random bytes, with hypothesis."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.binary(max_size=4096))
    def fuzz(data: bytes) -> None:
        check(data)

    fuzz()
    print(f"hypothesis: {examples} examples, no failure")


def make_big_files(folder: Path) -> list[Path]:
    """Generated inputs for `run_timing`: news-like paragraphs with some chrome."""
    import random

    rng = random.Random(1)
    words = (
        "the of and to in a Vietnam diplomacy foreign affairs new era height comprehensive"
        " Party Congress nation peace cooperation development “key regular” café naïve"
    ).split()

    def paragraph() -> str:
        text = " ".join(rng.choice(words) for _ in range(rng.randint(5, 60)))
        return text.capitalize() + "."

    lines, size = [], 0
    while size < 50_000_000:
        line = "Chia sẻ" if rng.random() < 0.03 else paragraph()
        lines.append(line)
        size += len(line.encode()) + 1
    text = "\n".join(lines)
    files = {
        "news-50mb.txt": text.encode(),
        "news-50mb-cp1252.txt": text.replace("Chia sẻ", "Share").encode("cp1252"),
        "line-1mb.txt": " ".join(rng.choice(words) for _ in range(200_000)).encode()[:1_000_000],
    }
    html = ["<!DOCTYPE html><html><body><nav><a href='/'>Home</a></nav><article><h1>Big</h1>"]
    size = 0
    while size < 10_000_000:
        html.append(f"<p>{paragraph()}</p>\n")
        size += len(html[-1])
    files["page-10mb.html"] = ("".join(html) + "</article></body></html>").encode()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return [folder / name for name in files]


def run_timing() -> None:
    """Time `read_source` on big generated files, each in its own process for peak memory."""
    import subprocess

    script = (
        "import re, sys, time\n"
        "from align.reading import read_source\n"
        "started = time.perf_counter(); cpu = time.process_time()\n"
        "source = read_source(sys.argv[1])\n"
        # VmHWM, unlike ru_maxrss, does not inherit the parent's peak across fork and exec.
        "peak = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1])\n"
        "print(f'{time.perf_counter() - started:.2f} s wall, {time.process_time() - cpu:.2f} s cpu,"
        " {peak // 1024} MB peak RSS,"
        " {len(source.text):,} chars, {len(source.blocks):,} blocks,"
        " {sum(b.chrome for b in source.blocks):,} chrome, {source.encoding}')\n"
    )
    for path in make_big_files(FOLDER):
        run = subprocess.run(
            [sys.executable, "-c", script, str(path)],
            capture_output=True,
            text=True,
            cwd=REPO,
            check=False,
        )
        size = path.stat().st_size / 1e6
        print(f"{path.name} ({size:.1f} MB): {(run.stdout or run.stderr).strip()}")
        path.unlink()


def main() -> None:
    if "--timing" in sys.argv:
        run_timing()
        return
    try:
        import atheris
    except ImportError:  # pragma: no cover - depends on the machine
        atheris = None
    if "--hypothesis" in sys.argv or atheris is None:
        position = sys.argv.index("--hypothesis") if "--hypothesis" in sys.argv else -1
        examples = int(sys.argv[position + 1]) if 0 <= position < len(sys.argv) - 1 else 10000
        run_hypothesis(examples)
        return
    argv = list(sys.argv)
    if not any(not arg.startswith("-") for arg in argv[1:]):
        argv.append(str(seed_corpus()))  # no corpus named: start from the seeds
    with atheris.instrument_imports(include=["align"]):  # coverage guidance in our code only
        import align.reading  # noqa: F401
    atheris.Setup(argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
