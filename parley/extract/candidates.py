"""Candidate events of one sentence, made from its facts: meetings (one per counterpart of an
enumeration) and agreements (one per document kind with a status), and what the sentence itself
says about each (`describe`: countries, organisations, place, date, topics). What other sentences
add comes later, in the document passes (`parley.extract.passes`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from parley.extract.cues import Cues
from parley.extract.event import Event, countries_of
from parley.extract.facts import (
    LIST_MARKER,
    DocumentContext,
    SentenceFacts,
    agreement_status,
    visit_destinations,
)
from parley.extract.geo import Place, group_members
from parley.extract.patterns import Hit, PatternSet
from parley.extract.people import Person
from parley.extract.tuning import TUNING
from parley.extract.vocabulary import EventType, Status
from parley.extract.when import DateMention

_QUOTED = re.compile(r"[«“„\"]([^»”“\"]{3,200})[»”“\"]")


# --- meetings --------------------------------------------------------------------------------------


def meeting_candidates(
    ctx: DocumentContext, f: SentenceFacts, earlier: tuple[Event, ...], protagonist: Person | None
) -> list[tuple[Event, list[DateMention]]]:
    """The meetings a trigger sentence reports, each with the dates that belong to it. `earlier`
    (the events so far) and `protagonist` only tell whether the document has a host to meet."""
    assert f.trigger is not None
    text, c, trigger = f.sentence.text, ctx.cues, f.trigger
    people = list(f.meeting_people)
    dates = list(f.dates)
    status = Status.PLANNED if c.meeting_planned.search(text) else Status.HELD
    multilateral = c.summits.search(text[trigger.start : trigger.end + 20]) is not None
    bilateral = c.bilateral.search(text[max(0, trigger.start - 30) : trigger.end]) is not None
    if multilateral and c.summit_planned.search(text[max(0, trigger.start - 60) : trigger.end + 30]):
        status = Status.PLANNED  # "preparations for the summit": a summit still to come
    fmt = "phone" if c.phone.search(text) else "video" if c.video.search(text) else "online" if c.online.search(text) else "in_person"
    # a host is someone named before this sentence: the protagonist may be this sentence's first counterpart
    named_before = protagonist is not None and protagonist.offset != f.sentence.start
    unnamed_host = not earlier and not named_before and _unnamed_subject(c, ctx.finder.titles, text, trigger, people)
    groups = _counterpart_groups(c, text, trigger, people, bool(earlier or named_before), unnamed_host)
    split = "counterparts:enumeration" if len(groups) > 1 else None
    joint = not people and earlier and c.joint_signers.search(text)
    if joint:
        groups = [list(earlier[-1].people)]  # "The ministers agreed to meet next year in Baku."
    sides = _counterpart_countries(c, text, trigger, people, f.places) if len(groups) == 1 else []
    if sides:
        groups = [list(people) for _ in sides]
    out = []
    for number, group in enumerate(groups):
        event = Event(
            EventType.MEETING, status, f.sentence, rule=f"meeting:{trigger.pattern}", people=tuple(group), format=fmt,
            anchor=trigger.start, side=sides[number] if sides else None,
            multilateral=multilateral, bilateral=bilateral,
        )
        if split:
            event = event.because(split)
        if joint:
            event = event.because("participants:previous-event")
        own_dates = dates
        if len(groups) > 1:  # "met A the same day, and B on 26 September": each counterpart its own date
            lower = groups[number - 1][-1].end if number else 0
            upper = group[-1].end if number + 1 < len(groups) else len(text)
            own_dates = [d for d in dates if lower <= d.start < upper]
        out.append((event, own_dates))
    return out


def side_countries(event: Event) -> Event:
    """"met the delegates of A, B and C": one meeting per country, its countries the host's and the side."""
    if event.side is None:
        return event
    own = [p.country for p in event.people if p.country and not p.guessed_country and p.country != event.side]
    return event.but("counterparts:countries", countries=(*own[:1], event.side))


