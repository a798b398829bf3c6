"""Meeting and agreement events from one annotated document (pure: no IO, no Stanza objects).

The rules follow ../shared/design/EVENT-MODEL.md, sentence by sentence, with a little document
memory: the current meeting (named speakers "at the meeting" are its participants; a lone counterpart
in a later meeting sentence meets the same host), the people already named (a lone surname is that
person), the dates already given (a later meeting on "the same day"), and the agreements already seen
(the same document mentioned twice is one event with its latest status).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from parley.extract.chars import WORD_CHARS
from parley.extract.geo import Place, gazetteer
from parley.extract.patterns import Hit, PatternSet
from parley.extract.people import Organization, PeopleFinder, Person, quoted_spans
from parley.extract.tuning import TUNING
from parley.extract.vocabulary import EventType, Status, status_rank
from parley.extract.when import DateMention, date_finder, validity_period
from parley.nlp.types import AnnotatedDocument, Sentence
from parley.resources.loader import (
    EventResources,
    available_languages,
    event_resources,
    language_info,
    name_resources,
)

KINDS = ("mou", "action_plan", "treaty", "agreement", "protocol", "other")
_QUOTED = re.compile(r"[«“„\"]([^»”“\"]{3,200})[»”“\"]")
_LOWER_WORD = re.compile(f"(?<![{WORD_CHARS}-])" + r"[^\W\d_A-ZÀ-ÞА-ЯЁƏÇĞİÖŞÜ][\w]*")
EXTRACTOR_VERSION = "1"


@cache
def extractor_version() -> str:
    """EXTRACTOR_VERSION plus a hash of the extraction code: a re-run extracts again after any change
    to the rules, even one nobody remembered to version."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return f"{EXTRACTOR_VERSION}.{digest.hexdigest()[:10]}"


@dataclass
class Event:
    """One event mention, with everything the `events`, `participants` and `agreement_parties` rows need."""

    type: EventType
    status: Status
    sentence: Sentence
    rule: str
    people: list[Person] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    format: str | None = None
    kind: str | None = None
    title: str | None = None
    meeting_name: str | None = None
    topics: list[str] = field(default_factory=list)
    date: DateMention | None = None
    date_expected: DateMention | None = None
    validity: str | None = None
    city: str | None = None
    location_country: str | None = None
    background: bool = False
    confidence: float = 0.5
    party_countries: list[str] = field(default_factory=list)
    own_parties: bool = True  # parties named in the event's own sentence (not borrowed from a meeting)
    anchor: int = 0  # offset of the trigger in the sentence
    side: str | None = None  # the counterpart country of "met the delegates of A, B and C" (one event each)
    trail: list[str] = field(default_factory=list)  # why its participants, date and place are there
    listed: bool = False  # an item of a list of signed documents: its title tells it from the others

    def because(self, step: str) -> None:
        """Note a document pass that changed the event (the `rule` column: trigger;pass;pass)."""
        if step not in self.trail:
            self.trail.append(step)

    @property
    def rule_trail(self) -> str:
        return ";".join([self.rule, *self.trail])

    @property
    def keys(self) -> set[str]:
        return {p.key for p in self.people if p.key}


@dataclass(frozen=True)
class Cues:
    """Compiled pattern sets of one language."""

    meeting: PatternSet
    anaphora: PatternSet
    exclusions: PatternSet
    meeting_planned: PatternSet
    meeting_negation: PatternSet
    sequence: PatternSet
    delegation: PatternSet
    comitative: PatternSet
    video: PatternSet
    online: PatternSet
    phone: PatternSet
    kinds: PatternSet  # every kind's patterns in one pass
    kind_of: dict[str, str]  # pattern -> kind
    generic: PatternSet
    signed: PatternSet
    agreement_planned: PatternSet
    draft: PatternSet
    discussed: PatternSet
    agreement_negation: PatternSet
    implementation: PatternSet
    joint_signers: PatternSet
    speech: PatternSet
    head_final: bool
    topics: dict[str, PatternSet]
    conference: PatternSet
    enumeration_gap: re.Pattern[str]  # what separates the items of an enumeration: a comma, "and", "və" ...
    coordination: re.Pattern[str]  # the whole gap between two coordinated documents ("and an")
    title_tail: re.Pattern[str]  # punctuation and "and (the)" left at the end of a title


