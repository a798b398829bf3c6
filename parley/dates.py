"""Dates with their precision. dateparser does the parsing (always with explicit languages); parley
keeps the granularity it reports, so a month-only date never gains an invented day."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateparser.date import DateDataParser

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")


@dataclass(frozen=True)
class DateValue:
    """A calendar date and how much of it the source stated."""

    value: dt.date
    precision: str  # "day" | "month" | "year"


def parse_iso_like(text: str) -> DateValue | None:
    """ISO 8601 dates (2023-09-06, 2023-09, 2023, with or without a time), else None."""
    match = _ISO.match(text)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        if day:
            return DateValue(dt.date(int(year), int(month), int(day)), "day")
        if month:
            return DateValue(dt.date(int(year), int(month), 1), "month")
        return DateValue(dt.date(int(year), 1, 1), "year")
    except ValueError:
        return None


def parse_date(text: str, languages: list[str], require_day: bool = False) -> DateValue | None:
    """A date written in any of `languages`, with its precision; None when nothing sure is found."""
    iso = parse_iso_like(text)
    if iso is not None:
        return iso if (iso.precision == "day" or not require_day) else None
    parser = _parser(tuple(dict.fromkeys(languages)))
    try:
        data = parser.get_date_data(text)
    except (ValueError, OverflowError):
        return None
    if data is None or data.date_obj is None:
        return None
    precision = data.period if data.period in ("day", "month", "year") else "day"
    if require_day and precision != "day":
        return None
    value = data.date_obj.date()
    if precision == "month":
        value = value.replace(day=1)
    elif precision == "year":
        value = value.replace(month=1, day=1)
    return DateValue(value, precision)


_PARSERS: dict[tuple[str, ...], DateDataParser] = {}


def _parser(languages: tuple[str, ...]) -> DateDataParser:
    if languages not in _PARSERS:
        _PARSERS[languages] = DateDataParser(
            languages=list(languages),
            settings={"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY", "RETURN_TIME_AS_PERIOD": False},
        )
    return _PARSERS[languages]
