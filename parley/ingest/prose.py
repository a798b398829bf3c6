"""Keep the prose of a body, drop what is not prose before any model sees it.

Why: a megabyte "word", a 100,000-row table, a code block or a flood of combining marks is not an
article; fed to Stanza as it is, it costs memory and time out of all proportion and yields nothing.
Each paragraph is judged on its own, so an article with a table in the middle keeps its text. Pure.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

# Combining marks (diacritics that follow a base letter). After NFC a real word has at most two in
# a row (Vietnamese, some transliterations); "Zalgo" text piles up dozens.
_COMBINING_RUN = re.compile(r"([\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]{3,})")
_TABLE_LINE = re.compile(r"^\s*\|.*\|\s*$|^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$")
_CODE_HINTS = re.compile(r"[{};=<>\[\]()$#\\]")


@dataclass(frozen=True)
class ProseLimits:
    """Thresholds of what still counts as prose (defaults measured to keep every committed and
    real-dev article whole)."""

    max_token_chars: int = 300  # a longer run without whitespace is no word (URLs are shorter)
    min_letter_share: float = 0.5  # letters among non-space characters, for paragraphs of 200+ chars
    max_code_share: float = 0.12  # code symbols among non-space characters
    short_line_chars: int = 25  # paragraphs of many lines this short (median) are lists or tables
    short_line_count: int = 40
    table_rows: int = 50  # a small table in an article stays (it may list the signed documents)


@dataclass(frozen=True)
class ProseResult:
    paragraphs: list[str]
    dropped: Counter[str] = field(default_factory=Counter)  # why -> paragraphs dropped
    trimmed: Counter[str] = field(default_factory=Counter)  # what -> places trimmed

    def warnings(self) -> list[str]:
        """One warning per kind of trimming, for the document's `warnings`."""
        out = [f"not_prose_dropped: {count} paragraph(s) of {why}" for why, count in sorted(self.dropped.items())]
        out += [f"not_prose_trimmed: {count} {what}" for what, count in sorted(self.trimmed.items())]
        return out


def keep_prose(paragraphs: list[str], limits: ProseLimits = ProseLimits()) -> ProseResult:
    """The prose paragraphs, with over-long tokens and runs of three or more combining marks cut
    out (the letters under them stay)."""
    kept: list[str] = []
    dropped: Counter[str] = Counter()
    trimmed: Counter[str] = Counter()
    long_token = re.compile(rf"\S{{{limits.max_token_chars + 1},}}")
    for paragraph in paragraphs:
        text, marks = _COMBINING_RUN.subn("", paragraph)
        if marks:
            trimmed["runs of combining marks"] += marks
        text, long_runs = long_token.subn("", text)
        if long_runs:
            trimmed[f"tokens over {limits.max_token_chars} characters"] += long_runs
        text = text.strip()
        if not text:
            dropped["nothing but over-long tokens or combining marks"] += 1
            continue
        why = _not_prose(text, limits)
        if why:
            dropped[why] += 1
            continue
        kept.append(text)
    return ProseResult(kept, +dropped, trimmed)


def _not_prose(text: str, limits: ProseLimits) -> str | None:
    """Why a paragraph is not prose, or None when it is."""
    lines = text.split("\n")
    if len(lines) >= limits.table_rows and sum(bool(_TABLE_LINE.match(line)) for line in lines) * 2 >= len(lines):
        return "table"
    if len(lines) >= limits.short_line_count and statistics.median(len(line) for line in lines) < limits.short_line_chars:
        return "short lines (a list or a table)"
    if len(text) < 200:
        return None
    sample = text if len(text) <= 20_000 else text[:10_000] + text[-10_000:]
    visible = [c for c in sample if not c.isspace()]
    if not visible:
        return None
    letters = sum(c.isalpha() for c in visible)
    if letters / len(visible) < limits.min_letter_share:
        return "digits and symbols"
    codes = len(_CODE_HINTS.findall(sample))
    if codes / len(visible) > limits.max_code_share:
        return "code"
    return None
