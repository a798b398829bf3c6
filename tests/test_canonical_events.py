"""Specification of canonical events and actors on small hand-made reports: what becomes one real
event, what stays apart, how merged fields and ids are chosen (docs/canonical.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from parley.canonical import CanonicalTables, MergeRules, canonicalise
from parley.canonical.actors import stable_id

Person = tuple[str, str | None]  # (mention as written, country)


class Reports:
    """A small corpus of event rows built report by report."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.participants: list[dict[str, Any]] = []
        self.parties: list[dict[str, Any]] = []
        self.published: dict[str, dt.date | None] = {}

    def add(
        self,
        doc: str,
        people: list[Person],
        *,
        lang: str = "en",
        published: str | None = "2023-10-12",
        type: str = "meeting",
        date: str | None = None,
        city: str | None = None,
        country: str | None = None,
        countries: list[str] | None = None,
        status: str | None = None,
        format: str | None = "in_person",
        kind: str | None = None,
        title: str | None = None,
        meeting_name: str | None = None,
        background: bool = False,
        date_expected: str | None = None,
    ) -> str:
        index = sum(1 for e in self.events if e["doc_id"] == doc) + 1
        event_id = f"{doc}-{type[0]}{index}"
        self.published[doc] = dt.date.fromisoformat(published) if published else None
        party_countries = countries if countries is not None else sorted({c for _, c in people if c})
        self.events.append(
            {
                "event_id": event_id, "doc_id": doc, "lang": lang, "type": type,
                "status": status or ("held" if type == "meeting" else "signed"),
                "format": format if type == "meeting" else None, "kind": kind, "title": title,
                "meeting_name": meeting_name, "date": date,
                "date_precision": None if date is None else {4: "year", 7: "month", 10: "day"}[len(date)],
                "date_expected": date_expected, "validity": None, "location_city": city,
                "location_country": country, "location_venue": None,
                "countries": party_countries if type == "meeting" else [], "organizations": [], "topics": [],
                "background": background, "evidence": "e", "sentence_index": 0, "evidence_start": 0,
                "evidence_end": 1, "rule": "test", "confidence": 0.9, "cameo": None, "plover": None, "versions": "t",
            }
        )
        role = "participant" if type == "meeting" else "signatory"
        for mention, person_country in people:
            self.participants.append(
                {"event_id": event_id, "doc_id": doc, "role": role, "mention": mention, "name": None,
                 "name_latin": None, "title": None, "organization": None, "country": person_country, "start": None, "end": None}
            )
        if type == "agreement":
            for code in party_countries:
                self.parties.append({"event_id": event_id, "doc_id": doc, "party_type": "country", "name": code, "name_en": None, "country": code})
        return event_id

    def run(self, rules: MergeRules | None = None) -> CanonicalTables:
        return canonicalise(self.events, self.participants, self.parties, self.published, rules)


def groups(result: CanonicalTables) -> set[frozenset[str]]:
    by_id: dict[str, set[str]] = {}
    for row in result.event_mentions:
        by_id.setdefault(row["canonical_id"], set()).add(row["event_id"])
    return {frozenset(g) for g in by_id.values()}


def together(result: CanonicalTables, *event_ids: str) -> bool:
    ids = result.canonical_id_of()
    return len({ids[e] for e in event_ids}) == 1


BABAYEV_AZ = ("Sahil Babayev", "AZ")
ISIKHAN_TR = ("Vedat Işıkhan", "TR")


def test_one_meeting_reported_in_three_languages_is_one_event() -> None:
    r = Reports()
    az = r.add("az1", [("Sahil Babayevlə", "AZ"), ("Vedat Işıkhan", "TR")], lang="az", date="2023-10-12", city="Baku", country="AZ")
    ru = r.add("ru1", [("Сахилом Бабаевым", "AZ"), ("Ведатом Ишикханом", "TR")], lang="ru", date="2023-10-12")
    tr = r.add("tr1", [("Vedat Işıkhan", "TR"), ("Sahil Babayev'i", "AZ")], lang="tr", published="2023-10-13", date="2023-10-12", city="Baku")
    result = r.run()
    assert together(result, az, ru, tr)
    (event,) = result.canonical_events
    assert (event["mention_count"], event["document_count"], event["language_count"]) == (3, 3, 3)
    assert event["languages"] == ["az", "ru", "tr"]
    assert (event["date"], event["date_precision"], event["location_city"]) == ("2023-10-12", "day", "Baku")
    assert (event["first_reported"], event["last_reported"]) == (dt.date(2023, 10, 12), dt.date(2023, 10, 13))
    assert len(event["person_ids"]) == 2 and sorted(event["person_names"])[0] == "Sahil Babayev"


