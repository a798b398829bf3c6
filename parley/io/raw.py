"""Read every file under an input folder into raw articles, or into rejects: nothing is skipped.

This is the only module that opens raw inputs. Each file ends up as articles (one, or one per JSONL
line) or as a Reject with a reason; a sidecar `<file>.meta.json` travels with its file.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path

from parley.ingest.decode import decode_bytes
from parley.ingest.formats import (
    SIDECAR_SUFFIX,
    format_of,
    html_to_article,
    iter_jsonl,
    looks_like_markdown,
    parse_sidecar,
    supported_suffixes,
)
from parley.model import Metadata, RawArticle, Reject, Rejected, RejectReason, SourceRef


class InputFolderError(FileNotFoundError):
    """The input folder itself is missing or not a folder."""


def list_input_files(input_dir: Path) -> list[Path]:
    """All regular files below `input_dir`, sorted, so runs are deterministic."""
    if not input_dir.is_dir():
        raise InputFolderError(
            f"input folder {input_dir} does not exist or is not a folder; pass --input DIR or set "
            "PARLEY_PATHS__INPUT_DIR"
        )
    files: list[Path] = []
    for root, dirs, names in os.walk(input_dir):
        dirs.sort()
        files.extend(Path(root) / name for name in sorted(names))
    return [f for f in files if f.is_file() or not f.exists()]


def read_inputs(
    input_dir: Path, max_file_bytes: int, now: dt.datetime
) -> Iterator[RawArticle | Reject]:
    """Raw articles and rejects for every file under `input_dir`."""
    files = list_input_files(Path(input_dir))
    names = {str(f) for f in files}
    for path in files:
        fmt = format_of(path.name)
        if fmt == "sidecar":
            main = str(path)[: -len(SIDECAR_SUFFIX)]
            if main not in names:
                yield Reject(
                    str(path),
                    RejectReason.ORPHAN_SIDECAR,
                    f"sidecar without its article: {Path(main).name} is not in the input folder",
                    now,
                )
            continue
        try:
            yield from _read_one(path, fmt, names, max_file_bytes, now)
        except Rejected as rejected:
            yield Reject(str(path), rejected.reason, rejected.detail, now)
        except Exception as error:  # noqa: BLE001 - one bad file must never stop the run
            yield Reject(
                str(path),
                RejectReason.INTERNAL_ERROR,
                f"{type(error).__name__}: {error}. This is a parley bug: please report it with the file",
                now,
            )


def _read_bytes(path: Path, max_file_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_file_bytes:
            raise Rejected(
                RejectReason.TOO_LARGE,
                f"{size / 1e6:.1f} MB exceeds max_file_bytes={max_file_bytes} "
                "(raise PARLEY_INGEST__MAX_FILE_BYTES if this is really one article)",
            )
        with path.open("rb") as handle:
            return handle.read(max_file_bytes + 1)[: max_file_bytes + 1]
    except OSError as error:
        raise Rejected(
            RejectReason.UNREADABLE,
            f"could not read the file ({type(error).__name__}: {error.strerror or error}); "
            "it may have been moved or its permissions changed during the run",
        ) from None


def _read_one(
    path: Path, fmt: str | None, names: set[str], max_file_bytes: int, now: dt.datetime
) -> Iterator[RawArticle | Reject]:
    if fmt is None:
        raise Rejected(
            RejectReason.UNSUPPORTED_FORMAT,
            f"parley reads {', '.join(supported_suffixes())} files; convert this one or move it out "
            "of the input folder",
        )
    warnings: list[str] = []
    sidecar_meta = Metadata()
    meta_path: str | None = None
    sidecar = Path(str(path) + SIDECAR_SUFFIX)
    if str(sidecar) in names:
        try:
            sidecar_meta = parse_sidecar(decode_bytes(_read_bytes(sidecar, max_file_bytes)).text)
            meta_path = str(sidecar)
        except Rejected as rejected:
            yield Reject(str(sidecar), RejectReason.BAD_SIDECAR, rejected.detail, now)
            warnings.append(f"bad_sidecar: {rejected.detail}")

    if fmt == "jsonl":
        yield from _read_jsonl(path, max_file_bytes, sidecar_meta, meta_path, warnings, now)
        return
    decoded = decode_bytes(_read_bytes(path, max_file_bytes))
    warnings = list(decoded.warnings) + warnings

    def source(line: int | None = None) -> SourceRef:
        return SourceRef(str(path), fmt or "txt", decoded.encoding, line, meta_path)

    if fmt == "html":
        page = html_to_article(decoded.text)
        yield RawArticle(
            page.text, source(), sidecar_meta.merged_over(page.metadata), True, tuple(warnings)
        )
        return
    is_markdown = fmt == "md" or looks_like_markdown(decoded.text)
    yield RawArticle(decoded.text, source(), sidecar_meta, is_markdown, tuple(warnings))


def _read_jsonl(
    path: Path, max_line_bytes: int, sidecar_meta: Metadata, meta_path: str | None, warnings: list[str],
    now: dt.datetime,
) -> Iterator[RawArticle | Reject]:
    """A JSONL file streamed line by line (a feed may hold 100,000 lines, and the file as a whole
    has no size limit): each line is one article, or one reject, and is bounded by `max_line_bytes`."""
    found_line = False
    for line in _jsonl_lines(path, max_line_bytes, now):
        if isinstance(line, Reject):
            found_line = True
            yield line
            continue
        number, text, encoding, line_warnings = line
        for item in iter_jsonl([text], first_line=number):
            found_line = True
            if isinstance(item, tuple):
                yield Reject(str(path), item[1].reason, item[1].detail, now, line=number)
            else:
                yield RawArticle(
                    item.text,
                    SourceRef(str(path), "jsonl", encoding, number, meta_path),
                    item.metadata.merged_over(sidecar_meta),
                    looks_like_markdown(item.text),
                    tuple(warnings + line_warnings),
                )
    if not found_line:  # only blank lines: whitespace, or control characters Python counts as such
        yield Reject(
            str(path), RejectReason.EMPTY,
            "the JSONL file has no non-blank line (only whitespace or control characters); "
            "write one JSON object with a 'text' key per line",
            now,
        )


_WIDE_BOM = re.compile(b"^(\\xff\\xfe|\\xfe\\xff|\\x00\\x00\\xfe\\xff)")


def _jsonl_lines(path: Path, max_line_bytes: int, now: dt.datetime) -> Iterator[tuple[int, str, str, list[str]] | Reject]:
    """(line number, text, encoding, warnings) of each line, holding one line at a time; an
    over-long line becomes a too_large reject. UTF-16/32 files (no byte-wise lines) are decoded
    whole, within max_file_bytes."""
    try:
        with path.open("rb") as handle:
            if _WIDE_BOM.match(handle.read(4)):
                decoded = decode_bytes(_read_bytes(path, max_line_bytes))
                for number, text in enumerate(decoded.text.split("\n"), start=1):
                    yield number, text, decoded.encoding, list(decoded.warnings)
                return
            handle.seek(0)
            number = 0
            while raw := handle.readline(max_line_bytes + 1):
                number += 1
                if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
                    while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                        pass  # skip the rest of the over-long line without holding it
                    yield Reject(str(path), RejectReason.TOO_LARGE,
                                 f"line {number} is longer than max_file_bytes={max_line_bytes}; split it",
                                 now, line=number)
                    continue
                if number == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8):]
                yield number, *_decode_line(raw)
    except OSError as error:
        raise Rejected(
            RejectReason.UNREADABLE,
            f"could not read the file ({type(error).__name__}: {error.strerror or error})",
        ) from None


def _decode_line(raw: bytes) -> tuple[str, str, list[str]]:
    """A JSONL line as text: UTF-8 (as JSON Lines requires), else the decoder's best reading."""
    try:
        return raw.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    try:
        decoded = decode_bytes(raw)
    except Rejected as rejected:
        return raw.decode("utf-8", errors="replace"), "utf-8", [f"{rejected.reason.value}: {rejected.detail}"]
    return decoded.text, decoded.encoding, list(decoded.warnings)
