"""Specification of `parley evaluate` (EVENT-MODEL.md's scoring), with gold-derived predictions:
a perfect prediction scores 1.0, and each kind of mistake costs exactly what the protocol says."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli import app
from parley.evaluation.convert import rows_from_gold
from parley.evaluation.run import evaluate, load_gold
from parley.evaluation.scoring import score_document
from parley.io.tables import read_table, write_table
from parley.settings import IngestSettings
from parley.stages import ingest_stage

GOLDEN = Path(__file__).parent / "golden" / "events"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> tuple[Path, Path]:
    """Seeds + our golden articles in one input folder, their gold files in another; ingested."""
    root = tmp_path_factory.mktemp("eval")
    inputs, gold = root / "in", root / "gold"
    inputs.mkdir()
    gold.mkdir()
    for path in (shared_dir / "seeds").iterdir():
        shutil.copy(path, inputs / path.name)
    for path in (shared_dir / "dev-gold").glob("0*.json"):
        shutil.copy(path, gold / path.name)
    for lang_dir in sorted(p for p in GOLDEN.iterdir() if p.is_dir()):
        for path in lang_dir.iterdir():
            if path.is_file():
                shutil.copy(path, inputs / path.name)
        for path in (lang_dir / "gold").glob("*.json"):
            shutil.copy(path, gold / path.name)
    output = root / "out"
    ingest_stage(inputs, output, IngestSettings())
    return gold, output


def write_predictions(output: Path, gold_dir: Path, mutate=None) -> None:  # noqa: ANN001
    by_name = {Path(s["path"]).name: d["doc_id"] for d in read_table(output, "documents").to_pylist() for s in d["sources"]}
    tables: dict[str, list] = {"events": [], "participants": [], "agreement_parties": []}
    for gold in load_gold(gold_dir):
        events = copy.deepcopy(gold["events"])
        if mutate:
            events = mutate(gold, events)
        rows = rows_from_gold(by_name[gold["doc"]], gold["lang"], events)
        for name, value in rows.items():
            tables[name].extend(value)
    for name, rows in tables.items():
        write_table(output, name, rows)


def test_a_perfect_prediction_scores_one(corpus: tuple[Path, Path]) -> None:
    gold, output = corpus
    write_predictions(output, gold)
    summary = evaluate(gold, output)
    assert summary["missing_documents"] == []
    assert summary["micro"]["all"]["f1"] == 1.0
    assert summary["micro"]["all"]["tp"] > 80
    assert {k for k in summary["micro"]} >= {"en", "de", "ru", "az", "tr", "uz", "meeting", "agreement", "az/agreement"}
    for name, value in summary["fields"].items():
        assert value.get("accuracy", value.get("f1")) == 1.0, name


def test_each_mistake_costs_what_the_protocol_says(corpus: tuple[Path, Path]) -> None:
    gold, output = corpus
    golds = {g["doc"]: g for g in load_gold(gold)}
    seed = golds["003_988329563942ac16.txt"]
    required = [e for e in seed["events"] if not e.get("optional")]
    perfect = score_document(seed, required)
    assert (perfect.counts["meeting"].tp, perfect.counts["meeting"].fp, perfect.counts["meeting"].fn) == (len(required), 0, 0)

    missing_one = score_document(seed, required[1:])
    assert missing_one.counts["meeting"].fn == 1

    spurious = copy.deepcopy(required[0])
    spurious["participants"] = [{"name": "Nobody Known", "mention": "Nobody Known"}]
    spurious["countries"] = ["FR"]
    extra = score_document(seed, [*required, spurious])
    assert extra.counts["meeting"].fp == 1

    wrong_status = copy.deepcopy(required)
    wrong_status[0]["status"] = "planned"
    fields = score_document(seed, wrong_status).fields
    assert fields.correct["status"] == fields.compared["status"] - 1


def test_optional_gold_events_neither_reward_nor_penalise(corpus: tuple[Path, Path]) -> None:
    gold, _ = corpus
    seed = {g["doc"]: g for g in load_gold(gold)}["000_9197d324e2d7d730.txt"]
    required = [e for e in seed["events"] if not e.get("optional")]
    with_optional = score_document(seed, seed["events"])
    without = score_document(seed, required)
    assert with_optional.counts["meeting"].as_dict() == without.counts["meeting"].as_dict()


def test_an_optional_gold_event_never_takes_the_prediction_of_a_required_one() -> None:
    """A committee session (required) and the delegation head's visit (optional) both share the
    prediction's people; the visit shares more of them, yet the prediction counts for the session."""
    session = {"type": "meeting", "status": "planned", "participants": [{"name": "Anna Berg"}, {"name": "Omar Tal"}]}
    visit = {"type": "meeting", "status": "planned", "optional": True,
             "participants": [{"name": "Anna Berg"}, {"name": "Omar Tal"}, {"name": "Lea Vos"}]}
    predicted = [{"type": "meeting", "status": "planned",
                  "participants": [{"name": "Anna Berg"}, {"name": "Omar Tal"}, {"name": "Lea Vos"}]}]
    score = score_document({"doc": "x.txt", "lang": "en", "events": [visit, session]}, predicted)
    assert score.counts["meeting"].as_dict() == score_document({"doc": "x.txt", "events": [session]}, predicted).counts["meeting"].as_dict()
    assert (score.counts["meeting"].tp, score.counts["meeting"].fn) == (1, 0)