def test_the_same_people_on_another_day_are_another_meeting() -> None:
    r = Reports()
    october = r.add("a", [BABAYEV_AZ, ISIKHAN_TR], date="2023-10-12", city="Baku")
    december = r.add("b", [BABAYEV_AZ, ISIKHAN_TR], published="2023-12-14", date="2023-12-14", city="Ankara")
    assert not together(r.run(), october, december)


def test_a_month_is_compatible_with_a_day_inside_it_and_not_outside() -> None:
    r = Reports()
    day = r.add("a", [BABAYEV_AZ, ISIKHAN_TR], date="2023-10-12")
    month = r.add("b", [BABAYEV_AZ, ISIKHAN_TR], published="2023-12-14", date="2023-10", background=True)
    other_month = r.add("c", [BABAYEV_AZ, ISIKHAN_TR], published="2023-12-20", date="2023-11", background=True)
    result = r.run()
    assert together(result, day, month)
    assert not together(result, day, other_month)


def test_undated_reports_fall_back_to_the_publication_date() -> None:
    """An undated report of a held meeting happened within `report_window_days` before publication."""
    r = Reports()
    dated = r.add("a", [BABAYEV_AZ, ISIKHAN_TR], date="2023-10-12")
    next_day = r.add("b", [BABAYEV_AZ, ISIKHAN_TR], published="2023-10-13")
    weeks_later = r.add("c", [BABAYEV_AZ, ISIKHAN_TR], published="2023-11-02")
    result = r.run()
    assert together(result, dated, next_day)
    assert not together(result, dated, weeks_later)
    mention = next(m for m in result.event_mentions if m["event_id"] == next_day)
    assert mention["date_basis"] == "published"
    assert not together(r.run(MergeRules(report_window_days=0)), dated, next_day)


def test_an_undated_background_mention_stays_alone() -> None:
    """An undated background mention ("the ministers last met in Baku") could be any of the meetings
    of the same people: it is never merged, however strong the rest of the evidence."""
    r = Reports()
    dated = r.add("a", [BABAYEV_AZ, ISIKHAN_TR], date="2023-10-12", city="Baku")
    background = r.add("c", [BABAYEV_AZ, ISIKHAN_TR], published="2023-10-13", background=True, city="Baku")
    unpublished_background = r.add("d", [BABAYEV_AZ, ISIKHAN_TR], published=None, background=True)
    result = r.run()
    assert len(groups(result)) == 3
    assert {m["date_basis"] for m in result.event_mentions if m["event_id"] in (background, unpublished_background)} == {None}
    assert together(result, dated)


def test_an_unpublished_report_joins_the_only_event_it_can_be() -> None:
    """Nothing dates a report without a publication date: it joins an event on strong evidence only
    (two people shared), and only when every event it could join is one; beside two meetings of
    the same people on different days it stays alone."""
    r = Reports()
    dated = r.add("a", [BABAYEV_AZ, ISIKHAN_TR], date="2023-10-12")
    unpublished = r.add("b", [BABAYEV_AZ, ISIKHAN_TR], published=None)
    also_unpublished = r.add("e", [BABAYEV_AZ, ISIKHAN_TR], published=None, lang="tr")
    one_person = r.add("f", [BABAYEV_AZ], published=None, countries=["AZ", "TR"])
    result = r.run()
    assert together(result, dated, unpublished, also_unpublished)
    assert {m["date_basis"] for m in result.event_mentions if m["event_id"] == unpublished} == {None}
    assert not together(result, dated, one_person)  # one person and two countries: too little
    later = r.add("g", [BABAYEV_AZ, ISIKHAN_TR], date="2024-03-01")
    result = r.run()
    assert len({frozenset(g) for g in groups(result) if unpublished in g or later in g or dated in g}) == 3
    assert not together(result, dated, unpublished) and not together(result, later, unpublished)


