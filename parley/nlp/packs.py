"""Model packs: one archive that carries a budget's model sets from one store to another.

A pack is a gzipped tar with this layout::

    parley-pack.json                              format, version, budget, files (sha256, size), licences
    store/<lang>/<budget>.json                     the per-language manifests (which models make a pipeline)
    store/<lang>/<processor>/<key>/<file>          models, vectors and their cards, as in the store

`export_pack` writes only what a pipeline needs (training checkpoints stay behind). `import_pack`
checks everything before it touches the store: the manifest's format and version, the layout of
every member, that every listed file is there, nothing unlisted is, and every checksum matches.
Only then are the files staged inside the store and renamed into place, model folders first and the
per-language manifests last, so a pipeline never sees half a set. A pack built on a GPU machine then
serves every other machine.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from parley.nlp.store import CHECKPOINT_SUFFIX, PROCESSORS, ModelStore, referenced

PACK_FORMAT = "parley-model-pack"
PACK_VERSION = 1
MANIFEST_NAME = "parley-pack.json"
PREFIX = "store"
# resumable training state, and one being written: not needed to annotate
SKIPPED_SUFFIXES = (CHECKPOINT_SUFFIX, CHECKPOINT_SUFFIX + ".partial")


class PackError(ValueError):
    """A pack that cannot be installed; the message says what is wrong and what to do."""


@dataclass(frozen=True)
class ImportResult:
    budget: str
    languages: list[str]
    files: int
    skipped_existing: int


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pack_files(store: ModelStore, budget: str, languages: list[str] | None) -> tuple[dict[str, dict[str, Any]], list[Path]]:
    """The manifests of `budget` and every store file they reference (models, vectors, cards)."""
    manifests = {m["lang"]: m for m in store.installed() if m["budget"] == budget}
    if languages:
        missing = sorted(set(languages) - set(manifests))
        if missing:
            raise PackError(f"no {budget} models in {store.root} for {missing}; build them first: `parley models build --budget {budget}`")
        manifests = {lang: manifests[lang] for lang in languages}
    if not manifests:
        raise PackError(f"no {budget} models in {store.root}; build them first: `parley models build --budget {budget}`")
    files: list[Path] = []
    for lang, manifest in sorted(manifests.items()):
        files.append(store.manifest_path(lang, budget))
        for model_lang, processor, key in referenced(manifest["processors"]):
            folder = store.model_dir(model_lang, processor, key)
            if not store.has_model(model_lang, processor, key):
                raise PackError(f"{lang} {budget}: model {processor} {key} is missing from {folder}; rebuild it")
            files.extend(p for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.endswith(SKIPPED_SUFFIXES))
    return manifests, sorted(set(files))


def export_pack(store: ModelStore, budget: str, path: Path, languages: list[str] | None = None) -> dict[str, Any]:
    """Write the `budget` model sets of `store` (all languages, or `languages`) to one archive."""
    manifests, files = _pack_files(store, budget, languages)
    entries = []
    licences: dict[str, dict[str, str]] = {}
    for file in files:
        relative = file.relative_to(store.root).as_posix()
        entries.append({"path": relative, "sha256": _file_sha256(file), "size": file.stat().st_size})
    for lang, manifest in manifests.items():
        licences[lang] = {}
        for model_lang, processor, key in referenced(manifest["processors"]):
            name = processor if model_lang == lang or processor != "pretrain" else f"pretrain ({model_lang})"
            licences[lang][name] = store.read_card(model_lang, processor, key).licence
    manifest = {
        "format": PACK_FORMAT,
        "version": PACK_VERSION,
        "budget": budget,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "languages": {lang: m["evaluation"] for lang, m in sorted(manifests.items())},
        "licences": licences,
        "files": entries,
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    with tarfile.open(tmp, "w:gz", compresslevel=6) as archive:
        data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
        info = tarfile.TarInfo(MANIFEST_NAME)
        info.size = len(data)
        info.mtime = int(datetime.now(UTC).timestamp())
        archive.addfile(info, io.BytesIO(data))
        for file in files:
            archive.add(file, arcname=f"{PREFIX}/{file.relative_to(store.root).as_posix()}", recursive=False)
    os.replace(tmp, path)
    return manifest


def _read_members(path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The pack's manifest and file contents, or PackError saying why it is not a readable pack."""
    if not Path(path).is_file():
        raise PackError(f"{path}: no such file")
    try:
        with tarfile.open(path, "r:*") as archive:
            members = archive.getmembers()
            contents: dict[str, bytes] = {}
            for member in members:
                name = member.name
                pure = PurePosixPath(name)
                if not member.isfile():
                    if member.isdir():
                        continue
                    raise PackError(f"{path}: {name} is not a regular file (links are refused); not a parley pack")
                if pure.is_absolute() or ".." in pure.parts:
                    raise PackError(f"{path}: member {name} points outside the pack; refusing it")
                handle = archive.extractfile(member)
                assert handle is not None
                contents[name] = handle.read()
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise PackError(
            f"{path}: not a readable archive ({type(error).__name__}: {error}); it may be truncated "
            "(copy it again) or not a parley pack (`parley models export` writes one)"
        ) from None
    if MANIFEST_NAME not in contents:
        raise PackError(f"{path}: no {MANIFEST_NAME}; not a parley model pack (`parley models export` writes one)")
    try:
        manifest = json.loads(contents.pop(MANIFEST_NAME))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PackError(f"{path}: {MANIFEST_NAME} is not valid JSON ({error}); the pack is damaged, export it again") from None
    return manifest, contents


