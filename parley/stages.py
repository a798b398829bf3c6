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
    annotation_models,
    batch_dir,
    merge_annotations,
    plan_annotation,
)
from parley.canonical import MergeRules, canonicalise
from parley.canonical.records import publication_dates
from parley.extract.events import extract_events, extractor_version
from parley.extract.rows import event_rows
from parley.ingest.run import ingest_folder
from parley.io.tables import read_table, write_table
from parley.nlp.annotate import Annotator
from parley.nlp.types import AnnotatedDocument, Entity, Sentence, Word
from parley.resources.loader import resources_version
from parley.schema import document_row, reject_row
from parley.settings import IngestSettings


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


@dataclass(frozen=True)
class ExtractReport:
    """What the extraction stage did."""

    documents: int
    extracted: int
    reused: int
    events: dict[str, int]
    tables: dict[str, str] = field(default_factory=dict)


EVENT_TABLES = ("events", "participants", "agreement_parties")


def extract_stage(
    output_dir: Path, now: dt.datetime | None = None, languages: Collection[str] | None = None
) -> ExtractReport:
    """Extract events from the annotated documents (those in `languages`; None: all) into `events`,
    `participants`, `agreement_parties`.

    A document keeps its earlier rows while its content (the id), its model set and parley's
    resources and extractor version are unchanged."""
    now = now or dt.datetime.now(dt.UTC)
    output_dir = Path(output_dir)
    docs = read_table(output_dir, "documents", columns=["doc_id", "lang", "body", "published"]).to_pylist()
    docs = [d for d in docs if languages is None or d["lang"] in languages]
    models = annotation_models(output_dir)
    resources = resources_version()
    wanted = {d["doc_id"]: f"{models.get(d['doc_id'], 'none')}|resources:{resources}|extractor:{extractor_version()}" for d in docs}
    previous = _previous_extractions(output_dir)
    reuse = {doc_id for doc_id, versions in wanted.items() if previous.get(doc_id, {}).get("versions") == versions}
    rows: dict[str, list[dict]] = {name: [] for name in EVENT_TABLES}
    if reuse:
        for name in EVENT_TABLES:
            rows[name] = _rows_of(output_dir, name, reuse)
    extraction_rows = [previous[doc_id] for doc_id in sorted(reuse)]
    fresh = [d for d in docs if d["doc_id"] not in reuse]
    annotated = _annotated_documents(output_dir, {d["doc_id"]: d for d in fresh}, models)
    for doc in fresh:
        annotated_doc = annotated.get(doc["doc_id"])
        events = extract_events(annotated_doc, doc["published"]) if annotated_doc is not None else []
        doc_rows = event_rows(doc["doc_id"], doc["lang"], doc["body"], events, wanted[doc["doc_id"]])
        for name in EVENT_TABLES:
            rows[name].extend(doc_rows[name])
        extraction_rows.append(
            {"doc_id": doc["doc_id"], "versions": wanted[doc["doc_id"]], "event_count": len(events), "extracted_at": now}
        )
    tables = {name: str(write_table(output_dir, name, rows[name])) for name in EVENT_TABLES}
    tables["extractions"] = str(write_table(output_dir, "extractions", extraction_rows))
    return ExtractReport(
        documents=len(docs),
        extracted=len(fresh),
        reused=len(reuse),
        events=dict(sorted(Counter(f"{r['type']}/{r['status']}" for r in rows["events"]).items())),
        tables=tables,
    )


def _previous_extractions(output_dir: Path) -> dict[str, dict]:
    try:
        return {r["doc_id"]: r for r in read_table(output_dir, "extractions").to_pylist()}
    except FileNotFoundError:
        return {}


def _rows_of(output_dir: Path, name: str, doc_ids: set[str]) -> list[dict]:
    try:
        return read_table(output_dir, name, doc_ids=doc_ids).to_pylist()
    except FileNotFoundError:
        return []


