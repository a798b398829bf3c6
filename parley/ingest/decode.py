"""Bytes to text: BOMs, strict UTF-8, then charset detection (charset-normalizer) for legacy encodings."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

from parley.ingest.langid import UNKNOWN, detect_language
from parley.model import Rejected, RejectReason
from parley.resources.loader import available_languages, language_info

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"),
    (b"\xd0\xcf\x11\xe0", "legacy Office document"),
)

# Legacy encodings of the languages parley reads (Latin-1/Windows, Turkish, Central European, Cyrillic).
_LEGACY_ENCODINGS = [
    "cp1252", "iso8859_15", "cp1254", "iso8859_9", "cp1250", "cp1251", "koi8_r", "koi8_u",
    "iso8859_5", "cp866", "mac_cyrillic",
]

# A mostly-UTF-8 file with a few broken bytes is repaired (with a warning) rather than rejected.
_MAX_BROKEN_UTF8_SHARE = 0.01


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode_bytes(data: bytes) -> Decoded:
    """Decode a whole file; raise Rejected (empty, binary, undecodable) when it is not text."""
    if not data.strip():
        raise Rejected(RejectReason.EMPTY, "the file has no content (0 bytes or whitespace only)")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise Rejected(
                RejectReason.BINARY,
                f"looks like a {kind}, not text; convert it to .txt/.html or remove it from the input",
            )
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding.replace("-sig", ""))
            except UnicodeDecodeError as error:
                raise Rejected(
                    RejectReason.UNDECODABLE,
                    f"starts with a {encoding} byte-order mark but does not decode as {encoding}: {error}",
                ) from None
            return Decoded(text, encoding)
    if b"\x00" in data:
        return _decode_with_nuls(data)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    broken = _broken_utf8_share(data)
    if broken is not None and broken <= _MAX_BROKEN_UTF8_SHARE:
        text = data.decode("utf-8", errors="replace").replace("\ufffd", "")
        return Decoded(
            text,
            "utf-8",
            (f"invalid_utf8: {broken:.2%} of the bytes were not valid UTF-8 and were dropped",),
        )
    return _detect(data)


def _broken_utf8_share(data: bytes) -> float | None:
    """Share of bytes that break UTF-8, or None when the file has no valid multi-byte UTF-8 at all."""
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if multibyte == 0:
        return None
    return replaced / max(len(data), 1)


def _detect(data: bytes) -> Decoded:
    """charset-normalizer proposes legacy encodings; the one whose text best fits the alphabet of
    the language it reads as wins (it alone tells cp1254 Turkish from cp1250 or cp1252)."""
    candidates = [m for m in from_bytes(data, cp_isolation=_LEGACY_ENCODINGS) if m.chaos <= 0.3]
    if not candidates:
        raise Rejected(
            RejectReason.UNDECODABLE,
            "not valid UTF-8 and no legacy encoding fits; re-save the file as UTF-8",
        )
    best = max(candidates, key=lambda match: _alphabet_fit(str(match)))
    encoding = best.encoding.replace("_", "-")
    return Decoded(str(best), encoding, (f"legacy_encoding: decoded as {encoding}",))


def _alphabet_fit(text: str) -> float:
    """Share of letters that belong to the alphabet of the language the text is detected as."""
    guess = detect_language(text)
    if guess.lang == UNKNOWN or guess.lang not in available_languages():
        return 0.0
    alphabet = set(language_info(guess.lang).alphabet)
    letters = [ch for ch in text.lower() if ch.isalpha()]
    return sum(ch in alphabet for ch in letters) / max(len(letters), 1)


def _decode_with_nuls(data: bytes) -> Decoded:
    """Text never holds NUL bytes, except UTF-16 without a BOM, where they sit on every other byte
    (ASCII and Latin letters); anything else with NULs is binary."""
    sample = data[:4096]
    half = max(len(sample) // 2, 1)
    even_nuls, odd_nuls = sample[0::2].count(0) / half, sample[1::2].count(0) / half
    encoding = None
    if odd_nuls > 0.3 and even_nuls < 0.05:
        encoding = "utf-16-le"
    elif even_nuls > 0.3 and odd_nuls < 0.05:
        encoding = "utf-16-be"
    if encoding is not None and len(data) % 2 == 0:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            text = None
        if text is not None and "\x00" not in text:
            return Decoded(text, encoding, (f"no_bom: decoded as {encoding} without a byte-order mark",))
    raise Rejected(
        RejectReason.BINARY,
        "contains NUL bytes and is not UTF-16 text; it is probably a binary file",
    )