def counterpart_countries(event: Event) -> Event:
    """counterparts:own-countries - a meeting split from an enumeration of people ("held meetings
    with the Kazakh A, the Kyrgyz B and the Tajik C") has the countries of its own people, not every
    country of the sentence, when each of them says where he is from."""
    if "counterparts:enumeration" not in event.trail or not event.people:
        return event
    own = [p.country for p in event.people if p.country and not p.guessed_country]
    if len(own) != len(event.people):
        return event
    return event.but("counterparts:own-countries", countries=tuple(dict.fromkeys(own)))


def _counterpart_groups(
    c: Cues, text: str, trigger: Hit, people: list[Person], has_host: bool, subject: bool = False
) -> list[list[Person]]:
    """"met A, then B": one group per counterpart after a sequence word; "held talks with A, B and
    C": one group per counterpart of an enumeration (not the members of a delegation "led by A and
    B"); the hosts (people before the trigger, the subject in head-final languages) take part in each."""
    # `subject`: "the minister held meetings with A, B and C", "Bakan, ... A, B ve C ile görüştü": a
    # subject without a name, and no host named before this sentence
    if c.head_final:
        before = [p for p in people if p.end <= trigger.start]
        if subject:  # every name is a counterpart of the unnamed subject
            hosts, others = [], list(people)
        elif len(before) == len(people):
            hosts, others = before[:1], before[1:]
        else:
            hosts, others = before, [p for p in people if p.end > trigger.start]
    else:
        hosts = [p for p in people if p.end <= trigger.start]
        others = [p for p in people if p.end > trigger.start]
    cuts = [h.start for h in c.sequence.finditer(text) if h.start > trigger.start]
    if len(others) < 2:
        return [people]
    if not cuts:
        return _enumeration(c, text, trigger, hosts, others, has_host or subject, subject) or [people]
    groups: list[list[Person]] = [[]]
    boundaries = sorted(cuts)
    for person in others:
        while boundaries and person.start > boundaries[0]:
            boundaries.pop(0)
            if groups[-1]:
                groups.append([])
        groups[-1].append(person)
    return [hosts + g for g in groups if g]


def _counterpart_countries(c: Cues, text: str, trigger: Hit, people: list[Person], places: list[Place]) -> list[str]:
    """"held meetings with delegates of Saudi Arabia, Egypt and Qatar": the countries enumerated
    after the trigger, when no counterpart is named (head-initial languages)."""
    if c.head_final or not people or any(p.end > trigger.start for p in people):
        return []
    own = {p.country for p in people if not p.guessed_country}
    after = [p for p in places if p.kind != "city" and p.start > trigger.end and p.country not in own]
    codes: list[str] = []
    for a, b in zip(after, after[1:], strict=False):
        if not c.enumeration_gap.search(text[a.end : b.start]) or len(text[a.end : b.start]) > 8:
            return []
    for place in after:
        if place.country not in codes:
            codes.append(place.country)
    return codes if len(codes) >= 2 else []


def _unnamed_subject(c: Cues, person_titles: PatternSet, text: str, trigger: Hit, people: list[Person]) -> bool:
    """A person's title with no name after it, before the first person named (and before the
    trigger): "the minister held meetings with ...", "Bakan, ziyareti sırasında ...", "nazir ...
    naziri A, ... ilə görüşüb"."""
    if not people:
        return False
    first = min(p.start for p in people)
    every_title = person_titles.hits(text[:first])
    # the subject stands before the trigger, or after it where the verb comes second ("Danach traf | der Minister | den A ...")
    titles = [h for h in every_title if c.head_final or h.end <= trigger.start or (c.verb_second and h.start >= trigger.end)]
    starts = sorted([(h.start, "title") for h in every_title] + [(p.start, "person") for p in people])

    def someones(title: Hit) -> bool:
        """Followed by another title ("nazirinin | müavini Şerzod Karimov"), or by a name before any
        other title ("Außenminister der Republik Kasachstan, Roman Vassilenko")."""
        after = [(start, kind) for start, kind in starts if start >= title.end]
        if not after:
            return False
        start, kind = after[0]
        return start - title.end <= 2 or (kind == "person" and start - title.end <= _APPOSITION_CHARS)

    return any(not someones(title) for title in titles)


