"""Specification: every table reads back identically in DuckDB, Polars, pandas and pyarrow.dataset,
without casts, and writes are atomic (no partial or temporary files where readers look)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from parley.canonical import canonicalise
from parley.evaluation.convert import rows_from_gold
from parley.evaluation.run import load_gold
from parley.extract.events import extract_events
from parley.extract.rows import event_rows
from parley.ingest.run import ingest_folder
from parley.io.tables import read_table, table_row_counts, write_table
from parley.nlp.fallback import tokenize_document
from parley.schema import (
    SCHEMA_VERSION,
    SCHEMAS,
    annotation_row,
    document_row,
    reject_row,
    sentence_rows_of,
    token_rows_of,
)
from parley.settings import IngestSettings


@pytest.fixture(scope="module")
def sample_rows(sample_dir: Path) -> dict[str, list[dict]]:
    result = ingest_folder(sample_dir, IngestSettings())
    now = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    rejects = [reject_row(r) for r in result.rejects] or [
        {"source_path": "x.pdf", "line": None, "reason": "unsupported_format", "detail": "d", "rejected_at": now}
    ]
    # NLP tables from the regex fallback tokenizer: real rows without needing a Stanza model
    annotated = [tokenize_document(d.doc_id, d.lang, d.body, "no_model: test") for d in result.documents]
    # Event tables from real extraction over those documents, plus gold-derived rows for more variety
    event_tables: dict[str, list] = {"events": [], "participants": [], "agreement_parties": []}
    extractions = []
    for doc, annotated_doc in zip(result.documents, annotated, strict=True):
        events = extract_events(annotated_doc, doc.published)
        for name, rows in event_rows(doc.doc_id, doc.lang, doc.body, events, "test").items():
            event_tables[name].extend(rows)
        extractions.append({"doc_id": doc.doc_id, "versions": "test", "event_count": len(events), "extracted_at": now})
    published: dict[str, dt.date | None] = {}
    for gold in load_gold(Path(__file__).parent / "golden" / "events" / "az" / "gold"):
        for name, rows in rows_from_gold(gold["id"], gold["lang"], gold["events"]).items():
            event_tables[name].extend(rows)
        published[gold["id"]] = dt.date.fromisoformat(gold["published"]) if gold.get("published") else None
    canonical = canonicalise(
        event_tables["events"], event_tables["participants"], event_tables["agreement_parties"], published
    )
    return {
        **event_tables,
        "extractions": extractions,
        "actors": canonical.actors,
        "canonical_events": canonical.canonical_events,
        "event_mentions": canonical.event_mentions,
        "documents": [document_row(d) for d in result.documents],
        "rejects": rejects,
        "annotations": [annotation_row(a, "Latn", now) for a in annotated],
        "sentences": [row for a in annotated for row in sentence_rows_of(a)],
        "tokens": [row for a in annotated for row in token_rows_of(a)],
        "quarantine": [
            {"doc_id": "0123456789abcdef", "lang": "en", "model": "parley-ci:x", "stage": "nlp",
             "reason": reason, "detail": detail, "quarantined_at": now}
            for reason, detail in (("too_long", "1,200,000 characters | more"), ("nlp_failed", "RuntimeError: x\ny"))
        ],
    }


def _sorted(table: pa.Table, keys: list[tuple[str, str]]) -> pa.Table:
    return table.sort_by(keys)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_round_trip_in_every_reader(tmp_path: Path, sample_rows: dict, name: str) -> None:
    written = write_table(tmp_path, name, sample_rows[name])
    expected = pa.Table.from_pylist(sample_rows[name], schema=SCHEMAS[name])
    sort_keys = [
        (n, "ascending")
        for n in SCHEMAS[name].names
        if n in ("event_id", "doc_id", "sentence_index", "word_index", "source_path", "mention", "name", "party_type", "actor_id", "canonical_id")
    ]
    glob = str(tmp_path / name / "*.parquet")

    via_parley = read_table(tmp_path, name)
    via_dataset = ds.dataset(tmp_path / name, format="parquet").to_table()
    via_duckdb = duckdb.sql(f"SELECT * FROM read_parquet('{glob}')").to_arrow_table()
    via_polars = pl.read_parquet(glob).to_arrow()
    via_pandas = pa.Table.from_pandas(pd.read_parquet(tmp_path / name), preserve_index=False)

    for table in (via_parley, via_dataset):
        assert _sorted(table, sort_keys).equals(_sorted(expected, sort_keys)), name
        assert all(f.metadata for f in table.schema)
    for table in (via_duckdb, via_polars, via_pandas):
        assert table.num_rows == expected.num_rows
        assert _sorted(table, sort_keys).to_pylist() == _sorted(expected, sort_keys).to_pylist()
    assert written.suffix == ".parquet"


def test_schema_carries_version_and_field_descriptions() -> None:
    for name, schema in SCHEMAS.items():
        assert schema.metadata[b"parley.schema_version"] == SCHEMA_VERSION.encode()
        assert schema.metadata[b"parley.table"] == name.encode()
        for field in schema:
            assert field.metadata and field.metadata[b"description"], f"{name}.{field.name}"


def test_empty_tables_keep_their_schema_in_every_reader(tmp_path: Path) -> None:
    write_table(tmp_path, "rejects", [])
    glob = str(tmp_path / "rejects" / "*.parquet")
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{glob}')").fetchall() == [(0,)]
    assert pl.read_parquet(glob).schema["rejected_at"] == pl.Datetime("us", "UTC")
    assert list(pd.read_parquet(tmp_path / "rejects").columns) == SCHEMAS["rejects"].names
    assert ds.dataset(tmp_path / "rejects").schema.field("line").type == pa.int32()


def test_timestamps_are_utc_and_strings_plain(tmp_path: Path, sample_rows: dict) -> None:
    write_table(tmp_path, "documents", sample_rows["documents"])
    frame = pl.read_parquet(tmp_path / "documents" / "*.parquet")
    assert frame.schema["ingested_at"] == pl.Datetime("us", "UTC")
    assert frame.schema["lang"] == pl.String


def test_rewrite_replaces_atomically_and_leaves_no_temporary_files(tmp_path: Path, sample_rows: dict) -> None:
    write_table(tmp_path, "documents", sample_rows["documents"])
    write_table(tmp_path, "documents", sample_rows["documents"][:2])
    assert table_row_counts(tmp_path)["documents"] == 2
    parquet_files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.parquet"))
    assert parquet_files == ["documents/part-00000.parquet"]
    assert list((tmp_path / ".staging").iterdir()) == []


def test_a_failed_write_keeps_the_previous_table(tmp_path: Path, sample_rows: dict) -> None:
    write_table(tmp_path, "documents", sample_rows["documents"])
    bad = [{**sample_rows["documents"][0], "char_count": "not a number"}]
    with pytest.raises((pa.ArrowInvalid, pa.ArrowTypeError)):
        write_table(tmp_path, "documents", bad)
    assert read_table(tmp_path, "documents").num_rows == len(sample_rows["documents"])


def test_reading_a_missing_table_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="parley run"):
        read_table(tmp_path, "documents")
    assert set(table_row_counts(tmp_path).values()) == {None}
