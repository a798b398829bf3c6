"""Events as rows of the `events`, `participants` and `agreement_parties` tables (schemas in parley.schema)."""

from __future__ import annotations

from typing import Any

from parley.extract.events import Event

_CAMEO = {
    ("meeting", "held", "phone"): "041",
    ("meeting", "held"): "040",
    ("meeting", "planned"): "036",
    ("agreement", "signed"): "057",
    ("agreement", "planned"): "031",
    ("agreement", "discussed"): "046",
}


def event_rows(doc_id: str, lang: str, body: str, events: list[Event], versions: str) -> dict[str, list[dict[str, Any]]]:
    """Table rows of one document's events; ids are <doc_id>-<m|a><n> in text order."""
    rows: dict[str, list[dict[str, Any]]] = {"events": [], "participants": [], "agreement_parties": []}
    counters = {"meeting": 0, "agreement": 0}
    for event in events:
        counters[event.type] += 1
        event_id = f"{doc_id}-{event.type[0]}{counters[event.type]}"
        sentence = event.sentence
        assert body[sentence.start : sentence.end] == sentence.text, "sentence offsets must slice the body"
        rows["events"].append(
            {
                "event_id": event_id, "doc_id": doc_id, "lang": lang, "type": event.type, "status": event.status,
                "format": event.format, "kind": event.kind, "title": event.title, "meeting_name": event.meeting_name,
                "date": _value(event.date), "date_precision": event.date.precision if event.date and event.date.value else None,
                "date_expected": _value(event.date_expected), "validity": event.validity,
                "location_city": event.city, "location_country": event.location_country, "location_venue": None,
                "countries": list(event.countries),
                "organizations": [{"name": o.name, "name_en": o.name if lang == "en" else None, "country": o.country}
                                  for o in event.organizations],
                "topics": list(event.topics), "background": event.background, "evidence": sentence.text,
                "sentence_index": sentence.index, "evidence_start": sentence.start, "evidence_end": sentence.end,
                "rule": event.rule_trail, "confidence": event.confidence, "cameo": _cameo(event), "plover": _plover(event),
                "versions": versions,
            }
        )
        role = "signatory" if event.type == "agreement" else "participant"
        for person in event.people:
            rows["participants"].append(
                {"event_id": event_id, "doc_id": doc_id, "role": role, "mention": person.mention, "name": person.name,
                 "name_latin": person.name_latin, "title": person.title, "organization": person.organization,
                 "country": person.country, "start": person.offset + person.start, "end": person.offset + person.end}
            )
        if event.type == "agreement":
            for code in event.party_countries:
                rows["agreement_parties"].append(
                    {"event_id": event_id, "doc_id": doc_id, "party_type": "country", "name": code, "name_en": None, "country": code}
                )
            for org in event.organizations:
                rows["agreement_parties"].append(
                    {"event_id": event_id, "doc_id": doc_id, "party_type": "organization", "name": org.name,
                     "name_en": org.name if lang == "en" else None, "country": org.country}
                )
    return rows


def _value(mention: Any) -> str | None:
    return mention.value if mention is not None else None


def _cameo(event: Event) -> str | None:
    return _CAMEO.get((event.type, event.status, event.format or "")) or _CAMEO.get((event.type, event.status))


def _plover(event: Event) -> str:
    if event.type == "agreement":
        return "SUPPORT" if event.status == "signed" else "AGREE"
    if event.format == "phone":
        return "CONSULT/phone"
    if len(set(event.countries)) > 2:
        return "CONSULT/multilateral"
    return "CONSULT/visit"
