"""The small pattern language of the resource files, compiled to regular expressions.

Resource authors write words, not regexes: `görüş*` (any continuation), `*abkommen*` (compounds),
`hielt ... ab` (a separable verb: up to 40 words between, within the sentence), `re:...` (a raw regex when nothing else
fits). Words match case-insensitively at word boundaries; an apostrophe matches every apostrophe-like
character, because Uzbek and Turkish texts use ' ‘ ’ ʻ ʼ interchangeably.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from parley.extract.chars import APOSTROPHE_CLASS, APOSTROPHES, WORD_CHARS

_GAP = r"(?:\s+\S+){0,40}?\s+"


@lru_cache(maxsize=512)
def lower(text: str) -> str:
    """Lower case with every offset kept ("İ" becomes "i", not "i̇"), so matches on the lowered
    text are matches on the text itself."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch.lower()[0] for ch in text)


def pattern_regex(pattern: str) -> str:
    """The regex source of one pattern (see the module docstring), word boundaries included."""
    if pattern.startswith("re:"):
        raw = pattern[3:]
        return f"(?i:{raw[4:]})" if raw.startswith("(?i)") else f"(?:{raw})"
    left = "" if pattern.startswith("*") else r"(?<!\w)"
    return rf"(?i:{left}{_body(pattern)})"


def _body(pattern: str) -> str:
    """The pattern without its left word boundary (the fast path checks that boundary itself)."""
    parts: list[str] = []
    for word in pattern.split():
        if word == "...":
            parts.append(_GAP)
            continue
        prefix = r"\w*" if word.startswith("*") else ""
        suffix = f"[{WORD_CHARS}-]*" if word.endswith("*") else ""
        core = word.strip("*")
        body = "".join(APOSTROPHE_CLASS if ch in APOSTROPHES else re.escape(ch) for ch in core)
        if parts and parts[-1] != _GAP:
            parts.append(r"\s+")
        parts.append(prefix + body + suffix)
    source = "".join(parts)
    return source if pattern.endswith("*") else source + f"(?![{WORD_CHARS}])"


@dataclass(frozen=True)
class Hit:
    """One match: where it is and which pattern fired (the `rule` of an event)."""

    start: int
    end: int
    pattern: str
    text: str


class PatternSet:
    """Patterns of one category, compiled into few alternations (a few passes over a sentence).

    Word patterns run on the lowered sentence, without IGNORECASE, without named groups and without
    a look-behind in every alternative: each of these stops sre from skipping ahead by first letters
    (together 30 times slower). The word boundary on the left is checked in Python, and which pattern
    fired is found afterwards, on the hit alone."""

    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns: tuple[str, ...] = tuple(dict.fromkeys(patterns))
        # Longer patterns first, so "anlaşma memorandumu" wins over "anlaşma" at the same position.
        ordered = sorted(self.patterns, key=lambda p: -len(p))
        self._bounded = _Alternation([p for p in ordered if not p.startswith(("re:", "*"))], lambda p: _body(lower(p)))
        self._free = _FreeAlternation([p for p in ordered if p.startswith("*")], lambda p: _body(lower(p)))
        self._raw = _Alternation([p for p in ordered if p.startswith("re:")], pattern_regex)

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def _bounded_hits(self, text: str, lowered: str) -> Iterator[Hit]:
        alternation = self._bounded
        if alternation.regex is None:
            return
        position = 0
        while True:
            match = alternation.regex.search(lowered, position)
            if match is None:
                return
            start = match.start()
            if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
                position = start + 1  # inside a word: look again one character on
                continue
            yield Hit(start, match.end(), alternation.which(lowered, start), text[start : match.end()])
            position = max(match.end(), start + 1)

    def finditer(self, text: str) -> Iterator[Hit]:
        lowered = lower(text)
        hits = list(self._bounded_hits(text, lowered))
        others = False
        for alternation, subject in ((self._free, lowered), (self._raw, text)):
            if alternation.regex is not None:
                others = True
                hits.extend(
                    Hit(m.start(), m.end(), alternation.which(subject, m.start()), text[m.start() : m.end()])
                    for m in alternation.finditer(subject)
                )
        if others:
            hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
            kept: list[Hit] = []
            for hit in hits:
                if not kept or hit.start >= kept[-1].end:
                    kept.append(hit)
            hits = kept
        yield from hits

    def search(self, text: str) -> Hit | None:
        return next(self.finditer(text), None)

    def hits(self, text: str) -> list[Hit]:
        return list(self.finditer(text))


class _Alternation:
    """One regex for many patterns, plus the patterns alone to tell which one matched."""

    def __init__(self, patterns: list[str], source: Callable[[str], str]) -> None:
        self.patterns = patterns
        self.regex = re.compile("|".join(f"(?:{source(p)})" for p in patterns)) if patterns else None
        self._each = [re.compile(source(p)) for p in patterns]

    def which(self, subject: str, start: int) -> str:
        """The pattern the alternation used at `start`: the first one that matches there."""
        for pattern, regex in zip(self.patterns, self._each, strict=True):
            if regex.match(subject, start):
                return pattern
        return ""

    def finditer(self, subject: str) -> Iterator[re.Match[str]]:
        assert self.regex is not None
        return self.regex.finditer(subject)


_LEADING_WORD = r"\w*"


class _FreeAlternation(_Alternation):
    """Patterns that start inside a word (`*abkommen*`). A regex that starts with `\w*` is tried at
    every position of the sentence; this one looks for the rest first and then steps back to the
    start of the word. The matches are those of the plain alternation: the leftmost start of a match
    is the start of the run of word characters before the first place the rest matches."""

    def __init__(self, patterns: list[str], source: Callable[[str], str]) -> None:
        super().__init__(patterns, source)
        sources = [source(p) for p in patterns]
        cores = [s[len(_LEADING_WORD) :] for s in sources if s.startswith(_LEADING_WORD)]
        self._core = re.compile("|".join(f"(?:{c})" for c in cores)) if patterns and len(cores) == len(sources) else None

    def finditer(self, subject: str) -> Iterator[re.Match[str]]:
        assert self.regex is not None
        if self._core is None:
            yield from self.regex.finditer(subject)
            return
        position = 0
        while (core := self._core.search(subject, position)) is not None:
            start = core.start()
            while start > position and _WORD_CHAR.match(subject, start - 1):
                start -= 1
            match = self.regex.match(subject, start)
            if match is None:  # cannot happen (the rest matched after word characters); stay exact anyway
                match = self.regex.search(subject, start)
                if match is None:
                    return
            yield match
            position = max(match.end(), match.start() + 1)


_WORD_CHAR = re.compile(r"\w")
