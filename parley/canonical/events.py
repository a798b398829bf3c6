"""Canonical events: event mentions that report the same real meeting or agreement, merged.

Two mentions can be linked only if nothing sets them apart (a *conflict*) and something ties them
together (*evidence*); see docs/canonical.md for the full rules. In short:

Conflicts (never one event): different types; date spans that do not overlap; different cities;
different formats (in person / video or online / phone);
different agreement kinds; party countries where neither set contains the other; participants (or
signatories) where each side has someone the other lacks and fewer than two people are shared
("met A, then B"), unless the two reports name complementary sides; two mentions of one document that do not name the same people (extraction already
gives one event per encounter and document).

Evidence (with a date span on both sides; see below for undated reports):
meetings share two participants, or one participant and the same two or more countries; meetings
without named participants have the same countries and either matching meeting names or stated dates
(otherwise: stated dates to the month, the same city, the same two or more countries); agreements
have the same two or more party countries, a shared party organisation, a shared signatory, or the
same kind on the same stated day (one report naming one party only).

Undated reports (no stated date, no publication date; not background) join on strong evidence only
(two people; one person and three countries, or two countries and the city; agreements: same kind
and parties and a signatory, party organisation or title proper name) and only when every event
they could join is one. Agreements that are the only one of their kind in two documents reporting
one merged event are one (`_co_reported_agreements`).

Linking is agglomerative: candidate pairs (found through shared actors or country sets, within
overlapping date spans) are taken strongest first, and two groups join only if no pair across them
conflicts. Every ordering uses content keys, so the result does not depend on input order.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from anyascii import anyascii
from rapidfuzz import fuzz

from parley.canonical.actors import ActorIndex
from parley.canonical.lexicon import lexicon
from parley.canonical.names import Token, make_token, tokens_match
from parley.canonical.records import MentionContext, stable_id
from parley.canonical.spans import Span
from parley.extract.vocabulary import status_rank

FORMAT_CLASSES = {"in_person": "in_person", "video": "remote", "online": "remote", "phone": "phone"}
KIND_CLASSES = {"treaty": "agreement", "agreement": "agreement"}
CITY_SIMILARITY = 85
SAME_LANGUAGE_TITLE_SIMILARITY = 40
_NON_WORD = re.compile(r"[^a-z0-9]+")
_TITLE_WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)*")
UNDATED_BLOCK_LIMIT = 200  # an undated report is paired within blocks up to this size only


@dataclass(frozen=True)
class MergeRules:
    """The windows of the date rule (see spans.py); the defaults are documented in docs/canonical.md."""

    report_window_days: int = 3
    planned_horizon_days: int = 60


@dataclass(frozen=True, eq=False)
class EventMention:
    """One `events` row with its actors resolved and its date span worked out (compared by
    identity: each row is one mention; order comes from `key`)."""

    context: MentionContext
    type: str
    status: str
    format: str | None
    kind: str | None
    title: str | None
    meeting_name: str | None
    date: str | None
    date_expected: str | None
    validity: str | None
    city: str | None
    place_country: str | None
    venue: str | None
    countries: frozenset[str]
    background: bool
    sentence_index: int
    evidence_start: int
    evidence_end: int
    confidence: float
    persons: frozenset[str]
    organizations: frozenset[str]
    party_organizations: frozenset[str]
    span: Span | None

    @property
    def key(self) -> tuple[str, str, str]:
        return self.context.key


def _fold(text: str | None) -> str:
    return " ".join(_NON_WORD.sub(" ", anyascii(text or "").lower()).split())


@lru_cache(maxsize=65536)
def _similar(a: str, b: str) -> int:
    return int(fuzz.token_set_ratio(a, b))


def _place_relation(a: EventMention, b: EventMention) -> int | None:
    """None: different cities; 2: same city; 1: same country; 0: nothing to compare. A country of
    the place without a city is often extraction's guess from the article, so it never conflicts."""
    if a.city and b.city:
        if fuzz.ratio(_fold(a.city), _fold(b.city)) < CITY_SIMILARITY:
            return None
        return 2
    return 1 if a.place_country and a.place_country == b.place_country else 0


