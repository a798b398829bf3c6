"""The canonical stage over real tables: the team cluster corpus ingested from its articles, with its
gold events as the event tables. The stage writes tables every reader reads, the CLI and the task are
thin shells over it, more documents update the tables and keep the ids, and the DuckDB queries of
docs/canonical.md answer what they promise."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.dataset as ds
import pytest
from typer.testing import CliRunner

from parley.cli import app
from parley.evaluation.convert import rows_from_gold
from parley.evaluation.run import load_gold
from parley.io.tables import read_table, write_table
from parley.schema import SCHEMAS
from parley.settings import IngestSettings
from parley.stages import canonical_stage, ingest_stage

CLUSTERS = Path(__file__).parent / "golden" / "clusters"
CANONICAL_TABLES = ("actors", "canonical_events", "event_mentions")


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 38 articles ingested (publication dates from their sidecars); no event tables yet."""
    output = tmp_path_factory.mktemp("canonical") / "out"
    ingest_stage(CLUSTERS / "articles", output, IngestSettings())
    return output


def write_gold_events(output: Path, published_until: dt.date | None = None) -> None:
    """The gold events of the articles (published up to a date) as the event tables."""
    by_name = {Path(s["path"]).name: d["doc_id"] for d in read_table(output, "documents").to_pylist() for s in d["sources"]}
    tables: dict[str, list] = {"events": [], "participants": [], "agreement_parties": []}
    for gold in load_gold(CLUSTERS / "gold"):
        if published_until and dt.date.fromisoformat(gold["published"]) > published_until:
            continue
        for name, rows in rows_from_gold(by_name[gold["doc"]], gold["lang"], gold["events"]).items():
            tables[name].extend(rows)
    for name, rows in tables.items():
        write_table(output, name, rows)


