"""parties:borrowed - an agreement naming fewer than two parties takes the sides of its meeting."""

from __future__ import annotations

from parley.extract.event import Event
from parley.extract.passes import DocumentState
from parley.extract.vocabulary import EventType


def borrow(state: DocumentState, event: Event) -> Event:
    """"between the two ministries": the parties are the countries of the current meeting, else of
    the document's first meeting, else of the previous agreement."""
    parties = list(event.party_countries)
    meetings = state.of_type(EventType.MEETING)
    earlier = state.of_type(EventType.AGREEMENT)[-1:]
    current = state.current_meeting
    borrowed = False
    for meeting in ([current] if current else []) + meetings[:1] + earlier:
        if len(parties) >= 2:
            break
        for code in meeting.countries:
            if code not in parties:
                parties.append(code)
                borrowed = True
    return event.but("parties:borrowed" if borrowed else None, party_countries=tuple(parties), countries=tuple(parties))
