"""Pipeline stages as plain functions: paths in, tables written, a small report out.

Prefect tasks (`tasks/`) and CLI commands (`parley/cli.py`) are thin shells over these, so every
stage can run and be tested without Prefect.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from parley.batches import (
    AnnotateReport,
    annotate_batch,
    batch_dir,
    merge_annotations,
    plan_annotation,
)
from parley.ingest.run import ingest_folder
from parley.io.tables import write_table
from parley.nlp.annotate import Annotator
from parley.schema import document_row, reject_row
from parley.settings import IngestSettings

__all__ = ["AnnotateReport", "IngestReport", "annotate_stage", "ingest_stage"]


@dataclass(frozen=True)
class IngestReport:
    """What ingestion did: counts for logs and summaries, and the tables it wrote."""

    documents: int
    rejects: int
    languages: dict[str, int]
    reject_reasons: dict[str, int]
    tables: dict[str, str] = field(default_factory=dict)


def ingest_stage(
    input_dir: Path, output_dir: Path, settings: IngestSettings, now: dt.datetime | None = None
) -> IngestReport:
    """Ingest every file under `input_dir` and write the `documents` and `rejects` tables."""
    result = ingest_folder(Path(input_dir), settings, now)
    documents_path = write_table(Path(output_dir), "documents", map(document_row, result.documents))
    rejects_path = write_table(Path(output_dir), "rejects", map(reject_row, result.rejects))
    return IngestReport(
        documents=len(result.documents),
        rejects=len(result.rejects),
        languages=dict(sorted(Counter(d.lang for d in result.documents).items())),
        reject_reasons=dict(sorted(Counter(r.reason.value for r in result.rejects).items())),
        tables={"documents": str(documents_path), "rejects": str(rejects_path)},
    )


def annotate_stage(
    output_dir: Path,
    annotator: Annotator,
    now: dt.datetime | None = None,
    languages: Collection[str] | None = None,
) -> AnnotateReport:
    """Annotate the `documents` table (those in `languages`; None: all) into `annotations`,
    `sentences` and `tokens`, batch after batch in this process (flows spread the batches out).

    Documents whose id (a content hash) and chosen model set are unchanged since the last run keep
    their rows and are not annotated again."""
    now = now or dt.datetime.now(dt.UTC)
    plan = plan_annotation(Path(output_dir), annotator, languages, annotator.settings.batch_documents)
    done = [
        annotate_batch(Path(output_dir), ids, annotator, batch_dir(plan, index), now)
        for index, ids in enumerate(plan.batches)
    ]
    return merge_annotations(Path(output_dir), plan, done)
