"""Dates in event sentences, resolved against the publication date, keeping their precision.

dateparser reads what it can (always with `languages=[lang]`); parley first finds the date
expressions itself, because dateparser fails on inflected months and postpositions ("в ноябре
2023 года", "2023-cü ilin avqust ayında", "Martın 12-də", "am 23. August") and silently invents
days and years. A year or a day that neither the text nor the publication date gives stays unknown.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from parley.extract.patterns import PatternSet, _body, lower
from parley.resources.loader import event_resources, language_info

_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)"
_PERIOD = re.compile(r"(?<![\d-])((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)(?!\d)")
_YEAR_BEFORE = r"(?<!\w)(?:in|im|в|во|of|seit|since)\s+" + _YEAR + r"(?!\s*[-–—]\s*\d)(?!\d)"
_YEAR_AFTER = _YEAR + r"(?:-?(?:ci|cı|cu|cü)\s+il(?:də|in|i)|\s+yıl\w*|\s+год\w*|-?\s*yil\w*|\s+йил\w*|\s+jyl\w*)(?!\w)"


@dataclass(frozen=True)
class DateMention:
    """A date expression in a sentence. `value` is None when it cannot be resolved without inventing."""

    start: int
    end: int
    text: str
    value: str | None
    precision: str | None  # "day" | "month" | "year"


class DateFinder:
    """Date expressions of one language (months, weekdays and relative years from its events.toml)."""

    def __init__(self, lang: str) -> None:
        cues = event_resources(lang).dates
        self._nouns_capitalised = language_info(lang).nouns_capitalised
        # "12-ci", "1st", "23-го", "14.": the endings of an ordinal day
        ordinals = "|".join(re.escape(e) for e in sorted(cues.ordinal_endings, key=len, reverse=True))
        day_end = r"(?:\.|-?(?:" + ordinals + r")\b)?" if ordinals else r"(?:\.)?"
        self._months = [PatternSet(names) for names in cues.months]
        self._weekdays = [PatternSet(names) for names in cues.weekdays]
        self._relative = {-1: PatternSet(cues.last_year), 0: PatternSet(cues.this_year), 1: PatternSet(cues.next_year)}
        self._relative_weeks = {-1: PatternSet(cues.last_week), 0: PatternSet(cues.this_week), 1: PatternSet(cues.next_week)}
        self._relative_days = {-1: PatternSet(cues.yesterday), 0: PatternSet(cues.today), 1: PatternSet(cues.tomorrow)}
        self._relative_months = {-1: PatternSet(cues.last_month), 0: PatternSet(cues.this_month), 1: PatternSet(cues.next_month)}
        # one pass first: most sentences name no relative year, week or day
        self._any_relative = PatternSet(
            p for sets in (self._relative, self._relative_weeks, self._relative_days, self._relative_months)
            for s in sets.values() for p in s.patterns
        )
        # Forms run on the lowered sentence (patterns.lower keeps offsets), one word boundary per group:
        # IGNORECASE and a look-behind in every alternative make sre try every position.
        month_words = sorted((lower(p) for names in cues.months for p in names), key=len, reverse=True)
        month = r"(?<!\w)(?P<month>" + "|".join(f"(?:{_body(p)})" for p in month_words) + ")"
        weekday = r"(?<!\w)(?:" + "|".join(f"(?:{_body(lower(p))})" for names in cues.weekdays for p in names) + ")"
        self._forms = [
            # "vom 14. bis zum 16. Februar", "17-21 September", "с 17 по 21 сентября", "22-23 dekabr": a span of days
            ("day_range", re.compile(
                r"(?<![\d.])(?P<day>[0-3]?\d)\.?\s*(?:[-–—]|bis(?:\s+zum)?|to|until|till|по|до)\s*(?P<day2>[0-3]?\d)(?!\d)"
                + day_end + r"\s*-?\s*" + month + r"(?:\s*,?\s*" + _YEAR + r"(?!\s*[-–—]\s*\d))?"
            )),
            ("iso", re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)(?!\d)")),
            ("dotted", re.compile(r"(?<!\d)(?P<day>[0-3]?\d)\.(?P<mon>[01]?\d)\.(?P<year>(?:19|20)\d\d)(?!\d)")),
            ("day_month", re.compile(_DAY + day_end + r"\s*-?\s*" + month + r"(?:\s*,?\s*" + _YEAR + r"(?!\s*[-–—]\s*\d))?")),
            ("month_day", re.compile(month + r"(?:\s+|\s*-?)" + _DAY + r"(?!\d)(?:-?\w{0,4})?(?:\s*,\s*" + _YEAR + r")?")),
            ("year_month", re.compile(
                _YEAR + r"(?:-?(?:ci|cı|cu|cü)\s+il(?:in|ın)|\s+yıl(?:ı|ının)?|\s+yil(?:ning|\s)?|-?yil|\s+йил(?:нинг)?)\s*" + month
            )),
            ("month_year", re.compile(month + r"\s+" + _YEAR + r"(?!\s*[-–—]\s*\d)")),
            ("year", re.compile(_YEAR_BEFORE)),
            ("year", re.compile(_YEAR_AFTER)),
            ("month", re.compile(month)),
        ]
        self._weekday = re.compile(weekday) if weekday else None
        # "план на 2023 год", "2025-ci il üçün": the year a document runs for, not a date
        periods = []
        if cues.period_before:
            words = "|".join(re.escape(w) for w in cues.period_before)
            periods.append(rf"(?<!\w)(?:{words})\s+(?P<before>(?:19|20)\d\d)(?!\d)(?!\s*[-–—]\s*\d)(?:\s+\w+)?")
        if cues.period_after:
            words = "|".join(re.escape(w) for w in cues.period_after)
            periods.append(rf"(?<![\d-])(?P<after>(?:19|20)\d\d)(?!\d)(?:-?\w{{0,4}})?(?:\s+\w+){{0,2}}?\s+(?:{words})(?!\w)")
        self._period_year = re.compile("|".join(periods), re.IGNORECASE) if periods else None

    def _month_number(self, text: str) -> int | None:
        for number, names in enumerate(self._months, start=1):
            if names.search(text):
                return number
        return None

    def _relative_year(self, sentence: str, start: int, end: int) -> int | None:
        """-1/0/+1 when "last year" (or this/next) stands within a few words of the date."""
        window = sentence[max(0, start - 25) : end + 25]
        for offset, cues in self._relative.items():
            if cues.search(window):
                return offset
        return None

    def find(self, sentence: str, published: dt.date | None, future: bool = False) -> list[DateMention]:
        """Date mentions, left to right; periods such as 2024-2026 are not dates."""
        taken = [(m.start(), m.end()) for m in _PERIOD.finditer(sentence)]
        if self._period_year is not None:
            taken += [(m.start(), m.end()) for m in self._period_year.finditer(sentence)]
        found: list[DateMention] = []
        lowered = lower(sentence)
        for form, regex in self._forms:
            for match in regex.finditer(lowered):
                if any(match.start() < e and s < match.end() for s, e in taken):
                    continue
                mention = self._resolve(form, match, sentence, published, future)
                if mention is not None:
                    taken.append((match.start(), match.end()))
                    found.append(mention)
        if published is not None and self._any_relative.search(sentence) is not None:
            # "gələn il", "next year" with no month: the year alone; "next week", "на прошлой неделе":
            # Monday to Sunday of that week; "bu gün", "вчера": that day; none where a date stands beside it
            relative = [(cues, f"{published.year + offset:04d}", "year") for offset, cues in self._relative.items()]
            relative += [(cues, _week_of(published, offset), "day") for offset, cues in self._relative_weeks.items()]
            relative += [(cues, _month_of(published, offset), "month") for offset, cues in self._relative_months.items()]
            relative += [
                (cues, (published + dt.timedelta(days=offset)).isoformat(), "day") for offset, cues in self._relative_days.items()
            ]
            for cues, value, precision in relative:
                for hit in cues.finditer(sentence):
                    if not any(hit.start < e + 30 and s - 30 < hit.end for s, e in taken):
                        taken.append((hit.start, hit.end))
                        found.append(DateMention(hit.start, hit.end, hit.text, value, precision))
        if self._weekday is not None and published is not None:
            for match in self._weekday.finditer(lowered):
                if any(match.start() < e and s < match.end() for s, e in taken):
                    continue
                found.append(self._weekday_mention(sentence, match, published, future))
        return sorted(found, key=lambda m: m.start)

    def _resolve(
        self, form: str, match: re.Match[str], sentence: str, published: dt.date | None, future: bool
    ) -> DateMention | None:
        groups = match.groupdict()
        year = int(groups["year"]) if groups.get("year") else None
        if form in ("iso", "dotted"):
            month = int(groups["mon"])
        elif form == "year":
            month = None
        else:
            month = self._month_number(groups["month"] or "")
            if month is None:
                return None
        day = int(groups["day"]) if groups.get("day") else None
        if day is not None and not 1 <= day <= 31:
            return None
        if form == "month" and not self._nouns_capitalised and self._is_word_inside_name(sentence, match):
            return None
        if year is None:
            offset = self._relative_year(sentence, match.start(), match.end())
            if published is None:
                pass  # a month without a year stays partial: never invent the year
            elif offset is not None:
                year = published.year + offset
            else:
                year = _nearest_year(published, month or 1, day or 1, future)
        text = sentence[match.start() : match.end()]
        if year is None:
            return DateMention(match.start(), match.end(), text, None, None)
        if form == "day_range" and month is not None and day is not None:
            try:
                first, last = dt.date(year, month, day), dt.date(year, month, int(groups["day2"]))
            except ValueError:
                return None
            if last <= first:
                return None
            return DateMention(match.start(), match.end(), text, f"{first.isoformat()}/{last.isoformat()}", "day")
        try:
            if month is None:
                return DateMention(match.start(), match.end(), text, f"{year:04d}", "year")
            if day is None:
                return DateMention(match.start(), match.end(), text, f"{year:04d}-{month:02d}", "month")
            value = dt.date(year, month, day).isoformat()
        except ValueError:
            return None
        return DateMention(match.start(), match.end(), text, value, "day")

    @staticmethod
    def _is_word_inside_name(sentence: str, match: re.Match[str]) -> bool:
        """A bare month word between capitalised words is part of a name ("Theresa May"), not a date."""
        before = sentence[: match.start()].split()
        after = sentence[match.end() :].split()
        neighbours = [w for w in (before[-1:] + after[:1]) if w[:1].isalpha()]
        return any(w[0].isupper() for w in neighbours) and sentence[match.start()].isupper()

    def validity(self, sentence: str) -> str | None:
        """A document's validity: two years ("2024–2026") or the one year it is for ("на 2023 год")."""
        period = validity_period(sentence)
        if period is None and self._period_year is not None:
            match = self._period_year.search(sentence)
            if match:
                groups = match.groupdict()
                return groups.get("before") or groups.get("after")
        return period

    def _weekday_mention(self, sentence: str, match: re.Match[str], published: dt.date, future: bool) -> DateMention:
        number = next(i for i, names in enumerate(self._weekdays) if names.search(match.group(0)))
        delta = (number - published.weekday()) % 7
        if future:
            value = published + dt.timedelta(days=delta)
        else:
            value = published - dt.timedelta(days=(published.weekday() - number) % 7)
        return DateMention(match.start(), match.end(), sentence[match.start() : match.end()], value.isoformat(), "day")


