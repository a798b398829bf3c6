"""Stanza's entities in extraction: an ORG entity gives an organisation its full extent, but one entity
tagged over two organisations joined by "və" / "ilə" / "and" is two names (seen on the Azerbaijani
seed articles with the default models). Sentences written by the team."""

from __future__ import annotations

from parley.extract.cues import people_finder
from parley.extract.geo import gazetteer


def _organizations(lang: str, text: str, entity: str) -> list[str]:
    start = text.index(entity)
    finder = people_finder(lang)
    places = gazetteer(lang).find(text)
    return [o.name for o in finder.organizations(text, places, None, finder.people(text, places, [], {}, None), [(start, start + len(entity))])]


def test_an_entity_gives_the_name_its_words_before_the_head() -> None:
    text = "Sənəd Qırğızıstan Prezidenti yanında Dövlət Miqrasiya Agentliyi tərəfindən imzalanıb."
    assert _organizations("az", text, "Qırğızıstan Prezidenti yanında Dövlət Miqrasiya Agentliyi") == [
        "Qırğızıstan Prezidenti yanında Dövlət Miqrasiya Agentliyi"
    ]


def test_an_entity_over_two_names_joined_by_ile_is_two_organisations() -> None:
    text = "Bakıda Azərbaycanın Əmək Nazirliyi ilə Qazaxıstanın Əmək və Sosial Müdafiə Nazirliyi arasında memorandum imzalanıb."
    names = _organizations("az", text, "Azərbaycanın Əmək Nazirliyi ilə Qazaxıstanın Əmək və Sosial Müdafiə Nazirliyi")
    assert names == ["Azərbaycanın Əmək Nazirliyi", "Qazaxıstanın Əmək və Sosial Müdafiə Nazirliyi"]


def test_an_entity_over_two_names_joined_by_and_is_two_organisations() -> None:
    text = "The memorandum was signed by the Ministry of Labour and the State Employment Agency of Kyrgyzstan."
    names = _organizations("en", text, "Ministry of Labour and the State Employment Agency of Kyrgyzstan")
    assert "Ministry of Labour" in names and not any("Labour and" in n for n in names)


def test_and_inside_one_name_keeps_it_whole() -> None:
    text = "The memorandum was signed by the Ministry of Labour and Social Protection of Azerbaijan."
    names = _organizations("en", text, "Ministry of Labour and Social Protection of Azerbaijan")
    assert names[0].startswith("Ministry of Labour and Social Protection")
