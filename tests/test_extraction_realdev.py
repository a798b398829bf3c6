"""Extraction scored end to end on real news: ../shared/real-dev (ingest -> regex tokens -> extract ->
`parley evaluate --split`), without models so that it runs everywhere in seconds.

Floors, and why: measured on 2026-12-04 (benchmarks/extraction_realdev.py --models none,
docs/extraction.md):

    split   event P / R / F1        meeting F1   agreement F1   participants F1
    dev     0.990 / 0.897 / 0.941   0.935        0.950          0.922
    test    0.706 / 0.558 / 0.623   0.641        0.583          0.866

The floors sit about 0.05 below (one or two events of the 18 test articles), so a real regression
fails and a deliberate trade-off shows up as a floor to move in the same commit. `dev` is where the
rules are tuned; `test` is reported only (never tune on it), and the issue's targets (0.85) are far
above both. The nine negative articles (phone calls, orders, interviews) must give no event."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from golden_master import extract_with_regex_tokens
from typer.testing import CliRunner

from parley.cli import app

FLOORS = {
    "dev": {"event_f1": 0.89, "meeting_f1": 0.88, "agreement_f1": 0.90, "participants_f1": 0.87},
    "test": {"event_f1": 0.57, "meeting_f1": 0.59, "agreement_f1": 0.53, "participants_f1": 0.82},
}


@pytest.fixture(scope="module")
def realdev(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    corpus = shared_dir / "real-dev"
    if not (corpus / "split.json").is_file():
        pytest.skip(f"{corpus} has no split.json")
    out = extract_with_regex_tokens(corpus / "raw", tmp_path_factory.mktemp("realdev"))
    return corpus / "gold", out


def _summary(gold: Path, out: Path, split: str) -> dict:
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(gold), "--output", str(out), "--split", split, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("split", ["dev", "test"])
def test_realdev_scores_hold_their_floors(realdev: tuple[Path, Path], split: str) -> None:
    summary = _summary(*realdev, split)
    figures = {
        "event_f1": summary["micro"]["all"]["f1"],
        "meeting_f1": summary["micro"]["meeting"]["f1"],
        "agreement_f1": summary["micro"]["agreement"]["f1"],
        "participants_f1": summary["fields"]["participants"]["f1"],
    }
    below = {k: (round(v, 3), FLOORS[split][k]) for k, v in figures.items() if v < FLOORS[split][k]}
    assert not below, f"{split}: below the floor (measured, floor): {below}"


def test_no_events_on_negative_articles(realdev: tuple[Path, Path]) -> None:
    gold, out = realdev
    negatives = {json.loads(p.read_text(encoding="utf-8"))["doc"] for p in gold.glob("*.json")
                 if json.loads(p.read_text(encoding="utf-8")).get("negative")}
    assert negatives
    summary = _summary(gold, out, "dev")
    with_events = [d["doc"] for d in summary["documents"] if d["doc"] in negatives and d["fp"]]
    assert with_events == []
