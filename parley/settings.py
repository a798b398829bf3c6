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

from parley.resources.loader import available_languages

# The languages parley has resources for: one folder each in parley/resources/ (discovered, never listed).
SUPPORTED_LANGUAGES: tuple[str, ...] = tuple(available_languages())


def unsupported_languages(languages: list[str]) -> list[str]:
    """The codes in `languages` that parley has no resources for."""
    return sorted(set(languages) - set(SUPPORTED_LANGUAGES))


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
        if unknown := unsupported_languages(value):
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
    deployment_name: str = Field(
        "parley-pipeline", min_length=1, description="Name of the deployment `parley serve` registers."
    )
    schedule_cron: str | None = Field(
        "0 4 * * *",
        description="Cron schedule of the served deployment (None or \"\" = manual runs only).",
    )
    schedule_timezone: str = Field("UTC", description="Time zone the cron schedule is read in.")
    task_retries: int = Field(
        2, ge=0, description="Retries of an IO or NLP task after a transient failure (a full disk, a lost worker)."
    )
    retry_delay_s: float = Field(10.0, ge=0, description="Seconds between those retries.")
    nlp_concurrency: int = Field(
        0,
        ge=0,
        description="NLP batch tasks running at once across every run on the Prefect server "
        "(tag `parley-nlp`, set by each run; 0 = parley leaves that limit alone: none unless set in "
        "the UI, and each run is bounded by its own runner). "
        "Keeps runs into different outputs from oversubscribing shared cores, at a price: tasks "
        "poll the server for free slots (NLP took 54 s instead of 39 s for 93 documents on Dask).",
    )
    task_runner: str = Field(
        "default",
        pattern=r"^(default|dask|tcp://\S+|tls://\S+)$",
        description="Where NLP batch tasks run: default (threads in the flow process, Stanza in "
        "`models.workers` processes), dask (a local Dask cluster of `dask_workers` processes), or "
        "the address of a running Dask scheduler (tcp://host:8786).",
    )
    dask_workers: int = Field(2, gt=0, description="Worker processes of the local Dask cluster.")

    @field_validator("schedule_cron")
    @classmethod
    def _five_cron_fields(cls, value: str | None) -> str | None:
        # Prefect checks the expression itself when `parley serve` registers the schedule.
        if not value or not value.strip():
            return None
        if len(value.split()) != 5:
            raise ValueError(
                f"schedule_cron {value!r} needs five fields (minute hour day month weekday), "
                'e.g. "0 4 * * *" for 04:00 every day, or "" for manual runs only'
            )
        return value


class RunSettings(BaseModel):
    """How one pipeline run shares its output folder with others."""

    model_config = ConfigDict(extra="forbid")

    lock_timeout_s: float = Field(
        900.0,
        ge=0,
        description="Seconds a run waits for another run writing to the same output folder "
        "before giving up (0 = fail at once).",
    )
    reports: bool = Field(
        True, description="Write <output>/reports/ (summary, events per language, picture) after a run."
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
        default_factory=lambda: ["official", "gpu", "standard", "default", "ci"],
        description="Model sources in order of preference: official Stanza models, then parley's.",
    )
    recipe_for: dict[str, str] = Field(
        default_factory=dict,
        description="Alternative recipe whose models serve a language, e.g. {tr = \"tr-open\"}: Turkish "
        "models trained without IMST's non-commercial licence (build them with --lang tr-open).",
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
    max_call_chars: int = Field(
        20_000,
        ge=1_000,
        description="Most characters one Stanza call gets: longer documents are cut into segments "
        "at paragraph or sentence boundaries and stitched back with exact offsets.",
    )
    max_sentence_words: int = Field(
        200,
        ge=10,
        description="Longer sentences (tables, lists read as one sentence) are cut into pieces "
        "before tagging and parsing: the parser's memory grows with the square of their length.",
    )
    max_document_chars: int = Field(
        1_000_000,
        ge=1_000,
        description="Longer documents are not annotated: they go to the `quarantine` table as too_long.",
    )
    worker_memory_mb: int = Field(
        4_000,
        ge=256,
        description="Resident memory a Stanza worker process may use; past it the worker stops, and "
        "its batch is re-run without the document that caused it (quarantined as nlp_failed).",
    )
    retry_quarantined: bool = Field(
        False,
        description="Annotate quarantined documents again on the next run even when neither "
        "their text nor the models changed.",
    )
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
    run: RunSettings = Field(default_factory=RunSettings)
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


def check_languages(languages: list[str] | None) -> list[str] | None:
    """A run's language selection (None or empty: all), refused with advice for an unknown code."""
    if not languages:
        return None
    if unknown := unsupported_languages(languages):
        raise ValueError(
            f"languages {unknown} are not supported; choose from {list(SUPPORTED_LANGUAGES)} "
            "(or leave the parameter empty for all)"
        )
    return sorted(set(languages))


def load_settings(**overrides: Any) -> Settings:
    """Read the settings now (never at import time), with optional explicit overrides."""
    return Settings(**overrides)
