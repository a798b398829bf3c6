"""The NLP stage: plan, annotate batches on the chosen task runner, merge.

The batches run in a sub-flow because Prefect binds a task runner to a flow: the pipeline picks
that flow's runner from the settings at run time (threads, a local Dask cluster, or a Dask
scheduler's address).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow, get_client, get_run_logger
from prefect.futures import as_completed
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from parley.batches import batch_dir, load_plan
from parley.progress import progress_extra
from parley.settings import ModelSettings, PrefectSettings, Settings, load_settings
from tasks.annotate import NLP_TAG, annotate, merge, plan, release_annotators


def log_progress(stage: str, done: int, total: int, detail: str = "") -> None:
    """A log line for the UI that `parley run` also turns into its progress bar."""
    get_run_logger().info(
        "%s: %d/%d%s", stage, done, total, f" ({detail})" if detail else "",
        extra=progress_extra(stage, done, total),
    )


def task_runner_for(settings: PrefectSettings, workers: int) -> TaskRunner:
    """The task runner `settings.task_runner` names. On threads, as many batches at once as there
    are Stanza processes (`workers`) to feed. Dask workers report to this run's Prefect API
    (otherwise each would start a temporary server of its own)."""
    if settings.task_runner == "default":
        return ThreadPoolTaskRunner(max_workers=workers)
    from prefect_dask import DaskTaskRunner

    if settings.task_runner != "dask":
        return DaskTaskRunner(address=settings.task_runner)
    with get_client(sync_client=True) as client:
        api_url = str(client.api_url)
    env = {"PREFECT_API_URL": api_url, "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": settings.dask_workers,
            "threads_per_worker": 1,
            "processes": True,
            "dashboard_address": ":0",  # a free port: two runs may each start a cluster
            "env": env,
        }
    )


def nlp_settings_for(settings: PrefectSettings, models: ModelSettings) -> ModelSettings:
    """On Dask the workers are the processes: Stanza runs in each, on one torch thread."""
    if settings.task_runner == "default":
        return models
    return models.model_copy(update={"workers": 1, "threads": 1})


def ensure_nlp_concurrency(limit: int) -> None:
    """Create (or update) the server-side limit on NLP tasks running at once, across runs.
    0 leaves the server alone: a limit set in the UI (Concurrency) stays as it is."""
    if limit > 0:
        with get_client(sync_client=True) as client:
            client.create_concurrency_limit(tag=NLP_TAG, concurrency_limit=limit)


@flow(name="parley-nlp", log_prints=True)
def annotate_batches(output_dir: str, plan_file: str) -> list[str]:
    """Annotate every batch of the plan on this flow's task runner; the batch folders written."""
    settings = load_settings()
    models = nlp_settings_for(settings.prefect, settings.models)
    retry = {"retries": settings.prefect.task_retries, "retry_delay_seconds": settings.prefect.retry_delay_s}
    work = load_plan(Path(plan_file))
    futures = [
        annotate.with_options(**retry).submit(output_dir, ids, models, str(batch_dir(work, index)))
        for index, ids in enumerate(work.batches)
    ]
    for done, _ in enumerate(as_completed(futures), start=1):
        log_progress("annotate", done, len(futures))
    return [future.result() for future in futures]


def nlp_stage(output_dir: str, languages: list[str] | None, settings: Settings) -> dict[str, Any]:
    """Plan, then the batches in the `parley-nlp` sub-flow on the configured task runner (only
    when there is something to annotate: a sub-flow costs about a second), then merge."""
    models = nlp_settings_for(settings.prefect, settings.models)
    retry = {"retries": settings.prefect.task_retries, "retry_delay_seconds": settings.prefect.retry_delay_s}
    planned = plan.with_options(**retry)(output_dir, models, languages)
    log_progress("annotate", 0, planned["batches"], f"{planned['documents']} documents")
    batch_dirs: list[str] = []
    if planned["batches"]:
        runner = task_runner_for(settings.prefect, settings.models.workers)
        try:
            batch_dirs = annotate_batches.with_options(task_runner=runner)(output_dir, planned["plan_file"])
        finally:
            release_annotators()  # threads runner: the Stanza processes of this flow process
    return merge.with_options(**retry)(output_dir, planned["plan_file"], batch_dirs)