def _month_of(published: dt.date, offset: int) -> str:
    """The month `offset` months from the publication's ("2024-05" for last month of 2024-06-05)."""
    index = published.year * 12 + published.month - 1 + offset
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _nearest_year(published: dt.date, month: int, day: int, future: bool) -> int:
    """The year that puts a day-month nearest the publication date on the right side of it."""
    try:
        candidate = dt.date(published.year, month, min(day, 28))
    except ValueError:
        return published.year
    if future and candidate < published - dt.timedelta(days=31):
        return published.year + 1
    if not future and candidate > published + dt.timedelta(days=31):
        return published.year - 1
    return published.year


def _week_of(published: dt.date, offset: int) -> str:
    """Monday/Sunday of the week `offset` weeks from the publication's week, as an ISO interval."""
    monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=offset)
    return f"{monday.isoformat()}/{(monday + dt.timedelta(days=6)).isoformat()}"


def validity_period(sentence: str) -> str | None:
    """A validity period written as two years: "2024–2026", "2023-2024-cü illər" -> "2024-2026"."""
    match = _PERIOD.search(sentence)
    if not match:
        return None
    first, last = int(match.group(1)), int(match.group(2))
    return f"{first}-{last}" if first < last <= first + 15 else None


@cache
def date_finder(lang: str) -> DateFinder:
    return DateFinder(lang)
