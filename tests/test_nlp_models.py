"""Real Stanza on the `ci` models of the store (`make test` builds them first; CI caches them).

These tests check that the models load, annotate every language of the sample in bulk, keep exact
offsets, and that unchanged documents are not annotated twice. Quality is measured by
`parley models build` (docs/models.md), not here: ci models are deliberately tiny."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.io.tables import read_table
from parley.nlp.annotate import Annotator, DocumentText, MissingModelsError
from parley.settings import ModelSettings, load_settings
from parley.stages import annotate_stage, ingest_stage

pytestmark = pytest.mark.models

@pytest.fixture(scope="module")
def annotated_sample(model_settings: ModelSettings, sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("annotated")
    ingest_stage(sample_dir, out, load_settings().ingest)
    annotate_stage(out, Annotator(model_settings))
    return out


def test_every_sample_document_is_annotated(annotated_sample: Path) -> None:
    documents = read_table(annotated_sample, "documents").to_pylist()
    annotations = {r["doc_id"]: r for r in read_table(annotated_sample, "annotations").to_pylist()}
    assert set(annotations) == {d["doc_id"] for d in documents}
    for doc in documents:
        row = annotations[doc["doc_id"]]
        assert row["sentence_count"] > 0 and row["word_count"] > 0
        if doc["lang"] == "uz" and doc["script"] == "Cyrl":  # the Latin models read a transliteration
            assert row["model"].startswith("parley-ci:") and row["model"].endswith("+translit:Cyrl>Latn")
            assert row["flags"][0].startswith("transliterated: uz Cyrl -> Latn")
        else:
            assert row["model"].startswith("parley-ci:"), (doc["lang"], row["model"])
            assert row["flags"] == []


def test_token_offsets_slice_the_body_in_every_language(annotated_sample: Path) -> None:
    bodies = {d["doc_id"]: d["body"] for d in read_table(annotated_sample, "documents").to_pylist()}
    tokens = read_table(annotated_sample, "tokens").to_pylist()
    sentences = read_table(annotated_sample, "sentences").to_pylist()
    assert tokens and sentences
    for token in tokens:
        assert bodies[token["doc_id"]][token["start"] : token["end"]] == token["token_text"]
    for sentence in sentences:
        assert bodies[sentence["doc_id"]][sentence["start"] : sentence["end"]] == sentence["text"]


def test_stanza_fills_lemmas_tags_heads_and_ner(annotated_sample: Path) -> None:
    tokens = [t for t in read_table(annotated_sample, "tokens").to_pylist() if t["upos"] is not None]
    assert tokens, "no token carries a POS tag"
    assert all(t["lemma"] is not None and t["head"] is not None and t["deprel"] for t in tokens)
    assert {t["ner"] for t in tokens} - {"O", None}, "the NER models tagged nothing at all"
    roots = [t for t in tokens if t["head"] == 0]
    assert roots


def test_unchanged_documents_are_not_annotated_again(annotated_sample: Path, model_settings: ModelSettings) -> None:
    before = read_table(annotated_sample, "tokens")
    report = annotate_stage(annotated_sample, Annotator(model_settings))
    assert report.annotated == 0
    assert report.reused == report.documents
    assert read_table(annotated_sample, "tokens").sort_by([("doc_id", "ascending"), ("sentence_index", "ascending"), ("word_index", "ascending")]).equals(
        before.sort_by([("doc_id", "ascending"), ("sentence_index", "ascending"), ("word_index", "ascending")])
    )


def test_bulk_annotation_matches_one_call_per_document(model_settings: ModelSettings) -> None:
    annotator = Annotator(model_settings)
    texts = [
        DocumentText("a", "en", "Latn", "The minister met the delegation in Baku. They signed a memorandum."),
        DocumentText("b", "en", "Latn", "Talks were held in Tashkent on Monday."),
    ]
    together = annotator.annotate(texts)
    one_by_one = [annotator.annotate([t])[0] for t in texts]
    assert together == one_by_one


def test_missing_models_name_the_command_to_run(tmp_path: Path) -> None:
    annotator = Annotator(ModelSettings(store_dir=tmp_path, prefer=["ci"]))
    with pytest.raises(MissingModelsError, match="parley models build --lang de"):
        annotator.annotate([DocumentText("x", "de", "Latn", "Der Minister traf die Delegation.")])
    fallback = Annotator(ModelSettings(store_dir=tmp_path, prefer=["ci"], on_missing="fallback"))
    (doc,) = fallback.annotate([DocumentText("x", "de", "Latn", "Der Minister traf die Delegation.")])
    assert doc.model == "fallback-regex" and "parley models build" in doc.flags[0]


def test_models_list_and_report_show_scores_and_licences(model_settings: ModelSettings) -> None:
    from typer.testing import CliRunner

    from parley.cli import app

    listing = CliRunner().invoke(app, ["models", "list"])
    assert listing.exit_code == 0, listing.output
    assert "en  ci" in listing.output and "research use only" in listing.output
    report = CliRunner().invoke(app, ["models", "report"])
    assert report.exit_code == 0
    assert "| en | ci |" in report.output and "| az (+ syntax from tr) | ci |" in report.output