def test_an_unpublished_report_of_three_countries_joins_on_one_person() -> None:
    """One person and the same three countries, or the same two and the same city, single out a
    meeting; a different city is still a conflict."""
    r = Reports()
    trilateral = r.add("a", [BABAYEV_AZ], published=None, countries=["AZ", "TR", "UZ"], city="Tashkent")
    report = r.add("b", [BABAYEV_AZ, ISIKHAN_TR], published=None, lang="tr", countries=["AZ", "TR", "UZ"])
    assert together(r.run(), trilateral, report)
    r = Reports()
    bilateral = r.add("c", [BABAYEV_AZ], published=None, countries=["AZ", "TR"], city="Ankara")
    same_city = r.add("d", [BABAYEV_AZ, ISIKHAN_TR], published=None, lang="ru", countries=["AZ", "TR"], city="Ankara")
    no_city = r.add("e", [BABAYEV_AZ], published=None, countries=["AZ", "TR"], lang="de")
    elsewhere = r.add("f", [BABAYEV_AZ, ISIKHAN_TR], published=None, countries=["AZ", "TR"], city="Izmir", lang="uz")
    result = r.run()
    assert not together(result, no_city, same_city)  # one person, two countries, no city: too little
    assert not together(result, elsewhere, same_city)
    assert together(result, bilateral, same_city)


def test_different_counterparts_stay_apart_in_one_document_and_across_documents() -> None:
    r = Reports()
    with_eeas = r.add("en1", [("Ilham Aliyev", "AZ"), ("Pieter van Houten", None)], date="2024-03-14", city="Baku")
    with_uzbeks = r.add("en1", [("Ilham Aliyev", "AZ"), ("Otabek Yusupov", "UZ")], date="2024-03-14", city="Baku")
    uz_report = r.add("uz1", [("Otabek Yusupov", "UZ"), ("Ilhom Aliyev", "AZ")], lang="uz", published="2024-03-14")
    ru_report = r.add("ru1", [("Ильхам Алиев", "AZ"), ("Питера ван Хаутена", None)], lang="ru", date="2024-03-14")
    result = r.run()
    assert groups(result) == {frozenset({with_eeas, ru_report}), frozenset({with_uzbeks, uz_report})}


def test_a_host_seeing_two_guests_on_one_day_holds_two_meetings() -> None:
    r = Reports()
    kazakh = r.add("ru1", [("Ерлан Садыков", "KZ"), ("Кубанычбеком Омуралиевым", None)], lang="ru", date="2023-12-06", city="Istanbul")
    kyrgyz = r.add("en1", [("Kubanychbek Omuraliev", None), ("Aibek Toktogulov", "KG")], date="2023-12-06", city="Istanbul")
    assert not together(r.run(), kazakh, kyrgyz)


def test_reports_naming_complementary_sides_are_one_meeting() -> None:
    """One report names only the Azerbaijani minister, the other only the Turkish one: both cover
    Azerbaijan and Turkey, on the same day in the same city."""
    r = Reports()
    az_side = r.add("az1", [("Sahil Babayev", "AZ")], lang="az", countries=["AZ", "TR"], date="2023-10-12", city="Baku")
    tr_side = r.add("tr1", [("Vedat Işıkhan", "TR")], lang="tr", countries=["AZ", "TR"], date="2023-10-12", city="Baku")
    other_guest = r.add("uz1", [("Sahil Babayev", "AZ"), ("Jamshid Nurmatov", "UZ")], lang="uz", date="2023-10-12", city="Baku")
    result = r.run()
    assert together(result, az_side, tr_side)
    assert not together(result, az_side, other_guest)


def test_places_and_formats_must_agree() -> None:
    r = Reports()
    baku = r.add("a", [BABAYEV_AZ, ISIKHAN_TR], date="2023-10-12", city="Baku", country="AZ")
    ankara = r.add("b", [BABAYEV_AZ, ISIKHAN_TR], date="2023-10-12", city="Ankara", country="TR")
    phone = r.add("c", [BABAYEV_AZ, ISIKHAN_TR], date="2023-10-12", format="phone")
    result = r.run()
    assert len({result.canonical_id_of()[e] for e in (baku, ankara, phone)}) == 3


def test_meetings_without_named_people_merge_on_countries_name_and_date() -> None:
    r = Reports()
    en = r.add("en1", [], countries=["AZ", "UZ"], country="AZ", meeting_name="DOST 2023: A Unified Platform")
    de = r.add("de1", [], lang="de", countries=["AZ", "UZ"], country="AZ", meeting_name="DOST 2023: Eine einheitliche Plattform")
    talks = r.add("de1", [BABAYEV_AZ, ("Jamshid Abruyev", "UZ")], lang="de")
    result = r.run()
    assert together(result, en, de)
    assert not together(result, en, talks)


def test_a_planned_agreement_later_signed_is_one_agreement_with_the_latest_status() -> None:
    r = Reports()
    planned = r.add("a", [], type="agreement", kind="mou", countries=["AZ", "KZ"], status="planned", published="2023-11-10")
    signed = r.add("b", [("Leyla Gasimova", "AZ")], type="agreement", kind="mou", countries=["AZ", "KZ"], date="2023-11-21", published="2023-11-21")
    result = r.run()
    assert together(result, planned, signed)
    (event,) = result.canonical_events
    assert (event["status"], event["kind"], event["date"]) == ("signed", "mou", "2023-11-21")


