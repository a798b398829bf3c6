"""Build parley's own Stanza models from the public corpora (`parley models build`)."""

from __future__ import annotations

from typing import Any

from prefect import flow

from parley.nlp.build import buildable_languages, recipes
from parley.settings import load_settings
from tasks.models import build_language_models


def build_order(languages: list[str]) -> list[str]:
    """Donors first: az and uz borrow the Turkish syntax models."""
    wanted = set(languages)
    for lang in languages:
        donor = recipes()["languages"][lang].get("syntax_from")
        if donor:
            wanted.add(donor)
    return sorted(wanted, key=lambda lang: (bool(recipes()["languages"][lang].get("syntax_from")), lang))


@flow(name="parley-build-models", log_prints=True)
def build_models(languages: list[str] | None = None, budget: str = "ci", device: str = "cpu") -> list[dict[str, Any]]:
    """Train the models of `languages` (default: all) under `budget`; resumable per processor."""
    settings = load_settings()
    models = settings.models.model_copy(update={"device": device})
    results = []
    for lang in build_order(languages or buildable_languages()):
        results.append(build_language_models(lang, budget, models))
    return results
