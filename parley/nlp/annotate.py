"""The NLP stage: documents -> AnnotatedDocuments, one cached Stanza pipeline per language, bulk calls
over batches of documents. Pure of Stanza imports: the backend is loaded only when needed."""

from __future__ import annotations

import multiprocessing
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parley.nlp.fallback import FALLBACK_MODEL, tokenize_document
from parley.nlp.store import ModelStore
from parley.nlp.types import AnnotatedDocument
from parley.settings import ModelSettings

# Languages parley can build models for (directly or borrowed), and the script they need.
MODEL_SCRIPTS = {"en": "Latn", "de": "Latn", "ru": "Cyrl", "tr": "Latn", "az": "Latn", "uz": "Latn"}


class MissingModelsError(RuntimeError):
    """No models for a language that should have them; the message names the command to run."""


@dataclass(frozen=True)
class DocumentText:
    doc_id: str
    lang: str
    script: str
    body: str


@dataclass(frozen=True)
class ModelChoice:
    """Which models annotate a language: a stable id (for caching) and the files."""

    model_id: str
    source: str  # official | standard | ci | fallback
    paths: dict[str, Path]
    flag: str | None = None


class Annotator:
    """Holds one loaded pipeline per language for the life of the process (a worker).

    With `settings.workers` > 1 the Stanza calls run in that many worker processes (one torch
    thread each), every worker loading each pipeline once: Stanza's parser decodes trees in Python,
    so processes use the cores better than torch's intra-op threads."""

    def __init__(self, settings: ModelSettings) -> None:
        self.settings = settings
        self.store = ModelStore(settings.store_dir)
        self._pipelines: dict[str, Any] = {}
        self._pool: ProcessPoolExecutor | None = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def _workers(self) -> ProcessPoolExecutor:
        if self._pool is None:
            barrier = multiprocessing.get_context("spawn").Barrier(self.settings.workers)
            single = self.settings.model_copy(update={"workers": 1})
            self._pool = ProcessPoolExecutor(
                max_workers=self.settings.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(single, barrier),
            )
        return self._pool

    def preload(self, lang: str, script: str) -> None:
        """Load the pipeline for (lang, script) now, in every worker (so timings exclude loading)."""
        choice = self.choose(lang, script)
        if choice.source == "fallback":
            return
        if self.settings.workers > 1:
            pool = self._workers()
            list(pool.map(_worker_preload, [(lang, script)] * self.settings.workers))
        else:
            self._pipeline(lang, choice)

    def choose(self, lang: str, script: str) -> ModelChoice:
        """The models for (lang, script), in the order of `settings.prefer`; fallback when none can exist."""
        if lang not in MODEL_SCRIPTS or script != MODEL_SCRIPTS[lang]:
            return ModelChoice(FALLBACK_MODEL, "fallback", {}, f"no_model: no Stanza model for {lang} in {script}")
        if "official" in self.settings.prefer and self._official_available(lang):
            return ModelChoice(f"official:{lang}", "official", {})
        budgets = tuple(b for b in self.settings.prefer if b != "official")
        found = self.store.pipeline_models(lang, budgets)
        if found is None:
            advice = (
                f"no Stanza models for '{lang}' in {self.store.root}: build them with "
                f"`parley models build --lang {lang} --budget ci` (or --budget standard), or install "
                f"official ones with `parley models download --lang {lang}` where the machine is online"
            )
            if self.settings.on_missing == "fallback":
                return ModelChoice(FALLBACK_MODEL, "fallback", {}, f"no_model: {advice}")
            raise MissingModelsError(advice)
        budget, paths = found
        keys = ",".join(f"{p}={path.parent.name}" for p, path in sorted(paths.items()))
        return ModelChoice(f"parley-{budget}:{keys}", budget, paths)

    def _official_available(self, lang: str) -> bool:
        folder = self.settings.official_dir or Path.home() / "stanza_resources"
        return (folder / lang / "default.zip").exists() or (folder / lang / "tokenize").is_dir()

    def _pipeline(self, lang: str, choice: ModelChoice) -> Any:
        if choice.model_id not in self._pipelines:
            from parley.nlp import stanza_backend

            use_gpu = self.settings.device == "cuda"
            if choice.source == "official":
                self._pipelines[choice.model_id] = stanza_backend.load_official_pipeline(
                    lang, self.settings.official_dir, use_gpu
                )
            else:
                self._pipelines[choice.model_id] = stanza_backend.load_pipeline(
                    lang, choice.paths, self.settings.store_dir / "_resources", use_gpu=use_gpu
                )
        return self._pipelines[choice.model_id]

    def annotate(self, documents: Sequence[DocumentText]) -> list[AnnotatedDocument]:
        """Annotate documents in bulk per language and model; output in input order."""
        groups: dict[str, list[tuple[int, DocumentText, ModelChoice]]] = defaultdict(list)
        for position, doc in enumerate(documents):
            choice = self.choose(doc.lang, doc.script)
            groups[choice.model_id].append((position, doc, choice))
        results: dict[int, AnnotatedDocument] = {}
        for members in groups.values():
            choice = members[0][2]
            if choice.source == "fallback":
                for position, doc, _ in members:
                    results[position] = tokenize_document(doc.doc_id, doc.lang, doc.body, choice.flag or "no_model")
                continue
            size = self.settings.batch_documents
            batches = [members[i : i + size] for i in range(0, len(members), size)]
            if self.settings.workers > 1 and len(members) > 1:
                # several smaller batches per worker, so that the workers finish together
                share = max(4, min(size, -(-len(members) // (self.settings.workers * 3))))
                batches = [members[i : i + share] for i in range(0, len(members), share)]
                texts = [[DocumentText(d.doc_id, d.lang, d.script, d.body) for _, d, _ in b] for b in batches]
                outputs = list(self._workers().map(_worker_annotate, texts))
            else:
                outputs = [self._annotate_batch(choice, [d for _, d, _ in b]) for b in batches]
            for batch, annotated in zip(batches, outputs, strict=True):
                for (position, _, _), result in zip(batch, annotated, strict=True):
                    results[position] = result
        return [results[i] for i in range(len(documents))]

    def _annotate_batch(self, choice: ModelChoice, docs: Sequence[DocumentText]) -> list[AnnotatedDocument]:
        from parley.nlp import stanza_backend

        pipeline = self._pipeline(docs[0].lang, choice)
        return stanza_backend.annotate_texts(pipeline, [(d.doc_id, d.body) for d in docs], docs[0].lang, choice.model_id)

    def model_ids(self, documents: Iterable[DocumentText]) -> dict[str, str]:
        """doc_id -> model id that would annotate it now (for the incremental skip)."""
        return {d.doc_id: self.choose(d.lang, d.script).model_id for d in documents}


# --- worker processes -------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(settings: ModelSettings, barrier: Any) -> None:
    import torch

    torch.set_num_threads(1)
    _WORKER["annotator"] = Annotator(settings)
    _WORKER["barrier"] = barrier


def _worker_preload(key: tuple[str, str]) -> None:
    annotator: Annotator = _WORKER["annotator"]
    annotator.preload(*key)
    _WORKER["barrier"].wait(timeout=600)  # one preload per worker


def _worker_annotate(docs: list[DocumentText]) -> list[AnnotatedDocument]:
    annotator: Annotator = _WORKER["annotator"]
    return annotator.annotate(docs)
