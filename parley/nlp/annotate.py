"""The NLP stage: documents -> AnnotatedDocuments, one cached Stanza pipeline per language, bulk calls
over batches of documents. Pure of Stanza imports: the backend is loaded only when needed."""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import socket
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from parley.nlp.fallback import FALLBACK_MODEL, tokenize_document
from parley.nlp.segments import segment_spans, stitch, to_source_offsets
from parley.nlp.sentences import REPAIR_VERSION, repair_sentence_breaks
from parley.nlp.store import ModelStore
from parley.nlp.translit import to_latin_with_offsets
from parley.nlp.types import AnnotatedDocument
from parley.resources.loader import ResourceError, language_info
from parley.settings import ModelSettings

# Languages parley can build models for (directly or borrowed), and the script they need.
MODEL_SCRIPTS = {"en": "Latn", "de": "Latn", "ru": "Cyrl", "tr": "Latn", "az": "Latn", "uz": "Latn", "kk": "Cyrl"}
# Text in another script that the models read after transliteration (offsets map back to the body).
TRANSLITERATED = {("uz", "Cyrl"): "Latn"}


class MissingModelsError(RuntimeError):
    """No models for a language that should have them; the message names the command to run."""


@dataclass(frozen=True)
class DocumentText:
    doc_id: str
    lang: str
    script: str
    body: str


@dataclass(frozen=True)
class Quarantined:
    """A document the NLP stage could not annotate, and why (a `quarantine` row)."""

    doc_id: str
    lang: str
    model: str
    reason: str  # too_long | nlp_failed
    detail: str


@dataclass(frozen=True)
class NlpOutcome:
    """What annotating a batch gave: the annotated documents and the quarantined ones."""

    annotated: list[AnnotatedDocument] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)


# Test hook (never set in production): "raise:MARKER" or "kill:MARKER", comma-separated. A document
# whose body contains MARKER makes the Stanza call raise, or kills the worker process with SIGKILL
# as the kernel's out-of-memory killer would. It lets the tests drive the real failure paths.
FAULT_INJECTION_ENV = "PARLEY_FAULT_INJECTION"


@dataclass(frozen=True)
class ModelChoice:
    """Which models annotate a language: a stable id (for caching) and the files."""

    model_id: str
    source: str  # official | standard | ci | fallback
    paths: dict[str, Path]
    flag: str | None = None


@dataclass(frozen=True)
class WorkerMemory:
    """The peak resident memory of one process that ran Stanza, and the model sets it had loaded
    (`worker` is host:pid; `in_process` when Stanza ran in the process that asked for it, the flow's
    own or a Dask worker, whose peak then counts everything else that process holds too)."""

    worker: str
    peak_mb: float
    languages: tuple[str, ...]
    in_process: bool = False


