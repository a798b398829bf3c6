"""Learning curves: dev quality of one Stanza processor against training time on this machine.

One training run per configuration, with frequent dev evaluations and a wall-clock limit; the log's
timestamps give the curve (the best dev score reached after t seconds). Runs Stanza's own training
code through `train_launcher`, on the data `build.prepare_language` composes, exactly as a build.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from parley.nlp.build import (
    _NO_EXTERNAL,
    _READS_VECTORS,
    _RUNNERS,
    BuildContext,
    PreparedLanguage,
    _env,
)

_STAMP = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)")
_DEV = re.compile(r"dev_score = ([0-9.]+)|Dev score: ([0-9.]+)")
_STEP_LINE = re.compile(r"STEP\s+(\d+)|[Ss]tep\s+(\d+)")  # the tokenizer pads: "Step     20/1000000"
_UPOS_HEADER = "UPOS\tXPOS\tUFeats\tAllTags"


@dataclass(frozen=True)
class CurvePoint:
    seconds: float  # training time since the trainer started reading batches
    step: int
    score: float  # UPOS for pos (gold tokens), LAS for depparse, entity F1 for ner, Stanza's dev score else


def parse_curve(log: str, processor: str) -> list[CurvePoint]:
    """(time, step, dev score) at each evaluation in a Stanza training log."""
    start: datetime | None = None
    points: list[CurvePoint] = []
    lines = log.split("\n")
    pending_upos: float | None = None
    last_step: int | None = None
    for i, line in enumerate(lines):
        stamp = _STAMP.match(line)
        when = datetime.strptime(stamp.group(1), "%Y-%m-%d %H:%M:%S") if stamp else None
        step_line = _STEP_LINE.search(line)
        if step_line:
            last_step = int(step_line.group(1) or step_line.group(2))
            if start is None and when:
                start = when  # the first logged step: data loading and set-up do not count
        if line.rstrip().endswith(_UPOS_HEADER) and i + 1 < len(lines):
            numbers = re.findall(r"[0-9.]+", lines[i + 1].split("INFO:")[-1])
            pending_upos = float(numbers[0]) / 100 if numbers else None
        match = _DEV.search(line)
        if match and when and start:
            step = re.search(r"step (\d+)", line)
            value = float(match.group(1) or match.group(2))
            value = value / 100 if value > 1 else value  # the tokenizer logs percentages
            score = pending_upos if processor == "pos" and pending_upos is not None else value
            at = int(step.group(1)) if step else last_step if last_step is not None else len(points)
            points.append(CurvePoint((when - start).total_seconds(), at, score))
            pending_upos = None
    return points


def best_by(points: list[CurvePoint], seconds: float) -> float | None:
    """The best dev score a run had reached (and saved) after `seconds` of training."""
    reached = [p.score for p in points if p.seconds <= seconds]
    return max(reached) if reached else None


def run_curve(
    ctx: BuildContext,
    prepared: PreparedLanguage,
    processor: str,
    hyper: list[str],
    seconds: float,
    name: str,
    vectors: Path | None = None,
) -> list[CurvePoint]:
    """Train `processor` for at most `seconds` (then stop it) and return its dev curve.
    Its data must be prepared first (`build.prepare_processor_data`)."""
    target = prepared.ner_short if processor == "ner" else prepared.treebank
    assert target is not None
    folder = ctx.work_dir / "curves" / name
    folder.mkdir(parents=True, exist_ok=True)
    external = list(_NO_EXTERNAL[processor])
    if processor in _READS_VECTORS and vectors is not None:
        external.remove("--no_pretrain")
        external += ["--wordvec_pretrain_file", str(vectors)]
    args = [
        sys.executable, "-m", "parley.nlp.train_launcher", _RUNNERS[processor], target, *external,
        "--save_dir", str(folder), "--save_name", f"{processor}.pt", "--device", ctx.device, *hyper,
    ]
    for stale in folder.glob("*.pt"):
        stale.unlink()  # Stanza's run_* scripts skip training when the model file exists
    log_path = folder / "train.log"
    started = time.monotonic()
    training_since: float | None = None
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(args, env=_env(ctx), cwd=ctx.work_dir, stdout=log, stderr=subprocess.STDOUT)
        while process.poll() is None:
            time.sleep(2)
            if training_since is None and _STEP_LINE.search(log_path.read_text(errors="replace")):
                training_since = time.monotonic()  # data loading and set-up do not count as training time
            if training_since is not None and time.monotonic() - training_since > seconds + 5:
                process.terminate()
                process.wait(timeout=60)
    ctx.log(f"{name}: stopped after {time.monotonic() - started:.0f} s (exit {process.returncode})")
    return [p for p in parse_curve(log_path.read_text(encoding="utf-8", errors="replace"), processor) if p.seconds <= seconds]