_APPOSITION_CHARS = 60  # "Außenminister der Republik Kasachstan, | Roman Vassilenko"


def _enumeration(
    c: Cues, text: str, trigger: Hit, hosts: list[Person], others: list[Person], has_host: bool, subject: bool = False
) -> list[list[Person]] | None:
    """One group per counterpart of "A, B and C" (None: not an enumeration). A lone surname right
    before ", Name" belongs to the next one's title ("adviser to President Nazarbayev, Nurlan
    Onzhanov"); a delegation word before the names keeps them together (one delegation)."""
    if c.head_final:  # "A ... B, C və D ilə görüşüb": the comitative closes the counterparts
        if not hosts and not subject:
            hosts, others = others[:1], others[1:]
        if not others or c.comitative.search(text[others[-1].end - 3 : others[-1].end + 8]) is None:
            return None
    if not hosts and not has_host:
        return None  # "A and B held talks": nobody to meet but each other
    span = (min(trigger.start, others[0].start), others[-1].start)
    if c.delegation.search(text[span[0] : span[1]]) is not None:
        return None
    counterparts = [
        p for i, p in enumerate(others)
        if not (len(p.tokens) == 1 and i + 1 < len(others) and text[p.end : others[i + 1].start].strip() == ",")
    ]
    if len(counterparts) < 2:
        return None
    for a, b in zip(counterparts, counterparts[1:], strict=False):
        if not c.enumeration_gap.search(text[a.end : b.start]):
            return None
    return [hosts + [p] for p in counterparts]


# --- agreements ------------------------------------------------------------------------------------


def agreement_windows(
    c: Cues, text: str, kinds: list[tuple[str, Hit]]
) -> list[tuple[str, Hit, str, list[tuple[str, Hit]]]]:
    """(kind, hit, the words about that document, the sentence's documents) for each document of a
    sentence, without the documents that only name what another implements, and without those its
    own words deny."""
    if c.agreement_negation.search(text) and not c.agreement_planned.search(text):
        return []  # "was not signed"; but "not yet signed, to be signed in November" is planned
    kinds = _drop_implemented(c, text, kinds)
    out = []
    for position, (kind, hit) in enumerate(kinds):
        window = _clause(c, text, hit, [h for _, h in kinds], position)
        if c.agreement_negation.search(window) and not c.agreement_planned.search(window):
            continue
        out.append((kind, hit, window, kinds))
    return out


