"""Extraction scored end to end: ingest -> Stanza (the store's `ci` models) -> extract -> `parley evaluate`.

Floors, and why: measured on 2026-11-23 with the `ci` models CI builds (tiny: UPOS ~50, NER F1 8-81),
then lowered by about 0.05 so that a real regression fails while run-to-run noise of model training
(sentence splits, stray PER tags) does not. Measured then (benchmarks/extraction_scores.py --models ci):

    corpus       event P/R/F1            participant F1   status
    seeds        1.000 / 1.000 / 1.000   0.963            1.000
    golden       0.959 / 0.972 / 0.966   0.902            0.986
    heldout      0.973 / 0.837 / 0.900   0.870            0.944

The seeds keep event F1 1.0 as a hard floor: every dev-gold event must be found with whatever models
CI has, because the rules rest on the resource files, the gazetteer and the sentence splitter and use
Stanza's PER tags only as extra evidence. The golden corpus was used to develop the rules; the held-out
corpus was written after they were frozen and must never be tuned on (its figures are the honest
estimate of quality on new text).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli import app
from parley.nlp.annotate import Annotator
from parley.settings import ModelSettings, load_settings
from parley.stages import annotate_stage, extract_stage, ingest_stage

pytestmark = pytest.mark.models
GOLDEN = Path(__file__).parent / "golden" / "events"
LANGUAGES = ["en", "de", "ru", "az", "tr", "uz"]

HELDOUT = Path(__file__).parent / "golden" / "heldout"

# Event F1 (all types), participant F1 and status accuracy floors per corpus (see the docstring).
SEED_FLOORS = {"event_f1": 1.0, "participants_f1": 0.90, "status": 1.0}  # 0.9: issue 4's target
GOLDEN_FLOORS = {"event_f1": 0.90, "participants_f1": 0.85, "status": 0.95}
GOLDEN_LANGUAGE_FLOOR = 0.80  # event F1 of each language's six articles (one miss costs ~0.1)
HELDOUT_FLOORS = {"event_f1": 0.85, "participants_f1": 0.80, "status": 0.90}


def _run(input_dir: Path, out: Path, settings: ModelSettings) -> Path:
    ingest_stage(input_dir, out, load_settings().ingest)
    annotate_stage(out, Annotator(settings))
    extract_stage(out)
    return out


def _evaluate(gold: Path, out: Path) -> dict:
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(gold), "--output", str(out), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _figures(summary: dict) -> dict[str, float]:
    return {
        "event_f1": summary["micro"]["all"]["f1"],
        "participants_f1": summary["fields"]["participants"]["f1"],
        "status": summary["fields"]["status"]["accuracy"],
    }


@pytest.fixture(scope="module")
def seeds_output(model_settings: ModelSettings, seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _run(seeds_dir, tmp_path_factory.mktemp("seeds"), model_settings)


def _copy(folders: list[Path], target: Path, pattern: str) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for folder in folders:
        for path in folder.glob(pattern):
            shutil.copy(path, target / path.name)
    return target


@pytest.fixture(scope="module")
def golden_output(model_settings: ModelSettings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    articles = _copy([GOLDEN / lang for lang in LANGUAGES], tmp_path_factory.mktemp("golden-articles"), "*.txt*")
    return _run(articles, tmp_path_factory.mktemp("golden-out"), model_settings)


@pytest.fixture(scope="module")
def heldout_output(model_settings: ModelSettings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    articles = _copy([HELDOUT / lang for lang in LANGUAGES], tmp_path_factory.mktemp("heldout-articles"), "*.txt*")
    return _run(articles, tmp_path_factory.mktemp("heldout-out"), model_settings)


def test_seeds_give_the_dev_gold_events(seeds_output: Path, shared_dir: Path) -> None:
    summary = _evaluate(shared_dir / "dev-gold", seeds_output)
    figures = _figures(summary)
    assert summary["missing_documents"] == []
    for name, floor in SEED_FLOORS.items():
        assert figures[name] >= floor, (name, figures, summary["micro"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_golden_articles_per_language(golden_output: Path, lang: str) -> None:
    summary = _evaluate(GOLDEN / lang / "gold", golden_output)
    assert summary["missing_documents"] == []
    assert _figures(summary)["event_f1"] >= GOLDEN_LANGUAGE_FLOOR, (lang, summary["micro"])


def test_golden_articles_overall(golden_output: Path, tmp_path: Path) -> None:
    gold = _copy([GOLDEN / lang / "gold" for lang in LANGUAGES], tmp_path / "gold", "*.json")
    figures = _figures(_evaluate(gold, golden_output))
    for name, floor in GOLDEN_FLOORS.items():
        assert figures[name] >= floor, (name, figures)


def test_heldout_articles(heldout_output: Path, tmp_path: Path) -> None:
    gold = _copy([HELDOUT / lang / "gold" for lang in LANGUAGES], tmp_path / "gold", "*.json")
    summary = _evaluate(gold, heldout_output)
    assert summary["missing_documents"] == []
    figures = _figures(summary)
    for name, floor in HELDOUT_FLOORS.items():
        assert figures[name] >= floor, (name, figures)


def test_negative_articles_give_no_events(golden_output: Path) -> None:
    from parley.io.tables import read_table

    negatives = {
        json.loads(p.read_text(encoding="utf-8"))["doc"]
        for lang in LANGUAGES
        for p in (GOLDEN / lang / "gold").glob("*.json")
        if json.loads(p.read_text(encoding="utf-8"))["negative"]
    }
    documents = read_table(golden_output, "documents").to_pylist()
    negative_ids = {d["doc_id"] for d in documents if Path(d["sources"][0]["path"]).name in negatives}
    assert len(negative_ids) == len(negatives) == 6
    events = read_table(golden_output, "events").to_pylist()
    assert [e["evidence"] for e in events if e["doc_id"] in negative_ids] == []


def test_evidence_and_mentions_slice_the_body(golden_output: Path) -> None:
    from parley.io.tables import read_table

    bodies = {d["doc_id"]: d["body"] for d in read_table(golden_output, "documents").to_pylist()}
    for event in read_table(golden_output, "events").to_pylist():
        assert bodies[event["doc_id"]][event["evidence_start"] : event["evidence_end"]] == event["evidence"]
    for person in read_table(golden_output, "participants").to_pylist():
        assert bodies[person["doc_id"]][person["start"] : person["end"]] == person["mention"]


def test_a_rerun_reuses_every_extraction(golden_output: Path) -> None:
    report = extract_stage(golden_output)
    assert report.extracted == 0 and report.reused == report.documents


def test_the_documented_queries_run_on_real_output(seeds_output: Path) -> None:
    """Every ```sql block of docs/tables.md runs in DuckDB against the tables of a real run."""
    import re

    import duckdb

    text = (Path(__file__).parents[1] / "docs" / "tables.md").read_text(encoding="utf-8")
    queries = re.findall(r"```sql\n(.*?)```", text, flags=re.S)
    assert len(queries) >= 4
    results = [duckdb.sql(q.replace("data/processed", str(seeds_output))).fetchall() for q in queries]
    memoranda = results[1]
    assert all("AZ" in row[-1] for row in memoranda)  # "all memoranda signed by Azerbaijan"
    assert any(rows for rows in results)