def test_agreements_of_other_kinds_or_parties_stay_apart() -> None:
    r = Reports()
    plan = r.add("uz1", [], type="agreement", kind="action_plan", countries=["TR", "UZ"], date="2024-02-15", lang="uz")
    social = r.add("uz1", [], type="agreement", kind="agreement", countries=["TR", "UZ"], status="planned", date_expected="2024", lang="uz")
    plan_tr = r.add("tr1", [], type="agreement", kind="action_plan", countries=["TR", "UZ"], date="2024-02-15", lang="tr", published="2024-02-16")
    social_tr = r.add("tr1", [], type="agreement", kind="agreement", countries=["TR", "UZ"], status="planned", date_expected="2024", lang="tr", published="2024-02-16")
    kyrgyz = r.add("az1", [], type="agreement", kind="action_plan", countries=["KG", "UZ"], date="2024-02-15", lang="az")
    result = r.run()
    assert groups(result) == {frozenset({plan, plan_tr}), frozenset({social, social_tr}), frozenset({kyrgyz})}


def test_undated_agreements_join_on_a_proper_name_in_their_titles() -> None:
    """Two undated, unpublished MoUs of the same parties are one when their titles share a proper
    name that is no country's, across scripts and cases; a country's name, or nothing, is not enough."""
    r = Reports()
    tr = r.add("tr1", [], type="agreement", kind="mou", countries=["RU", "TR"], published=None, lang="tr",
               title="Kuzey Dorvania’daki limanlara ilişkin mutabakat zaptı")
    ru = r.add("ru1", [], type="agreement", kind="mou", countries=["RU", "TR"], published=None, lang="ru",
               title="меморандум о портах Северной Дорвании")
    other = r.add("ru2", [], type="agreement", kind="mou", countries=["RU", "TR"], published=None, lang="ru",
                  title="меморандум о сотрудничестве Турции и России")
    plain = r.add("en1", [], type="agreement", kind="mou", countries=["RU", "TR"], published=None,
                  title="Memorandum between Turkey and Russia")
    protocol = r.add("de1", [], type="agreement", kind="protocol", countries=["RU", "TR"], published=None, lang="de",
                     title="Protokoll über die Häfen Norddorvaniens")
    result = r.run()
    assert together(result, tr, ru)
    assert not together(result, other, plain)
    assert not together(result, tr, protocol) and not together(result, tr, other)


def test_agreements_of_two_reports_of_one_meeting_are_one() -> None:
    """Two reports of one meeting that each tell of one road map of its parties tell of the same
    road map; with two road maps in a report, which is which stays open."""
    r = Reports()
    meeting_en = r.add("en1", [BABAYEV_AZ, ISIKHAN_TR], date="2023-10-12")
    plan_en = r.add("en1", [], type="agreement", kind="action_plan", countries=["AZ"], title="road map")
    meeting_uz = r.add("uz1", [BABAYEV_AZ, ISIKHAN_TR], lang="uz")
    plan_uz = r.add("uz1", [], type="agreement", kind="action_plan", countries=["AZ", "TR"], lang="uz", title="yo‘l xaritasi")
    elsewhere = r.add("ru1", [], type="agreement", kind="action_plan", countries=["AZ"], lang="ru", title="дорожная карта")
    result = r.run()
    assert together(result, meeting_en, meeting_uz)
    assert together(result, plan_en, plan_uz)
    assert not together(result, plan_en, elsewhere)  # nothing ties that report to this meeting
    r = Reports()  # both recall the road map as background: the story still says which one
    r.add("en1", [BABAYEV_AZ, ISIKHAN_TR], date="2023-10-12")
    plan_en = r.add("en1", [], type="agreement", kind="action_plan", countries=["AZ", "TR"], background=True)
    r.add("uz1", [BABAYEV_AZ, ISIKHAN_TR], lang="uz")
    plan_uz = r.add("uz1", [], type="agreement", kind="action_plan", countries=["AZ", "TR"], lang="uz", background=True)
    assert together(r.run(), plan_en, plan_uz)
    r = Reports()
    plan_en = r.add("en1", [], type="agreement", kind="action_plan", countries=["AZ", "TR"], background=True)
    plan_uz = r.add("uz1", [], type="agreement", kind="action_plan", countries=["AZ", "TR"], lang="uz", background=True)
    assert not together(r.run(), plan_en, plan_uz)  # without a shared story, undated background stays alone
    second_plan = r.add("uz1", [], type="agreement", kind="action_plan", countries=["TR"], lang="uz", title="yana bir xarita")
    result = r.run()
    assert not together(result, plan_en, plan_uz) and not together(result, plan_en, second_plan)


