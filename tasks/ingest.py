"""Ingestion as a Prefect task."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from prefect import get_run_logger, task

from parley.settings import IngestSettings
from parley.stages import ingest_stage


@task(name="ingest", retries=2, retry_delay_seconds=5)
def ingest(input_dir: str, output_dir: str, settings: IngestSettings) -> dict[str, Any]:
    """Read every raw file into the `documents` and `rejects` tables; return the report."""
    report = ingest_stage(Path(input_dir), Path(output_dir), settings)
    logger = get_run_logger()
    logger.info(
        "ingested %d documents %s, %d rejects %s",
        report.documents,
        report.languages,
        report.rejects,
        report.reject_reasons,
    )
    return dataclasses.asdict(report)
