"""The name-matching data of `names.toml`, validated against a closed schema (all problems at once)."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

LEXICON_PATH = Path(__file__).with_name("names.toml")

Rewrites = tuple[tuple[str, str], ...]


class LexiconError(ValueError):
    """names.toml is missing or does not match its schema."""


def _compiled(rules: Rewrites) -> Rewrites:
    for pattern, _ in rules:
        re.compile(pattern)
    return rules


class NameWords(BaseModel):
    """Words inside names that are not given names or surnames."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    particles: frozenset[str] = Field(description="Name particles ignored for matching (van, von).")
    patronymic_markers: frozenset[str] = Field(description="oglu, qizi: dropped with the word before.")
    patronymic_pattern: str = Field(description="Regex of Russian-style patronymics (transliterated).")
    respell_for_display: frozenset[str] = Field(description="Languages whose Latin rewrites give display spellings.")

    @field_validator("patronymic_pattern")
    @classmethod
    def _pattern_compiles(cls, value: str) -> str:
        re.compile(value)
        return value


class Lexicon(BaseModel):
    """Everything `names.toml` holds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    cyrillic_rules: Rewrites = Field(description="Regex rewrites of Cyrillic tokens, in order.")
    latin_rules: dict[str, Rewrites] = Field(description="Regex rewrites of Latin tokens per language.")
    case_suffixes: dict[str, tuple[str, ...]] = Field(description="Case endings per language (or cyrillic).")
    names: NameWords
    countries: dict[str, str] = Field(description="English country name -> ISO alpha-2 code.")

    @field_validator("cyrillic_rules")
    @classmethod
    def _cyrillic_compile(cls, value: Rewrites) -> Rewrites:
        return _compiled(value)

    @field_validator("latin_rules")
    @classmethod
    def _latin_compile(cls, value: dict[str, Rewrites]) -> dict[str, Rewrites]:
        for rules in value.values():
            _compiled(rules)
        return value

    @field_validator("countries")
    @classmethod
    def _iso_codes(cls, value: dict[str, str]) -> dict[str, str]:
        bad = sorted(code for code in value.values() if not re.fullmatch(r"[A-Z]{2}", code))
        if bad:
            raise ValueError(f"not ISO alpha-2 codes: {bad}")
        return value

    def suffixes(self, key: str | None) -> tuple[str, ...]:
        """Case endings for `key` (a language, or "cyrillic"), longest first."""
        return tuple(sorted(self.case_suffixes.get(key or "", ()), key=lambda s: (-len(s), s)))


def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Read and validate a names.toml; raise LexiconError naming the file and every problem."""
    try:
        with path.open("rb") as handle:
            return Lexicon.model_validate(tomllib.load(handle))
    except FileNotFoundError:
        raise LexiconError(f"{path} is missing (it ships with parley)") from None
    except tomllib.TOMLDecodeError as error:
        raise LexiconError(f"{path}: invalid TOML: {error}") from None
    except (ValidationError, re.error) as error:
        raise LexiconError(f"{path} does not match its schema:\n{error}") from None


@cache
def lexicon() -> Lexicon:
    """parley's own lexicon, read once per process."""
    return load_lexicon()
