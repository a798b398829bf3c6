"""Kill -9 a `parley run` at random moments, then check what it left behind.

Each trial: start `parley run` on the input, SIGKILL its whole process group after a random delay,
then check that every table is readable Parquet with no temporary file inside a table folder,
run `parley run` again to the end, and compare its rows with a reference run that was never
interrupted. Prints one line per trial and a total; exits 1 if any trial fails.

    .venv/bin/python scripts/kill_trials.py --input data/raw --trials 10 [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[1]
# Columns that differ between runs by design (timestamps of the run).
VOLATILE = {"ingested_at", "rejected_at", "annotated_at", "extracted_at", "quarantined_at"}
COMPARED = ("documents", "rejects", "annotations", "sentences", "tokens", "quarantine",
            "events", "participants", "agreement_parties", "actors", "canonical_events", "event_mentions")


def run_parley(input_dir: Path, output_dir: Path, env: dict[str, str], timeout: float | None = None,
               kill_after: float | None = None) -> int | None:
    """`parley run`; with `kill_after`, SIGKILL its process group then and return None."""
    command = [str(REPO / ".venv" / "bin" / "parley"), "run", "--input", str(input_dir), "--output", str(output_dir)]
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    if kill_after is None:
        return process.wait(timeout=timeout)
    try:
        return process.wait(timeout=kill_after)  # finished before the kill
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return None


def check_readable(output_dir: Path) -> list[str]:
    """Problems with the tables as a reader would find them."""
    problems = []
    for folder in sorted(p for p in output_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if folder.name == "reports":
            continue
        for path in folder.iterdir():
            if not path.name.endswith(".parquet"):
                problems.append(f"stray file {path.relative_to(output_dir)}")
                continue
            try:
                pq.read_table(path)
            except Exception as error:  # noqa: BLE001 - any unreadable table is the finding
                problems.append(f"unreadable {path.relative_to(output_dir)}: {error}")
    return problems


def rows(output_dir: Path) -> dict[str, list]:
    out = {}
    for name in COMPARED:
        files = sorted((output_dir / name).glob("*.parquet"))
        table = pq.read_table(files[0]) if files else None
        if table is None:
            out[name] = []
            continue
        keep = [c for c in table.column_names if c not in VOLATILE]
        out[name] = sorted(repr(sorted(r.items())) for r in table.select(keep).to_pylist())
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", type=Path, default=REPO / "data" / "raw")
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    env = {**os.environ, "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90", "PARLEY_RUN__REPORTS": "false"}
    work = Path(tempfile.mkdtemp(prefix="parley-kill-"))
    try:
        started = time.perf_counter()
        if run_parley(args.input, work / "reference", env, args.timeout) != 0:
            print("the reference run failed", file=sys.stderr)
            return 1
        full = time.perf_counter() - started
        expected = rows(work / "reference")
        shutil.copytree(work / "reference", work / "rerun")
        started = time.perf_counter()
        run_parley(args.input, work / "rerun", env, args.timeout)
        rerun = time.perf_counter() - started  # an incremental run over a finished output
        failures = 0
        for trial in range(1, args.trials + 1):
            output = work / f"trial-{trial}"
            if trial % 2 == 0:  # half the trials start from a finished output (an incremental re-run)
                shutil.copytree(work / "reference", output)
            delay = rng.uniform(0.5, rerun if trial % 2 == 0 else full)
            finished = run_parley(args.input, output, env, kill_after=delay) is not None
            problems = check_readable(output) if output.exists() else []
            code = run_parley(args.input, output, env, args.timeout)
            if code != 0:
                problems.append(f"the next run exited {code}")
            elif rows(output) != expected:
                changed = [n for n, r in rows(output).items() if r != expected[n]]
                problems.append(f"rows differ from the reference in {changed}")
            failures += bool(problems)
            state = "finished before the kill" if finished else f"killed at {delay:.1f} s"
            print(f"trial {trial}: {state}: {'ok' if not problems else '; '.join(problems)}", flush=True)
        print(f"{args.trials - failures} passed, {failures} failed")
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