@cache
def cues(lang: str) -> Cues:
    r: EventResources = event_resources(lang)
    m, a = r.meetings, r.agreements
    names = name_resources(lang).names
    ands = "|".join(re.escape(w) for w in sorted(names.coordination, key=len, reverse=True))
    articles = "|".join(re.escape(w) for w in sorted(names.function_words, key=len, reverse=True))
    article = rf"(?:\s+(?:{articles}))?" if articles else ""
    return Cues(
        meeting=PatternSet(m.triggers), anaphora=PatternSet(m.anaphora), exclusions=PatternSet(m.exclusions),
        meeting_planned=PatternSet(m.planned), meeting_negation=PatternSet(m.negation), sequence=PatternSet(m.sequence),
        delegation=PatternSet(m.delegation), comitative=PatternSet(m.comitative),
        video=PatternSet(m.format_video), online=PatternSet(m.format_online), phone=PatternSet(m.format_phone),
        kinds=PatternSet(p for kind in KINDS for p in getattr(a, kind)),
        kind_of={p: kind for kind in reversed(KINDS) for p in getattr(a, kind)},
        generic=PatternSet(a.generic),
        signed=PatternSet(a.signed), agreement_planned=PatternSet(a.planned), draft=PatternSet(a.draft),
        discussed=PatternSet(a.discussed), agreement_negation=PatternSet(a.negation),
        topics={label: PatternSet(words) for label, words in r.topics.labels.items()},
        conference=PatternSet(r.topics.conference_words),
        implementation=PatternSet(a.implementation), joint_signers=PatternSet(a.joint_signers), speech=PatternSet(r.people.speech_verbs), head_final=language_info(lang).head_final,
        enumeration_gap=re.compile(rf",|\b(?:{ands})\b", re.IGNORECASE),
        coordination=re.compile(rf"^[\s,]*(?:(?:{ands})\s+(?:\w+\s+){{0,2}})?$", re.IGNORECASE),
        title_tail=re.compile(rf"(?:[\s,;.]+(?:(?:{ands}){article})?)+$", re.IGNORECASE),
    )


@cache
def people_finder(lang: str) -> PeopleFinder:
    return PeopleFinder(lang, event_resources(lang))


def extract_events(doc: AnnotatedDocument, published: dt.date | None) -> list[Event]:
    """Every meeting and agreement event of one document, in text order."""
    if doc.lang not in _supported():
        return []
    return _DocumentExtractor(doc, published).run()


@cache
def _supported() -> frozenset[str]:
    return frozenset(available_languages())


