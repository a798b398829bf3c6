"""The pipeline as a real Prefect flow (under the test harness) and the CLI over the core."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from parley.cli import app
from parley.io.tables import read_table

SAMPLE_LANGUAGES = {"en", "de", "ru", "az", "tr", "uz"}


@pytest.mark.flow
@pytest.mark.models
def test_pipeline_flow_writes_the_tables(prefect_harness: None, sample_dir: Path, tmp_path: Path) -> None:
    from flows.pipeline import parley_pipeline

    result = parley_pipeline(input_dir=str(sample_dir), output_dir=str(tmp_path))
    documents = read_table(tmp_path, "documents")
    rejects = read_table(tmp_path, "rejects")
    assert result["ingest"]["documents"] == documents.num_rows >= 12
    assert rejects.num_rows == 0
    assert result["annotate"]["documents"] == documents.num_rows
    annotated = set(read_table(tmp_path, "annotations").column("doc_id").to_pylist())
    assert annotated == set(documents.column("doc_id").to_pylist())
    assert read_table(tmp_path, "tokens").num_rows > 1000
    assert set(documents.column("lang").to_pylist()) == SAMPLE_LANGUAGES
    assert pq.read_schema(tmp_path / "documents" / "part-00000.parquet").metadata[b"parley.table"] == b"documents"
    events = read_table(tmp_path, "events").to_pylist()
    assert result["extract"]["documents"] == documents.num_rows
    assert len(events) >= 5 and {e["type"] for e in events} == {"meeting", "agreement"}
    assert {e["doc_id"] for e in events} <= set(documents.column("doc_id").to_pylist())
    mentions = read_table(tmp_path, "event_mentions").to_pylist()
    assert sorted(m["event_id"] for m in mentions) == sorted(e["event_id"] for e in events)
    assert result["canonical"]["canonical_events"] == read_table(tmp_path, "canonical_events").num_rows > 0


def test_every_sample_file_becomes_a_document(sample_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", "--input", str(sample_dir), "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    documents = read_table(tmp_path, "documents").to_pylist()
    paths = {Path(s["path"]).name for d in documents for s in d["sources"]}
    metas = {Path(s["meta_path"]).name for d in documents for s in d["sources"] if s["meta_path"]}
    assert paths | metas == {p.name for p in sample_dir.iterdir()}
    with_dates = [d for d in documents if d["published"] is not None]
    assert {d["published_source"] for d in with_dates} == {"dateline", "metadata", "html_meta"}


def test_tables_command_lists_row_counts(sample_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", "-i", str(sample_dir), "-o", str(tmp_path)]).exit_code == 0
    result = runner.invoke(app, ["tables", "--output", str(tmp_path)])
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.output.strip().splitlines()}
    assert "0 rows" in lines["rejects"]
    assert " rows" in lines["documents"] and "not written" not in lines["documents"]


def test_ingest_of_a_missing_folder_fails_with_advice(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", "-i", str(tmp_path / "nope"), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "does not exist" in result.output and "--input" in result.output
