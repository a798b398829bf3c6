"""Script-, case- and inflection-tolerant name comparison for scoring."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_THRESHOLD = 85


@lru_cache(maxsize=4096)
def normalise_name(name: str) -> str:
    """Latin, lower-case, no diacritics or punctuation: "İlham Əliyev" -> "ilham eliyev"."""
    text = anyascii(unicodedata.normalize("NFC", name)).lower()
    return " ".join(_NON_WORD.sub(" ", text).split())


def _token_match(s: str, t: str) -> bool:
    if len(s) == 1 or len(t) == 1:  # an initial: S.H.Turi
        return s[0] == t[0]
    if min(len(s), len(t)) >= 4 and (t.startswith(s[:4]) and s.startswith(t[:4])):
        return fuzz.ratio(s, t) >= 60 or t.startswith(s) or s.startswith(t)  # case suffixes
    return fuzz.ratio(s, t) >= 70  # transliteration variants: Sajid/Sacid, Hussain/Husseyn


def _tokens_match(a: str, b: str) -> bool:
    """Every token of the shorter name matches a token of the other; the surnames match."""
    short, long = sorted((a.split(), b.split()), key=len)
    if not short:
        return False
    if not _token_match(short[-1], long[-1]) and not any(_token_match(short[-1], t) for t in long if len(t) > 1):
        return False
    return all(any(_token_match(s, t) for t in long) for s in short)


def names_match(a_forms: Iterable[str | None], b_forms: Iterable[str | None]) -> bool:
    """True when any written form of one name matches any form of the other."""
    a_norm = {normalise_name(x) for x in a_forms if x}
    b_norm = {normalise_name(x) for x in b_forms if x}
    for a in a_norm:
        for b in b_norm:
            if not a or not b:
                continue
            if a == b or fuzz.ratio(a, b) >= _THRESHOLD or fuzz.token_sort_ratio(a, b) >= _THRESHOLD:
                return True
            if _tokens_match(a, b):
                return True
    return False
