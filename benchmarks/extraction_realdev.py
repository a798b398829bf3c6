"""Extraction quality on real news (../shared/real-dev) and on ../shared/peer-cameo, per language.

    .venv/bin/python benchmarks/extraction_realdev.py [--models ci|default|standard|best|none] [--split dev|test|all]
        [--corpus real-dev|peer-cameo] [--cache DIR] [--json]

Ingest and annotation are cached under --cache (one folder per corpus and model choice: the NLP stage
is the slow part and does not change while the extraction rules do); extraction and scoring run fresh
every time. `--models none` is the regex tokenizer only (no Stanza). real-dev is scored with
`parley evaluate`'s scorer restricted to the split (tune on `dev`, report on `test`); peer-cameo with
its own scorer (`score_cameo.py`, never develop on it)."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared"


def _with_title_lines(source: Path, target: Path) -> Path:
    """A copy of the raw folder where every .txt starts with a title line of its own. Diagnostic:
    ingestion takes the first line of a plain-text file as its title and drops it from the body, and
    peer-cameo's records are hard-wrapped single sentences, so their first line is the event."""
    target.mkdir(parents=True, exist_ok=True)
    for path in source.iterdir():
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".txt":
            text = f"Record {path.stem}\n\n{text}"
        (target / path.name).write_text(text, encoding="utf-8")
    return target


def annotated_output(corpus: str, models_choice: str, cache: Path, title_lines: bool = False) -> Path:
    """The corpus ingested and annotated once into `cache` (reused while it exists)."""
    from parley.nlp.annotate import Annotator
    from parley.settings import load_settings
    from parley.stages import annotate_stage, ingest_stage

    out = cache / f"{corpus}-{models_choice}{'-titled' if title_lines else ''}"
    if (out / ".annotated").exists():
        return out
    raw = SHARED / corpus / "raw"
    if title_lines:
        raw = _with_title_lines(raw, cache / f"{corpus}-raw-titled")
    settings = load_settings()
    prefer = {"ci": ["ci"], "default": ["default"], "standard": ["standard", "ci"], "best": list(settings.models.prefer), "none": ["regex-only"]}
    models = settings.models.model_copy(update={"prefer": prefer[models_choice], "on_missing": "fallback"})
    ingest_stage(raw, out, settings.ingest)
    annotator = Annotator(models)
    try:
        annotate_stage(out, annotator)
    finally:
        annotator.close()
    (out / ".annotated").write_text("ok\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="ci", choices=["ci", "default", "standard", "best", "none"])
    parser.add_argument("--split", default="dev", choices=["dev", "test", "all"])
    parser.add_argument("--corpus", default="real-dev", choices=["real-dev", "peer-cameo"])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/parley-realdev-cache"))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--title-lines", action="store_true",
                        help="diagnostic: give every raw text a title line of its own first (see _with_title_lines)")
    args = parser.parse_args()

    from parley.evaluation.run import evaluate, format_table
    from parley.stages import extract_stage

    out = annotated_output(args.corpus, args.models, args.cache, args.title_lines)
    shutil.rmtree(out / "extractions", ignore_errors=True)  # fresh: rules outside parley/extract change results too
    extract_stage(out)
    print(f"corpus: {args.corpus}  models: {args.models}  split: {args.split}")
    if args.corpus == "peer-cameo":
        subprocess.run([sys.executable, str(SHARED / "peer-cameo" / "score_cameo.py"), str(SHARED / "peer-cameo"), str(out)],
                       check=True)  # records are matched by file name, which --title-lines keeps
        return
    split = None if args.split == "all" else args.split
    summary = evaluate(SHARED / "real-dev" / "gold", out, split=split)
    print(json.dumps(summary, ensure_ascii=False) if args.json else format_table(summary))


if __name__ == "__main__":
    main()
