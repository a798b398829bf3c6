"""`parley` command line: thin commands over importable functions (see `parley --help`)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from parley.io.tables import table_row_counts
from parley.settings import Settings, check_languages, load_settings

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


def _require_folder(source: Path) -> None:
    if not Path(source).is_dir():
        raise _fail(FileNotFoundError(f"input folder {source} does not exist; pass --input DIR"))


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


LanguagesOption = Annotated[
    list[str] | None,
    typer.Option("--lang", "-l", help="Only documents in this language go through NLP (repeatable; default all)."),
]


@app.command()
def run(input: InputOption = None, output: OutputOption = None, lang: LanguagesOption = None) -> None:
    """Run the whole pipeline as a Prefect flow, from any folder to any folder."""
    settings = load_settings()
    prepare_prefect_environment(settings)
    from flows.pipeline import parley_pipeline

    _require_folder(input or settings.paths.input_dir)
    from parley.io.lock import OutputBusyError
    from parley.nlp.annotate import MissingModelsError
    from parley.progress import ProgressBar, shared_console

    try:
        check_languages(lang)
        with ProgressBar(shared_console(), plain=lambda line: typer.echo(f"parley: {line}", err=True)):
            result = parley_pipeline(
                input_dir=str(input) if input else None,
                output_dir=str(output) if output else None,
                languages=lang or None,
            )
    except (MissingModelsError, OutputBusyError, ValueError) as error:
        raise _fail(error) from None
    _echo_json(result)


@app.command()
def serve(
    input: InputOption = None,
    output: OutputOption = None,
    lang: LanguagesOption = None,
    cron: Annotated[
        str | None, typer.Option(help='Cron schedule (default: settings prefect.schedule_cron; "" = none).')
    ] = None,
) -> None:
    """Register the `parley-pipeline` deployment and serve its runs (scheduled, or started from the
    UI: Deployments > parley-pipeline > Run) until Ctrl-C. Set PREFECT_API_URL to your server."""
    settings = load_settings()
    prepare_prefect_environment(settings)
    from prefect.settings import get_current_settings

    from flows.pipeline import serve_pipeline

    if not get_current_settings().api.url:
        typer.secho(
            "parley: PREFECT_API_URL is not set, so the deployment lives in a temporary server that "
            "no UI can see. Start `prefect server start --host 127.0.0.1` and set "
            "PREFECT_API_URL=http://127.0.0.1:4200/api first.",
            err=True,
            fg=typer.colors.YELLOW,
        )
    try:
        serve_pipeline(
            settings,
            input or settings.paths.input_dir,
            output or settings.paths.output_dir,
            check_languages(lang),
            settings.prefect.schedule_cron if cron is None else (cron or None),
        )
    except ValueError as error:
        raise _fail(error) from None


@contextmanager
def _output_locked(output: Path, settings: Settings) -> Iterator[None]:
    """The output folder's lock around a stage command (another run may be writing there)."""
    from parley.io.lock import OutputBusyError, output_lock

    def waiting(message: str) -> None:
        typer.secho(f"parley: {message}", err=True, fg=typer.colors.YELLOW)

    try:
        with output_lock(output, settings.run.lock_timeout_s, on_wait=waiting):
            yield
    except OutputBusyError as error:
        raise _fail(error) from None


@app.command()
def ingest(input: InputOption = None, output: OutputOption = None) -> None:
    """Only ingest: raw files -> `documents` and `rejects` tables (no Prefect)."""
    from parley.stages import ingest_stage

    settings = load_settings()
    source, target = input or settings.paths.input_dir, output or settings.paths.output_dir
    _require_folder(source)
    with _output_locked(target, settings):
        report = ingest_stage(source, target, settings.ingest)
    _echo_json(report.__dict__)


