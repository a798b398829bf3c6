"""Properties of canonicalisation: it never raises on odd rows, every mention lands in exactly one
canonical event, and the same rows in any order give the same tables and ids."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.canonical import canonicalise
from parley.evaluation.clusters import GoldCorpus, load_corpus

TEAM = Path(__file__).parent / "golden" / "clusters"


@pytest.fixture(scope="module")
def corpora(shared_dir: Path) -> GoldCorpus:
    """The team corpus and dev-gold together: 80 event mentions, 43 documents."""
    team = load_corpus(TEAM / "gold", TEAM / "clusters.json")
    dev = load_corpus(shared_dir / "dev-gold", shared_dir / "dev-gold" / "clusters.json")
    tables = {name: team.tables[name] + dev.tables[name] for name in team.tables}
    return GoldCorpus(tables, {**team.published, **dev.published}, {}, {}, {})


def run(tables: dict[str, list[dict[str, Any]]], published: dict[str, dt.date | None]) -> tuple[list, list, list]:
    result = canonicalise(tables["events"], tables["participants"], tables["agreement_parties"], published)
    return result.actors, result.canonical_events, result.event_mentions


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_same_rows_in_any_order_give_the_same_tables(corpora: GoldCorpus, data: st.DataObject) -> None:
    baseline = run(corpora.tables, corpora.published)
    shuffled = {name: data.draw(st.permutations(rows), label=name) for name, rows in corpora.tables.items()}
    assert run(shuffled, dict(reversed(list(corpora.published.items())))) == baseline


NAMES = [
    "Sahil Babayev", "Sahil Babayevlə", "Сахилом Бабаевым", "Vedat Işıkhan", "Ведатом Ишикханом", "Turi",
    "S.H.Turi", "Sajid Hussain Turi", "Aliyev", "Ilham Aliyev", "Anar Aliyev", "the head of state", "",
]
DATES = st.one_of(
    st.none(), st.sampled_from(["2023-10-12", "2023-10", "2023", "2023-10-13", "2023-02-30", "soon", "2023-13"])
)
COUNTRIES = st.lists(st.sampled_from(["AZ", "TR", "UZ", "KZ", ""]), max_size=3)


@st.composite
def reports(draw: st.DrawFn) -> tuple[dict[str, list[dict[str, Any]]], dict[str, dt.date | None]]:
    """Messy event rows: odd dates, empty names, unknown countries, any mix of types and statuses."""
    events, participants, parties = [], [], []
    published: dict[str, dt.date | None] = {}
    for n in range(draw(st.integers(0, 12))):
        doc = f"d{draw(st.integers(0, 5))}"
        published[doc] = draw(st.one_of(st.none(), st.dates(dt.date(2023, 10, 1), dt.date(2023, 10, 20))))
        kind = draw(st.sampled_from(["meeting", "agreement"]))
        event_id = f"{doc}-{kind[0]}{n}"
        events.append(
            {
                "event_id": event_id, "doc_id": doc, "lang": draw(st.sampled_from(["en", "ru", "az", "tr", "de", "uz"])),
                "type": kind, "status": draw(st.sampled_from(["held", "planned", "signed", "discussed", ""])),
                "format": draw(st.sampled_from([None, "in_person", "video", "phone"])),
                "kind": draw(st.sampled_from([None, "mou", "other", "treaty", "agreement"])), "title": draw(st.one_of(st.none(), st.text(max_size=20))),
                "meeting_name": None, "date": draw(DATES), "date_precision": None, "date_expected": draw(DATES),
                "validity": None, "location_city": draw(st.sampled_from([None, "Baku", "Ankara", ""])),
                "location_country": draw(st.sampled_from([None, "AZ", "TR"])), "location_venue": None,
                "countries": draw(COUNTRIES), "organizations": draw(st.lists(st.fixed_dictionaries({"name": st.sampled_from(["Ministry of Labour (Azerbaijan)", "OTS", ""]), "name_en": st.none()}), max_size=2)),
                "background": draw(st.booleans()), "sentence_index": 0, "evidence_start": 0, "evidence_end": 0,
                "confidence": 0.5,
            }
        )
        for mention in draw(st.lists(st.sampled_from(NAMES), max_size=3)):
            participants.append(
                {"event_id": event_id, "doc_id": doc, "role": "participant", "mention": mention,
                 "name": draw(st.one_of(st.none(), st.sampled_from(NAMES))), "name_latin": None,
                 "title": None, "organization": None, "country": draw(st.sampled_from([None, "AZ", "TR", "PK"]))}
            )
        for code in draw(COUNTRIES):
            parties.append({"event_id": event_id, "doc_id": doc, "party_type": "country", "name": code, "name_en": None, "country": code})
    return {"events": events, "participants": participants, "agreement_parties": parties}, published


@settings(max_examples=150, deadline=None)
@given(corpus=reports(), order=st.randoms(use_true_random=False))
def test_messy_rows_never_raise_and_every_mention_lands_once(corpus: tuple, order: Any) -> None:
    tables, published = corpus
    actors, canonical_events, mentions = run(tables, published)
    assert sorted(m["event_id"] for m in mentions) == sorted(e["event_id"] for e in tables["events"])
    assert sum(e["mention_count"] for e in canonical_events) == len(tables["events"])
    assert len({e["canonical_id"] for e in canonical_events}) == len(canonical_events)
    types = {e["canonical_id"]: e["type"] for e in canonical_events}
    assert all(types[m["canonical_id"]] == m["type"] for m in mentions)
    assert len({a["actor_id"] for a in actors}) == len(actors)
    shuffled = {name: order.sample(rows, len(rows)) for name, rows in tables.items()}
    assert run(shuffled, published) == (actors, canonical_events, mentions)
