"""Canonicalisation as a Prefect task (runs after extraction has written the event tables)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from prefect import get_run_logger, task

from parley.stages import canonical_stage


@task(name="canonicalise", retries=1, retry_delay_seconds=5)
def canonicalise(output_dir: str) -> dict[str, Any]:
    """Merge event mentions into canonical events and names into actors; return the report."""
    report = canonical_stage(Path(output_dir))
    get_run_logger().info(
        "%d event mentions -> %d canonical events (%d merged from several reports; %d new, %d kept, "
        "%d retired ids), actors %s",
        report.event_mentions,
        report.canonical_events,
        report.merged_events,
        report.new_ids,
        report.kept_ids,
        report.retired_ids,
        report.actors,
    )
    return dataclasses.asdict(report)