class _DocumentExtractor:
    def __init__(self, doc: AnnotatedDocument, published: dt.date | None) -> None:
        self.doc = doc
        self.published = published
        self.cues = cues(doc.lang)
        self.finder = people_finder(doc.lang)
        self.gazetteer = gazetteer(doc.lang)
        self.dates = date_finder(doc.lang)
        self.known: dict[str, Person] = {}
        self.events: list[Event] = []
        self.current_meeting: Event | None = None
        self.protagonist: Person | None = None  # the first person the article names
        self.signed_list: int | None = None  # last sentence of "... were signed: - A; - B; ..." so far
        self.list_head: int = -1  # the sentence that opened that list ("... were signed. These are:")
        self.list_strict = False  # the opener gave no count: only lines with a list marker are items
        self.list_heads_items: set[int] = set()  # sentences that are items of such a list
        self.list_heads: set[int] = set()  # list openers whose items followed: their own summary is no event
        self.places = {s.index: self.gazetteer.find(s.text) for s in doc.sentences}
        self.by_index = {s.index: s for s in doc.sentences}
        self.sentence_people: list[Person] = []  # the people of the sentence being read
        # Words the document writes in lower case somewhere: common words, not names.
        self.common_words = frozenset(w for s in doc.sentences for w in _LOWER_WORD.findall(s.text))
        self.home = event_resources(doc.lang).countries.home or _first_country(self.places.values())

    def run(self) -> list[Event]:
        for sentence in self.doc.sentences:
            self._sentence(sentence)
        summaries = [e for e in self.events if e.type == EventType.AGREEMENT and not e.listed and e.sentence.index in self.list_heads]
        return _merge_agreements([e for e in self.events if _keep(e) and e not in summaries])

    # --- one sentence ----------------------------------------------------------------------------

    def _sentence(self, sentence: Sentence) -> None:
        text = sentence.text
        c = self.cues
        places = self.places[sentence.index]
        per_spans = [(e.start - sentence.start, e.end - sentence.start) for e in self.doc.entities
                     if e.label == "PER" and e.sentence_index == sentence.index]
        # Every sentence: people named anywhere are who later lone surnames and pronouns refer to.
        kinds = self._kind_hits(text)
        triggers = c.meeting.hits(text)
        words = [(h.start, h.end) for _, h in kinds] + [
            (h.start, h.end) for h in triggers if "..." not in h.pattern and not h.pattern.startswith("re:")
        ]  # trigger words are not names; separable verbs and regexes may span names ("kam ... zusammen")
        people = self.finder.people(text, places, per_spans, self.known, self.home, words, self.common_words)
        self.sentence_people = people
        for person in people:
            person.offset = sentence.start
        if self.protagonist is None and people and len(people[0].tokens) >= 2:
            self.protagonist = people[0]
        trigger = self._meeting_trigger(text, triggers)
        anaphora = c.anaphora.search(text)
        speech = c.speech.search(text)
        delegation = (
            self.current_meeting is not None
            and sentence.index == self.current_meeting.sentence.index + 1
            and c.delegation.search(text) is not None
        )
        self._signed_list(sentence, kinds)
        if trigger is None and not kinds and anaphora is None and not delegation and (speech is None or self.current_meeting is None):
            return
        speakers = [p for p in people if not p.in_quote]
        future = bool(c.meeting_planned.search(text) or c.agreement_planned.search(text))
        dates = self.dates.find(text, self.published, future=future)
        if trigger is not None and anaphora is None:
            # a quote that itself reports the meeting ("'The minister will hold talks with X', the source
            # said"): the people quoted with it take part
            quoted = [(s, e) for s, e in quoted_spans(text) if s <= trigger.start < e]
            inside = [p for p in people if p.in_quote and any(s <= p.start < e for s, e in quoted)]
            self._meeting(sentence, trigger, speech, sorted(speakers + inside, key=lambda p: p.start), places, dates)
        elif self.current_meeting is not None and speech is not None:
            self._add_speakers(self.current_meeting, speakers, text, speech)
        elif delegation:  # "The Russian delegation was headed by A, the Azerbaijani one by B."
            self._add_speakers(self.current_meeting, speakers, text, None)
        if kinds:
            self._agreements(sentence, kinds, speech, speakers, places, dates)

    def _signed_list(self, sentence: Sentence, kinds: list[tuple[str, Hit]]) -> None:
        """"8 documents were signed. These include A, B and C" / "... were signed. These are: - A; - B":
        the documents listed after a signing sentence were signed too. A list opened by a sentence
        without a count of documents takes only lines with a list marker ("- A;")."""
        text, c = sentence.text, self.cues
        follows = self.signed_list is not None and sentence.index - self.signed_list == 1
        if not kinds and follows and text.rstrip().endswith(":"):
            self.signed_list = sentence.index  # "These are:"
            return
        if not kinds and not c.generic.search(text):
            return
        item = (
            follows and bool(kinds) and self._agreement_status(text) is None
            and (not self.list_strict or _LIST_MARKER.match(text) is not None)
        )
        if item:
            self.signed_list = sentence.index
            self.list_heads.add(self.list_head)
            self.list_heads_items.add(sentence.index)
        elif c.signed.search(text):
            self.signed_list = self.list_head = sentence.index
            counted = any(_COUNT_BEFORE.search(text[max(0, h.start - 30) : h.start]) for h in c.generic.finditer(text))
            self.list_strict = not counted  # "8 documents were signed" announces a list; else markers must
        else:
            self.signed_list = None

    def _meeting_trigger(self, text: str, triggers: list[Hit]) -> Hit | None:
        """The first trigger outside an exclusion ("press conference")."""
        if not triggers:
            return None
        excluded = self.cues.exclusions.hits(text)
        for hit in triggers:
            if not any(e.start <= hit.start < e.end or hit.start <= e.start < hit.end for e in excluded):
                return hit
        return None

    def _meeting(
        self, sentence: Sentence, trigger: Hit, speech: Hit | None, people: list[Person], places: list[Place],
        dates: list[DateMention],
    ) -> None:
        text = sentence.text
        c = self.cues
        if c.meeting_negation.search(text):
            return
        reported = speech is not None and speech.end <= trigger.start and not any(
            speech.end <= p.start < trigger.start for p in people
        )
        if reported:
            # "X noted the importance of the meeting ...": reported speech about a meeting.
            self._add_speakers(self.current_meeting, people, text, speech)
            return
        status = Status.PLANNED if c.meeting_planned.search(text) else Status.HELD
        fmt = "phone" if c.phone.search(text) else "video" if c.video.search(text) else "online" if c.online.search(text) else "in_person"
        foreign = {p.country for p in places if p.kind != "city"} - {self.home}
        if len(foreign) == 1 and not c.head_final:  # "... a delegation of <Uzbekistan>'s agency, headed by X": X is the guest
            for person in people:
                if person.guessed_country and person.start > trigger.start:
                    person.country, person.guessed_country = next(iter(foreign)), False
        groups = self._counterpart_groups(text, trigger, people)
        split = "counterparts:enumeration" if len(groups) > 1 else None
        joint = not people and self.events and c.joint_signers.search(text)
        if joint:
            groups = [list(self.events[-1].people)]  # "The ministers agreed to meet next year in Baku."
        sides = self._counterpart_countries(text, trigger, people, places) if len(groups) == 1 else []
        if sides:
            groups = [list(people) for _ in sides]
        for number, group in enumerate(groups):
            event = Event(EventType.MEETING, status, sentence, rule=f"meeting:{trigger.pattern}", people=list(group), format=fmt, anchor=trigger.start)
            if split:
                event.because(split)
            if joint:
                event.because("participants:previous-event")
            self._carry_host(event)
            own_dates = dates
            if len(groups) > 1:  # "met A the same day, and B on 26 September": each counterpart its own date
                lower = groups[number - 1][-1].end if number else 0
                upper = group[-1].end if number + 1 < len(groups) else len(text)
                own_dates = [d for d in dates if lower <= d.start < upper]
            self._fill_common(event, sentence, places, own_dates)
            if sides:  # "met the delegates of A, B and C": one meeting per country
                own = [p.country for p in event.people if p.country and not p.guessed_country and p.country != sides[number]]
                event.countries = own[:1] + [sides[number]]
                event.side = sides[number]
                event.because("counterparts:countries")
            if event.date is None:
                event.date = self._trip_span(sentence, status == Status.PLANNED)  # "reist vom 17. bis 18. September ... Dort ..."
                if event.date is not None:
                    event.because("date:trip-span")
            if status == Status.HELD and event.date is None:
                previous = [e for e in self.events if e.type == EventType.MEETING and e.status == Status.HELD and e.date is not None]
                if previous and sentence.index - previous[-1].sentence.index <= TUNING.series_window_sentences:
                    event.date = previous[-1].date  # a series of meetings on the day given first
                    event.because("date:series")
            self._locate(event)
            event.confidence = _confidence(event)
            merged = self._merge_meeting(event)
            if not merged:
                self.events.append(event)
                self.current_meeting = event

    def _trip_span(self, sentence: Sentence, future: bool) -> DateMention | None:
        """A span of days given in the sentence before ("travels from 17 to 18 September to Astana.
        There he holds talks with ..."): the meeting falls within it."""
        previous = self.by_index.get(sentence.index - 1)
        if previous is None:
            return None
        spans = [d for d in self.dates.find(previous.text, self.published, future=future) if d.value and "/" in d.value]
        return spans[-1] if spans else None

    def _locate(self, event: Event) -> None:
        """A meeting without a place in its sentence: the previous in-person meeting's city, else the
        press release's own country (officials meet at home unless the text says otherwise)."""
        if event.city or event.format != "in_person" or event.status != Status.HELD:
            return
        previous = [e for e in self.events if e.type == EventType.MEETING and e.city and e.format == "in_person"]
        if previous:
            event.city, event.location_country = previous[-1].city, previous[-1].location_country
            event.because("place:previous-meeting")
        elif event.location_country is None:
            event.location_country = self.home
            if self.home:
                event.because("place:home-country")

    def _counterpart_groups(self, text: str, trigger: Hit, people: list[Person]) -> list[list[Person]]:
        """"met A, then B": one group per counterpart after a sequence word; "held talks with A, B and
        C": one group per counterpart of an enumeration (not the members of a delegation "led by A and
        B"); the hosts (people before the trigger, the subject in head-final languages) take part in each."""
        if self.cues.head_final:
            before = [p for p in people if p.end <= trigger.start]
            hosts, others = (before[:1], before[1:]) if len(before) == len(people) else (
                [p for p in people if p.end <= trigger.start], [p for p in people if p.end > trigger.start])
        else:
            hosts = [p for p in people if p.end <= trigger.start]
            others = [p for p in people if p.end > trigger.start]
        cuts = [h.start for h in self.cues.sequence.finditer(text) if h.start > trigger.start]
        if len(others) < 2:
            return [people]
        if not cuts:
            return self._enumeration(text, trigger, hosts, others) or [people]
        groups: list[list[Person]] = [[]]
        boundaries = sorted(cuts)
        for person in others:
            while boundaries and person.start > boundaries[0]:
                boundaries.pop(0)
                if groups[-1]:
                    groups.append([])
            groups[-1].append(person)
        return [hosts + g for g in groups if g]

    def _counterpart_countries(self, text: str, trigger: Hit, people: list[Person], places: list[Place]) -> list[str]:
        """"held meetings with delegates of Saudi Arabia, Egypt and Qatar": the countries enumerated
        after the trigger, when no counterpart is named (head-initial languages)."""
        if self.cues.head_final or not people or any(p.end > trigger.start for p in people):
            return []
        own = {p.country for p in people if not p.guessed_country}
        after = [p for p in places if p.kind != "city" and p.start > trigger.end and p.country not in own]
        codes: list[str] = []
        for a, b in zip(after, after[1:], strict=False):
            if not self.cues.enumeration_gap.search(text[a.end : b.start]) or len(text[a.end : b.start]) > 8:
                return []
        for place in after:
            if place.country not in codes:
                codes.append(place.country)
        return codes if len(codes) >= 2 else []

    def _enumeration(self, text: str, trigger: Hit, hosts: list[Person], others: list[Person]) -> list[list[Person]] | None:
        """One group per counterpart of "A, B and C" (None: not an enumeration). A lone surname right
        before ", Name" belongs to the next one's title ("adviser to President Nazarbayev, Nurlan
        Onzhanov"); a delegation word before the names keeps them together (one delegation)."""
        if self.cues.head_final:  # "A ... B, C və D ilə görüşüb": the comitative closes the counterparts
            if not hosts:
                hosts, others = others[:1], others[1:]
            if not others or self.cues.comitative.search(text[others[-1].end - 3 : others[-1].end + 8]) is None:
                return None
        if not hosts and not (self.events or self.protagonist):
            return None  # "A and B held talks": nobody to meet but each other
        span = (min(trigger.start, others[0].start), others[-1].start)
        if self.cues.delegation.search(text[span[0] : span[1]]) is not None:
            return None
        counterparts = [
            p for i, p in enumerate(others)
            if not (len(p.tokens) == 1 and i + 1 < len(others) and text[p.end : others[i + 1].start].strip() == ",")
        ]
        if len(counterparts) < 2:
            return None
        for a, b in zip(counterparts, counterparts[1:], strict=False):
            if not self.cues.enumeration_gap.search(text[a.end : b.start]):
                return None
        return [hosts + [p] for p in counterparts]

    def _carry_host(self, event: Event) -> None:
        """A meeting sentence naming one side only ("He then held talks with B") meets the host of the
        previous meeting in the same document."""
        previous = [e for e in self.events if e.type == EventType.MEETING]
        if len(event.people) != 1:
            return
        host = _host(previous, self.home) if previous else self.protagonist  # "Am Mittwoch traf sie ..."
        if host is not None and host.key not in event.keys:
            event.people.insert(0, host)
            event.because("host:carried")

    def _add_speakers(self, event: Event | None, people: list[Person], text: str, speech: Hit | None) -> None:
        """Named speakers "at the meeting" take part in it."""
        if event is None or event.status != Status.HELD:
            return
        for person in people:
            subject = speech is not None and (
                (person.start < speech.start and (
                    person.start < TUNING.speaker_subject_chars or len(text[person.end : speech.start].split()) <= TUNING.speaker_subject_words
                    or (self.cues.head_final and person is people[0])
                ))
                or speech.start < person.start < speech.end  # "wies der Minister ..., Sahil Babayev, auf ... hin"
            )
            if person.key and person.key not in event.keys and (speech is None or subject):
                event.people.append(person)
                event.because("participants:speakers" if speech is not None else "participants:delegation")
                if person.country and person.country not in event.countries:
                    event.countries.append(person.country)

    def _merge_meeting(self, event: Event) -> bool:
        """The same encounter mentioned twice is one event: same people (one set inside the other), or
        no people and the same city. A more specific mention ("first met with B") replaces a summary
        naming one side only ("held a series of meetings") as the evidence."""
        for other in self.events:
            if other.type != EventType.MEETING or other.status != event.status or (event.side or other.side) and event.side != other.side:
                continue
            a, b = event.keys, other.keys
            same_place = not a and not b and event.city is not None and event.city == other.city
            if same_place or (a and b and (a <= b or b <= a)):
                if len(b) == 1 and len(a) > 1:
                    other.sentence, other.rule, other.anchor = event.sentence, event.rule, event.anchor
                _absorb(other, event, "countries")
                return True
        return False

    # --- agreements --------------------------------------------------------------------------------

    def _kind_hits(self, text: str) -> list[tuple[str, Hit]]:
        hits: list[tuple[str, Hit]] = [(self.cues.kind_of[h.pattern], h) for h in self.cues.kinds.finditer(text)]
        for h in self.cues.generic.finditer(text):
            before = text[max(0, h.start - 12) : h.start]
            if not any(ch.isdigit() for ch in before):
                hits.append(("generic", h))
        hits.sort(key=lambda kh: (kh[1].start, -(kh[1].end - kh[1].start)))
        kept: list[tuple[str, Hit]] = []
        for kind, hit in hits:
            if kept and hit.start < kept[-1][1].end:
                continue
            kept.append((kind, hit))
        return kept

    def _agreements(
        self, sentence: Sentence, kinds: list[tuple[str, Hit]], speech: Hit | None, people: list[Person],
        places: list[Place], dates: list[DateMention],
    ) -> None:
        text = sentence.text
        c = self.cues
        if c.agreement_negation.search(text) and not c.agreement_planned.search(text):
            return  # "was not signed"; but "not yet signed, to be signed in November" is planned
        kinds = self._drop_implemented(text, kinds)
        for position, (kind, hit) in enumerate(kinds):
            window = _clause(text, hit, [h for _, h in kinds], position, c)
            if c.agreement_negation.search(window) and not c.agreement_planned.search(window):
                continue
            status = self._agreement_status(window)
            listed = status is None and self.signed_list == sentence.index and sentence.index in self.list_heads_items
            if listed:
                status = Status.SIGNED  # an item of the list of signed documents
            if status is None:
                continue
            if kind == "generic":  # "a cooperation document between A and B", never "63 documents"
                org_countries = {o.country for o in self.finder.organizations(text, places, self.home)}
                if len(self._countries(places)) < 2 and len(org_countries) < 2:
                    self._add_signers(sentence, people, status)  # "The document was signed by X and Y."
                    continue
                kind = "other"
            event = Event(EventType.AGREEMENT, status, sentence, rule=f"agreement:{hit.pattern}", kind=kind, anchor=hit.start, listed=listed)
            if listed:
                event.because("status:listed-after-signing")
            following = [h for _, h in kinds if h.start > hit.start]
            event.title = _title(text, hit, c, following[0].start if following else len(text))
            signers = [p for p in people if speech is None or p.start > speech.end]  # not "X noted that ..."
            event.people = signers if status == Status.SIGNED and c.signed.search(text) else []
            meeting = self.current_meeting
            close = meeting is not None and (c.anaphora.search(text) is not None or sentence.index - meeting.sentence.index <= TUNING.meeting_close_sentences)
            self._fill_common(event, sentence, places, dates)
            joint = status == Status.SIGNED and not event.people and close and c.joint_signers.search(text)
            if joint and (event.date is None or event.date == meeting.date):
                event.people = list(meeting.people)  # "Im Anschluss unterzeichneten beide ..."
                event.because("signatories:meeting")
            if event.date is None and close and meeting.date is not None and status == Status.SIGNED:
                event.date = meeting.date  # "At the end of the meeting, ... signed": the meeting's day
                event.because("date:meeting")
            if status != Status.SIGNED:
                event.date_expected, event.date = event.date, None
            event.validity = validity_period(text)
            event.party_countries = list(event.countries)
            event.own_parties = bool(self._countries(places))
            meetings = [e for e in self.events if e.type == EventType.MEETING]
            earlier = [e for e in self.events if e.type == EventType.AGREEMENT][-1:]
            for meeting in ([self.current_meeting] if self.current_meeting else []) + meetings[:1] + earlier:
                if len(event.party_countries) >= 2:
                    break
                for code in meeting.countries:  # "between the two ministries": the meeting's sides
                    if code not in event.party_countries:
                        event.party_countries.append(code)
                        event.because("parties:borrowed")
            event.countries = list(event.party_countries)
            event.background = status == Status.SIGNED and self._is_background(event)
            event.confidence = _confidence(event)
            self.events.append(event)

    def _add_signers(self, sentence: Sentence, people: list[Person], status: str) -> None:
        """People signing "the document" of the previous sentences sign the last agreement."""
        agreements = [e for e in self.events if e.type == EventType.AGREEMENT]
        if status != Status.SIGNED or not people or not agreements or sentence.index - agreements[-1].sentence.index > TUNING.signers_after_sentences:
            return
        for person in people:
            if person.key and person.key not in agreements[-1].keys:
                agreements[-1].people.append(person)
                agreements[-1].because("signatories:next-sentence")

    def _drop_implemented(self, text: str, kinds: list[tuple[str, Hit]]) -> list[tuple[str, Hit]]:
        """"Action plan on the implementation of the MoU": the MoU is the object, not a new event."""
        if len(kinds) < 2:
            return kinds
        links = self.cues.implementation.hits(text)
        drop: set[int] = set()
        for i in range(len(kinds) - 1):
            a, b = kinds[i][1], kinds[i + 1][1]
            if any(a.end <= link.start and link.end <= b.start for link in links):
                drop.add(i if self.cues.head_final else i + 1)
        return [k for i, k in enumerate(kinds) if i not in drop]

    def _agreement_status(self, window: str) -> Status | None:
        c = self.cues
        if c.agreement_planned.search(window):
            return Status.PLANNED
        if c.draft.search(window):
            return Status.DISCUSSED
        if c.signed.search(window):
            return Status.SIGNED
        if c.discussed.search(window):
            return Status.DISCUSSED
        return None

    def _is_background(self, event: Event) -> bool:
        if event.date is not None and event.date.value and self.published is not None:
            return event.date.value < (self.published - dt.timedelta(days=TUNING.background_days)).isoformat()[: len(event.date.value)]
        return event.date is not None and event.date.value is None

    # --- shared fields -----------------------------------------------------------------------------

    def _fill_common(self, event: Event, sentence: Sentence, places: list[Place], dates: list[DateMention]) -> None:
        text = sentence.text
        countries = self._countries(places)
        for person in event.people:
            if person.country and person.country not in countries:
                countries.append(person.country)
        orgs = self.finder.organizations(text, places, self.home)
        if event.type == EventType.MEETING and len(event.people) >= 2 and len(self.sentence_people) > len(event.people):
            # one meeting of an enumeration: the organisations in its own people's phrases only
            mine = {id(p) for p in event.people}
            bounds, last = [], 0
            for person in self.sentence_people:
                if id(person) in mine:
                    bounds.append((last, person.end))
                last = person.end
            orgs = [o for o in orgs if any(a <= o.start < b for a, b in bounds)]
        event.organizations = orgs
        for org in orgs:
            if org.country and org.country not in countries and event.type == EventType.AGREEMENT:
                countries.append(org.country)
        if event.type == EventType.MEETING and self.home and event.people and self.home not in countries:
            if any(p.country == self.home for p in event.people):
                countries.append(self.home)
        event.countries = countries
        cities = [p for p in places if p.kind == "city" and not self.finder.is_first_name(text, p)]
        if cities:
            event.city, event.location_country = cities[0].city, cities[0].country
            if event.type == EventType.MEETING and not event.people and cities[0].country not in countries:
                countries.append(cities[0].country)  # "the Astana meeting": the host country
        resolved = [d for d in dates if d.value] or dates
        if resolved:
            event.date = min(resolved, key=lambda d: abs(d.start - event.anchor))
        event.topics = [label for label, words in self.cues.topics.items() if words.search(text)]
        if event.type == EventType.MEETING:
            event.meeting_name = self._meeting_name(text)

    def _meeting_name(self, text: str) -> str | None:
        """A quoted name right after "conference", "forum": „DOST 2023: Eine einheitliche Plattform ...“."""
        for hit in self.cues.conference.finditer(text):
            match = _QUOTED.search(text, hit.end, min(len(text), hit.end + 40))
            if match and text[hit.end : match.start()].strip(" ,:—-") == "":
                return match.group(1).strip()
        return None

    def _countries(self, places: list[Place]) -> list[str]:
        out: list[str] = []
        for place in places:
            if place.kind != "city" and place.country not in out:
                out.append(place.country)
        return out


