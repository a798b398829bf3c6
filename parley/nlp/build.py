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
from parley.nlp.store import CHECKPOINT_SUFFIX, ModelCard, ModelStore, content_key, file_checksum

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


_READS_VECTORS = ("pos", "depparse", "ner")
# Processors that continue from a checkpoint after an interruption: the parser by Stanza's own
# checkpoint, these by parley's launcher (parley/nlp/train_launcher.py). The tokenizer, MWT and
# lemmatizer (minutes each, docs/models.md) restart.
_LAUNCHER_RESUMES = ("pos", "ner")
# The tagger keeps its best model by UPOS, not Stanza's AllTags: merged treebanks write XPOS each
# their own way, and extraction reads UPOS (parley/nlp/train_launcher.py, docs/models.md).
TAGGER_SELECTS_BY = "UPOS"
# Processors whose training the launcher can stop by the clock (`--parley_max_minutes`).
_TIME_LIMITED = ("pos", "lemma", "ner")


class BuildError(RuntimeError):
    """A model could not be built; the message says which step and where its log is."""


@cache
def recipes() -> dict[str, Any]:
    path = Path(__file__).with_name("recipes.toml")
    with path.open("rb") as handle:
        return tomllib.load(handle)


def buildable_languages() -> list[str]:
    return sorted(recipes()["languages"])


def default_build_languages() -> list[str]:
    """What `parley models build` builds without --lang: every language, not the alternative recipes
    (such as tr-open) that serve another language when a deployment asks for them."""
    return sorted(lang for lang, recipe in recipes()["languages"].items() if "serves" not in recipe)


@dataclass(frozen=True)
class PlannedBuild:
    """One language of a build and the donor whose syntax models it borrows (built first)."""

    lang: str
    donor: str | None = None


def _training_bytes(recipe: dict[str, Any], corpora_dir: Path) -> int:
    """The size of a recipe's training files: a rough measure of how long the language trains."""
    total = 0
    for key in ("ud_train", "pos_train", "depparse_train", "ner_train"):
        for spec in recipe.get(key, []):
            for part in re.split(r"[|]", spec.split("#")[0].split("@")[0]):
                path = corpora_dir / part
                if path.is_dir():
                    total += sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
                elif path.is_file():
                    total += path.stat().st_size
    return total


def build_plan(languages: list[str], corpora_dir: Path) -> list[PlannedBuild]:
    """Every language to build, donors added (az borrows Turkish), in the order two workers take
    them: donors first, so that their borrowers can start early, then the largest training data
    first, so that the short languages fill the end and neither worker waits idle for the other
    (the sorted order left one worker idle for 4 of the default build's 39 minutes)."""
    table = recipes()["languages"]
    wanted = set(languages) | {table[lang]["syntax_from"] for lang in languages if table[lang].get("syntax_from")}
    donors = {table[lang]["syntax_from"] for lang in wanted if table[lang].get("syntax_from")}
    own = sorted(
        (lang for lang in wanted if not table[lang].get("syntax_from")),
        key=lambda lang: (lang not in donors, -_training_bytes(table[lang], corpora_dir), lang),
    )
    borrowers = sorted(lang for lang in wanted if table[lang].get("syntax_from"))
    return [PlannedBuild(lang) for lang in own] + [PlannedBuild(lang, table[lang]["syntax_from"]) for lang in borrowers]


def next_build(waiting: list[PlannedBuild], built: set[str]) -> PlannedBuild | None:
    """What a free worker takes next: a borrower whose donor is built (it is short and would
    otherwise end the build alone), else the first language that needs nothing; None when
    everything left waits for a donor still training."""
    ready = [step for step in waiting if step.donor is None or step.donor in built]
    borrowers = [step for step in ready if step.donor is not None]
    return (borrowers or ready or [None])[0]


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

    def training_args(self, lang: str, processor: str) -> list[str]:
        """The budget's training arguments for one processor; a budget's `[budgets.B.languages.L]`
        table replaces them for one language (a processor whose curve still rises where the
        others' have levelled off)."""
        per_language = self.budget_config.get("languages", {}).get(lang, {})
        return list(per_language.get(processor, self.budget_config[processor]))

    def time_limit(self, processor: str) -> float | None:
        """Minutes one processor's training may take (`[budgets.B.minutes]`): the same steps take
        twice as long on some 2-core machines as on others, and `default` must fit in 40 minutes."""
        minutes = self.budget_config.get("minutes", {}).get(processor)
        if minutes is not None and processor not in _TIME_LIMITED:
            raise BuildError(f"[budgets.{self.budget}.minutes] {processor}: only {', '.join(_TIME_LIMITED)} take a time limit")
        return None if minutes is None else float(minutes)


