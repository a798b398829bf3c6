"""Where a mention was found (the facts of its document that identity and ordering depend on), and
the content-derived ids and keys built from them."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

UNKNOWN_DATE_KEY = "9999-12-31"  # undated reports sort after dated ones


@dataclass(frozen=True)
class MentionContext:
    """The event row and document a mention comes from."""

    doc_id: str
    event_id: str
    lang: str
    published: dt.date | None = field(default=None, compare=False)

    @cached_property
    def key(self) -> tuple[str, str, str]:
        """Earliest first: publication date (undated last), then document and event ids."""
        date_key = self.published.isoformat() if self.published else UNKNOWN_DATE_KEY
        return (date_key, self.doc_id, self.event_id)


def stable_id(prefix: str, key: Iterable[str]) -> str:
    """`prefix_` + 16 hex digits of the SHA-256 of the key parts (joined by a unit separator)."""
    digest = hashlib.sha256("\x1f".join(key).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"


PersonRowKey = tuple[str, str, str, str | None, str | None]


def person_row_key(row: Mapping[str, Any]) -> PersonRowKey:
    """What identifies a `participants` row: event, role and the three written forms."""
    return (row["event_id"], row.get("role") or "participant", row.get("mention") or "", row.get("name"), row.get("name_latin"))


def publication_dates(documents: Iterable[Mapping[str, Any]]) -> dict[str, dt.date | None]:
    """doc_id -> publication date, where it is known to the day (a month-only date gives no window)."""
    return {
        row["doc_id"]: row.get("published") if row.get("published_precision") in (None, "day") else None
        for row in documents
    }