def verify_pack(path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Check a pack completely; returns its manifest and files (relative store paths -> bytes)."""
    manifest, contents = _read_members(path)
    if not isinstance(manifest, dict) or manifest.get("format") != PACK_FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else type(manifest).__name__
        raise PackError(f"{path}: format {found!r}, expected {PACK_FORMAT!r}; not a parley model pack")
    if manifest.get("version") != PACK_VERSION:
        raise PackError(
            f"{path}: pack format version {manifest.get('version')!r}; this parley reads version {PACK_VERSION}. "
            "Export the pack again with this parley version, or upgrade parley"
        )
    budget = manifest.get("budget")
    listed = manifest.get("files")
    if not isinstance(budget, str) or not budget or not isinstance(listed, list) or not listed:
        raise PackError(f"{path}: the manifest lacks a budget or a file list; the pack is damaged, export it again")
    files: dict[str, bytes] = {}
    for name, data in contents.items():
        pure = PurePosixPath(name)
        if pure.parts[0] != PREFIX or len(pure.parts) < 3:
            raise PackError(f"{path}: unexpected member {name} (files live under {PREFIX}/<lang>/); not a parley pack layout")
        files[PurePosixPath(*pure.parts[1:]).as_posix()] = data
    expected = {}
    for entry in listed:
        relative = entry.get("path", "") if isinstance(entry, dict) else ""
        parts = PurePosixPath(relative).parts
        layout_ok = (len(parts) == 2 and parts[1] == f"{budget}.json") or (len(parts) == 4 and parts[1] in PROCESSORS + ("pretrain",))
        if not layout_ok or ".." in parts or PurePosixPath(relative).is_absolute():
            raise PackError(f"{path}: listed file {relative!r} does not fit the store layout <lang>/<processor>/<key>/<file>")
        expected[relative] = entry
    missing = sorted(set(expected) - set(files))
    if missing:
        raise PackError(
            f"{path}: partial pack, {len(missing)} listed file(s) missing (first: {missing[0]}); copy or export it again"
        )
    extra = sorted(set(files) - set(expected))
    if extra:
        raise PackError(f"{path}: {len(extra)} file(s) not in the manifest (first: {extra[0]}); the pack was altered, export it again")
    for relative, entry in sorted(expected.items()):
        data = files[relative]
        if len(data) != entry.get("size") or _sha256(data) != entry.get("sha256"):
            raise PackError(
                f"{path}: corrupt pack, checksum mismatch for {relative} "
                f"(expected sha256 {str(entry.get('sha256'))[:12]}…, got {_sha256(data)[:12]}…); copy or export it again"
            )
    for lang in manifest.get("languages", {}):
        relative = f"{lang}/{budget}.json"
        if relative not in files:
            raise PackError(f"{path}: no manifest {relative} for language {lang}; the pack is damaged, export it again")
        set_manifest = json.loads(files[relative])
        for model_lang, processor, key in referenced(set_manifest.get("processors", {})):
            model = f"{model_lang}/{processor}/{key}/{processor}.pt"
            card = f"{model_lang}/{processor}/{key}/card.json"
            if model not in files or card not in files:
                raise PackError(f"{path}: {lang} {budget} needs {model} and its card, which the pack lacks; export it again")
    return manifest, files


def import_pack(store: ModelStore, path: Path) -> ImportResult:
    """Verify a pack, then install it into `store` (staged inside the store, renamed into place)."""
    manifest, files = verify_pack(path)
    budget = manifest["budget"]
    store.root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=store.root))
    skipped = 0
    try:
        for relative, data in files.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        folders = sorted({PurePosixPath(r).parent.as_posix() for r in files if len(PurePosixPath(r).parts) == 4})
        for folder in folders:
            destination = store.root / folder
            if destination.is_dir():
                same = all(
                    (destination / name).is_file() and _file_sha256(destination / name) == _file_sha256(staging / folder / name)
                    for name in os.listdir(staging / folder)
                )
                if same:
                    skipped += 1
                    continue
                shutil.rmtree(destination)  # same content key, different bytes: the pack's verified copy wins
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / folder, destination)
        languages = sorted(manifest.get("languages", {}))
        for lang in languages:
            store.manifest_path(lang, budget).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / lang / f"{budget}.json", store.manifest_path(lang, budget))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return ImportResult(budget=budget, languages=languages, files=len(files), skipped_existing=skipped)
