"""Pages by address: fetched from a local server (never the internet), recorded, cached."""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pdfs import make_pdf

from align.cli import main
from align.reading import read_source, url

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_B = SEEDS / "vna-to-lam-comprehensive-foreign-affairs.txt"
PAGE = Path(__file__).with_name("fixtures") / "reading" / "news-page.html"


class _Pages(BaseHTTPRequestHandler):
    """The routes of the test server; ``hits`` counts the requests to each path."""

    hits: Counter[str] = Counter()
    big = b"<p>" + b"word " * 60_000 + b"</p>"
    pdf = make_pdf(["A paragraph of a document served as a PDF, by its address."], title="A PDF")

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def send(self, status: int, body: bytes, kind: str = "text/html; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.hits[self.path] += 1
        route = self.path.split("?")[0]
        if route == "/news.html":
            self.send(200, PAGE.read_bytes())
        elif route == "/seed.txt":
            self.send(200, SEED_B.read_bytes(), "text/plain; charset=utf-8")
        elif route == "/moved":
            self.send_response(302)
            self.send_header("Location", "/elsewhere")
            self.end_headers()
        elif route == "/elsewhere":
            self.send_response(301)
            self.send_header("Location", "news.html")
            self.end_headers()
        elif route == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif route == "/slow":
            time.sleep(2)
            self.send(200, PAGE.read_bytes())
        elif route == "/drip":  # headers at once, then a byte now and then
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"<p>a</p>")
                self.wfile.flush()
                time.sleep(0.1)
        elif route == "/big":
            self.send(200, self.big)
        elif route == "/big-unannounced":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(self.big)
        elif route == "/doc.pdf":
            self.send(200, self.pdf, "application/pdf")
        elif route == "/photo.png":
            self.send(200, b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png")
        elif route == "/broken":
            self.send(500, b"oops", "text/plain")
        else:
            self.send(404, b"not here", "text/plain")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hung up on a slow page: what the tests do on purpose


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = _Server(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture()
def short_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """A one-second time-out and a 100 kB cap, so that the slow and big pages exceed them."""
    monkeypatch.setattr(url, "TIMEOUT", 1.0)
    monkeypatch.setattr(url, "MAX_PAGE_BYTES", 100_000)


def test_a_page_by_address_reads_as_the_saved_page_and_records_its_origin(
    server: str, tmp_path: Path
) -> None:
    out = tmp_path / "out.json"
    assert main(["json", f"{server}/news.html", str(SEED_B), "-o", str(out)]) == 0
    side = json.loads(out.read_text(encoding="utf-8"))["documents"]["a"]
    saved = read_source(PAGE)
    assert side["text"] == saved.text and side["format"] == "html"
    origin = side["origin"]
    assert origin["url"] == origin["final_url"] == f"{server}/news.html"
    assert origin["sha256"] == hashlib.sha256(PAGE.read_bytes()).hexdigest() == side["sha256"]
    assert origin["fetched"].endswith("+00:00") and origin["fetched"][:4].isdigit()
    # A file has no origin.
    assert "origin" not in json.loads(out.read_text(encoding="utf-8"))["documents"]["b"]


def test_plain_text_by_address_and_redirects_followed(server: str) -> None:
    text = read_source(f"{server}/seed.txt")
    assert text.format == "text" and text.text == read_source(SEED_B).text
    moved = read_source(f"{server}/moved")
    assert moved.origin is not None
    assert moved.origin.url == f"{server}/moved"
    assert moved.origin.final_url == f"{server}/news.html"
    assert moved.text == read_source(PAGE).text


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "HTTP 404 Not Found"),
        ("/broken", "HTTP 500 Internal Server Error"),
        ("/loop", "too many redirects (over 5)"),
        ("/slow", "timed out after 1 s"),
        ("/drip", "timed out after 1 s"),
        ("/big", "page too large"),
        ("/big-unannounced", "page too large"),
        ("/photo.png", "not a page the reader knows (content type image/png)"),
    ],
)
def test_a_failed_fetch_is_one_line_exit_2_and_nothing_written(
    server: str,
    path: str,
    reason: str,
    tmp_path: Path,
    short_limits: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "report.html"
    code = main(["report", f"{server}{path}", str(SEED_B), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"align: error: {server}{path}: {reason}")
    assert list(tmp_path.iterdir()) == []


def test_no_server_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    page = f"http://127.0.0.1:{port}/x.html"
    assert main(["json", page, str(SEED_B)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"align: error: {page}: cannot connect (")
    assert err.count("\n") == 1
    assert main(["json", "https://", str(SEED_B)]) == 2
    assert capsys.readouterr().err == (
        "align: error: https://: not an http or https address (https://)\n"
    )


def test_cache_serves_a_rerun_from_disk_byte_identical(server: str, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    page = f"{server}/news.html?cached"
    args = ["json", page, str(SEED_B), "--cache", str(cache)]
    assert main([*args, "-o", str(first)]) == 0
    assert _Pages.hits["/news.html?cached"] == 1
    time.sleep(1.1)  # a second fetch would record another time
    assert main([*args, "-o", str(second)]) == 0
    assert _Pages.hits["/news.html?cached"] == 1
    assert first.read_bytes() == second.read_bytes()
    # A damaged cache entry is fetched again, not trusted.
    body = next(cache.glob("*.body"))
    body.write_bytes(b"<p>tampered</p>")
    assert main([*args, "-o", str(second)]) == 0
    assert _Pages.hits["/news.html?cached"] == 2
    assert json.loads(second.read_text())["documents"]["a"]["text"] == read_source(PAGE).text


def test_batch_with_addresses_resumes_from_the_cache(server: str, tmp_path: Path) -> None:
    manifest = tmp_path / "pairs.csv"
    manifest.write_text(
        f"a,b,name\n{server}/news.html?batch,{SEED_B},news\n{server}/seed.txt,{SEED_B},same\n",
        encoding="utf-8",
    )
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert main(["batch", str(manifest), "-o", str(out), "--cache", str(cache)]) == 0
    before = _Pages.hits["/news.html?batch"]
    reports = {p.name: p.read_bytes() for p in out.glob("[!.]*.json")}
    assert set(reports) == {"news.json", "same.json"}
    ledger = json.loads((out / ".align-batch.json").read_text())
    assert ledger["pairs"]["news"]["key"]["a"]["path"] == f"{server}/news.html?batch"
    assert main(["batch", str(manifest), "-o", str(out), "--cache", str(cache)]) == 0
    assert _Pages.hits["/news.html?batch"] == before  # up to date: not fetched again
    assert {p.name: p.read_bytes() for p in out.glob("[!.]*.json")} == reports
    # Without the cache an address cannot be known up to date: it is fetched again.
    assert main(["batch", str(manifest), "-o", str(out)]) == 0
    assert _Pages.hits["/news.html?batch"] == before + 1


def test_a_pdf_by_address_is_read_as_a_pdf(server: str) -> None:
    source = read_source(f"{server}/doc.pdf")
    assert source.format == "pdf" and source.title == "A PDF"
    assert "A paragraph of a document served as a PDF, by its address." in source.text
    assert source.origin is not None and source.origin.sha256 == source.sha256