@dataclass
class PreparedLanguage:
    lang: str
    treebank: str | None
    short: str | None
    sources: list[str] = field(default_factory=list)
    has_mwt: bool = False
    ner_short: str | None = None
    ner_sources: list[str] = field(default_factory=list)
    vectors: ModelCard | None = None  # the pretrained vectors pos, depparse and ner read, if any
    extra_train: dict[str, list[str]] = field(default_factory=dict)  # processor -> more training blocks


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
    match = re.fullmatch(r"folds-([\d,]+)-of-(\d+)", selector)
    if match:  # interleaved folds: a split of a single file that keeps its genres mixed
        folds, n = {int(f) for f in match.group(1).split(",")}, int(match.group(2))
        return [item for i, item in enumerate(items) if i % n in folds]
    raise BuildError(f"unknown selector #{selector} in recipes.toml")


def _split_ref(ref: str) -> tuple[str, str | None]:
    """`path#selector@conversion` -> (path, selector); the conversion is read by `_conversion`."""
    path, _, selector = ref.split("@")[0].partition("#")
    return path, selector or None


def _conversion(ref: str) -> str | None:
    return ref.split("@")[1] if "@" in ref else None


def _read_blocks(ctx: BuildContext, ref: str) -> list[str]:
    path, selector = _split_ref(ref)
    blocks = _select(corpora.read_conllu_blocks(ctx.corpora_dir / path), selector)
    conversion = _conversion(ref)
    if conversion is None:
        return blocks
    if conversion not in corpora.CONVERSIONS:
        raise BuildError(f"unknown conversion @{conversion} in recipes.toml; known: {sorted(corpora.CONVERSIONS)}")
    return [b for b in (corpora.CONVERSIONS[conversion](block) for block in blocks) if b]


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


def _run(ctx: BuildContext, args: list[str], log_name: str) -> tuple[str, float]:
    """Run one Python module to the end; (its log, its peak resident memory in MB)."""
    log_path = ctx.work_dir / "logs" / log_name
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, *args], env=_env(ctx), cwd=ctx.work_dir, stdout=log, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(process.pid, 0)  # this child's own rusage, even with builds in parallel
        process.returncode = os.waitstatus_to_exitcode(status)
    output = log_path.read_text(encoding="utf-8", errors="replace")
    if process.returncode != 0:
        tail = "\n".join(output.splitlines()[-15:])
        raise BuildError(f"{' '.join(args[:3])} failed (exit {process.returncode}); log: {log_path}\n{tail}")
    return output, usage.ru_maxrss / 1024  # kilobytes on Linux


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
                prepared.sources.append(ref)
                blocks.extend(_read_blocks(ctx, ref))
            splits[split] = blocks
        train_texts = {corpora.block_text(b) for b in splits["train"]}
        splits["dev"] = corpora.without_overlap(splits["dev"], train_texts)
        splits["test"] = corpora.without_overlap(splits["test"], train_texts | {corpora.block_text(b) for b in splits["dev"]})
        for split, blocks in splits.items():
            corpora.write_conllu(folder / f"{prepared.short}-ud-{split}.conllu", corpora.limit(blocks, limits[split]))
        prepared.has_mwt = any(
            re.match(r"^\d+-\d+\t", line) for block in splits["train"] for line in block.split("\n")
        )
        for processor in ("pos", "depparse"):  # extra training data for one processor only (recipes.toml)
            extra = [b for ref in recipe.get(f"{processor}_train", []) for b in _read_blocks(ctx, ref)]
            held_out = {corpora.block_text(b) for b in splits["dev"] + splits["test"]} - {None}
            extra = [b for b in extra if corpora.block_text(b) not in held_out]
            prepared.extra_train[processor] = corpora.limit(extra, limits["train"])

    if recipe.get("ud_eval"):  # a test set only, e.g. the Azerbaijani treebank for the borrowed models
        eval_blocks = [b for ref in recipe["ud_eval"] for b in _read_blocks(ctx, ref)]
        corpora.write_conllu(eval_treebank(ctx, lang), eval_blocks)
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


def eval_treebank(ctx: BuildContext, lang: str) -> Path:
    return ctx.work_dir / "ud" / f"{lang}-eval.conllu"


