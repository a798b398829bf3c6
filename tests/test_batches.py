"""The NLP stage in batches (real ci models): a language selection, reuse across runs, one merge."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from parley.io.tables import STAGING_DIR, read_table
from parley.nlp.annotate import Annotator
from parley.settings import ModelSettings, load_settings
from parley.stages import annotate_stage, ingest_stage

pytestmark = pytest.mark.models


def _part(output: Path, table: str) -> Path:
    return output / table / "part-00000.parquet"


def test_selection_reuse_and_change(model_settings: ModelSettings, sample_dir: Path, tmp_path: Path) -> None:
    inputs, output = tmp_path / "in", tmp_path / "out"
    shutil.copytree(sample_dir, inputs)
    ingest_stage(inputs, output, load_settings().ingest)
    annotator = Annotator(model_settings.model_copy(update={"batch_documents": 2, "workers": 1}))
    langs = {d["doc_id"]: d["lang"] for d in read_table(output, "documents").to_pylist()}

    only_en = annotate_stage(output, annotator, languages=["en"])
    english = {doc_id for doc_id, lang in langs.items() if lang == "en"}
    assert set(read_table(output, "annotations").column("doc_id").to_pylist()) == english
    assert only_en.annotated == len(english) and only_en.batches == -(-len(english) // 2)
    assert sum(only_en.not_selected.values()) == len(langs) - len(english)
    # Stanza ran in this process (workers=1): one row, its peak, the one model set it loaded
    [memory] = only_en.workers
    assert memory["in_process"] and memory["languages"] == ["en (ci)"] and memory["peak_mb"] > 100

    everything = annotate_stage(output, annotator)
    assert everything.reused == len(english) and everything.annotated == len(langs) - len(english)
    tokens = read_table(output, "tokens")
    assert set(tokens.column("doc_id").to_pylist()) == set(langs)
    keys = list(zip(*(tokens.column(k).to_pylist() for k in ("doc_id", "sentence_index", "word_index")), strict=True))
    assert keys == sorted(keys)
    assert not list((output / STAGING_DIR).glob("nlp-*")), "batch work folders must be removed"

    written = _part(output, "tokens").stat().st_mtime_ns
    again = annotate_stage(output, annotator)
    assert (again.annotated, again.reused) == (0, len(langs))
    assert _part(output, "tokens").stat().st_mtime_ns == written, "an unchanged re-run rewrote the tokens"

    edited = inputs / "en_az_kz_video_meeting.txt"
    edited.write_text(edited.read_text(encoding="utf-8").replace("pension rights", "pension entitlements"), encoding="utf-8")
    ingest_stage(inputs, output, load_settings().ingest)
    after_edit = annotate_stage(output, annotator)
    assert (after_edit.annotated, after_edit.reused) == (1, len(langs) - 1)
    assert read_table(output, "annotations").num_rows == len(langs)
