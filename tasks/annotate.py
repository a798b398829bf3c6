"""The NLP stage as a Prefect task; one Annotator (loaded pipelines) per worker process."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from prefect import get_run_logger, task

from parley.nlp.annotate import Annotator
from parley.settings import ModelSettings
from parley.stages import annotate_stage

_ANNOTATORS: dict[str, Annotator] = {}


def annotator_for(settings: ModelSettings) -> Annotator:
    """Models are loaded once per worker and settings, then reused by every task run there."""
    key = settings.model_dump_json()
    if key not in _ANNOTATORS:
        _ANNOTATORS[key] = Annotator(settings)
    return _ANNOTATORS[key]


@task(name="annotate", retries=1, retry_delay_seconds=5, tags=["nlp"])
def annotate(output_dir: str, settings: ModelSettings) -> dict[str, Any]:
    """Tokens, lemmas, POS, dependencies and NER for every document not annotated yet."""
    report = annotate_stage(Path(output_dir), annotator_for(settings))
    get_run_logger().info(
        "annotated %d documents (%d reused from earlier runs), models %s, %d flagged",
        report.annotated,
        report.reused,
        report.models,
        report.flagged,
    )
    return dataclasses.asdict(report)