def processors_for(prepared: PreparedLanguage, budget_config: dict[str, Any] | None = None) -> list[str]:
    """The processors a language's data can train, less those the budget leaves out (a budget
    without a `depparse` line builds no parser: `default` spends its minutes where extraction reads)."""
    out: list[str] = []
    if prepared.treebank:
        out += ["tokenize"] + (["mwt"] if prepared.has_mwt else []) + ["pos", "lemma", "depparse"]
    if prepared.ner_short:
        out.append("ner")
    return [p for p in out if budget_config is None or p in budget_config]


def model_key(ctx: BuildContext, prepared: PreparedLanguage, processor: str) -> str:
    recipe = recipes()["languages"][prepared.lang]
    refs = prepared.ner_sources if processor == "ner" else prepared.sources + recipe.get(f"{processor}_train", [])
    files = sorted({_split_ref(r)[0] for r in refs})
    parts = {
        "recipe_version": RECIPE_VERSION,
        "lang": prepared.lang,
        "processor": processor,
        "recipe": {
            k: v for k, v in recipe.items()
            if k.startswith("ner" if processor == "ner" else "ud") or k in (f"{processor}_train", f"{processor}_licence")
        },
        "corpus": {f: file_checksum(ctx.corpora_dir / p) for f in files for p in f.split("|")},
        "budget": {
            **{k: v for k, v in ctx.budget_config.items() if k.startswith("max_")},
            processor: ctx.training_args(prepared.lang, processor),
        },
        "stanza": stanza_version(),
    }
    if processor in _READS_VECTORS and prepared.vectors is not None:
        parts["vectors"] = prepared.vectors.key
    if processor == "pos":
        parts["select_by"] = TAGGER_SELECTS_BY
    minutes = ctx.time_limit(processor)
    if minutes is not None:
        parts["max_minutes"] = minutes
    return content_key(parts)


_DEV_SCORE = re.compile(r"dev[_ ]score\s*[=:]\s*([0-9.]+)", re.IGNORECASE)


def _best_dev_score(output: str) -> float | None:
    scores = [float(x) for x in _DEV_SCORE.findall(output)]
    return max(scores) if scores else None


def _time_limit_note(output: str) -> str:
    """The launcher's line saying the time limit ended training early, if it did: a card trained on
    a slow machine then says it had fewer steps than its hyperparameters name."""
    from parley.nlp.train_launcher import TIME_LIMIT_MESSAGE

    for line in output.splitlines():
        if TIME_LIMIT_MESSAGE in line:
            return line[line.index(TIME_LIMIT_MESSAGE) + len("parley: "):].strip()
    return ""


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
    prepare_processor_data(ctx, prepared, processor)
    hyper = ctx.training_args(lang, processor)
    external = list(_NO_EXTERNAL[processor])
    if processor in _READS_VECTORS and prepared.vectors is not None:
        external.remove("--no_pretrain")
        vectors = ctx.store.model_file(prepared.vectors.lang, "pretrain", prepared.vectors.key)
        external += ["--wordvec_pretrain_file", str(vectors)]
    checkpoint = folder / f"{processor}{CHECKPOINT_SUFFIX}"
    resume = ["--parley_checkpoint", str(checkpoint)] if processor in _LAUNCHER_RESUMES else []
    if processor == "pos":
        resume += ["--parley_select_by", TAGGER_SELECTS_BY]
    minutes = ctx.time_limit(processor)
    if minutes is not None:
        resume += ["--parley_max_minutes", f"{minutes:g}"]
    args = [
        "-m", "parley.nlp.train_launcher", _RUNNERS[processor], *resume, target,
        *external, "--save_dir", str(folder), "--save_name", f"{processor}.pt",
        # --force: a model file left by an interrupted run is not a finished model (its card is
        # written only at the end); the parser then continues from its own checkpoint in `folder`,
        # the tagger and NER tagger from the launcher's
        "--force", "--device", ctx.device, *hyper,
    ]
    ctx.log(f"{lang}/{processor}: training ({ctx.budget} budget)")
    output, peak_mb = _run(ctx, args, f"{lang}-{processor}.log")
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
        corpus=prepared.ner_sources if processor == "ner" else prepared.sources + recipe.get(f"{processor}_train", []),
        licence=recipe["ner_licence"] if processor == "ner" else recipe.get(f"{processor}_licence", recipe["ud_licence"]),
        hyperparameters=hyper,
        train_seconds=round(time.monotonic() - started, 1),
        device=ctx.device,
        size_bytes=model.stat().st_size,
        dev_score=_best_dev_score(output),
        peak_memory_mb=round(peak_mb),
        notes=_time_limit_note(output),
    )
    ctx.store.write_card(card)
    checkpoint.unlink(missing_ok=True)  # a finished model is not resumed
    ctx.log(f"{lang}/{processor}: done in {card.train_seconds:.0f} s, dev {card.dev_score}")
    return card


