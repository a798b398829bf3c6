"""Specification of the shape: a Prefect-free core, and the same resource file set in every language."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from parley.resources.loader import (
    RESOURCE_FILES,
    available_languages,
    resources_root,
    validate_all,
)
from parley.settings import SUPPORTED_LANGUAGES

CORE_MODULES = [
    "parley.stages",
    "parley.batches",
    "parley.ingest.run",
    "parley.io.tables",
    "parley.io.lock",
    "parley.reports",
    "parley.cli",
]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_does_not_import_prefect_or_stanza(module: str) -> None:
    code = f"import sys, {module}; print(sorted(m for m in ('prefect', 'stanza') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_canonicalisation_is_pure_logic_over_rows() -> None:
    code = "import sys, parley.canonical; print(sorted(m for m in ('prefect', 'stanza', 'pyarrow', 'polars') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_supported_language_has_the_same_resource_files() -> None:
    assert available_languages() == sorted(SUPPORTED_LANGUAGES)
    for lang in available_languages():
        files = sorted(p.name for p in (resources_root() / lang).iterdir() if p.suffix == ".toml")
        assert files == sorted(RESOURCE_FILES), lang


def test_resource_files_match_their_schemas() -> None:
    assert validate_all() == []


def test_a_broken_resource_file_is_reported_with_its_name(tmp_path: Path) -> None:
    root = tmp_path / "resources"
    shutil.copytree(resources_root(), root)
    (root / "de" / "boilerplate.toml").write_text("[boilerplate]\nview_counters = 3\n", encoding="utf-8")
    (root / "ru" / "language.toml").unlink()
    problems = validate_all(root)
    assert any("de/boilerplate.toml does not match its schema" in p for p in problems)
    assert any("ru" in p and "language.toml is missing" in p for p in problems)


def test_extraction_is_pure_python_over_parleys_own_types() -> None:
    """parley/extract/ reads AnnotatedDocument and returns events: no Prefect, Stanza, torch or table
    library is imported by it (the stage in parley/stages.py does the IO)."""
    modules = sorted(p.stem for p in (Path(__file__).resolve().parents[1] / "parley" / "extract").glob("*.py") if p.stem != "__init__")
    imports = "; ".join(f"import parley.extract.{m}" for m in modules)
    code = f"import sys; {imports}; print(sorted(m for m in ('prefect', 'stanza', 'torch', 'polars', 'pyarrow') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
