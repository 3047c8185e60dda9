"""The ledger of finished pairs, for resuming a batch."""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

from align.batch.jobs import DONE, LEDGER, LEDGER_SCHEMA, Figures, Job
from align.model import Options
from align.reading.url import cached_sha256, is_url
from align.runtime.output import write_atomic
from align.version import __version__

# --------------------------------------------------------------------------- the ledger


def _key(job: Job, options: Options, sha256: tuple[str, str]) -> dict[str, Any]:
    """Everything that decides a pair's outputs."""
    return {
        "version": __version__,
        "options": options.to_dict(),
        "a": {"path": job.given[0], "sha256": sha256[0]},
        "b": {"path": job.given[1], "sha256": sha256[1]},
    }


def _sha256(path: str, cache: str | None = None) -> str | None:
    """The sha256 of a file's bytes, or of a page's kept in ``cache`` (None: cannot tell)."""
    if is_url(path):
        return cached_sha256(cache, path)
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _up_to_date(
    job: Job, folder: str, options: Options, entry: Any, cache: str | None = None
) -> Figures | None:
    """The figures the ledger keeps for ``job`` if its outputs are up to date, else None.

    A page by address is up to date when ``cache`` keeps the bytes compared;
    without a cache it is fetched again, and the pair redone.
    """
    if not isinstance(entry, dict) or entry.get("status") != DONE:
        return None
    if not all(
        os.path.isfile(os.path.join(folder, f"{job.name}.{ext}")) for ext in ("json", "html")
    ):
        return None
    sha_a, sha_b = _sha256(job.a, cache), _sha256(job.b, cache)
    if sha_a is None or sha_b is None or entry.get("key") != _key(job, options, (sha_a, sha_b)):
        return None
    try:
        kept = entry["figures"]
        return Figures(
            labels=(str(kept["labels"][0]), str(kept["labels"][1])),
            pairs=int(kept["pairs"]),
            relations=tuple(int(n) for n in kept["relations"]),
            coverage=(str(kept["coverage"][0]), str(kept["coverage"][1])),
            variants=int(kept["variants"]),
        )
    except (KeyError, IndexError, TypeError, ValueError):
        return None  # an entry this version cannot read: redo the pair


def _load_ledger(folder: str) -> dict[str, Any]:
    """The ledger's entries by pair name; empty when missing or unreadable (all is redone)."""
    try:
        with open(os.path.join(folder, LEDGER), encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("schema") != LEDGER_SCHEMA:
        return {}
    pairs = data.get("pairs")
    return dict(pairs) if isinstance(pairs, dict) else {}


def _save_ledger(folder: str, ledger: dict[str, Any]) -> None:
    data = {"schema": LEDGER_SCHEMA, "pairs": dict(sorted(ledger.items()))}
    write_atomic(
        os.path.join(folder, LEDGER), json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    )