def _people_relation(a: EventMention, b: EventMention, index: ActorIndex) -> tuple[int, bool]:
    """(people shared, conflict). A partial name (surname only) that could be someone on the other
    side counts as shared. Each side naming someone the other lacks, with fewer than two shared, is
    a conflict (different counterparts), unless the two reports name complementary sides: everyone
    only one report names represents a country the other report covers, and the two reports' own
    people come from different countries ("Babayev met the Turkish minister" / "Işıkhan met the
    Azerbaijani minister")."""
    a_loose = {x for x in a.persons - b.persons if index.compatible(x, set(b.persons))}
    b_loose = {y for y in b.persons - a.persons if index.compatible(y, set(a.persons))}
    shared = len(a.persons & b.persons) + max(len(a_loose), len(b_loose))
    a_only, b_only = a.persons - b.persons - a_loose, b.persons - a.persons - b_loose
    if not (a_only and b_only) or shared >= 2:
        return shared, False
    return shared, not _complementary(a_only, b_only, a, b, index)


def _complementary(a_only: frozenset[str], b_only: frozenset[str], a: EventMention, b: EventMention, index: ActorIndex) -> bool:
    a_sides = [index.actors[p].countries for p in a_only]
    b_sides = [index.actors[p].countries for p in b_only]
    if not all(a_sides) or not all(b_sides):
        return False
    a_countries, b_countries = frozenset().union(*a_sides), frozenset().union(*b_sides)
    return a_countries <= b.countries and b_countries <= a.countries and not a_countries & b_countries


def _sides_conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b and not (a <= b or b <= a))


def _kinds_conflict(a: str | None, b: str | None) -> bool:
    if not a or not b or "other" in (a, b):
        return False
    return KIND_CLASSES.get(a, a) != KIND_CLASSES.get(b, b)


def _text_of(mention: EventMention) -> str:
    return _fold(mention.title if mention.type == "agreement" else mention.meeting_name)


def link_strength(a: EventMention, b: EventMention, index: ActorIndex) -> tuple[int, ...] | None:
    """How strongly `a` and `b` are tied (higher first: kind of evidence, then for agreements the
    same kind, people shared, date precision, same city, name similarity); None when they must not
    or nothing ties them."""
    if a.span is None or b.span is None:
        return _undated_strength(a, b, index)
    shared, people_conflict = _people_relation(a, b, index)
    if people_conflict or _other_conflicts(a, b, shared):
        return None
    place = _place_relation(a, b) or 0
    both_stated = a.span.basis == b.span.basis == "stated"
    day_exact = both_stated and a.span.precision == b.span.precision == "day"
    date_score = 3 if day_exact else 2 if both_stated else 1
    text_a, text_b = _text_of(a), _text_of(b)
    text_score = _similar(text_a, text_b) if text_a and text_b else 0
    if a.type == "agreement":
        # the kind before the signatories: the same ministers often sign several documents at once
        same_kind = bool(a.kind) and a.kind == b.kind and a.kind != "other"
        strength = (int(same_kind), shared, date_score, place, text_score)
        same_parties = len(a.countries) >= 2 and a.countries == b.countries
        if same_parties or (a.party_organizations & b.party_organizations) or shared:
            return (2, *strength)
        if same_kind and day_exact and a.span == b.span and a.countries and b.countries:
            return (1, *strength)  # one report names one party only: same kind, same day
        return None
    strength = (shared, 0, date_score, place, text_score)
    same_countries = bool(a.countries) and a.countries == b.countries
    if shared >= 2 or (shared == 1 and same_countries and len(a.countries) >= 2):
        return (2, *strength)
    if not same_countries:
        return None
    if not a.persons and not b.persons:
        named = bool(text_a and text_b)
        if named or both_stated:
            return (1, *strength)
        return None
    precise = both_stated and {a.span.precision, b.span.precision} <= {"day", "month"}
    if precise and place == 2 and len(a.countries) >= 2:
        return (1, *strength)
    return None


def undated(mention: EventMention) -> bool:
    """A report that nothing dates (no stated date, no publication date to the day) but that is
    fresh news, not a background mention: it may join an event on strong evidence alone."""
    return mention.span is None and not mention.background