def test_ids_come_from_the_earliest_report_and_survive_later_reports() -> None:
    r = Reports()
    first = r.add("a", [BABAYEV_AZ, ISIKHAN_TR], date="2023-10-12", published="2023-10-12")
    before = r.run().canonical_id_of()[first]
    assert before == stable_id("evt", ("event", "2023-10-12", "a", first))
    r.add("b", [BABAYEV_AZ, ISIKHAN_TR], date="2023-10-12", published="2023-10-14", lang="tr")
    assert r.run().canonical_id_of()[first] == before
    mentions = r.run().event_mentions
    assert [m["event_id"] for m in mentions if m["is_earliest"]] == [first]


def test_surnames_join_the_person_named_in_full_in_the_same_document() -> None:
    r = Reports()
    full = r.add("en1", [("Sajid Hussain Turi", "PK"), ("Bekzod Kholmatov", "UZ")], date="2023-06-14")
    short = r.add("en1", [("Turi", "PK"), ("Kholmatov", "UZ")], type="agreement", kind="mou", countries=["PK", "UZ"], date="2023-06-14")
    initials = r.add("uz1", [("S.H.Turi", "PK"), ("Bekzod Xolmatov", "UZ")], lang="uz", published="2023-06-14")
    result = r.run()
    people = {row["name"]: row for row in result.actors if row["kind"] == "person"}
    assert set(people) == {"Sajid Hussain Turi", "Bekzod Kholmatov"}
    assert set(people["Sajid Hussain Turi"]["surface_forms"]) == {"Sajid Hussain Turi", "Turi", "S.H.Turi"}
    assert people["Sajid Hussain Turi"]["mention_count"] == 3 and people["Sajid Hussain Turi"]["event_count"] == 3
    assert together(result, full, initials) and not together(result, full, short)


def test_an_ambiguous_surname_stays_a_partial_person_that_lists_its_candidates() -> None:
    r = Reports()
    r.add("a", [("Ilham Aliyev", "AZ"), ("Otabek Yusupov", "UZ")], date="2024-03-14")
    r.add("b", [("Anar Aliyev", "AZ"), ("Vedat Işıkhan", "TR")], date="2024-03-15")
    r.add("c", [("Aliyev", "AZ"), ("Frank Oltmanns", "DE")], date="2024-03-16")
    people = {row["name"]: row for row in canonical_actors(r)}
    assert not people["Aliyev"]["complete_name"]
    assert sorted(people["Aliyev"]["candidate_ids"]) == sorted([people["Ilham Aliyev"]["actor_id"], people["Anar Aliyev"]["actor_id"]])


def test_a_wrong_country_from_extraction_does_not_split_a_person() -> None:
    """Extraction often gives a guest the host's country (measured on the team corpus)."""
    r = Reports()
    r.add("az1", [("Vedat Işıkhan", "TR"), ("Sahil Babayevlə", "AZ")], lang="az", date="2023-10-12")
    r.add("tr1", [("Vedat Işıkhan", "AZ"), ("Sahil Babayev", "AZ")], lang="tr", date="2023-10-12")
    people = canonical_actors(r)
    assert len(people) == 2
    assert next(p for p in people if p["name"].startswith("Vedat"))["countries"] == ["AZ", "TR"]


def test_among_several_namesakes_a_surname_takes_the_one_of_its_country() -> None:
    r = Reports()
    r.add("a", [("Ali Hasanov", "AZ"), ("Frank Oltmanns", "DE")], date="2024-03-14")
    r.add("b", [("Murat Hasanov", "TR"), ("Frank Oltmanns", "DE")], date="2024-05-14")
    r.add("c", [("Hasanov", "TR"), ("Otabek Yusupov", "UZ")], date="2024-06-14")
    people = {row["name"]: row for row in canonical_actors(r)}
    assert "Hasanov" in people["Murat Hasanov"]["surface_forms"]
    assert "Hasanov" not in people


def test_descriptions_are_participants_but_not_actors() -> None:
    r = Reports()
    r.add("tr1", [("İki bakan", None)], lang="tr", date="2023-10")
    assert canonical_actors(r) == []


def canonical_actors(r: Reports) -> list[dict[str, Any]]:
    return [row for row in r.run().actors if row["kind"] == "person"]
