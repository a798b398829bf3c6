"""The parley pipeline: raw files -> documents -> Stanza NLP -> meeting and agreement events ->
canonical events and actors -> Parquet tables, and a report of the run.

One run at a time writes to an output folder (the output lock); a second run waits for it.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger

from flows.nlp import ensure_nlp_concurrency, log_progress, nlp_stage
from parley.io.lock import output_lock
from parley.settings import Settings, check_languages, load_settings
from tasks.canonical import canonicalise
from tasks.extract import extract
from tasks.ingest import ingest
from tasks.reports import publish_reports


@flow(name="parley-pipeline", log_prints=True)
def parley_pipeline(
    input_dir: str | None = None, output_dir: str | None = None, languages: list[str] | None = None
) -> dict[str, Any]:
    """Run every stage over `input_dir`, writing tables under `output_dir` (defaults: settings);
    only documents in `languages` (default: all) go through NLP and extraction."""
    settings = load_settings()
    source = str(Path(input_dir or settings.paths.input_dir).resolve())
    target = str(Path(output_dir or settings.paths.output_dir).resolve())
    chosen = check_languages(languages)
    logger = get_run_logger()
    ensure_nlp_concurrency(settings.prefect.nlp_concurrency)
    retry = {"retries": settings.prefect.task_retries, "retry_delay_seconds": settings.prefect.retry_delay_s}
    seconds: dict[str, float] = {}
    with output_lock(Path(target), settings.run.lock_timeout_s, on_wait=logger.warning) as lock:
        started = time.perf_counter()
        ingest_report = ingest.with_options(**retry)(source, target, settings.ingest)
        seconds["ingest"] = round(time.perf_counter() - started, 2)
        log_progress("ingest", 1, 1, f"{ingest_report['documents']} documents")

        started = time.perf_counter()
        annotate_report = nlp_stage(target, chosen, settings)
        seconds["annotate"] = round(time.perf_counter() - started, 2)

        started = time.perf_counter()
        extract_report = extract.with_options(**retry)(target, chosen)
        seconds["extract"] = round(time.perf_counter() - started, 2)
        log_progress("extract", 1, 1, f"{sum(extract_report['events'].values())} events")

        started = time.perf_counter()
        canonical_report = canonicalise.with_options(**retry)(target)
        seconds["canonical"] = round(time.perf_counter() - started, 2)
        log_progress("canonical", 1, 1, f"{canonical_report['canonical_events']} canonical events")

        result = {
            "input_dir": source,
            "output_dir": target,
            "languages": chosen,
            "lock_waited_s": lock.waited_s,
            "seconds": seconds,
            "ingest": ingest_report,
            "annotate": annotate_report,
            "extract": extract_report,
            "canonical": canonical_report,
        }
        if settings.run.reports:
            result["reports"] = publish_reports.with_options(**retry)(target, result)
            log_progress("reports", 1, 1)
    return result


def serve_pipeline(
    settings: Settings,
    input_dir: Path,
    output_dir: Path,
    languages: list[str] | None,
    cron: str | None,
) -> None:
    """Register the `parley-pipeline` deployment (schedule, default parameters) and run its flow
    runs in this process until interrupted (Ctrl-C)."""
    from prefect.schedules import Cron

    schedules = [Cron(cron, timezone=settings.prefect.schedule_timezone)] if cron else []
    parley_pipeline.serve(
        name=settings.prefect.deployment_name,
        schedules=schedules,
        parameters={
            "input_dir": str(Path(input_dir).resolve()),
            "output_dir": str(Path(output_dir).resolve()),
            "languages": check_languages(languages),
        },
        tags=["parley"],
        description="Raw articles -> documents -> NLP -> events -> canonical events, as Parquet tables.",
    )


if __name__ == "__main__":
    parley_pipeline()
