"""Regex sentence splitting and tokenisation for text that has no Stanza model (Uzbek in Cyrillic,
Kazakh, ...): the document is still tokenised, with exact offsets, and flagged."""

from __future__ import annotations

import re

from parley.nlp.sentences import NO_END
from parley.nlp.types import AnnotatedDocument, Sentence, Word

_TOKEN = re.compile(r"\w+(?:[-'’‘ʻʼ.]\w+)*|[^\w\s]", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"»”)]*\s+(?=[\"«“(]*[^\W\d_][^\s]*)|\n\s*\n")

FALLBACK_MODEL = "fallback-regex"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a sentence ends at . ! ? … before a new word, or a blank line."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group(0).strip() == "" and NO_END.search(text[max(start, match.start() - 8) : match.start()]):
            continue
        candidate = text[start : match.start()]
        if candidate.strip():
            spans.append(_trim(text, start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def tokenize_document(doc_id: str, lang: str, body: str, flag: str) -> AnnotatedDocument:
    sentences: list[Sentence] = []
    for s_index, (start, end) in enumerate(split_sentences(body)):
        words = tuple(
            Word(index=i, text=m.group(), token_text=m.group(), start=start + m.start(), end=start + m.end())
            for i, m in enumerate(_TOKEN.finditer(body[start:end]), start=1)
        )
        if words:
            sentences.append(Sentence(s_index, body[start:end], start, end, words))
    return AnnotatedDocument(doc_id, lang, FALLBACK_MODEL, tuple(sentences), (), (flag,))