@pytest.fixture(scope="module")
def canonical(ingested: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("canonical-full") / "out"
    shutil.copytree(ingested, output)
    write_gold_events(output)
    canonical_stage(output)
    return output


def test_the_stage_writes_tables_that_every_reader_reads(canonical: Path) -> None:
    for name in CANONICAL_TABLES:
        arrow = read_table(canonical, name)
        assert arrow.schema.equals(SCHEMAS[name], check_metadata=False)
        glob = str(canonical / name / "*.parquet")
        assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{glob}')").fetchall() == [(arrow.num_rows,)]
        assert pl.read_parquet(glob).height == arrow.num_rows
        assert ds.dataset(canonical / name, format="parquet").to_table().num_rows == arrow.num_rows
    assert read_table(canonical, "canonical_events").num_rows == 24
    assert read_table(canonical, "event_mentions").num_rows == 58
    frame = pl.read_parquet(str(canonical / "canonical_events" / "*.parquet"))
    assert frame.schema["first_reported"] == pl.Date and frame.schema["person_ids"] == pl.List(pl.String)


def test_publication_dates_come_from_the_documents_table(canonical: Path) -> None:
    mentions = read_table(canonical, "event_mentions").to_pylist()
    assert all(isinstance(m["published"], dt.date) for m in mentions)
    assert {m["date_basis"] for m in mentions} == {"stated", "published"}


def test_a_month_only_publication_date_gives_no_window(canonical: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    shutil.copytree(canonical, output)
    documents = read_table(output, "documents").to_pylist()
    undated = {m["event_id"]: m["doc_id"] for m in read_table(output, "event_mentions").to_pylist() if m["date_basis"] == "published"}
    for row in documents:
        if row["doc_id"] in undated.values():
            row["published_precision"] = "month"
    write_table(output, "documents", documents)
    canonical_stage(output)
    mentions = read_table(output, "event_mentions").to_pylist()
    assert undated and {m["date_basis"] for m in mentions if m["event_id"] in undated} == {None}


def test_more_documents_update_the_tables_and_keep_the_ids(ingested: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    shutil.copytree(ingested, output)
    write_gold_events(output, published_until=dt.date(2023, 12, 6))
    first = canonical_stage(output)
    before = {r["canonical_id"]: r for r in read_table(output, "canonical_events").to_pylist()}
    write_gold_events(output)
    second = canonical_stage(output)
    after = {r["canonical_id"]: r for r in read_table(output, "canonical_events").to_pylist()}
    assert (second.kept_ids, second.retired_ids) == (first.canonical_events, 0)
    assert second.new_ids == second.canonical_events - first.canonical_events > 0
    grown = [i for i in before if after[i]["mention_count"] > before[i]["mention_count"]]
    assert grown  # later reports (tr_02 of Istanbul, tr_05 recalling Baku) joined earlier events
    again = canonical_stage(output)
    assert (again.new_ids, again.kept_ids, again.retired_ids) == (0, second.canonical_events, 0)


def test_distinct_meetings_query_counts_events_not_reports(canonical: Path) -> None:
    def meetings_in_2023(a: str, b: str) -> int:
        query = f"""
            SELECT count(*) AS meetings
            FROM '{canonical}/canonical_events/*.parquet'
            WHERE type = 'meeting' AND status = 'held'
              AND list_contains(countries, '{a}') AND list_contains(countries, '{b}')
              AND coalesce(left(date, 4), CAST(year(first_reported) AS VARCHAR)) = '2023'"""
        return duckdb.sql(query).fetchall()[0][0]

    assert meetings_in_2023("AZ", "KG") == 1  # the Bishkek signing ceremony
    assert meetings_in_2023("AZ", "TR") == 2  # Baku in October (4 reports), Ankara in December
    reports = duckdb.sql(
        f"SELECT count(*) FROM '{canonical}/events/*.parquet' WHERE type = 'meeting' "
        "AND list_contains(countries, 'AZ') AND list_contains(countries, 'TR')"
    ).fetchall()[0][0]
    assert reports == 5


def test_surface_forms_query_lists_every_spelling(canonical: Path) -> None:
    forms = duckdb.sql(
        f"SELECT name, unnest(surface_forms) AS form FROM '{canonical}/actors/*.parquet' "
        "WHERE kind = 'person' AND name = 'Sahil Babayev'"
    ).fetchall()
    assert {form for _, form in forms} >= {"Sahil Babayev", "Sahil Babayevlə", "Сахилом Бабаевым", "Sahil Babayev'i"}


def test_person_reports_query_joins_the_three_tables(canonical: Path) -> None:
    rows = duckdb.sql(
        f"""SELECT e.date, m.lang
        FROM '{canonical}/actors/*.parquet' a
        JOIN '{canonical}/canonical_events/*.parquet' e ON list_contains(e.person_ids, a.actor_id)
        JOIN '{canonical}/event_mentions/*.parquet' m USING (canonical_id)
        WHERE a.name = 'Sahil Babayev' AND e.type = 'meeting'"""
    ).fetchall()
    assert sorted({date for date, _ in rows}) == ["2023-09-26", "2023-10-12", "2023-11-07", "2023-12-14"]
    assert len(rows) == 4 + 3 + 4 + 1


def test_cli_runs_the_stage_and_explains_missing_tables(canonical: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["canonical", "--output", str(canonical)])
    assert result.exit_code == 0, result.output
    assert '"canonical_events": 24' in result.output
    missing = runner.invoke(app, ["canonical", "--output", str(tmp_path)])
    assert missing.exit_code == 2 and "not found" in missing.output


def test_task_is_a_thin_shell_over_the_stage(canonical: Path) -> None:
    from prefect.logging import disable_run_logger

    from tasks.canonical import canonicalise

    with disable_run_logger():
        report = canonicalise.fn(str(canonical))
    assert report["canonical_events"] == 24
    assert report["merged_events"] == 18  # 16 required events and 2 signing ceremonies reported 2-3 times
    assert set(report["tables"]) == set(CANONICAL_TABLES)
