"""Load and validate the per-language resource files against closed schemas (every problem at once)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

RESOURCE_FILES: tuple[str, ...] = ("language.toml", "boilerplate.toml")


class ResourceError(ValueError):
    """A resource file is missing or does not match its schema."""


class Boilerplate(BaseModel):
    """Site furniture in one language, removed from bodies during ingestion."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    view_counters: tuple[str, ...] = Field(
        description='Labels of view counters, "Read" for "Read: 1126"; dropped, also after a dateline.'
    )
    footer_markers: tuple[str, ...] = Field(
        description="A line equal to one of these starts the site footer: it and all after it are dropped."
    )
    drop_lines: tuple[str, ...] = Field(
        default=(), description="Whole lines dropped wherever they stand (share buttons and the like)."
    )


class LanguageInfo(BaseModel):
    """Who the language is: its name, scripts and alphabet (used to judge legacy-encoding guesses)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="English name of the language.")
    scripts: tuple[str, ...] = Field(min_length=1, description="ISO 15924 scripts it is written in.")
    alphabet: str = Field(min_length=10, description="Lower-case letters of its alphabet(s).")


class LanguageFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    language: LanguageInfo


class BoilerplateFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    boilerplate: Boilerplate


def resources_root() -> Path:
    return Path(str(importlib_resources.files("parley.resources")))


def available_languages(root: Path | None = None) -> list[str]:
    """Languages that have a resource folder."""
    root = root or resources_root()
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_"))


def _read_toml(lang: str, name: str, root: Path | None = None) -> dict[str, object]:
    path = (root or resources_root()) / lang / name
    if not path.is_file():
        raise ResourceError(
            f"{path} is missing: every language folder needs {list(RESOURCE_FILES)} "
            "(see parley/resources/README.md)"
        )
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ResourceError(f"{path}: invalid TOML: {error}") from None


def _validated(lang: str, name: str, schema: type[BaseModel], root: Path | None = None) -> BaseModel:
    """Read `<lang>/<name>` and validate it against its closed schema (all problems reported)."""
    try:
        return schema.model_validate(_read_toml(lang, name, root))
    except ValidationError as error:
        raise ResourceError(f"{lang}/{name} does not match its schema:\n{error}") from None


@cache
def language_info(lang: str) -> LanguageInfo:
    """The validated identity resource of one language."""
    return _validated(lang, "language.toml", LanguageFile).language  # type: ignore[attr-defined]


@cache
def boilerplate(lang: str) -> Boilerplate:
    """The validated boilerplate resource of one language."""
    return _validated(lang, "boilerplate.toml", BoilerplateFile).boilerplate  # type: ignore[attr-defined]


@cache
def all_boilerplate() -> Boilerplate:
    """The union over all languages: sites often keep labels of another language (a German page with
    an English dateline), and layout runs before the language is settled."""
    parts = [boilerplate(lang) for lang in available_languages()]
    return Boilerplate(
        view_counters=tuple(sorted({x for p in parts for x in p.view_counters})),
        footer_markers=tuple(sorted({x for p in parts for x in p.footer_markers})),
        drop_lines=tuple(sorted({x for p in parts for x in p.drop_lines})),
    )


def validate_all(root: Path | None = None) -> list[str]:
    """Every problem in every language folder under `root` (default: parley's), as messages."""
    problems: list[str] = []
    for lang in available_languages(root):
        for name in RESOURCE_FILES:
            try:
                _validated(lang, name, _SCHEMAS[name], root)
            except ResourceError as error:
                problems.append(str(error))
    return problems


_SCHEMAS: dict[str, type[BaseModel]] = {"language.toml": LanguageFile, "boilerplate.toml": BoilerplateFile}
