"""Typed run settings: committed TOML defaults, a git-ignored local override, then PARLEY_* variables.

Precedence (highest first): explicit arguments > PARLEY_* environment variables >
``config/local.toml`` > ``config/parley.toml`` > the defaults written here. Nested fields use a
double underscore: ``PARLEY_INGEST__MAX_FILE_BYTES=5000000``. ``PARLEY_CONFIG`` points to another
TOML file instead of ``config/parley.toml``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "de", "ru", "az", "tr", "uz", "kk")


class PathSettings(BaseModel):
    """Where inputs are read and tables are written."""

    model_config = ConfigDict(extra="forbid")

    input_dir: Path = Field(Path("data/raw"), description="Folder of raw articles to ingest.")
    output_dir: Path = Field(
        Path("data/processed"), description="Folder of Parquet tables, one sub-folder per table."
    )


class IngestSettings(BaseModel):
    """How raw files become documents."""

    model_config = ConfigDict(extra="forbid")

    languages: list[str] = Field(
        default_factory=lambda: list(SUPPORTED_LANGUAGES),
        description="Languages kept as documents; others land in `rejects` (unsupported_language).",
    )
    max_file_bytes: int = Field(
        16 * 1024 * 1024,
        gt=0,
        description="Files larger than this are rejected (too_large) instead of read into memory.",
    )
    min_body_chars: int = Field(
        20, ge=1, description="Documents with a shorter body after cleaning are rejected (empty)."
    )
    min_language_confidence: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="Below this language-ID confidence a document is rejected (language_unknown).",
    )

    @field_validator("languages")
    @classmethod
    def _known_languages(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(SUPPORTED_LANGUAGES))
        if unknown:
            raise ValueError(
                f"unsupported language code(s) {unknown}; parley knows {list(SUPPORTED_LANGUAGES)}. "
                "To add one, follow parley/resources/README.md."
            )
        return value


class PrefectSettings(BaseModel):
    """Orchestration knobs used by the flows."""

    model_config = ConfigDict(extra="forbid")

    ephemeral_startup_timeout_s: int = Field(
        90, gt=0, description="Seconds to wait for Prefect's temporary API server (slow here: ~20 s)."
    )


def _default_store_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "parley" / "models"


class ModelSettings(BaseModel):
    """Where Stanza models come from, and how the NLP stage uses them."""

    model_config = ConfigDict(extra="forbid")

    store_dir: Path = Field(
        default_factory=_default_store_dir,
        description="Model store (outside git): parley-built models with their cards.",
    )
    corpora_dir: Path = Field(
        Path("../shared/corpora"), description="Public training corpora (UD treebanks, NER sets)."
    )
    work_dir: Path = Field(
        default_factory=lambda: _default_store_dir().parent / "build",
        description="Scratch folder for prepared training data and training logs.",
    )
    prefer: list[str] = Field(
        default_factory=lambda: ["official", "standard", "ci"],
        description="Model sources in order of preference: official Stanza models, then parley's.",
    )
    official_dir: Path | None = Field(
        None, description="Folder of official Stanza models (stanza.download); None = Stanza's default."
    )
    batch_documents: int = Field(
        64, gt=0, description="Documents per Stanza bulk call (and per Prefect NLP task)."
    )
    workers: int = Field(
        2, gt=0, description="Processes that run Stanza in the NLP stage (1 = in the calling process)."
    )
    device: str = Field("cpu", pattern="^(cpu|cuda)$", description="cpu, or cuda when a GPU is present.")
    threads: int = Field(2, gt=0, description="Torch threads per training or annotation process.")
    on_missing: str = Field(
        "error",
        pattern="^(error|fallback)$",
        description="A language that could have models but has none: error (naming the build "
        "command) or fallback (regex tokenisation, flagged).",
    )


class Settings(BaseSettings):
    """All of parley's settings, grouped by domain."""

    model_config = SettingsConfigDict(
        env_prefix="PARLEY_", env_nested_delimiter="__", extra="forbid"
    )

    paths: PathSettings = Field(default_factory=PathSettings)
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    prefect: PrefectSettings = Field(default_factory=PrefectSettings)
    models: ModelSettings = Field(default_factory=ModelSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # One source per file so that pydantic-settings deep-merges them: local.toml may set a
        # single key of a section without wiping the rest of parley.toml's section.
        toml_sources = [
            TomlConfigSettingsSource(settings_cls, toml_file=path)
            for path in reversed(config_files())
            if path.is_file()
        ]
        return (init_settings, env_settings, *toml_sources)


def config_files() -> list[Path]:
    """The TOML files read, lowest precedence first: PARLEY_CONFIG or config/parley.toml, then local."""
    explicit = os.environ.get("PARLEY_CONFIG")
    if explicit:
        main = Path(explicit)
        if not main.is_file():
            raise FileNotFoundError(
                f"PARLEY_CONFIG points to {main}, which does not exist; unset it or fix the path."
            )
        return [main, main.with_name("local.toml")]
    base = Path.cwd() / "config"
    return [base / "parley.toml", base / "local.toml"]


def load_settings(**overrides: Any) -> Settings:
    """Read the settings now (never at import time), with optional explicit overrides."""
    return Settings(**overrides)
