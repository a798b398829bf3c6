"""Ingest a folder: raw inputs -> documents and rejects (the core behind `parley ingest`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from parley.ingest.documents import build_document, merge_duplicates
from parley.io.raw import read_inputs
from parley.model import Document, RawArticle, Reject, Rejected, RejectReason
from parley.settings import IngestSettings


@dataclass(frozen=True)
class IngestResult:
    documents: list[Document]
    rejects: list[Reject]


def ingest_folder(input_dir: Path, settings: IngestSettings, now: dt.datetime | None = None) -> IngestResult:
    """Every file under `input_dir` becomes documents or rejects; one bad file never stops the rest."""
    now = now or dt.datetime.now(dt.UTC)
    documents: list[Document] = []
    rejects: list[Reject] = []
    for item in read_inputs(Path(input_dir), settings.max_file_bytes, now):
        if isinstance(item, Reject):
            rejects.append(item)
            continue
        try:
            documents.append(build_document(item, settings, now))
        except Rejected as rejected:
            rejects.append(_reject(item, rejected.reason, rejected.detail, now))
        except Exception as error:  # noqa: BLE001 - one bad article must never stop the run
            rejects.append(
                _reject(
                    item,
                    RejectReason.INTERNAL_ERROR,
                    f"{type(error).__name__}: {error}. This is a parley bug: please report it",
                    now,
                )
            )
    return IngestResult(merge_duplicates(documents), rejects)


def _reject(item: RawArticle, reason: RejectReason, detail: str, now: dt.datetime) -> Reject:
    return Reject(item.source.path, reason, detail, now, line=item.source.line)
