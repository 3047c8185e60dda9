"""``align batch``: the manifest, outputs written whole, failures skipped, resuming."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import align.batch.runner
from align.batch.manifest import read_manifest
from align.cli import main
from align.errors import AlignError
from align.runtime.output import write_atomic

A_TEXT = (
    "The minister arrived in Hanoi on Monday. He met the president at the palace.\n"
    "Both sides agreed to strengthen cooperation in trade and investment.\n"
)
B_TEXT = (
    "The minister landed in Hanoi on Monday. He met the president at the palace.\n"
    "The two sides agreed to strengthen co-operation in trade and investment.\n"
    "A joint statement was issued afterwards.\n"
)


def make_batch(tmp_path: Path, broken: bool = True) -> Path:
    """Three good pairs in ``texts/`` and (with ``broken``) one with a binary file."""
    texts = tmp_path / "texts"
    texts.mkdir()
    rows = ["a,b,name"]
    for k in (1, 2, 3):
        (texts / f"a{k}.txt").write_text(A_TEXT.replace("Monday", f"day {k}"), encoding="utf-8")
        (texts / f"b{k}.txt").write_text(B_TEXT.replace("Monday", f"day {k}"), encoding="utf-8")
        rows.append(f"texts/a{k}.txt,texts/b{k}.txt,pair{k}")
    if broken:
        (texts / "broken.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
        rows.append("texts/broken.txt,texts/b1.txt,broken")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return manifest


def run(manifest: Path, out: Path, *extra: str) -> int:
    return main(["batch", str(manifest), "-o", str(out), "--jobs", "1", *extra])


def watch_compare(monkeypatch: pytest.MonkeyPatch, interrupt_at: int = 0) -> list[str]:
    """The names of the A files `compare` is called with, in order (in-process runs
    only); call number ``interrupt_at`` raises `KeyboardInterrupt` instead."""
    calls: list[str] = []
    real = align.compare

    def watched(a: str, b: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(Path(a).name)
        if len(calls) == interrupt_at:
            raise KeyboardInterrupt
        return real(a, b, *args, **kwargs)

    monkeypatch.setattr(align.batch.runner, "compare", watched)
    return calls


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The A files compared, in order."""
    return watch_compare(monkeypatch)


