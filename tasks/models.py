"""Model building as Prefect tasks: one task per language (its processors train one after another)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import get_run_logger, task

from parley.nlp.build import BuildContext, build_language
from parley.nlp.store import ModelStore
from parley.settings import ModelSettings


@task(name="build-language-models", retries=0, tags=["training"])
def build_language_models(lang: str, budget: str, settings: ModelSettings) -> dict[str, Any]:
    """Prepare data, train every processor of `lang` (skipping those in the store), evaluate."""
    logger = get_run_logger()
    ctx = BuildContext(
        corpora_dir=Path(settings.corpora_dir),
        work_dir=Path(settings.work_dir) / budget,
        store=ModelStore(settings.store_dir),
        budget=budget,
        threads=settings.threads,
        device=settings.device,
        log=logger.info,
    )
    return build_language(ctx, lang)
