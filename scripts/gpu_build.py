"""Build one budget's Stanza models for several languages at once on a GPU machine, without Prefect.

Same code path as `parley models build` (parley.nlp.build: prepare_language, train_processor,
build_language), so the models get the same content-addressed keys, cards and manifests; what differs
is the scheduling: every processor of a language trains at the same time (one Stanza subprocess
each), and each language runs in its own process (run several `train` commands side by side).

    python scripts/gpu_build.py corpora --langs en de ru az --out .gpu/corpora   # copy what the recipes read
    python scripts/gpu_build.py train --lang en --budget standard --device cuda \\
        --corpora DIR --store DIR --work DIR [--half] [--train-until T] [--eval-until T]
    python scripts/gpu_build.py pack-list --store DIR --langs en de ru az --budget standard
    python scripts/gpu_build.py half --store DIR --lang tr --budget standard   # float16 copy of a built set

`--half` stores float32 weights as float16 (halves the files; Stanza upcasts on load, and the
held-out scores are measured on the float16 files). `--train-until` stops trainings still running at
that time (the processors that finished stay in the store; a later run resumes); `--eval-until` does
the same for the evaluation, which is skipped when less than `--eval-min-seconds` are left (then
`parley models build` elsewhere finds every processor in the store and only evaluates).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import threading
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from parley.nlp.build import (  # noqa: E402
    BuildContext,
    BuildError,
    build_language,
    prepare_language,
    processors_for,
    recipes,
    train_processor,
)
from parley.nlp.store import ModelStore  # noqa: E402

# longest first, so that a stopped build loses the cheap processors last
_ORDER = ("lemma", "depparse", "pos", "ner", "tokenize", "mwt")
# what comes back first when the models are fetched in parts
_FETCH_ORDER = ("ner", "pos", "lemma", "tokenize", "mwt", "depparse")
HALF_NOTE = "weights stored as float16 after training (Stanza upcasts on load; test scores measured on this file)"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def half_precision(path: Path) -> int:
    """Rewrite a Stanza checkpoint with its float32 weights as float16; returns the new size."""
    import torch

    checkpoint = torch.load(path, map_location="cpu", weights_only=False)
    state = checkpoint.get("model")
    if not isinstance(state, dict):
        raise BuildError(f"{path}: no 'model' state dict to convert")
    checkpoint["model"] = {k: (v.half() if v.dtype == torch.float32 else v) for k, v in state.items()}
    tmp = path.with_suffix(".tmp")
    torch.save(checkpoint, tmp)
    tmp.replace(path)
    return path.stat().st_size


def halve_card(store: ModelStore, lang: str, processor: str, key: str) -> None:
    card = store.read_card(lang, processor, key)
    if HALF_NOTE in card.notes:
        return
    card.size_bytes = half_precision(store.model_file(lang, processor, key))
    card.notes = f"{card.notes}; {HALF_NOTE}".strip("; ")
    store.write_card(card)


def _kill_children() -> None:
    import psutil

    for child in psutil.Process().children(recursive=True):
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass


def cmd_train(args: argparse.Namespace) -> int:
    started = time.monotonic()
    store = ModelStore(args.store)
    ctx = BuildContext(
        corpora_dir=args.corpora, work_dir=args.work, store=store, budget=args.budget,
        threads=args.threads, device=args.device, log=lambda m: log(f"{args.lang}: {m}"),
    )
    prepared = prepare_language(ctx, args.lang)
    processors = sorted((p for p in processors_for(prepared) if not args.only or p in args.only), key=_ORDER.index)
    log(f"{args.lang}: prepared in {time.monotonic() - started:.0f} s; training {processors} at once")
    stopped = threading.Event()
    if args.train_until:
        def watchdog() -> None:
            if not stopped.wait(max(0.0, args.train_until - time.time())):
                log(f"{args.lang}: training time is up, stopping the trainings still running")
                _kill_children()
        threading.Thread(target=watchdog, daemon=True).start()

    def one(processor: str) -> tuple[str, str]:
        try:
            card = train_processor(ctx, prepared, processor)
        except BuildError as error:
            log(f"{args.lang}/{processor}: FAILED {str(error).splitlines()[0]}")
            return processor, "failed"
        if args.half:
            halve_card(store, args.lang, processor, card.key)
        return processor, "ok"

    with ThreadPoolExecutor(max_workers=len(processors) or 1) as pool:
        results = dict(pool.map(one, processors))
    stopped.set()
    summary: dict = {"lang": args.lang, "budget": args.budget, "device": args.device, "processors": results,
                     "train_wall_seconds": round(time.monotonic() - started, 1)}
    out = args.work / f"summary-{args.lang}.json"
    out.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    left = args.eval_until - time.time() if args.eval_until else float("inf")
    if args.only:
        log(f"{args.lang}: only {args.only} trained; evaluate once every processor is in a store")
    elif not all(v == "ok" for v in results.values()):
        log(f"{args.lang}: not every processor was trained; no evaluation, no manifest")
    elif left < args.eval_min_seconds:
        log(f"{args.lang}: {left:.0f} s left, not enough to evaluate here; evaluate elsewhere")
    else:
        if args.eval_until:
            threading.Timer(left, _exit, [f"{args.lang}: evaluation over time, stopped"]).start()
        try:
            summary["evaluation"] = build_language(ctx, args.lang).get("evaluation")
        except BuildError as error:
            summary["evaluation_error"] = str(error)
    summary["wall_seconds"] = round(time.monotonic() - started, 1)
    out.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    log(f"{args.lang}: {json.dumps(summary)}")
    os._exit(0)  # an evaluation timer must not keep the process alive


def _exit(message: str) -> None:
    log(message)
    os._exit(3)


def cmd_half(args: argparse.Namespace) -> int:
    store = ModelStore(args.store)
    manifest = store.read_manifest(args.lang, args.budget)
    if manifest is None:
        raise SystemExit(f"no {args.budget} manifest for {args.lang}")
    for processor, entry in manifest["processors"].items():
        if entry["lang"] == args.lang:
            halve_card(store, args.lang, processor, entry["key"])
            log(f"{args.lang}/{processor}: {store.read_card(args.lang, processor, entry['key']).size_bytes} bytes")
    return 0


def cmd_pack_list(args: argparse.Namespace) -> int:
    """Relative paths of the store's files for these languages (one per line, for `tar -T`):
    manifests and cards first, then the models language by language, in _FETCH_ORDER."""
    store = ModelStore(args.store)
    small: list[Path] = []
    models: list[Path] = []
    for lang in args.langs:
        manifest = store.manifest_path(lang, args.budget)
        if manifest.is_file():
            small.append(manifest)
        for processor in _FETCH_ORDER:
            for folder in sorted((store.root / lang / processor).glob("*")):
                card = folder / "card.json"
                model = folder / f"{processor}.pt"
                if card.is_file() and model.is_file() and json.loads(card.read_text())["budget"] == args.budget:
                    small.append(card)
                    models.append(model)
    for path in [*small, *models]:
        print(path.relative_to(store.root))
    return 0


def cmd_corpora(args: argparse.Namespace) -> int:
    """Copy the corpus files the recipes of `langs` read (and nothing else) to `out`."""
    with (REPO / "parley" / "nlp" / "recipes.toml").open("rb") as handle:
        languages = tomllib.load(handle)["languages"]
    wanted: set[str] = set()
    for lang in args.langs:
        for key, value in languages[lang].items():
            if (key.startswith("ud_") or key.startswith("ner_")) and isinstance(value, list):
                for ref in value:
                    wanted.update(ref.partition("#")[0].split("|"))
    for rel in sorted(wanted):
        source, target = args.source / rel, args.out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copy2(source, target)
        log(f"copied {rel}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    train = sub.add_parser("train")
    train.add_argument("--lang", required=True, choices=sorted(recipes()["languages"]))
    train.add_argument("--budget", default="standard")
    train.add_argument("--device", default="cuda", choices=["cpu", "cuda"])
    train.add_argument("--corpora", type=Path, required=True)
    train.add_argument("--store", type=Path, required=True)
    train.add_argument("--work", type=Path, required=True)
    train.add_argument("--threads", type=int, default=1)
    train.add_argument("--half", action="store_true")
    train.add_argument("--only", nargs="+", choices=list(_ORDER), help="train only these processors (no evaluation)")
    train.add_argument("--train-until", type=float, default=0, help="epoch seconds: stop trainings then")
    train.add_argument("--eval-until", type=float, default=0, help="epoch seconds: stop evaluating then")
    train.add_argument("--eval-min-seconds", type=float, default=45, help="skip evaluation with less left")
    half = sub.add_parser("half")
    half.add_argument("--store", type=Path, required=True)
    half.add_argument("--lang", required=True)
    half.add_argument("--budget", default="standard")
    pack = sub.add_parser("pack-list")
    pack.add_argument("--store", type=Path, required=True)
    pack.add_argument("--langs", nargs="+", required=True)
    pack.add_argument("--budget", default="standard")
    corpora = sub.add_parser("corpora")
    corpora.add_argument("--langs", nargs="+", required=True)
    corpora.add_argument("--source", type=Path, default=REPO.parent / "shared" / "corpora")
    corpora.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    return {"train": cmd_train, "half": cmd_half, "pack-list": cmd_pack_list, "corpora": cmd_corpora}[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
