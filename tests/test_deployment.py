"""`parley serve`: the deployment is registered with its schedule and parameters, and a run of it
(with a language selection) writes the tables. Real processes against the session's Prefect API."""

from __future__ import annotations

from pathlib import Path

import pytest
from serving import copy_sample, served, wait_for_deployment

from parley.io.tables import read_table

SAMPLE = ["en_az_kz_video_meeting.txt", "en_az_uz_labour_mou.txt", "ru_az_ru_moscow_meeting.txt", "de_az_de_aktionsplan.txt"]


@pytest.mark.flow
@pytest.mark.models
def test_served_deployment_runs_with_its_parameters(prefect_harness: None, sample_dir: Path, tmp_path: Path) -> None:
    from prefect import get_client
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL

    api_url = PREFECT_API_URL.value()
    inputs = copy_sample(sample_dir, tmp_path / "in", SAMPLE)
    output = tmp_path / "out"
    log = tmp_path / "serve.log"
    with served(api_url, inputs, output, log, "--lang", "en", "--lang", "ru", "--cron", "30 5 * * 1") as process:
        deployment = wait_for_deployment(api_url, "parley-pipeline/parley-pipeline", process, log)
        assert [s.schedule.cron for s in deployment.schedules] == ["30 5 * * 1"]
        assert deployment.parameters == {"input_dir": str(inputs), "output_dir": str(output), "languages": ["en", "ru"]}
        assert {"input_dir", "output_dir", "languages"} <= set(deployment.parameter_openapi_schema["properties"])

        flow_run = run_deployment("parley-pipeline/parley-pipeline", timeout=240)
        assert flow_run.state is not None and flow_run.state.is_completed(), (flow_run.state, log.read_text())

    documents = read_table(output, "documents")
    assert sorted(documents.column("lang").to_pylist()) == ["de", "en", "en", "ru"]
    annotated = read_table(output, "annotations")
    assert sorted(annotated.column("lang").to_pylist()) == ["en", "en", "ru"]
    with get_client(sync_client=True) as client:
        assert client.read_flow_run(flow_run.id).deployment_id == deployment.id
