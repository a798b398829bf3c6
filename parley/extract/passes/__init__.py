"""The document passes: what other sentences of the document add to a candidate event.

Each pass is a function of its own module that takes the events so far (`DocumentState`) and an
event, and returns a new event (events are frozen) with the pass's name appended to its `rule`
trail. In the order `parley.extract.events` applies them:

meetings, each candidate: `host.carry_host` (host:carried), `dates.trip_span` (date:trip-span),
`dates.series` (date:series), `place.locate` (place:previous-meeting | place:home-country), then
`merge.merge_repeated` (merged:second-mention, date:second-mention);
sentences about the current meeting: `participants.add_speakers` (participants:speakers | delegation),
`participants.add_attendees` (participants:attendees);
agreements, each candidate: `participants.joint_signers` (signatories:meeting), `participants.signers_attend`
(participants:signatories, the other way round: a meeting that names nobody), `dates.meeting_day`
(date:meeting), `parties.borrow` (parties:borrowed); "the document was signed by ...":
`participants.add_signers` (signatories:next-sentence); at the end, `merge.merge_agreements`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from parley.extract.event import Event
from parley.extract.people import Person
from parley.extract.vocabulary import EventType


@dataclass(frozen=True)
class DocumentState:
    """The events so far, in the order they were made, and which of them is the current meeting."""

    events: tuple[Event, ...] = ()
    current: int | None = None  # index in `events` of the meeting the document is talking about
    mentioned: int | None = None  # the sentence that last spoke of the current meeting
    protagonist: Person | None = None  # the first person the article names in full

    @property
    def current_meeting(self) -> Event | None:
        return self.events[self.current] if self.current is not None else None

    def of_type(self, kind: EventType) -> list[Event]:
        return [e for e in self.events if e.type == kind]

    def appended(self, event: Event, current: bool = False) -> DocumentState:
        if not current:
            return replace(self, events=(*self.events, event))
        return replace(self, events=(*self.events, event), current=len(self.events), mentioned=event.sentence.index)

    def replaced(self, index: int, event: Event, mentioned: int | None = None) -> DocumentState:
        """`event` in place of the one at `index`; `mentioned`: the sentence that spoke of it again,
        which makes it the current meeting."""
        events = (*self.events[:index], event, *self.events[index + 1 :])
        if mentioned is None:
            return replace(self, events=events)
        return replace(self, events=events, current=index, mentioned=mentioned)
