"""kill -9 during a run leaves readable tables, and the next run gives the same rows
(scripts/kill_trials.py; the full ten trials are a manual check, CI runs two)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.flow
@pytest.mark.models
def test_runs_killed_at_random_moments_leave_readable_tables(model_settings, tmp_path: Path) -> None:
    parley = REPO / ".venv" / "bin" / "parley"
    if not parley.exists():
        pytest.skip("needs the installed .venv (make install)")
    small = tmp_path / "in"
    small.mkdir()
    for path in sorted((REPO / "data" / "raw").glob("*.txt"))[:5]:
        (small / path.name).write_bytes(path.read_bytes())
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "kill_trials.py"), "--input", str(small), "--trials", "2", "--seed", "3"],
        capture_output=True, text=True, timeout=1200, cwd=REPO,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed, 0 failed" in done.stdout
