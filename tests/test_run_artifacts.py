"""A pipeline run publishes its reports as Prefect artifacts and under <output>/reports/ (real flow,
real Prefect API, read back through the Prefect client)."""

from __future__ import annotations

from pathlib import Path

import pytest
from serving import check_artifacts, copy_sample, read_run_artifacts

SAMPLE = ["en_az_kz_video_meeting.txt", "en_az_uz_labour_mou.txt", "uz_cyrl_pensions_statement.txt"]


@pytest.mark.flow
@pytest.mark.models
def test_a_run_publishes_its_reports(
    prefect_harness: None, model_settings: object, sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.pipeline import parley_pipeline

    # the ci set, whatever else this machine's store holds (a built default set would annotate instead)
    monkeypatch.setenv("PARLEY_MODELS__PREFER", '["ci"]')

    inputs = copy_sample(sample_dir, tmp_path / "in", SAMPLE)
    output = tmp_path / "out"
    state = parley_pipeline(input_dir=str(inputs), output_dir=str(output), return_state=True)
    assert state.is_completed(), state
    result = state.result()
    assert set(result["seconds"]) >= {"ingest", "annotate"}
    assert result["reports"]["summary"] == str(output / "reports" / "summary.md")
    check_artifacts(read_run_artifacts(state.state_details.flow_run_id), output)
    summary = (output / "reports" / "summary.md").read_text(encoding="utf-8")
    assert "| uz | `parley-ci` (depparse, lemma, pos, tokenize, reading a transliteration Cyrl -> Latn) | 1 |" in summary and "| ingest |" in summary
    # each Stanza worker process reports its peak memory and the models it loaded (2 workers by default)
    workers = result["annotate"]["workers"]
    assert 1 <= len(workers) <= 2 and not any(w["in_process"] for w in workers)
    assert {lang for w in workers for lang in w["languages"]} == {"en (ci)", "uz (ci)"}
    assert all(100 < w["peak_mb"] < 4096 for w in workers), workers
    assert "## NLP workers: peak memory" in summary
    assert all(f"| `{w['worker']}` |" in summary and f"| {w['peak_mb']:.0f} MB |" in summary for w in workers)
