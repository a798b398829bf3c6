"""The parley pipeline: raw files -> documents -> Stanza NLP -> meeting and agreement events ->
canonical events and actors -> Parquet tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow

from parley.settings import load_settings
from tasks.annotate import annotate
from tasks.canonical import canonicalise
from tasks.extract import extract
from tasks.ingest import ingest


@flow(name="parley-pipeline", log_prints=True)
def parley_pipeline(input_dir: str | None = None, output_dir: str | None = None) -> dict[str, Any]:
    """Run every stage over `input_dir`, writing tables under `output_dir` (defaults: settings)."""
    settings = load_settings()
    source = str(Path(input_dir) if input_dir else settings.paths.input_dir)
    target = str(Path(output_dir) if output_dir else settings.paths.output_dir)
    ingest_report = ingest(source, target, settings.ingest)
    annotate_report = annotate(target, settings.models)
    extract_report = extract(target)
    canonical_report = canonicalise(target)
    return {
        "input_dir": source, "output_dir": target, "ingest": ingest_report, "annotate": annotate_report,
        "extract": extract_report, "canonical": canonical_report,
    }


if __name__ == "__main__":
    parley_pipeline()