def prepare_processor_data(ctx: BuildContext, prepared: PreparedLanguage, processor: str) -> None:
    """Stanza's own preparer for one processor, plus the recipe's extra training sentences."""
    target = prepared.ner_short if processor == "ner" else prepared.treebank
    if processor in _PREPARERS:
        module, *flags = _PREPARERS[processor]
        _run(ctx, ["-m", module, str(target), *flags], f"{prepared.lang}-{processor}-prepare.log")
    if prepared.extra_train.get(processor):
        _append_training_blocks(ctx, prepared, processor)


def _append_training_blocks(ctx: BuildContext, prepared: PreparedLanguage, processor: str) -> None:
    """Add a processor's extra training sentences to the file Stanza's preparer wrote."""
    assert prepared.short is not None
    train = ctx.work_dir / "data" / processor / f"{prepared.short}.train.in.conllu"
    if not train.is_file():
        raise BuildError(f"{prepared.lang}/{processor}: expected the prepared training file {train}")
    blocks = corpora.read_conllu_blocks(train) + prepared.extra_train[processor]
    corpora.write_conllu(train, blocks)
    ctx.log(f"{prepared.lang}/{processor}: {len(prepared.extra_train[processor])} extra training sentences")


def manifest_entries(cards: list[ModelCard], vectors: ModelCard | None = None) -> dict[str, dict[str, Any]]:
    """One entry per processor; those trained with pretrained vectors name them (they load them)."""
    entries: dict[str, dict[str, Any]] = {}
    for card in cards:
        entry: dict[str, Any] = {"lang": card.lang, "key": card.key}
        if vectors is not None and card.processor in _READS_VECTORS:
            entry["pretrain"] = {"lang": vectors.lang, "key": vectors.key}
        entries[card.processor] = entry
    return entries


def uses_vectors(ctx: BuildContext, lang: str) -> bool:
    return bool(ctx.budget_config.get("vectors")) and lang in recipes().get("vectors", {})


def vector_text_refs(lang: str) -> list[str]:
    """Training text for word2vec: the language's train and dev data (never a test set), plus extras."""
    recipe = recipes()["languages"][lang]
    spec = recipes()["vectors"][lang]
    refs = [*recipe.get("ud_train", []), *recipe.get("ud_dev", []), *recipe.get("pos_train", [])]
    ner = [*recipe.get("ner_train", []), *recipe.get("ner_dev", [])]
    return [f"ud:{r}" for r in refs + list(spec.get("text", []))] + [f"ner:{r}" for r in ner]


def _vector_sentences(ctx: BuildContext, lang: str) -> list[list[str]]:
    recipe = recipes()["languages"][lang]
    sentences: list[list[str]] = []
    for ref in vector_text_refs(lang):
        kind, _, rest = ref.partition(":")
        path, selector = _split_ref(rest)
        if kind == "ud":
            sentences.extend(corpora.block_words(b) for b in _read_blocks(ctx, rest))
        else:
            reader = corpora.NER_READERS[recipe["ner_format"]]
            sentences.extend([w for w, _ in s] for s in _select(reader(ctx.corpora_dir, path), selector))
    return sentences


def prepare_vectors(ctx: BuildContext, lang: str) -> ModelCard | None:
    """Build (or find) the language's pretrained vectors when the budget asks for them."""
    if not uses_vectors(ctx, lang):
        return None
    from parley.nlp.vectors import VectorError, build_vectors

    spec = recipes()["vectors"][lang]
    refs = vector_text_refs(lang) if spec["source"] == "word2vec" else []
    files = sorted({ctx.corpora_dir / p for r in refs for p in _split_ref(r.partition(":")[2])[0].split("|")})
    try:
        return build_vectors(ctx.store, lang, spec, lambda: _vector_sentences(ctx, lang), files, refs, ctx.threads, ctx.log)
    except VectorError as error:
        raise BuildError(f"{lang}/pretrain: {error}") from None


def build_language(ctx: BuildContext, lang: str) -> dict[str, Any]:
    """Prepare, train every processor, evaluate on the held-out test sets, write the manifest."""
    recipe = recipes()["languages"][lang]
    prepared = prepare_language(ctx, lang)
    prepared.vectors = prepare_vectors(ctx, lang)
    cards = [train_processor(ctx, prepared, p) for p in processors_for(prepared, ctx.budget_config)]
    entries = manifest_entries(cards, prepared.vectors)
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
