"""One bad document never takes a run down: bounded Stanza calls, isolated failures, nothing lost."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.batches import annotate_batch, merge_annotations, plan_annotation
from parley.ingest.prose import keep_prose
from parley.ingest.run import ingest_folder
from parley.io.tables import read_table, write_table
from parley.nlp.annotate import FAULT_INJECTION_ENV, Annotator, DocumentText
from parley.nlp.segments import segment_spans
from parley.settings import load_settings
from tests.hostile.corpus import write_corpus

NOW = dt.datetime(2026, 12, 2, tzinfo=dt.UTC)
PROSE = (
    "The foreign ministers of Azerbaijan and Georgia met in Tbilisi on Monday. "
    "They discussed transport corridors and signed a memorandum on energy cooperation.\n\n"
)


@given(st.text(max_size=3000), st.integers(min_value=1, max_value=400))
@settings(max_examples=300, deadline=None)
def test_segments_cover_the_text_within_the_bound(text: str, max_chars: int) -> None:
    segments = segment_spans(text, max_chars)
    assert segments[0].start == 0 and segments[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(segments, segments[1:], strict=False))
    assert all(0 < s.end - s.start <= max_chars for s in segments) or text == ""


def test_segments_cut_at_paragraphs_first() -> None:
    text = PROSE * 40
    for segment in segment_spans(text, 1000)[:-1]:
        assert text[: segment.end].endswith("\n\n")


def test_non_prose_paragraphs_go_and_prose_stays() -> None:
    table = "\n".join(f"| {i} | Minister {i} | 2024 |" for i in range(80))
    zalgo = "".join(c + "\u0301\u0308\u0300\u0302" for c in "The ministers met.")
    result = keep_prose([PROSE.strip(), table, "x" * 5000, "\n".join("a" * 3 for _ in range(100)), zalgo])
    assert result.paragraphs[0] == PROSE.strip()
    assert result.paragraphs[1] == "The ministers met."
    assert result.dropped == Counter({"table": 1, "short lines (a list or a table)": 1,
                                      "nothing but over-long tokens or combining marks": 1})
    assert any("combining marks" in w for w in result.warnings())


def _texts(*bodies: str) -> list[DocumentText]:
    return [DocumentText(f"doc{i:02d}", "en", "Latn", body) for i, body in enumerate(bodies)]


@pytest.mark.models
def test_segmented_annotation_keeps_exact_offsets(model_settings) -> None:
    body = (PROSE * 12).strip()
    whole = Annotator(model_settings.model_copy(update={"workers": 1})).annotate(_texts(body))[0]
    cut = Annotator(model_settings.model_copy(update={"workers": 1, "max_call_chars": 1000})).annotate(_texts(body))[0]
    assert [s.index for s in cut.sentences] == list(range(len(cut.sentences)))
    for sentence in cut.sentences:
        assert body[sentence.start : sentence.end] == sentence.text
        assert all(body[w.start : w.end] == w.token_text for w in sentence.words)
    assert [w.token_text for s in cut.sentences for w in s.words] == [w.token_text for s in whole.sentences for w in s.words]
    assert all(body[e.start : e.end] == e.text for e in cut.entities)


@pytest.mark.models
def test_a_sentence_without_end_is_cut_before_parsing(model_settings) -> None:
    body = " ".join(["minister", "delegation", "cooperation", "talks"] * 150)
    annotator = Annotator(model_settings.model_copy(update={"workers": 1, "max_sentence_words": 50}))
    doc = annotator.annotate(_texts(body))[0]
    assert max(len(s.words) for s in doc.sentences) <= 50
    assert sum(len(s.words) for s in doc.sentences) == 600
    assert all(0 <= w.head <= len(s.words) for s in doc.sentences for w in s.words)


@pytest.mark.models
@pytest.mark.parametrize(("workers", "action"), [(1, "raise"), (2, "kill")])
def test_a_failing_document_is_quarantined_and_the_others_finish(
    model_settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int, action: str
) -> None:
    monkeypatch.setenv(FAULT_INJECTION_ENV, f"{action}:POISON")
    bodies = [PROSE + f"Item {i}." for i in range(6)]
    bodies[3] += " POISON"
    _documents_table(tmp_path, bodies + ["y " * 3000])
    settings = model_settings.model_copy(update={"workers": workers, "max_document_chars": 5000})
    annotator = Annotator(settings)
    try:
        plan = plan_annotation(tmp_path, annotator, None, 64)
        done = [annotate_batch(tmp_path, ids, annotator, Path(plan.work_dir) / f"b{i}", NOW)
                for i, ids in enumerate(plan.batches)]
        report = merge_annotations(tmp_path, plan, done)
        quarantine = {r["doc_id"]: r for r in read_table(tmp_path, "quarantine").to_pylist()}
        assert report.quarantined == {"nlp_failed": 1, "too_long": 1}
        assert set(quarantine) == {"doc03", "doc06"}
        assert quarantine["doc06"]["reason"] == "too_long"
        assert ("worker process died" if action == "kill" else "injected fault") in quarantine["doc03"]["detail"]
        annotated = set(read_table(tmp_path, "annotations").column("doc_id").to_pylist())
        assert annotated == {f"doc{i:02d}" for i in range(6)} - {"doc03"}
        # the next run does not try them again (same text, same models) and keeps their rows
        again = plan_annotation(tmp_path, annotator, None, 64)
        assert again.batches == [] and {"doc03", "doc06"} <= set(again.reused)
        assert merge_annotations(tmp_path, again, []).quarantined == {"nlp_failed": 1, "too_long": 1}
    finally:
        annotator.close()


def _documents_table(output: Path, bodies: list[str]) -> None:
    from parley.schema import SCHEMAS

    fields = SCHEMAS["documents"].names
    rows = []
    for i, body in enumerate(bodies):
        row = {name: None for name in fields}
        row.update(doc_id=f"doc{i:02d}", lang="en", script="Latn", body=body, sources=[], paragraph_langs=[],
                   warnings=[], lang_confidence=1.0, lang_source="metadata", mixed_language=False,
                   char_count=len(body), ingested_at=NOW)
        rows.append(row)
    write_table(output, "documents", rows)


def test_every_hostile_file_ends_in_documents_or_rejects(tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "in")
    result = ingest_folder(tmp_path / "in", load_settings().ingest, NOW)
    in_documents = Counter(Path(s.path).name for d in result.documents for s in d.sources)
    sidecars = {Path(s.meta_path).name for d in result.documents for s in d.sources if s.meta_path}
    rejected = Counter(Path(r.source_path).name for r in result.rejects)
    for name, category in files.items():
        placed = (name in in_documents or name in sidecars) + (name in rejected)
        if name.endswith(".meta.json") and not placed:  # a good sidecar goes with its rejected article
            placed = rejected[name.removesuffix(".meta.json")]
        if category in ("jsonl_bad_lines", "nested_json"):  # one document line among rejected lines
            assert in_documents[name] == 1, name
        else:
            assert placed == 1, f"{name} ({category}): documents {in_documents[name]}, rejects {rejected[name]}"
    assert not [r for r in result.rejects if r.reason.value == "internal_error"]
    reasons = Counter(r.reason.value for r in result.rejects)
    assert reasons["too_nested"] == 2 and reasons["not_prose"] >= 4
    # 3,000 bad lines: a quarter are a lone \x1c, which counts as a blank line (skipped, like "")
    assert sum(1 for r in result.rejects if Path(r.source_path).name == "bad_lines.jsonl") == 2250


@pytest.mark.flow
@pytest.mark.models
def test_a_hostile_run_exits_cleanly_and_good_articles_keep_their_events(
    prefect_harness: None, sample_dir: Path, tmp_path: Path
) -> None:
    from flows.pipeline import parley_pipeline

    write_corpus(tmp_path / "in")
    os.chmod(tmp_path / "in" / "unreadable.txt", 0o644)
    parley_pipeline(input_dir=str(sample_dir), output_dir=str(tmp_path / "good"))
    result = parley_pipeline(input_dir=str(tmp_path / "in"), output_dir=str(tmp_path / "out"))
    assert result["ingest"]["documents"] > 20
    good = _event_keys(tmp_path / "good")
    assert good and set(good) == {k for k in _event_keys(tmp_path / "out") if k[0] in {g[0] for g in good}}
    summary = (tmp_path / "out" / "reports" / "summary.md").read_text(encoding="utf-8")
    assert "quarantined" in summary


def _event_keys(output: Path) -> list[tuple]:
    events = read_table(output, "events", columns=["doc_id", "type", "status", "evidence_start", "evidence_end"])
    return sorted(tuple(r.values()) for r in events.to_pylist())
