"""The command line: outputs, exit statuses, and one-line errors on bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from align.cli import main

ROOT = Path(__file__).resolve().parent.parent
VOV = str(ROOT / "seeds/vov-to-lam-comprehensive-diplomacy.txt")
VNA = str(ROOT / "seeds/vna-to-lam-comprehensive-foreign-affairs.txt")


def test_json_schema_and_labels(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["json", VOV, VNA, "--labels", "VOV,VNA"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == "align/1"
    assert doc["options"]["labels"] == ["VOV", "VNA"]
    assert doc["documents"]["a"]["label"] == "VOV"
    assert len(doc["documents"]["a"]["sha256"]) == 64
    a_text = doc["documents"]["a"]["text"]
    for s in doc["documents"]["a"]["sentences"]:
        assert set(s) >= {"id", "start", "end", "paragraph", "chrome", "text"}
        assert a_text[s["start"] : s["end"]] == s["text"]
    relations = {p["relation"] for p in doc["pairs"]}
    assert relations <= {"match", "only_a", "only_b", "repeat", "move"}
    for p in doc["pairs"]:
        for e in p["edits"]:
            assert e["op"] in ("replace", "delete", "insert")
            assert a_text[e["a"][0] : e["a"][1]] == e["a_text"]


def test_align_timings_prints_each_stage_on_stderr_only(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``ALIGN_TIMINGS=1``: one line a stage on stderr; the output is the same as without."""
    assert main(["json", VOV, VNA, "--labels", "VOV,VNA"]) == 0
    plain = capsys.readouterr()
    assert "timing" not in plain.err
    monkeypatch.setenv("ALIGN_TIMINGS", "1")
    assert main(["json", VOV, VNA, "--labels", "VOV,VNA"]) == 0
    timed = capsys.readouterr()
    assert timed.out == plain.out
    line = r"align: timing: {}: \d+\.\d\d s wall, \d+\.\d\d s cpu here, \d+\.\d\d s cpu in workers"
    stages = ("reading", "segmenting", "aligning", "diffing and naming", "gathering", "writing")
    for stage in stages:
        assert re.search(line.format(stage), timed.err), stage
    monkeypatch.setenv("ALIGN_TIMINGS", "0")
    assert main(["json", VOV, VNA, "--labels", "VOV,VNA"]) == 0
    assert "timing" not in capsys.readouterr().err


def test_json_to_file_is_deterministic(tmp_path: Path) -> None:
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    assert main(["json", VOV, VNA, "-o", str(one)]) == 0
    assert main(["json", VOV, VNA, "-o", str(two)]) == 0
    assert one.read_bytes() == two.read_bytes()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".align-")] == []


def test_labels_default_to_file_names(capsys: pytest.CaptureFixture[str]) -> None:
    main(["json", VOV, VNA])
    doc = json.loads(capsys.readouterr().out)
    assert doc["documents"]["b"]["label"] == "vna-to-lam-comprehensive-foreign-affairs.txt"


def test_diff_plain_markers_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", VOV, VNA, "--labels", "VOV,VNA"]) == 1
    out = capsys.readouterr().out
    assert "[-vital-]{+key+}" in out
    assert "\x1b[" not in out  # captured output is not a terminal
    assert out.rstrip().splitlines()[-1].startswith(tuple("0123456789"))


def test_diff_identical_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", VNA, VNA, "--changed-only"]) == 0
    out = capsys.readouterr().out
    assert "@@" not in out


def test_diff_color_only_on_terminals(tmp_path: Path) -> None:
    # Through a pipe: plain markers even when colour is not refused.
    run = subprocess.run(
        [sys.executable, "-m", "align", "diff", VOV, VNA],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "[-defense-]{+defence+}" in run.stdout and "\x1b[" not in run.stdout


def test_diff_ignore_kinds_hides_them(capsys: pytest.CaptureFixture[str]) -> None:
    main(["diff", VOV, VNA, "--ignore", "spelling"])
    out = capsys.readouterr().out
    if "spelling" in {k for k in out.split()}:  # only when kinds are named
        pytest.fail("spelling still shown")


def test_bad_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["diff", VOV, VNA, "--ignore", "nonsense"])
    assert e.value.code == 2


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "directory"),
        (
            lambda d: (d / "bin.dat").write_bytes(b"\x00\x01\x02\xff" * 100) and d / "bin.dat",
            "binary",
        ),
        (
            lambda d: (
                (d / "bad.txt").write_bytes(b"ok \x81\x8d\x8f\x90\x9d text " * 3) and d / "bad.txt"
            ),
            "decode",
        ),
    ],
    ids=["missing", "directory", "binary", "undecodable"],
)
def test_bad_input_one_line_exit_2_no_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make, message: str
) -> None:
    bad = make(tmp_path)
    out = tmp_path / "out.json"
    status = main(["json", str(bad), VNA, "-o", str(out)])
    err = capsys.readouterr().err
    assert status == 2
    assert len(err.strip().splitlines()) == 1
    assert str(bad) in err and message in err
    assert "Traceback" not in err
    assert not out.exists()


