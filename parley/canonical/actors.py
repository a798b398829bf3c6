"""Actors: one person or organisation behind many written forms, with a content-derived id.

Persons. Every participant or signatory whose name (`name_latin`, `name` or `mention`) looks like a
proper name becomes a person mention. Mentions with a full name (given name and surname written out)
are grouped by name matching (`names.py`). The country extraction gives a person is not used to keep
names apart: it is too often the host's (measured on the team corpus), and namesakes with the same
given name and surname in this domain are rarer than such errors. A partial mention (a surname, or
initials and a surname) joins the full-name person it matches in the same document; else the only
full-name person it matches anywhere (among several, the only one of its country); else it stays a
partial person of its own (listing the persons it could be).

Organisations. Every organisation named in `events.organizations`, `agreement_parties` and
`participants.organization` is grouped by its English name (`name_en`, else the name as written),
folded to ASCII, within one country (stated, or read from a trailing "(Azerbaijan)").

Ids: `per_` or `org_` and 16 hex digits of the SHA-256 of the earliest mention's key (publication
date, document, event, the written forms). The same input gives the same ids in any order, and an
actor keeps its id when later documents mention it again.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from operator import attrgetter
from typing import Any

from anyascii import anyascii
from rapidfuzz import fuzz

from parley.canonical.lexicon import lexicon
from parley.canonical.names import (
    PersonName,
    english_press_spelling,
    looks_like_name,
    names_match,
    parse_name,
)
from parley.canonical.records import MentionContext, PersonRowKey, stable_id

_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)\s*$")
_ORG_WORDS = re.compile(r"[^a-z0-9]+")
ORG_SIMILARITY = 92


class DisjointSet:
    """Union-find over hashable items; the groups do not depend on the order of unions."""

    def __init__(self) -> None:
        self._parent: dict[Any, Any] = {}

    def add(self, item: Any) -> None:
        self._parent.setdefault(item, item)

    def find(self, item: Any) -> Any:
        root = item
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[item] != root:
            self._parent[item], item = root, self._parent[item]
        return root

    def union(self, a: Any, b: Any) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[Any]]:
        out: dict[Any, list[Any]] = defaultdict(list)
        for item in sorted(self._parent):
            out[self.find(item)].append(item)
        return sorted(out.values())


@dataclass(frozen=True)
class PersonMention:
    """One participant or signatory row, with the document facts that matter for identity."""

    context: MentionContext
    role: str
    mention: str
    name: str | None
    name_latin: str | None
    title: str | None
    organization: str | None
    country: str | None

    @cached_property
    def key(self) -> tuple[str, ...]:
        return (*self.context.key, self.role, self.mention, self.name or "", self.name_latin or "")

    @property
    def row_key(self) -> PersonRowKey:
        """The key of its `participants` row (records.person_row_key)."""
        return (self.context.event_id, self.role, self.mention, self.name, self.name_latin)

    @cached_property
    def sort_key(self) -> tuple[str, ...]:
        return (*self.key, self.title or "", self.organization or "", self.country or "")

    def __lt__(self, other: PersonMention) -> bool:
        return self.sort_key < other.sort_key

    @cached_property
    def name_key(self) -> NameKey:
        """The facts person identity depends on (many rows share one key)."""
        forms: list[tuple[str, str]] = []
        candidates = [(self.name_latin, ""), (self.name_latin, self.context.lang), (self.name, self.context.lang), (self.mention, self.context.lang)]
        for form, lang in candidates:
            # name_latin as written, and read as the document's language too: extraction's Latin
            # form of "Otabek Jussupow" in German is still German spelling
            if form and (form, lang) not in forms and looks_like_name(form):
                forms.append((form, lang))
        return NameKey(tuple(forms), self.country or "")


@dataclass(frozen=True, order=True)
class NameKey:
    """Name forms that look like proper names, each with the language that spells it, and a country."""

    forms: tuple[tuple[str, str], ...]
    country: str

    @property
    def parsed(self) -> tuple[PersonName, ...]:
        return _parsed(self)

    @property
    def is_full(self) -> bool:
        return any(p.is_full for p in self.parsed)


@lru_cache(maxsize=65536)
def _parsed(key: NameKey) -> tuple[PersonName, ...]:
    parsed = (parse_name(form, lang or None) for form, lang in key.forms)
    return tuple(p for p in parsed if p.tokens)


@dataclass(frozen=True)
class OrgMention:
    """One organisation named by an event, a party row or a participant's affiliation."""

    context: MentionContext
    source: str  # events | agreement_parties | participants
    name: str
    name_en: str | None
    country: str | None

    @cached_property
    def key(self) -> tuple[str, ...]:
        return (*self.context.key, self.source, self.name, self.name_en or "")

    @cached_property
    def sort_key(self) -> tuple[str, ...]:
        return (*self.key, self.country or "")

    def __lt__(self, other: OrgMention) -> bool:
        return self.sort_key < other.sort_key

    @property
    def english_or_written(self) -> str:
        return self.name_en or self.name

    def match_key(self) -> str:
        """ASCII words of the English (else written) name without a trailing "(Country)"."""
        words = anyascii(_PARENTHESIS.sub("", self.english_or_written)).lower()
        return " ".join(_ORG_WORDS.sub(" ", words).split())