_COUNT_BEFORE = re.compile(r"\d+(?:\s+\w+){0,2}\s+$")  # "8 bilaterale ", "18 ta " before "documents"
_LIST_MARKER = re.compile(r"^\s*[-–—•*·]\s")
def _clause(text: str, hit: Hit, hits: list[Hit], position: int, c: Cues) -> str:
    """The words that speak about one document: between the neighbouring semicolons and, when several
    documents are named, between the previous and the next one ("Das Protokoll ergänzt die
    Vereinbarung, die ... geschlossen worden war": "geschlossen" is the Vereinbarung's). Coordinated
    documents ("signed a memorandum and an action plan") share the whole clause."""
    start = text.rfind(";", 0, hit.start) + 1
    end = text.find(";", hit.end)
    end = end if end >= 0 else len(text)
    if len(hits) == 1:
        return text[start:end]
    coordinated = all(c.coordination.match(text[a.end : b.start]) for a, b in zip(hits, hits[1:], strict=False))
    if coordinated:
        return text[start:end]
    if c.head_final:  # "2022-ci ildə imzalanmış ... Saziş": a participle precedes its noun, and the
        # clause-final verb ("X-nın, həmçinin Y-nin imzalandığı bildirilib") speaks of all of them.
        left = hits[position - 1].end if position > 0 else start
        return text[max(start, left) : hit.end] + " " + text[hits[-1].end : end]
    left = hits[position - 1].end if position > 0 else start
    right = hits[position + 1].start if position + 1 < len(hits) else end
    return text[max(start, left) : min(end, right)]


