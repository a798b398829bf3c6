"""Language and script identification with CLD2 (pycld2: offline, model compiled in, knows az, uz, kk).

CLD2 reports a percentage of the text per language and whether the guess is reliable; parley turns
that into one confidence in 0-1 and also labels each paragraph, so mixed documents are visible.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

import pycld2

from parley.model import ParagraphLanguage

UNKNOWN = "und"
_MIN_PARAGRAPH_CHARS = 40
_UNRELIABLE_FACTOR = 0.75
# CLD2 codes that differ from the ISO 639-1 codes parley uses.
_CLD2_TO_ISO = {"iw": "he", "jw": "jv", "zh-Hant": "zh", "un": UNKNOWN, "xx-Qaai": UNKNOWN}


@dataclass(frozen=True)
class LanguageGuess:
    lang: str
    confidence: float


def detect_language(text: str) -> LanguageGuess:
    """The dominant language of `text` ("und" with confidence 0 when CLD2 cannot tell)."""
    sample = text.encode("utf-8", errors="ignore")
    try:
        reliable, _, details = pycld2.detect(sample, bestEffort=True)
    except pycld2.error:
        return LanguageGuess(UNKNOWN, 0.0)
    known = [d for d in details if d[1] != "un" and d[0] != "Unknown"]
    if not known:
        return LanguageGuess(UNKNOWN, 0.0)
    name, code, percent, _score = known[0]
    lang = _CLD2_TO_ISO.get(code, code)
    # CLD2 leaves digits, names and punctuation unassigned: the share among the languages it did
    # recognise says how clear the choice is (Russian at 74% with nothing else is Russian).
    recognised = sum(d[2] for d in details if d[1] != "un")
    share = percent / recognised if recognised else 0.0
    confidence = share * (1.0 if reliable else _UNRELIABLE_FACTOR)
    return LanguageGuess(lang, round(confidence, 4))


def paragraph_languages(paragraphs: list[str]) -> list[ParagraphLanguage]:
    """A language per paragraph long enough to judge (short ones are skipped, not guessed)."""
    out: list[ParagraphLanguage] = []
    for index, paragraph in enumerate(paragraphs):
        if len(paragraph) < _MIN_PARAGRAPH_CHARS:
            continue
        guess = detect_language(paragraph)
        out.append(ParagraphLanguage(index, guess.lang, guess.confidence, len(paragraph)))
    return out


def is_mixed(doc_lang: str, paragraphs: list[ParagraphLanguage], share: float = 0.15) -> bool:
    """True when reliably-detected paragraphs in another language hold at least `share` of the text."""
    total = sum(p.chars for p in paragraphs)
    other = sum(
        p.chars for p in paragraphs if p.lang not in (doc_lang, UNKNOWN) and p.confidence >= 0.5
    )
    return total > 0 and other / total >= share


def dominant_script(text: str) -> str:
    """ISO 15924 code of the most frequent script among the letters (Latn, Cyrl, Arab, ...)."""
    counts: Counter[str] = Counter()
    for ch in text:
        if ch.isalpha():
            counts[_script_of(ch)] += 1
    if not counts:
        return "Zyyy"
    return counts.most_common(1)[0][0]


_SCRIPT_PREFIXES = {
    "LATIN": "Latn",
    "CYRILLIC": "Cyrl",
    "ARABIC": "Arab",
    "GREEK": "Grek",
    "ARMENIAN": "Armn",
    "GEORGIAN": "Geor",
    "HEBREW": "Hebr",
    "CJK": "Hani",
    "HANGUL": "Hang",
    "HIRAGANA": "Hira",
    "KATAKANA": "Kana",
    "DEVANAGARI": "Deva",
    "THAI": "Thai",
}


def _script_of(ch: str) -> str:
    name = unicodedata.name(ch, "")
    first = name.split(" ", 1)[0]
    return _SCRIPT_PREFIXES.get(first, "Zzzz")


def normalise_language_code(code: str | None) -> str | None:
    """"az-Latn", "AZ", "uz_Cyrl", "ru-RU" -> "az", "az", "uz", "ru"; None for empty input."""
    if not code:
        return None
    base = code.strip().replace("_", "-").split("-", 1)[0].lower()
    return base or None
