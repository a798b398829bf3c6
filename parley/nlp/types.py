"""parley's own annotation types: what the rest of parley sees of NLP (never Stanza objects)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Word:
    """A syntactic word. Words of a multi-word token share the token's offsets and surface text."""

    index: int  # 1-based position in the sentence (CoNLL-U ID)
    text: str
    token_text: str  # body[start:end]
    start: int
    end: int
    lemma: str | None = None
    upos: str | None = None
    xpos: str | None = None
    feats: str | None = None
    head: int | None = None  # 0 = root
    deprel: str | None = None
    ner: str | None = None  # BIOES tag of the token, e.g. B-PER
    multiword: bool = False


@dataclass(frozen=True)
class Sentence:
    index: int
    text: str
    start: int
    end: int
    words: tuple[Word, ...]


@dataclass(frozen=True)
class Entity:
    text: str
    label: str
    start: int
    end: int
    sentence_index: int


@dataclass(frozen=True)
class AnnotatedDocument:
    """One document after NLP: sentences and words with offsets into the document body."""

    doc_id: str
    lang: str
    model: str  # which model set: "parley-ci:<keys>", "official", "fallback"
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...] = ()
    flags: tuple[str, ...] = ()