@app.command()
def annotate(output: OutputOption = None, lang: LanguagesOption = None) -> None:
    """Only the NLP stage over an existing `documents` table (no Prefect)."""
    from parley.nlp.annotate import Annotator, MissingModelsError
    from parley.stages import annotate_stage

    settings = load_settings()
    target = output or settings.paths.output_dir
    annotator = Annotator(settings.models)
    try:
        with _output_locked(target, settings):
            report = annotate_stage(target, annotator, languages=check_languages(lang))
    except (FileNotFoundError, MissingModelsError, ValueError) as error:
        raise _fail(error) from None
    finally:
        annotator.close()
    _echo_json(report.__dict__)


@app.command()
def extract(output: OutputOption = None, lang: LanguagesOption = None) -> None:
    """Only the extraction stage over existing `documents`, `sentences` and `tokens` tables (no Prefect)."""
    from parley.stages import extract_stage

    settings = load_settings()
    target = output or settings.paths.output_dir
    try:
        with _output_locked(target, settings):
            report = extract_stage(target, languages=check_languages(lang))
    except (FileNotFoundError, ValueError) as error:
        raise _fail(error) from None
    _echo_json(report.__dict__)


@app.command()
def canonical(output: OutputOption = None) -> None:
    """Only canonicalisation over existing event tables: `actors`, `canonical_events`, `event_mentions`."""
    from parley.stages import canonical_stage

    settings = load_settings()
    target = output or settings.paths.output_dir
    try:
        with _output_locked(target, settings):
            report = canonical_stage(target)
    except FileNotFoundError as error:
        raise _fail(error) from None
    _echo_json(report.__dict__)


models_app = typer.Typer(help="Build, list and download the Stanza models parley uses.", no_args_is_help=True)
app.add_typer(models_app, name="models")


@models_app.command("build")
def models_build(
    lang: Annotated[list[str] | None, typer.Option("--lang", "-l", help="Language (repeatable); default all.")] = None,
    budget: Annotated[str, typer.Option(help="ci (tiny, for the tests), default (what `make sample` builds, at most 40 min), standard (CPU, at most 3 h per language, resumable) or gpu (Stanza's own schedule, with --device cuda).")] = "ci",
    device: Annotated[str, typer.Option(help="cpu, or cuda on a GPU machine.")] = "cpu",
) -> None:
    """Train models from the corpora with Stanza's training code, as a Prefect flow (resumable)."""
    from parley.nlp.build import buildable_languages

    settings = load_settings()
    unknown = sorted(set(lang or []) - set(buildable_languages()))
    if unknown:
        raise _fail(ValueError(f"no recipe for {unknown}; buildable: {buildable_languages()}"))
    prepare_prefect_environment(settings)
    from flows.models import build_models

    results = build_models(languages=lang or None, budget=budget, device=device)
    _echo_json([{"lang": r["lang"], "budget": r["budget"], "evaluation": r["evaluation"]} for r in results])


@models_app.command("list")
def models_list() -> None:
    """Installed model sets with their held-out scores and the licence of their training data."""
    from parley.nlp.store import ModelStore

    settings = load_settings()
    store = ModelStore(settings.models.store_dir)
    manifests = store.installed()
    if not manifests:
        typer.echo(f"no models in {store.root}; run `parley models build --budget ci`")
        return
    from parley.nlp.annotate import MODEL_SCRIPTS, Annotator

    annotator = Annotator(settings.models.model_copy(update={"on_missing": "fallback"}))
    used = {lang: annotator.choose(lang, script).source for lang, script in MODEL_SCRIPTS.items()}
    for lang in sorted(lang for lang, source in used.items() if source in ("official", "fallback")):
        typer.echo(f"{lang:<3} {used[lang]:<9} <- the pipeline uses this ({'official Stanza models' if used[lang] == 'official' else 'no models: regex tokens'})")
    for manifest in manifests:
        scores = ", ".join(f"{k} {v}" for k, v in manifest["evaluation"].items())
        marker = "  <- the pipeline uses this" if used.get(manifest["lang"]) == manifest["budget"] else ""
        typer.echo(f"{manifest['lang']:<3} {manifest['budget']:<9} {scores}{marker}")
        for processor, entry in manifest["processors"].items():
            card = store.read_card(entry["lang"], processor, entry["key"])
            borrowed = f" (from {entry['lang']})" if entry["lang"] != manifest["lang"] else ""
            typer.echo(
                f"    {processor:<9} {entry['key']}{borrowed}  {card.size_bytes / 1e6:.1f} MB  "
                f"{card.train_seconds:.0f} s  dev {card.dev_score}"
                + (f"  peak {card.peak_memory_mb:.0f} MB" if card.peak_memory_mb else "")
                + (f"  vectors {entry['pretrain']['lang']}/{entry['pretrain']['key']}" if entry.get("pretrain") else "")
                + f"  licence: {card.licence}"
                + (f"  [{card.notes}]" if card.notes else "")
            )


