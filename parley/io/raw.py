"""Read every file under an input folder into raw articles, or into rejects: nothing is skipped.

This is the only module that opens raw inputs. Each file ends up as articles (one, or one per JSONL
line) or as a Reject with a reason; a sidecar `<file>.meta.json` travels with its file.
"""

from __future__ import annotations

import datetime as dt
import os
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
    data = _read_bytes(path, max_file_bytes)
    decoded = decode_bytes(data)
    sidecar_meta = Metadata()
    meta_path: str | None = None
    warnings = list(decoded.warnings)
    sidecar = Path(str(path) + SIDECAR_SUFFIX)
    if str(sidecar) in names:
        try:
            sidecar_meta = parse_sidecar(decode_bytes(_read_bytes(sidecar, max_file_bytes)).text)
            meta_path = str(sidecar)
        except Rejected as rejected:
            yield Reject(str(sidecar), RejectReason.BAD_SIDECAR, rejected.detail, now)
            warnings.append(f"bad_sidecar: {rejected.detail}")

    def source(line: int | None = None) -> SourceRef:
        return SourceRef(str(path), fmt or "txt", decoded.encoding, line, meta_path)

    if fmt == "jsonl":
        records = list(iter_jsonl(decoded.text))
        if not records:  # only blank lines: whitespace, or control characters Python counts as such
            yield Reject(
                str(path), RejectReason.EMPTY,
                "the JSONL file has no non-blank line (only whitespace or control characters); "
                "write one JSON object with a 'text' key per line",
                now,
            )
            return
        for record in records:
            if isinstance(record, tuple):
                number, rejected = record
                yield Reject(str(path), rejected.reason, rejected.detail, now, line=number)
            else:
                yield RawArticle(
                    record.text,
                    source(record.line),
                    record.metadata.merged_over(sidecar_meta),
                    looks_like_markdown(record.text),
                    tuple(warnings),
                )
        return
    if fmt == "html":
        page = html_to_article(decoded.text)
        yield RawArticle(
            page.text, source(), sidecar_meta.merged_over(page.metadata), True, tuple(warnings)
        )
        return
    is_markdown = fmt == "md" or looks_like_markdown(decoded.text)
    yield RawArticle(decoded.text, source(), sidecar_meta, is_markdown, tuple(warnings))
