"""The NLP stage as Prefect tasks: plan, one task per batch of documents, merge.

Batch tasks are coarse on purpose (Prefect costs 130-210 ms per task on Dask) and carry only paths
and document ids. Models load once per worker process and stay loaded for every later batch there.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import socket
import threading
import time
from pathlib import Path
from typing import Any

from prefect import get_run_logger, task

from parley.batches import annotate_batch, load_plan, merge_annotations, plan_annotation, save_plan
from parley.nlp.annotate import Annotator
from parley.settings import ModelSettings

NLP_TAG = "parley-nlp"

_ANNOTATORS: dict[str, tuple[Annotator, threading.Lock]] = {}
_ANNOTATORS_LOCK = threading.Lock()


def annotator_for(settings: ModelSettings) -> tuple[Annotator, threading.Lock]:
    """The process's Annotator for these settings (models load once per worker), and a lock that
    serialises in-process Stanza calls when batches run on threads of one process."""
    key = settings.model_dump_json()
    with _ANNOTATORS_LOCK:
        if key not in _ANNOTATORS:
            if settings.workers == 1:  # Stanza runs here: as many torch threads as configured
                import torch

                torch.set_num_threads(settings.threads)
            _ANNOTATORS[key] = (Annotator(settings), threading.Lock())
        return _ANNOTATORS[key]


def release_annotators() -> None:
    """Stop this process's Stanza worker processes (at the end of a run's NLP stage): a pool left
    to interpreter exit outlives a flow-run process that its runner kills."""
    with _ANNOTATORS_LOCK:
        for annotator, _ in _ANNOTATORS.values():
            annotator.close()
        _ANNOTATORS.clear()


@task(name="plan-annotation")
def plan(output_dir: str, settings: ModelSettings, languages: list[str] | None) -> dict[str, Any]:
    """Which documents need the NLP models, in batches; which keep their rows from earlier runs.
    The plan itself goes to a file; the task returns its path and the counts."""
    annotator, _ = annotator_for(settings)
    result = plan_annotation(Path(output_dir), annotator, languages, settings.batch_documents)
    get_run_logger().info(
        "NLP plan: %d documents, %d to annotate in %d batches, %d unchanged since the last run%s",
        result.documents,
        sum(len(b) for b in result.batches),
        len(result.batches),
        len(result.reused),
        f", not selected: {result.not_selected}" if result.not_selected else "",
    )
    return {
        "plan_file": str(save_plan(result)),
        "batches": len(result.batches),
        "documents": sum(len(b) for b in result.batches),
    }


@task(name="annotate-batch", tags=[NLP_TAG])
def annotate(output_dir: str, doc_ids: list[str], settings: ModelSettings, batch_dir: str) -> str:
    """Tokens, lemmas, POS, dependencies and NER for one batch of documents (one model set)."""
    annotator, lock = annotator_for(settings)
    started = time.perf_counter()
    with lock if settings.workers == 1 else contextlib.nullcontext():
        # workers > 1: Stanza runs in the annotator's own processes, which take calls from any thread
        written = annotate_batch(Path(output_dir), doc_ids, annotator, Path(batch_dir))
    get_run_logger().info(
        "annotated %d documents in %.1f s in process %d on %s",
        len(doc_ids), time.perf_counter() - started, os.getpid(), socket.gethostname(),
    )
    return written


@task(name="merge-annotations")
def merge(output_dir: str, plan_file: str, batch_dirs: list[str]) -> dict[str, Any]:
    """Kept rows plus the new batches -> the `annotations`, `sentences` and `tokens` tables."""
    report = merge_annotations(Path(output_dir), load_plan(Path(plan_file)), batch_dirs)
    get_run_logger().info(
        "annotated %d documents (%d reused from earlier runs) in %d batches, models %s, %d flagged",
        report.annotated,
        report.reused,
        report.batches,
        report.models,
        report.flagged,
    )
    if report.quarantined:
        get_run_logger().warning(
            "quarantined %d documents %s: they stay in `documents` without annotations or events; "
            "see the `quarantine` table for the reasons",
            sum(report.quarantined.values()), report.quarantined,
        )
    return dataclasses.asdict(report)
