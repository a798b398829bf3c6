"""`parley` command line: thin commands over importable functions (see `parley --help`)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from parley.io.tables import table_row_counts
from parley.settings import Settings, load_settings

app = typer.Typer(
    help="parley: meeting and agreement events from multilingual news, as Parquet tables.",
    no_args_is_help=True,
    add_completion=False,
)

InputOption = Annotated[
    Path | None, typer.Option("--input", "-i", help="Folder of raw articles (default: settings).")
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Folder for Parquet tables (default: settings).")
]


def prepare_prefect_environment(settings: Settings) -> None:
    """Prefect reads its settings from the environment on import: set parley's defaults first."""
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault(
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS",
        str(settings.prefect.ephemeral_startup_timeout_s),
    )


def _fail(error: Exception) -> typer.Exit:
    """Print a user error (what went wrong and what to do) without a traceback."""
    typer.secho(f"parley: {error}", err=True, fg=typer.colors.RED)
    return typer.Exit(code=2)


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


@app.command()
def run(input: InputOption = None, output: OutputOption = None) -> None:
    """Run the whole pipeline as a Prefect flow, from any folder to any folder."""
    settings = load_settings()
    prepare_prefect_environment(settings)
    from flows.pipeline import parley_pipeline

    source = input or settings.paths.input_dir
    if not Path(source).is_dir():
        raise _fail(FileNotFoundError(f"input folder {source} does not exist; pass --input DIR"))
    result = parley_pipeline(
        input_dir=str(input) if input else None, output_dir=str(output) if output else None
    )
    _echo_json(result)


@app.command()
def ingest(input: InputOption = None, output: OutputOption = None) -> None:
    """Only ingest: raw files -> `documents` and `rejects` tables (no Prefect)."""
    from parley.stages import ingest_stage

    settings = load_settings()
    try:
        report = ingest_stage(
            input or settings.paths.input_dir, output or settings.paths.output_dir, settings.ingest
        )
    except FileNotFoundError as error:
        raise _fail(error) from None
    _echo_json(report.__dict__)


@app.command()
def tables(output: OutputOption = None) -> None:
    """List parley's tables under the output folder with their row counts."""
    folder = output or load_settings().paths.output_dir
    counts = table_row_counts(folder)
    width = max(len(name) for name in counts)
    for name, count in counts.items():
        shown = "not written" if count is None else f"{count} rows"
        typer.echo(f"{name:<{width}}  {shown:>12}  {Path(folder) / name}")


@app.command("settings")
def show_settings() -> None:
    """Print the effective settings (TOML + PARLEY_* environment) as JSON."""
    _echo_json(load_settings().model_dump(mode="json"))


if __name__ == "__main__":
    app()
