"""Meeting and agreement events from one annotated document (pure: no IO, no Stanza objects).

The rules follow ../shared/design/EVENT-MODEL.md in three steps:

1. `facts.sentence_facts`: per sentence, its places, people, dates and cue hits;
2. `candidates`: the meetings and agreements each sentence reports, and what it says about them;
3. the document passes (`passes/`, in the order below), each a function returning a new event and
   noting its name in the `rule` trail: carry the host, the date of a trip span or of a series,
   the place of the previous meeting, merge repeated mentions; speakers and heads of delegations
   join the current meeting; agreements take the meeting's signatories, day and parties; at the
   end the same document mentioned twice becomes one event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
from functools import cache
from pathlib import Path

from parley.extract import candidates
from parley.extract.cues import Cues, cues, people_finder
from parley.extract.event import Event, countries_of
from parley.extract.facts import (
    DocumentContext,
    SentenceFacts,
    agreement_status,
    document_context,
    document_facts,
    reported_by_anaphora,
    signed_lists,
)
from parley.extract.passes import DocumentState, dates, host, merge, participants, parties, place
from parley.extract.tuning import TUNING
from parley.extract.vocabulary import EventType, Status
from parley.nlp.types import AnnotatedDocument
from parley.resources.loader import available_languages

EXTRACTOR_VERSION = "1"
__all__ = ["Cues", "Event", "cues", "extract_events", "extractor_version", "people_finder"]


@cache
def extractor_version() -> str:
    """EXTRACTOR_VERSION plus a hash of the extraction code: a re-run extracts again after any change
    to the rules, even one nobody remembered to version."""
    digest = hashlib.sha256()
    base = Path(__file__).parent
    for path in sorted(base.rglob("*.py")):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return f"{EXTRACTOR_VERSION}.{digest.hexdigest()[:10]}"


def extract_events(doc: AnnotatedDocument, published: dt.date | None) -> list[Event]:
    """Every meeting and agreement event of one document, in text order."""
    if doc.lang not in _supported():
        return []
    ctx = document_context(doc, published)
    facts = document_facts(ctx, doc.sentences)
    items, heads = signed_lists(ctx.cues, facts)
    state = DocumentState()
    for f in facts:
        state = _read(ctx, state, f, f.sentence.index in items)
    # the summary of a list of signed documents ("8 documents were signed: ...") is no event of its own
    summaries = [e for e in state.events if e.type == EventType.AGREEMENT and not e.listed and e.sentence.index in heads]
    return merge.merge_agreements([e for e in state.events if _keep(e) and e not in summaries])


@cache
def _supported() -> frozenset[str]:
    return frozenset(available_languages())


def _read(ctx: DocumentContext, state: DocumentState, f: SentenceFacts, listed: bool) -> DocumentState:
    """The events of one sentence added to the document's."""
    if state.protagonist is None and f.people and len(f.people[0].tokens) >= 2:
        state = replace(state, protagonist=f.people[0])
    current = state.current_meeting
    delegation = current is not None and f.sentence.index == current.sentence.index + 1 and f.delegation
    if f.trigger is None and not f.kinds and f.anaphora is None and not delegation and (f.speech is None or current is None):
        return state
    text = f.sentence.text
    if f.anaphora is not None and not f.reports_meeting and not f.attends and not any(e.type == EventType.MEETING for e in state.events):
        f = reported_by_anaphora(ctx, f)  # "During the meeting, ..." opening an excerpt
    if current is not None and f.anaphora is not None and not f.reports_meeting:
        state = replace(state, mentioned=f.sentence.index)  # "At the end of the meeting ...": it is spoken of again
    if f.reports_meeting:
        state = _meetings(ctx, state, f)
    elif current is not None and f.attends:
        state = participants.add_attendees(state, f.speakers)
    elif current is not None and f.speech is not None:
        state = participants.add_speakers(state, f.speakers, text, f.speech, ctx.cues.head_final)
    elif delegation:  # "The Russian delegation was headed by A, the Azerbaijani one by B."
        state = participants.add_speakers(state, f.speakers, text, None, ctx.cues.head_final)
    if f.kinds:
        state = _agreements(ctx, state, f, listed)
    return state


