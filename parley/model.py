"""parley's own record types, shared by the core, the IO layer and the flows (no third-party types)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class RejectReason(StrEnum):
    """Why an input (a file, or a line of a JSONL file) did not become a document. Greppable codes."""

    EMPTY = "empty"
    BINARY = "binary"
    UNDECODABLE = "undecodable"
    TOO_LARGE = "too_large"
    UNSUPPORTED_FORMAT = "unsupported_format"
    UNREADABLE = "unreadable"
    JSONL_INVALID_JSON = "jsonl_invalid_json"
    JSONL_MISSING_TEXT = "jsonl_missing_text"
    BAD_SIDECAR = "bad_sidecar"
    ORPHAN_SIDECAR = "orphan_sidecar"
    UNSUPPORTED_LANGUAGE = "unsupported_language"
    LANGUAGE_UNKNOWN = "language_unknown"
    NOT_PROSE = "not_prose"
    TOO_NESTED = "too_nested"
    INTERNAL_ERROR = "internal_error"


class Rejected(Exception):
    """Raised inside ingestion when an input must become a `rejects` row; carries code and advice."""

    def __init__(self, reason: RejectReason, detail: str) -> None:
        super().__init__(f"{reason.value}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class SourceRef:
    """Where a document's text came from: a file, or one line of a JSONL file."""

    path: str
    format: str
    encoding: str
    line: int | None = None
    meta_path: str | None = None


@dataclass(frozen=True)
class Metadata:
    """Article metadata given next to the text (sidecar, JSONL keys, HTML meta tags)."""

    id: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    lang: str | None = None
    origin: str = "metadata"

    def merged_over(self, fallback: Metadata) -> Metadata:
        """Fields of self win; missing ones come from `fallback`."""
        return Metadata(
            id=self.id or fallback.id,
            url=self.url or fallback.url,
            title=self.title or fallback.title,
            published=self.published or fallback.published,
            lang=self.lang or fallback.lang,
            origin=self.origin if self.published else fallback.origin,
        )


@dataclass(frozen=True)
class RawArticle:
    """Decoded text of one article before cleaning, with its metadata and provenance."""

    text: str
    source: SourceRef
    metadata: Metadata = field(default_factory=Metadata)
    is_markdown: bool = False
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParagraphLanguage:
    """The language of one body paragraph, so that mixed documents are visible."""

    index: int
    lang: str
    confidence: float
    chars: int


@dataclass(frozen=True)
class Document:
    """A cleaned article: one row of the `documents` table."""

    doc_id: str
    sources: tuple[SourceRef, ...]
    lang: str
    lang_confidence: float
    lang_source: str
    script: str
    paragraph_langs: tuple[ParagraphLanguage, ...]
    mixed_language: bool
    title: str | None
    url: str | None
    published: dt.date | None
    published_precision: str | None
    published_source: str | None
    body: str
    warnings: tuple[str, ...]
    ingested_at: dt.datetime

    @property
    def char_count(self) -> int:
        return len(self.body)


@dataclass(frozen=True)
class Reject:
    """An input that did not become a document: one row of the `rejects` table."""

    source_path: str
    reason: RejectReason
    detail: str
    rejected_at: dt.datetime
    line: int | None = None