def _undated_strength(a: EventMention, b: EventMention, index: ActorIndex) -> tuple[int, ...] | None:
    """Evidence when one side (or both) has no date span: nothing limits when it happened, so only
    what would single out one event counts. Meetings: two people shared; or one person and the same
    three or more countries, or the same two and the same city. Agreements: the same kind and the same
    two or more parties, and a shared signatory, party organisation or proper name in the titles
    ("… in Nagorno-Karabakh"). An undated background mention never merges. Ranked below every dated
    link (first element 0); cluster_mentions also drops an undated report's links when the events
    it could join are not all one."""
    if any(m.span is None and m.background for m in (a, b)):
        return None
    shared, people_conflict = _people_relation(a, b, index)
    if people_conflict or _other_conflicts(a, b, shared):
        return None
    place = _place_relation(a, b) or 0
    text_a, text_b = _text_of(a), _text_of(b)
    text_score = _similar(text_a, text_b) if text_a and text_b else 0
    same_countries = len(a.countries) >= 2 and a.countries == b.countries
    if a.type == "agreement":
        same_kind = bool(a.kind) and a.kind == b.kind and a.kind != "other"
        if not (same_kind and same_countries):
            return None
        named = _title_names_shared(a, b)
        if shared or (a.party_organizations & b.party_organizations) or named:
            return (0, int(named), shared, 0, place, text_score)
        return None
    if shared >= 2 or (shared == 1 and same_countries and (len(a.countries) >= 3 or place == 2)):
        return (0, shared, 0, 0, place, text_score)
    return None


def _title_names_shared(a: EventMention, b: EventMention) -> bool:
    """The two titles share a proper name that is no country's ("Karabağ’daki" ~ "Карабахе")."""
    names_a, names_b = _title_names(a.title, a.context.lang), _title_names(b.title, b.context.lang)
    return any(tokens_match(x, y) for x in names_a for y in names_b)


@lru_cache(maxsize=65536)
def _title_names(title: str | None, lang: str) -> tuple[Token, ...]:
    """Capitalised words of a title (the first only when a capitalised word follows: "Dağlık
    Karabağ", not "Memorandum of …"), as name tokens, without those that name a country."""
    words = _TITLE_WORD.findall(title or "")
    found = []
    for position, word in enumerate(words):
        if not word[0].isupper() or len(word) < 4:
            continue
        if position == 0 and not (len(words) > 1 and words[1][0].isupper()):
            continue
        token = make_token(word, lang or None)
        if token.variants and not any(tokens_match(token, country) for country in _country_tokens()):
            found.append(token)
    return tuple(found)


@lru_cache(maxsize=1)
def _country_tokens() -> tuple[Token, ...]:
    names = lexicon().countries
    return tuple(make_token(word, None) for name in sorted(names) for word in name.split() if len(word) >= 4)


def conflicts(a: EventMention, b: EventMention, index: ActorIndex) -> bool:
    """True when the two mentions cannot be one real event."""
    shared, people_conflict = _people_relation(a, b, index)
    return people_conflict or _other_conflicts(a, b, shared)


def _other_conflicts(a: EventMention, b: EventMention, shared: int) -> bool:
    """The conflicts beyond the people: type, date, place, document, format, kind, parties, title."""
    if a.type != b.type:
        return True
    if a.span is not None and b.span is not None and not a.span.overlaps(b.span):
        return True
    if _place_relation(a, b) is None:
        return True
    if a.context.doc_id == b.context.doc_id and not (a.persons and a.persons == b.persons):
        return True
    if a.type == "meeting":
        format_a, format_b = FORMAT_CLASSES.get(a.format or ""), FORMAT_CLASSES.get(b.format or "")
        if format_a and format_b and format_a != format_b:
            return True
        return shared < 2 and _sides_conflict(a.countries, b.countries)
    if _kinds_conflict(a.kind, b.kind) or _sides_conflict(a.countries, b.countries):
        return True
    if a.context.lang == b.context.lang and a.title and b.title:
        return _similar(_fold(a.title), _fold(b.title)) < SAME_LANGUAGE_TITLE_SIMILARITY
    return False