def stray(out: Path) -> list[str]:
    """Temporary files left behind."""
    return [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def mtimes(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.name.startswith("pair")}


def test_broken_pair_is_reported_and_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert run(make_batch(tmp_path), out) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert err[0].startswith("align: broken: ") and "broken.txt: binary file" in err[0]
    for k in (1, 2, 3):
        doc = json.loads((out / f"pair{k}.json").read_text(encoding="utf-8"))
        assert doc["schema"] == "align/1"
        assert (out / f"pair{k}.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert not list(out.glob("broken*"))
    assert stray(out) == []
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="pair1.html">' in index and '<a href="pair3.json">JSON</a>' in index
    assert 'class="failed"' in index and "broken.txt: binary file, not text" in index
    assert "3 done, 1 failed" in index


def test_rerun_skips_done_pairs_and_retries_the_failed_one(
    tmp_path: Path, computed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    manifest, out = make_batch(tmp_path), tmp_path / "out"
    assert run(manifest, out) == 2
    before = mtimes(out)
    computed.clear()
    assert run(manifest, out) == 2
    assert computed == ["broken.txt"]
    assert mtimes(out) == before
    assert "3 up to date, 1 failed" in (out / "index.html").read_text(encoding="utf-8")

    (tmp_path / "texts" / "broken.txt").write_text(A_TEXT, encoding="utf-8")
    computed.clear()
    capsys.readouterr()
    assert run(manifest, out) == 0
    assert computed == ["broken.txt"]
    assert capsys.readouterr().err == ""
    assert (out / "broken.json").is_file() and (out / "broken.html").is_file()
    assert "1 done, 3 up to date" in (out / "index.html").read_text(encoding="utf-8")

    computed.clear()
    assert run(manifest, out) == 0
    assert computed == []


def test_changed_input_or_options_redo_what_they_touch(tmp_path: Path, computed: list[str]) -> None:
    manifest, out = make_batch(tmp_path, broken=False), tmp_path / "out"
    assert run(manifest, out) == 0
    computed.clear()
    (tmp_path / "texts" / "b2.txt").write_text(B_TEXT + "One more line.\n", encoding="utf-8")
    assert run(manifest, out) == 0
    assert computed == ["a2.txt"]
    doc = json.loads((out / "pair2.json").read_text(encoding="utf-8"))
    assert "One more line." in doc["documents"]["b"]["text"]

    computed.clear()
    assert run(manifest, out, "--threshold", "0.3") == 0
    assert computed == ["a1.txt", "a2.txt", "a3.txt"]
    computed.clear()
    assert run(manifest, out, "--threshold", "0.3", "--force") == 0
    assert len(computed) == 3

    # A deleted output is written again.
    (out / "pair3.html").unlink()
    computed.clear()
    assert run(manifest, out, "--threshold", "0.3") == 0
    assert computed == ["a3.txt"]


def test_index_is_deterministic_and_escaped(tmp_path: Path) -> None:
    manifest, out = make_batch(tmp_path, broken=False), tmp_path / "out"
    text = manifest.read_text(encoding="utf-8").replace("pair3", "pair3&'co'")
    manifest.write_text(text, encoding="utf-8")
    assert run(manifest, out) == 0
    first = (out / "index.html").read_bytes()
    assert run(manifest, out, "--force") == 0
    assert (out / "index.html").read_bytes() == first
    html = first.decode("utf-8")
    assert "pair3&'" not in html and "pair3&amp;&#39;co&#39;" in html
    assert 'href="pair3%26%27co%27.html"' in html
    assert "http" not in html.replace("http-equiv", "")  # nothing to fetch
    assert "<script" not in html


def test_interrupted_run_leaves_whole_files_and_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest, out = make_batch(tmp_path), tmp_path / "out"
    watch_compare(monkeypatch, interrupt_at=3)
    assert run(manifest, out) == 130
    assert "align: interrupted" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == [
        ".align-batch.json",
        "index.html",
        "pair1.html",
        "pair1.json",
        "pair2.html",
        "pair2.json",
    ]
    ledger = json.loads((out / ".align-batch.json").read_text(encoding="utf-8"))
    assert sorted(ledger["pairs"]) == ["pair1", "pair2"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "2 done, 2 not run" in index

    calls = watch_compare(monkeypatch)
    assert run(manifest, out) == 2
    assert calls == ["a3.txt", "broken.txt"]
    assert "1 done, 2 up to date, 1 failed" in (out / "index.html").read_text(encoding="utf-8")
    assert stray(out) == []


def test_interrupted_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def stop(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(align.runtime.output.os, "chmod", stop)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(str(tmp_path / "x.json"), "{}")
    assert list(tmp_path.iterdir()) == []


def test_parallel_run_gives_the_same_outputs(tmp_path: Path) -> None:
    manifest = make_batch(tmp_path)
    assert run(manifest, tmp_path / "one") == 2
    assert main(["batch", str(manifest), "-o", str(tmp_path / "two"), "--jobs", "3"]) == 2
    one = {p.name: p.read_bytes() for p in (tmp_path / "one").iterdir()}
    two = {p.name: p.read_bytes() for p in (tmp_path / "two").iterdir()}
    assert one == two


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("m.csv", "a,b,name\nx/a.txt,y/b.txt,first\nc.txt,d.txt,\n"),
        ("m.csv", "name,b,a\nfirst,y/b.txt,x/a.txt\n,d.txt,c.txt\n"),
        ("m.csv", "\ufeffx/a.txt, y/b.txt ,first\n\n# a comment\nc.txt,d.txt\n"),
        (
            "m.jsonl",
            '{"a": "x/a.txt", "b": "y/b.txt", "name": "first"}\n\n{"a": "c.txt", "b": "d.txt"}\n',
        ),
    ],
)
def test_manifest_formats(tmp_path: Path, name: str, text: str) -> None:
    manifest = tmp_path / name
    manifest.write_text(text, encoding="utf-8")
    jobs = read_manifest(str(manifest))
    assert [(j.name, j.a, j.b) for j in jobs] == [
        ("first", str(tmp_path / "x/a.txt"), str(tmp_path / "y/b.txt")),
        ("c_vs_d", str(tmp_path / "c.txt"), str(tmp_path / "d.txt")),
    ]


def test_derived_names_are_unique_and_safe(tmp_path: Path) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        "vov/ch 1.txt,vna/ch 1.txt\nx/ch 1.txt,y/ch 1.txt\nCH_1.txt,CH_1.md\n"
        "index.txt,index.html\n/abs/.hidden.txt,../up.txt,ch_1-3\n",
        encoding="utf-8",
    )
    names = [j.name for j in read_manifest(str(manifest))]
    assert names == ["ch_1", "ch_1-2", "CH_1-4", "index_", "ch_1-3"]
    assert read_manifest(str(manifest))[4].a == "/abs/.hidden.txt"


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("a.txt,b.txt\nc.txt\n", ":2:", "expected a,b or a,b,name, found 1 fields"),
        ("a,b\na.txt,b.txt,extra\n", ":2:", "expected 2 fields as in the header"),
        ('{"a": "a.txt", "b": "b.txt"}\n{"a": "c.txt", b}\n', ":2:", "not valid JSON"),
        ('{"a": "a.txt", "bb": "b.txt"}\n', ":1:", "unknown key 'bb'"),
        ('{"a": "a.txt"}\n', ":1:", "b is missing"),
        ('["a.txt", "b.txt"]\n', ":1:", "expected an object"),
        ("a.txt,b.txt,same\nc.txt,d.txt,SAME\n", ":2:", "name 'SAME' is given twice"),
        ("a.txt,b.txt,../up\n", ":1:", "cannot be a file name"),
        ("a.txt,b.txt,index\n", ":1:", "is reserved"),
        ("a.txt,,x\n", ":1:", "b is missing"),
        ("\n# nothing\n", "", "no pairs listed"),
    ],
)
def test_malformed_manifest_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, where: str, message: str
) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(AlignError):
        read_manifest(str(manifest))
    assert run(manifest, tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"align: error: {manifest}{where}") and message in err
    assert not (tmp_path / "out").exists()


