"""Learning curves: dev quality of Stanza processors against training minutes on this machine.

    .venv/bin/python benchmarks/learning_curves.py --lang en ru tr --processor pos ner \\
        --minutes 1 2 4 6 --sizes small full --vectors none pretrained --parallel 2 --json curves.json

One run per (language, processor, network size, vectors), stopped after the largest minute mark,
two runs at a time with one thread each (how `parley models build` trains on 2 cores). Prints one
row per run: the best dev score reached after each minute mark (UPOS on gold tokens for pos, LAS for
depparse, entity F1 for ner, lemma F1 for lemma, Stanza's dev score for tokenize). Vectors are built into
the store first (lemma and tokenize read none).
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parley.nlp.build import BuildContext, prepare_language, prepare_processor_data, prepare_vectors  # noqa: E402
from parley.nlp.curves import best_by, parse_curve, run_curve  # noqa: E402
from parley.nlp.store import ModelStore  # noqa: E402
from parley.settings import load_settings  # noqa: E402

# Network sizes: "small" is the ci budget's shape, "full" Stanza's own default dimensions.
# Both train on small batches: on a CPU, more updates beat bigger batches for the same minutes.
SIZES: dict[str, dict[str, list[str]]] = {
    "small": {
        "tokenize": ["--hidden_dim", "32", "--emb_dim", "16", "--eval_steps", "200"],
        "pos": ["--batch_size", "32", "--eval_interval", "150", "--hidden_dim", "64", "--char_hidden_dim", "64",
                "--deep_biaff_hidden_dim", "64", "--composite_deep_biaff_hidden_dim", "32", "--word_emb_dim", "50",
                "--char_emb_dim", "32"],
        "depparse": ["--batch_size", "1000", "--eval_interval", "100", "--hidden_dim", "64", "--char_hidden_dim", "64",
                     "--deep_biaff_hidden_dim", "64", "--word_emb_dim", "50", "--char_emb_dim", "32"],
        "ner": ["--eval_interval", "300", "--hidden_dim", "64", "--char_hidden_dim", "32", "--word_emb_dim", "50",
                "--char_emb_dim", "32"],
        "lemma": ["--hidden_dim", "64"],  # the ci and default shape; a dev evaluation after every epoch
    },
    "full": {
        "tokenize": ["--eval_steps", "200"],
        "pos": ["--batch_size", "32", "--eval_interval", "150"],
        "depparse": ["--batch_size", "1000", "--eval_interval", "100"],
        "ner": ["--eval_interval", "300"],
        "lemma": [],
    },
}
NEVER_STOP = {"tokenize": ["--steps", "1000000"], "pos": ["--max_steps", "1000000", "--max_steps_before_stop", "1000000"],
              "depparse": ["--max_steps", "1000000", "--max_steps_before_stop", "1000000"],
              "ner": ["--max_steps", "1000000"], "lemma": ["--num_epoch", "1000"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lang", nargs="+", default=["en", "ru", "tr"])
    parser.add_argument("--processor", nargs="+", default=["pos", "ner"], choices=sorted(NEVER_STOP))
    parser.add_argument("--minutes", nargs="+", type=float, default=[1, 2, 4, 6])
    parser.add_argument("--sizes", nargs="+", default=["small"], choices=sorted(SIZES))
    parser.add_argument("--vectors", nargs="+", default=["none", "pretrained"], choices=["none", "pretrained"])
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the curves here")
    parser.add_argument("--from-logs", action="store_true",
                        help="re-read the training logs an earlier run left in the work folder instead of training")
    args = parser.parse_args()

    settings = load_settings().models
    store = ModelStore(settings.store_dir)
    work = settings.work_dir / "curves"
    limit = max(args.minutes) * 60
    jobs = []
    for lang in args.lang:
        ctx = BuildContext(settings.corpora_dir, work / lang, store, "default", threads=1, log=lambda m: print(m, flush=True))
        prepared = None if args.from_logs else prepare_language(ctx, lang)
        vectors_card = prepare_vectors(ctx, lang) if "pretrained" in args.vectors and not args.from_logs else None
        vectors = store.model_file(lang, "pretrain", vectors_card.key) if vectors_card else None
        for processor in args.processor:
            if prepared is not None:
                prepare_processor_data(ctx, prepared, processor)
            for size in args.sizes:
                for use in args.vectors:
                    if use == "pretrained" and (processor in ("tokenize", "lemma") or (vectors is None and not args.from_logs)):
                        continue
                    jobs.append((ctx, prepared, lang, processor, size, use, vectors if use == "pretrained" else None))

    def run(job: tuple) -> dict:
        ctx, prepared, lang, processor, size, use, vectors = job
        name = f"{lang}-{processor}-{size}-{use}"
        hyper = SIZES[size][processor] + NEVER_STOP[processor]
        log = ctx.work_dir / "curves" / name / "train.log"
        if args.from_logs:
            if not log.exists():
                raise SystemExit(f"{log} is missing: run without --from-logs to train {name}")
            points = [p for p in parse_curve(log.read_text(encoding="utf-8", errors="replace"), processor) if p.seconds <= limit]
        else:
            points = run_curve(ctx, prepared, processor, hyper, limit, name, vectors)
        row = {"lang": lang, "processor": processor, "size": size, "vectors": use,
               "curve": [[p.seconds, p.step, p.score] for p in points],
               "best_by_minute": {str(m): best_by(points, m * 60) for m in args.minutes}}
        marks = "  ".join(f"{m:g}min {row['best_by_minute'][str(m)] or 0:.3f}" for m in args.minutes)
        print(f"{lang:<3} {processor:<9} {size:<6} {use:<10} {marks}  ({len(points)} evaluations)", flush=True)
        return row

    with ThreadPoolExecutor(max_workers=args.parallel) as pool:
        rows = list(pool.map(run, jobs))
    print("\n| lang | processor | size | vectors | " + " | ".join(f"{m:g} min" for m in args.minutes) + " |")
    print("|---|---|---|---|" + "---|" * len(args.minutes))
    for row in rows:
        cells = " | ".join("–" if row["best_by_minute"][str(m)] is None else f"{100 * row['best_by_minute'][str(m)]:.1f}" for m in args.minutes)
        print(f"| {row['lang']} | {row['processor']} | {row['size']} | {row['vectors']} | {cells} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
