"""A pipeline run publishes its reports as Prefect artifacts and under <output>/reports/ (real flow,
real Prefect API, read back through the Prefect client)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from serving import copy_sample

from parley.reports import RunTables, events_by_language

SAMPLE = ["en_az_kz_video_meeting.txt", "en_az_uz_labour_mou.txt", "uz_cyrl_pensions_statement.txt"]


def read_run_artifacts(flow_run_id: object) -> dict[str, object]:
    """key -> artifact of the flow run (the latest version of each key)."""
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    return {a.key: a for a in artifacts}


def check_artifacts(artifacts: dict[str, object], output: Path) -> None:
    """The artifacts say what the tables and report files under `output` say."""
    tables = RunTables.read(output)
    summary = artifacts["parley-summary"]
    assert summary.type == "markdown"
    assert f"documents in: **{tables.documents.num_rows}**" in summary.data
    assert summary.data == (output / "reports" / "summary.md").read_text(encoding="utf-8")
    events = artifacts["parley-events"]
    assert events.type == "table"
    assert json.loads(events.data) == events_by_language(tables)
    picture = artifacts["parley-picture"]
    assert picture.type == "image" and picture.data.startswith("data:image/png;base64,")
    png = base64.b64decode(picture.data.split(",", 1)[1])
    written = next((output / "reports").glob("*.png"))
    assert png == written.read_bytes() and png[:4] == b"\x89PNG"


@pytest.mark.flow
@pytest.mark.models
def test_a_run_publishes_its_reports(prefect_harness: None, sample_dir: Path, tmp_path: Path) -> None:
    from flows.pipeline import parley_pipeline

    inputs = copy_sample(sample_dir, tmp_path / "in", SAMPLE)
    output = tmp_path / "out"
    state = parley_pipeline(input_dir=str(inputs), output_dir=str(output), return_state=True)
    assert state.is_completed(), state
    result = state.result()
    assert set(result["seconds"]) >= {"ingest", "annotate"}
    assert result["reports"]["summary"] == str(output / "reports" / "summary.md")
    check_artifacts(read_run_artifacts(state.state_details.flow_run_id), output)
    summary = (output / "reports" / "summary.md").read_text(encoding="utf-8")
    assert "| uz | `fallback-regex` | 1 |" in summary and "| ingest |" in summary
