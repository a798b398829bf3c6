"""Build parley's own Stanza models from the public corpora (`parley models build`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger
from prefect.futures import PrefectFuture, as_completed
from prefect.task_runners import ThreadPoolTaskRunner

from parley.nlp.build import BuildError, build_plan, default_build_languages, next_build
from parley.settings import load_settings
from tasks.models import build_language_models


@flow(name="parley-build-models", log_prints=True, task_runner=ThreadPoolTaskRunner(max_workers=2))
def build_models(languages: list[str] | None = None, budget: str = "ci", device: str = "cpu") -> list[dict[str, Any]]:
    """Train the models of `languages` (default: all) under `budget`; resumable per processor.

    Two languages train at a time, each with half of the configured threads: on 2 cores two
    single-threaded trainings finish sooner than one after the other with two threads each. A
    language is submitted only when a worker is free and its donor is built (`next_build`), so no
    worker sits blocked on a donor; one language failing does not stop the others."""
    logger = get_run_logger()
    settings = load_settings()
    waiting = build_plan(languages or default_build_languages(), Path(settings.models.corpora_dir))
    parallel = 2 if sum(step.donor is None for step in waiting) > 1 else 1
    models = settings.models.model_copy(
        update={"device": device, "threads": max(1, settings.models.threads // parallel)}
    )
    logger.info("build order: %s", ", ".join(step.lang for step in waiting))
    running: dict[PrefectFuture, str] = {}
    results: dict[str, dict[str, Any]] = {}
    failures: dict[str, BaseException] = {}
    while waiting or running:
        for step in [s for s in waiting if s.donor in failures]:
            waiting.remove(step)
            failures[step.lang] = BuildError(f"{step.lang}: not built, because {step.donor} (its donor) failed")
        while len(running) < parallel and (step := next_build(waiting, set(results))) is not None:
            waiting.remove(step)
            running[build_language_models.submit(step.lang, budget, models)] = step.lang
        if not running:  # only borrowers of a donor outside the plan are left (build_plan adds donors)
            raise BuildError(f"nothing can start: {', '.join(s.lang for s in waiting)} wait for donors not being built")
        future = next(as_completed(list(running)))
        lang = running.pop(future)
        try:
            results[lang] = future.result()
        except Exception as error:  # the others go on; the first failure is raised at the end
            logger.error("%s: build failed: %s", lang, error)
            failures[lang] = error
    if failures:
        raise next(iter(failures.values()))
    return [results[lang] for lang in sorted(results)]
