"""Specification of person-name matching: one person across scripts, transliterations, grammatical
cases, initials, word order and patronymics; different people stay apart."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.canonical.lexicon import LexiconError, lexicon, load_lexicon
from parley.canonical.names import english_press_spelling, looks_like_name, names_match, parse_name
from parley.resources.loader import resources_root

SAME_PERSON = [
    # (form, document language) pairs that name one person
    (("Ilham Aliyev", "en"), ("İlham Əliyev", "az")),
    (("Ilham Aliyev", "en"), ("Ильхамом Алиевым", "ru")),
    (("Ilham Aliyev", "en"), ("Ilhom Aliyev", "uz")),
    (("Ilham Aliyev", "en"), ("Aliyev Ilham", "az")),  # surname first
    (("Ilham Aliyev", "en"), ("Ильхам Гейдар оглы Алиев", "ru")),  # patronymic marker
    (("Ilham Aliyev", "en"), ("Ильхам Гейдарович Алиев", "ru")),  # Russian patronymic
    (("Ilham Aliyev", "en"), ("Aliyev İlham Heydər oğlu", "az")),
    (("Sahil Babayev", "en"), ("Sahil Babayevlə", "az")),  # comitative case ending
    (("Sahil Babayev", "en"), ("Sahil Babayev'i", "tr")),  # ending after an apostrophe
    (("Sahil Babayev", "en"), ("Сахилом Бабаевым", "ru")),
    (("Vedat Işıkhan", "tr"), ("Ведатом Ишикханом", "ru")),
    (("Jamshid Nurmatov", "en"), ("Dschamschid Nurmatow", "de")),
    (("Jamshid Nurmatov", "en"), ("Camşid Nurmatov", "tr")),
    (("Jamshid Nurmatov", "en"), ("Джамшида Нурматова", "ru")),
    (("Yerlan Sadykov", "en"), ("Yerlan Sadıqov", "az")),
    (("Yerlan Sadykov", "en"), ("Jerlan Sadykow", "de")),
    (("Yerlan Sadykov", "en"), ("Ерлана Садыкова", "ru")),
    (("Katrin Wehling", "de"), ("Katrin Velinqin", "az")),
    (("Katrin Wehling", "en"), ("Катрин Велинг", "ru")),
    (("Elnur Həsənov", "az"), ("Эльнуром Гасановым", "ru")),
    (("Leyla Gasimova", "en"), ("Leyla Kasımova", "tr")),
    (("Pieter van Houten", "en"), ("Питера ван Хаутена", "ru")),
    (("Kubanychbek Omuraliev", "en"), ("Kubanıçbek Ömüraliyev", "tr")),
    (("Bekzod Kholmatov", "en"), ("Bekzod Xolmatov", "uz")),
    (("Sajid Hussain Turi", "en"), ("S.H.Turi", "uz")),  # initials
    (("Sajid Hussain Turi", "en"), ("Саджидом Хуссейном Тури", "ru")),
    (("Sajid Hussain Turi", "en"), ("Turi", "en")),  # surname only: a partial match
    (("Marcello Gentile", "en"), ("Марчелло Джентиле", "ru")),  # a soft g written дж
    (("Angela Regini", "en"), ("Анжела Режини", "ru")),  # ... or ж
    (("Regina Gerber", "de"), ("Реджиной Гербер", "ru")),  # a hard g stays as written too
    (("Mevlut Cavusoglu", "en"), ("Mavlud Chavusho‘g‘li", "uz")),  # ç without its cedilla; d/t
]

DIFFERENT_PEOPLE = [
    (("Ilham Aliyev", "en"), ("Anar Aliyev", "en")),  # same surname, other given name
    (("Ilham Aliyev", "en"), ("Mehriban Aliyeva", "en")),
    (("Sahil Babayev", "en"), ("Sahil Hasanov", "en")),
    (("Yerlan Sadykov", "en"), ("Aibek Toktogulov", "en")),
    (("Elnur Hasanov", "en"), ("Elnur Hasanli", "az")),
    (("S.H.Turi", "en"), ("A.Turi", "en")),
    (("Marcello Gentile", "en"), ("Марчелло Жилин", "ru")),
]


@pytest.mark.parametrize(("a", "b"), SAME_PERSON)
def test_one_person_in_many_spellings_matches(a: tuple[str, str], b: tuple[str, str]) -> None:
    assert names_match(parse_name(*a), parse_name(*b))
    assert names_match(parse_name(*b), parse_name(*a))


@pytest.mark.parametrize(("a", "b"), DIFFERENT_PEOPLE)
def test_different_people_do_not_match(a: tuple[str, str], b: tuple[str, str]) -> None:
    assert not names_match(parse_name(*a), parse_name(*b))


def test_full_and_partial_names() -> None:
    assert parse_name("Sajid Hussain Turi", "en").is_full
    assert not parse_name("S.H.Turi", "en").is_full
    assert not parse_name("Turi", "en").is_full
    assert parse_name("Pieter van Houten", "en").is_full


@pytest.mark.parametrize("text", ["the head of state", "İki bakan", "министр труда", "the Uzbek minister of investment", "", "2023"])
def test_descriptions_are_not_names(text: str) -> None:
    assert not looks_like_name(text)


@pytest.mark.parametrize("text", ["Ilham Aliyev", "Pieter van Houten", "S.H.Turi", "Ильхам Гейдар оглы Алиев", "Yerlan Sadıkov'u"])
def test_proper_names_are_names(text: str) -> None:
    assert looks_like_name(text)


@pytest.mark.parametrize(
    ("written", "lang", "spelled"),
    [
        ("Elnur Həsənov", "az", "Elnur Hasanov"),
        ("Aleksey Qorşkov", "az", "Aleksey Gorshkov"),
        ("Алексей Горшков", "ru", "Aleksey Gorshkov"),
        ("Ерлан Садыков", "ru", "Yerlan Sadykov"),
        ("Bekzod Xolmatov", "uz", "Bekzod Kholmatov"),
        ("Katrin Wehling", "de", "Katrin Wehling"),  # a German name keeps its German spelling
        ("S.H.Turi", "en", "S.H.Turi"),
    ],
)
def test_display_spelling_follows_the_english_press(written: str, lang: str, spelled: str) -> None:
    assert english_press_spelling(written, lang) == spelled


def test_the_lexicon_is_valid_and_a_broken_one_is_reported(tmp_path: Path) -> None:
    assert lexicon().countries["azerbaijan"] == "AZ"
    root = tmp_path / "resources"
    shutil.copytree(resources_root(), root, ignore=shutil.ignore_patterns("__pycache__"))
    broken = root / "_shared" / "names.toml"
    broken.write_text('cyrillic_rules = [["(", ""]]\n[names]\n[countries]\nx = "nope"\n', encoding="utf-8")
    with pytest.raises(LexiconError, match="_shared/names.toml"):
        load_lexicon(root)
    assert load_lexicon(resources_root()).case_suffixes == lexicon().case_suffixes


NAMEISH = st.text(alphabet=st.characters(categories=("L", "Zs", "P", "Mn", "Nd")), max_size=60)


@given(a=NAMEISH, b=NAMEISH, lang=st.sampled_from(["en", "de", "ru", "az", "tr", "uz", "kk", None]))
def test_name_functions_never_raise_and_matching_is_symmetric(a: str, b: str, lang: str | None) -> None:
    x, y = parse_name(a, lang), parse_name(b, lang)
    assert names_match(x, y) == names_match(y, x)
    assert isinstance(looks_like_name(a), bool)
    assert isinstance(english_press_spelling(a, lang), str)
