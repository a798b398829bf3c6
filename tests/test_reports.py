"""Run reports from real tables: gold-derived events (a perfect extractor), and no events at all."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pytest
from matplotlib.image import imread

from parley.evaluation.convert import rows_from_gold
from parley.evaluation.run import load_gold
from parley.io.tables import read_table, to_arrow, write_table
from parley.reports import RunTables, country_links, write_reports
from parley.settings import load_settings
from parley.stages import ingest_stage

GOLDEN = Path(__file__).parent / "golden" / "events"
RUN = {"input_dir": "in", "output_dir": "out", "languages": ["en", "ru"], "seconds": {"ingest": 1.25, "annotate": 30.0}}


@pytest.fixture
def ingested(sample_dir: Path, tmp_path: Path) -> Path:
    inputs = tmp_path / "in"
    shutil.copytree(sample_dir, inputs)
    (inputs / "notes.docx").write_bytes(b"PK\x03\x04 not an article")
    (inputs / "empty.txt").write_text("  \n", encoding="utf-8")
    output = tmp_path / "out"
    ingest_stage(inputs, output, load_settings().ingest)
    return output


def _gold_events(shared_dir: Path) -> list[dict]:
    events = []
    for folder in [shared_dir / "dev-gold", *sorted(GOLDEN.glob("*/gold"))]:
        for gold in load_gold(folder):
            events += rows_from_gold(gold["id"], gold["lang"], gold["events"])["events"]
    return events


def _png_size(path: Path) -> tuple[int, int]:
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    height, width = imread(path).shape[:2]
    return width, height


def test_reports_with_events(ingested: Path, shared_dir: Path) -> None:
    events = _gold_events(shared_dir)
    write_table(ingested, "events", events)
    reports, files = write_reports(ingested, RUN)

    by_lang = {row["language"]: row for row in reports.events_by_language}
    assert sum(row["events"] for row in by_lang.values()) == len(events)
    assert by_lang["az"]["agreements"] == sum(1 for e in events if e["lang"] == "az" and e["type"] == "agreement")
    assert all(row["events"] == row["meetings"] + row["agreements"] for row in by_lang.values())
    documents = read_table(ingested, "documents").column("lang").to_pylist()
    assert by_lang["en"]["documents"] == documents.count("en")

    text = Path(files["summary"]).read_text(encoding="utf-8")
    assert f"events out: **{len(events)}**" in text
    assert "| ingest | 1.2 |" in text and "| annotate | 30.0 |" in text
    assert "languages through NLP: en, ru" in text
    assert "| empty | 1 | `empty.txt`" in text and "| unsupported_format | 1 | `notes.docx`" in text
    assert "rejects: **2** (empty 1, unsupported_format 1)" in text
    assert files["picture"].endswith("countries.png")
    width, height = _png_size(Path(files["picture"]))
    assert width > 500 and height > 500
    assert Path(files["events_by_language"]).read_text(encoding="utf-8").startswith("language,documents,meetings,agreements,events")


def test_country_links_count_events_per_pair() -> None:
    rows = [
        {"countries": ["AZ", "UZ"], "type": "meeting"},
        {"countries": ["UZ", "AZ", "TR", "AZ"], "type": "agreement"},
        {"countries": [], "type": "meeting"},
    ]
    table = pa.table({"countries": [r["countries"] for r in rows], "type": [r["type"] for r in rows]})
    nodes, links = country_links(table)
    assert nodes == {"AZ": 2, "UZ": 2, "TR": 1}
    assert links == {("AZ", "UZ"): 2, ("AZ", "TR"): 1, ("TR", "UZ"): 1}


def test_reports_without_events_show_documents(ingested: Path) -> None:
    reports, files = write_reports(ingested, RUN)
    assert "no `events` table in this output" in reports.markdown
    assert all(row["events"] == 0 for row in reports.events_by_language)
    assert files["picture"].endswith("documents.png") and _png_size(Path(files["picture"]))[0] > 300
    tables = RunTables.read(ingested)
    assert tables.events is None and tables.annotations is None
    write_table(ingested, "events", to_arrow("events", []))
    assert "events out: **0**" in write_reports(ingested, RUN)[0].markdown


def test_the_picture_is_redrawn_only_when_what_it_shows_changes(ingested: Path, shared_dir: Path) -> None:
    events = _gold_events(shared_dir)
    write_table(ingested, "events", events)
    _, files = write_reports(ingested, RUN)
    picture = Path(files["picture"])
    drawn = picture.stat().st_mtime_ns
    write_reports(ingested, {**RUN, "seconds": {"ingest": 9.0}})
    assert picture.stat().st_mtime_ns == drawn, "an unchanged picture was redrawn"
    write_table(ingested, "events", events[:-1])
    write_reports(ingested, RUN)
    assert picture.stat().st_mtime_ns != drawn, "the picture did not follow the events"
