"""Writing output files whole or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable

from align.errors import AlignError

#: The temporary files `write_atomic` writes before renaming them into place.
TEMP_PREFIX, TEMP_SUFFIX = ".align-", ".tmp"


def _missing_folder(folder: str) -> str:
    """Why ``folder`` cannot hold a file: it does not exist, or a file stands in its way."""
    ancestor = folder
    while ancestor and not os.path.exists(ancestor):
        parent = os.path.dirname(ancestor)
        if parent == ancestor:
            break
        ancestor = parent
    if os.path.exists(ancestor) and not os.path.isdir(ancestor):
        return f"{ancestor} is a file, not a folder"
    return f"folder {folder} does not exist"


def check_destination(path: str) -> None:
    """Raise `AlignError` now if `write_atomic` could not write `path` later (its folder is
    missing, a file stands in its way, or `path` is a folder): before a long run, not after.
    """
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise AlignError(f"{path}: is a directory")
    if not os.path.isdir(folder):
        raise AlignError(f"{path}: {_missing_folder(folder)}")


def write_atomic(path: str, data: str | bytes | Iterable[str]) -> None:
    """Write `data` (or its pieces, in turn) to `path` through a temporary file renamed into place.

    A failure leaves no partial file behind and raises `AlignError`.
    """
    check_destination(path)
    folder = os.path.dirname(os.path.abspath(path))
    pieces = [data] if isinstance(data, (str, bytes)) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    except OSError as e:
        raise AlignError(f"{path}: cannot write ({e.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as f:
            for piece in pieces:
                f.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as e:
        # Ctrl-C too: never leave the temporary file behind.
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise AlignError(f"{path}: cannot write ({e.strerror})") from None
        raise


def remove_abandoned(folder: str, names: Iterable[str]) -> None:
    """Remove the temporary files of `write_atomic` left in the folders of `names` (paths
    under `folder`) by a process killed while it wrote: call it only when no writer is left.
    """
    folders = {os.path.dirname(os.path.join(folder, name)) for name in names} | {folder}
    for where in sorted(folders):
        with contextlib.suppress(OSError):
            for entry in os.scandir(where):
                if entry.name.startswith(TEMP_PREFIX) and entry.name.endswith(TEMP_SUFFIX):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
