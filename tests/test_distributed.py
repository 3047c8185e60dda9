"""The batch on a Dask cluster: a LocalCluster, and a scheduler and workers started here.

Every test checks the cluster's outputs against a local batch of the same
manifest, file by file, byte for byte (the ledger and the index included).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from align.batch import distributed
from align.batch.distributed import check_shared
from align.batch.runner import run_batch
from align.cli import main
from align.errors import AlignError

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
VOV = SEEDS / "vov-to-lam-comprehensive-diplomacy.txt"
VNA = SEEDS / "vna-to-lam-comprehensive-foreign-affairs.txt"
DASK = Path(sys.executable).with_name("dask")


def paragraphs(path: Path) -> list[str]:
    return [p for p in path.read_text(encoding="utf-8").split("\n") if len(p) > 80]


def make_pairs(folder: Path, count: int, broken: int | None = None) -> Path:
    """``count`` small pairs cut from the seed pair (a few paragraphs each); pair ``broken``
    names a file that does not exist. Paths in the manifest are relative to it."""
    vov, vna = paragraphs(VOV), paragraphs(VNA)
    (folder / "in").mkdir(parents=True)
    rows = ["a,b,name"]
    for i in range(count):
        a, b = folder / "in" / f"vov{i}.txt", folder / "in" / f"vna{i}.txt"
        a.write_text("\n\n".join(vov[i % len(vov) : i % len(vov) + 2]), encoding="utf-8")
        b.write_text("\n\n".join(vna[i % len(vna) : i % len(vna) + 3]), encoding="utf-8")
        rows.append(f"in/{a.name},in/{'gone.txt' if i == broken else b.name},pair{i:02d}")
    manifest = folder / "pairs.csv"
    manifest.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return manifest


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def no_temporaries(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.startswith(".align-") and p.suffix == ".tmp"]


def test_local_cluster_of_two_processes_gives_the_local_batch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = make_pairs(tmp_path, 6, broken=4)
    local, dask, collected = tmp_path / "local", tmp_path / "dask", tmp_path / "collected"
    assert main(["batch", str(manifest), "-o", str(local), "--jobs", "1"]) == 2
    capsys.readouterr()
    args = ["--scheduler", "local", "--jobs", "2"]
    assert main(["batch", str(manifest), "-o", str(dask), *args]) == 2
    err = capsys.readouterr().err.splitlines()
    assert [line for line in err if "dashboard" in line][0].startswith(
        "align: Dask dashboard: http://127.0.0.1:"
    )
    assert sum("dashboard" in line for line in err) == 1
    assert "align: pair04: " in "\n".join(err) and "gone.txt: no such file" in "\n".join(err)
    assert files(dask) == files(local)
    assert "pair00.html" in files(local) and "pair04.html" not in files(local)
    assert main(["batch", str(manifest), "-o", str(collected), *args, "--collect"]) == 2
    assert files(collected) == files(local)
    ledger = json.loads((dask / ".align-batch.json").read_text())
    assert ledger["pairs"]["pair04"]["status"] == "failed"


def test_without_dask_the_scheduler_option_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = make_pairs(tmp_path, 2)
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if it were not installed
    assert main(["batch", str(manifest), "-o", str(tmp_path / "out"), "--scheduler", "local"]) == 2
    assert capsys.readouterr().err == (
        "align: error: --scheduler needs Dask, which is not installed: pip install 'align[dask]'\n"
    )
    assert main(["batch", str(manifest), "-o", str(tmp_path / "out"), "--collect"]) == 2
    assert "--collect: only with --scheduler" in capsys.readouterr().err


def test_no_scheduler_there_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", 2.0)
    manifest = make_pairs(tmp_path, 1)
    address = f"tcp://127.0.0.1:{_free_port()}"
    out = tmp_path / "out"
    assert main(["batch", str(manifest), "-o", str(out), "--scheduler", address]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"align: error: {address}: cannot reach the Dask scheduler (")
    assert err.count("\n") == 1


class _Workers:
    """What `check_shared` asks of a client: run a function on every worker."""

    def __init__(self, sees: dict[str, bool]) -> None:
        self.sees = sees

    def run(self, function, probe: str, token: str) -> dict[str, bool]:  # type: ignore[no-untyped-def]
        here = function(probe, token)
        return {worker: here and sees for worker, sees in self.sees.items()}


def test_a_folder_some_worker_cannot_see_is_refused_in_one_line(tmp_path: Path) -> None:
    check_shared(_Workers({"tcp://10.0.0.1:1": True}), str(tmp_path))
    with pytest.raises(AlignError) as refused:
        check_shared(_Workers({"tcp://10.0.0.1:1": True, "tcp://10.0.0.2:1": False}), str(tmp_path))
    assert str(refused.value) == (
        f"{tmp_path}: not on storage the Dask workers share (tcp://10.0.0.2:1 cannot see it); "
        "give --collect to have the outputs sent back and written here"
    )
    assert list(tmp_path.iterdir()) == []  # the probe is gone


# --------------------------------------------------------------------------- a real cluster


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


#: The pair of the forty whose B is missing.
BROKEN = 13


@pytest.fixture(scope="module")
def forty(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A manifest of forty small pairs (one broken), and the files of its local batch, run
    from the manifest's folder with relative paths: the workers run from another folder."""
    folder = tmp_path_factory.mktemp("forty")
    manifest = make_pairs(folder, 40, broken=BROKEN)
    here = os.getcwd()
    os.chdir(folder)
    try:
        run_batch("pairs.csv", "local", jobs=2)
    finally:
        os.chdir(here)
    return manifest, files(folder / "local")


