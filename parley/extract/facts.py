"""The facts of one sentence: its places, people, dates and cue hits (no events yet).

`sentence_facts` reads one sentence; the only document memory it uses is `known` (people already
named, so that a lone surname is that person), which it updates. Everything after it (candidate
events, then the document passes in `parley.extract.passes`) works on these facts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from parley.extract.chars import WORD_CHARS
from parley.extract.cues import Cues, cues, people_finder
from parley.extract.geo import Place, gazetteer
from parley.extract.lemmas import add_lemma_hits, lemma_view
from parley.extract.patterns import Hit
from parley.extract.people import PeopleFinder, Person, quoted_spans
from parley.extract.vocabulary import Status
from parley.extract.when import DateFinder, DateMention, date_finder
from parley.nlp.types import AnnotatedDocument, Sentence
from parley.resources.loader import event_resources

_LOWER_WORD = re.compile(f"(?<![{WORD_CHARS}-])" + r"[^\W\d_A-ZÀ-ÞА-ЯЁƏÇĞİÖŞÜ][\w]*")
_COUNT_BEFORE = re.compile(r"\d+(?:\s+\w+){0,2}\s+$")  # "8 bilaterale ", "18 ta " before "documents"
_NUMBER_BEFORE = re.compile(r"(?<![\d.,/-])\d{1,3}(?:\s+\S+)?\s+$")  # "4 anlaşma", "8 bilaterale Abkommen"; not a year
_ONE_WORD_GAP = re.compile(r"(?:\s+\S+)?\s+")
LIST_MARKER = re.compile(r"^\s*[-–—•*·]\s")


@dataclass(frozen=True)
class DocumentContext:
    """What every sentence of a document is read with: its language's cues and finders, the
    publication date, the press release's home country and the words it writes in lower case."""

    lang: str
    published: dt.date | None
    cues: Cues
    finder: PeopleFinder
    dates: DateFinder
    home: str | None
    common_words: frozenset[str]  # words the document writes in lower case somewhere: common words, not names
    places: dict[int, list[Place]]  # sentence index -> places
    by_index: dict[int, Sentence]
    per_spans: dict[int, list[tuple[int, int]]]  # sentence index -> PER entity spans (sentence offsets)
    org_spans: dict[int, list[tuple[int, int]]]  # sentence index -> ORG entity spans (sentence offsets)
    visit_cities: dict[int, Place] = field(default_factory=dict)  # sentence index -> the city a visit there goes to


def document_context(doc: AnnotatedDocument, published: dt.date | None) -> DocumentContext:
    places = {s.index: gazetteer(doc.lang).find(s.text) for s in doc.sentences}
    starts = {s.index: s.start for s in doc.sentences}
    per_spans: dict[int, list[tuple[int, int]]] = {}
    org_spans: dict[int, list[tuple[int, int]]] = {}
    for e in doc.entities:
        if e.label in ("PER", "ORG") and e.sentence_index in starts:
            spans = per_spans if e.label == "PER" else org_spans
            spans.setdefault(e.sentence_index, []).append((e.start - starts[e.sentence_index], e.end - starts[e.sentence_index]))
    language_cues = cues(doc.lang)
    visits = _visit_hits(doc, language_cues)
    return DocumentContext(
        lang=doc.lang, published=published, cues=language_cues, finder=people_finder(doc.lang), dates=date_finder(doc.lang),
        home=event_resources(doc.lang).countries.home or first_country(places, _destinations(doc, language_cues, places, visits)),
        common_words=frozenset(w for s in doc.sentences for w in _LOWER_WORD.findall(s.text)),
        places=places, by_index={s.index: s for s in doc.sentences}, per_spans=per_spans, org_spans=org_spans,
        visit_cities=_visit_cities(doc, places, visits),
    )


@dataclass(frozen=True)
class SentenceFacts:
    """What one sentence says, before any event is made of it."""

    sentence: Sentence
    places: list[Place]
    people: tuple[Person, ...]
    kinds: tuple[tuple[str, Hit], ...]  # document kinds (memorandum, treaty ...), not overlapping
    counts_documents: bool  # a kind with a number before it ("4 anlaşma"): a count, left out of `kinds`
    trigger: Hit | None  # the first meeting trigger outside an exclusion (else a summit word)
    anaphora: Hit | None  # "at the meeting"
    reports_meeting: bool  # a trigger that is no anaphora: "at the meeting" before it refers back, after it to this one
    speech: Hit | None  # a speech verb
    delegation: bool  # a delegation cue ("headed the delegation")
    dates: tuple[DateMention, ...]
    meeting_people: tuple[Person, ...]  # who a meeting of this sentence can have: speakers and people quoted with it
    negated: bool  # the meeting did not take place
    reported: bool  # "X noted the importance of the meeting": speech about a meeting, not a report of one
    attends: bool  # "At the meeting, A and B were present": the people named join the meeting referred to

    @property
    def speakers(self) -> list[Person]:
        return [p for p in self.people if not p.in_quote]

    @property
    def has_cue(self) -> bool:
        return self.trigger is not None or bool(self.kinds) or self.anaphora is not None or self.delegation or self.speech is not None