def agreement_candidate(
    c: Cues, f: SentenceFacts, kind: str, hit: Hit, status: Status, listed: bool, documents: list[tuple[str, Hit]]
) -> Event:
    """One document of a sentence (`documents`: all of them, with their kinds): its kind, status,
    title and the people who signed it there. A title begins after the document before it, unless
    that one is a generic word inside it ("bu belgenin uygulanmasına yönelik Eylem Planı")."""
    text = f.sentence.text
    following = [h for _, h in documents if h.start > hit.start]
    before = [h.end for k, h in documents if h.end <= hit.start and k != "generic"]
    event = Event(EventType.AGREEMENT, status, f.sentence, rule=f"agreement:{hit.pattern}", kind=kind, anchor=hit.start, listed=listed)
    if listed:
        event = event.because("status:listed-after-signing")
    limit = following[0].start if following else len(text)
    own = _own_clause_end(c, text, hit.end, limit) if following and not c.head_final else None
    limit = own if own is not None else limit  # "action plan for 2024-2026 | and agreed to sign a memorandum"
    cities = [p.start for p in f.places if p.kind == "city" and hit.end < p.start < limit]  # "... for 2024-2026 | in Berlin"
    if c.head_final:  # nor after a person or "the sides" ("... Raisiy Qo‘shma bayonot", "tərəflər anlaşma memorandumu");
        # a participle of signing may stand on either side of the topic ("... dair imzalanmış Anlaşma Memorandumu"): kept
        before += [p.end for p in f.people if p.end <= hit.start]
        before += [h.end for h in c.joint_signers.finditer(text[: hit.start])]
        # nor after the sentence's setting: "Uchrashuvda", "Görüşdə" (anaphora), "Tashrif doirasida" (a framework
        # word after no document: "Memorandumunun həyata keçirilməsinə dair ... Planı" keeps the memorandum)
        before += [h.end for h in c.anaphora.finditer(text[: hit.start])]
        before += [
            h.end for h in c.implementation.finditer(text[: hit.start])
            if not any(k.end <= h.start and len(text[k.end : h.start].split()) <= 1 for _, k in f.kinds)
        ]
        earlier = [h for _, h in documents if h.end <= hit.start]
        own = _own_clause_end(c, text, earlier[-1].end, hit.start) if earlier else None
        if own is not None:  # "... planını imzaladı ve | gelecek yıl ... mutabakat zaptı"
            joint = c.enumeration_gap.match(text, own)
            before.append(joint.end() if joint else own)
    title = _title(c, text, hit, limit, max(before, default=0), cities)
    signing = c.signed.search(text)
    # not "X noted that ... was signed" nor "opening the signing ceremony, X noted"; but "A and B
    # signed ..., the ministry said" keeps A and B (the subject before the signing verb)
    signers = [
        p for p in f.speakers
        if f.speech is None or p.start > f.speech.end or (signing is not None and p.end <= signing.start < f.speech.start)
    ]
    people = signers if status == Status.SIGNED and _signed_by_people(c, text) else []
    return event.but(title=title, people=tuple(people))


def _signed_by_people(c: Cues, text: str) -> bool:
    """Whether the people of a signing sentence signed: an active signing verb ("A and B signed"), or
    a passive one with its agent ("was signed by A and B"); a passive alone ("the MoU was signed
    after the talks of A and B", "Erdoğan: '... was signed'") names no signer."""
    signing = c.signed.hits(text)
    passive = c.signed_passive.hits(text)
    active = [h for h in signing if not any(p.start <= h.start < p.end or h.start <= p.start < h.end for p in passive)]
    return bool(active) or (bool(signing) and c.signed_by.search(text) is not None)


def signed_jointly(c: Cues, text: str, head_final: bool) -> bool:
    """"Также министры подписали", "unterzeichneten beide": "both sides" is the subject of the signing
    verb, a few words from it; not "the parties highlighted ... the adopted road map". Where the verb
    ends the clause ("tərəflər ... Memorandumu imzalayıblar"), the subject anywhere before it."""
    signings = c.signed.hits(text)
    for joint in c.joint_signers.hits(text):
        for signing in signings:
            if head_final:
                if joint.end <= signing.start:
                    return True
                continue
            gap = text[joint.end : signing.start] if joint.end <= signing.start else text[signing.end : joint.start]
            if len(gap.split()) <= TUNING.joint_signer_words:
                return True
    return False


def in_effect(c: Cues, text: str, hit: Hit) -> bool:
    """The document is governed by a word that takes it as existing ("progress made on the Action
    Plan", "реализации соглашения", "planın icrası"): right before it, or right after it in a
    head-final language."""
    for word in c.in_effect.finditer(text):
        between = text[word.end : hit.start] if not c.head_final else text[hit.end : word.start]
        if (word.end <= hit.start if not c.head_final else word.start >= hit.end) and len(between.split()) <= 2:
            return True
    return False