def _annotated_documents(output_dir: Path, docs: dict[str, dict], models: dict[str, str]) -> dict[str, AnnotatedDocument]:
    """parley's annotation types rebuilt from the `sentences` and `tokens` tables."""
    if not docs:
        return {}
    sentences = read_table(output_dir, "sentences", doc_ids=docs).to_pylist()
    columns = ["doc_id", "sentence_index", "word_index", "text", "token_text", "start", "end", "lemma", "upos", "ner"]
    tokens = read_table(output_dir, "tokens", columns=columns, doc_ids=docs).to_pylist()
    words: dict[tuple[str, int], list[Word]] = {}
    for t in tokens:
        words.setdefault((t["doc_id"], t["sentence_index"]), []).append(
            Word(index=t["word_index"], text=t["text"], token_text=t["token_text"], start=t["start"], end=t["end"],
                 lemma=t["lemma"], upos=t["upos"], ner=t["ner"])
        )
    by_doc: dict[str, list[Sentence]] = {}
    for s in sorted(sentences, key=lambda r: (r["doc_id"], r["sentence_index"])):
        sentence_words = tuple(words.get((s["doc_id"], s["sentence_index"]), ()))
        by_doc.setdefault(s["doc_id"], []).append(Sentence(s["sentence_index"], s["text"], s["start"], s["end"], sentence_words))
    return {
        doc_id: AnnotatedDocument(doc_id, docs[doc_id]["lang"], models.get(doc_id, "none"), tuple(sents), _entities(sents))
        for doc_id, sents in by_doc.items()
    }


def _entities(sentences: list[Sentence]) -> tuple[Entity, ...]:
    """Entities from the tokens' BIOES tags (the `tokens` table keeps tags, not spans)."""
    out: list[Entity] = []
    for sentence in sentences:
        open_: tuple[str, int] | None = None
        for word in sentence.words:
            tag = word.ner or "O"
            prefix, _, label = tag.partition("-")
            if prefix in ("B", "S") or (prefix in ("I", "E") and (open_ is None or open_[0] != label)):
                open_ = (label, word.start)
            if prefix in ("E", "S") and open_ is not None:
                out.append(Entity(sentence.text[open_[1] - sentence.start : word.end - sentence.start], label, open_[1], word.end, sentence.index))
                open_ = None
            if prefix == "O":
                open_ = None
    return tuple(out)


@dataclass(frozen=True)
class CanonicalReport:
    """What canonicalisation did, and how the canonical events changed since the previous run."""

    event_mentions: int
    canonical_events: int
    merged_events: int
    actors: dict[str, int]
    new_ids: int
    kept_ids: int
    retired_ids: int
    tables: dict[str, str] = field(default_factory=dict)


def canonical_stage(output_dir: Path, rules: MergeRules | None = None) -> CanonicalReport:
    """Merge the event mentions of every document into `actors`, `canonical_events` and
    `event_mentions`.

    The tables are rebuilt from all event rows on every run, so new documents update them; ids come
    from content, so an event or actor keeps its id as long as its earliest mention stays the same."""
    output_dir = Path(output_dir)
    documents = read_table(output_dir, "documents").select(["doc_id", "published", "published_precision"])
    published = publication_dates(documents.to_pylist())
    previous = _previous_canonical_ids(output_dir)
    result = canonicalise(
        read_table(output_dir, "events").to_pylist(),
        read_table(output_dir, "participants").to_pylist(),
        read_table(output_dir, "agreement_parties").to_pylist(),
        published,
        rules,
    )
    current = {row["canonical_id"] for row in result.canonical_events}
    tables = {
        "actors": str(write_table(output_dir, "actors", result.actors)),
        "canonical_events": str(write_table(output_dir, "canonical_events", result.canonical_events)),
        "event_mentions": str(write_table(output_dir, "event_mentions", result.event_mentions)),
    }
    return CanonicalReport(
        event_mentions=len(result.event_mentions),
        canonical_events=len(result.canonical_events),
        merged_events=sum(1 for row in result.canonical_events if row["mention_count"] > 1),
        actors=dict(sorted(Counter(row["kind"] for row in result.actors).items())),
        new_ids=len(current - previous),
        kept_ids=len(current & previous),
        retired_ids=len(previous - current),
        tables=tables,
    )


def _previous_canonical_ids(output_dir: Path) -> set[str]:
    try:
        return set(read_table(output_dir, "canonical_events").column("canonical_id").to_pylist())
    except FileNotFoundError:
        return set()
