"""Uzbek Latin <-> Cyrillic transliteration (the 1995 Latin alphabet and the Cyrillic one it replaced).

Latin -> Cyrillic -> Latin gives back the input exactly for text in the official alphabet (oʻ and gʻ
written with U+02BB, the tutuq belgisi with U+02BC). Documented exceptions, where the Latin spelling
is not unique:
- the other apostrophes people type for oʻ/gʻ/ʼ (' ‘ ’ `) come back as U+02BB / U+02BC;
- "ts" is kept as тс (ц is written ts going back), and "s" + "h" written apart is ambiguous with sh;
- a lone upper-case digraph (SH., CH) comes back as Sh / Ch, and mixed-case abbreviations (AQSh)
  as AQSH: Cyrillic has one letter for both;
- letters outside the alphabet (c, w, digits, punctuation) pass through unchanged both ways.
`to_latin` also returns an offset map so annotations on the Latin text map back onto the original.
"""

from __future__ import annotations

VOWELS_LATIN = set("aeiouAEIOU")
VOWELS_CYRILLIC = set("аэиоуўеёюяАЭИОУЎЕЁЮЯ")
OKINA = "\u02bb"  # oʻ gʻ
TUTUQ = "\u02bc"  # the glottal stop, ъ
OKINA_VARIANTS = ("\u02bb", "'", "\u2018", "\u2019", "`")

# Longest first: digraphs before single letters.
_LATIN_TO_CYRILLIC = [
    ("o" + OKINA, "ў"), ("g" + OKINA, "ғ"), ("sh", "ш"), ("ch", "ч"), ("yo", "ё"), ("yu", "ю"), ("ya", "я"),
    ("a", "а"), ("b", "б"), ("d", "д"), ("f", "ф"), ("g", "г"), ("h", "ҳ"), ("i", "и"), ("j", "ж"),
    ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("q", "қ"), ("r", "р"),
    ("s", "с"), ("t", "т"), ("u", "у"), ("v", "в"), ("x", "х"), ("y", "й"), ("z", "з"), (TUTUQ, "ъ"),
]
_CYRILLIC_TO_LATIN = {c: latin for latin, c in _LATIN_TO_CYRILLIC}
_CYRILLIC_TO_LATIN.update({"э": "e", "ц": "ts", "щ": "sh", "ь": "", "ы": "i"})


def _cased(source: str, target: str, upper_context: bool) -> str:
    """`target` in the case of `source` (Sh -> Ш, SH -> Ш, Ш -> Sh, or SH inside an upper-case word)."""
    if not source[0].isupper():
        return target
    if len(target) > 1 and not upper_context:
        return target[0].upper() + target[1:]
    return target.upper()


def _normalise_apostrophes(text: str) -> str:
    out = []
    for i, char in enumerate(text):
        if char in OKINA_VARIANTS:
            after_og = i > 0 and text[i - 1] in "oOgG"
            out.append(OKINA if after_og else TUTUQ)
        else:
            out.append(char)
    return "".join(out)


def to_cyrillic(text: str) -> str:
    """Uzbek Latin -> Cyrillic."""
    text = _normalise_apostrophes(text)
    out: list[str] = []
    i = 0
    while i < len(text):
        lower = text[i:i + 2].lower()
        previous = text[i - 1] if i else ""
        word_start_or_vowel = (not previous.isalpha() and previous != TUTUQ) or previous in VOWELS_LATIN
        if lower == "ye" and word_start_or_vowel:
            out.append(_cased(text[i], "е", False))
            i += 2
            continue
        if text[i] in "eE":
            out.append(_cased(text[i], "э" if word_start_or_vowel else "е", False))
            i += 1
            continue
        for latin, cyrillic in _LATIN_TO_CYRILLIC:
            if text[i:i + len(latin)].lower() == latin:
                out.append(_cased(text[i], cyrillic, False))
                i += len(latin)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def to_latin_with_offsets(text: str) -> tuple[str, list[int]]:
    """Uzbek Cyrillic -> Latin, and for each Latin character the offset of its source character."""
    out: list[str] = []
    offsets: list[int] = []
    for i, char in enumerate(text):
        lower = char.lower()
        if lower == "е":
            previous = text[i - 1] if i else ""
            latin = "ye" if not previous.isalpha() or previous in VOWELS_CYRILLIC else "e"
        else:
            latin = _CYRILLIC_TO_LATIN.get(lower)
            if latin is None:
                out.append(char)
                offsets.append(i)
                continue
        if latin:
            neighbours = text[max(0, i - 1):i] + text[i + 1:i + 2]
            upper_context = any(c.isalpha() for c in neighbours) and all(c.isupper() for c in neighbours if c.isalpha())
            latin = _cased(char, latin, upper_context)
        out.append(latin)
        offsets.extend([i] * len(latin))
    return "".join(out), offsets


def to_latin(text: str) -> str:
    """Uzbek Cyrillic -> Latin."""
    return to_latin_with_offsets(text)[0]