def sentence_facts(ctx: DocumentContext, sentence: Sentence, known: dict[str, Person]) -> SentenceFacts:
    """The facts of one sentence; `known` (surname key -> person named earlier) is updated."""
    text = sentence.text
    c = ctx.cues
    places = ctx.places.get(sentence.index)
    if places is None:  # a sentence read on its own
        places = gazetteer(ctx.lang).find(text)
    kinds, counts_documents = kind_hits(c, text)
    triggers = c.meeting.hits(text)
    if c.meeting_lemmas:
        view = lemma_view(sentence)
        if view is not None:
            triggers = add_lemma_hits(triggers, view.hits(c.meeting_lemmas, text))
    anaphoras = c.anaphora.hits(text)
    words = [(h.start, h.end) for _, h in kinds] + [
        (h.start, h.end) for h in [*triggers, *anaphoras] if "..." not in h.pattern and not h.pattern.startswith("re:")
    ]  # cue words are not names and end descriptions; separable verbs and regexes may span names ("kam ... zusammen")
    people = ctx.finder.people(text, places, ctx.per_spans.get(sentence.index, []), known, ctx.home, words, ctx.common_words)
    for person in people:
        person.offset = sentence.start
    trigger = meeting_trigger(c, text, triggers)
    anaphora = anaphoras[0] if anaphoras else None
    speech = c.speech.search(text)
    delegation = c.delegation.search(text) is not None

    def own_dates() -> list[DateMention]:  # only for sentences with a cue: most sentences have none
        future = bool(c.meeting_planned.search(text) or c.agreement_planned.search(text))
        return ctx.dates.find(text, ctx.published, future=future)

    dates: list[DateMention] = []
    if trigger is not None or kinds or anaphora is not None or delegation or speech is not None:
        dates = own_dates()
    meeting_people: list[Person] = []
    negated = reported = False
    # "X received the delegation ... At the meeting ...": an anaphora after the trigger speaks of this meeting
    reports_meeting = trigger is not None and (anaphora is None or anaphora.start >= trigger.end)
    if not reports_meeting:  # "At the meeting, preparations for the summit were discussed": the summit is another meeting
        summit = meeting_trigger(c, text, [h for h in c.summits.hits(text) if anaphora is None or not anaphora.start <= h.start < anaphora.end])
        if summit is not None:
            trigger, reports_meeting = summit, True
            if not dates:  # "the summit scheduled for next week": a summit is a cue with dates of its own
                dates = own_dates()
    if reports_meeting:
        assert trigger is not None
        meeting_people, negated, reported = _report(ctx, text, trigger, people, speech, places)
    return SentenceFacts(
        sentence=sentence, places=places, people=tuple(people), kinds=tuple(kinds), counts_documents=counts_documents,
        trigger=trigger, anaphora=anaphora,
        reports_meeting=reports_meeting, speech=speech, delegation=delegation, dates=tuple(dates), meeting_people=tuple(meeting_people),
        negated=negated, reported=reported,
        attends=anaphora is not None and not reports_meeting and c.attendance.search(text) is not None,
    )


def reported_by_anaphora(ctx: DocumentContext, f: SentenceFacts) -> SentenceFacts:
    """"During the meeting, ... they discussed ..." in a text that has told of no meeting before (an
    excerpt, a lead cut off): the anaphora itself reports the meeting."""
    assert f.anaphora is not None
    people, negated, reported = _report(ctx, f.sentence.text, f.anaphora, list(f.people), f.speech, f.places)
    return replace(f, trigger=f.anaphora, reports_meeting=True, meeting_people=tuple(people), negated=negated, reported=reported, attends=False)


