"""Where a mention was found: the facts of its document that identity and ordering depend on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

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
