"""A page by address (``http://``, ``https://``) to bytes, with the record of where it came from.

`fetch` asks once with urllib3 (redirects followed by hand, at most
`MAX_REDIRECTS`), gives up after `TIMEOUT` seconds in all, refuses a body over
`MAX_PAGE_BYTES` and a content type that is not a page the readers know
(HTML, plain text, PDF, Word). With a cache folder, a page fetched once is read
from it again: a rerun, or a resumed batch, reads the same bytes with the same
record (its address, the final address, the time fetched, the sha256).

Every failure is an `AlignError` whose message is one line naming the address.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

from align.errors import AlignError
from align.model import Origin
from align.reading.limits import MAX_PAGE_BYTES
from align.runtime.output import write_atomic

#: Seconds a fetch may take in all (connecting, waiting, reading the body).
TIMEOUT = 30.0
#: Redirects followed before giving up (browsers allow about 20; a page needs one or two).
MAX_REDIRECTS = 5
#: Content types read, and the suffix whose reader takes them.
CONTENT_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/epub+zip": ".epub",
    "application/vnd.oasis.opendocument.text": ".odt",
    "multipart/related": ".mhtml",
    "application/x-mimearchive": ".mhtml",
}
_CHUNK = 64 * 1024
_USER_AGENT = "align (compares renderings of a text; one request per page)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Page:
    """A fetched page: its bytes, the suffix of the reader for its type, its charset, its origin."""

    body: bytes
    suffix: str
    charset: str
    origin: Origin


def is_url(path: str) -> bool:
    """True for an ``http://`` or ``https://`` address.

    >>> is_url("https://vovworld.vn/en-US/a.vov"), is_url("vov.txt"), is_url("ftp://x/y")
    (True, False, False)
    """
    return path[:8].lower().startswith(("http://", "https://"))


def fetch(url: str, *, cache: str | None = None) -> Page:
    """The page at ``url``, from ``cache`` (a folder) when it holds it; fetched and kept there else.

    Raises `AlignError` naming the address: bad address, no connection,
    time-out, an HTTP error status, too many redirects, a body too large, a
    content type that is not a page.
    """
    if cache is not None:
        kept = _cached(cache, url)
        if kept is not None:
            return kept
    page = _download(url)
    if cache is not None:
        _keep(cache, page)
    return page


def _download(url: str) -> Page:
    import urllib3

    name = url if url.isprintable() else ascii(url)
    deadline = time.monotonic() + TIMEOUT
    address = url
    with urllib3.PoolManager(headers={"User-Agent": _USER_AGENT}, retries=False) as http:
        for _ in range(MAX_REDIRECTS + 1):
            _check_address(address, name)
            left = deadline - time.monotonic()
            if left <= 0:
                raise AlignError(f"{name}: timed out after {TIMEOUT:g} s")
            try:
                response = http.request(
                    "GET",
                    address,
                    preload_content=False,
                    redirect=False,
                    timeout=urllib3.Timeout(connect=left, read=left),
                )
            except urllib3.exceptions.NewConnectionError as e:  # before: it is a TimeoutError
                raise AlignError(f"{name}: cannot connect ({_reason(e)})") from None
            except urllib3.exceptions.TimeoutError:
                raise AlignError(f"{name}: timed out after {TIMEOUT:g} s") from None
            except urllib3.exceptions.HTTPError as e:
                raise AlignError(f"{name}: cannot fetch ({_reason(e)})") from None
            try:
                if response.status in _REDIRECTS and response.headers.get("Location"):
                    address = urljoin(address, response.headers["Location"])
                    continue
                if response.status != 200:
                    reason = f" {response.reason}" if response.reason else ""
                    raise AlignError(f"{name}: HTTP {response.status}{reason}")
                suffix, charset = _content_type(response.headers.get("Content-Type", ""), name)
                body = _body(response, name, deadline)
            finally:
                response.release_conn()
            fetched = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
            sha256 = hashlib.sha256(body).hexdigest()
            return Page(body, suffix, charset, Origin(url, address, fetched, sha256))
    raise AlignError(f"{name}: too many redirects (over {MAX_REDIRECTS})")


def _check_address(address: str, name: str) -> None:
    parts = urlsplit(address)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise AlignError(f"{name}: not an http or https address ({address[:200]})")


def _reason(error: Exception) -> str:
    """The root of a urllib3 error in a few words (its own messages repeat the address)."""
    reason = getattr(error, "reason", None) or error
    text = str(reason)
    # "<urllib3.connection.HTTPConnection object at 0x...>: Failed to establish ..."
    if ">: " in text:
        text = text.split(">: ", 1)[1]
    return " ".join(text.split())[:160] or type(reason).__name__


def _content_type(header: str, name: str) -> tuple[str, str]:
    """The reader's suffix and the declared charset, for a ``Content-Type`` header."""
    kind, _, parameters = header.partition(";")
    kind = kind.strip().lower()
    if kind not in CONTENT_TYPES:
        shown = kind or "none given"
        raise AlignError(f"{name}: not a page the reader knows (content type {shown})")
    charset = ""
    for parameter in parameters.split(";"):
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
    return CONTENT_TYPES[kind], charset


