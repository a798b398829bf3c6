"""Two runs writing to one output folder: the second waits for the first (or gives up with advice),
and the tables end up as one run wrote them. Real processes, real Parquet readers."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest
from serving import REPO, copy_sample, parley_command, parley_env

from parley.io.lock import output_lock
from parley.io.tables import read_table

RUN_A = ["en_az_kz_video_meeting.txt", "en_az_pk_two_meetings.txt"]
RUN_B = ["en_az_uz_labour_mou.txt", "wire.jsonl"]


def test_a_held_lock_makes_a_stage_command_wait_then_fail_with_advice(sample_dir: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    env = parley_env(None, PARLEY_RUN__LOCK_TIMEOUT_S="1.5")
    with output_lock(output, timeout_s=0):
        started = time.monotonic()
        busy = subprocess.run(
            parley_command("ingest", "-i", str(sample_dir), "-o", str(output)),
            cwd=REPO, env=env, capture_output=True, text=True, timeout=60,
        )
        waited = time.monotonic() - started
    assert busy.returncode == 2, busy.stderr
    assert "is being written by parley run pid" in busy.stderr and "waiting up to 2 s" in busy.stderr
    assert "still being written" in busy.stderr and "PARLEY_RUN__LOCK_TIMEOUT_S" in busy.stderr
    assert waited >= 1.5
    assert not (output / "documents").exists()
    free = subprocess.run(
        parley_command("ingest", "-i", str(sample_dir), "-o", str(output)),
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60,
    )
    assert free.returncode == 0, free.stderr


@pytest.mark.flow
@pytest.mark.models
def test_two_concurrent_runs_do_not_mix_their_tables(prefect_harness: None, sample_dir: Path, tmp_path: Path) -> None:
    from prefect.settings import PREFECT_API_URL

    env = parley_env(PREFECT_API_URL.value())
    output = tmp_path / "out"
    runs = {}
    for name, files in (("a", RUN_A), ("b", RUN_B)):
        inputs = copy_sample(sample_dir, tmp_path / name, files)
        log = (tmp_path / f"{name}.err").open("w")
        runs[name] = subprocess.Popen(
            parley_command("run", "-i", str(inputs), "-o", str(output), "--lang", "en"),
            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=log, text=True,
        )
    results = {}
    for name, process in runs.items():
        stdout, _ = process.communicate(timeout=300)
        assert process.returncode == 0, (tmp_path / f"{name}.err").read_text()
        results[name] = json.loads(stdout)

    assert max(r["lock_waited_s"] for r in results.values()) > 1.0, "the runs overlapped: no lock?"
    documents = read_table(output, "documents")
    doc_ids = set(documents.column("doc_id").to_pylist())
    sources = {Path(s["path"]).parent.name for row in documents.to_pylist() for s in row["sources"]}
    assert len(sources) == 1, f"documents from both runs: {sources}"
    last = results[sources.pop()]
    assert len(doc_ids) == last["ingest"]["documents"]
    for table in ("annotations", "sentences", "tokens"):
        assert set(read_table(output, table).column("doc_id").to_pylist()) <= doc_ids, table
    english = {d["doc_id"] for d in documents.to_pylist() if d["lang"] == "en"}
    assert set(read_table(output, "annotations").column("doc_id").to_pylist()) == english
    for table in ("documents", "annotations", "sentences", "tokens"):
        files = sorted((output / table).glob("*.parquet"))
        assert [f.name for f in files] == ["part-00000.parquet"], table
        rows = pq.ParquetFile(files[0]).metadata.num_rows
        assert pl.read_parquet(files[0]).height == rows
        assert duckdb.sql(f"SELECT count(*) FROM '{files[0]}'").fetchall()[0][0] == rows
    assert not list(output.glob(".staging/nlp-*")) and not (output / ".parley.lock.json").exists()
