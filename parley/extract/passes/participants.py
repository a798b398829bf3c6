"""participants:speakers|delegation|attendees|signatories|protagonist, signatories:meeting|next-sentence - people named in other
sentences than the event's own."""

from __future__ import annotations

from parley.extract.event import Event
from parley.extract.passes import DocumentState
from parley.extract.patterns import Hit
from parley.extract.people import Person
from parley.extract.tuning import TUNING
from parley.extract.vocabulary import EventType, Status
from parley.nlp.types import Sentence


def add_speakers(state: DocumentState, people: list[Person], text: str, speech: Hit | None, head_final: bool) -> DocumentState:
    """Named speakers "at the meeting" take part in the current meeting (without a speech verb: the
    heads of delegations named in the sentence after it)."""
    event = state.current_meeting
    if event is None or state.current is None or event.status != Status.HELD:
        return state
    for person in people:
        subject = speech is not None and (
            (person.start < speech.start and (
                person.start < TUNING.speaker_subject_chars or len(text[person.end : speech.start].split()) <= TUNING.speaker_subject_words
                or (head_final and person is people[0])
            ))
            or speech.start < person.start < speech.end  # "wies der Minister ..., Sahil Babayev, auf ... hin"
        )
        if speech is None or subject:
            event = _joined(event, person, "participants:speakers" if speech is not None else "participants:delegation")
    return state.replaced(state.current, event)


def _joined(event: Event, person: Person, step: str) -> Event:
    """`event` with `person` among its people (and their country among its countries), unless there."""
    if not person.key or person.key in event.keys:
        return event
    event = event.but(step, people=(*event.people, person))
    if person.country and person.country not in event.countries:
        event = event.but(countries=(*event.countries, person.country))
    return event


def add_attendees(state: DocumentState, people: list[Person]) -> DocumentState:
    """"At the meeting, A and B were present", "Tədbirdə A ... iştirak edəcək": the people named take
    part in the meeting referred to, held or planned."""
    event = state.current_meeting
    if event is None or state.current is None:
        return state
    for person in people:
        event = _joined(event, person, "participants:attendees")
    return state.replaced(state.current, event)


def joint_signers(event: Event, meeting: Event | None, close: bool, joint: bool) -> Event:
    """"Im Anschluss unterzeichneten beide ...": a signing without signers of its own, close to the
    meeting and on its day, was signed by the meeting's participants."""
    if meeting is None or not (event.status == Status.SIGNED and not event.people and close and joint):
        return event
    if event.date is None or event.date == meeting.date:
        return event.but("signatories:meeting", people=meeting.people)
    return event


def signers_attend(state: DocumentState, agreement: Event, close: bool) -> DocumentState:
    """"O‘zbekiston-Eron muzokaralari ... o‘tdi. ... Mirziyoyev va Raisiy Qo‘shma bayonot imzoladilar":
    the signers of a document right after a held meeting that names nobody are its participants,
    when their countries are the meeting's (or the meeting names no country: "During the meeting, ...
    After the meeting, A and B signed ...")."""
    meeting = state.current_meeting
    if meeting is None or state.current is None or meeting.people or meeting.status != Status.HELD or not close:
        return state
    signers = [p for p in agreement.people if p.key]
    countries = {p.country for p in signers}
    sides_agree = not meeting.countries or (None not in countries and countries <= set(meeting.countries))
    if agreement.status != Status.SIGNED or len(signers) < 2 or not sides_agree:
        return state
    return state.replaced(state.current, meeting.but("participants:signatories", people=tuple(signers)))


def add_signers(state: DocumentState, sentence: Sentence, people: list[Person], status: str) -> DocumentState:
    """People signing "the document" of the previous sentences sign the last agreement."""
    agreements = [i for i, e in enumerate(state.events) if e.type == EventType.AGREEMENT]
    if status != Status.SIGNED or not people or not agreements:
        return state
    event = state.events[agreements[-1]]
    if sentence.index - event.sentence.index > TUNING.signers_after_sentences:
        return state
    for person in people:
        if person.key and person.key not in event.keys:
            event = event.but("signatories:next-sentence", people=(*event.people, person))
    return state.replaced(agreements[-1], event)


def protagonist_at_summit(state: DocumentState, event: Event) -> Event:
    """participants:protagonist - a held summit whose sentence names nobody, in an article about one
    person from one of its countries ("The foreign minister ... is leading Pakistan's delegation ...
    at the OIC summit"): that person attends."""
    person = state.protagonist
    if not event.multilateral or event.people or event.status != Status.HELD or person is None:
        return event
    if person.country is None or person.country not in event.countries:
        return event
    return event.but("participants:protagonist", people=(person,))
