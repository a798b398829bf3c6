"""The NLP stage cut into coarse batches: plan, annotate each batch anywhere, merge.

Batches are what a task runner distributes (threads, or Dask worker processes on other machines):
a batch reads its documents from the `documents` table and writes its rows under a work folder of
the output, so only paths and document ids travel between processes. The merge keeps the rows of
documents that need no new annotation (same content hash, same model set) and replaces the tables
once, at the end.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import uuid
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from parley.io.tables import STAGING_DIR, read_table, schema_for, write_table
from parley.nlp.annotate import Annotator, DocumentText, WorkerMemory, merge_worker_memory
from parley.schema import annotation_row, sentence_rows_of, token_rows_of

NLP_TABLES = ("annotations", "sentences", "tokens", "quarantine")
WORK_PREFIX = "nlp-"
PLAN_NAME = "plan.json"
MEMORY_NAME = "workers.json"  # in each batch folder: the peak memory of the processes that ran Stanza
SORT_KEYS = {
    "annotations": ["doc_id"],
    "sentences": ["doc_id", "sentence_index"],
    "tokens": ["doc_id", "sentence_index", "word_index"],
    "quarantine": ["doc_id"],
}


@dataclass(frozen=True)
class AnnotationPlan:
    """Which documents to annotate (in batches of one model set each) and which rows to keep."""

    documents: int
    batches: list[list[str]]
    reused: list[str]
    not_selected: dict[str, int]
    work_dir: str


@dataclass(frozen=True)
class AnnotateReport:
    """What the NLP stage did."""

    documents: int
    annotated: int
    reused: int
    models: dict[str, int]
    flagged: int
    not_selected: dict[str, int] = field(default_factory=dict)
    quarantined: dict[str, int] = field(default_factory=dict)
    batches: int = 0
    tables: dict[str, str] = field(default_factory=dict)
    workers: list[dict] = field(default_factory=list)  # WorkerMemory of each Stanza process, as dicts


def plan_annotation(
    output_dir: Path, annotator: Annotator, languages: Collection[str] | None, batch_documents: int
) -> AnnotationPlan:
    """Split the documents of `languages` (None: all) that need annotation into batches.

    A quarantined document is tried again only when its text (the id) or its model set changed,
    or with `models.retry_quarantined`. Also removes work folders left behind by runs that crashed (the caller holds the output lock)."""
    output_dir = Path(output_dir)
    for stale in (output_dir / STAGING_DIR).glob(f"{WORK_PREFIX}*"):
        shutil.rmtree(stale, ignore_errors=True)
    docs = read_table(output_dir, "documents", columns=["doc_id", "lang", "script"]).to_pylist()
    chosen = [d for d in docs if languages is None or d["lang"] in languages]
    not_selected = Counter(d["lang"] for d in docs if languages is not None and d["lang"] not in languages)
    wanted = annotator.model_ids(DocumentText(d["doc_id"], d["lang"], d["script"], "") for d in chosen)
    previous = annotation_models(output_dir)
    if not annotator.settings.retry_quarantined:
        previous = {**quarantined_models(output_dir), **previous}
    reused = sorted(doc_id for doc_id, model in wanted.items() if previous.get(doc_id) == model)
    by_model: dict[str, list[str]] = defaultdict(list)
    for doc_id in sorted(set(wanted) - set(reused)):
        by_model[wanted[doc_id]].append(doc_id)
    batches = [
        ids[i : i + batch_documents]
        for _, ids in sorted(by_model.items())
        for i in range(0, len(ids), batch_documents)
    ]
    work_dir = output_dir / STAGING_DIR / f"{WORK_PREFIX}{uuid.uuid4().hex[:12]}"
    return AnnotationPlan(len(chosen), batches, reused, dict(sorted(not_selected.items())), str(work_dir))


def annotate_batch(
    output_dir: Path, doc_ids: Sequence[str], annotator: Annotator, batch_dir: Path, now: dt.datetime | None = None
) -> str:
    """Annotate the documents `doc_ids` and write their rows as tables under `batch_dir`; a
    document that fails is quarantined there, and the others still get their rows."""
    now = now or dt.datetime.now(dt.UTC)
    docs = read_table(output_dir, "documents", columns=["doc_id", "lang", "script", "body"], doc_ids=doc_ids)
    texts = [DocumentText(d["doc_id"], d["lang"], d["script"], d["body"]) for d in docs.to_pylist()]
    scripts = {t.doc_id: t.script for t in texts}
    rows: dict[str, list[dict]] = {name: [] for name in NLP_TABLES}
    outcome = annotator.annotate_isolated(texts)
    for doc in outcome.annotated:
        rows["annotations"].append(annotation_row(doc, scripts[doc.doc_id], now))
        rows["sentences"].extend(sentence_rows_of(doc))
        rows["tokens"].extend(token_rows_of(doc))
    rows["quarantine"] = [
        {**dataclasses.asdict(q), "stage": "nlp", "quarantined_at": now} for q in outcome.quarantined
    ]
    for name in NLP_TABLES:
        write_table(Path(batch_dir), name, rows[name])
    memory = [dataclasses.asdict(m) for m in annotator.worker_memory]
    (Path(batch_dir) / MEMORY_NAME).write_text(json.dumps(memory), encoding="utf-8")
    return str(batch_dir)


def worker_memory(batch_dirs: Sequence[str]) -> list[dict]:
    """The batches' reports of their Stanza processes, one row per process with its highest peak
    (a process that served several batches reports in each)."""
    reports = [
        WorkerMemory(row["worker"], row["peak_mb"], tuple(row["languages"]), row["in_process"])
        for folder in batch_dirs if (Path(folder) / MEMORY_NAME).exists()
        for row in json.loads((Path(folder) / MEMORY_NAME).read_text(encoding="utf-8"))
    ]
    return [{**dataclasses.asdict(m), "languages": list(m.languages)} for m in merge_worker_memory(reports)]


def merge_annotations(output_dir: Path, plan: AnnotationPlan, batch_dirs: Sequence[str]) -> AnnotateReport:
    """Kept rows + every batch's rows -> the NLP tables, sorted; nothing is rewritten when the
    tables already hold exactly the kept rows (a re-run over unchanged documents)."""
    output_dir = Path(output_dir)
    previous_ids = set(annotation_models(output_dir)) | set(quarantined_models(output_dir))
    written = all(any((output_dir / name).glob("*.parquet")) for name in NLP_TABLES)
    if not batch_dirs and written and previous_ids == set(plan.reused):
        tables = {name: str(output_dir / name) for name in NLP_TABLES}
        annotations = read_table(output_dir, "annotations", columns=["doc_id", "model", "flags"])
        quarantine = read_table(output_dir, "quarantine", columns=["reason"])
    else:
        tables = {}
        for name in NLP_TABLES:
            parts = [read_table(Path(d), name) for d in batch_dirs]
            if plan.reused:
                parts.insert(0, _rows_or_empty(output_dir, name, plan.reused))
            table = pa.concat_tables(parts) if parts else schema_for(name).empty_table()
            table = table.sort_by([(key, "ascending") for key in SORT_KEYS[name]])
            tables[name] = str(write_table(output_dir, name, table))
            if name == "annotations":
                annotations = table
            if name == "quarantine":
                quarantine = table
    workers = worker_memory(batch_dirs)
    shutil.rmtree(plan.work_dir, ignore_errors=True)
    models = Counter(annotations.column("model").to_pylist())
    flagged = pc.sum(pc.greater(pc.list_value_length(annotations.column("flags")), 0)).as_py() or 0
    return AnnotateReport(
        documents=plan.documents,
        annotated=len(set(annotations.column("doc_id").to_pylist()) - set(plan.reused)),
        reused=len(plan.reused),
        models=dict(sorted(models.items())),
        flagged=flagged,
        not_selected=plan.not_selected,
        batches=len(batch_dirs),
        tables=tables,
        quarantined=dict(sorted(Counter(quarantine.column("reason").to_pylist()).items())),
        workers=workers,
    )


def _rows_or_empty(output_dir: Path, name: str, doc_ids: Sequence[str]) -> pa.Table:
    """The rows of `doc_ids` in a table, or none where the table was never written (an output
    from before the table existed)."""
    try:
        return read_table(output_dir, name, doc_ids=doc_ids)
    except FileNotFoundError:
        return schema_for(name).empty_table()


def save_plan(plan: AnnotationPlan) -> Path:
    """Write the plan into its work folder, so that tasks pass a path rather than every id."""
    path = Path(plan.work_dir) / PLAN_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(dataclasses.asdict(plan)), encoding="utf-8")
    return path


def load_plan(path: Path) -> AnnotationPlan:
    """The plan `save_plan` wrote."""
    return AnnotationPlan(**json.loads(Path(path).read_text(encoding="utf-8")))


def batch_dir(plan: AnnotationPlan, index: int) -> Path:
    """Where batch number `index` of `plan` writes its rows."""
    return Path(plan.work_dir) / f"batch-{index:05d}"


def quarantined_models(output_dir: Path) -> dict[str, str]:
    """doc_id -> model set id of every quarantined document (empty when none is)."""
    return _models_of(output_dir, "quarantine")


def annotation_models(output_dir: Path) -> dict[str, str]:
    """doc_id -> model set id of every annotated document (empty before the first run)."""
    return _models_of(output_dir, "annotations")


def _models_of(output_dir: Path, table_name: str) -> dict[str, str]:
    try:
        table = read_table(output_dir, table_name, columns=["doc_id", "model"])
    except FileNotFoundError:
        return {}
    return dict(zip(table.column("doc_id").to_pylist(), table.column("model").to_pylist(), strict=True))
