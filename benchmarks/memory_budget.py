"""Peak memory of a whole `parley run` as documents grow: the team's sample plus one generated
prose document of 1, 5 or 20 MB (English sentences from a small vocabulary, paragraphs of five
sentences: text the team wrote, not news).

Each case runs `parley run` in a fresh output folder and samples the resident memory of the run's
whole process tree (the flow process, the Stanza workers, Prefect's temporary server) every 0.2 s.
Documents over `models.max_document_chars` (default 1,000,000) are quarantined as too_long;
`--max-document-chars` raises that limit to make the models annotate the big ones.

    .venv/bin/python benchmarks/memory_budget.py [--sizes 1 5 20] [--max-document-chars N]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
WORDS = ("minister", "delegation", "cooperation", "agreement", "talks", "economy", "region",
         "transport", "energy", "trade", "visit", "capital", "meeting", "memorandum", "sides")


def prose(size_bytes: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    paragraphs, total = [], 0
    while total < size_bytes:
        sentences = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18))).capitalize() + "." for _ in range(5)]
        paragraphs.append(" ".join(sentences))
        total += len(paragraphs[-1]) + 2
    return "\n\n".join(paragraphs)


def tree_rss(root: psutil.Process) -> int:
    total = 0
    try:
        family = [root, *root.children(recursive=True)]
    except psutil.Error:  # the run has just ended
        return 0
    for process in family:
        try:
            total += process.memory_info().rss
        except psutil.Error:
            pass
    return total


def measure(input_dir: Path, output_dir: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """(peak MB of the process tree, seconds, exit code) of one `parley run`."""
    process = subprocess.Popen([str(REPO / ".venv/bin/parley"), "run", "--input", str(input_dir), "--output",
                                str(output_dir)], cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    root = psutil.Process(process.pid)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(root))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    started = time.perf_counter()
    sampler.start()
    code = process.wait()
    done.set()
    sampler.join()
    return peak / 2**20, time.perf_counter() - started, code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=float, nargs="+", default=[0, 1, 5, 20], help="MB of the big document (0: none)")
    parser.add_argument("--max-document-chars", type=int, default=None)
    args = parser.parse_args()
    env = {**os.environ, "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90", "PARLEY_INGEST__MAX_FILE_BYTES": str(64 * 2**20)}
    if args.max_document_chars:
        env["PARLEY_MODELS__MAX_DOCUMENT_CHARS"] = str(args.max_document_chars)
    work = Path(tempfile.mkdtemp(prefix="parley-memory-"))
    print("| big document | peak memory of the run (MB) | seconds | exit |")
    print("|---:|---:|---:|---:|")
    try:
        for size in args.sizes:
            case = work / f"in-{size}"
            shutil.copytree(REPO / "data" / "raw", case)
            if size:
                (case / "big.txt").write_text(prose(int(size * 1e6)), encoding="utf-8")
            peak, seconds, code = measure(case, work / f"out-{size}", env)
            label = f"{size:g} MB" if size else "none (sample only)"
            print(f"| {label} | {peak:,.0f} | {seconds:.0f} | {code} |", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
