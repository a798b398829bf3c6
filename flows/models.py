"""Build parley's own Stanza models from the public corpora (`parley models build`)."""

from __future__ import annotations

from typing import Any

from prefect import flow
from prefect.task_runners import ThreadPoolTaskRunner

from parley.nlp.build import default_build_languages, recipes
from parley.settings import load_settings
from tasks.models import build_language_models


def build_plan(languages: list[str]) -> tuple[list[str], list[str]]:
    """(languages with their own treebank or corpus, languages that borrow a donor's syntax models);
    donors are added when a borrower needs them (az and uz borrow Turkish)."""
    wanted = set(languages)
    for lang in languages:
        donor = recipes()["languages"][lang].get("syntax_from")
        if donor:
            wanted.add(donor)
    borrowers = sorted(lang for lang in wanted if recipes()["languages"][lang].get("syntax_from"))
    return sorted(wanted - set(borrowers)), borrowers


@flow(name="parley-build-models", log_prints=True, task_runner=ThreadPoolTaskRunner(max_workers=2))
def build_models(languages: list[str] | None = None, budget: str = "ci", device: str = "cpu") -> list[dict[str, Any]]:
    """Train the models of `languages` (default: all) under `budget`; resumable per processor.

    Two languages train at a time, each with half of the configured threads: on 2 cores two
    single-threaded trainings finish sooner than one after the other with two threads each."""
    settings = load_settings()
    own, borrowers = build_plan(languages or default_build_languages())
    parallel = 2 if len(own) > 1 else 1
    models = settings.models.model_copy(
        update={"device": device, "threads": max(1, settings.models.threads // parallel)}
    )
    futures = {lang: build_language_models.submit(lang, budget, models) for lang in own}
    later = [
        build_language_models.submit(
            lang, budget, models, wait_for=[futures[recipes()["languages"][lang]["syntax_from"]]]
        )
        for lang in borrowers
    ]
    return [future.result() for future in [*futures.values(), *later]]
