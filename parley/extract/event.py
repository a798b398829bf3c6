"""The event record that extraction builds: frozen, so every pass returns a new one (`replace`)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from parley.extract.geo import Place
from parley.extract.people import Organization, Person
from parley.extract.vocabulary import EventType, Status
from parley.extract.when import DateMention
from parley.nlp.types import Sentence


@dataclass(frozen=True)
class Event:
    """One event mention, with everything the `events`, `participants` and `agreement_parties` rows need."""

    type: EventType
    status: Status
    sentence: Sentence
    rule: str
    people: tuple[Person, ...] = ()
    countries: tuple[str, ...] = ()
    organizations: tuple[Organization, ...] = ()
    format: str | None = None
    kind: str | None = None
    title: str | None = None
    meeting_name: str | None = None
    topics: tuple[str, ...] = ()
    date: DateMention | None = None
    date_expected: DateMention | None = None
    validity: str | None = None
    city: str | None = None
    location_country: str | None = None
    background: bool = False
    confidence: float = 0.5
    party_countries: tuple[str, ...] = ()
    own_parties: bool = True  # parties named in the event's own sentence (not borrowed from a meeting)
    anchor: int = 0  # offset of the trigger in the sentence
    side: str | None = None  # the counterpart country of "met the delegates of A, B and C" (one event each)
    trail: tuple[str, ...] = ()  # the passes that changed it: why its participants, date and place are there
    listed: bool = False  # an item of a list of signed documents: its title tells it from the others
    multilateral: bool = False  # a summit: its host country alone is a side enough
    bilateral: bool = False  # "bilateral talks": two sides, never a trilateral meeting's second mention

    def because(self, step: str) -> Event:
        """The event with a document pass noted (the `rule` column: trigger;pass;pass)."""
        return self if step in self.trail else replace(self, trail=(*self.trail, step))

    def but(self, step: str | None = None, **changes: object) -> Event:
        """The event with `changes`, and `step` noted when given."""
        changed = replace(self, **changes)  # type: ignore[arg-type]
        return changed.because(step) if step else changed

    @property
    def rule_trail(self) -> str:
        return ";".join([self.rule, *self.trail])

    @property
    def keys(self) -> set[str]:
        return {p.key for p in self.people if p.key}


def countries_of(places: list[Place] | tuple[Place, ...]) -> list[str]:
    """The countries named in a sentence (not cities), first mention first."""
    out: list[str] = []
    for place in places:
        if place.kind != "city" and place.country not in out:
            out.append(place.country)
    return out
