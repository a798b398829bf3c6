"""Extraction quality on the three gold corpora, end to end (ingest -> Stanza -> extract -> evaluate).

    .venv/bin/python benchmarks/extraction_scores.py [--models ci|standard|best|none]

Corpora: the seeds with ../shared/dev-gold; tests/golden/events (36 articles, written by the team and
used to develop the rules); tests/golden/heldout (18 articles written after the rules were frozen:
never tune on it). `--models none` uses the regex tokenizer only (no Stanza), to separate what the
rules do from what the models add. Prints event P/R/F1 and the main field scores per corpus."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _corpora() -> list[tuple[str, list[Path], list[Path]]]:
    golden, heldout = REPO / "tests" / "golden" / "events", REPO / "tests" / "golden" / "heldout"
    langs = ["en", "de", "ru", "az", "tr", "uz"]
    return [
        ("seeds (dev-gold)", [REPO.parent / "shared" / "seeds"], [REPO.parent / "shared" / "dev-gold"]),
        ("golden (development)", [golden / lang for lang in langs], [golden / lang / "gold" for lang in langs]),
        ("heldout", [heldout / lang for lang in langs], [heldout / lang / "gold" for lang in langs]),
    ]


def _copy(folders: list[Path], target: Path, pattern: str) -> Path:
    """Files matching `pattern` from `folders` into one folder (ingest and the scorer read one folder)."""
    target.mkdir(parents=True, exist_ok=True)
    for folder in folders:
        for path in folder.glob(pattern):
            if path.name != "clusters.json":
                shutil.copy(path, target / path.name)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="ci", choices=["ci", "standard", "best", "none"])
    args = parser.parse_args()

    from parley.evaluation.run import evaluate
    from parley.nlp.annotate import Annotator
    from parley.settings import load_settings
    from parley.stages import annotate_stage, extract_stage, ingest_stage

    settings = load_settings()
    # "none": a budget no store has, with fallback on: every document gets the regex tokenizer.
    prefer = {"ci": ["ci"], "standard": ["standard", "ci"], "best": list(settings.models.prefer), "none": ["regex-only"]}
    models = settings.models.model_copy(update={"prefer": prefer[args.models], "on_missing": "fallback"})
    annotator = Annotator(models)
    print(f"models: {args.models}")
    print(f"{'corpus':<22}{'tp':>4}{'fp':>4}{'fn':>4}{'P':>7}{'R':>7}{'F1':>7}{'partic.F1':>10}{'date':>7}{'status':>7}{'kind':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, article_dirs, gold_dirs in _corpora():
            base = Path(tmp) / name.split()[0]
            out = base / "out"
            ingest_stage(_copy(article_dirs, base / "articles", "*.txt*"), out, settings.ingest)
            annotate_stage(out, annotator)
            extract_stage(out)
            summary = evaluate(_copy(gold_dirs, base / "gold", "*.json"), out)
            c, f = summary["micro"]["all"], summary["fields"]
            print(
                f"{name:<22}{c['tp']:>4}{c['fp']:>4}{c['fn']:>4}{c['precision']:>7.3f}{c['recall']:>7.3f}{c['f1']:>7.3f}"
                f"{f['participants']['f1']:>10.3f}{f['date']['accuracy']:>7.3f}{f['status']['accuracy']:>7.3f}"
                f"{f.get('kind', {}).get('accuracy', float('nan')):>7.3f}"
            )


if __name__ == "__main__":
    main()
