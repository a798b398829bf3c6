"""The NLP stage as a sub-flow: plan, annotate batches on the chosen task runner, merge.

A sub-flow because Prefect binds a task runner to a flow: the pipeline picks this flow's runner
from the settings at run time (threads, a local Dask cluster, or a Dask scheduler's address).
"""

from __future__ import annotations

from typing import Any

from prefect import flow, get_client, get_run_logger
from prefect.futures import as_completed
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from parley.batches import AnnotationPlan, batch_dir
from parley.progress import progress_extra
from parley.settings import ModelSettings, PrefectSettings, load_settings
from tasks.annotate import NLP_TAG, annotate, merge, plan


def log_progress(stage: str, done: int, total: int, detail: str = "") -> None:
    """A log line for the UI that `parley run` also turns into its progress bar."""
    get_run_logger().info(
        "%s: %d/%d%s", stage, done, total, f" ({detail})" if detail else "",
        extra=progress_extra(stage, done, total),
    )


def task_runner_for(settings: PrefectSettings) -> TaskRunner:
    """The task runner `settings.task_runner` names. Dask workers report to this run's Prefect
    API (otherwise each would start a temporary server of its own)."""
    if settings.task_runner == "default":
        return ThreadPoolTaskRunner(max_workers=4)
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
    """Create (or update) the server-side limit on NLP tasks running at once, across runs."""
    with get_client(sync_client=True) as client:
        if limit > 0:
            client.create_concurrency_limit(tag=NLP_TAG, concurrency_limit=limit)
        else:
            try:
                client.delete_concurrency_limit_by_tag(tag=NLP_TAG)
            except Exception:  # noqa: BLE001 - no limit to delete
                pass


@flow(name="parley-nlp", log_prints=True)
def annotate_documents(output_dir: str, languages: list[str] | None = None) -> dict[str, Any]:
    """Annotate the documents of `languages` (None: all) that changed since the last run."""
    settings = load_settings()
    models = nlp_settings_for(settings.prefect, settings.models)
    retry = {"retries": settings.prefect.task_retries, "retry_delay_seconds": settings.prefect.retry_delay_s}
    planned = plan.with_options(**retry)(output_dir, models, languages)
    work = AnnotationPlan(**planned)
    futures = [
        annotate.with_options(**retry).submit(output_dir, ids, models, str(batch_dir(work, index)))
        for index, ids in enumerate(work.batches)
    ]
    log_progress("annotate", 0, len(futures), f"{sum(map(len, work.batches))} documents")
    for done, _ in enumerate(as_completed(futures), start=1):
        log_progress("annotate", done, len(futures))
    return merge.with_options(**retry)(output_dir, planned, [future.result() for future in futures])
