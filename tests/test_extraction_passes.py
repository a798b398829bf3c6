"""The three steps of extraction on their own: the facts of one sentence, the candidate events, and
the document passes (frozen events: a pass returns a new event and notes its name in the trail)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.extract import candidates
from parley.extract.event import Event
from parley.extract.facts import document_context, document_facts, sentence_facts
from parley.extract.passes import DocumentState, host, merge, place
from parley.extract.vocabulary import EventType, Status
from parley.nlp.fallback import tokenize_document
from parley.resources.loader import available_languages

PUBLISHED = dt.date(2024, 3, 14)


def _facts(text: str, lang: str = "en"):  # noqa: ANN202
    doc = tokenize_document("doc", lang, text, "test")
    ctx = document_context(doc, PUBLISHED)
    return ctx, document_facts(ctx, doc.sentences)


def test_one_sentence_gives_its_people_places_dates_and_cues() -> None:
    text = "On 12 March Minister Sahil Babayev met Uzbek Deputy Minister Jasur Olimov in Tashkent."
    ctx, (f,) = _facts(text)
    assert f.trigger is not None and text[f.trigger.start : f.trigger.end].lower() == "met"
    assert [p.name for p in f.people] == ["Sahil Babayev", "Jasur Olimov"]
    assert [p.name for p in f.meeting_people] == ["Sahil Babayev", "Jasur Olimov"]
    assert {p.city for p in f.places if p.kind == "city"} == {"Tashkent"}
    assert [d.value for d in f.dates] == ["2024-03-12"]
    assert not f.kinds and not f.negated and not f.reported


def test_a_denied_meeting_and_reported_speech_are_facts_not_events() -> None:
    _, (denied,) = _facts("The meeting of Minister Sahil Babayev with Jasur Olimov did not take place.")
    assert denied.negated
    ctx, facts = _facts("Sahil Babayev met Jasur Olimov. Babayev noted the importance of the meeting with Olimov.")
    assert facts[1].reported or facts[1].anaphora is not None


def test_a_sentence_can_be_read_on_its_own() -> None:
    doc = tokenize_document("doc", "en", "Sahil Babayev met Jasur Olimov in Baku.", "test")
    ctx = document_context(doc, PUBLISHED)
    known: dict = {}
    f = sentence_facts(ctx, doc.sentences[0], known)
    assert {p.key for p in f.people} <= set(known) and len(known) == 2


def _meeting(text: str) -> tuple[Event, object, object]:
    ctx, facts = _facts(text)
    (event, own_dates), *_ = candidates.meeting_candidates(ctx, facts[0], (), None)
    return event, ctx, facts[0]


def test_events_are_frozen_and_passes_return_new_ones() -> None:
    event, ctx, f = _meeting("Minister Sahil Babayev met Jasur Olimov.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.status = Status.PLANNED  # type: ignore[misc]
    earlier = dataclasses.replace(event, city="Baku", location_country="AZ", format="in_person")
    located = place.locate(DocumentState().appended(earlier, current=True), event, "AZ")
    assert located is not event and event.location_country is None
    assert located.city == "Baku" and located.rule_trail.endswith(";place:previous-meeting")
    assert event.trail == ()


def test_a_meeting_the_text_does_not_place_stays_unplaced() -> None:
    """The press release's home country is no place (TUNING.home_country_as_place is off)."""
    event, ctx, f = _meeting("Minister Sahil Babayev met Jasur Olimov.")
    assert place.locate(DocumentState(), event, "AZ").location_country is None


def test_carry_host_and_merge_are_separate_passes() -> None:
    first, ctx, f = _meeting("Minister Sahil Babayev met Jasur Olimov.")
    state = DocumentState().appended(first, current=True)
    later = dataclasses.replace(first.sentence, index=first.sentence.index + 1)  # "He also met Jasur Olimov."
    lone = dataclasses.replace(first, people=first.people[1:], sentence=later)
    carried = host.carry_host(state, lone, None)
    assert [p.name for p in carried.people] == ["Sahil Babayev", "Jasur Olimov"]
    assert "host:carried" in carried.trail and "host:carried" not in lone.trail
    merged = merge.merge_repeated(state, carried)
    assert merged is not None and len(merged.events) == 1 and "merged:second-mention" in merged.events[0].trail
    assert state.events[0] is first  # the state itself is not changed


def test_the_counterparts_of_one_sentence_host_nobody() -> None:
    """"The minister held meetings with A, B and C": B does not meet A, whose meeting was split from
    the same sentence; a host comes from an earlier sentence."""
    first, ctx, f = _meeting("Minister Sahil Babayev met Jasur Olimov.")
    state = DocumentState().appended(dataclasses.replace(first, people=first.people[:1]), current=True)
    same_sentence = dataclasses.replace(first, people=first.people[1:])
    assert host.carry_host(state, same_sentence, None) is same_sentence


def test_a_bilateral_mention_merges_with_a_bilateral_one_not_with_a_trilateral() -> None:
    """"Bilateral talks with B" after "the ministers of A, B and C will meet" are a second meeting;
    the same bilateral talks named twice (both "bilateral", three countries in the sentence) are one."""
    first, ctx, f = _meeting("Minister Sahil Babayev met Jasur Olimov.")
    three = dataclasses.replace(first, countries=("AZ", "UZ", "TR"))
    bilateral = dataclasses.replace(three, bilateral=True)
    trilateral = DocumentState().appended(three, current=True)
    assert merge.merge_repeated(trilateral, bilateral) is None
    repeated = DocumentState().appended(bilateral, current=True)
    merged = merge.merge_repeated(repeated, bilateral)
    assert merged is not None and len(merged.events) == 1
    split = DocumentState().appended(three.because("counterparts:enumeration"), current=True)  # "met A, B and C": one each
    assert merge.merge_repeated(split, bilateral) is not None


def test_an_agreement_candidate_and_its_window() -> None:
    ctx, (f,) = _facts("Azerbaijan and Uzbekistan signed a memorandum of understanding on labour migration.")
    ((kind, hit, window, following),) = candidates.agreement_windows(ctx.cues, f.sentence.text, list(f.kinds))
    event = candidates.agreement_candidate(ctx.cues, f, kind, hit, Status.SIGNED, False, following)
    assert (event.type, event.kind, event.title) == (EventType.AGREEMENT, "mou", "memorandum of understanding on labour migration")


_ALPHABET = st.sampled_from(
    list("abcəğışçöüАБВжщыёйäßéо‘’'«»„“.,;:-–—()0123456789 \n\t")
    + ["Baku", "met", "görüş", "встреча", "signed", "Memorandum", "2024", "Aliyev", "Minister", "talks with", "ilə", "12 March"]
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lang=st.sampled_from(available_languages()), text=st.lists(_ALPHABET, max_size=100).map(" ".join))
def test_facts_never_raise_and_their_offsets_slice_the_sentence(lang: str, text: str) -> None:
    doc = tokenize_document("doc", lang, text, "test")
    ctx = document_context(doc, PUBLISHED)
    for f in document_facts(ctx, doc.sentences):
        s = f.sentence
        assert text[s.start : s.end] == s.text
        for person in f.people:
            assert s.text[person.start : person.end] == person.mention
            assert text[person.offset + person.start : person.offset + person.end] == person.mention
        for hit in [f.trigger, f.anaphora, f.speech, *(h for _, h in f.kinds)]:
            if hit is not None:
                assert 0 <= hit.start < hit.end <= len(s.text)
        for p in f.places:
            assert 0 <= p.start < p.end <= len(s.text)
        for d in f.dates:
            assert s.text[d.start : d.end] == d.text
