"""When an event mention can have happened: a closed interval of days, from its stated date or, when
the text gives none, from the publication date of its report.

A stated date covers its whole precision ("2023-09" is every day of September 2023, so it is
compatible with "2023-09-06"). An undated report of a held meeting or signed agreement is fresh news:
the event fell within `report_window_days` before publication. An undated planned event falls
within `planned_horizon_days` after it. An undated background mention, or an undated report without a
publication date, has no interval: nothing says when it happened, so it is never merged.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from parley.dates import parse_iso_like


@dataclass(frozen=True)
class Span:
    """Days [first, last] in which the event fell, and where that knowledge came from."""

    first: dt.date
    last: dt.date
    basis: str  # "stated" (the text says when) or "published" (inferred from the report date)
    precision: str  # "day", "month" or "year" for stated spans; "window" for inferred ones

    def overlaps(self, other: Span) -> bool:
        return self.first <= other.last and other.first <= self.last

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def stated_span(text: str | None) -> Span | None:
    """The days an ISO date of any precision covers: 2023, 2023-09, 2023-09-06, and a span of days
    2025-02-14/2025-02-16."""
    if not text:
        return None
    if "/" in text:
        first, _, last = text.partition("/")
        a, b = stated_span(first), stated_span(last)
        return Span(a.first, b.last, "stated", "day") if a is not None and b is not None and a.first <= b.last else None
    parsed = parse_iso_like(text)
    if parsed is None:
        return None
    start = parsed.value
    if parsed.precision == "day":
        end = start
    elif parsed.precision == "month":
        end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    else:
        end = start.replace(month=12, day=31)
    return Span(start, end, "stated", parsed.precision)


def event_span(
    stated: str | None,
    published: dt.date | None,
    *,
    planned: bool,
    background: bool,
    report_window_days: int,
    planned_horizon_days: int,
) -> Span | None:
    """The stated date's span, else the publication-date window (None: unknown, never merged)."""
    span = stated_span(stated)
    if span is not None:
        return span
    if published is None or background:
        return None
    if planned:
        return Span(published, published + dt.timedelta(days=planned_horizon_days), "published", "window")
    return Span(published - dt.timedelta(days=report_window_days), published, "published", "window")
