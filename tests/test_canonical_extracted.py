"""Canonicalisation of what extraction really finds: ingest -> Stanza (the store's `ci` models) ->
extract -> canonical, on the team cluster corpus and the seeds, scored against their clusters.json.

Pairs are scored over the extracted events that match a gold event (`score_extracted`), so these
figures measure merging, not extraction coverage.

Floors: measured with main's extraction (eaebc2b and 1d40ee8, the same figures) and `ci` models: events
P 1.00 and R 0.93 (25 of the 27 gold pairs among the 42 extracted events that match one of the 58
gold events), persons P 1.00 and R 1.00 on the team corpus; everything 1.00 on the seeds. An earlier
extraction (71151c0, mixed models) gave events R 0.81. Recall is lower than on gold rows because
extraction puts some meetings in the wrong city (Chattogram for Islamabad), and earlier versions
left agreements undated or with one party and gave signatories to a spurious second document. Precision must stay at the issue's goal (0.95);
the recall floor (0.75) sits below both measurements, for run-to-run noise in model training.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from parley import stages
from parley.evaluation.clusters import score_extracted
from parley.nlp.annotate import Annotator
from parley.settings import ModelSettings, load_settings

pytestmark = pytest.mark.models
CLUSTERS = Path(__file__).parent / "golden" / "clusters"
FLOORS = {"events_precision": 0.95, "events_recall": 0.75, "persons_precision": 0.95, "persons_recall": 0.90}


def _pipeline(input_dir: Path, out: Path, settings: ModelSettings) -> Path:
    stages.ingest_stage(input_dir, out, load_settings().ingest)
    stages.annotate_stage(out, Annotator(settings))
    stages.extract_stage(out)
    stages.canonical_stage(out)
    return out


def _figures(scores: dict) -> dict[str, float]:
    return {
        "events_precision": scores["events"]["precision"],
        "events_recall": scores["events"]["recall"],
        "persons_precision": scores["persons"]["precision"],
        "persons_recall": scores["persons"]["recall"],
    }


def test_team_corpus_as_extracted(model_settings: ModelSettings, tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    shutil.copytree(CLUSTERS / "articles", articles)
    out = _pipeline(articles, tmp_path / "out", model_settings)
    scores = score_extracted(CLUSTERS / "gold", CLUSTERS / "clusters.json", out)
    figures = _figures(scores)
    assert all(figures[name] >= floor for name, floor in FLOORS.items()), figures
    assert scores["matched_events"] >= 35, scores["matched_events"]


def test_seeds_as_extracted(model_settings: ModelSettings, seeds_dir: Path, shared_dir: Path, tmp_path: Path) -> None:
    out = _pipeline(seeds_dir, tmp_path / "out", model_settings)
    gold = shared_dir / "dev-gold"
    figures = _figures(score_extracted(gold, gold / "clusters.json", out))
    assert figures == dict.fromkeys(figures, 1.0), figures