def _candidate_pairs(mentions: list[EventMention], index: ActorIndex) -> set[tuple[int, int]]:
    """Positions (i < j) of pairs that share a person (or could: a partial name), a party
    organisation, a party country (agreements) or the set of countries (meetings), with overlapping
    date spans."""
    blocks: dict[tuple[str, ...], list[int]] = defaultdict(list)
    loose: dict[tuple[str, ...], list[int]] = defaultdict(list)  # undated reports
    for position, mention in enumerate(mentions):
        if mention.span is None and not undated(mention):
            continue
        people = set(mention.persons).union(*(index.actors[p].candidate_ids for p in mention.persons))
        keys = {("person", p) for p in people} | {("org", o) for o in mention.party_organizations}
        if mention.type == "agreement":  # one report may name one party only
            keys.update(("country", c) for c in mention.countries)
        elif mention.countries:
            keys.add(("countries", *sorted(mention.countries)))
        for key in keys:
            (blocks if mention.span is not None else loose)[(mention.type, *key)].append(position)
    pairs = set()
    for block, undated_members in loose.items():
        others = blocks.get(block, []) + undated_members
        if len(others) > UNDATED_BLOCK_LIMIT:
            continue  # a report that could be any of so many is left alone anyway
        pairs.update((min(i, j), max(i, j)) for i in undated_members for j in others if i != j)
    for members in blocks.values():
        members.sort(key=lambda i: (mentions[i].span.first, i))  # type: ignore[union-attr]
        for n, i in enumerate(members):
            last = mentions[i].span.last  # type: ignore[union-attr]
            for j in members[n + 1 :]:
                if mentions[j].span.first > last:  # type: ignore[union-attr]
                    break
                pairs.add((min(i, j), max(i, j)))
    return pairs


def cluster_mentions(mentions: Iterable[EventMention], index: ActorIndex) -> list[list[EventMention]]:
    """Groups of mentions of one real event, strongest links first, no conflict inside a group."""
    ordered = sorted(mentions, key=lambda m: m.key)
    links = []
    for i, j in _candidate_pairs(ordered, index):
        strength = link_strength(ordered[i], ordered[j], index)
        if strength is not None:
            links.append((tuple(-s for s in strength), i, j))
    group_of = list(range(len(ordered)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(ordered))}
    conflict_cache: dict[tuple[int, int], bool] = {}

    def in_conflict(i: int, j: int) -> bool:
        pair = (min(i, j), max(i, j))
        if pair not in conflict_cache:
            conflict_cache[pair] = conflicts(ordered[pair[0]], ordered[pair[1]], index)
        return conflict_cache[pair]

    def join(links: list[tuple[tuple[int, ...], int, int]]) -> None:
        for _, i, j in sorted(links):
            gi, gj = group_of[i], group_of[j]
            if gi == gj or any(in_conflict(x, y) for x in members[gi] for y in members[gj]):
                continue
            keep, gone = min(gi, gj), max(gi, gj)
            for position in members.pop(gone):
                group_of[position] = keep
                members[keep].append(position)

    join(_unambiguous(links, ordered, in_conflict))
    join(_co_reported_agreements(ordered, group_of, in_conflict))
    return [[ordered[i] for i in sorted(group)] for _, group in sorted(members.items())]


Link = tuple[tuple[int, ...], int, int]


def _unambiguous(links: list[Link], ordered: list[EventMention], in_conflict: Callable[[int, int], bool]) -> list[Link]:
    """The links, less those of an undated report whose partners are not all compatible with each
    other: it could be either of two events, so it joins neither."""
    partners: dict[int, set[int]] = defaultdict(set)
    for _, i, j in links:
        for x, y in ((i, j), (j, i)):
            if undated(ordered[x]):
                partners[x].add(y)
    ambiguous = {
        x for x, found in partners.items()
        if any(in_conflict(p, q) for p, q in itertools.combinations(sorted(found), 2))
    }
    return [link for link in links if link[1] not in ambiguous and link[2] not in ambiguous]


