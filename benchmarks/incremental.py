"""Incremental runs: the whole pipeline flow cold, then again over the same unchanged inputs
(goal: the re-run >= 20x faster).

    PYTHONPATH=. .venv/bin/python benchmarks/incremental.py [--corpus sample|all] [--runs 2]

`sample` is data/raw plus ../shared/seeds; `all` adds the golden corpora. The inputs are copied to
a temporary folder and the tables go to a temporary output. Both runs happen in this process
against one Prefect API (its start is timed apart), so the figures are the pipeline's own. The
same stages then run as plain functions (no Prefect) into another output, cold and again: the
difference is Prefect's own cost per flow run (about 1 s here, mostly joining its heartbeat thread).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CORPORA = {
    "sample": [REPO / "data" / "raw", REPO.parent / "shared" / "seeds"],
    "all": [REPO / "data" / "raw", REPO.parent / "shared" / "seeds", REPO / "tests" / "golden" / "events",
            REPO / "tests" / "golden" / "clusters" / "articles"],
}


def copy_inputs(sources: list[Path], target: Path) -> int:
    count = 0
    for source in sources:
        for path in sorted(source.rglob("*")):
            if path.is_file() and path.suffix in {".txt", ".md", ".html", ".jsonl", ".json"} and path.parent.name != "gold":
                if path.suffix == ".json" and not path.name.endswith(".meta.json"):
                    continue
                relative = path.relative_to(source)
                (target / source.name / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target / source.name / relative)
                count += not path.name.endswith(".meta.json")
    return count


def core_runs(inputs: Path, output: Path) -> tuple[float, float]:
    """The same stages as plain functions (no Prefect): cold, then again; seconds of each."""
    from parley.nlp.annotate import Annotator
    from parley.settings import load_settings
    from parley.stages import annotate_stage, canonical_stage, extract_stage, ingest_stage

    settings = load_settings()
    timings = []
    for _ in range(2):
        annotator = Annotator(settings.models)
        started = time.perf_counter()
        ingest_stage(inputs, output, settings.ingest)
        annotate_stage(output, annotator)
        extract_stage(output)
        canonical_stage(output)
        timings.append(time.perf_counter() - started)
        annotator.close()
    return timings[0], timings[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="sample")
    parser.add_argument("--runs", type=int, default=2, help="warm runs after the cold one (the best counts)")
    args = parser.parse_args()
    os.environ.update({"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                       "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90", "PREFECT_LOGGING_LEVEL": "WARNING"})
    from prefect import get_client

    from flows.pipeline import parley_pipeline

    started = time.perf_counter()
    with get_client(sync_client=True) as client:  # starts the temporary API server unless one is set
        client.hello()
    server_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="parley-incremental-") as tmp:
        inputs, output = Path(tmp) / "in", Path(tmp) / "out"
        files = copy_inputs(CORPORA[args.corpus], inputs)
        timings = []
        for _ in range(1 + args.runs):
            started = time.perf_counter()
            result = parley_pipeline(input_dir=str(inputs), output_dir=str(output))
            timings.append((time.perf_counter() - started, result))
        core_cold, core_warm = core_runs(inputs, Path(tmp) / "out-core")
    (cold, cold_result), (warm, warm_result) = timings[0], min(timings[1:], key=lambda t: t[0])
    ingest = cold_result["ingest"]
    print(f"\n{args.corpus}: {files} input files, {ingest['documents']} documents, {ingest['rejects']} rejects; "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; Prefect API start {server_s:.1f} s (not counted)\n")
    stages = list(cold_result["seconds"])
    print(f"| run | whole flow (s) | {' | '.join(f'{stage} (s)' for stage in stages)} | documents annotated / reused |")
    print(f"|---|---:|{'---:|' * len(stages)}---:|")
    for label, seconds, result in (("cold", cold, cold_result), ("warm (best re-run)", warm, warm_result)):
        times = " | ".join(f"{result['seconds'].get(stage, 0):.2f}" for stage in stages)
        print(f"| {label} | {seconds:.2f} | {times} | {result['annotate']['annotated']} / {result['annotate']['reused']} |")
    print(f"\nre-run speed-up: {cold / warm:.1f}x (the flow); the stages alone, without Prefect: "
          f"{core_cold:.2f} s cold, {core_warm:.2f} s again, {core_cold / core_warm:.0f}x")


if __name__ == "__main__":
    main()
