"""The model store: content-addressed Stanza models with a JSON card each, outside git.

Layout::

    <store>/<lang>/<processor>/<key>/<processor>.pt   the model (Stanza's own format)
    <store>/<lang>/<processor>/<key>/card.json         corpus, licence, budget, time, size, scores
    <store>/<lang>/<budget>.json                       the processors that make one pipeline

`key` hashes the corpus files, the recipe, the budget's hyper-parameters and the Stanza version, so
a changed corpus or setting builds a new model and an unchanged one is found again (CI's cache).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

PROCESSORS: tuple[str, ...] = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")
# Resumable training state beside a model (Stanza's parser, parley's launcher): never part of a model.
CHECKPOINT_SUFFIX = "_checkpoint.pt"
BUDGETS: tuple[str, ...] = ("ci", "default", "standard", "gpu")


@dataclass
class ModelCard:
    """What a model is, where it came from and how good it is."""

    lang: str
    processor: str
    key: str
    budget: str
    stanza_version: str
    corpus: list[str]
    licence: str
    hyperparameters: list[str]
    train_seconds: float = 0.0
    device: str = "cpu"  # where it trained: train_seconds mean little without it
    size_bytes: int = 0
    dev_score: float | None = None
    peak_memory_mb: float | None = None  # resident memory of the training process at its peak
    test_scores: dict[str, float] = field(default_factory=dict)
    trained_for: str | None = None  # when borrowed: the language whose data trained it
    notes: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False)


def content_key(parts: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(child.name.encode())
            digest.update(child.read_bytes())
    else:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def referenced(entries: dict[str, dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(lang, processor, key) of every store entry a manifest needs: models and their vectors."""
    out: list[tuple[str, str, str]] = []
    for processor, entry in entries.items():
        out.append((entry["lang"], processor, entry["key"]))
        if entry.get("pretrain"):
            out.append((entry["pretrain"]["lang"], "pretrain", entry["pretrain"]["key"]))
    return sorted(set(out))


class ModelStore:
    """Reads and writes models, cards and per-budget manifests under one folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).expanduser()

    def model_dir(self, lang: str, processor: str, key: str) -> Path:
        return self.root / lang / processor / key

    def model_file(self, lang: str, processor: str, key: str) -> Path:
        return self.model_dir(lang, processor, key) / f"{processor}.pt"

    def has_model(self, lang: str, processor: str, key: str) -> bool:
        folder = self.model_dir(lang, processor, key)
        return (folder / "card.json").is_file() and self.model_file(lang, processor, key).is_file()

    def write_card(self, card: ModelCard) -> None:
        path = self.model_dir(card.lang, card.processor, card.key) / "card.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(card.to_json(), encoding="utf-8")
        os.replace(tmp, path)

    def read_card(self, lang: str, processor: str, key: str) -> ModelCard:
        data = json.loads((self.model_dir(lang, processor, key) / "card.json").read_text(encoding="utf-8"))
        return ModelCard(**data)

    def manifest_path(self, lang: str, budget: str) -> Path:
        return self.root / lang / f"{budget}.json"

    def write_manifest(self, lang: str, budget: str, entries: dict[str, dict[str, str]], evaluation: dict[str, Any]) -> None:
        path = self.manifest_path(lang, budget)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(
            json.dumps({"lang": lang, "budget": budget, "processors": entries, "evaluation": evaluation}, indent=2),
            encoding="utf-8",
        )
        os.replace(tmp, path)

    def read_manifest(self, lang: str, budget: str) -> dict[str, Any] | None:
        path = self.manifest_path(lang, budget)
        if not path.is_file():
            return None
        return json.loads(path.read_text(encoding="utf-8"))

    def installed(self) -> list[dict[str, Any]]:
        """Every manifest in the store, for `parley models list`."""
        if not self.root.is_dir():
            return []
        out = []
        for lang_dir in sorted(p for p in self.root.iterdir() if p.is_dir()):
            for budget in BUDGETS:
                manifest = self.read_manifest(lang_dir.name, budget)
                if manifest is not None:
                    out.append(manifest)
        return out

    def pipeline_models(self, lang: str, budgets: tuple[str, ...]) -> tuple[str, dict[str, Path]] | None:
        """The best installed model set for `lang` (first budget in `budgets` that exists)."""
        for budget in budgets:
            manifest = self.read_manifest(lang, budget)
            if manifest is None:
                continue
            paths = self.entry_paths(manifest["processors"])
            if "tokenize" in paths:
                return budget, paths
        return None

    def entry_paths(self, entries: dict[str, dict[str, Any]]) -> dict[str, Path]:
        """Model files of manifest entries, plus `<processor>_pretrain` for those that read vectors."""
        paths: dict[str, Path] = {}
        for processor, entry in entries.items():
            path = self.model_file(entry["lang"], processor, entry["key"])
            vectors = entry.get("pretrain")
            if not path.is_file():
                continue
            if vectors:
                pretrain = self.model_file(vectors["lang"], "pretrain", vectors["key"])
                if not pretrain.is_file():
                    continue  # a model without its vectors cannot load
                paths[f"{processor}_pretrain"] = pretrain
            paths[processor] = path
        return paths