def country_of_org(name: str, name_en: str | None, stated: str | None) -> str | None:
    """The stated country, else the one a trailing "(Azerbaijan)" names."""
    if stated:
        return stated
    for text in (name_en, name):
        match = _PARENTHESIS.search(text or "")
        if match:
            code = lexicon().countries.get(match.group(1).strip().lower())
            if code:
                return code
    return None


@dataclass
class Actor:
    """An actor and the mentions that name it."""

    actor_id: str
    kind: str
    name: str
    persons: list[PersonMention] = field(default_factory=list)
    orgs: list[OrgMention] = field(default_factory=list)
    complete: bool = True
    candidate_ids: tuple[str, ...] = ()

    @cached_property
    def countries(self) -> frozenset[str]:
        """Countries it represents (persons) or belongs to (organisations)."""
        return frozenset(m.country for m in (self.persons or self.orgs) if m.country)

    def contexts(self) -> list[MentionContext]:
        return [m.context for m in (self.persons or self.orgs)]


@dataclass(frozen=True)
class ActorIndex:
    """Which actor each person and organisation mention is."""

    actors: dict[str, Actor]
    person_of: dict[PersonMention, str]
    org_of: dict[OrgMention, str]

    def compatible(self, actor_id: str, others: set[str]) -> bool:
        """A partial person (surname only) that could be one of `others`."""
        return bool(set(self.actors[actor_id].candidate_ids) & others)


_by_key = attrgetter("sort_key")


def build_actors(persons: Iterable[PersonMention], orgs: Iterable[OrgMention]) -> ActorIndex:
    """Group person and organisation mentions into actors (order-independent)."""
    person_groups, candidates = _group_persons(sorted(set(persons), key=_by_key))
    actors: dict[str, Actor] = {}
    person_of: dict[PersonMention, str] = {}
    group_ids: dict[int, str] = {}
    for index, group in enumerate(person_groups):
        earliest = min(group, key=lambda m: m.key)
        group_ids[index] = stable_id("per", ("person", *earliest.key))
    for index, group in enumerate(person_groups):
        actor_id = group_ids[index]
        complete = any(m.name_key.is_full for m in group)
        actors[actor_id] = Actor(
            actor_id=actor_id,
            kind="person",
            name=_person_display_name(group),
            persons=sorted(group, key=_by_key),
            complete=complete,
            candidate_ids=tuple(sorted(group_ids[c] for c in candidates.get(index, ()))),
        )
        person_of.update({m: actor_id for m in group})
    org_of: dict[OrgMention, str] = {}
    for group in _group_orgs(sorted(set(orgs), key=_by_key)):
        earliest = min(group, key=lambda m: m.key)
        actor_id = stable_id("org", ("organization", *earliest.key))
        actors[actor_id] = Actor(actor_id=actor_id, kind="organization", name=_org_display_name(group), orgs=sorted(group, key=_by_key))
        org_of.update({m: actor_id for m in group})
    return ActorIndex(actors=actors, person_of=person_of, org_of=org_of)


