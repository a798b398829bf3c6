"""Actors: one person or organisation behind many written forms, with a content-derived id.

Persons. Every participant or signatory whose name (`name_latin`, `name` or `mention`) looks like a
proper name becomes a person mention. Mentions with a full name (given name and surname written out)
are grouped by name matching (`names.py`) within their country: two mentions with different known
countries are never one person. A partial mention (a surname, or initials and a surname) joins the
full-name person it matches in the same document; else the only full-name person it matches
anywhere; else it stays a partial person of its own (listing the persons it could be).

Organisations. Every organisation named in `events.organizations`, `agreement_parties` and
`participants.organization` is grouped by its English name (`name_en`, else the name as written),
folded to ASCII, within one country (stated, or read from a trailing "(Azerbaijan)").

Ids: `per_` or `org_` and 16 hex digits of the SHA-256 of the earliest mention's key (publication
date, document, event, the written forms). The same input gives the same ids in any order, and an
actor keeps its id when later documents mention it again.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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
from parley.canonical.records import MentionContext

_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)\s*$")
_ORG_WORDS = re.compile(r"[^a-z0-9]+")
ORG_SIMILARITY = 92


def stable_id(prefix: str, key: Iterable[str]) -> str:
    """`prefix_` + 16 hex digits of the SHA-256 of the key parts (joined by a unit separator)."""
    digest = hashlib.sha256("\x1f".join(key).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"


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

    @property
    def key(self) -> tuple[str, ...]:
        return (*self.context.key, self.role, self.mention, self.name or "", self.name_latin or "")

    @property
    def sort_key(self) -> tuple[str, ...]:
        return (*self.key, self.title or "", self.organization or "", self.country or "")

    def __lt__(self, other: PersonMention) -> bool:
        return self.sort_key < other.sort_key

    def forms(self) -> tuple[str, ...]:
        """The written forms that are proper names (a description such as "İki bakan" is not)."""
        seen: list[str] = []
        for form in (self.name_latin, self.name, self.mention):
            if form and form not in seen and looks_like_name(form):
                seen.append(form)
        return tuple(seen)

    def parsed(self) -> tuple[PersonName, ...]:
        lang = self.context.lang
        parsed = []
        for form in self.forms():
            # name_latin is already normalised Latin: no language rewrites apply to it
            parsed.append(parse_name(form, None if form == self.name_latin else lang))
        return tuple(p for p in parsed if p.tokens)


@dataclass(frozen=True)
class OrgMention:
    """One organisation named by an event, a party row or a participant's affiliation."""

    context: MentionContext
    source: str  # events | agreement_parties | participants
    name: str
    name_en: str | None
    country: str | None

    @property
    def key(self) -> tuple[str, ...]:
        return (*self.context.key, self.source, self.name, self.name_en or "")

    @property
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


def build_actors(persons: Iterable[PersonMention], orgs: Iterable[OrgMention]) -> ActorIndex:
    """Group person and organisation mentions into actors (order-independent)."""
    person_groups, candidates = _group_persons(sorted(set(persons)))
    actors: dict[str, Actor] = {}
    person_of: dict[PersonMention, str] = {}
    group_ids: dict[int, str] = {}
    for index, group in enumerate(person_groups):
        earliest = min(group, key=lambda m: m.key)
        group_ids[index] = stable_id("per", ("person", *earliest.key))
    for index, group in enumerate(person_groups):
        actor_id = group_ids[index]
        complete = any(p.is_full for m in group for p in m.parsed())
        actors[actor_id] = Actor(
            actor_id=actor_id,
            kind="person",
            name=_person_display_name(group),
            persons=sorted(group),
            complete=complete,
            candidate_ids=tuple(sorted(group_ids[c] for c in candidates.get(index, ()))),
        )
        person_of.update({m: actor_id for m in group})
    org_of: dict[OrgMention, str] = {}
    for group in _group_orgs(sorted(set(orgs))):
        earliest = min(group, key=lambda m: m.key)
        actor_id = stable_id("org", ("organization", *earliest.key))
        actors[actor_id] = Actor(actor_id=actor_id, kind="organization", name=_org_display_name(group), orgs=sorted(group))
        org_of.update({m: actor_id for m in group})
    return ActorIndex(actors=actors, person_of=person_of, org_of=org_of)


def _countries_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _group_persons(mentions: list[PersonMention]) -> tuple[list[list[PersonMention]], dict[int, set[int]]]:
    """Full names by matching, then partial names attached; returns groups and, for partial groups
    that stayed apart, the full groups they could belong to."""
    named = [m for m in mentions if m.parsed()]
    full = [m for m in named if any(p.is_full for p in m.parsed())]
    partial = [m for m in named if not any(p.is_full for p in m.parsed())]

    full_sets = DisjointSet()
    blocks: dict[str, list[PersonMention]] = defaultdict(list)
    for mention in full:
        full_sets.add(mention)
        for parsed in mention.parsed():
            for block in parsed.blocking_keys():
                blocks[block].append(mention)
    for block in sorted(blocks):
        members = blocks[block]
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if full_sets.find(a) != full_sets.find(b) and _persons_match(a, b, full_only=True):
                    full_sets.union(a, b)
    full_groups = full_sets.groups()
    group_of = {m: i for i, group in enumerate(full_groups) for m in group}

    attached: dict[int, list[PersonMention]] = defaultdict(list)
    leftovers = DisjointSet()
    could_be: dict[PersonMention, set[int]] = {}
    for mention in partial:
        found = {
            group_of[other]
            for parsed in mention.parsed()
            for block in _partial_blocks(parsed)
            for other in blocks.get(block, ())
            if _persons_match(mention, other, full_only=False)
        }
        same_document = {g for g in found if any(m.context.doc_id == mention.context.doc_id for m in full_groups[g])}
        choice = same_document if same_document else found
        if len(choice) == 1:
            attached[next(iter(choice))].append(mention)
        else:
            leftovers.add(mention)
            could_be[mention] = found
    groups = [sorted(group + attached.get(i, [])) for i, group in enumerate(full_groups)]
    remaining = sorted(could_be)
    for i, a in enumerate(remaining):
        for b in remaining[i + 1 :]:
            if _persons_match(a, b, full_only=False):
                leftovers.union(a, b)
    candidates: dict[int, set[int]] = {}
    for group in leftovers.groups():
        candidates[len(groups)] = set().union(*(could_be[m] for m in group))
        groups.append(group)
    return groups, candidates


def _partial_blocks(name: PersonName) -> set[str]:
    return {s[:2] for t in name.full_tokens for s in t.skeletons if s}


def _persons_match(a: PersonMention, b: PersonMention, *, full_only: bool) -> bool:
    if not _countries_agree(a.country, b.country):
        return False
    for x in a.parsed():
        for y in b.parsed():
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
            countries = {m.country for m in actor.persons if m.country}
            titles = {m.title for m in actor.persons if m.title}
            organizations = {m.organization for m in actor.persons if m.organization}
        else:
            forms = {f for m in actor.orgs for f in (m.name, m.name_en) if f}
            countries = {m.country for m in actor.orgs if m.country}
            titles = set()
            organizations = set()
        rows.append(
            {
                "actor_id": actor_id,
                "kind": actor.kind,
                "name": actor.name,
                "surface_forms": sorted(forms),
                "languages": sorted({c.lang for c in contexts}),
                "countries": sorted(countries),
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

