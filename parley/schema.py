"""One declared pyarrow schema per Parquet table, with field descriptions and a schema version.

Every writer casts to these schemas: a schema inferred from an all-null or empty-list batch differs
between files and breaks DuckDB, pandas and Polars depending on file order (PLATFORM-NOTES.md).
Timestamps are tz-aware UTC; strings are plain (never dictionary/categorical).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pyarrow as pa

from parley.model import Document, Reject
from parley.nlp.types import AnnotatedDocument

SCHEMA_VERSION = "1"


def _field(name: str, type_: pa.DataType, description: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"description": description})


def _schema(table: str, description: str, fields: list[pa.Field]) -> pa.Schema:
    return pa.schema(
        fields,
        metadata={
            "parley.table": table,
            "parley.schema_version": SCHEMA_VERSION,
            "description": description,
        },
    )


UTC_TIMESTAMP = pa.timestamp("us", tz="UTC")

SOURCE_TYPE = pa.struct(
    [
        pa.field("path", pa.string(), nullable=False),
        pa.field("line", pa.int32()),
        pa.field("format", pa.string(), nullable=False),
        pa.field("encoding", pa.string(), nullable=False),
        pa.field("meta_path", pa.string()),
    ]
)

PARAGRAPH_LANG_TYPE = pa.struct(
    [
        pa.field("index", pa.int32(), nullable=False),
        pa.field("lang", pa.string(), nullable=False),
        pa.field("confidence", pa.float64(), nullable=False),
        pa.field("chars", pa.int32(), nullable=False),
    ]
)

DOCUMENTS = _schema(
    "documents",
    "One row per distinct article (same normalised body = same document, all sources kept).",
    [
        _field("doc_id", pa.string(), "Stable id: first 16 hex digits of SHA-256 of the normalised body.", False),
        _field("sources", pa.list_(SOURCE_TYPE), "Every file (and JSONL line) this content came from.", False),
        _field("lang", pa.string(), "ISO 639-1 language code of the document.", False),
        _field("lang_confidence", pa.float64(), "Confidence of the language, 0-1 (1.0 when given by metadata).", False),
        _field("lang_source", pa.string(), "How the language was found: metadata or detected.", False),
        _field("script", pa.string(), "Dominant ISO 15924 script of the body: Latn, Cyrl, ...", False),
        _field("paragraph_langs", pa.list_(PARAGRAPH_LANG_TYPE), "Detected language per body paragraph.", False),
        _field("mixed_language", pa.bool_(), "True when paragraphs in another language hold >= 15% of the body.", False),
        _field("title", pa.string(), "Headline, if the article has one."),
        _field("url", pa.string(), "Article URL from metadata, if any."),
        _field("published", pa.date32(), "Publication date, if known."),
        _field("published_precision", pa.string(), "Precision of `published`: day, month or year."),
        _field("published_source", pa.string(), "Where `published` came from: metadata, html_meta or dateline."),
        _field("body", pa.string(), "Cleaned article text: NFC, boilerplate and markup removed; offsets refer to it.", False),
        _field("char_count", pa.int32(), "Number of characters (code points) in `body`.", False),
        _field("warnings", pa.list_(pa.string()), "Things repaired or doubtful during ingestion.", False),
        _field("ingested_at", UTC_TIMESTAMP, "When the document was ingested (UTC).", False),
    ],
)

REJECTS = _schema(
    "rejects",
    "One row per input (file, or JSONL line) that did not become a document, with the reason.",
    [
        _field("source_path", pa.string(), "The input file.", False),
        _field("line", pa.int32(), "1-based line number inside a JSONL file, else null."),
        _field("reason", pa.string(), "Reason code (see parley.model.RejectReason).", False),
        _field("detail", pa.string(), "Human-readable explanation and what to do about it.", False),
        _field("rejected_at", UTC_TIMESTAMP, "When the input was rejected (UTC).", False),
    ],
)

ANNOTATIONS = _schema(
    "annotations",
    "One row per annotated document: which models annotated it (the key for skipping re-annotation).",
    [
        _field("doc_id", pa.string(), "Document id (a content hash).", False),
        _field("lang", pa.string(), "Language the models were chosen for.", False),
        _field("script", pa.string(), "Script of the body.", False),
        _field("model", pa.string(), "Model set id: official:<lang>, parley-<budget>:<keys>, or fallback.", False),
        _field("flags", pa.list_(pa.string()), "Caveats, e.g. no_model (regex tokenisation only).", False),
        _field("sentence_count", pa.int32(), "Sentences found.", False),
        _field("word_count", pa.int32(), "Syntactic words found.", False),
        _field("annotated_at", UTC_TIMESTAMP, "When the annotation was made (UTC).", False),
    ],
)

SENTENCES = _schema(
    "sentences",
    "One row per sentence of an annotated document.",
    [
        _field("doc_id", pa.string(), "Document id.", False),
        _field("sentence_index", pa.int32(), "0-based sentence number in the document.", False),
        _field("text", pa.string(), "Sentence text: body[start:end].", False),
        _field("start", pa.int32(), "Character offset of the sentence start in the document body.", False),
        _field("end", pa.int32(), "Character offset just after the sentence in the document body.", False),
        _field("word_count", pa.int32(), "Syntactic words in the sentence.", False),
    ],
)

TOKENS = _schema(
    "tokens",
    "One row per syntactic word (words of a multi-word token share its offsets and surface text).",
    [
        _field("doc_id", pa.string(), "Document id.", False),
        _field("sentence_index", pa.int32(), "0-based sentence number.", False),
        _field("word_index", pa.int32(), "1-based word number in the sentence (CoNLL-U ID).", False),
        _field("text", pa.string(), "Word form.", False),
        _field("token_text", pa.string(), "Surface token: body[start:end].", False),
        _field("start", pa.int32(), "Character offset of the token in the document body.", False),
        _field("end", pa.int32(), "Character offset just after the token.", False),
        _field("multiword", pa.bool_(), "Part of a multi-word token (e.g. German 'zum' = zu + dem).", False),
        _field("lemma", pa.string(), "Lemma (null without a lemmatizer)."),
        _field("upos", pa.string(), "Universal POS tag."),
        _field("xpos", pa.string(), "Language-specific POS tag."),
        _field("feats", pa.string(), "Morphological features (CoNLL-U FEATS)."),
        _field("head", pa.int32(), "word_index of the syntactic head (0 = root); null where the model set has no parser (the default budget, the regex fallback)."),
        _field("deprel", pa.string(), "Universal dependency relation."),
        _field("ner", pa.string(), "Named-entity tag of the token (BIOES: B-PER, E-ORG, S-LOC, O)."),
    ],
)

ORGANIZATION_TYPE = pa.struct(
    [pa.field("name", pa.string(), nullable=False), pa.field("name_en", pa.string()), pa.field("country", pa.string())]
)

EVENTS = _schema(
    "events",
    "One row per event mention (meeting or agreement) found in a document, with its evidence.",
    [
        _field("event_id", pa.string(), "Stable id: <doc_id>-<type initial><n>.", False),
        _field("doc_id", pa.string(), "Document id.", False),
        _field("lang", pa.string(), "Document language.", False),
        _field("type", pa.string(), "meeting or agreement.", False),
        _field("status", pa.string(), "Meetings: held/planned; agreements: signed/planned/discussed.", False),
        _field("format", pa.string(), "Meetings: in_person, video, online, phone."),
        _field("kind", pa.string(), "Agreements: mou, action_plan, treaty, agreement, protocol, other."),
        _field("title", pa.string(), "Agreement title as written."),
        _field("meeting_name", pa.string(), "Named meeting or conference, as written."),
        _field("date", pa.string(), "Event date (signing date for agreements): YYYY, YYYY-MM or YYYY-MM-DD."),
        _field("date_precision", pa.string(), "year, month or day."),
        _field("date_expected", pa.string(), "Planned agreements: the expected date, same format."),
        _field("validity", pa.string(), "Agreements: validity period as written in years, e.g. 2024-2026."),
        _field("location_city", pa.string(), "City (English name)."),
        _field("location_country", pa.string(), "ISO 3166-1 alpha-2 country of the place."),
        _field("location_venue", pa.string(), "Venue as written."),
        _field("countries", pa.list_(pa.string()), "Countries represented (ISO alpha-2).", False),
        _field("organizations", pa.list_(ORGANIZATION_TYPE), "Organisations involved.", False),
        _field("topics", pa.list_(pa.string()), "Topics.", False),
        _field("background", pa.bool_(), "A past event mentioned as context.", False),
        _field("evidence", pa.string(), "The sentence that says so: body[evidence_start:evidence_end].", False),
        _field("sentence_index", pa.int32(), "Sentence of the evidence.", False),
        _field("evidence_start", pa.int32(), "Offset of the evidence in the document body.", False),
        _field("evidence_end", pa.int32(), "Offset just after the evidence.", False),
        _field("rule", pa.string(), "The rule or trigger that fired.", False),
        _field("confidence", pa.float64(), "Confidence 0-1.", False),
        _field("cameo", pa.string(), "CAMEO event code (040-046 meetings, 057 signing, 03x intent)."),
        _field("plover", pa.string(), "PLOVER category and mode, e.g. CONSULT/visit, AGREE, SUPPORT."),
        _field("versions", pa.string(), "Models and resources used (model set id; resources version)."),
    ],
)

PARTICIPANTS = _schema(
    "participants",
    "One row per person taking part in a meeting or signing an agreement (long format).",
    [
        _field("event_id", pa.string(), "Event id.", False),
        _field("doc_id", pa.string(), "Document id.", False),
        _field("role", pa.string(), "participant (meetings) or signatory (agreements).", False),
        _field("mention", pa.string(), "The name as written (may be inflected).", False),
        _field("name", pa.string(), "Base form in its own script."),
        _field("name_latin", pa.string(), "Normalised Latin form."),
        _field("title", pa.string(), "Title or role."),
        _field("organization", pa.string(), "Organisation."),
        _field("country", pa.string(), "Country represented (ISO alpha-2)."),
        _field("start", pa.int32(), "Offset of the mention in the body (null for unnamed participants)."),
        _field("end", pa.int32(), "Offset just after the mention."),
    ],
)

AGREEMENT_PARTIES = _schema(
    "agreement_parties",
    "One row per party to an agreement: a country or an organisation (long format).",
    [
        _field("event_id", pa.string(), "Event id.", False),
        _field("doc_id", pa.string(), "Document id.", False),
        _field("party_type", pa.string(), "country or organization.", False),
        _field("name", pa.string(), "ISO alpha-2 code for countries; the name as written for organisations.", False),
        _field("name_en", pa.string(), "English name of an organisation."),
        _field("country", pa.string(), "Country of an organisation (ISO alpha-2)."),
    ],
)

EXTRACTIONS = _schema(
    "extractions",
    "One row per document that went through extraction: what produced its events (for incremental runs).",
    [
        _field("doc_id", pa.string(), "Document id.", False),
        _field("versions", pa.string(), "Model set id | resources hash | extractor version.", False),
        _field("event_count", pa.int32(), "Events found in the document.", False),
        _field("extracted_at", UTC_TIMESTAMP, "When the document was extracted (UTC).", False),
    ],
)

QUARANTINE = _schema(
    "quarantine",
    "One row per document the NLP stage could not annotate: it stays in `documents`, gets no "
    "sentences or events, and is retried when its text or the models change.",
    [
        _field("doc_id", pa.string(), "Document id.", False),
        _field("lang", pa.string(), "Document language.", False),
        _field("model", pa.string(), "Model set id that was to annotate it.", False),
        _field("stage", pa.string(), "Pipeline stage that quarantined it (nlp).", False),
        _field("reason", pa.string(), "too_long (over models.max_document_chars) or nlp_failed.", False),
        _field("detail", pa.string(), "The error, or the size and the setting to change.", False),
        _field("quarantined_at", UTC_TIMESTAMP, "When it was quarantined (UTC).", False),
    ],
)

SCHEMAS: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "rejects": REJECTS,
    "annotations": ANNOTATIONS,
    "sentences": SENTENCES,
    "tokens": TOKENS,
    "quarantine": QUARANTINE,
    "events": EVENTS,
    "participants": PARTICIPANTS,
    "agreement_parties": AGREEMENT_PARTIES,
    "extractions": EXTRACTIONS,
}


def document_row(doc: Document) -> dict[str, Any]:
    """A `documents` row from a Document."""
    row = dataclasses.asdict(doc)
    row["sources"] = [dataclasses.asdict(s) for s in doc.sources]
    row["paragraph_langs"] = [dataclasses.asdict(p) for p in doc.paragraph_langs]
    row["warnings"] = list(doc.warnings)
    row["char_count"] = doc.char_count
    return row


def reject_row(reject: Reject) -> dict[str, Any]:
    """A `rejects` row from a Reject."""
    row = dataclasses.asdict(reject)
    row["reason"] = reject.reason.value
    return row


def annotation_row(doc: AnnotatedDocument, script: str, now: dt.datetime) -> dict[str, Any]:
    return {
        "doc_id": doc.doc_id,
        "lang": doc.lang,
        "script": script,
        "model": doc.model,
        "flags": list(doc.flags),
        "sentence_count": len(doc.sentences),
        "word_count": sum(len(s.words) for s in doc.sentences),
        "annotated_at": now,
    }


def sentence_rows_of(doc: AnnotatedDocument) -> list[dict[str, Any]]:
    return [
        {
            "doc_id": doc.doc_id,
            "sentence_index": s.index,
            "text": s.text,
            "start": s.start,
            "end": s.end,
            "word_count": len(s.words),
        }
        for s in doc.sentences
    ]


def token_rows_of(doc: AnnotatedDocument) -> list[dict[str, Any]]:
    return [
        {"doc_id": doc.doc_id, "sentence_index": s.index, "word_index": w.index, **_word_fields(w)}
        for s in doc.sentences
        for w in s.words
    ]


def _word_fields(word: Any) -> dict[str, Any]:
    fields = dataclasses.asdict(word)
    fields.pop("index")
    return fields


# Cross-document tables (parley/canonical): one real event and one actor behind many reports.

ACTORS = _schema(
    "actors",
    "One row per actor (person or organisation) behind many written forms (docs/canonical.md).",
    [
        _field("actor_id", pa.string(), "per_/org_ + 16 hex of SHA-256 of the earliest mention's key.", False),
        _field("kind", pa.string(), "person or organization.", False),
        _field("name", pa.string(), "Canonical name: English-press Latin spelling (persons), English name (organisations).", False),
        _field("surface_forms", pa.list_(pa.string()), "Every form seen: mentions as written, base forms, Latin forms.", False),
        _field("languages", pa.list_(pa.string()), "Languages of the documents that mention it.", False),
        _field("countries", pa.list_(pa.string()), "Countries it represents or belongs to (ISO alpha-2).", False),
        _field("titles", pa.list_(pa.string()), "Titles or roles given to a person.", False),
        _field("organizations", pa.list_(pa.string()), "Organisations a person was named with, as given.", False),
        _field("complete_name", pa.bool_(), "False for a person known only by surname or initials.", False),
        _field("candidate_ids", pa.list_(pa.string()), "For an ambiguous partial name: the persons it could be.", False),
        _field("mention_count", pa.int32(), "Mentions (participant, party or organisation rows).", False),
        _field("document_count", pa.int32(), "Distinct documents.", False),
        _field("event_count", pa.int32(), "Distinct event mentions.", False),
        _field("first_seen", pa.date32(), "Earliest publication date of a mentioning document."),
        _field("last_seen", pa.date32(), "Latest publication date of a mentioning document."),
    ],
)

CANONICAL_EVENTS = _schema(
    "canonical_events",
    "One row per real meeting or agreement, merged from every report of it (docs/canonical.md).",
    [
        _field("canonical_id", pa.string(), "evt_ + 16 hex of SHA-256 of the earliest mention's key.", False),
        _field("type", pa.string(), "meeting or agreement.", False),
        _field("status", pa.string(), "Most advanced status reported: held > planned; signed > discussed > planned.", False),
        _field("format", pa.string(), "Meetings: commonest format reported."),
        _field("kind", pa.string(), "Agreements: commonest kind reported (other only if nothing else)."),
        _field("title", pa.string(), "Agreement title as written (an English report's if any, else the earliest)."),
        _field("meeting_name", pa.string(), "Named meeting or conference, chosen like the title."),
        _field("date", pa.string(), "Most precise date any report states (commonest at that precision); null if none does."),
        _field("date_precision", pa.string(), "day, month or year."),
        _field("date_expected", pa.string(), "Planned agreements: the expected date."),
        _field("validity", pa.string(), "Agreements: validity period."),
        _field("location_city", pa.string(), "Commonest city reported."),
        _field("location_country", pa.string(), "Commonest country of the place (ISO alpha-2)."),
        _field("location_venue", pa.string(), "Venue as written."),
        _field("countries", pa.list_(pa.string()), "Countries represented or party to it (union over reports).", False),
        _field("person_ids", pa.list_(pa.string()), "Participants (meetings) or signatories (agreements): actor ids.", False),
        _field("person_names", pa.list_(pa.string()), "Canonical names of person_ids, in the same order.", False),
        _field("organization_ids", pa.list_(pa.string()), "Organisations involved or party to it: actor ids.", False),
        _field("first_reported", pa.date32(), "Earliest publication date of a report."),
        _field("last_reported", pa.date32(), "Latest publication date of a report."),
        _field("mention_count", pa.int32(), "Event mentions merged.", False),
        _field("document_count", pa.int32(), "Distinct reporting documents.", False),
        _field("languages", pa.list_(pa.string()), "Languages of the reports.", False),
        _field("language_count", pa.int32(), "Distinct report languages.", False),
        _field("background_only", pa.bool_(), "Only mentioned as past context, never reported as news.", False),
        _field("confidence", pa.float64(), "Highest confidence of its mentions.", False),
    ],
)

EVENT_MENTIONS = _schema(
    "event_mentions",
    "One row per event mention and the canonical event it reports (after GDELT's Mentions table).",
    [
        _field("canonical_id", pa.string(), "Canonical event.", False),
        _field("event_id", pa.string(), "Event mention (events.event_id).", False),
        _field("doc_id", pa.string(), "Document id.", False),
        _field("lang", pa.string(), "Document language.", False),
        _field("type", pa.string(), "meeting or agreement.", False),
        _field("published", pa.date32(), "Publication date of the document."),
        _field("sentence_index", pa.int32(), "Sentence of the evidence.", False),
        _field("evidence_start", pa.int32(), "Offset of the evidence in the document body.", False),
        _field("evidence_end", pa.int32(), "Offset just after the evidence.", False),
        _field("confidence", pa.float64(), "Confidence of the mention 0-1.", False),
        _field("background", pa.bool_(), "A past event mentioned as context.", False),
        _field("date_basis", pa.string(), "stated, published (date window from the report), or null (unknown: never merged)."),
        _field("is_earliest", pa.bool_(), "The mention whose key gives canonical_id.", False),
    ],
)

SCHEMAS.update({"actors": ACTORS, "canonical_events": CANONICAL_EVENTS, "event_mentions": EVENT_MENTIONS})