def test_missing_or_binary_manifest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tmp_path / "none.csv", tmp_path / "out") == 2
    assert capsys.readouterr().err == f"align: error: {tmp_path / 'none.csv'}: no such file\n"
    (tmp_path / "bin.csv").write_bytes(b"a.txt,b.txt\n\xff\xfe\n")
    assert run(tmp_path / "bin.csv", tmp_path / "out") == 2
    assert capsys.readouterr().err == f"align: error: {tmp_path / 'bin.csv'}:2: not UTF-8 text\n"


def test_outputs_folder_is_created(tmp_path: Path) -> None:
    manifest = make_batch(tmp_path, broken=False)
    assert run(manifest, tmp_path / "deep" / "out") == 0
    assert (tmp_path / "deep" / "out" / "index.html").is_file()
    assert os.access(tmp_path / "deep" / "out" / "pair1.json", os.R_OK)


STOP_AT_PAIR3 = """
import os, signal, sys, time
from pathlib import Path
import align.batch.runner
from align.cli import main

real = align.batch.runner.compare

def compare(a, b, *args, **kwargs):
    if Path(a).name == "a3.txt":  # as Ctrl-C: the main process is interrupted
        os.kill(os.getppid(), signal.SIGINT)
        time.sleep(60)
    return real(a, b, *args, **kwargs)

align.batch.runner.compare = compare
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="the workers must inherit the patch"
)
def test_interrupted_parallel_run_stops_its_workers_and_resumes(
    tmp_path: Path, computed: list[str]
) -> None:
    manifest, out = make_batch(tmp_path), tmp_path / "out"
    command = ["batch", str(manifest), "-o", str(out), "--jobs", "2"]
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", STOP_AT_PAIR3, *command],
        capture_output=True,
        text=True,
        timeout=50,
        check=False,
    )
    assert time.monotonic() - started < 30  # the sleeping worker was interrupted
    assert (done.returncode, done.stderr) == (130, "align: interrupted\n")
    assert stray(out) == []
    # A pair whose result was on its way when Ctrl-C came may be written but
    # not recorded (then there may be no ledger yet): a rerun redoes it.
    saved = out / ".align-batch.json"
    ledger = json.loads(saved.read_text(encoding="utf-8")) if saved.exists() else {"pairs": {}}
    for name in ("pair1", "pair2", "pair3", "broken"):
        written = {p.suffix for p in out.glob(f"{name}.*")}
        assert written in (set(), {".json", ".html"})
        if name in ledger["pairs"] and ledger["pairs"][name]["status"] == "done":
            assert written == {".json", ".html"}
    assert "pair3" not in ledger["pairs"]
    assert "not run" in (out / "index.html").read_text(encoding="utf-8")

    assert run(manifest, out) == 2
    assert "a3.txt" in computed
    assert [n for n in computed if n != "a3.txt"] == [
        f"{name}.txt".replace("pair", "a")
        for name in ("pair1", "pair2", "broken")
        if ledger["pairs"].get(name, {}).get("status") != "done"
    ]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "1 failed" in index and "not run" not in index
    assert all((out / f"pair{k}.html").is_file() for k in (1, 2, 3))
    assert stray(out) == []


def test_an_output_never_overwrites_an_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "x").mkdir()
    for path in ("x/ch1.html", "ch1.html"):
        (tmp_path / path).write_text("<p>The minister arrived.</p>", encoding="utf-8")
    manifest = tmp_path / "m.csv"
    manifest.write_text("x/ch1.html,ch1.html\n", encoding="utf-8")
    assert run(manifest, tmp_path) == 2
    assert "m.csv:1: the output" in capsys.readouterr().err
    assert (tmp_path / "ch1.html").read_text(encoding="utf-8") == "<p>The minister arrived.</p>"
    assert not (tmp_path / "index.html").exists()


def test_no_stale_outputs_stay_beside_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pair that now fails loses its old report; a report with fewer pages loses the rest."""
    import align.rendering.html.render

    manifest, out = make_batch(tmp_path, broken=False), tmp_path / "out"
    real_pages = align.rendering.html.render.render_html_pages
    monkeypatch.setattr(  # pages of one row: each pair's report is paged
        align.batch.runner,
        "render_html_pages",
        lambda c, name, **kw: real_pages(c, name, page_rows=1, **kw),
    )
    assert run(manifest, out) == 0
    pages = sorted(p.name for p in out.glob("pair1-*.html"))
    assert len(pages) >= 3
    # pair1's B loses its last sentence: fewer rows, fewer pages.
    b1 = tmp_path / "texts" / "b1.txt"
    b1.write_text(B_TEXT.replace("day 1", "Monday").split("\nA joint")[0] + "\n", encoding="utf-8")
    (tmp_path / "texts" / "b2.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    assert run(manifest, out) == 2
    now = sorted(p.name for p in out.glob("pair1-*.html"))
    assert now == pages[: len(now)] and len(now) < len(pages)
    index1 = (out / "pair1.html").read_text(encoding="utf-8")
    assert all(page in index1 for page in now)
    # pair2 failed: none of its old outputs is left; pair3 is untouched.
    assert not list(out.glob("pair2*"))
    assert (out / "pair3.json").is_file() and len(list(out.glob("pair3-*.html"))) == len(pages)


# In a subprocess running a batch on one process: Ctrl-C (a real SIGINT)
# arrives while the pair whose A file is named by argv[1] is compared.
STOP_AT_PAIR = """
import os, signal, sys, time
from pathlib import Path
import align.batch.runner
from align.cli import main

real = align.batch.runner.compare
stop_at = sys.argv.pop(1)

def compare(a, b, *args, **kwargs):
    if Path(a).name == stop_at:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(60)
    return real(a, b, *args, **kwargs)

align.batch.runner.compare = compare
sys.exit(main(sys.argv[1:]))
"""


def test_index_after_an_interrupted_forced_run_links_the_earlier_outputs(tmp_path: Path) -> None:
    # A forced rerun interrupted at pair 2 has redone pair 1; pairs 2 and 3
    # still have the first run's outputs, up to date, and the index links them
    # with their figures instead of calling them "not run".
    manifest, out = make_batch(tmp_path, broken=False), tmp_path / "out"
    assert run(manifest, out) == 0
    first = (out / "index.html").read_text(encoding="utf-8")
    assert "3 done" in first
    outputs = {p.name: p.read_bytes() for p in out.glob("pair*")}

    command = ["batch", str(manifest), "-o", str(out), "--jobs", "1", "--force"]
    done = subprocess.run(
        [sys.executable, "-c", STOP_AT_PAIR, "a2.txt", *command],
        capture_output=True,
        text=True,
        timeout=50,
        check=False,
    )
    assert (done.returncode, done.stderr) == (130, "align: interrupted\n")
    assert {p.name: p.read_bytes() for p in out.glob("pair*")} == outputs
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "not run" not in index
    assert "1 done, 2 up to date" in index
    for k in (1, 2, 3):
        assert f'href="pair{k}.html"' in index and f'href="pair{k}.json"' in index
    # The figures are the first run's: the index differs from it only in the statuses.
    as_first = index.replace('"status">up to date<', '"status">done<')
    as_first = as_first.replace('class="up-to-date"', 'class="done"')
    assert as_first.replace("1 done, 2 up to date", "3 done") == first


def test_abandoned_temporaries_are_removed_and_nothing_else(tmp_path: Path) -> None:
    """What a worker killed while writing leaves (`write_atomic`'s temporary) goes; outputs stay."""
    from align.runtime.output import TEMP_PREFIX, TEMP_SUFFIX, remove_abandoned, write_atomic

    (tmp_path / "sub").mkdir()
    write_atomic(str(tmp_path / "sub" / "p1.json"), "{}")
    left = [
        tmp_path / f"{TEMP_PREFIX}x{TEMP_SUFFIX}",
        tmp_path / "sub" / f"{TEMP_PREFIX}y{TEMP_SUFFIX}",
    ]
    for path in left:
        path.write_text("half", encoding="utf-8")
    keep = tmp_path / "notes.tmp"
    keep.write_text("mine", encoding="utf-8")
    remove_abandoned(str(tmp_path), ["sub/p1", "p2"])
    assert not any(path.exists() for path in left)
    assert (tmp_path / "sub" / "p1.json").read_text(encoding="utf-8") == "{}" and keep.exists()
