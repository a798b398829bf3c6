"""The extraction stage as a Prefect task."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from prefect import get_run_logger, task

from parley.stages import extract_stage


@task(name="extract", retries=1, retry_delay_seconds=5)
def extract(output_dir: str, languages: list[str] | None = None) -> dict[str, Any]:
    """Meeting and agreement events for every document (in `languages`; None: all) not extracted
    yet with the same models and resources."""
    report = extract_stage(Path(output_dir), languages=languages)
    get_run_logger().info(
        "extracted events from %d documents (%d reused from earlier runs): %s", report.extracted, report.reused, report.events
    )
    return dataclasses.asdict(report)