def test_unwritable_output_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["json", VOV, VNA, "-o", str(tmp_path / "no" / "such" / "dir.json")])
    assert status == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_python_m_align_version() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "align", "--version"], capture_output=True, text=True, check=True
    )
    assert run.stdout.startswith("align ")


def test_variants_csv_opens_in_a_spreadsheet(tmp_path: Path) -> None:
    out = tmp_path / "v.csv"
    assert (
        main(["variants", VOV, VNA, "--labels", "VOV,VNA", "--format", "csv", "-o", str(out)]) == 0
    )
    data = out.read_bytes()
    assert data.startswith("\ufeff".encode())  # spreadsheets then read UTF-8
    import csv
    import io

    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    body = rows[1:]
    assert len(body) > 20
    assert all(len(row) == len(rows[0]) for row in body)
    assert any("vital" in row and "key" in row for row in body)


def test_variants_kind_filter(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["variants", VOV, VNA, "--kind", "spelling", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    variants = doc["variants"] if isinstance(doc, dict) else doc
    assert variants and all(v["kind"] == "spelling" for v in variants)
    assert any({v["a"].lower(), v["b"].lower()} == {"defense", "defence"} for v in variants)


def test_report_options(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert main(["report", VOV, VNA, "-o", str(out), "--ignore", "spelling", "--hide-chrome"]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") or html.lower().startswith("<!doctype html>")
    assert "hide-chrome=yes" in html  # recorded in the reproducibility line
    assert '<input type="checkbox" data-filter="chrome" checked>' in html  # starts hidden
    assert "ignore=spelling" in html


# --- Progress and interrupts -----------------------------------------------------


@pytest.fixture(scope="module")
def long_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """Two renderings of 3,600 made-up sentences a side, half of them with a word changed:
    a run of a few seconds, long enough for the progress bar and to be interrupted midway."""
    import random

    rng = random.Random(0)
    words = sorted({w.strip(".,;:()“”’'\"").lower() for w in Path(VNA).read_text().split()} - {""})
    a, b = [], []
    for _ in range(3600):
        sentence = [rng.choice(words) for _ in range(rng.randint(8, 20))]
        other = list(sentence)
        if rng.random() < 0.5:
            other[rng.randrange(len(other))] = rng.choice(words)
        a.append(" ".join(sentence).capitalize() + ".")
        b.append(" ".join(other).capitalize() + ".")
    folder = tmp_path_factory.mktemp("long")
    for name, sentences in (("a.txt", a), ("b.txt", b)):
        paragraphs = (" ".join(sentences[k : k + 5]) for k in range(0, len(sentences), 5))
        (folder / name).write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
    return str(folder / "a.txt"), str(folder / "b.txt")


def _on_terminal(
    command: list[str], *, stdout_too: bool = False, interrupt_at: tuple[bytes, ...] = ()
) -> tuple[int, bytes, bytes]:
    """Run ``align COMMAND`` with stderr (and stdout too) on a terminal of 80 columns.

    With `interrupt_at`, Ctrl-C comes as soon as the terminal shows one of
    those texts (to the process group, as a terminal sends it). Gives the exit
    status and what the terminal showed before and after the interruption.
    """
    import fcntl
    import os
    import pty
    import signal
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "align", *command],
        stdin=subprocess.DEVNULL,
        stdout=slave if stdout_too else subprocess.DEVNULL,
        stderr=slave,
        cwd=ROOT,
        start_new_session=True,  # its own process group, as a shell's job
    )
    os.close(slave)
    shown, after = b"", b""
    try:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal's other end is closed: all read
                break
            if not chunk:
                break
            if not after and any(text in shown + chunk for text in interrupt_at):
                shown += chunk
                os.killpg(process.pid, signal.SIGINT)
                interrupted = time.monotonic()
                after = b" "  # from here on, what comes after the interruption
                continue
            if after:
                after += chunk
            else:
                shown += chunk
        status = process.wait(timeout=120)
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    if interrupt_at:
        assert after, f"the run ended before any of {interrupt_at} showed"
        assert time.monotonic() - interrupted < 10  # at once, not when the work is done
    return status, shown, after[1:]


_CLEARED = re.compile(rb"\r\x1b\[K$")  # the line is erased


def test_progress_bar_on_a_terminal_only(tmp_path: Path, long_pair: tuple[str, str]) -> None:
    tty, pipe = tmp_path / "tty.json", tmp_path / "pipe.json"
    status, shown, _ = _on_terminal(["json", *long_pair, "-o", str(tty)])
    assert status == 0
    text = shown.decode()
    # The bar appears after a second, so which stages it names depends on the machine's
    # speed; it names the stages of the run, moving forward.
    from align.runtime.progress import STAGES

    named = [name for name, _ in STAGES if name in text]
    assert len(named) >= 2 and "%" in text, text
    percents = [int(p) for p in re.findall(r"(\d+)% ", text)]
    assert percents == sorted(percents) and percents[-1] >= 85  # never backwards
    assert _CLEARED.search(shown)  # the line is cleared at the end

    quiet = subprocess.run(
        [sys.executable, "-m", "align", "json", *long_pair, "-o", str(pipe)],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    assert quiet.stderr == b""
    assert tty.read_bytes() == pipe.read_bytes()


def test_progress_bar_is_cleared_before_stdout(long_pair: tuple[str, str]) -> None:
    """stdout and stderr on one terminal: the diff starts on a line of its own."""
    status, shown, _ = _on_terminal(["diff", *long_pair, "--no-color"], stdout_too=True)
    assert status == 1
    bar, diff = shown.split(b"--- a: ", 1)
    assert b"% writing" in bar and _CLEARED.search(bar)
    assert b"\r" not in diff.replace(b"\r\n", b"")  # no bar drawn again over the diff


def test_no_progress_bar_for_a_fast_run(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The colour is grey.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The color is gray.\n", encoding="utf-8")
    status, shown, _ = _on_terminal(["diff", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert (status, shown) == (1, b"")


_LATER_STAGES = ("aligning", "diffing words", "gathering variants", "writing")


@pytest.mark.parametrize("stage", ["aligning", "diffing words", "writing"])
def test_ctrl_c_ends_a_run_at_once_with_one_line(
    tmp_path: Path, long_pair: tuple[str, str], stage: str
) -> None:
    """Ctrl-C at several points of a run (workers running or not): exit 130 at once, one
    line, no worker traceback, no output file (nor a temporary one).

    It comes when the bar shows `stage`, or a later one if a fast machine is past it
    when the bar first shows."""
    out = tmp_path / "report.html"
    later = _LATER_STAGES[_LATER_STAGES.index(stage) :]
    status, before, after = _on_terminal(
        ["report", *long_pair, "-o", str(out)],
        interrupt_at=tuple(f"% {name}".encode() for name in later),
    )
    assert status == 130
    assert b"Traceback" not in after and b"KeyboardInterrupt" not in after
    assert after.endswith(b"align: interrupted\r\n") and after.count(b"\n") == 1
    assert _CLEARED.search((before + after)[: -len(b"align: interrupted\r\n")])  # bar first
    assert list(tmp_path.iterdir()) == []


# --- Ctrl-C from the first moment ----------------------------------------------

#: The console script pip installs beside this interpreter (``align = align.entry:main``).
CONSOLE_SCRIPT = Path(sys.executable).parent / "align"


def _interrupted_early(
    command: list[str], delay: float, cwd: Path
) -> tuple[int, list[bytes], float]:
    """Run ``command`` and send it Ctrl-C (a real SIGINT) ``delay`` seconds after its
    entry point, `align.entry`, is imported: the first moment the project's code runs.

    The moment is read from the interpreter's own import log (``-X importtime``
    on stderr); before it the interpreter is starting up, out of the project's
    reach. Gives the exit status, stderr less that log, and how long the
    process took to end after the signal.
    """
    import os
    import signal

    env = dict(os.environ, PYTHONPROFILEIMPORTTIME="1")
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd, env=env
    )
    assert process.stderr is not None
    log = []
    try:
        for line in process.stderr:
            log.append(line)
            if line.rstrip().endswith(b"| align.entry"):
                break
        else:
            raise AssertionError(b"".join(log[-20:]).decode())
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        sent = time.monotonic()
        rest = process.stderr.read()
        status = process.wait(timeout=60)
        ended = time.monotonic() - sent
    finally:
        if process.poll() is None:
            process.kill()
    lines = [line for line in rest.splitlines() if not line.startswith(b"import time:")]
    return status, lines, ended


#: Seconds after the entry point is imported: while the command line's modules load (about
#: 0.3 s), as the run starts, and well into it (the long pair takes a few seconds).
DELAYS = (0.0, 0.02, 0.1, 0.25, 0.5, 1.5)


@pytest.mark.skipif(not CONSOLE_SCRIPT.is_file(), reason="the console script is not installed")
@pytest.mark.parametrize("delay", DELAYS)
@pytest.mark.parametrize("command", ["diff", "json", "report", "variants"])
def test_ctrl_c_from_start_up_on_is_one_line_and_130(
    command: str, delay: float, long_pair: tuple[str, str], tmp_path: Path
) -> None:
    # At 0.0 s the command line's modules are still being imported (they take
    # a few hundred milliseconds): a KeyboardInterrupt there was a traceback.
    output = tmp_path / "out"
    argv = [str(CONSOLE_SCRIPT), command, *long_pair]
    if command in ("json", "report"):
        argv += ["-o", str(output)]
    status, stderr, ended = _interrupted_early(argv, delay, tmp_path)
    assert (status, stderr) == (130, [b"align: interrupted"])
    assert ended < 10  # at once, not when the work is done
    assert list(tmp_path.iterdir()) == []  # no output, whole or partial


@pytest.mark.parametrize("delay", (0.0, 0.1, 0.5))
def test_ctrl_c_at_start_up_of_python_m_align(
    delay: float, long_pair: tuple[str, str], tmp_path: Path
) -> None:
    output = tmp_path / "out.json"
    argv = [sys.executable, "-m", "align", "json", *long_pair, "-o", str(output)]
    status, stderr, _ = _interrupted_early(argv, delay, ROOT)
    assert (status, stderr) == (130, [b"align: interrupted"])
    assert not output.exists()


@pytest.mark.skipif(not CONSOLE_SCRIPT.is_file(), reason="the console script is not installed")
@pytest.mark.parametrize("delay", (0.0, 0.25, 1.5))
def test_ctrl_c_at_start_up_of_a_batch(
    delay: float, long_pair: tuple[str, str], tmp_path: Path
) -> None:
    manifest = tmp_path / "pairs.csv"
    manifest.write_text(f"a,b,name\n{long_pair[0]},{long_pair[1]},long\n", encoding="utf-8")
    out = tmp_path / "out"
    argv = [str(CONSOLE_SCRIPT), "batch", str(manifest), "-o", str(out), "--jobs", "1"]
    status, stderr, _ = _interrupted_early(argv, delay, tmp_path)
    assert (status, stderr) == (130, [b"align: interrupted"])
    # The index of an interrupted batch may be written (the pair is "not run"); the pair's
    # outputs are not.
    assert not (out / "long.json").exists() and not (out / "long.html").exists()


@pytest.mark.parametrize("command", ["report", "json", "variants", "collate"])
def test_an_output_folder_that_is_missing_is_refused_before_any_work(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A whole book takes minutes; a typo in -o must not cost them."""
    import align.collating
    import align.pipeline

    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("compared before the output was checked")

    monkeypatch.setattr(align.pipeline, "compare", no_work)
    monkeypatch.setattr(align.collating, "collate", no_work)
    out = str(tmp_path / "missing" / "out.html")
    sides = [VOV, VNA, VOV] if command == "collate" else [VOV, VNA]
    assert main([command, *sides, "-o", out]) == 2
    assert capsys.readouterr().err.strip() == (
        f"align: error: {out}: folder {tmp_path / 'missing'} does not exist"
    )
