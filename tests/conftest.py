"""Shared fixtures. Prefect's environment is set here, before anything imports prefect."""

from __future__ import annotations

import os
import tempfile

_PREFECT_HOME = tempfile.mkdtemp(prefix="parley-prefect-home-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ["DO_NOT_TRACK"] = "1"
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "90"
os.environ.pop("PREFECT_API_URL", None)
for _name in [n for n in os.environ if n.startswith("PARLEY_")]:
    os.environ.pop(_name)

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from parley.settings import ModelSettings  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
MODEL_LANGUAGES = ["en", "de", "ru", "tr", "az", "uz", "kk"]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the checkout (PARLEY_SHARED_DIR overrides); CI must have it."""
    path = Path(os.environ.get("PARLEY_TEST_SHARED_DIR", REPO.parent / "shared"))
    if not path.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI runs with ../shared beside the checkout")
        pytest.skip(f"{path} not found (seeds, dev-gold and corpora live there)")
    return path


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return REPO / "data" / "raw"


@pytest.fixture(scope="session")
def model_settings() -> ModelSettings:
    """Settings that use the store's `ci` models; skips (fails on CI) when they are not built."""
    from parley.nlp.store import ModelStore
    from parley.settings import load_settings

    settings = load_settings().models.model_copy(update={"prefer": ["ci"]})
    store = ModelStore(settings.store_dir)
    missing = [lang for lang in MODEL_LANGUAGES if store.read_manifest(lang, "ci") is None]
    if missing:
        message = f"ci models missing for {missing} in {store.root}: run `make models`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return settings


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect API for every flow test in the session (started on first use)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture(autouse=True)
def _run_in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings read config/ from the working directory: run every test from the repo root."""
    monkeypatch.chdir(REPO)
