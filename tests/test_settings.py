"""Specification: defaults < config/parley.toml < config/local.toml < PARLEY_* < explicit arguments."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from parley.settings import load_settings


def test_committed_defaults_load() -> None:
    settings = load_settings()
    assert settings.paths.input_dir == Path("data/raw")
    assert settings.paths.output_dir == Path("data/processed")
    assert settings.ingest.languages == ["en", "de", "ru", "az", "tr", "uz", "kk"]


def test_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "parley.toml"
    config.write_text('[paths]\ninput_dir = "from-main"\noutput_dir = "out-main"\n[ingest]\nmin_body_chars = 5\n')
    (tmp_path / "local.toml").write_text('[paths]\ninput_dir = "from-local"\n')
    monkeypatch.setenv("PARLEY_CONFIG", str(config))
    settings = load_settings()
    assert settings.paths.input_dir == Path("from-local")
    assert settings.paths.output_dir == Path("out-main")
    assert settings.ingest.min_body_chars == 5
    monkeypatch.setenv("PARLEY_PATHS__INPUT_DIR", "from-env")
    monkeypatch.setenv("PARLEY_INGEST__LANGUAGES", '["en", "ru"]')
    settings = load_settings()
    assert settings.paths.input_dir == Path("from-env")
    assert settings.ingest.languages == ["en", "ru"]


def test_unknown_language_is_refused_with_advice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARLEY_INGEST__LANGUAGES", '["en", "xx"]')
    with pytest.raises(ValidationError, match="resources/README.md"):
        load_settings()


def test_missing_config_file_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PARLEY_CONFIG", str(tmp_path / "nope.toml"))
    with pytest.raises(FileNotFoundError, match="PARLEY_CONFIG"):
        load_settings()


def test_unknown_keys_are_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "parley.toml"
    config.write_text("[ingest]\nmax_file_byte = 3\n")
    monkeypatch.setenv("PARLEY_CONFIG", str(config))
    with pytest.raises(ValidationError, match="max_file_byte"):
        load_settings()


def test_schedule_and_language_selection_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    from parley.settings import check_languages

    monkeypatch.setenv("PARLEY_PREFECT__SCHEDULE_CRON", "every day")
    with pytest.raises(ValidationError, match="five fields"):
        load_settings()
    monkeypatch.setenv("PARLEY_PREFECT__SCHEDULE_CRON", "")
    assert load_settings().prefect.schedule_cron is None
    assert check_languages(["ru", "en", "ru"]) == ["en", "ru"]
    assert check_languages([]) is None
    with pytest.raises(ValueError, match="choose from"):
        check_languages(["en", "fr"])
