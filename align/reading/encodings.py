"""A file's bytes to text: byte-order marks, UTF-8, declared and detected legacy encodings."""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from typing import AnyStr, NamedTuple

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


class Decoded(NamedTuple):
    """Text decoded from bytes: the encoding used, why it was chosen, and any warnings."""

    text: str
    encoding: str
    #: The evidence for ``encoding``, one line: what the JSON records.
    reason: str
    warnings: tuple[str, ...] = ()


def _decode(raw: bytes, name: str, *, declared: str = "", strict: bool = False) -> Decoded:
    """The text, its encoding, why that one, and any warnings (``declared``: a page's charset).

    A file that is UTF-8 but for a few bytes is UTF-8 with damage: the bad
    bytes become U+FFFD and a warning says where (``strict`` refuses it
    instead). A legacy encoding is taken only on strong evidence, and only
    one the README promises (Windows-1252, Latin-1).
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom) :].decode(encoding.replace("-sig", ""))
            except UnicodeDecodeError:
                raise AlignError(f"{name}: {_CANNOT_DECODE}") from None
            _refuse_binary(text, name)
            return Decoded(text, encoding, f"{_CODEC_NAMES[encoding]} byte-order mark")
    if b"\x00" in raw:
        utf16 = _utf16_without_bom(raw)
        if not utf16:
            raise AlignError(f"{name}: binary file, not text")
        try:
            text = raw.decode(utf16)
        except UnicodeDecodeError:
            raise AlignError(f"{name}: binary file, not text") from None
        _refuse_binary(text, name)
        nuls = "odd" if utf16 == "utf-16-le" else "even"
        reason = f"no byte-order mark; NUL bytes at {nuls} offsets, as {_CODEC_NAMES[utf16]}'s"
        return Decoded(text, utf16, reason)
    try:
        decoded = Decoded(raw.decode("utf-8"), "utf-8", "valid UTF-8")
    except UnicodeDecodeError:
        decoded = _decode_damaged(raw, declared, name, strict)
    _refuse_binary(decoded.text, name)
    return decoded


#: Codec names as people write them, for the reasons recorded in the JSON.
_CODEC_NAMES = {
    "utf-32-le": "UTF-32-LE",
    "utf-32-be": "UTF-32-BE",
    "utf-8-sig": "UTF-8",
    "utf-16-le": "UTF-16-LE",
    "utf-16-be": "UTF-16-BE",
    "cp1252": "Windows-1252",
    "iso8859-1": "Latin-1",
}


#: The share of a UTF-16 file's ASCII-range characters whose high byte is NUL
#: that marks it as UTF-16 without a byte-order mark (English text: nearly all).
_UTF16_NULS = 0.3


def _utf16_without_bom(raw: bytes) -> str:
    """``"utf-16-le"`` or ``"utf-16-be"`` if the NULs fall as UTF-16's do, else ``""``.

    In UTF-16 text every ASCII character has a NUL high byte: NULs at odd
    offsets (little-endian) or even ones (big-endian), almost never both.
    """
    sample = raw[:65536]
    if len(raw) % 2 or len(sample) < 4:
        return ""
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    units = len(sample) // 2
    if odd >= units * _UTF16_NULS and even * 20 <= odd:
        return "utf-16-le"
    if even >= units * _UTF16_NULS and odd * 20 <= even:
        return "utf-16-be"
    return ""


#: How many offsets of bad bytes a warning lists.
_OFFSETS_SHOWN = 3
#: Characters that make a Windows-1252 or Latin-1 reading plausible for a
#: high byte: letters, and the punctuation and signs English text uses.
_LEGACY_SIGNS = frozenset("“”‘’–—…€£¥¢©®°±½¼¾×÷•«»§¶¡¿\xa0·´¨¸ªº¹²³µ")
_LONE_SURROGATE = re.compile("[\udc80-\udcff]")


def _decode_damaged(raw: bytes, declared: str, name: str, strict: bool) -> Decoded:
    """Decode bytes that are not valid UTF-8: damaged UTF-8, a legacy encoding, or refused.

    Valid multi-byte UTF-8 sequences are strong evidence of UTF-8 (a legacy
    file shows them only by accident, as mojibake): with as many of them as
    bad bytes, the file is UTF-8 with damage. Without them, a legacy
    encoding where every high byte reads as a letter or common sign; else a
    few bad bytes in ASCII text are damage too, and many are refused.
    """
    escaped = raw.decode("utf-8", "surrogateescape")
    bad = [m.start() for m in _LONE_SURROGATE.finditer(escaped)]
    # Non-ASCII characters that decoded (the lone surrogates stand for bad bytes).
    valid = len(escaped) - len(escaped.encode("ascii", "ignore")) - len(bad)
    if not (valid and len(bad) <= valid):
        legacy = _decode_legacy(raw, declared, first_bad=_byte_offset(escaped, bad[0]))
        if legacy is not None:
            return legacy
        if valid == 0 and len(bad) * 100 > len(raw):
            raise AlignError(f"{name}: {_CANNOT_DECODE}")
    # Byte offsets of the first bad bytes: each character before one is
    # re-encoded (lone surrogates back to their bytes), so offsets are exact.
    offsets = [_byte_offset(escaped, i) for i in bad[:_OFFSETS_SHOWN]]
    where = ", ".join(map(str, offsets)) + (", ..." if len(bad) > _OFFSETS_SHOWN else "")
    count = f"{len(bad)} byte{'s' if len(bad) != 1 else ''}"
    if strict:
        raise AlignError(f"{name}: not valid UTF-8 at byte {where} ({count} in all)")
    damage = f"not valid UTF-8 at byte {where}: {count} replaced with U+FFFD"
    return Decoded(
        raw.decode("utf-8", "replace"),
        f"utf-8 ({count} replaced)",
        f"UTF-8 with damage: {damage}; valid multi-byte UTF-8 sequences: {valid}",
        (f"{name}: {damage}",),
    )


def _byte_offset(escaped: str, index: int) -> int:
    """The byte offset of character ``index`` of bytes decoded with ``surrogateescape``."""
    return len(escaped[:index].encode("utf-8", "surrogateescape"))


def _plausible(text: str) -> bool:
    """True if every non-ASCII character of ``text`` is a letter or a common sign."""
    return all(c.isalpha() or c in _LEGACY_SIGNS for c in set(text) if c > "\x7f")


def _is_single_byte(encoding: str) -> bool:
    """True if every byte is one character in ``encoding`` (cp1252, latin-1, koi8-r...)."""
    try:
        return len(bytes(range(256)).decode(encoding, errors="replace")) == 256
    except LookupError:
        return False


def _decode_legacy(raw: bytes, declared: str, *, first_bad: int = 0) -> Decoded | None:
    """The declared charset, else Windows-1252 or Latin-1 on strong evidence; None if neither.

    ``first_bad`` is the offset of the first byte that is not valid UTF-8,
    for the reason recorded.

    Strong evidence: every high byte reads as a letter or a common sign, and
    charset-normalizer's measure of garbling ("chaos") finds the text clean
    and about as clean as the best single-byte candidate it ranks. Latin-1
    is tried only where Windows-1252 cannot decode the bytes. No other code
    page is guessed: on English text many tie (cp1250 reads "naïve" as
    "naďve", mac-latin2 turns UTF-8's curly quotes into "‚Äú"), and a
    guess with no strong evidence garbles silently.
    """
    if declared and declared not in ("utf-8", "utf-16", "utf-32"):
        try:
            return Decoded(
                raw.decode(declared),
                declared,
                f"not valid UTF-8 at byte {first_bad}; the page declares charset {declared}",
            )
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
        if (
            _plausible(text)
            and chaos <= limit
            and (best_chaos is None or chaos <= best_chaos + 0.05)
        ):
            encoding = codecs.lookup(western).name
            reason = _legacy_evidence(raw, encoding, first_bad, chaos)
            return Decoded(text, encoding, reason)
        break
    return None


#: How many distinct characters the recorded evidence quotes.
_EXAMPLES_SHOWN = 5


def _legacy_evidence(raw: bytes, encoding: str, first_bad: int, chaos: float) -> str:
    """Why ``raw`` was read as ``encoding``: one line of counted evidence.

    Linear: each high byte value is counted with `bytes.count`. For "“café”"
    in Windows-1252: ``not valid UTF-8 at byte 0; 2 bytes in 0x80-0x9F read
    as Windows-1252 punctuation (“ ”); 1 byte in 0xA0-0xFF as letters or
    signs (é); every high byte a letter or common sign; mess ratio 0.000``.
    """
    name = _CODEC_NAMES.get(encoding, encoding)
    counts = {value: raw.count(value.to_bytes(1, "big")) for value in range(0x80, 0x100)}
    parts = [f"not valid UTF-8 at byte {first_bad}"]
    ranges = (
        (range(0x80, 0xA0), f"0x80-0x9F read as {name} punctuation"),
        (range(0xA0, 0x100), "0xA0-0xFF as letters or signs"),
    )
    for values, what in ranges:
        present = [v for v in values if counts[v]]
        if not present:
            continue
        total = sum(counts[v] for v in present)
        shown = sorted({v.to_bytes(1, "big").decode(encoding) for v in present})
        examples = " ".join(shown[:_EXAMPLES_SHOWN])
        examples += " ..." if len(shown) > _EXAMPLES_SHOWN else ""
        parts.append(f"{total} byte{'s' if total != 1 else ''} in {what} ({examples})")
    parts.append("every high byte a letter or common sign")
    parts.append(f"mess ratio {chaos:.3f}")
    return "; ".join(parts)


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
