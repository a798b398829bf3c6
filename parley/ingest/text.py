"""Unicode clean-up shared by every format: NFC, no zero-width or control characters, plain spaces."""

from __future__ import annotations

import re
import unicodedata

# Characters dropped outright: invisible format characters (zero-width space/joiners, BOM, bidi marks,
# soft hyphen) and C0/C1 controls other than newline.
_KEEP_CONTROLS = {"\n"}
_SPACE_LIKE = {"\t", "\u00a0", "\u2007", "\u202f", "\u3000"}
_MULTI_BLANK = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ ]+\n")


def normalise_text(text: str) -> str:
    """NFC text with Unix newlines, zero-width/format/control characters removed, spaces unified."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    out: list[str] = []
    for ch in text:
        if ch in _KEEP_CONTROLS:
            out.append(ch)
            continue
        if ch in _SPACE_LIKE:
            out.append(" ")
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue
        if category == "Zs":
            out.append(" ")
            continue
        out.append(ch)
    text = unicodedata.normalize("NFC", "".join(out))
    text = _TRAILING_SPACE.sub("\n", text)
    return _MULTI_BLANK.sub("\n\n", text).strip()


def collapse_whitespace(text: str) -> str:
    """One space between words: the form used for ids and comparisons."""
    return " ".join(text.split())