def _title(text: str, hit: Hit, c: Cues, limit: int | None = None) -> str:
    """The document's title as written: the quoted name around the kind word, else the kind phrase
    (up to the next document of an enumeration, `limit`; without a list marker "- ")."""
    return _LIST_MARKER.sub("", c.title_tail.sub("", _kind_phrase(text, hit, c.head_final, len(text) if limit is None else limit)))


def _kind_phrase(text: str, hit: Hit, head_final: bool, limit: int) -> str:
    for open_, close in (("«", "»"), ("“", "”"), ("„", "“"), ('"', '"')):
        left = text.rfind(open_, 0, hit.start + 1)
        right = text.find(close, hit.start)
        if left >= 0 and right > left and right - left < 300:
            return text[left + 1 : right]
    if head_final:
        between = text.rfind(" arasında", 0, hit.start)
        start = max(text.rfind(",", 0, hit.start) + 1, between + len(" arasında") if between >= 0 else 0)
        return text[start : hit.end].strip(" ,")
    end = limit
    for stop in (",", ";", " signed", " was ", " were "):
        found = text.find(stop, hit.end)
        if 0 <= found < end:
            end = found
    return text[hit.start : end].strip(" ,")


def _host(meetings: list[Event], home: str | None) -> Person | None:
    """The document's host: the most frequent participant from the home country (else anyone)."""
    counts = Counter(p.key for e in meetings for p in e.people if p.key and p.country == home)
    counts = counts or Counter(p.key for e in meetings for p in e.people if p.key)
    if not counts:
        return None
    key, _ = counts.most_common(1)[0]
    return next(p for e in meetings for p in e.people if p.key == key)