def test_inflected_and_transliterated_names_match(corpus: tuple[Path, Path]) -> None:
    gold, _ = corpus
    seed = {g["doc"]: g for g in load_gold(gold)}["003_988329563942ac16.txt"]
    predicted = copy.deepcopy([e for e in seed["events"] if not e.get("optional")])
    for event in predicted:
        for person in event["participants"]:
            person["name_latin"] = None
            person["name"] = person["mention"]  # only the inflected Cyrillic form
    score = score_document(seed, predicted)
    assert score.counts["meeting"].fn == 0
    assert score.fields.sets["participants"].f1 == 1.0


def test_events_on_a_negative_article_are_false_positives(corpus: tuple[Path, Path]) -> None:
    gold, _ = corpus
    negative = next(g for g in load_gold(gold) if g["negative"])
    invented = {"type": "meeting", "status": "held", "participants": [{"name": "A B"}], "countries": ["AZ"]}
    assert score_document(negative, [invented]).counts["meeting"].fp == 1


def test_cli_prints_a_table_and_json(corpus: tuple[Path, Path]) -> None:
    gold, output = corpus
    write_predictions(output, gold, mutate=lambda g, events: events[1:] if g["doc"].startswith("en_") else events)
    runner = CliRunner()
    table = runner.invoke(app, ["evaluate", "--gold", str(gold), "--output", str(output)])
    assert table.exit_code == 0, table.output
    assert table.output.splitlines()[0].split()[:4] == ["scope", "tp", "fp", "fn"]
    as_json = runner.invoke(app, ["evaluate", "--gold", str(gold), "--output", str(output), "--json"])
    data = json.loads(as_json.output)
    assert data["micro"]["en"]["recall"] < 1.0
    assert data["micro"]["de"]["f1"] == 1.0


def test_missing_events_table_says_what_to_run(tmp_path: Path, corpus: tuple[Path, Path]) -> None:
    gold, _ = corpus
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(gold), "--output", str(tmp_path)])
    assert result.exit_code == 2 and "parley run" in result.output


def _write_split(gold: Path, splits: dict[str, list[str]]) -> Path:
    path = gold / "split.json"
    path.write_text(json.dumps(splits), encoding="utf-8")
    return path


def test_split_restricts_the_scores_to_its_documents(corpus: tuple[Path, Path]) -> None:
    gold, output = corpus
    stems = sorted(Path(g["doc"]).stem for g in load_gold(gold))
    english = sorted(Path(g["doc"]).stem for g in load_gold(gold) if g["lang"] == "en")
    path = _write_split(gold, {"dev": [s for s in stems if s not in english], "test": english})
    try:
        # the English documents lose their first event: only the test split sees it
        write_predictions(output, gold, mutate=lambda g, events: events[1:] if g["lang"] == "en" else events)
        test = evaluate(gold, output, split="test")
        dev = evaluate(gold, output, split="dev")
        assert test["gold_documents"] == len(english) and dev["gold_documents"] == len(stems) - len(english)
        assert {k for k in test["micro"] if "/" not in k} == {"all", "meeting", "agreement", "en"}
        assert test["micro"]["all"]["recall"] < 1.0
        assert dev["micro"]["all"]["f1"] == 1.0 and "en" not in dev["micro"]
        table = CliRunner().invoke(app, ["evaluate", "--gold", str(gold), "--output", str(output), "--split", "test"])
        assert table.exit_code == 0, table.output
        rows = {line.split()[0]: line.split() for line in table.output.splitlines() if line.strip()}
        assert rows["split"][1] == "test:" and rows["en"][1:4] == [str(test["micro"]["en"][k]) for k in ("tp", "fp", "fn")]
    finally:
        path.unlink()


def test_an_unknown_split_or_missing_split_file_is_a_user_error(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    gold, output = corpus
    write_predictions(output, gold)
    path = _write_split(gold, {"dev": [], "test": ["no_such_doc"]})
    try:
        runner = CliRunner()
        unknown = runner.invoke(app, ["evaluate", "--gold", str(gold), "--output", str(output), "--split", "validation"])
        assert unknown.exit_code == 2 and "no split 'validation'" in unknown.output
        stray = runner.invoke(app, ["evaluate", "--gold", str(gold), "--output", str(output), "--split", "test"])
        assert stray.exit_code == 2 and "no_such_doc" in stray.output
    finally:
        path.unlink()
    elsewhere = tmp_path / "split.json"
    elsewhere.write_text(json.dumps({"dev": [Path(load_gold(gold)[0]["doc"]).stem]}), encoding="utf-8")
    one = CliRunner().invoke(
        app, ["evaluate", "--gold", str(gold), "--output", str(output), "--split", "dev", "--split-file", str(elsewhere), "--json"]
    )
    assert one.exit_code == 0, one.output
    assert json.loads(one.output)["gold_documents"] == 1
    missing = CliRunner().invoke(app, ["evaluate", "--gold", str(gold), "--output", str(output), "--split", "dev"])
    assert missing.exit_code == 2 and "no split.json" in missing.output


def test_the_title_figure_reads_the_title_as_written_without_its_gloss() -> None:
    from parley.evaluation.scoring import title_compatible

    gold = {"title": "2026-cı il üçün ikitərəfli hərbi əməkdaşlıq Planı (Bilateral Military Cooperation Plan for 2026)"}
    assert title_compatible(gold, {"title": "2026-cı il üçün ikitərəfli hərbi əməkdaşlıq Planı"})
    assert not title_compatible(gold, {"title": "sənədin"})
    assert not title_compatible(gold, {"title": "Azərbaycan və Serbiyanın Müdafiə Nazirlikləri arasında 2026-cı il üçün ikitərəfli hərbi əməkdaşlıq Planı"})
    assert not title_compatible(gold, {"title": None})