def _drop_implemented(c: Cues, text: str, kinds: list[tuple[str, Hit]]) -> list[tuple[str, Hit]]:
    """"Action plan on the implementation of the MoU": the MoU is the object, not a new event."""
    if len(kinds) < 2:
        return kinds
    links = c.implementation.hits(text)
    drop: set[int] = set()
    for i in range(len(kinds) - 1):
        a, b = kinds[i][1], kinds[i + 1][1]
        for link in links:
            if not (a.end <= link.start and link.end <= b.start):
                continue
            # the link governs the implemented document right beside it ("zur Umsetzung des
            # Memorandums", "Memorandumunun həyata keçirilməsinə dair"), not one a clause away: in
            # "die Erklärung ... im Rahmen der Initiative «Grünes Zentralasien», die gemeinsame
            # Erklärung ..." the second declaration is a document of its own
            gap = text[a.end : link.start] if c.head_final else text[link.end : b.start]
            if len(gap.split()) <= _IMPLEMENTED_GAP_WORDS and not re.search(r"[,;:]", gap):
                drop.add(i if c.head_final else i + 1)
    return [k for i, k in enumerate(kinds) if i not in drop]


_IMPLEMENTED_GAP_WORDS = 4  # "on the implementation of the previously signed Memorandum"


def _clause(c: Cues, text: str, hit: Hit, hits: list[Hit], position: int) -> str:
    """The words that speak about one document: between the neighbouring semicolons and, when several
    documents are named, between the previous and the next one ("Das Protokoll ergänzt die
    Vereinbarung, die ... geschlossen worden war": "geschlossen" is the Vereinbarung's). Coordinated
    documents ("signed a memorandum and an action plan") share the whole clause."""
    start = text.rfind(";", 0, hit.start) + 1
    end = text.find(";", hit.end)
    end = end if end >= 0 else len(text)
    if len(hits) == 1:
        return text[start:end]
    coordinated = all(
        c.coordination.match(text[a.end : b.start]) or (not c.head_final and c.coordination_after_title.match(text[a.end : b.start]))
        for a, b in zip(hits, hits[1:], strict=False)
    )  # "The Action Plan for the Development of Cooperation between Turkey and Mali and The Memorandum ... were signed"
    if coordinated or _titled_enumeration(c, text, hits):
        return text[start:end]
    left = hits[position - 1].end if position > 0 else start
    own = _own_clause_end(c, text, hit.end, hits[position + 1].start) if position + 1 < len(hits) else None
    if c.head_final:  # "2022-ci ildə imzalanmış ... Saziş": a participle precedes its noun, and the
        # clause-final verb ("X-nın, həmçinin Y-nin imzalandığı bildirilib") speaks of all of them,
        # unless the document has a verb of its own ("eylem planını imzaladı ve ... imzalanması kararlaştırıldı")
        if own is not None:
            return text[max(start, left) : own]
        return text[max(start, left) : hit.end] + " " + text[hits[-1].end : end]
    right = own if own is not None else hits[position + 1].start if position + 1 < len(hits) else end
    return text[max(start, left) : min(end, right)]


def _own_clause_end(c: Cues, text: str, start: int, end: int) -> int | None:
    """Where the clause of a document ends when the next document has a verb of its own: "signed an
    action plan | and agreed to sign a memorandum" (head-initial: a coordination followed by a status
    word), "eylem planını imzaladı | ve ... mutabakat zaptı" (head-final: a status word followed by a
    coordination or a comma)."""
    gap = text[start:end]
    for joint in c.enumeration_gap.finditer(gap):
        before, after = gap[: joint.start()], gap[joint.end() :]
        if c.head_final:  # the status word right before the joint
            words = before.split()
            if words and agreement_status(c, words[-1]) is not None:
                return start + joint.start()
        elif agreement_status(c, before) is None and agreement_status(c, " ".join(after.split()[:_OWN_VERB_WORDS])) is not None:
            return start + joint.start()  # a status word within a few words after the joint
    return None


