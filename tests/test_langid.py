"""Specification: the seven languages are told apart offline, with a confidence, per paragraph too."""

from __future__ import annotations

import pytest

from parley.ingest.langid import (
    detect_language,
    dominant_script,
    is_mixed,
    normalise_language_code,
    paragraph_languages,
)

SENTENCES = {
    "en": "The minister of labour held a meeting with the delegation and signed a memorandum.",
    "de": "Der Minister für Arbeit traf sich mit der Delegation und unterzeichnete ein Memorandum.",
    "ru": "Министр труда провёл встречу с делегацией и подписал меморандум о сотрудничестве.",
    "az": "Əmək naziri nümayəndə heyəti ilə görüş keçirib və anlaşma memorandumu imzalanıb.",
    "tr": "Çalışma bakanı heyetle bir görüşme yaptı ve işbirliği mutabakat zaptını imzaladı.",
    "uz": "Mehnat vaziri delegatsiya bilan uchrashuv o‘tkazdi va hamkorlik memorandumini imzoladi.",
    "kk": "Еңбек министрі делегациямен кездесу өткізіп, ынтымақтастық туралы меморандумға қол қойды.",
}
UZBEK_CYRILLIC = "Меҳнат вазири делегация билан учрашув ўтказди ва ҳамкорлик меморандумини имзолади."


@pytest.mark.parametrize(("lang", "sentence"), sorted(SENTENCES.items()))
def test_each_supported_language_is_identified(lang: str, sentence: str) -> None:
    guess = detect_language(sentence + " " + sentence)
    assert guess.lang == lang
    assert 0.5 <= guess.confidence <= 1.0


def test_uzbek_in_cyrillic_is_uzbek_in_cyrillic_script() -> None:
    assert detect_language(UZBEK_CYRILLIC * 2).lang == "uz"
    assert dominant_script(UZBEK_CYRILLIC) == "Cyrl"
    assert dominant_script(SENTENCES["uz"]) == "Latn"


def test_undetectable_text_is_unknown_with_zero_confidence() -> None:
    guess = detect_language("12345 67890 !!!")
    assert guess.lang == "und"
    assert guess.confidence == 0.0


def test_a_mixed_document_is_visible_per_paragraph() -> None:
    paragraphs = [SENTENCES["en"] * 2, SENTENCES["ru"] * 2, SENTENCES["en"] * 2]
    langs = paragraph_languages(paragraphs)
    assert [p.lang for p in langs] == ["en", "ru", "en"]
    assert is_mixed("en", langs)
    assert not is_mixed("en", paragraph_languages([SENTENCES["en"] * 2]))


@pytest.mark.parametrize(
    ("code", "expected"),
    [("az-Latn", "az"), ("AZ", "az"), ("uz_Cyrl", "uz"), ("ru-RU", "ru"), ("", None), (None, None)],
)
def test_language_codes_from_metadata_are_normalised(code: str | None, expected: str | None) -> None:
    assert normalise_language_code(code) == expected


def test_every_golden_article_is_identified_without_metadata() -> None:
    """Regression: plain Russian with many Turkic names was once 'unreliable' in CLD2 and rejected."""
    from pathlib import Path

    golden = Path(__file__).parent / "golden"
    articles = sorted(golden.glob("events/*/*.txt")) + sorted(golden.glob("clusters/articles/*.txt"))
    assert len(articles) >= 70
    wrong = []
    for path in articles:
        guess = detect_language(path.read_text(encoding="utf-8"))
        if guess.lang != path.name[:2] or guess.confidence < 0.5:
            wrong.append((path.name, guess))
    assert wrong == []