@models_app.command("export")
def models_export(
    path: Annotated[Path, typer.Argument(help="Archive to write (a .tar.gz).")],
    budget: Annotated[str, typer.Option(help="The budget whose model sets to pack.")] = "ci",
    lang: Annotated[list[str] | None, typer.Option("--lang", "-l", help="Language (repeatable); default all.")] = None,
) -> None:
    """Write one pack (models, vectors, cards, a manifest with checksums and licences) for another machine."""
    from parley.nlp.packs import PackError, export_pack
    from parley.nlp.store import ModelStore

    try:
        manifest = export_pack(ModelStore(load_settings().models.store_dir), budget, path, lang or None)
    except PackError as error:
        raise _fail(error) from None
    typer.echo(f"wrote {path}: {budget}, {len(manifest['files'])} files, languages {', '.join(manifest['languages'])}")


@models_app.command("import")
def models_import(path: Annotated[Path, typer.Argument(help="A pack written by `parley models export`.")]) -> None:
    """Check a pack (format, layout, every checksum) and install it into the model store."""
    from parley.nlp.packs import PackError, import_pack
    from parley.nlp.store import ModelStore

    store = ModelStore(load_settings().models.store_dir)
    try:
        result = import_pack(store, path)
    except PackError as error:
        raise _fail(error) from None
    typer.echo(
        f"installed {result.budget} models for {', '.join(result.languages)} into {store.root} "
        f"({result.files} files checked, {result.skipped_existing} model folders already there)"
    )


@models_app.command("report")
def models_report() -> None:
    """The measured table of installed models, as Markdown (pasted into docs/models.md)."""
    from parley.nlp.report import models_table
    from parley.nlp.store import ModelStore

    typer.echo(models_table(ModelStore(load_settings().models.store_dir)))


@models_app.command("download")
def models_download(
    lang: Annotated[list[str], typer.Option("--lang", "-l", help="Language (repeatable).")],
) -> None:
    """Install official Stanza models (needs internet); the pipeline then prefers them."""
    from parley.nlp import stanza_backend

    settings = load_settings()
    for code in lang:
        try:
            stanza_backend.download_official(code, settings.models.official_dir)
        except Exception as error:  # noqa: BLE001 - network errors come in many types
            raise _fail(
                RuntimeError(
                    f"could not download official Stanza models for {code} ({type(error).__name__}: {error}); "
                    f"without internet, build parley's own: `parley models build --lang {code}`"
                )
            ) from None
        typer.echo(f"installed official Stanza models for {code}")


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Option("--gold", help="Folder of gold files (the shape of ../shared/dev-gold).")],
    output: OutputOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as one JSON object.")] = False,
    split: Annotated[
        str | None,
        typer.Option("--split", help="Only the gold documents of this split (dev, test) of split.json."),
    ] = None,
    split_file: Annotated[
        Path | None,
        typer.Option("--split-file", help="The split file (default: split.json beside --gold or one folder up)."),
    ] = None,
) -> None:
    """Score the events under --output against gold files (EVENT-MODEL.md's protocol); prints one
    row per event type, per language and per language and type, then the field scores."""
    from parley.evaluation.run import GoldError, format_table
    from parley.evaluation.run import evaluate as run_evaluation

    try:
        summary = run_evaluation(gold, output or load_settings().paths.output_dir, split=split, split_path=split_file)
    except (FileNotFoundError, GoldError) as error:
        raise _fail(error) from None
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False))
    else:
        typer.echo(format_table(summary))


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
