"""Rows of `events`, `participants`, `agreement_parties` (and publication dates) in; rows of `actors`,
`canonical_events` and `event_mentions` out. Pure: no files, no Prefect."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from parley.canonical.actors import (
    ActorIndex,
    OrgMention,
    PersonMention,
    actor_rows,
    build_actors,
    org_mentions_of,
)
from parley.canonical.events import EventMention, MergeRules, canonical_rows, cluster_mentions
from parley.canonical.records import MentionContext, PersonRowKey
from parley.canonical.spans import event_span

Row = Mapping[str, Any]


@dataclass(frozen=True)
class CanonicalTables:
    """The three tables as rows, and the actor index behind them (for reports and evaluation)."""

    actors: list[dict[str, Any]]
    canonical_events: list[dict[str, Any]]
    event_mentions: list[dict[str, Any]]
    index: ActorIndex
    person_rows: dict[PersonRowKey, str]  # participants row -> person actor id

    def canonical_id_of(self) -> dict[str, str]:
        """event_id -> canonical_id."""
        return {row["event_id"]: row["canonical_id"] for row in self.event_mentions}


def canonicalise(
    events: Iterable[Row],
    participants: Iterable[Row],
    agreement_parties: Iterable[Row],
    published: Mapping[str, dt.date | None],
    rules: MergeRules | None = None,
) -> CanonicalTables:
    """Actors and canonical events of every event row; the same rows in any order give the same output."""
    rules = rules or MergeRules()
    event_rows = {row["event_id"]: row for row in events}
    contexts = {
        event_id: MentionContext(row["doc_id"], event_id, row.get("lang") or "und", published.get(row["doc_id"]))
        for event_id, row in event_rows.items()
    }
    people: dict[str, list[PersonMention]] = defaultdict(list)
    for row in participants:
        context = contexts.get(row["event_id"])
        if context is not None:
            people[row["event_id"]].append(_person(context, row))
    parties: dict[str, list[Row]] = defaultdict(list)
    for row in agreement_parties:
        parties[row["event_id"]].append(row)
    orgs: dict[str, list[OrgMention]] = {
        event_id: org_mentions_of(contexts[event_id], row.get("organizations") or (), parties[event_id], people[event_id])
        for event_id, row in event_rows.items()
    }
    index = build_actors((p for ps in people.values() for p in ps), (o for os in orgs.values() for o in os))
    mentions = [
        _event_mention(contexts[event_id], row, people[event_id], orgs[event_id], parties[event_id], index, rules)
        for event_id, row in event_rows.items()
    ]
    canonical_events, event_mentions = canonical_rows(cluster_mentions(mentions, index), index)
    person_rows = {m.row_key: actor_id for m, actor_id in index.person_of.items()}
    return CanonicalTables(actor_rows(index), canonical_events, event_mentions, index, person_rows)


def _person(context: MentionContext, row: Row) -> PersonMention:
    return PersonMention(
        context=context,
        role=row.get("role") or "participant",
        mention=row.get("mention") or "",
        name=row.get("name"),
        name_latin=row.get("name_latin"),
        title=row.get("title"),
        organization=row.get("organization"),
        country=row.get("country"),
    )


def _event_mention(
    context: MentionContext,
    row: Row,
    people: list[PersonMention],
    orgs: list[OrgMention],
    parties: list[Row],
    index: ActorIndex,
    rules: MergeRules,
) -> EventMention:
    planned = row.get("status") == "planned"
    countries = set(row.get("countries") or ())
    if row.get("type") == "agreement":
        countries |= {p["name"] for p in parties if p.get("party_type") == "country" and p.get("name")}
    return EventMention(
        context=context,
        type=row.get("type") or "meeting",
        status=row.get("status") or "",
        format=row.get("format"),
        kind=row.get("kind"),
        title=row.get("title"),
        meeting_name=row.get("meeting_name"),
        date=row.get("date"),
        date_expected=row.get("date_expected"),
        validity=row.get("validity"),
        city=row.get("location_city"),
        place_country=row.get("location_country"),
        venue=row.get("location_venue"),
        countries=frozenset(countries),
        background=bool(row.get("background")),
        sentence_index=int(row.get("sentence_index") or 0),
        evidence_start=int(row.get("evidence_start") or 0),
        evidence_end=int(row.get("evidence_end") or 0),
        confidence=float(row.get("confidence") or 0.0),
        persons=frozenset(index.person_of[p] for p in people if p in index.person_of),
        organizations=frozenset(index.org_of[o] for o in orgs),
        party_organizations=frozenset(index.org_of[o] for o in orgs if o.source == "agreement_parties"),
        span=event_span(
            row.get("date") or (row.get("date_expected") if planned else None),
            context.published,
            planned=planned,
            background=bool(row.get("background")),
            report_window_days=rules.report_window_days,
            planned_horizon_days=rules.planned_horizon_days,
        ),
    )