def _group_persons(mentions: list[PersonMention]) -> tuple[list[list[PersonMention]], dict[int, set[int]]]:
    """Full names by matching, then partial names attached; returns groups and, for partial groups
    that stayed apart, the full groups they could belong to. Matching runs over distinct name keys,
    not rows: a corpus names the same people again and again."""
    rows: dict[NameKey, list[PersonMention]] = defaultdict(list)
    for mention in mentions:
        key = mention.name_key
        if key.parsed:
            rows[key].append(mention)
    keys = sorted(rows)
    full_groups = _group_full_names([k for k in keys if k.is_full])
    group_of = {key: i for i, group in enumerate(full_groups) for key in group}
    documents_of = [{m.context.doc_id for key in group for m in rows[key]} for group in full_groups]
    countries_of = [{key.country for key in group} for group in full_groups]
    by_token: dict[str, list[NameKey]] = defaultdict(list)
    for key in group_of:
        for block in _token_blocks(key):
            by_token[block].append(key)

    attached: dict[int, list[PersonMention]] = defaultdict(list)
    leftovers = DisjointSet()
    could_be: dict[tuple[NameKey, str], set[int]] = {}
    for key in (k for k in keys if not k.is_full):
        found = {
            group_of[other]
            for block in _token_blocks(key)
            for other in by_token.get(block, ())
            if _keys_match(key, other, full_only=False)
        }
        per_document: dict[str, list[PersonMention]] = defaultdict(list)
        for mention in rows[key]:
            per_document[mention.context.doc_id].append(mention)
        for doc_id, in_document in sorted(per_document.items()):
            choice = {g for g in found if doc_id in documents_of[g]} or found
            if len(choice) > 1 and key.country:
                choice = {g for g in choice if key.country in countries_of[g]} or choice
            if len(choice) == 1:
                attached[next(iter(choice))].extend(in_document)
            else:
                leftovers.add((key, doc_id))
                could_be[(key, doc_id)] = found
    units_of: dict[NameKey, list[tuple[NameKey, str]]] = defaultdict(list)
    for unit in sorted(could_be):
        units_of[unit[0]].append(unit)
    for units in units_of.values():  # one name key unresolved in several documents: one person
        for unit in units[1:]:
            leftovers.union(units[0], unit)
    unresolved = sorted(units_of)
    for i, key in enumerate(unresolved):
        for other in unresolved[i + 1 :]:
            if _keys_match(key, other, full_only=False):
                leftovers.union(units_of[key][0], units_of[other][0])

    groups = [sorted([m for key in group for m in rows[key]] + attached.get(i, []), key=_by_key) for i, group in enumerate(full_groups)]
    candidates: dict[int, set[int]] = {}
    for unit_group in leftovers.groups():
        candidates[len(groups)] = set().union(*(could_be[unit] for unit in unit_group))
        groups.append(sorted((m for key, doc_id in unit_group for m in rows[key] if m.context.doc_id == doc_id), key=_by_key))
    return groups, candidates


def _group_full_names(keys: list[NameKey]) -> list[list[NameKey]]:
    """Transitive groups of full names, compared within blocks of two tokens' skeleton prefixes
    (a match needs two written-out words to agree)."""
    sets = DisjointSet()
    blocks: dict[tuple[str, str], list[NameKey]] = defaultdict(list)
    for key in keys:
        sets.add(key)
        for block in _pair_blocks(key):
            blocks[block].append(key)
    for block in sorted(blocks):
        members = blocks[block]
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if sets.find(a) != sets.find(b) and _keys_match(a, b, full_only=True):
                    sets.union(a, b)
    return sets.groups()


def _token_blocks(key: NameKey) -> set[str]:
    return {s[:2] for name in key.parsed for t in name.full_tokens for s in t.skeletons}


def _pair_blocks(key: NameKey) -> set[tuple[str, str]]:
    blocks = set()
    for name in key.parsed:
        prefixes = [{s[:2] for s in t.skeletons} for t in name.full_tokens]
        for i, first in enumerate(prefixes):
            for second in prefixes[i + 1 :]:
                blocks.update((min(p, q), max(p, q)) for p in first for q in second)
    return blocks


def _keys_match(a: NameKey, b: NameKey, *, full_only: bool) -> bool:
    for x in a.parsed:
        for y in b.parsed:
            if full_only and not (x.is_full and y.is_full):
                continue
            if names_match(x, y):
                return True
    return False


