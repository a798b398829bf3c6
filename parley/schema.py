"""One declared pyarrow schema per Parquet table, with field descriptions and a schema version.

Every writer casts to these schemas: a schema inferred from an all-null or empty-list batch differs
between files and breaks DuckDB, pandas and Polars depending on file order (PLATFORM-NOTES.md).
Timestamps are tz-aware UTC; strings are plain (never dictionary/categorical).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pyarrow as pa

from parley.model import Document, Reject

SCHEMA_VERSION = "1"


def _field(name: str, type_: pa.DataType, description: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"description": description})


def _schema(table: str, description: str, fields: list[pa.Field]) -> pa.Schema:
    return pa.schema(
        fields,
        metadata={
            "parley.table": table,
            "parley.schema_version": SCHEMA_VERSION,
            "description": description,
        },
    )


UTC_TIMESTAMP = pa.timestamp("us", tz="UTC")

SOURCE_TYPE = pa.struct(
    [
        pa.field("path", pa.string(), nullable=False),
        pa.field("line", pa.int32()),
        pa.field("format", pa.string(), nullable=False),
        pa.field("encoding", pa.string(), nullable=False),
        pa.field("meta_path", pa.string()),
    ]
)

PARAGRAPH_LANG_TYPE = pa.struct(
    [
        pa.field("index", pa.int32(), nullable=False),
        pa.field("lang", pa.string(), nullable=False),
        pa.field("confidence", pa.float64(), nullable=False),
        pa.field("chars", pa.int32(), nullable=False),
    ]
)

DOCUMENTS = _schema(
    "documents",
    "One row per distinct article (same normalised body = same document, all sources kept).",
    [
        _field("doc_id", pa.string(), "Stable id: first 16 hex digits of SHA-256 of the normalised body.", False),
        _field("sources", pa.list_(SOURCE_TYPE), "Every file (and JSONL line) this content came from.", False),
        _field("lang", pa.string(), "ISO 639-1 language code of the document.", False),
        _field("lang_confidence", pa.float64(), "Confidence of the language, 0-1 (1.0 when given by metadata).", False),
        _field("lang_source", pa.string(), "How the language was found: metadata or detected.", False),
        _field("script", pa.string(), "Dominant ISO 15924 script of the body: Latn, Cyrl, ...", False),
        _field("paragraph_langs", pa.list_(PARAGRAPH_LANG_TYPE), "Detected language per body paragraph.", False),
        _field("mixed_language", pa.bool_(), "True when paragraphs in another language hold >= 15% of the body.", False),
        _field("title", pa.string(), "Headline, if the article has one."),
        _field("url", pa.string(), "Article URL from metadata, if any."),
        _field("published", pa.date32(), "Publication date, if known."),
        _field("published_precision", pa.string(), "Precision of `published`: day, month or year."),
        _field("published_source", pa.string(), "Where `published` came from: metadata, html_meta or dateline."),
        _field("body", pa.string(), "Cleaned article text: NFC, boilerplate and markup removed; offsets refer to it.", False),
        _field("char_count", pa.int32(), "Number of characters (code points) in `body`.", False),
        _field("warnings", pa.list_(pa.string()), "Things repaired or doubtful during ingestion.", False),
        _field("ingested_at", UTC_TIMESTAMP, "When the document was ingested (UTC).", False),
    ],
)

REJECTS = _schema(
    "rejects",
    "One row per input (file, or JSONL line) that did not become a document, with the reason.",
    [
        _field("source_path", pa.string(), "The input file.", False),
        _field("line", pa.int32(), "1-based line number inside a JSONL file, else null."),
        _field("reason", pa.string(), "Reason code (see parley.model.RejectReason).", False),
        _field("detail", pa.string(), "Human-readable explanation and what to do about it.", False),
        _field("rejected_at", UTC_TIMESTAMP, "When the input was rejected (UTC).", False),
    ],
)

SCHEMAS: dict[str, pa.Schema] = {"documents": DOCUMENTS, "rejects": REJECTS}


def document_row(doc: Document) -> dict[str, Any]:
    """A `documents` row from a Document."""
    row = dataclasses.asdict(doc)
    row["sources"] = [dataclasses.asdict(s) for s in doc.sources]
    row["paragraph_langs"] = [dataclasses.asdict(p) for p in doc.paragraph_langs]
    row["warnings"] = list(doc.warnings)
    row["char_count"] = doc.char_count
    return row


def reject_row(reject: Reject) -> dict[str, Any]:
    """A `rejects` row from a Reject."""
    row = dataclasses.asdict(reject)
    row["reason"] = reject.reason.value
    return row
