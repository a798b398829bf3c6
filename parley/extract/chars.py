"""Characters that extraction and canonicalisation must treat alike, in one place.

Apostrophes come in six shapes in the press ("Mirziyoyev'in", "O‘zbekiston", "Chavusho‘g‘li",
"Qo'shma", "Il`ham"): every word pattern, tokenizer and lookup key uses the same set."""

from __future__ import annotations

import re

from anyascii import anyascii

APOSTROPHES = "'‘’ʻʼ`"
APOSTROPHE_CLASS = "['‘’ʻʼ`]"  # a regex class of one apostrophe
WORD_CHARS = r"\w'‘’ʻʼ`"  # inside a regex class: what a word is made of, apostrophes included

_NOT_LETTER = re.compile(r"[^a-z]+")
_NOT_LETTER_OR_DIGIT = re.compile(r"[^a-z0-9]+")
_TO_ONE = str.maketrans({c: "'" for c in APOSTROPHES if c != "'"})


def one_apostrophe(text: str) -> str:
    """Every apostrophe as "'" (the key of lookups that must not care which one the text used)."""
    return text.translate(_TO_ONE)


def ascii_fold(text: str, digits: bool = False) -> str:
    """Lower-case ASCII letters (and digits) only, through anyascii: "Il'kham" -> "ilkham",
    "Бабаев" -> "babaev". The one key under which names written in any script compare."""
    return (_NOT_LETTER_OR_DIGIT if digits else _NOT_LETTER).sub("", anyascii(text).lower())