def _person_display_name(group: list[PersonMention]) -> str:
    """The usual English-press spelling: the commonest `name_latin`, else the commonest base name,
    else the commonest mention, each respelled by its language's rules; ties go to English
    documents, fuller names, then A-Z."""
    candidates: list[tuple[int, str, bool]] = []
    for m in group:
        english = m.context.lang == "en"
        if m.name_latin and looks_like_name(m.name_latin):
            candidates.append((0, m.name_latin, english))
        elif m.name and looks_like_name(m.name):
            candidates.append((1, english_press_spelling(m.name, m.context.lang), english))
        elif looks_like_name(m.mention):
            candidates.append((2, english_press_spelling(m.mention, m.context.lang), english))
    best = min(p for p, _, _ in candidates)
    counts = Counter(text for p, text, _ in candidates if p == best)
    in_english = {text for p, text, english in candidates if p == best and english}
    return min(counts, key=lambda t: (-counts[t], t not in in_english, -len(t.split()), t))


def _group_orgs(mentions: list[OrgMention]) -> list[list[OrgMention]]:
    """Same country (or both unknown) and nearly the same English name (Labor ~ Labour)."""
    sets = DisjointSet()
    by_country: dict[str, list[OrgMention]] = defaultdict(list)
    for mention in mentions:
        sets.add(mention)
        by_country[mention.country or ""].append(mention)
    for country in sorted(by_country):
        keys: dict[str, list[OrgMention]] = defaultdict(list)
        for mention in by_country[country]:
            keys[mention.match_key()].append(mention)
        for members in keys.values():
            for other in members[1:]:
                sets.union(members[0], other)
        distinct = sorted(keys)
        threshold = ORG_SIMILARITY if country else 100
        for i, a in enumerate(distinct):
            for b in distinct[i + 1 :]:
                if a and b and fuzz.token_sort_ratio(a, b) >= threshold:
                    sets.union(keys[a][0], keys[b][0])
    return sets.groups()


def _org_display_name(group: list[OrgMention]) -> str:
    """The commonest English name, else the commonest written name (English documents first)."""
    english = Counter(m.name_en for m in group if m.name_en)
    if english:
        return min(english, key=lambda t: (-english[t], t))
    written = Counter(m.name for m in group)
    in_english = {m.name for m in group if m.context.lang == "en"}
    return min(written, key=lambda t: (-written[t], t not in in_english, t))


def actor_rows(index: ActorIndex) -> list[dict[str, Any]]:
    """Rows of the `actors` table, sorted by id."""
    rows = []
    for actor_id in sorted(index.actors):
        actor = index.actors[actor_id]
        contexts = actor.contexts()
        published = sorted(c.published for c in contexts if c.published)
        if actor.kind == "person":
            forms = {f for m in actor.persons for f in (m.mention, m.name, m.name_latin) if f}
            titles = {m.title for m in actor.persons if m.title}
            organizations = {m.organization for m in actor.persons if m.organization}
        else:
            forms = {f for m in actor.orgs for f in (m.name, m.name_en) if f}
            titles = set()
            organizations = set()
        rows.append(
            {
                "actor_id": actor_id,
                "kind": actor.kind,
                "name": actor.name,
                "surface_forms": sorted(forms),
                "languages": sorted({c.lang for c in contexts}),
                "countries": sorted(actor.countries),
                "titles": sorted(titles),
                "organizations": sorted(organizations),
                "complete_name": actor.complete,
                "candidate_ids": list(actor.candidate_ids),
                "mention_count": len(contexts),
                "document_count": len({c.doc_id for c in contexts}),
                "event_count": len({c.event_id for c in contexts}),
                "first_seen": published[0] if published else None,
                "last_seen": published[-1] if published else None,
            }
        )
    return rows


def org_mentions_of(
    context: MentionContext,
    organizations: Iterable[Mapping[str, Any]],
    parties: Iterable[Mapping[str, Any]],
    people: Iterable[PersonMention],
) -> list[OrgMention]:
    """Every organisation an event names: its own list, its parties, its participants' affiliations."""
    found = []
    for org in organizations:
        if org.get("name") or org.get("name_en"):
            name = org.get("name") or org["name_en"]
            found.append(OrgMention(context, "events", name, org.get("name_en"), country_of_org(name, org.get("name_en"), org.get("country"))))
    for party in parties:
        if party.get("party_type") == "organization" and (party.get("name") or party.get("name_en")):
            name = party.get("name") or party["name_en"]
            found.append(OrgMention(context, "agreement_parties", name, party.get("name_en"), country_of_org(name, party.get("name_en"), party.get("country"))))
    for person in people:
        if person.organization:
            found.append(
                OrgMention(context, "participants", person.organization, None, country_of_org(person.organization, None, person.country))
            )
    return found

