"""Raw article -> Document: clean, split layout, identify language, date it, give it a stable id."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from parley.dates import parse_date
from parley.ingest.formats import markdown_to_text
from parley.ingest.langid import (
    UNKNOWN,
    detect_language,
    dominant_script,
    is_mixed,
    normalise_language_code,
    paragraph_languages,
)
from parley.ingest.layout import split_layout
from parley.ingest.prose import keep_prose
from parley.ingest.text import collapse_whitespace, normalise_text
from parley.model import Document, RawArticle, Rejected, RejectReason
from parley.resources.loader import all_boilerplate
from parley.settings import SUPPORTED_LANGUAGES, IngestSettings

_DATE_LANGUAGES = set(SUPPORTED_LANGUAGES) - {"kk"} | {"en"}


def document_id(body: str) -> str:
    """Stable id from the normalised content: the same text from any file gives the same id."""
    return hashlib.sha256(collapse_whitespace(body).encode("utf-8")).hexdigest()[:16]


def build_document(raw: RawArticle, settings: IngestSettings, now: dt.datetime) -> Document:
    """Turn one raw article into a Document, or raise Rejected with the reason."""
    text = normalise_text(raw.text)
    warnings = list(raw.warnings)
    meta = raw.metadata
    meta_lang = normalise_language_code(meta.lang)
    first_guess = detect_language(text)
    date_langs = [x for x in (meta_lang or first_guess.lang, "en") if x in _DATE_LANGUAGES]

    layout = split_layout(text, all_boilerplate(), date_langs, known_title=meta.title)
    body_text = "\n".join(layout.body_lines)
    if raw.is_markdown:
        body_text = markdown_to_text(body_text)
    paragraphs = [p.strip() for p in normalise_text(body_text).split("\n\n") if p.strip()]
    prose = keep_prose(paragraphs)
    if paragraphs and not prose.paragraphs:
        found = ", ".join(f"{count} of {why}" for why, count in sorted(prose.dropped.items()))
        raise Rejected(
            RejectReason.NOT_PROSE,
            f"no paragraph of prose: {len(paragraphs)} paragraph(s) ({found}); parley reads articles, "
            "not tables, code or data dumps",
        )
    paragraphs = prose.paragraphs
    warnings.extend(prose.warnings())
    body = "\n\n".join(paragraphs)
    if len(body) < settings.min_body_chars:
        raise Rejected(
            RejectReason.EMPTY,
            f"only {len(body)} characters of article text after removing markup and boilerplate "
            f"(min_body_chars={settings.min_body_chars})",
        )

    guess = detect_language(body)
    if meta_lang:
        lang, confidence, lang_source = meta_lang, 1.0, "metadata"
        if guess.lang not in (UNKNOWN, meta_lang) and guess.confidence >= 0.8:
            warnings.append(f"lang_mismatch: metadata says {meta_lang}, text looks {guess.lang}")
    else:
        lang, confidence, lang_source = guess.lang, guess.confidence, "detected"
    if lang == UNKNOWN or confidence < settings.min_language_confidence:
        raise Rejected(
            RejectReason.LANGUAGE_UNKNOWN,
            f"language could not be identified (best guess {lang}, confidence {confidence:.2f} < "
            f"{settings.min_language_confidence}); give it a 'lang' in a sidecar <file>.meta.json",
        )
    if lang not in settings.languages:
        raise Rejected(
            RejectReason.UNSUPPORTED_LANGUAGE,
            f"language {lang} (confidence {confidence:.2f}) is not among the configured languages "
            f"{settings.languages}; see parley/resources/README.md to add one",
        )

    published = None
    published_source = None
    if meta.published:
        published = parse_date(meta.published, [x for x in (lang, "en") if x in _DATE_LANGUAGES])
        if published is None:
            warnings.append(f"bad_published: metadata date {meta.published!r} could not be read")
        else:
            published_source = meta.origin
    if published is None and layout.dateline is not None:
        published, published_source = layout.dateline, "dateline"

    paragraph_langs = paragraph_languages(paragraphs)
    return Document(
        doc_id=document_id(body),
        sources=(raw.source,),
        lang=lang,
        lang_confidence=confidence,
        lang_source=lang_source,
        script=dominant_script(body),
        paragraph_langs=tuple(paragraph_langs),
        mixed_language=is_mixed(lang, paragraph_langs),
        title=meta.title or layout.title,
        url=meta.url,
        published=published.value if published else None,
        published_precision=published.precision if published else None,
        published_source=published_source,
        body=body,
        warnings=tuple(warnings),
        ingested_at=now,
    )


def merge_duplicates(documents: Iterable[Document]) -> list[Document]:
    """One Document per id, in first-seen order, keeping every source and the first known metadata."""
    merged: dict[str, Document] = {}
    for doc in documents:
        first = merged.get(doc.doc_id)
        if first is None:
            merged[doc.doc_id] = doc
            continue
        merged[doc.doc_id] = Document(
            **{
                **first.__dict__,
                "sources": first.sources + doc.sources,
                "warnings": tuple(dict.fromkeys(first.warnings + doc.warnings)),
                "title": first.title or doc.title,
                "url": first.url or doc.url,
                **(
                    {
                        "published": doc.published,
                        "published_precision": doc.published_precision,
                        "published_source": doc.published_source,
                    }
                    if first.published is None
                    else {}
                ),
            }
        )
    return list(merged.values())
