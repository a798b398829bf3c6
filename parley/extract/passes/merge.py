"""merged:second-mention, date:second-mention - the same event mentioned twice is one event."""

from __future__ import annotations

from parley.extract.event import Event
from parley.extract.passes import DocumentState
from parley.extract.tuning import TUNING
from parley.extract.vocabulary import EventType, Status, status_rank


def merge_repeated(state: DocumentState, event: Event) -> DocumentState | None:
    """The same encounter mentioned twice is one event: same people (one set inside the other), or
    no people and the same city, or no people and the same two or more countries on a day that does
    not differ ("Foreign ministers of A, B and C will meet ..." in the lead and again below). A more specific mention ("first met with B") replaces a summary
    naming one side only ("held a series of meetings") as the evidence. None: a new encounter."""
    for index, other in enumerate(state.events):
        if other.type != EventType.MEETING or other.status != event.status or (event.side or other.side) and event.side != other.side:
            continue
        a, b = event.keys, other.keys
        if event.multilateral != other.multilateral and (len(a) >= 2 or len(b) >= 2):
            continue  # a summit and a bilateral on its sidelines are two encounters, even with one person in both
        two_sided, other_two_sided = _two_sided(event), _two_sided(other)
        if two_sided != other_two_sided and len(set((other if two_sided else event).countries)) >= 3:
            continue  # "will hold bilateral talks with B" after "the ministers of A, B and C will meet": two meetings
        same_place = not a and not b and event.city is not None and event.city == other.city
        # a named mention joins a peopleless one of the same countries only under the same cue
        # ("заседание" ... "постановление заседания"), not "will also meet" after "the commission's session"
        same_sides = (
            ((not a and not b) or (bool(a) != bool(b) and event.rule == other.rule))
            and len(set(event.countries)) >= 2 and set(event.countries) == set(other.countries)
            and (event.date is None or other.date is None or event.date.value == other.date.value)
        )
        # "... завершились переговоры ... По его словам, переговоры ... будут продолжаться": the current
        # meeting spoken of again under its own cue, with no people or country of its own
        again = not a and not event.countries and index == state.current and event.rule == other.rule
        if same_place or same_sides or again or (a and b and (a <= b or b <= a)):
            if len(b) == 1 and len(a) > 1:
                other = other.but(sentence=event.sentence, rule=event.rule, anchor=event.anchor)
            return state.replaced(index, absorb(other, event, "countries"), mentioned=event.sentence.index)
    return None


def _two_sided(event: Event) -> bool:
    """Said to be bilateral, or one of the meetings an enumeration of counterparts was split into."""
    return event.bilateral or any(step.startswith("counterparts:") for step in event.trail)


def merge_agreements(events: list[Event]) -> list[Event]:
    """The same document mentioned twice is one event with its latest status."""
    out: list[Event] = []
    for event in events:
        if event.type != EventType.AGREEMENT:
            out.append(event)
            continue
        same = next((i for i, o in enumerate(out) if o.type == EventType.AGREEMENT and _same_document(o, event)), None)
        previous = [i for i, o in enumerate(out) if o.type == EventType.AGREEMENT]
        if same is None and previous and _continues(out[previous[-1]], event):
            same = previous[-1]
        if same is None:
            out.append(event)
            continue
        target = out[same]
        rank, target_rank = status_rank(event.status), status_rank(target.status)
        # the latest status wins; a signed document mentioned again ("the implementation of the
        # action plan") keeps its signing sentence
        if (rank > target_rank or (rank == target_rank and event.status != Status.SIGNED)) and not event.background:
            target = target.but(status=event.status, sentence=event.sentence, rule=event.rule, anchor=event.anchor)
        target = absorb(target, event, "party_countries")
        out[same] = target.but(validity=target.validity or event.validity)
    return out


def absorb(target: Event, mention: Event, countries: str) -> Event:
    """A second mention of the same event adds its people, its countries and a date it alone gives."""
    people = list(target.people)
    keys = target.keys
    for person in mention.people:
        if person.key not in keys:
            people.append(person)
            if person.key:
                keys.add(person.key)
    listed = list(getattr(target, countries))
    for code in getattr(mention, countries):
        if code not in listed:
            listed.append(code)
    step = "date:second-mention" if target.date is None and mention.date is not None else None
    merged = target.but(step, people=tuple(people), date=target.date or mention.date, **{countries: tuple(listed)})
    return merged.because("merged:second-mention")


def _continues(previous: Event, event: Event) -> bool:
    """"The draft provides for ... contracts ...": a discussed document without parties of its own,
    right after another document under discussion, is that document's content, not a new one."""
    return (
        event.status == Status.DISCUSSED and not event.own_parties and previous.status in (Status.DISCUSSED, Status.PLANNED)
        and 0 < event.sentence.index - previous.sentence.index <= TUNING.continuation_sentences
    )


def _same_document(a: Event, b: Event) -> bool:
    if a.kind != b.kind or a.sentence.index == b.sentence.index:
        return False
    ta, tb = _title_key(a.title), _title_key(b.title)
    if (a.listed or b.listed) and ta and tb and ta not in tb and tb not in ta:
        return False  # two memoranda with different titles ("... on sport", "... on oil and gas")
    if a.background != b.background and a.party_countries and b.party_countries:
        return False
    if a.date and b.date and a.date.value and b.date.value and a.date.value[:7] != b.date.value[:7]:
        return False
    pa, pb = set(a.party_countries), set(b.party_countries)
    return not pa or not pb or bool(pa & pb)


def _title_key(title: str | None) -> str:
    """A title folded for comparison (letters only, lower case)."""
    return "".join(ch for ch in (title or "").lower() if ch.isalpha())