def _co_reported_agreements(ordered: list[EventMention], group_of: list[int], in_conflict: Callable[[int, int], bool]) -> list[Link]:
    """Agreements of two documents that report one merged event (the same story): the only agreement
    of its kind in each document, not in conflict (compatible parties, dates and places) — "the two
    presidents met and signed a road map" told twice, or both recalling "the road map" as background
    (the story dates it). The weakest links, taken after all others."""
    docs_of_group: dict[int, set[str]] = defaultdict(set)
    for position, mention in enumerate(ordered):
        docs_of_group[group_of[position]].add(mention.context.doc_id)
    together = {
        (a, b) for docs in docs_of_group.values() if len(docs) >= 2 for a, b in itertools.combinations(sorted(docs), 2)
    }
    by_kind: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for position, mention in enumerate(ordered):
        if mention.type == "agreement" and mention.kind and mention.kind != "other":
            by_kind[mention.context.doc_id][KIND_CLASSES.get(mention.kind, mention.kind)].append(position)
    links: list[Link] = []
    for doc_a, doc_b in sorted(together):
        if doc_a not in by_kind or doc_b not in by_kind:
            continue
        for kind, found in sorted(by_kind[doc_a].items()):
            other = by_kind[doc_b].get(kind, [])
            if len(found) == 1 and len(other) == 1 and not in_conflict(found[0], other[0]):
                i, j = sorted((found[0], other[0]))
                links.append(((0,), i, j))
    return links


def _commonest(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None


def _preferred_text(mentions: list[EventMention], attribute: str) -> str | None:
    """A title or meeting name as written: from an English report if any, else the earliest."""
    written = [(m.context.lang != "en", m.key, getattr(m, attribute)) for m in mentions if getattr(m, attribute)]
    return min(written)[2] if written else None


def _merged_date(mentions: list[EventMention]) -> tuple[str | None, str | None]:
    """The most precise stated date (the commonest at that precision); None when no report says."""
    for precision in ("day", "month", "year"):
        value = _commonest(m.date for m in mentions if m.date and m.span and m.span.precision == precision and m.span.basis == "stated")
        if value:
            return value, precision
    return None, None


def canonical_rows(groups: list[list[EventMention]], index: ActorIndex) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows of `canonical_events` and `event_mentions` (ids from each group's earliest mention)."""
    events, mentions = [], []
    for group in groups:
        earliest = min(group, key=lambda m: m.key)
        canonical_id = stable_id("evt", ("event", *earliest.key))
        date, precision = _merged_date(group)
        published = sorted(m.context.published for m in group if m.context.published)
        persons = sorted(set().union(*(m.persons for m in group)))
        persons = [p for p in persons if not index.compatible(p, set(persons) - {p})]
        statuses = [m.status for m in group]
        events.append(
            {
                "canonical_id": canonical_id,
                "type": earliest.type,
                "status": max(statuses, key=lambda s: (status_rank(s), s)),
                "format": _commonest(m.format for m in group),
                "kind": _commonest(m.kind for m in group if m.kind != "other") or _commonest(m.kind for m in group),
                "title": _preferred_text(group, "title"),
                "meeting_name": _preferred_text(group, "meeting_name"),
                "date": date,
                "date_precision": precision,
                "date_expected": _commonest(m.date_expected for m in group),
                "validity": _commonest(m.validity for m in group),
                "location_city": _commonest(m.city for m in group),
                "location_country": _commonest(m.place_country for m in group),
                "location_venue": _preferred_text(group, "venue"),
                "countries": sorted(set().union(*(m.countries for m in group))),
                "person_ids": persons,
                "person_names": [index.actors[p].name for p in persons],
                "organization_ids": sorted(set().union(*(m.organizations for m in group))),
                "first_reported": published[0] if published else None,
                "last_reported": published[-1] if published else None,
                "mention_count": len(group),
                "document_count": len({m.context.doc_id for m in group}),
                "languages": sorted({m.context.lang for m in group}),
                "language_count": len({m.context.lang for m in group}),
                "background_only": all(m.background for m in group),
                "confidence": max(m.confidence for m in group),
            }
        )
        for mention in group:
            mentions.append(
                {
                    "canonical_id": canonical_id,
                    "event_id": mention.context.event_id,
                    "doc_id": mention.context.doc_id,
                    "lang": mention.context.lang,
                    "type": mention.type,
                    "published": mention.context.published,
                    "sentence_index": mention.sentence_index,
                    "evidence_start": mention.evidence_start,
                    "evidence_end": mention.evidence_end,
                    "confidence": mention.confidence,
                    "background": mention.background,
                    "date_basis": mention.span.basis if mention.span else None,
                    "is_earliest": mention is earliest,
                }
            )
    events.sort(key=lambda r: r["canonical_id"])
    mentions.sort(key=lambda r: (r["canonical_id"], r["event_id"]))
    return events, mentions