def _meetings(ctx: DocumentContext, state: DocumentState, f: SentenceFacts) -> DocumentState:
    if f.negated:
        return state
    if f.reported:  # "X noted the importance of the meeting ...": reported speech about a meeting
        return participants.add_speakers(state, list(f.meeting_people), f.sentence.text, f.speech, ctx.cues.head_final)
    for event, own_dates in candidates.meeting_candidates(ctx, f, state.events, state.protagonist):
        event = host.carry_host(state, event, ctx.home, ctx.cues.head_final, ctx.cues.delegation)
        event = candidates.describe(ctx, event, f, own_dates)
        event = candidates.side_countries(event)
        event = candidates.counterpart_countries(event)
        event = dates.future_is_planned(event, ctx.published)
        event = dates.trip_span(ctx, event)  # "reist vom 17. bis 18. September ... Dort ..."
        event = dates.series(state, event)
        event = place.locate(state, event, ctx.home, ctx.visit_cities)
        event = event.but(confidence=candidates.confidence(event))
        event = participants.protagonist_at_summit(state, event)
        merged = merge.merge_repeated(state, event)
        state = merged if merged is not None else state.appended(event, current=True)
    return state


def _agreements(ctx: DocumentContext, state: DocumentState, f: SentenceFacts, listed_sentence: bool) -> DocumentState:
    text, c = f.sentence.text, ctx.cues
    jointly = candidates.signed_jointly(c, text, ctx.finder.head_final)  # once a sentence, not once a document kind
    for kind, hit, window, documents in candidates.agreement_windows(c, text, list(f.kinds)):
        status = agreement_status(c, window)
        if status in (None, Status.DISCUSSED) and candidates.in_effect(c, text, hit):
            status = Status.SIGNED  # "the sides reviewed the progress made on the Action Plan": it exists
        listed = status is None and listed_sentence
        if listed:
            status = Status.SIGNED  # an item of the list of signed documents
        if status is None:
            continue
        if kind == "generic":  # "a cooperation document between A and B", never "63 documents"
            org_countries = {o.country for o in ctx.finder.organizations(text, f.places, ctx.home)}
            sides = set(countries_of(f.places)) | org_countries
            if len(sides) < 2 or _names_again(state, sides, f.sentence.index):
                state = participants.add_signers(state, f.sentence, f.speakers, status)  # "The document was signed by X and Y."
                continue
            kind = "other"
        event = candidates.agreement_candidate(c, f, kind, hit, status, listed, documents)
        meeting = state.current_meeting
        close = meeting is not None and state.mentioned is not None and (  # `mentioned` is set with `current`
            f.anaphora is not None or f.sentence.index - state.mentioned <= TUNING.meeting_close_sentences
        )
        event = candidates.describe(ctx, event, f, list(f.dates))
        event = participants.joint_signers(event, meeting, close, jointly)
        state = participants.signers_attend(state, event, close)
        event = dates.meeting_day(event, meeting, close)
        if status != Status.SIGNED:
            event = event.but(date_expected=event.date, date=None)
        event = dates.no_future_signing(ctx, event)
        event = event.but(validity=ctx.dates.validity(text), party_countries=event.countries, own_parties=bool(countries_of(f.places)))
        event = parties.borrow(state, event)
        event = event.but(background=status == Status.SIGNED and candidates.is_background(ctx.published, event))
        event = event.but(confidence=candidates.confidence(event))
        state = state.appended(event)
    return state


def _names_again(state: DocumentState, sides: set[str], sentence: int) -> bool:
    """"The signing of the document took place ... with representatives of Azerbaijan and Serbia"
    after the plan between Azerbaijan and Serbia: a generic document between the parties of an
    agreement told in an earlier sentence is that agreement again, not a new one (in the same sentence,
    "the memorandum, and also the cooperation document of recent years", it is another)."""
    return any(
        e.type == EventType.AGREEMENT and e.sentence.index < sentence and sides <= set(e.party_countries)
        for e in state.events
    )


def _keep(event: Event) -> bool:
    """Meetings need a named participant or two sides (countries, or a country and an international
    organisation: "the ministry held a meeting with a delegation from the ILO", or the host of a
    summit) and a face-to-face
    (or video) format; agreements a kind and a status."""
    if event.type == EventType.MEETING:  # phone calls are not meetings (EVENT-MODEL.md)
        # a summit with a place or still to come is a meeting of its host country ("the summit in Tashkent in November")
        own_place = event.city is not None and "place:previous-meeting" not in event.trail
        summit = event.multilateral and (own_place or event.status == Status.PLANNED)
        sides = len(event.countries) + any(o.international for o in event.organizations) + summit
        return event.format != "phone" and (bool(event.people) or sides >= TUNING.min_countries_without_people)
    return True
