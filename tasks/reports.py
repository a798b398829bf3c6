"""Run reports as Prefect artifacts: the core builds them, this task only publishes them."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from prefect import get_run_logger, task
from prefect.artifacts import create_image_artifact, create_markdown_artifact, create_table_artifact

from parley.reports import write_reports


@task(name="publish-reports")
def publish_reports(output_dir: str, run: dict[str, Any]) -> dict[str, str]:
    """Write `<output>/reports/` and publish the same as artifacts of this flow run."""
    reports, files = write_reports(Path(output_dir), run)
    create_markdown_artifact(reports.markdown, key="parley-summary", description="What this parley run did")
    create_table_artifact(
        reports.events_by_language,
        key="parley-events",
        description="Events per document language and type (zeros while the output has no events table)",
    )
    picture = base64.b64encode(reports.picture).decode("ascii")
    create_image_artifact(f"data:image/png;base64,{picture}", key="parley-picture", description=reports.picture_title)
    get_run_logger().info("reports written to %s", Path(files["summary"]).parent)
    return files
