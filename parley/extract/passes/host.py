"""host:carried - a meeting sentence naming one side only meets the document's host."""

from __future__ import annotations

from collections import Counter

from parley.extract.event import Event
from parley.extract.passes import DocumentState
from parley.extract.people import Person
from parley.extract.vocabulary import EventType


def carry_host(state: DocumentState, event: Event, home: str | None, head_final: bool = False) -> Event:
    """"He then held talks with B": B meets the host of the previous meetings (else the person the
    article named first: "Am Mittwoch traf sie ..."). A lone person before the trigger of a
    head-initial language is the subject, whose counterpart goes unnamed ("Bairamov is expected to
    meet with Pakistani senior officials"): nobody is carried."""
    if len(event.people) != 1:
        return event
    if not head_final and event.people[0].offset + event.people[0].end <= event.sentence.start + event.anchor:
        return event
    previous = state.of_type(EventType.MEETING)
    host = _host(previous, home) if previous else state.protagonist
    if host is not None and host.key not in event.keys:
        return event.but("host:carried", people=(host, *event.people))
    return event


def _host(meetings: list[Event], home: str | None) -> Person | None:
    """The document's host: the most frequent participant from the home country (else anyone)."""
    counts = Counter(p.key for e in meetings for p in e.people if p.key and p.country == home)
    counts = counts or Counter(p.key for e in meetings for p in e.people if p.key)
    if not counts:
        return None
    key, _ = counts.most_common(1)[0]
    return next(p for e in meetings for p in e.people if p.key == key)