def merge_worker_memory(reports: Iterable[WorkerMemory]) -> list[WorkerMemory]:
    """One row per process, however often it reported (calls finish out of order, batches repeat
    what their process reported before): its highest peak and every model set it held."""
    rows: dict[str, WorkerMemory] = {}
    for report in reports:
        known = rows.get(report.worker)
        if known is not None:
            report = replace(report, peak_mb=max(known.peak_mb, report.peak_mb),
                             languages=tuple(sorted({*known.languages, *report.languages})))
        rows[report.worker] = report
    return [rows[w] for w in sorted(rows)]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


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
        self._pool_lock = threading.Lock()
        self._memory: dict[str, WorkerMemory] = {}
        self._loaded: dict[str, str] = {}  # model id -> "lang (source)" of each pipeline this process loaded

    @property
    def worker_memory(self) -> list[WorkerMemory]:
        """Each Stanza process's peak resident memory so far (one entry per worker process)."""
        return list(self._memory.values())

    def _record(self, memory: WorkerMemory) -> None:
        self._memory = {m.worker: m for m in merge_worker_memory([*self._memory.values(), memory])}

    def own_memory(self, in_process: bool = False) -> WorkerMemory:
        """This process's peak resident memory and the languages whose pipelines it holds."""
        languages = tuple(sorted(set(self._loaded.values())))
        return WorkerMemory(f"{socket.gethostname()}:{os.getpid()}", round(_peak_mb(), 1), languages, in_process)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def _discard_pool(self) -> None:
        """Forget a pool whose worker died: the next call starts fresh workers."""
        with self._pool_lock:
            if self._pool is not None and self._pool._broken:  # another thread may have replaced it already
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None

    def _workers(self) -> ProcessPoolExecutor:
        with self._pool_lock:  # batches on threads share one pool: never start two
            return self._start_workers()

    def _start_workers(self) -> ProcessPoolExecutor:
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
        if (lang, script) in TRANSLITERATED:
            target = TRANSLITERATED[(lang, script)]
            base = self.choose(lang, target)
            if base.source == "fallback":
                return base
            flag = f"transliterated: {lang} {script} -> {target} for the models; tokens keep the {script} offsets"
            return ModelChoice(f"{base.model_id}+translit:{script}>{target}", base.source, base.paths, flag)
        if lang not in MODEL_SCRIPTS or script != MODEL_SCRIPTS[lang]:
            return ModelChoice(FALLBACK_MODEL, "fallback", {}, f"no_model: no Stanza model for {lang} in {script}")
        if "official" in self.settings.prefer and self._official_available(lang):
            return ModelChoice(f"official:{lang};breaks:{REPAIR_VERSION}", "official", {})
        budgets = tuple(b for b in self.settings.prefer if b != "official")
        found = self.store.pipeline_models(self.settings.recipe_for.get(lang, lang), budgets)
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
        return ModelChoice(f"parley-{budget}:{keys};breaks:{REPAIR_VERSION}", budget, paths)

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
            self._loaded[choice.model_id] = f"{lang} ({choice.source})"
        return self._pipelines[choice.model_id]

    def annotate_isolated(self, documents: Sequence[DocumentText]) -> NlpOutcome:
        """Annotate, keeping failures to the documents that cause them: a document over
        `max_document_chars` is quarantined as too_long; when a call fails (a Stanza exception, a
        worker killed or out of memory), the batch is split in halves and re-run until the culprit
        is alone, and that document is quarantined as nlp_failed. Missing models and IO errors
        are not a document's fault and still raise."""
        limit = self.settings.max_document_chars
        quarantined = [
            Quarantined(d.doc_id, d.lang, self.choose(d.lang, d.script).model_id, "too_long",
                        f"{len(d.body):,} characters exceed models.max_document_chars={limit:,}; "
                        "split the document, or raise the setting if it really is one article")
            for d in documents if len(d.body) > limit
        ]
        fitting = [d for d in documents if len(d.body) <= limit]
        outcome = self._isolate(fitting) if fitting else NlpOutcome()
        return NlpOutcome(outcome.annotated, quarantined + outcome.quarantined)

    def _isolate(self, documents: Sequence[DocumentText]) -> NlpOutcome:
        try:
            return NlpOutcome(self.annotate(documents))
        except (MissingModelsError, OSError):
            raise
        except Exception as error:  # noqa: BLE001 - any failure of a document's NLP is isolated
            if isinstance(error, BrokenProcessPool):
                self._discard_pool()
                detail = (
                    "a Stanza worker process died on this document (killed, out of memory, or over "
                    f"models.worker_memory_mb={self.settings.worker_memory_mb})"
                )
            else:
                detail = f"{type(error).__name__}: {error}"
            if len(documents) == 1:
                doc = documents[0]
                model = self.choose(doc.lang, doc.script).model_id
                return NlpOutcome([], [Quarantined(doc.doc_id, doc.lang, model, "nlp_failed", detail[:2000])])
            half = len(documents) // 2
            first, second = self._isolate(documents[:half]), self._isolate(documents[half:])
            return NlpOutcome(first.annotated + second.annotated, first.quarantined + second.quarantined)

    def annotate(self, documents: Sequence[DocumentText]) -> list[AnnotatedDocument]:
        """Annotate documents in bulk per language and model; output in input order. Bodies
        longer than `max_call_chars` are annotated in segments and stitched back together."""
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
            pieces: list[tuple[int, int, DocumentText]] = []  # (position, segment start, segment text)
            source_offsets: dict[int, list[int]] = {}
            for position, doc, _ in members:
                text, script = doc.body, doc.script
                if (doc.lang, doc.script) in TRANSLITERATED:
                    text, source_offsets[position] = to_latin_with_offsets(doc.body)
                    script = TRANSLITERATED[(doc.lang, doc.script)]
                for segment in segment_spans(text, self.settings.max_call_chars):
                    piece = text[segment.start : segment.end]
                    pieces.append((position, segment.start, DocumentText(doc.doc_id, doc.lang, script, piece)))
            calls = _pack(pieces, self.settings.max_call_chars, self._call_documents(len(members)))
            texts = [[piece for _, _, piece in call] for call in calls]
            if self.settings.workers > 1:  # Stanza never runs in this process: a crash there is isolated
                outputs = []
                for output, memory in self._workers().map(_worker_annotate, texts):
                    outputs.append(output)
                    self._record(memory)
            else:
                outputs = [self._annotate_call(call) for call in texts]
                self._record(self.own_memory(in_process=True))
            annotated: dict[int, list[tuple[int, AnnotatedDocument]]] = defaultdict(list)
            for call, call_output in zip(calls, outputs, strict=True):
                for (position, start, _), result in zip(call, call_output, strict=True):
                    annotated[position].append((start, result))
            for position, doc, _ in members:
                result = stitch(doc.doc_id, doc.lang, choice.model_id, annotated[position])
                if position in source_offsets:
                    result = to_source_offsets(result, doc.body, source_offsets[position], choice.flag)
                results[position] = repair_sentence_breaks(
                    result, doc.body, _ordinal_period(doc.lang), self.settings.max_sentence_words
                )
        return [results[i] for i in range(len(documents))]

    def _call_documents(self, members: int) -> int:
        """Documents per Stanza call: with several workers, several smaller calls per worker, so
        that the workers finish together."""
        size = self.settings.batch_documents
        if self.settings.workers > 1 and members > 1:
            return max(4, min(size, -(-members // (self.settings.workers * 3))))
        return size

    def _annotate_call(self, docs: Sequence[DocumentText]) -> list[AnnotatedDocument]:
        """One Stanza call over pieces of one model set; the models are chosen for the pieces' own
        script (for a transliterated document: the script the models read)."""
        from parley.nlp import stanza_backend

        choice = self.choose(docs[0].lang, docs[0].script)
        _inject_faults(docs)
        pipeline = self._pipeline(docs[0].lang, choice)
        return stanza_backend.annotate_texts(
            pipeline, [(d.doc_id, d.body) for d in docs], docs[0].lang, choice.model_id,
            max_sentence_words=self.settings.max_sentence_words,
        )

    def model_ids(self, documents: Iterable[DocumentText]) -> dict[str, str]:
        """doc_id -> model id that would annotate it now (for the incremental skip)."""
        return {d.doc_id: self.choose(d.lang, d.script).model_id for d in documents}


# --- worker processes -------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _ordinal_period(lang: str) -> bool:
    """Whether the language writes ordinals with a period (False for a language without resources)."""
    try:
        return language_info(lang).ordinal_period
    except ResourceError:
        return False


def _pack(
    pieces: list[tuple[int, int, DocumentText]], max_chars: int, max_documents: int
) -> list[list[tuple[int, int, DocumentText]]]:
    """Consecutive pieces grouped into Stanza calls of at most `max_chars` characters and
    `max_documents` pieces (a piece is never longer than `max_chars`)."""
    calls: list[list[tuple[int, int, DocumentText]]] = []
    size = 0
    for piece in pieces:
        length = len(piece[2].body)
        if not calls or size + length > max_chars or len(calls[-1]) >= max_documents:
            calls.append([])
            size = 0
        calls[-1].append(piece)
        size += length
    return calls


def _inject_faults(docs: Sequence[DocumentText]) -> None:
    """The test hook of FAULT_INJECTION_ENV (a no-op when the variable is unset)."""
    spec = os.environ.get(FAULT_INJECTION_ENV)
    if not spec:
        return
    for rule in spec.split(","):
        action, _, marker = rule.partition(":")
        if marker and any(marker in d.body for d in docs):
            if action == "kill" and "annotator" in _WORKER:  # only ever a worker process
                os.kill(os.getpid(), signal.SIGKILL)
            raise RuntimeError(f"injected fault ({action}) for a document containing {marker!r}")


def _resident_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _watch_memory(limit_mb: int) -> None:
    """Stop this worker when its resident memory passes `limit_mb`: the parent sees the pool
    break, and isolates the document that was being annotated (better than the machine's
    out-of-memory killer picking a process)."""
    while True:
        time.sleep(0.2)
        try:
            used = _resident_mb()
        except OSError:  # no /proc (not Linux): no watchdog
            return
        if used > limit_mb:
            print(f"parley: Stanza worker {os.getpid()} used {used:.0f} MB > models.worker_memory_mb="
                  f"{limit_mb}; stopping it", file=sys.stderr, flush=True)
            os._exit(137)


def _init_worker(settings: ModelSettings, barrier: Any) -> None:
    import torch

    torch.set_num_threads(1)
    _WORKER["annotator"] = Annotator(settings)
    _WORKER["barrier"] = barrier
    threading.Thread(target=_watch_memory, args=(settings.worker_memory_mb,), daemon=True).start()


def _worker_preload(key: tuple[str, str]) -> None:
    annotator: Annotator = _WORKER["annotator"]
    annotator.preload(*key)
    _WORKER["barrier"].wait(timeout=600)  # one preload per worker


def _worker_annotate(docs: list[DocumentText]) -> tuple[list[AnnotatedDocument], WorkerMemory]:
    """One Stanza call (pieces of one model set, already within the size bounds), and the
    worker's peak memory after it."""
    annotator: Annotator = _WORKER["annotator"]
    return annotator._annotate_call(docs), annotator.own_memory()
