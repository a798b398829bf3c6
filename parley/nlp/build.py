"""Build parley's Stanza models from public corpora with Stanza's own training code.

One language at a time: compose the data (recipes.toml), then train each processor by running
Stanza's `stanza.utils.training.run_*` scripts in a subprocess (through `train_launcher`), and store
each model with its card in the content-addressed store. A processor whose key is already in the
store is not trained again: interrupted builds resume, and CI's cached store is reused.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from parley.nlp import corpora
from parley.nlp.store import ModelCard, ModelStore, content_key, file_checksum

RECIPE_VERSION = "1"
_RUNNERS = {
    "tokenize": "stanza.utils.training.run_tokenizer",
    "mwt": "stanza.utils.training.run_mwt",
    "pos": "stanza.utils.training.run_pos",
    "lemma": "stanza.utils.training.run_lemma",
    "depparse": "stanza.utils.training.run_depparse",
    "ner": "stanza.utils.training.run_ner",
}
_PREPARERS = {
    "tokenize": ["stanza.utils.datasets.prepare_tokenizer_treebank"],
    "mwt": ["stanza.utils.datasets.prepare_mwt_treebank"],
    "pos": ["stanza.utils.datasets.prepare_pos_treebank"],
    "lemma": ["stanza.utils.datasets.prepare_lemma_treebank", "--gold"],
    "depparse": ["stanza.utils.datasets.prepare_depparse_treebank", "--gold"],
}
_NO_EXTERNAL = {
    "tokenize": ["--no_charlm"],
    "mwt": [],
    "pos": ["--no_charlm", "--no_pretrain"],
    "lemma": ["--no_charlm"],
    "depparse": ["--no_charlm", "--no_pretrain"],
    "ner": ["--no_charlm", "--no_pretrain"],
}


class BuildError(RuntimeError):
    """A model could not be built; the message says which step and where its log is."""


@cache
def recipes() -> dict[str, Any]:
    path = Path(__file__).with_name("recipes.toml")
    with path.open("rb") as handle:
        return tomllib.load(handle)


def buildable_languages() -> list[str]:
    return sorted(recipes()["languages"])


def stanza_version() -> str:
    return importlib.metadata.version("stanza")


@dataclass
class BuildContext:
    """Where things are: corpora in, a work folder for prepared data and logs, the store out."""

    corpora_dir: Path
    work_dir: Path
    store: ModelStore
    budget: str
    threads: int = 2
    device: str = "cpu"
    log: Callable[[str], None] = print

    def __post_init__(self) -> None:
        if self.budget not in recipes()["budgets"]:
            raise BuildError(f"unknown budget {self.budget!r}; use one of {sorted(recipes()['budgets'])}")
        if not self.corpora_dir.is_dir():
            raise BuildError(
                f"corpora folder {self.corpora_dir} not found; set PARLEY_MODELS__CORPORA_DIR to the "
                "folder holding ud_english_ewt/, ner_conll2003_en/ ... (../shared/corpora)"
            )

    @property
    def budget_config(self) -> dict[str, Any]:
        return recipes()["budgets"][self.budget]


@dataclass
class PreparedLanguage:
    lang: str
    treebank: str | None
    short: str | None
    sources: list[str] = field(default_factory=list)
    has_mwt: bool = False
    ner_short: str | None = None
    ner_sources: list[str] = field(default_factory=list)


def _select(items: list, selector: str | None) -> list:
    if selector is None:
        return items
    half = len(items) // 2
    if selector == "first-half":
        return items[:half]
    if selector == "second-half":
        return items[half:]
    match = re.fullmatch(r"(all-but-last|last)-(\d+)", selector)
    if match:
        n = int(match.group(2))
        return items[:-n] if match.group(1) == "all-but-last" else items[-n:]
    raise BuildError(f"unknown selector #{selector} in recipes.toml")


def _split_ref(ref: str) -> tuple[str, str | None]:
    path, _, selector = ref.partition("#")
    return path, selector or None


def _env(ctx: BuildContext) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "UDBASE": str(ctx.work_dir / "ud"),
            "DATA_ROOT": str(ctx.work_dir / "data"),
            "NERBASE": str(ctx.work_dir / "ner_extern"),
            "WORDVEC_DIR": str(ctx.work_dir / "wordvec"),
            "STANZA_RESOURCES_DIR": str(ctx.work_dir / "stanza_resources"),
            "OMP_NUM_THREADS": str(ctx.threads),
            "MKL_NUM_THREADS": str(ctx.threads),
            # glibc returning big buffers to the kernel after each step made training 3x slower here
            "MALLOC_MMAP_THRESHOLD_": "4294967296",
            "MALLOC_TRIM_THRESHOLD_": "4294967296",
            "MALLOC_TOP_PAD_": "536870912",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _run(ctx: BuildContext, args: list[str], log_name: str) -> str:
    log_path = ctx.work_dir / "logs" / log_name
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.run(
            [sys.executable, *args], env=_env(ctx), cwd=ctx.work_dir, stdout=log, stderr=subprocess.STDOUT, check=False
        )
    output = log_path.read_text(encoding="utf-8", errors="replace")
    if process.returncode != 0:
        tail = "\n".join(output.splitlines()[-15:])
        raise BuildError(f"{' '.join(args[:3])} failed (exit {process.returncode}); log: {log_path}\n{tail}")
    return output


def prepare_language(ctx: BuildContext, lang: str) -> PreparedLanguage:
    """Compose the treebank and NER files of `lang` under the work folder (cheap; always redone)."""
    recipe = recipes()["languages"][lang]
    budget = ctx.budget_config
    limits = {"train": budget["max_train_sentences"], "dev": budget["max_dev_sentences"], "test": budget["max_test_sentences"]}
    prepared = PreparedLanguage(lang, recipe.get("treebank"), None)
    if prepared.treebank:
        prepared.short = f"{lang}_{prepared.treebank.split('-')[-1].lower()}"
        folder = ctx.work_dir / "ud" / prepared.treebank
        splits: dict[str, list[str]] = {}
        for split in ("train", "dev", "test"):
            blocks: list[str] = []
            for ref in recipe[f"ud_{split}"]:
                path, selector = _split_ref(ref)
                prepared.sources.append(ref)
                blocks.extend(_select(corpora.read_conllu_blocks(ctx.corpora_dir / path), selector))
            splits[split] = blocks
        train_texts = {corpora.block_text(b) for b in splits["train"]}
        splits["dev"] = corpora.without_overlap(splits["dev"], train_texts)
        splits["test"] = corpora.without_overlap(splits["test"], train_texts | {corpora.block_text(b) for b in splits["dev"]})
        for split, blocks in splits.items():
            corpora.write_conllu(folder / f"{prepared.short}-ud-{split}.conllu", corpora.limit(blocks, limits[split]))
        prepared.has_mwt = any(
            re.match(r"^\d+-\d+\t", line) for block in splits["train"] for line in block.split("\n")
        )
    if "ner_format" in recipe:
        prepared.ner_short = f"{lang}_parley"
        reader = corpora.NER_READERS[recipe["ner_format"]]
        for split in ("train", "dev", "test"):
            sentences: list[corpora.Sentence] = []
            for ref in recipe[f"ner_{split}"]:
                path, selector = _split_ref(ref)
                prepared.ner_sources.append(ref)
                sentences.extend(_select(reader(ctx.corpora_dir, path), selector))
            corpora.write_ner_json(
                ctx.work_dir / "data" / "ner" / f"{prepared.ner_short}.{split}.json",
                corpora.limit(sentences, limits[split]),
            )
    return prepared


def processors_for(prepared: PreparedLanguage) -> list[str]:
    out: list[str] = []
    if prepared.treebank:
        out += ["tokenize"] + (["mwt"] if prepared.has_mwt else []) + ["pos", "lemma", "depparse"]
    if prepared.ner_short:
        out.append("ner")
    return out


def model_key(ctx: BuildContext, prepared: PreparedLanguage, processor: str) -> str:
    recipe = recipes()["languages"][prepared.lang]
    refs = prepared.ner_sources if processor == "ner" else prepared.sources
    files = sorted({_split_ref(r)[0] for r in refs})
    parts = {
        "recipe_version": RECIPE_VERSION,
        "lang": prepared.lang,
        "processor": processor,
        "recipe": {k: v for k, v in recipe.items() if k.startswith("ner" if processor == "ner" else "ud")},
        "corpus": {f: file_checksum(ctx.corpora_dir / p) for f in files for p in f.split("|")},
        "budget": {k: v for k, v in ctx.budget_config.items() if k.startswith("max_") or k == processor},
        "stanza": stanza_version(),
    }
    return content_key(parts)


_DEV_SCORE = re.compile(r"dev[_ ]score\s*[=:]\s*([0-9.]+)", re.IGNORECASE)


def _best_dev_score(output: str) -> float | None:
    scores = [float(x) for x in _DEV_SCORE.findall(output)]
    return max(scores) if scores else None


def train_processor(ctx: BuildContext, prepared: PreparedLanguage, processor: str) -> ModelCard:
    """Train one processor unless the store already has it; return its card."""
    lang = prepared.lang
    key = model_key(ctx, prepared, processor)
    if ctx.store.has_model(lang, processor, key):
        ctx.log(f"{lang}/{processor}: in the store ({key}), not trained again")
        return ctx.store.read_card(lang, processor, key)
    folder = ctx.store.model_dir(lang, processor, key)
    folder.mkdir(parents=True, exist_ok=True)
    target = prepared.ner_short if processor == "ner" else prepared.treebank
    assert target is not None
    started = time.monotonic()
    if processor in _PREPARERS:
        module, *flags = _PREPARERS[processor]
        _run(ctx, ["-m", module, target, *flags], f"{lang}-{processor}-prepare.log")
    hyper = list(ctx.budget_config[processor])
    args = [
        "-m", "parley.nlp.train_launcher", _RUNNERS[processor], target,
        *_NO_EXTERNAL[processor], "--save_dir", str(folder), "--save_name", f"{processor}.pt",
        "--device", ctx.device, *hyper,
    ]
    ctx.log(f"{lang}/{processor}: training ({ctx.budget} budget)")
    output = _run(ctx, args, f"{lang}-{processor}.log")
    model = folder / f"{processor}.pt"
    if not model.is_file():
        raise BuildError(f"{lang}/{processor}: training finished but {model} was not written")
    recipe = recipes()["languages"][lang]
    card = ModelCard(
        lang=lang,
        processor=processor,
        key=key,
        budget=ctx.budget,
        stanza_version=stanza_version(),
        corpus=prepared.ner_sources if processor == "ner" else prepared.sources,
        licence=recipe["ner_licence"] if processor == "ner" else recipe["ud_licence"],
        hyperparameters=hyper,
        train_seconds=round(time.monotonic() - started, 1),
        device=ctx.device,
        size_bytes=model.stat().st_size,
        dev_score=_best_dev_score(output),
    )
    ctx.store.write_card(card)
    ctx.log(f"{lang}/{processor}: done in {card.train_seconds:.0f} s, dev {card.dev_score}")
    return card


def manifest_entries(cards: list[ModelCard]) -> dict[str, dict[str, str]]:
    return {c.processor: {"lang": c.lang, "key": c.key} for c in cards}


def build_language(ctx: BuildContext, lang: str) -> dict[str, Any]:
    """Prepare, train every processor, evaluate on the held-out test sets, write the manifest."""
    recipe = recipes()["languages"][lang]
    prepared = prepare_language(ctx, lang)
    cards = [train_processor(ctx, prepared, p) for p in processors_for(prepared)]
    entries = manifest_entries(cards)
    borrowed = recipe.get("syntax_from")
    if borrowed:
        donor = ctx.store.read_manifest(borrowed, ctx.budget)
        if donor is None:
            raise BuildError(f"{lang} borrows syntax models from {borrowed}: build {borrowed} first")
        for processor, entry in donor["processors"].items():
            if processor != "ner":
                entries.setdefault(processor, entry)
    existing = ctx.store.read_manifest(lang, ctx.budget)
    if existing is not None and existing["processors"] == entries and existing.get("evaluation"):
        ctx.log(f"{lang}: models unchanged, keeping their measured scores")
        return existing
    from parley.nlp.evaluate import evaluate_language

    evaluation = evaluate_language(ctx, lang, prepared, entries)
    ctx.store.write_manifest(lang, ctx.budget, entries, evaluation)
    ctx.log(f"{lang}: {json.dumps(evaluation)}")
    return {"lang": lang, "budget": ctx.budget, "processors": entries, "evaluation": evaluation}
