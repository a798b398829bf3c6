"""Place names as news writes them, in every language: country names inflected, with case endings,
hyphenated acronyms; the towns where diplomacy happens, whatever their size. Each word below must be
read as the place it names (the gazetteer, parley/extract/geo.py, over iso-codes' translations, each
language's `[countries] names`, GeoNames and `_shared/names.toml` venues)."""

from __future__ import annotations

import pytest

from parley.extract.geo import gazetteer

FORMS = {
    "ru": {"CN": ["Китая", "Китае", "Китаем"], "IN": ["Индии", "Индией"], "SY": ["Сирии"], "LY": ["Ливии"],
           "EG": ["Египта"], "SA": ["Саудовской Аравии"], "KR": ["Южной Кореи"], "NL": ["Нидерландов"],
           "TR": ["Турции", "Турцией"], "AZ": ["Азербайджана", "Азербайджаном"], "BY": ["Беларуси", "Белоруссии"]},
    "de": {"AE": ["Vereinigten Arabischen Emirate"], "BY": ["Weißrussland", "Belarus"], "TR": ["Türkei"],
           "KZ": ["Kasachstans"], "UZ": ["Usbekistans"]},
    "en": {"KR": ["Republic of Korea", "South Korea"], "US": ["United States", "U.S."], "TR": ["Türkiye", "Turkey"]},
    "az": {"CN": ["Çinin", "Çin"], "US": ["ABŞ-ın", "ABŞ"], "KR": ["Cənubi Koreya"], "QA": ["Qətər"],
           "RS": ["Serbiyanın"], "UZ": ["Özbəkistanla"]},
    "tr": {"AZ": ["Azerbaycan'ın"], "DE": ["Almanya'ya"], "US": ["ABD'nin"], "CN": ["Çin'in"]},
    "uz": {"CN": ["Xitoyning", "Xitoy", "Хитой"], "GE": ["Gruziya"], "GB": ["Buyuk Britaniya"], "KR": ["Janubiy Koreya"],
           "HU": ["Vengriya"], "KZ": ["Qozog‘istonda", "Қозоғистонда"], "AZ": ["Ozarbayjonga"]},
}


@pytest.mark.parametrize("lang", sorted(FORMS))
def test_country_names_in_their_inflected_forms(lang: str) -> None:
    places = gazetteer(lang)
    wrong = {}
    for code, forms in FORMS[lang].items():
        for form in forms:
            found = [p for p in places.find(form) if p.kind == "country"]
            if [p.country for p in found] != [code]:
                wrong[form] = [p.country for p in found]
    assert not wrong, f"{lang}: {wrong}"


def test_a_hyphenated_acronym_with_a_case_ending_is_the_country_alone() -> None:
    found = gazetteer("az").find("ABŞ-ın prezidenti")
    assert [(p.country, p.start, p.end) for p in found] == [("US", 0, 3)]


@pytest.mark.parametrize(
    ("lang", "text", "city"),
    [("en", "talks in Geneva", "Geneva"), ("de", "Gespräche in Genf", "Geneva"), ("ru", "переговоры в Женеве", "Geneva"),
     ("en", "a forum in Karakol", "Karakol"), ("en", "the session in Strasbourg", "Strasbourg"),
     ("az", "Cenevrədə keçirilən görüş", "Geneva"), ("uz", "Islomobodda bo‘lib o‘tdi", "Islamabad"),
     ("uz", "Теҳронда учрашди", "Tehran"), ("tr", "Cenevre'de yapılan toplantı", "Geneva")],
)
def test_cities_as_each_language_writes_them_and_small_towns_of_diplomacy(lang: str, text: str, city: str) -> None:
    assert [p.city for p in gazetteer(lang).find(text) if p.kind == "city"] == [city]


def test_a_city_spelling_for_an_unknown_city_says_what_is_wrong(monkeypatch: pytest.MonkeyPatch) -> None:
    from parley.extract import geo

    real = geo.event_resources

    def with_unknown_city(lang: str):  # noqa: ANN202
        resources = real(lang)
        countries = resources.countries.model_copy(update={"cities": {"Atlantis": ("Atlantida",)}})
        return resources.model_copy(update={"countries": countries})

    monkeypatch.setattr(geo, "event_resources", with_unknown_city)
    with pytest.raises(ValueError, match="Atlantis"):
        geo.Gazetteer("az")
