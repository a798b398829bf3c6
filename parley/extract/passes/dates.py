"""date:trip-span, date:series, date:meeting - a date the event's own sentence does not give;
date:not-after-publication - one it cannot have."""

from __future__ import annotations

import datetime as dt

from parley.extract.event import Event
from parley.extract.facts import DocumentContext
from parley.extract.passes import DocumentState
from parley.extract.tuning import TUNING
from parley.extract.vocabulary import EventType, Status


def trip_span(ctx: DocumentContext, event: Event) -> Event:
    """A span of days given in the sentence before ("travels from 17 to 18 September to Astana.
    There he holds talks with ..."): the meeting falls within it, and is still to come when the
    trip begins after the publication date (status:future-trip)."""
    if event.date is not None:
        return event
    previous = ctx.by_index.get(event.sentence.index - 1)
    if previous is None:
        return event
    found = ctx.dates.find(previous.text, ctx.published, future=event.status == Status.PLANNED)
    spans = [d for d in found if d.value and "/" in d.value]
    if not spans:
        return event
    event = event.but("date:trip-span", date=spans[-1])
    if event.status == Status.HELD and _begins_after(spans[-1].value, ctx.published):
        return event.but("status:future-trip", status=Status.PLANNED)
    return event


def series(state: DocumentState, event: Event) -> Event:
    """A series of meetings on the day given first: a held meeting without a date, a few sentences
    after a dated one, is on that day."""
    if event.status != Status.HELD or event.date is not None:
        return event
    previous = [e for e in state.of_type(EventType.MEETING) if e.status == Status.HELD and e.date is not None]
    if previous and event.sentence.index - previous[-1].sentence.index <= TUNING.series_window_sentences:
        return event.but("date:series", date=previous[-1].date)
    return event


def meeting_day(event: Event, meeting: Event | None, close: bool) -> Event:
    """"At the end of the meeting, ... signed": a signing without a date is on the meeting's day."""
    if event.date is None and close and meeting is not None and meeting.date is not None and event.status == Status.SIGNED:
        return event.but("date:meeting", date=meeting.date)
    return event


def future_is_planned(event: Event, published: dt.date | None) -> Event:
    """status:future-date - a summit reported as held on a day after the publication date is still
    to come ("the summit in November" in a May article). Only summits: "met on 20 May" in a text of
    6 May is a date whose year the resolver could not tell, not a plan."""
    if not event.multilateral or event.status != Status.HELD or published is None or event.date is None or not event.date.value:
        return event
    if _begins_after(event.date.value, published):
        return event.but("status:future-date", status=Status.PLANNED)
    return event


def no_future_signing(ctx: DocumentContext, event: Event) -> Event:
    """date:not-after-publication - a document signed cannot be dated after the article: in "signed
    an action plan and agreed to sign a memorandum next year", "next year" is the memorandum's."""
    if event.status != Status.SIGNED or event.date is None or not event.date.value:
        return event
    if _begins_after(event.date.value, ctx.published):
        return event.but("date:not-after-publication", date=None)
    return event


def _begins_after(value: str, published: dt.date | None) -> bool:
    """Whether a date value ("2024-06", "2024-06-20/2024-06-21") begins after the publication day,
    compared at its own precision ("2024-06" is not after 2024-06-05)."""
    if published is None:
        return False
    first_day = value.split("/")[0]
    return first_day > published.isoformat()[: len(first_day)]
