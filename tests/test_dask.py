"""The NLP stage on a local Dask cluster (real worker processes) writes the same tables as the
default runner."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pyarrow as pa
import pytest
from serving import copy_sample, subflow_ids

from parley.io.tables import read_table

SAMPLE = [
    "en_az_kz_video_meeting.txt", "en_az_pk_two_meetings.txt", "en_az_uz_labour_mou.txt",
    "ru_az_ru_moscow_meeting.txt", "ru_kz_uz_planned_agreement.txt", "uz_cyrl_pensions_statement.txt",
]
VOLATILE = {"documents": ["ingested_at", "sources"], "annotations": ["annotated_at"]}
KEYS = {
    "documents": ["doc_id"], "annotations": ["doc_id"], "sentences": ["doc_id", "sentence_index"],
    "tokens": ["doc_id", "sentence_index", "word_index"],
}


def stable(output: Path, table: str) -> pa.Table:
    data = read_table(output, table)
    data = data.drop_columns([c for c in VOLATILE.get(table, []) if c in data.column_names])
    return data.sort_by([(key, "ascending") for key in KEYS[table]])


@pytest.mark.flow
@pytest.mark.models
def test_dask_runner_writes_the_same_tables(
    prefect_harness: None, sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prefect import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    from flows.pipeline import parley_pipeline

    inputs = copy_sample(sample_dir, tmp_path / "in", SAMPLE)
    monkeypatch.setenv("PARLEY_MODELS__BATCH_DOCUMENTS", "2")
    parley_pipeline(input_dir=str(inputs), output_dir=str(tmp_path / "default"))
    monkeypatch.setenv("PARLEY_PREFECT__TASK_RUNNER", "dask")
    monkeypatch.setenv("PARLEY_PREFECT__DASK_WORKERS", "2")
    state = parley_pipeline(input_dir=str(inputs), output_dir=str(tmp_path / "dask"), return_state=True)
    assert state.is_completed(), state
    assert state.result()["annotate"]["batches"] == 4

    for table in ("documents", "annotations", "sentences", "tokens"):
        assert stable(tmp_path / "dask", table).equals(stable(tmp_path / "default", table)), table
    with get_client(sync_client=True) as client:
        logs = client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=subflow_ids(client, state))))
    workers = {m.group(1) for log in logs if (m := re.search(r"in process (\d+) on", log.message))}
    assert workers and str(os.getpid()) not in workers, "the batches did not run in Dask worker processes"
