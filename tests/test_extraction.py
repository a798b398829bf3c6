"""Specification of event extraction, read as examples (no Stanza models needed: the regex tokenizer
stands in for them, so these run everywhere in a few seconds).

End-to-end scores with real models are in test_extraction_golden.py."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.extract.events import Event, extract_events
from parley.extract.geo import gazetteer
from parley.extract.patterns import PatternSet
from parley.extract.people import latin_name
from parley.extract.rows import event_rows
from parley.extract.when import date_finder, validity_period
from parley.nlp.fallback import tokenize_document
from parley.resources.loader import available_languages, name_resources

PUBLISHED = dt.date(2024, 3, 14)


def events_of(text: str, lang: str, published: dt.date | None = PUBLISHED) -> list[Event]:
    return extract_events(tokenize_document("doc", lang, text, "test"), published)


# --- the pattern language of the resource files ------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("görüş*", "görüşüb", True),
        ("görüş*", "qörüş", False),
        ("meet", "meeting", False),
        ("*abkommen*", "Sozialversicherungsabkommens", True),
        ("hielt ... ab", "hielt ein Treffen mit der Delegation ab", True),
        ("yo'l xarita*", "yo‘l xaritasi", True),
    ],
)
def test_resource_patterns(pattern: str, text: str, matches: bool) -> None:
    assert (PatternSet([pattern]).search(text) is not None) is matches


_IN_WORD = ["*abkommen*", "*ministerium*", "*dokument", "*dokumente", "*vertrag über die lieferung", "*gipfel*"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["abkommen", "ministerium", "dokument", "dokumente", "vertrag", "über", "die", "lieferung", "gipfel", "bundes", "e", "s", "-", " ", ", ", "x"]), max_size=25))
def test_in_word_patterns_match_as_the_plain_regex(pieces: list[str]) -> None:
    """The fast search for `*...` patterns (the rest first, then back to the word's start) finds
    exactly the matches of the plain alternation that starts with `\\w*`."""
    text = "".join(pieces)
    free = PatternSet(_IN_WORD)._free
    assert [m.span() for m in free.finditer(text)] == [m.span() for m in free.regex.finditer(text)]


# --- countries, cities, dates, names ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "codes"),
    [
        ("az", "Özbəkistanın və Azərbaycanın nazirləri", ["UZ", "AZ"]),
        ("ru", "министр Турции и делегация Азербайджана", ["TR", "AZ"]),
        ("de", "das aserbaidschanische Ministerium und Usbekistans Agentur", ["AZ", "UZ"]),
        ("en", "Uzbekistan's minister and the Azerbaijani side", ["UZ", "AZ"]),
        ("tr", "Türkiye'nin ve Kırgızistan'ın bakanları", ["TR", "KG"]),
        ("uz", "O‘zbekiston va Qozog‘iston vazirlari", ["UZ", "KZ"]),
    ],
)
def test_countries_from_names_adjectives_and_inflected_forms(lang: str, text: str, codes: list[str]) -> None:
    assert [p.country for p in gazetteer(lang).find(text) if p.kind != "city"] == codes


def test_cities_in_every_script_and_case() -> None:
    assert [p.city for p in gazetteer("az").find("Bakıda keçirilib")] == ["Baku"]
    assert [p.city for p in gazetteer("ru").find("в Баку и в Ташкенте")] == ["Baku", "Tashkent"]
    assert gazetteer("ru").find("Бакытом Усеновым") == []  # a first name, not Baku plus an ending


@pytest.mark.parametrize(
    ("lang", "text", "published", "value", "precision"),
    [
        ("ru", "в ноябре 2023 года", PUBLISHED, "2023-11", "month"),
        ("az", "2023-cü ilin avqust ayında", None, "2023-08", "month"),
        ("de", "am 23. August", dt.date(2024, 8, 24), "2024-08-23", "day"),
        ("az", "keçən ilin oktyabr ayında", PUBLISHED, "2023-10", "month"),
        ("ru", "в октябре прошлого года", PUBLISHED, "2023-10", "month"),
        ("en", "on Tuesday", PUBLISHED, "2024-03-12", "day"),
        ("az", "Martın 12-də", PUBLISHED, "2024-03-12", "day"),
        ("uz", "23-aprel kuni", dt.date(2024, 4, 24), "2024-04-23", "day"),
        ("tr", "12 Mart'ta", PUBLISHED, "2024-03-12", "day"),
    ],
)
def test_dates_keep_their_precision(lang: str, text: str, published: dt.date | None, value: str, precision: str) -> None:
    found = [m for m in date_finder(lang).find(text, published) if m.value]
    assert [(m.value, m.precision) for m in found] == [(value, precision)]


@pytest.mark.parametrize(("lang", "text"), [("de", "im März"), ("az", "Martın 12-də"), ("ru", "в октябре прошлого года")])
def test_no_year_is_invented_without_a_publication_date(lang: str, text: str) -> None:
    assert [m.value for m in date_finder(lang).find(text, None)] == [None]


def test_validity_periods_are_not_dates() -> None:
    assert validity_period("für die Jahre 2024–2026") == "2024-2026"
    assert validity_period("2023-2024-cü illər üçün Fəaliyyət Planı") == "2023-2024"
    assert [m.value for m in date_finder("de").find("für die Jahre 2024–2026", PUBLISHED) if m.value] == []


@pytest.mark.parametrize(
    ("lang", "text", "base", "latin"),
    [
        ("az", "naziri Sahil Babayevlə görüşüb.", "Sahil Babayev", "Sahil Babayev"),
        ("az", "nazir Şavkat Mirziyoyevin imzaladığı", "Şavkat Mirziyoyev", "Shavkat Mirziyoyev"),
        ("ru", "встреча с генеральным секретарем Кубанычбеком Омуралиевым.", "Кубанычбек Омуралиев", "Kubanychbek Omuraliev"),
        ("ru", "встреча заместителя министра Андрея Крылова и", "Андрей Крылов", "Andrey Krylov"),
        ("tr", "Bakan Yardımcısı Reşad Kerimli'nin açıklaması", "Reşad Kerimli", "Resad Kerimli"),
        ("uz", "vaziri Jasur Olimovning tashrifi", "Jasur Olimov", "Jasur Olimov"),
    ],
)
def test_names_lose_their_case_endings_and_get_a_latin_form(lang: str, text: str, base: str, latin: str) -> None:
    from parley.extract.events import people_finder

    places = gazetteer(lang).find(text)
    people = people_finder(lang).people(text, places, [], {}, None)
    assert [(p.name, p.name_latin) for p in people] == [(base, latin)]


def test_latin_forms_follow_each_language() -> None:
    assert latin_name("Cəmşid Qasımov", dict(name_resources("az").names.latin)) == "Jamshid Gasimov"
    assert latin_name("Ziroatxon Mirziyoyeva", dict(name_resources("uz").names.latin)) == "Ziroatkhon Mirziyoyeva"
    assert latin_name("Ильхам Алиев", {}) == "Ilkham Aliev"


# --- events ------------------------------------------------------------------------------------------


def test_a_meeting_with_its_participants_countries_date_and_place() -> None:
    text = (
        "Head of Azerbaijan's State Migration Service Tural Nabiyev met with Kyrgyzstan's Deputy Minister "
        "of Labour Bakyt Usenov in Baku on Tuesday.\n\nThe sides discussed labour migration."
    )
    (event,) = events_of(text, "en")
    assert (event.type, event.status, event.format) == ("meeting", "held", "in_person")
    assert [p.name_latin for p in event.people] == ["Tural Nabiyev", "Bakyt Usenov"]
    assert [p.country for p in event.people] == ["AZ", "KG"]
    assert sorted(event.countries) == ["AZ", "KG"] and event.city == "Baku"
    assert event.date is not None and event.date.value == "2024-03-12"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "The minister noted that 63 documents were signed last year and agreed to deepen cooperation."),
        ("en", "The ministry held a press conference on the new decree on labour migration."),
        ("ru", "В прошлом году министерство подписало 9 документов, стороны договорились углублять сотрудничество."),
        ("az", "Nazirlər Kabinetinin qərarı ilə 63 sənəd imzalanıb."),
        ("de", "Das Parlament verabschiedete das Gesetz; auf der Pressekonferenz wurden 21 Dokumente vorgestellt."),
    ],
)
def test_no_event_from_counts_decrees_press_conferences_or_verbal_agreement(lang: str, text: str) -> None:
    assert events_of(text, lang) == []


def test_a_denied_signing_is_no_event_and_a_planned_one_is_planned() -> None:
    denied = "Minister Elnur Gasimov said that an agreement on trade in services was not signed."
    assert events_of(denied, "en") == []
    planned = "The two ministers agreed that a memorandum of understanding between Azerbaijan and Kazakhstan would be signed in November."
    (event,) = events_of(planned, "en")
    assert (event.type, event.kind, event.status) == ("agreement", "mou", "planned")
    assert event.date is None and event.date_expected is not None and event.date_expected.value == "2024-11"


def test_several_counterparts_in_one_sentence_are_several_meetings() -> None:
    text = (
        "В тот же день Андрей Крылов встретился с начальником Государственной миграционной службы Азербайджана "
        "Туралом Набиевым, а 26 сентября — с председателем фонда Орханом Сафарли."
    )
    events = events_of(text, "ru", dt.date(2024, 9, 27))
    assert [[p.name_latin for p in e.people] for e in events] == [
        ["Andrey Krylov", "Tural Nabiev"],
        ["Andrey Krylov", "Orkhan Safarli"],
    ]
    assert events[1].date is not None and events[1].date.value == "2024-09-26"


def test_an_action_plan_implementing_a_memorandum_is_one_document() -> None:
    text = (
        "Görüşün yekunu olaraq Azərbaycanın Əmək Nazirliyi və Pakistanın Nazirliyi arasında Anlaşma Memorandumunun "
        "həyata keçirilməsinə dair 2023-2024-cü illər üçün Fəaliyyət Planı imzalanıb."
    )
    events = events_of(text, "az", None)  # and the meeting "Görüşün yekunu olaraq" speaks of, opening the text
    (event,) = [e for e in events if e.type == "agreement"]
    assert (event.kind, event.status, event.validity) == ("action_plan", "signed", "2023-2024")
    assert sorted(event.party_countries) == ["AZ", "PK"]


def test_rows_give_evidence_and_mentions_that_slice_the_body() -> None:
    text = "Uzbekistan's Minister of Employment Jasur Olimov held talks with Helga Brandt, a member of the Executive Board, in Berlin."
    doc = tokenize_document("doc", "en", text, "test")
    rows = event_rows("doc", "en", text, extract_events(doc, PUBLISHED), "test")
    (event,) = rows["events"]
    assert text[event["evidence_start"] : event["evidence_end"]] == event["evidence"]
    assert event["cameo"] == "040" and event["plover"].startswith("CONSULT")
    for person in rows["participants"]:
        assert text[person["start"] : person["end"]] == person["mention"]


# --- never crashes ----------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(list("abcəğışçöüАБВжщыёйäßéо‘’'«»„“.,;:-–—()0123456789 \n\t") + ["Baku", "met", "görüş", "встреча", "signed", "Memorandum", "2024", "Aliyev"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lang=st.sampled_from(available_languages()),
    text=st.lists(_ALPHABET, max_size=120).map(" ".join),
    published=st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))),
)
def test_extraction_never_raises_and_evidence_slices_the_body(lang: str, text: str, published: dt.date | None) -> None:
    doc = tokenize_document("doc", lang, text, "test")
    rows = event_rows("doc", lang, text, extract_events(doc, published), "test")
    for event in rows["events"]:
        assert text[event["evidence_start"] : event["evidence_end"]] == event["evidence"]
    for person in rows["participants"]:
        assert text[person["start"] : person["end"]] == person["mention"]


def test_topics_and_a_named_conference() -> None:
    text = (
        "At the international conference “DOST 2023: A Unified Platform” Minister Sahil Babayev met "
        "Vice Chairman Jamshid Abruyev of Uzbekistan to discuss labour migration and pensions."
    )
    (event,) = events_of(text, "en")
    assert event.meeting_name == "DOST 2023: A Unified Platform"
    assert {"labour migration", "pensions"} <= set(event.topics)


def test_an_org_entity_gives_an_organisation_its_whole_extent() -> None:
    """Stanza's ORG span joins the words the head-word rule leaves apart; without it the rule
    alone decides, and the span never runs over a person."""
    from parley.extract.cues import people_finder

    text = "Milli Məclisin sədri Çin Xalq Respublikası Ümumçin Xalq Nümayəndələri Məclisinin Daimi Komitəsinin sədri ilə görüşüb."
    places = gazetteer("az").find(text)
    finder = people_finder("az")
    plain = [o.name for o in finder.organizations(text, places, "AZ")]
    start = text.index("Çin")
    tagged = [o.name for o in finder.organizations(text, places, "AZ", (), [(start, text.index(" sədri ilə"))])]
    assert "Daimi Komitəsinin" in plain and "Çin Xalq Respublikası Ümumçin Xalq Nümayəndələri Məclisinin" in plain
    assert tagged == ["Milli Məclisin", "Çin Xalq Respublikası Ümumçin Xalq Nümayəndələri Məclisinin Daimi Komitəsinin"]


def test_words_that_are_never_names_overrule_a_per_tag() -> None:
    """Stanza tagged 'Atatürk Beynəlxalq' (an airport) PER; 'Beynəlxalq' (international) is in the
    language's not_names, so no person comes of it."""
    from parley.extract.cues import people_finder

    text = "İstanbulun Atatürk Beynəlxalq hava limanında Prezident İlham Əliyev qarşılanıb."
    start = text.index("Atatürk")
    people = people_finder("az").people(text, gazetteer("az").find(text), [(start, start + len("Atatürk Beynəlxalq"))], {}, "AZ")
    assert [p.name for p in people] == ["İlham Əliyev"]
