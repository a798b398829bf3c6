"""place:previous-meeting, place:home-country - where a meeting without a place in its sentence was."""

from __future__ import annotations

from parley.extract.event import Event
from parley.extract.passes import DocumentState
from parley.extract.tuning import TUNING
from parley.extract.vocabulary import EventType, Status


def locate(state: DocumentState, event: Event, home: str | None) -> Event:
    """The previous in-person meeting's city; the press release's own country only where
    `TUNING.home_country_as_place` says so (the text is silent: the place is unknown)."""
    if event.city or event.format != "in_person" or event.status != Status.HELD:
        return event
    previous = [e for e in state.of_type(EventType.MEETING) if e.city and e.format == "in_person"]
    if previous:
        return event.but("place:previous-meeting", city=previous[-1].city, location_country=previous[-1].location_country)
    if event.location_country is None and TUNING.home_country_as_place:
        return event.but("place:home-country" if home else None, location_country=home)
    return event
