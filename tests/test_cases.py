"""Per-language case files: one sentence or short text a line with the events it must give, checked
exactly, with the regex tokenizer (no models). tests/cases/<lang>.jsonl; each line:

    {"case": what it shows, "published": "YYYY-MM-DD", "text": ..., "events": [
        {"type": "meeting", "status": "held", "people": [names in order], "countries": [...],
         "date": ..., "city": ..., "location_country": ..., "kind": ..., "title": ..., "titles": [person titles],
         "people_countries": [each person's country, in order]}]}

Only the fields an expected event names are compared (countries as a set); the number of events must
match. A line with "known_gap" says what parley still gets wrong there: it is an expected failure
(strict: the day it passes, the test says so and the gap note must go). The texts are the team's own,
written after the phenomena seen in real news; no third-party text is copied here."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from parley.extract.events import Event, extract_events
from parley.nlp.fallback import tokenize_document
from parley.resources.loader import available_languages

CASES = Path(__file__).parent / "cases"


def _cases() -> list:
    out = []
    for path in sorted(CASES.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            case = json.loads(line)
            marks = [pytest.mark.xfail(reason=case["known_gap"], strict=True)] if case.get("known_gap") else []
            out.append(pytest.param(path.stem, case, id=f"{path.stem}:{number}", marks=marks))
    return out


def _field(event: Event, name: str):  # noqa: ANN202 - one value per field name of the case files
    if name == "people":
        return [p.name for p in event.people]
    if name == "titles":
        return [p.title for p in event.people]
    if name == "people_countries":
        return [p.country for p in event.people]
    if name == "countries":
        return sorted(event.countries)
    if name == "date":
        return event.date.value if event.date else None
    if name == "organizations":
        return [o.name for o in event.organizations]
    return {
        "type": event.type, "status": event.status, "city": event.city, "location_country": event.location_country,
        "kind": event.kind, "title": event.title,
    }[name]


def _project(expected: dict, event: Event) -> dict:
    return {name: _field(event, name) for name in expected}


@pytest.mark.parametrize(("lang", "case"), _cases())
def test_case(lang: str, case: dict) -> None:
    doc = tokenize_document("case", lang, case["text"], "no_model")
    events = extract_events(doc, dt.date.fromisoformat(case["published"]))
    expected = [{k: sorted(v) if k == "countries" else v for k, v in e.items()} for e in case["events"]]
    got = [_project(e, ev) for e, ev in zip(expected, events, strict=False)]
    assert (len(events), got) == (len(expected), expected), case["case"]


def test_every_language_has_case_files() -> None:
    assert sorted(p.stem for p in CASES.glob("*.jsonl")) == available_languages()
    for lang in available_languages():
        assert sum(1 for line in (CASES / f"{lang}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()) >= 1
