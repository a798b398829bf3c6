"""host:carried|guest - a meeting sentence naming one side only meets the document's host (or its guest)."""

from __future__ import annotations

from collections import Counter

from parley.extract.event import Event
from parley.extract.passes import DocumentState
from parley.extract.patterns import PatternSet
from parley.extract.people import Person
from parley.extract.vocabulary import EventType


def carry_host(
    state: DocumentState, event: Event, home: str | None, head_final: bool = False, delegation: PatternSet | None = None
) -> Event:
    """"He then held talks with B": B meets the host of the previous meetings (else the person the
    article named first: "Am Mittwoch traf sie ..."). A lone person before the trigger of a
    head-initial language is the subject, whose counterpart goes unnamed ("Bairamov is expected to
    meet with Pakistani senior officials"): nobody is carried. Nor is a host who received a
    delegation (`delegation` cues in his meeting's sentence) into talks with someone of his own
    country: "Weitere Gespräche folgten mit Wirtschaftsminister X" are the delegation's, whose head is
    carried when the text says which country he is from (host:guest)."""
    if len(event.people) != 1:
        return event
    if not head_final and event.people[0].offset + event.people[0].end <= event.sentence.start + event.anchor:
        return event
    # the meetings of earlier sentences: the counterparts of this one's enumeration host nobody
    previous = [e for e in state.of_type(EventType.MEETING) if e.sentence.index != event.sentence.index]
    host = _host(previous, home) if previous else state.protagonist
    if host is None or host.key in event.keys:
        return event
    if not previous and host.offset == event.sentence.start:
        return event  # named first in this very sentence, as one of its counterparts: nobody's host

    compatriot = host.country is not None and event.people[0].country == host.country
    received = [e for e in previous if host.key in e.keys and delegation.search(e.sentence.text)] if compatriot and delegation else []
    if received:
        # the visiting delegation meets the host's compatriot: its head, when the text says whose he is
        guests = [p for p in received[-1].people if p.key != host.key and p.country not in (None, host.country) and not p.guessed_country]
        if not guests or guests[0].key in event.keys:
            return event
        return event.but("host:guest", people=(guests[0], *event.people))
    return event.but("host:carried", people=(host, *event.people))


def _host(meetings: list[Event], home: str | None) -> Person | None:
    """The document's host: the most frequent participant from the home country (else anyone)."""
    counts = Counter(p.key for e in meetings for p in e.people if p.key and p.country == home)
    counts = counts or Counter(p.key for e in meetings for p in e.people if p.key)
    if not counts:
        return None
    key, _ = counts.most_common(1)[0]
    return next(p for e in meetings for p in e.people if p.key == key)
