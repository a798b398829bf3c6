"""The small pattern language of the resource files, compiled to regular expressions.

Resource authors write words, not regexes: `görüş*` (any continuation), `*abkommen*` (compounds),
`hielt ... ab` (a separable verb: up to 40 words between, within the sentence), `re:...` (a raw regex when nothing else
fits). Words match case-insensitively at word boundaries; an apostrophe matches every apostrophe-like
character, because Uzbek and Turkish texts use ' ‘ ’ ʻ ʼ interchangeably.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

APOSTROPHES = "'‘’ʻʼ`"
_APOSTROPHE_CLASS = "['‘’ʻʼ`]"
_GAP = r"(?:\s+\S+){0,40}?\s+"


def pattern_regex(pattern: str) -> str:
    """The regex source of one pattern (see the module docstring)."""
    if pattern.startswith("re:"):
        raw = pattern[3:]
        if raw.startswith("(?i)"):
            return f"(?i:{raw[4:]})"
        return f"(?:{raw})"
    parts: list[str] = []
    for word in pattern.split():
        if word == "...":
            parts.append(_GAP)
            continue
        prefix = r"\w*" if word.startswith("*") else ""
        suffix = r"[\w'‘’ʻʼ`-]*" if word.endswith("*") else ""
        core = word.strip("*")
        body = "".join(_APOSTROPHE_CLASS if ch in APOSTROPHES else re.escape(ch) for ch in core)
        if parts and parts[-1] != _GAP:
            parts.append(r"\s+")
        parts.append(prefix + body + suffix)
    source = "".join(parts)
    return rf"(?i:(?<!\w){source}(?![\w'‘’ʻʼ`]))" if not pattern.endswith("*") else rf"(?i:(?<!\w){source})"


@dataclass(frozen=True)
class Hit:
    """One match: where it is and which pattern fired (the `rule` of an event)."""

    start: int
    end: int
    pattern: str
    text: str


class PatternSet:
    """Patterns of one category, compiled into one alternation (one pass over a sentence)."""

    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns: tuple[str, ...] = tuple(dict.fromkeys(patterns))
        if not self.patterns:
            self._regex: re.Pattern[str] | None = None
            return
        # Longer patterns first, so "anlaşma memorandumu" wins over "anlaşma" at the same position.
        order = sorted(range(len(self.patterns)), key=lambda i: -len(self.patterns[i]))
        self._names = {f"p{i}": self.patterns[i] for i in order}
        self._regex = re.compile("|".join(f"(?P<p{i}>{pattern_regex(self.patterns[i])})" for i in order))

    def __bool__(self) -> bool:
        return self._regex is not None

    def finditer(self, text: str) -> Iterator[Hit]:
        if self._regex is None:
            return
        for match in self._regex.finditer(text):
            name = match.lastgroup or ""
            yield Hit(match.start(), match.end(), self._names.get(name, ""), match.group(0))

    def search(self, text: str) -> Hit | None:
        return next(self.finditer(text), None)

    def hits(self, text: str) -> list[Hit]:
        return list(self.finditer(text))
