"""Meeting cues on lemmas: where a model gives lemmas, every inflection of a `lemma_triggers` entry
is a cue; without lemmas (the regex fallback) the surface triggers alone decide."""

from __future__ import annotations

import dataclasses
import datetime as dt

from parley.extract.events import extract_events
from parley.extract.lemmas import LEMMA_RULE_PREFIX, lemma_view
from parley.nlp.fallback import tokenize_document
from parley.nlp.types import AnnotatedDocument

PUBLISHED = dt.date(2025, 3, 10)


def _with_lemmas(doc: AnnotatedDocument, lemmas: dict[str, str]) -> AnnotatedDocument:
    """The document as a lemmatizing model would give it: each word's lemma from `lemmas`, else itself."""
    sentences = tuple(
        dataclasses.replace(s, words=tuple(dataclasses.replace(w, lemma=lemmas.get(w.text, w.text)) for w in s.words))
        for s in doc.sentences
    )
    return dataclasses.replace(doc, sentences=sentences, model="test-lemmas")


def test_an_inflection_no_surface_trigger_lists_is_a_meeting_on_its_lemma() -> None:
    text = "Bundeskanzler Friedrich Merz empfängt am Montag den Präsidenten Ilham Alijew in Berlin."
    plain = tokenize_document("d1", "de", text, "fallback")
    assert extract_events(plain, PUBLISHED) == []  # "empfängt" is no surface trigger
    events = extract_events(_with_lemmas(plain, {"empfängt": "empfangen"}), PUBLISHED)
    assert [e.type.value for e in events] == ["meeting"]
    assert events[0].rule.startswith(f"meeting:{LEMMA_RULE_PREFIX}empfangen")
    assert {p.name for p in events[0].people} >= {"Friedrich Merz", "Ilham Alijew"}


def test_a_lemma_hit_covers_the_words_it_matched_in_sentence_offsets() -> None:
    text = "Вчера министры провели переговоры в Баку."
    doc = _with_lemmas(tokenize_document("d2", "ru", "Заголовок. " + text, "fallback"),
                       {"провели": "провести", "министры": "министр"})
    sentence = doc.sentences[-1]
    view = lemma_view(sentence)
    assert view is not None and "провести переговоры" in view.text
    from parley.extract.cues import cues

    hits = view.hits(cues("ru").meeting_lemmas, sentence.text)
    assert [h.text for h in hits] == ["провели переговоры"]
    assert sentence.text[hits[0].start : hits[0].end] == "провели переговоры"


def test_no_lemmas_no_lemma_view() -> None:
    doc = tokenize_document("d3", "en", "The ministers met in Baku.", "fallback")
    assert all(lemma_view(s) is None for s in doc.sentences)
