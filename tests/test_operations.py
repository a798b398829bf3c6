"""Running parley like a platform: transient failures are retried, NLP tasks respect the server's
concurrency limit, and `parley run` draws a progress bar on a terminal. Real flows, real processes."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import threading
import time
from pathlib import Path

import pytest
from serving import REPO, copy_sample, parley_command, parley_env, subflow_ids

from parley.io.tables import STAGING_DIR, read_table

FALLBACK_ONLY = ["uz_cyrl_pensions_statement.txt"]  # no Stanza model: annotated in milliseconds
ENGLISH = ["en_az_kz_video_meeting.txt", "en_az_pk_two_meetings.txt", "en_az_uz_labour_mou.txt"]


def _task_runs(flow_run_ids: list, name_prefix: str) -> list:
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=flow_run_ids)))
    return [r for r in runs if r.name.startswith(name_prefix)]


@pytest.mark.flow
def test_a_transient_io_failure_is_retried(
    prefect_harness: None, sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file blocks the output's staging folder until the first attempt of `ingest` has failed."""
    from prefect import get_client
    from prefect.client.schemas.filters import (
        TaskRunFilter,
        TaskRunFilterName,
        TaskRunFilterState,
        TaskRunFilterStateName,
    )

    from flows.pipeline import parley_pipeline

    monkeypatch.setenv("PARLEY_PREFECT__RETRY_DELAY_S", "2")
    inputs = copy_sample(sample_dir, tmp_path / "in", FALLBACK_ONLY)
    output = tmp_path / "out"
    output.mkdir()
    blocker = output / STAGING_DIR
    blocker.write_text("not a folder", encoding="utf-8")
    waiting = TaskRunFilter(
        name=TaskRunFilterName(like_="ingest"),
        state=TaskRunFilterState(name=TaskRunFilterStateName(any_=["AwaitingRetry", "Retrying"])),
    )

    def unblock_after_the_first_failure() -> None:
        deadline = time.monotonic() + 120
        with get_client(sync_client=True) as client:
            while time.monotonic() < deadline and not client.read_task_runs(task_run_filter=waiting):
                time.sleep(0.2)
        blocker.unlink()

    watcher = threading.Thread(target=unblock_after_the_first_failure, daemon=True)
    watcher.start()
    state = parley_pipeline(input_dir=str(inputs), output_dir=str(output), return_state=True)
    watcher.join(timeout=5)
    assert state.is_completed(), state
    (ingest_run,) = _task_runs([state.state_details.flow_run_id], "ingest")
    assert ingest_run.run_count == 2, "the first attempt should have failed and the retry succeeded"
    assert read_table(output, "documents").num_rows == 1


@pytest.mark.flow
@pytest.mark.models
def test_nlp_batches_respect_the_concurrency_limit(
    prefect_harness: None, sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prefect import get_client

    from flows.pipeline import parley_pipeline
    from tasks.annotate import NLP_TAG

    monkeypatch.setenv("PARLEY_PREFECT__NLP_CONCURRENCY", "1")
    monkeypatch.setenv("PARLEY_MODELS__BATCH_DOCUMENTS", "1")
    inputs = copy_sample(sample_dir, tmp_path / "in", ENGLISH)
    # Prefect's client remembers "this tag has no limit" for 5 s: earlier flows of this test
    # process looked the tag up before any limit existed. (A served deployment starts each run
    # in a fresh process, and the limit, once set, stays on the server.)
    time.sleep(5.5)
    state = parley_pipeline(input_dir=str(inputs), output_dir=str(tmp_path / "out"), return_state=True)
    assert state.is_completed(), state
    with get_client(sync_client=True) as client:
        assert client.read_concurrency_limit_by_tag(NLP_TAG).concurrency_limit == 1
    with get_client(sync_client=True) as client:
        batches = _task_runs(subflow_ids(client, state), "annotate-batch")
    assert len(batches) == 3
    spans = sorted((run.start_time, run.end_time) for run in batches)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert start >= end, f"two NLP batches ran at once despite the limit: {spans}"


@pytest.mark.flow
def test_parley_run_draws_a_progress_bar_on_a_terminal(prefect_harness: None, sample_dir: Path, tmp_path: Path) -> None:
    from prefect.settings import PREFECT_API_URL

    inputs = copy_sample(sample_dir, tmp_path / "in", FALLBACK_ONLY)
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        parley_command("run", "-i", str(inputs), "-o", str(tmp_path / "out")),
        cwd=REPO, env=parley_env(PREFECT_API_URL.value(), COLUMNS="100", TERM="xterm"),
        stdin=secondary, stdout=secondary, stderr=secondary,
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the terminal closed: the process has exited
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(primary)
    assert process.wait(timeout=120) == 0
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode("utf-8", "replace"))
    for stage, steps in (("ingest", "1/1"), ("annotate", "1/1"), ("reports", "1/1")):
        assert re.search(rf"{stage}\s+━+\s+{steps}", screen), f"no finished {stage} bar in:\n{screen[-3000:]}"