def _report(
    ctx: DocumentContext, text: str, trigger: Hit, people: list[Person], speech: Hit | None, places: list[Place]
) -> tuple[list[Person], bool, bool]:
    """The people of a sentence that reports a meeting, and whether it is negated or reported speech."""
    c = ctx.cues
    # a quote that itself reports the meeting ("'The minister will hold talks with X', the source
    # said"): the people quoted with it take part
    speakers = [p for p in people if not p.in_quote]
    quoted = [(s, e) for s, e in quoted_spans(text) if s <= trigger.start < e]
    inside = [p for p in people if p.in_quote and any(s <= p.start < e for s, e in quoted)]
    meeting_people = sorted(speakers + inside, key=lambda p: p.start)
    negated = c.meeting_negation.search(text) is not None
    reported = not negated and speech is not None and speech.end <= trigger.start and not any(
        speech.end <= p.start < trigger.start for p in meeting_people
    )
    if not negated and not reported:
        _guest_countries(ctx, places, trigger, meeting_people)
    return meeting_people, negated, reported


def _guest_countries(ctx: DocumentContext, places: list[Place], trigger: Hit, people: list[Person]) -> None:
    """"... a delegation of <Uzbekistan>'s agency, headed by X": a person after the trigger whose
    country was only guessed is the guest from the one foreign country named (head-initial languages)."""
    foreign = {p.country for p in places if p.kind != "city"} - {ctx.home}
    if len(foreign) == 1 and not ctx.cues.head_final:
        for person in people:
            if person.guessed_country and person.start > trigger.start:
                person.country, person.guessed_country = next(iter(foreign)), False


def document_facts(ctx: DocumentContext, sentences: Iterable[Sentence]) -> list[SentenceFacts]:
    """The facts of every sentence, in order (people named earlier resolve lone surnames later)."""
    known: dict[str, Person] = {}
    sentences = list(sentences)
    facts = [sentence_facts(ctx, sentence, known) for sentence in sentences]
    # A person named in full only later ("Faki Mahamat hailed ..." before "... and Faki Mahamat signed
    # on behalf of"): the earlier sentences that write the surname are read again, knowing everyone.
    first: dict[str, tuple[int, str]] = {}
    for f in facts:
        for person in f.people:
            if len(person.tokens) >= 2 and person.key:
                first.setdefault(person.key, (f.sentence.index, person.tokens[-1].lower()))
    for position, f in enumerate(facts):
        lowered = f.sentence.text.lower()
        if any(index > f.sentence.index and word in lowered for index, word in first.values()):
            facts[position] = sentence_facts(ctx, f.sentence, dict(known))
    return facts


def counted(c: Cues, text: str, hit: Hit) -> bool:
    """A number right before a document kind ("4 anlaşma", "four agreements", "zwei Abkommen"):
    the sentence counts documents and names none (EVENT-MODEL: counts are no agreements)."""
    before = text[max(0, hit.start - 40) : hit.start]
    if _NUMBER_BEFORE.search(before):
        return True
    return any(_ONE_WORD_GAP.fullmatch(before[h.end :]) for h in c.counts.finditer(before))


def kind_hits(c: Cues, text: str) -> tuple[list[tuple[str, Hit]], bool]:
    """Document kinds in a sentence, not counted ones, and whether a counted one was there;
    "cooperation document" only without a count before it."""
    hits: list[tuple[str, Hit]] = []
    counts_documents = False
    for h in c.kinds.finditer(text):
        if counted(c, text, h):
            counts_documents = True
        else:
            hits.append((c.kind_of[h.pattern], h))
    for h in c.generic.finditer(text):
        before = text[max(0, h.start - 12) : h.start]
        if not any(ch.isdigit() for ch in before):
            hits.append(("generic", h))
    hits.sort(key=lambda kh: (kh[1].start, -(kh[1].end - kh[1].start)))
    kept: list[tuple[str, Hit]] = []
    for kind, hit in hits:
        if kept and hit.start < kept[-1][1].end:
            continue
        kept.append((kind, hit))
    return kept, counts_documents


def meeting_trigger(c: Cues, text: str, triggers: list[Hit]) -> Hit | None:
    """The first trigger outside an exclusion ("press conference")."""
    if not triggers:
        return None
    excluded = c.exclusions.hits(text)
    for hit in triggers:
        if not any(e.start <= hit.start < e.end or hit.start <= e.start < hit.end for e in excluded):
            return hit
    return None


def agreement_status(c: Cues, window: str) -> Status | None:
    """The status the words about a document give it (planned before draft before signed)."""
    if c.agreement_planned.search(window):
        return Status.PLANNED
    if c.draft.search(window):
        return Status.DISCUSSED
    if c.signed.search(window):
        return Status.SIGNED
    if c.discussed.search(window):
        return Status.DISCUSSED
    return None