@pytest.fixture()
def cluster(tmp_path: Path) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """A ``dask scheduler`` and two ``dask worker`` processes (no nanny: a worker killed
    stays dead) on 127.0.0.1, started from another folder than the tests'."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": elsewhere}
    scheduler = subprocess.Popen(
        [
            DASK,
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--dashboard-address",
            ":0",
        ],
        **quiet,
    )
    workers = [
        subprocess.Popen(
            [DASK, "worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-nanny"],
            **quiet,
        )
        for _ in range(2)
    ]
    try:
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
        yield address, workers
    finally:
        for process in [*workers, scheduler]:  # ours, started above: ended at once
            process.kill()
            process.wait()


def test_a_worker_killed_part_way_through_forty_pairs(
    tmp_path: Path,
    cluster: tuple[str, list[subprocess.Popen[bytes]]],
    forty: tuple[Path, dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    address, workers = cluster
    manifest, local = forty
    monkeypatch.chdir(manifest.parent)
    out = tmp_path / "dask"
    killed: list[int] = []

    def notify(outcome, ended: int, total: int) -> None:  # type: ignore[no-untyped-def]
        if ended == 8 and not killed:
            workers[0].send_signal(signal.SIGKILL)  # mid-pair: its queue is never empty
            killed.append(workers[0].wait(10))

    result = run_batch("pairs.csv", str(out), scheduler=address, notify=notify)
    assert killed == [-signal.SIGKILL]
    assert workers[1].poll() is None
    statuses = [o.status for o in result.outcomes]
    assert statuses == ["done"] * BROKEN + ["failed"] + ["done"] * (39 - BROKEN)
    # Named as the local batch names it, though the worker reads from another folder.
    assert result.failed[0].error == "in/gone.txt: no such file"
    assert no_temporaries(out)
    assert files(out) == local


def test_ctrl_c_on_the_client_leaves_the_cluster_running_and_the_ledger_whole(
    tmp_path: Path,
    cluster: tuple[str, list[subprocess.Popen[bytes]]],
    forty: tuple[Path, dict[str, bytes]],
) -> None:
    address, workers = cluster
    manifest, reference = forty
    out = tmp_path / "dask"
    ledger = out / ".align-batch.json"
    command = [sys.executable, "-m", "align", "batch", "pairs.csv", "-o", str(out)]
    client = subprocess.Popen(
        [*command, "--scheduler", address], stderr=subprocess.PIPE, text=True, cwd=manifest.parent
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and client.poll() is None:
        if ledger.exists() and len(json.loads(ledger.read_text() or "{}").get("pairs", {})) >= 5:
            break
        time.sleep(0.05)
    client.send_signal(signal.SIGINT)
    _, err = client.communicate(timeout=60)
    assert client.returncode == 130, err
    assert err.endswith("align: interrupted\n")
    # The cluster is not ours: still there, every worker with it.
    assert all(process.poll() is None for process in workers)
    from distributed import Client

    with Client(address, timeout=30) as connected:
        assert len(connected.scheduler_info()["workers"]) == 2
    # Each pair the ledger calls done has its outputs, as a local run writes them.
    entries = json.loads(ledger.read_text())["pairs"]
    done = [name for name, entry in entries.items() if entry["status"] == "done"]
    assert 5 <= len(entries) < 40
    for name in done:
        for ext in ("json", "html"):
            assert (out / f"{name}.{ext}").read_bytes() == reference[f"{name}.{ext}"]
    # The tasks that were running when the client went finish or are cancelled (on a loaded
    # machine that takes a while); either way no temporary file may stay behind.
    settle = time.monotonic() + 60
    while not no_temporaries(out) and time.monotonic() < settle:
        time.sleep(0.2)
    assert no_temporaries(out)
    # Resumed, it does the rest and ends as a local run.
    rerun = subprocess.run(
        [*command, "--scheduler", address], capture_output=True, cwd=manifest.parent
    )
    assert rerun.returncode == 2  # the broken pair fails again
    resumed = files(out)
    assert resumed.pop("index.html").count(b'<td class="status">up to date</td>') == len(done)
    assert resumed == {name: text for name, text in reference.items() if name != "index.html"}
