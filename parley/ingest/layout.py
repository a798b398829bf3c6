"""Separate an article's parts: title, dateline (publication date), site boilerplate, and body.

Works on lines of normalised text, before Markdown is stripped (a `# ` heading marks a title).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parley.dates import DateValue, parse_date
from parley.ingest.text import collapse_whitespace
from parley.resources.loader import Boilerplate

_MAX_TITLE_CHARS = 250
_DATELINE_WINDOW = 6  # a dateline stands among the first non-empty lines
_SENTENCE_END = (".", "!", "?", "…", ":", ";", "»", '"', "“", "”")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)")
_DATE_PART = (
    r"(?:\d{1,2}[ .]+[^\W\d_]+\.?,?[ .]+\d{4}"  # 06 September 2023, 6. September 2023
    r"|[^\W\d_]+\.? \d{1,2},? \d{4}"  # September 6, 2023
    r"|\d{4}-\d{2}-\d{2}"  # 2023-09-06
    r"|\d{1,2}[./]\d{1,2}[./]\d{4})"  # 06.09.2023
)
_TIME_PART = r"(?:[ ,|•·-]+\d{1,2}:\d{2})?"


@dataclass(frozen=True)
class Layout:
    title: str | None
    dateline: DateValue | None
    body_lines: tuple[str, ...]
    removed: tuple[str, ...]


def split_layout(
    text: str, boilerplate: Boilerplate, languages: list[str], known_title: str | None = None
) -> Layout:
    """Find title, dateline and boilerplate in `text`; the remaining lines are the body.

    `known_title` (from metadata) is dropped from the body wherever it stands as a line of its own.
    """
    lines = text.split("\n")
    counter = _counter_regex(boilerplate.view_counters)
    counters = re.compile(counter)
    dateline_re = re.compile(rf"^\s*(?P<date>{_DATE_PART}){_TIME_PART}(?:\s+{counter})?\s*$")
    removed: list[str] = []

    lines = _cut_footer(lines, boilerplate.footer_markers, removed)

    title, title_index = _find_title(lines)
    if title_index is not None:
        removed.append(lines[title_index])
        lines = lines[:title_index] + lines[title_index + 1 :]

    dateline: DateValue | None = None
    kept: list[str] = []
    seen_nonempty = 0
    drop = {collapse_whitespace(x).casefold() for x in boilerplate.drop_lines}
    title_keys = {
        collapse_whitespace(_plain(t)).casefold() for t in (title, known_title) if t
    }
    for line in lines:
        stripped = line.strip()
        if stripped:
            seen_nonempty += 1
        if not stripped:
            kept.append("")
            continue
        if dateline is None and seen_nonempty <= _DATELINE_WINDOW:
            match = dateline_re.match(stripped)
            if match:
                parsed = parse_date(match.group("date"), languages, require_day=True)
                if parsed is not None:
                    dateline = parsed
                    removed.append(line)
                    continue
        key = collapse_whitespace(_plain(stripped)).casefold()
        if counters.fullmatch(stripped) or key in drop or key in title_keys:
            removed.append(line)
            continue
        kept.append(line)
    return Layout(title, dateline, tuple(kept), tuple(removed))


def _counter_regex(labels: tuple[str, ...]) -> str:
    """A view counter such as "Read: 1126"; matches nothing when there are no labels."""
    if not labels:
        return "(?!)"
    alternatives = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    return rf"(?:{alternatives})\s*:?\s*\d[\d\s.,]*"


def _cut_footer(lines: list[str], markers: tuple[str, ...], removed: list[str]) -> list[str]:
    """Drop everything from the first footer marker line on (only in the second half of the text)."""
    keys = {collapse_whitespace(m).casefold() for m in markers}
    for index, line in enumerate(lines):
        if index >= len(lines) // 2 and collapse_whitespace(line).casefold() in keys:
            removed.extend(lines[index:])
            return lines[:index]
    return lines


def _plain(line: str) -> str:
    return _EMPHASIS.sub("", _HEADING.sub("", line)).strip()


def _find_title(lines: list[str]) -> tuple[str | None, int | None]:
    """The first non-empty line is the title when it is a Markdown heading, or short, without final
    punctuation and followed by more text; the first line of a hard-wrapped paragraph (wire
    copy: the next line goes on in lower case, or the line ends in a comma) is no title."""
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        plain = _plain(line)
        rest = any(other.strip() for other in lines[index + 1 :])
        if _HEADING.match(line) and plain:
            return plain, index
        following = lines[index + 1].lstrip() if index + 1 < len(lines) else ""
        wrapped = following[:1].islower() or plain.endswith((",", "-", ";", ":"))
        if (
            rest
            and not wrapped
            and plain
            and len(plain) <= _MAX_TITLE_CHARS
            and not plain.endswith(_SENTENCE_END)
            and not _looks_like_dateline(plain)
        ):
            return plain, index
        return None, None
    return None, None


def _looks_like_dateline(line: str) -> bool:
    return bool(re.match(rf"^\s*{_DATE_PART}", line))