def signed_lists(c: Cues, facts: list[SentenceFacts]) -> tuple[frozenset[int], frozenset[int]]:
    """"8 documents were signed. These include A, B and C" / "... were signed. These are: - A; - B":
    the documents listed after a signing sentence were signed too. A list opened by a sentence
    without a count of documents takes only lines with a list marker ("- A;"). Returns the sentences
    that are items of such a list, and the list openers whose items followed."""
    items: set[int] = set()
    heads: set[int] = set()
    last: int | None = None  # last sentence of the list so far
    head, strict = -1, False
    for f in facts:
        text, index = f.sentence.text, f.sentence.index
        follows = last is not None and index - last == 1
        if not f.kinds and follows and text.rstrip().endswith(":"):
            last = index  # "These are:"
            continue
        if not f.kinds and not c.generic.search(text) and not f.counts_documents:
            continue
        item = follows and bool(f.kinds) and agreement_status(c, text) is None and (not strict or LIST_MARKER.match(text) is not None)
        if item:
            last = index
            heads.add(head)
            items.add(index)
        elif c.signed.search(text):
            last = head = index
            counts = f.counts_documents or any(_COUNT_BEFORE.search(text[max(0, h.start - 30) : h.start]) for h in c.generic.finditer(text))
            strict = not counts  # "8 documents were signed" announces a list; else markers must
        else:
            last = None
    return frozenset(items), frozenset(heads)


def first_country(places_by_sentence: dict[int, list[Place]], visited: dict[int, list[Place]] | None = None) -> str | None:
    """The press release's own country, where the language does not say: the first one it names,
    other than a city's ("in Banjul, Gambia" is where, not whose) and the countries a visit goes to
    ("reist nach Kasachstan und Usbekistan"; `visited`: sentence index -> `visit_destinations`)."""
    for number, places in places_by_sentence.items():
        destinations = (visited or {}).get(number, [])
        for previous, place in zip([None, *places], places, strict=False):
            after_city = previous is not None and previous.kind == "city" and place.start - previous.end <= 2
            if place.kind != "city" and not after_city and place not in destinations:
                return place.country
    return None


def visit_destinations(c: Cues, text: str, places: list[Place], hit: Hit | None = None) -> list[tuple[Place, int]]:
    """The non-city places a visit in the sentence goes to, each with the number of words between it
    and the visit word, nearest first: after the word up to the next punctuation ("visit to
    Kazakhstan and Uzbekistan"), or in a head-final language in the 40 characters before it
    ("Türkiyəyə rəsmi səfəri")."""
    hit = hit or c.visits.search(text)
    if hit is None:
        return []
    if c.head_final:
        before = [p for p in places if p.kind != "city" and hit.start - 40 <= p.start and p.end <= hit.start]
        return [(p, len(text[p.end : hit.start].split())) for p in reversed(before)]
    stop = _PUNCTUATION_AFTER.search(text, hit.end)
    end = stop.start() if stop else len(text)
    return [(p, len(text[hit.end : p.start].split())) for p in places if p.kind != "city" and hit.end <= p.start < end]


def _visit_cities(doc: AnnotatedDocument, places: dict[int, list[Place]], visits: dict[int, Hit]) -> dict[int, Place]:
    """The city a visit goes to, named within a few words of the visit word in the same clause
    ("arrived in Baku on Monday for an official visit", "rəsmi səfərlə Bakıya gəlib")."""
    out: dict[int, Place] = {}
    for sentence in doc.sentences:
        hit = visits.get(sentence.index)
        if hit is None:
            continue
        for city in (p for p in places[sentence.index] if p.kind == "city"):
            a, b = (hit.end, city.start) if city.start >= hit.end else (city.end, hit.start)
            gap = sentence.text[a:b] if a <= b else ""
            if len(gap.split()) <= _VISIT_CITY_WORDS and not _PUNCTUATION_AFTER.search(gap):
                out[sentence.index] = city
                break
    return out


_VISIT_CITY_WORDS = 4  # "arrived in | Baku", "visit to the capital | Baku", "rəsmi səfərlə | Bakıya"


def _visit_hits(doc: AnnotatedDocument, c: Cues) -> dict[int, Hit]:
    """The first visit word of each sentence that has one (one pass, read by two passes)."""
    hits = {s.index: c.visits.search(s.text) for s in doc.sentences}
    return {index: hit for index, hit in hits.items() if hit is not None}


def _destinations(doc: AnnotatedDocument, c: Cues, places: dict[int, list[Place]], visits: dict[int, Hit]) -> dict[int, list[Place]]:
    return {
        s.index: [p for p, _ in visit_destinations(c, s.text, places[s.index], visits[s.index])]
        for s in doc.sentences if s.index in visits
    }


_PUNCTUATION_AFTER = re.compile(r"[,;:()]")
