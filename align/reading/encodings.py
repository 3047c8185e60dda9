"""A file's bytes to text: byte-order marks, UTF-8, declared and detected legacy encodings."""

from __future__ import annotations

import codecs
import os
import stat
import sys
from typing import AnyStr

from align.errors import AlignError
from align.reading.limits import _BOMS, _CANNOT_DECODE, _CONTROL, _META_CHARSET, MAX_BYTES

# --- Bytes and encodings ---------------------------------------------------


def _read_bytes(path: str, name: str) -> bytes:
    """The raw bytes of ``path`` or standard input, at most `MAX_BYTES`."""
    too_large = f"{name}: file too large (over {MAX_BYTES // (1024 * 1024)} MiB)"
    try:
        if path == "-":
            if sys.stdin is None:
                raise AlignError(f"{name}: no standard input")
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with open(path, "rb") as handle:
                info = os.fstat(handle.fileno())
                if stat.S_ISDIR(info.st_mode):
                    raise AlignError(f"{name}: is a directory")
                if stat.S_ISREG(info.st_mode) and info.st_size > MAX_BYTES:
                    raise AlignError(too_large)
                # Bounded even for a device or pipe that never ends.
                data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise AlignError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise AlignError(f"{name}: is a directory") from None
    except PermissionError:
        raise AlignError(f"{name}: permission denied") from None
    except OSError as error:
        reason = (error.strerror or str(error) or type(error).__name__).lower()
        raise AlignError(f"{name}: cannot read ({reason})") from None
    except ValueError:  # a path with a NUL character in it
        raise AlignError(f"{name}: cannot read (invalid file name)") from None
    if len(data) > MAX_BYTES:
        raise AlignError(too_large)
    return data


def _declared_charset(raw: bytes) -> str:
    """The charset a page declares in a ``<meta>`` tag, if Python knows it."""
    match = _META_CHARSET.search(raw, 0, 4096)
    if not match:
        return ""
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return ""


def _decode(raw: bytes, name: str, *, declared: str = "") -> tuple[str, str]:
    """Decoded text and the encoding used; ``declared`` is an HTML page's charset."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom) :].decode(encoding.replace("-sig", ""))
            except UnicodeDecodeError:
                raise AlignError(f"{name}: {_CANNOT_DECODE}") from None
            _refuse_binary(text, name)
            return text, encoding
    if b"\x00" in raw:
        raise AlignError(f"{name}: binary file, not text")
    try:
        text, encoding = raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = _decode_legacy(raw, declared, name)
    _refuse_binary(text, name)
    return text, encoding


def _is_single_byte(encoding: str) -> bool:
    """True if every byte is one character in ``encoding`` (cp1252, latin-1, koi8-r...)."""
    try:
        return len(bytes(range(256)).decode(encoding, errors="replace")) == 256
    except LookupError:
        return False


def _decode_legacy(raw: bytes, declared: str, name: str) -> tuple[str, str]:
    """Decode a file that is not UTF-8: the declared charset, else a detected single-byte one.

    charset-normalizer ranks candidate encodings by how garbled ("chaos") the
    decoded text looks. On short English texts many code pages tie (cp1250
    often comes first and reads "naïve" as "naďve"; on six bytes a multi-byte
    guess may win), so Windows-1252, the usual legacy encoding of English
    text, is taken whenever charset-normalizer's measure finds it about as
    clean as the best single-byte candidate; Latin-1 where Windows-1252
    cannot decode the bytes. Another single-byte code page (cp1250 for Czech,
    cp1251 for Russian) is taken only with a language recognised in it.
    Multi-byte guesses are refused: on random bytes they are noise, and this
    tool reads English.
    """
    if declared and declared not in ("utf-8", "utf-16", "utf-32"):
        try:
            return raw.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    # Single-byte encodings map byte by byte, so samples judge a big file as
    # well as the whole would, in bounded time.
    best = from_bytes(_samples(raw)).best()
    best_chaos = best.chaos if best is not None and _is_single_byte(best.encoding) else None
    # The measure needs text to settle: a few words of curly quotes score high.
    limit = 0.2 if len(raw) >= 64 else 1.0
    for western in ("cp1252", "latin-1"):  # Latin-1 only where Windows-1252 cannot decode
        try:
            text = raw.decode(western)
        except UnicodeDecodeError:
            continue
        chaos = mess_ratio(_samples(text), 1.0)
        if chaos <= limit and (best_chaos is None or chaos <= best_chaos + 0.05):
            return text, codecs.lookup(western).name
        break
    # Another code page only when charset-normalizer also recognises a
    # language in its letters: a guess with none behind it is noise.
    if best is not None and best_chaos is not None and best.coherence > 0:
        try:
            return raw.decode(best.encoding), codecs.lookup(best.encoding).name
        except (UnicodeDecodeError, LookupError):
            pass
    raise AlignError(f"{name}: {_CANNOT_DECODE}")


def _samples(text: AnyStr, size: int = 32768) -> AnyStr:
    """The start, middle and end of a long text: enough to judge it, in bounded time."""
    if len(text) <= 3 * size:
        return text
    middle = len(text) // 2
    return text[:size] + text[middle : middle + size] + text[-size:]


def _refuse_binary(text: str, name: str) -> None:
    """Refuse text that is mostly control characters: a binary file that happened to decode."""
    sample = text[:65536]
    if "\x00" in sample or len(_CONTROL.findall(sample)) > max(8, len(sample) // 10):
        raise AlignError(f"{name}: binary file, not text")