_OWN_VERB_WORDS = 3  # "and | agreed to sign", "и | договорились подписать"


def _titled_enumeration(c: Cues, text: str, hits: list[Hit]) -> bool:
    """"The ministers signed a memorandum on energy, an agreement on road transport and a protocol on
    customs": documents with their titles, separated by commas and a last "and", under one verb
    (head-initial languages; no status word of its own inside the list)."""
    if c.head_final or len(hits) < 2:
        return False
    gaps = [text[a.end : b.start] for a, b in zip(hits, hits[1:], strict=False)]
    last_joined = c.coordination.match(gaps[-1]) or c.coordination_after_title.match(gaps[-1])
    inner_joined = all(c.coordination.match(g) or c.comma_after_title.match(g) or c.coordination_after_title.match(g) for g in gaps[:-1])
    own_status = any(agreement_status(c, g) is not None for g in gaps)
    return bool(last_joined) and inner_joined and not own_status


def _title(c: Cues, text: str, hit: Hit, limit: int | None = None, start_limit: int = 0, places: Sequence[int] = ()) -> str:
    """The document's title as written: the quoted name around the kind word, else the kind phrase
    (from the end of the document before, `start_limit`, to the next one, `limit`; without a list
    marker "- " and without the "and" that joins it to the one before)."""
    phrase = _kind_phrase(c, text, hit, len(text) if limit is None else limit, start_limit, places)
    return LIST_MARKER.sub("", c.title_tail.sub("", phrase))


def _kind_phrase(c: Cues, text: str, hit: Hit, limit: int, start_limit: int = 0, places: Sequence[int] = ()) -> str:
    for open_, close in (("«", "»"), ("“", "”"), ("„", "“"), ('"', '"')):
        left = text.rfind(open_, 0, hit.start + 1)
        right = text.find(close, hit.start)
        if left >= 0 and right > left and right - left < 300:
            return text[left + 1 : right]
    if c.head_final:
        # after the sides ("A və B arasında", "A va B o‘rtasida ... memorandum"), the comma or the document before
        sides = [h.end for h in c.parties.finditer(text[: hit.start])]
        start = max(text.rfind(",", 0, hit.start) + 1, sides[-1] if sides else 0, start_limit)
        return c.title_head.sub("", text[start : hit.end].strip(" ,"))
    end = limit
    for stop in (",", ";"):
        found = text.find(stop, hit.end)
        if 0 <= found < end:
            end = found
    stop_hit = c.title_stops.search(text[hit.end : end])  # "... on labour migration | was signed on Tuesday"
    stops = [p for p in places if hit.end < p < end]  # "... for 2024-2026 | in Berlin"
    if stop_hit is not None:
        stops.append(hit.end + stop_hit.start)
    if stops:
        end = min(stops)
        # without the words that led into the stop ("... migration on | Tuesday", "... on 20 | March", "... in | Berlin")
        end = hit.end + len(_DANGLING.sub("", text[hit.end : end]))
    return text[hit.start : end].strip(" ,")


# at a title's cut end: day numbers and lower-case words of up to three letters ("on 20", "in", "am")
_DANGLING = re.compile(r"(?:\s+(?:[^\W\d_A-ZА-Я]{1,3}|\d{1,2}\.?)){0,2}\s*$")


def is_background(published: dt.date | None, event: Event) -> bool:
    """A signing long before the publication date (or in an unresolved past) is background."""
    if event.date is not None and event.date.value and published is not None:
        return event.date.value < (published - dt.timedelta(days=TUNING.background_days)).isoformat()[: len(event.date.value)]
    return event.date is not None and event.date.value is None


# --- what the sentence says about an event ---------------------------------------------------------


