"""Between parley's event tables (rows) and the gold-file event shape (dicts)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

Event = dict[str, Any]


def events_from_rows(
    events: Iterable[dict[str, Any]], participants: Iterable[dict[str, Any]], parties: Iterable[dict[str, Any]]
) -> dict[str, list[Event]]:
    """doc_id -> events in the gold shape, from rows of `events`, `participants`, `agreement_parties`."""
    people: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in participants:
        people[row["event_id"]].append(row)
    party_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in parties:
        party_rows[row["event_id"]].append(row)
    out: dict[str, list[Event]] = defaultdict(list)
    for row in events:
        persons = [
            {k: p.get(k) for k in ("mention", "name", "name_latin", "title", "organization", "country")}
            for p in people[row["event_id"]]
        ]
        event: Event = {
            "event_id": row["event_id"],
            "type": row["type"],
            "status": row["status"],
            "format": row.get("format"),
            "kind": row.get("kind"),
            "title": row.get("title"),
            "meeting_name": row.get("meeting_name"),
            "date": row.get("date"),
            "date_expected": row.get("date_expected"),
            "validity": row.get("validity"),
            "location": {"city": row.get("location_city"), "country": row.get("location_country"), "venue": row.get("location_venue")},
            "countries": list(row.get("countries") or []),
            "organizations": [dict(o) for o in row.get("organizations") or []],
            "topics": list(row.get("topics") or []),
            "background": row.get("background", False),
            "evidence": row.get("evidence"),
        }
        if row["type"] == "agreement":
            event["signatories"] = persons
            rows = party_rows[row["event_id"]]
            event["parties"] = {
                "countries": [p["name"] for p in rows if p["party_type"] == "country"],
                "organizations": [{"name": p["name"], "name_en": p.get("name_en")} for p in rows if p["party_type"] == "organization"],
            }
        else:
            event["participants"] = persons
        out[row["doc_id"]].append(event)
    return out


def rows_from_gold(doc_id: str, lang: str, gold_events: Iterable[Event]) -> dict[str, list[dict[str, Any]]]:
    """Table rows that say exactly what the gold says (tests use it as a perfect predictor)."""
    events, participants, parties = [], [], []
    for index, event in enumerate(gold_events):
        event_id = f"{doc_id}-{event['type'][0]}{index + 1}"
        location = event.get("location") or {}
        date = event.get("date") if event["type"] == "meeting" else event.get("date_signed")
        events.append(
            {
                "event_id": event_id, "doc_id": doc_id, "lang": lang, "type": event["type"],
                "status": event["status"], "format": event.get("format"), "kind": event.get("kind"),
                "title": event.get("title"), "meeting_name": event.get("meeting_name"), "date": date,
                "date_precision": None if date is None else {4: "year", 7: "month", 10: "day"}.get(len(date.partition("/")[0])),
                "date_expected": event.get("date_expected"),
                "validity": event.get("validity") if isinstance(event.get("validity"), str) else None,
                "location_city": location.get("city"), "location_country": location.get("country"),
                "location_venue": location.get("venue"), "countries": list(event.get("countries") or []),
                "organizations": [
                    {"name": o.get("name") or o.get("name_en") or "", "name_en": o.get("name_en"), "country": None}
                    for o in event.get("organizations") or []
                ],
                "topics": list(event.get("topics") or []), "background": bool(event.get("background")),
                "evidence": event.get("evidence") or "", "sentence_index": 0, "evidence_start": 0,
                "evidence_end": len(event.get("evidence") or ""), "rule": "gold", "confidence": 1.0,
                "cameo": None, "plover": None, "versions": "gold",
            }
        )
        role = "signatory" if event["type"] == "agreement" else "participant"
        for person in event.get("signatories" if role == "signatory" else "participants") or []:
            participants.append(
                {"event_id": event_id, "doc_id": doc_id, "role": role, "mention": person.get("mention") or person.get("name") or "",
                 "name": person.get("name"), "name_latin": person.get("name_latin"), "title": person.get("title"),
                 "organization": person.get("organization"), "country": person.get("country"), "start": None, "end": None}
            )
        if event["type"] == "agreement":
            party = event.get("parties") or {}
            for code in party.get("countries") or []:
                parties.append({"event_id": event_id, "doc_id": doc_id, "party_type": "country", "name": code, "name_en": None, "country": code})
            for org in party.get("organizations") or []:
                parties.append({"event_id": event_id, "doc_id": doc_id, "party_type": "organization",
                                "name": org.get("name") or org.get("name_en") or "", "name_en": org.get("name_en"), "country": None})
    return {"events": events, "participants": participants, "agreement_parties": parties}
