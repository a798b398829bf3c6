"""Event types and statuses (EVENT-MODEL.md) as enums, and the one order of statuses.

They are `StrEnum`s: a member equals its string ("signed"), so rows, tables and gold files keep
plain strings."""

from __future__ import annotations

from enum import StrEnum


class EventType(StrEnum):
    MEETING = "meeting"
    AGREEMENT = "agreement"


class Status(StrEnum):
    DISCUSSED = "discussed"  # agreements: a draft, or a text under discussion
    PLANNED = "planned"  # meetings and agreements announced for later
    HELD = "held"  # meetings that took place
    SIGNED = "signed"  # agreements signed (or adopted, in force)


# How far an event has come, one order for every use: the same document reported twice keeps its
# latest status (extraction), and a canonical event takes the furthest status its reports give.
STATUS_ORDER: dict[str, int] = {Status.DISCUSSED: 0, Status.PLANNED: 1, Status.HELD: 2, Status.SIGNED: 2}


def status_rank(status: str | None) -> int:
    """The place of `status` in STATUS_ORDER (-1 for an unknown one)."""
    return STATUS_ORDER.get(status or "", -1)