def describe(ctx: DocumentContext, event: Event, f: SentenceFacts, dates: list[DateMention]) -> Event:
    """Countries, organisations, city, date (the one nearest the trigger), topics and the meeting's
    name, from the event's own sentence."""
    text, places = f.sentence.text, f.places
    countries = countries_of(places)
    countries += [code for code in group_members(text) if code not in countries]
    for person in event.people:
        if person.country and person.country not in countries:
            countries.append(person.country)
    c = ctx.cues
    stops = [h.start for h in (*c.meeting.finditer(text), *c.signed.finditer(text), *c.agreement_planned.finditer(text), *c.speech.finditer(text))]
    orgs = ctx.finder.organizations(text, places, ctx.home, f.people, ctx.org_spans.get(f.sentence.index, []), stops)
    if event.type == EventType.MEETING and len(event.people) >= 2 and len(f.people) > len(event.people):
        # one meeting of an enumeration: the organisations in its own people's phrases only
        mine = {id(p) for p in event.people}
        bounds, last = [], 0
        for person in f.people:
            if id(person) in mine:
                bounds.append((last, person.end))
            last = person.end
        orgs = [o for o in orgs if any(a <= o.start < b for a, b in bounds)]
    for org in orgs:
        if org.country and org.country not in countries and event.type == EventType.AGREEMENT:
            countries.append(org.country)
    if event.type == EventType.MEETING and ctx.home and event.people and ctx.home not in countries:
        if any(p.country == ctx.home for p in event.people):
            countries.append(ctx.home)
    city, location_country = event.city, event.location_country
    cities = [p for p in places if p.kind == "city" and not ctx.finder.is_first_name(text, p)]
    if cities and _is_dateline(text, cities[0]):
        cities = cities[1:]  # "BAKU (Sputnik) ...", "TASHKENT, May 5. ...": where the news was filed, not where it happened
    visited = None if cities or location_country else _visited(ctx, text, places)
    if cities:
        city, location_country = cities[0].city, cities[0].country
        if event.type == EventType.MEETING and not event.people and cities[0].country not in countries:
            countries.append(cities[0].country)  # "the Astana meeting": the host country
    elif visited is not None:
        location_country = visited
    resolved = [d for d in dates if d.value] or dates
    date = min(resolved, key=lambda d: abs(d.start - event.anchor)) if resolved else event.date
    topics = tuple(label for label, words in ctx.cues.topics.items() if words.search(text))
    name = _meeting_name(ctx.cues, text) if event.type == EventType.MEETING else event.meeting_name
    return event.but(
        "place:visit" if visited is not None and not cities else None,
        countries=tuple(countries), organizations=tuple(orgs), city=city, location_country=location_country, date=date,
        topics=topics, meeting_name=name,
    )


def _meeting_name(c: Cues, text: str) -> str | None:
    """A quoted name right after "conference", "forum": „DOST 2023: Eine einheitliche Plattform ...“."""
    for hit in c.conference.finditer(text):
        match = _QUOTED.search(text, hit.end, min(len(text), hit.end + 40))
        if match and text[hit.end : match.start()].strip(" ,:—-") == "":
            return match.group(1).strip()
    return None


def _visited(ctx: DocumentContext, text: str, places: list[Place]) -> str | None:
    """The country a visit in the sentence goes to, named within two words of the visit word
    ("visit to Turkey", "Türkiyəyə rəsmi səfəri")."""
    near = [p for p, words in visit_destinations(ctx.cues, text, places) if p.kind == "country" and words <= 2]
    return near[0].country if near else None


def _is_dateline(text: str, city: Place) -> bool:
    """A city in capitals opening the sentence, before a bracket, dash or comma: where the news was
    filed ("BAKU (Sputnik) -", "ANKARA, May 5 -")."""
    word = text[city.start : city.end]
    return not text[: city.start].strip() and word.isupper() and len(word) > 2 and text[city.end : city.end + 2].strip()[:1] in ("(", ",", "-", "–", "—", "")


def confidence(event: Event) -> float:
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

