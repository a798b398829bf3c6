"""Helpers for tests that run parley in other processes against a Prefect server."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from parley.reports import RunTables, events_by_language

REPO = Path(__file__).resolve().parents[1]


def parley_env(api_url: str | None, **extra: str) -> dict[str, str]:
    """The environment of a parley subprocess: this checkout importable, Prefect quiet, the server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_") and k != "PREFECT_API_URL"}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    if api_url:
        env["PREFECT_API_URL"] = api_url
    env["PREFECT_RUNNER_POLL_FREQUENCY"] = "1"  # `serve` picks up a new run within a second, not ten
    env.update(extra)
    return env


def parley_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "parley.cli", *args]


def copy_sample(sample_dir: Path, target: Path, names: list[str] | None = None) -> Path:
    """A private copy of (some of) the sample articles, with their sidecars."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(sample_dir.iterdir()):
        base = path.name.removesuffix(".meta.json")
        if names is None or base in names:
            shutil.copy(path, target / path.name)
    return target


@contextmanager
def served(api_url: str, input_dir: Path, output_dir: Path, log: Path, *args: str) -> Iterator[subprocess.Popen]:
    """`parley serve` in a subprocess for the duration of the block (stopped with Ctrl-C)."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            parley_command("serve", "--input", str(input_dir), "--output", str(output_dir), *args),
            cwd=REPO,
            env=parley_env(api_url),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process
        finally:
            stop(process)


def stop(process: subprocess.Popen) -> None:
    """Ctrl-C (Prefect pauses served schedules and stops cleanly), then kill after 30 s."""
    process.send_signal(2)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_for_deployment(api_url: str, name: str, process: subprocess.Popen, log: Path, timeout_s: float = 90):
    """The deployment `name` ('flow/deployment') once the serving process has registered it."""
    from prefect import get_client
    from prefect.exceptions import ObjectNotFound
    from prefect.settings import PREFECT_API_URL, temporary_settings

    deadline = time.monotonic() + timeout_s
    with temporary_settings({PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"parley serve exited ({process.returncode}):\n{log.read_text()}")
            try:
                return client.read_deployment_by_name(name)
            except ObjectNotFound:
                time.sleep(0.5)
    raise AssertionError(f"deployment {name} not registered after {timeout_s} s:\n{log.read_text()}")


def subflow_ids(client: object, state: object) -> list:
    """Ids of the sub-flow runs (the NLP stage) of the flow run that ended in `state`."""
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterParentFlowRunId

    parent = state.state_details.flow_run_id
    children = client.read_flow_runs(
        flow_run_filter=FlowRunFilter(parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[parent]))
    )
    return [run.id for run in children]


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
