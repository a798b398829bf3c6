"""Bounded NLP work: cut a long body into segments that a Stanza call may take, and stitch the
annotated segments back into one document with offsets into the whole body.

Why: Stanza's memory grows with the text of a call and (in the parser) with the square of a
sentence's length, so a multi-megabyte document sent whole can take a machine down. Cuts fall at
paragraph breaks where possible, then at line breaks, then after sentence punctuation, then at
whitespace, and only as a last resort inside a word. Pure: no Stanza, no IO.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from parley.nlp.types import AnnotatedDocument, Entity, Sentence, Word

# Preferred cut points, best first: the cut goes just after the match.
_CUTS = (
    re.compile(r"\n[ \t]*\n\s*"),  # paragraph break
    re.compile(r"\n\s*"),  # line break
    re.compile(r"[.!?…。][\"'»”)\]]*\s+"),  # sentence end
    re.compile(r"\s+"),  # any whitespace
)


@dataclass(frozen=True)
class Segment:
    """body[start:end], annotated on its own."""

    start: int
    end: int


def segment_spans(text: str, max_chars: int) -> list[Segment]:
    """Consecutive segments covering `text`, each at most `max_chars` long (greedy: as long as the
    limit allows, cut at the best boundary found in the window's second half)."""
    if max_chars <= 0:
        raise ValueError(f"max_chars must be positive, got {max_chars}")
    segments: list[Segment] = []
    start = 0
    while len(text) - start > max_chars:
        end = _best_cut(text, start, start + max_chars)
        segments.append(Segment(start, end))
        start = end
    if start < len(text) or not segments:
        segments.append(Segment(start, len(text)))
    return segments


def _best_cut(text: str, start: int, limit: int) -> int:
    floor = start + (limit - start) // 2  # never a tiny segment when a boundary is far back
    window = text[floor:limit]
    for pattern in _CUTS:
        ends = [match.end() for match in pattern.finditer(window)]
        if ends:
            return floor + ends[-1]
    return limit  # no boundary at all (one huge "word"): a hard cut


def stitch(doc_id: str, lang: str, model: str, pieces: Sequence[tuple[int, AnnotatedDocument]]) -> AnnotatedDocument:
    """One document from annotated segments given as (segment start, its annotation): offsets move
    by the segment start, sentences are renumbered in order, flags are merged."""
    sentences: list[Sentence] = []
    entities: list[Entity] = []
    flags: list[str] = []
    for offset, piece in pieces:
        renumber = {}
        for sentence in piece.sentences:
            renumber[sentence.index] = len(sentences)
            sentences.append(
                Sentence(
                    index=len(sentences),
                    text=sentence.text,
                    start=sentence.start + offset,
                    end=sentence.end + offset,
                    words=tuple(_moved(word, offset) for word in sentence.words),
                )
            )
        entities.extend(
            replace(e, start=e.start + offset, end=e.end + offset, sentence_index=renumber.get(e.sentence_index, -1))
            for e in piece.entities
        )
        flags.extend(f for f in piece.flags if f not in flags)
    return AnnotatedDocument(doc_id, lang, model, tuple(sentences), tuple(entities), tuple(flags))


def _moved(word: Word, offset: int) -> Word:
    return replace(word, start=word.start + offset, end=word.end + offset) if offset else word


def to_source_offsets(doc: AnnotatedDocument, body: str, offsets: Sequence[int], flag: str | None) -> AnnotatedDocument:
    """A document annotated on a transliteration of `body`, with its offsets moved back onto
    `body`: `offsets[i]` is the body offset of transliterated character i. A span ends where the
    next transliterated character starts in the body, so letters that transliterate to nothing
    (Cyrillic ь) stay inside their word. Word forms and lemmas stay in the models' script."""

    def start(i: int) -> int:
        return offsets[i] if i < len(offsets) else len(body)

    def end(i: int) -> int:
        if i <= 0:
            return 0
        return offsets[i] if i < len(offsets) and offsets[i] > offsets[i - 1] else offsets[i - 1] + 1

    sentences = tuple(
        Sentence(
            s.index, body[start(s.start) : end(s.end)], start(s.start), end(s.end),
            tuple(replace(w, start=start(w.start), end=end(w.end), token_text=body[start(w.start) : end(w.end)])
                  for w in s.words),
        )
        for s in doc.sentences
    )
    entities = tuple(replace(e, start=start(e.start), end=end(e.end), text=body[start(e.start) : end(e.end)]) for e in doc.entities)
    flags = doc.flags + ((flag,) if flag and flag not in doc.flags else ())
    return AnnotatedDocument(doc.doc_id, doc.lang, doc.model, sentences, entities, flags)
