"""Resource integrity: every field of the resource schemas is read by parley's code (a field nobody
reads is data a linguist maintains for nothing), and every language fills the same schema."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from parley.resources.loader import (
    BoilerplateFile,
    EventResources,
    LanguageFile,
    available_languages,
    event_resources,
)

PARLEY = Path(__file__).resolve().parents[1] / "parley"
# The files' top-level tables (read by the loader itself), and fields known to be unread, each with why.
STRUCTURE = {"boilerplate", "language"}
KNOWN_UNREAD = {
    "language.scripts": "declared for script checks in ingestion; no code reads it yet (left to the ingest stage)",
}


def _fields(model: type[BaseModel], prefix: str = "") -> list[tuple[str, str]]:
    out = []
    for name, info in model.model_fields.items():
        out.append((f"{prefix}{name}", name))
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out.extend(_fields(annotation, f"{prefix}{name}."))
    return out


def _code() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in PARLEY.rglob("*.py") if p.name != "loader.py")


def test_every_resource_field_is_read_somewhere() -> None:
    code = _code()
    unread = [
        path for model in (EventResources, BoilerplateFile, LanguageFile) for path, name in _fields(model)
        if path not in STRUCTURE and not re.search(rf"\.{name}\b|getattr\([^)]*\b{name}\b|\"{name}\"", code)
    ]
    assert sorted(unread) == sorted(KNOWN_UNREAD), f"resource fields that no code reads: {unread}"


def test_the_field_check_can_fail() -> None:
    class Extra(BaseModel):
        surely_nobody_reads_this_field: tuple[str, ...] = ()

    code = _code()
    assert not re.search(r"\.surely_nobody_reads_this_field\b", code)
    assert _fields(Extra) == [("surely_nobody_reads_this_field", "surely_nobody_reads_this_field")]


def test_languages_agree_on_what_they_fill() -> None:
    """Every language either fills a cue list or leaves it empty on purpose; the lists every other
    language fills (triggers, titles, months, signed ...) are never empty."""
    filled: dict[str, set[str]] = {}
    for lang in available_languages():
        resources = event_resources(lang)
        for path, _ in _fields(EventResources):
            value = resources
            for part in path.split("."):
                value = getattr(value, part)
            if isinstance(value, (tuple, dict)) and value:
                filled.setdefault(path, set()).add(lang)
    everyone = set(available_languages())
    for path in ("meetings.triggers", "meetings.negation", "agreements.signed", "agreements.mou",
                 "people.titles", "organizations.heads", "dates.months", "dates.weekdays", "names.case_suffixes"):
        assert filled.get(path) == everyone, (path, everyone - filled.get(path, set()))