def _first_country(places_by_sentence) -> str | None:  # noqa: ANN001
    """The press release's own country, where the language does not say: the first one it names."""
    for places in places_by_sentence:
        for place in places:
            if place.kind != "city":
                return place.country
    return None


def _keep(event: Event) -> bool:
    """Meetings need a named participant or two countries and a face-to-face (or video) format;
    agreements a kind and a status."""
    if event.type == EventType.MEETING:  # phone calls are not meetings (EVENT-MODEL.md)
        return event.format != "phone" and (bool(event.people) or len(event.countries) >= TUNING.min_countries_without_people)
    return True


def _merge_agreements(events: list[Event]) -> list[Event]:
    """The same document mentioned twice is one event with its latest status."""
    out: list[Event] = []
    for event in events:
        if event.type != EventType.AGREEMENT:
            out.append(event)
            continue
        same = next((o for o in out if o.type == EventType.AGREEMENT and _same_document(o, event)), None)
        previous = [o for o in out if o.type == EventType.AGREEMENT]
        if same is None and previous and _continues(previous[-1], event):
            same = previous[-1]
        if same is None:
            out.append(event)
            continue
        if status_rank(event.status) >= status_rank(same.status) and not event.background:
            same.status = event.status
            same.sentence, same.rule, same.anchor = event.sentence, event.rule, event.anchor
        _absorb(same, event, "party_countries")
        same.validity = same.validity or event.validity
    return out


def _absorb(target: Event, mention: Event, countries: str) -> None:
    """A second mention of the same event adds its people, its countries and a date it alone gives."""
    for person in mention.people:
        if person.key not in target.keys:
            target.people.append(person)
    listed = getattr(target, countries)
    listed.extend(code for code in getattr(mention, countries) if code not in listed)
    if target.date is None and mention.date is not None:
        target.because("date:second-mention")
    target.date = target.date or mention.date
    target.because("merged:second-mention")


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


def _confidence(event: Event) -> float:
    t = TUNING
    score = t.confidence_base
    if len(event.people) >= 2:
        score += t.confidence_two_people
    elif event.people:
        score += t.confidence_one_person
    if len(event.countries) >= 2:
        score += t.confidence_two_countries
    if event.date is not None and event.date.value:
        score += t.confidence_date
    if event.type == EventType.AGREEMENT and event.title:
        score += t.confidence_title
    return round(min(score, t.confidence_max), 2)