def _body(response, name: str, deadline: float) -> bytes:
    """The body, refused past `MAX_PAGE_BYTES` (as announced, or as read) or the deadline."""
    too_large = f"{name}: page too large (over {MAX_PAGE_BYTES // (1024 * 1024)} MiB)"
    import urllib3

    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > MAX_PAGE_BYTES:
        raise AlignError(too_large)
    chunks, size = [], 0
    try:
        for chunk in response.stream(_CHUNK):
            size += len(chunk)
            if size > MAX_PAGE_BYTES:
                raise AlignError(too_large)
            if time.monotonic() > deadline:
                raise AlignError(f"{name}: timed out after {TIMEOUT:g} s")
            chunks.append(chunk)
    except urllib3.exceptions.TimeoutError:
        raise AlignError(f"{name}: timed out after {TIMEOUT:g} s") from None
    except urllib3.exceptions.HTTPError as e:
        raise AlignError(f"{name}: cannot fetch ({_reason(e)})") from None
    return b"".join(chunks)


# --------------------------------------------------------------------------- the cache


def _entry(cache: str, url: str) -> str:
    """The path, less its extension, under which ``cache`` keeps ``url``."""
    return os.path.join(cache, hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest())


def _cached(cache: str, url: str) -> Page | None:
    """The page ``cache`` keeps for ``url``, None when it has none (or a damaged one)."""
    entry = _entry(cache, url)
    try:
        with open(entry + ".json", encoding="utf-8") as f:
            record = json.load(f)
        with open(entry + ".body", "rb") as f:
            body = f.read(MAX_PAGE_BYTES + 1)
        origin = Origin(**record["origin"])
        page = Page(body, str(record["suffix"]), str(record["charset"]), origin)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if origin.url != url or hashlib.sha256(body).hexdigest() != origin.sha256:
        return None
    return page


def cached_sha256(cache: str | None, url: str) -> str | None:
    """The sha256 of the bytes ``cache`` keeps for ``url`` (None: not kept, fetch to know)."""
    if cache is None:
        return None
    page = _cached(cache, url)
    return None if page is None else page.origin.sha256


def _keep(cache: str, page: Page) -> None:
    """Keep ``page`` in ``cache``: the body first, then the record that vouches for it."""
    try:
        os.makedirs(cache, exist_ok=True)
    except OSError as e:
        raise AlignError(f"{cache}: cannot create the cache folder ({e.strerror})") from None
    entry = _entry(cache, page.origin.url)
    write_atomic(entry + ".body", page.body)
    record = {"origin": asdict(page.origin), "suffix": page.suffix, "charset": page.charset}
    write_atomic(entry + ".json", json.dumps(record, indent=1, sort_keys=True) + "\n")
