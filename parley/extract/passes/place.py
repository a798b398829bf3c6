"""place:previous-meeting, place:visit-city, place:home-country - where a meeting without a place in
its sentence was."""

from __future__ import annotations

from parley.extract.event import Event
from parley.extract.geo import Place
from parley.extract.passes import DocumentState
from parley.extract.tuning import TUNING
from parley.extract.vocabulary import EventType, Status


def locate(state: DocumentState, event: Event, home: str | None, visit_cities: dict[int, Place] | None = None) -> Event:
    """The previous in-person meeting's city, else the city a visit told before goes to ("arrived
    in Baku for an official visit. On Tuesday he met ..."); the press release's own country only
    where `TUNING.home_country_as_place` says so (the text is silent: the place is unknown)."""
    if event.city or event.format != "in_person" or event.status != Status.HELD:
        return event
    previous = [e for e in state.of_type(EventType.MEETING) if e.city and e.format == "in_person"]
    if previous:
        return event.but("place:previous-meeting", city=previous[-1].city, location_country=previous[-1].location_country)
    visits = [city for index, city in sorted((visit_cities or {}).items()) if index < event.sentence.index]
    if visits and event.location_country in (None, visits[-1].country):
        return event.but("place:visit-city", city=visits[-1].city, location_country=visits[-1].country)
    if event.location_country is None and TUNING.home_country_as_place:
        return event.but("place:home-country" if home else None, location_country=home)
    return event
