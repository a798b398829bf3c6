"""Model packs: export -> import round trip with real Stanza, and refusal of corrupt, partial and foreign packs."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from parley.nlp.packs import MANIFEST_NAME, PackError, export_pack, import_pack, verify_pack
from parley.nlp.store import ModelStore
from parley.settings import ModelSettings

SENTENCE = "The minister met his counterpart in Baku on Monday and signed an agreement."


@pytest.fixture(scope="module")
def en_pack(model_settings: ModelSettings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ci store's English set, exported (the ci store is only read)."""
    path = tmp_path_factory.mktemp("pack") / "ci-en.tar.gz"
    export_pack(ModelStore(model_settings.store_dir), "ci", path, ["en"])
    return path


def _members(pack: Path) -> dict[str, bytes]:
    with tarfile.open(pack, "r:gz") as archive:
        return {m.name: archive.extractfile(m).read() for m in archive.getmembers() if m.isfile()}  # type: ignore[union-attr]


def _rewrite(pack: Path, out: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(out, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out


def _annotate(store_dir: Path, tmp: Path) -> list[tuple[str, str, str, int, str, str]]:
    from parley.nlp import stanza_backend

    store = ModelStore(store_dir)
    choice = store.pipeline_models("en", ("ci",))
    assert choice is not None
    pipeline = stanza_backend.load_pipeline("en", choice[1], tmp)
    doc = pipeline(SENTENCE)
    return [(w.text, w.lemma, w.upos, w.head, w.deprel, t.ner) for s in doc.sentences for t in s.tokens for w in t.words]


def test_round_trip_into_an_empty_store_annotates_the_same(model_settings: ModelSettings, en_pack: Path, tmp_path: Path) -> None:
    source = ModelStore(model_settings.store_dir)
    target = ModelStore(tmp_path / "empty-store")
    result = import_pack(target, en_pack)
    assert result.languages == ["en"] and result.budget == "ci" and result.skipped_existing == 0
    manifest = source.read_manifest("en", "ci")
    assert target.read_manifest("en", "ci") == manifest
    for processor, entry in manifest["processors"].items():
        assert target.read_card("en", processor, entry["key"]) == source.read_card("en", processor, entry["key"])
        original = source.model_file("en", processor, entry["key"]).read_bytes()
        assert target.model_file("en", processor, entry["key"]).read_bytes() == original
    assert not list(target.root.glob(".import-*")), "the staging folder is removed"
    assert not list(target.root.rglob("*_checkpoint.pt")), "training checkpoints stay behind"
    pack = json.loads(_members(en_pack)[MANIFEST_NAME])
    assert pack["licences"]["en"]["pos"] == source.read_card("en", "pos", manifest["processors"]["pos"]["key"]).licence
    assert _annotate(target.root, tmp_path / "r1") == _annotate(source.root, tmp_path / "r2")
    again = import_pack(target, en_pack)  # importing twice finds everything in place
    assert again.skipped_existing == len(manifest["processors"])


def test_export_needs_built_models(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="no ci models"):
        export_pack(ModelStore(tmp_path / "nothing"), "ci", tmp_path / "p.tar.gz")


def test_corrupt_pack_is_refused(en_pack: Path, tmp_path: Path) -> None:
    members = _members(en_pack)
    name = next(n for n in members if n.endswith("/pos.pt"))
    data = bytearray(members[name])
    data[len(data) // 2] ^= 0xFF
    members[name] = bytes(data)
    bad = _rewrite(en_pack, tmp_path / "corrupt.tar.gz", members)
    with pytest.raises(PackError, match="corrupt pack, checksum mismatch for en/pos/"):
        import_pack(ModelStore(tmp_path / "store"), bad)
    assert not (tmp_path / "store" / "en").exists(), "nothing is installed from a refused pack"


def test_partial_pack_is_refused(en_pack: Path, tmp_path: Path) -> None:
    members = _members(en_pack)
    members.pop(next(n for n in members if n.endswith("/lemma.pt")))
    with pytest.raises(PackError, match="partial pack, 1 listed file.*lemma.pt"):
        import_pack(ModelStore(tmp_path / "store"), _rewrite(en_pack, tmp_path / "partial.tar.gz", members))
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(en_pack.read_bytes()[: en_pack.stat().st_size // 2])
    with pytest.raises(PackError, match="not a readable archive.*truncated"):
        verify_pack(truncated)


def test_foreign_packs_are_refused(en_pack: Path, tmp_path: Path) -> None:
    members = _members(en_pack)
    manifest = json.loads(members[MANIFEST_NAME])
    no_manifest = {n: d for n, d in members.items() if n != MANIFEST_NAME}
    with pytest.raises(PackError, match="no parley-pack.json; not a parley model pack"):
        verify_pack(_rewrite(en_pack, tmp_path / "a.tar.gz", no_manifest))
    other = {**members, MANIFEST_NAME: json.dumps({**manifest, "format": "something-else"}).encode()}
    with pytest.raises(PackError, match="format 'something-else'"):
        verify_pack(_rewrite(en_pack, tmp_path / "b.tar.gz", other))
    newer = {**members, MANIFEST_NAME: json.dumps({**manifest, "version": 99}).encode()}
    with pytest.raises(PackError, match="version 99; this parley reads version 1"):
        verify_pack(_rewrite(en_pack, tmp_path / "c.tar.gz", newer))
    stray = {**members, "elsewhere/readme.txt": b"hello"}
    with pytest.raises(PackError, match="unexpected member elsewhere/readme.txt"):
        verify_pack(_rewrite(en_pack, tmp_path / "d.tar.gz", stray))
    escaping = {**members, "store/../../evil.txt": b"x"}
    with pytest.raises(PackError, match="points outside the pack"):
        verify_pack(_rewrite(en_pack, tmp_path / "e.tar.gz", escaping))
    not_tar = tmp_path / "f.tar.gz"
    not_tar.write_text("just text", encoding="utf-8")
    with pytest.raises(PackError, match="not a readable archive"):
        verify_pack(not_tar)


def test_cli_export_and_import(model_settings: ModelSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from parley.cli import app

    runner = CliRunner()
    pack = tmp_path / "pack.tar.gz"
    monkeypatch.setenv("PARLEY_MODELS__STORE_DIR", str(model_settings.store_dir))
    out = runner.invoke(app, ["models", "export", "--budget", "ci", "--lang", "en", str(pack)])
    assert out.exit_code == 0, out.output
    monkeypatch.setenv("PARLEY_MODELS__STORE_DIR", str(tmp_path / "new-store"))
    out = runner.invoke(app, ["models", "import", str(pack)])
    assert out.exit_code == 0 and "installed ci models for en" in out.output, out.output
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(b"\x1f\x8b not really")
    out = runner.invoke(app, ["models", "import", str(broken)])
    assert out.exit_code != 0 and "not a readable archive" in out.output


def test_models_list_marks_the_set_the_pipeline_uses(model_settings: ModelSettings, en_pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from parley.cli import app

    store = ModelStore(tmp_path / "listed")
    import_pack(store, en_pack)
    monkeypatch.setenv("PARLEY_MODELS__STORE_DIR", str(store.root))
    monkeypatch.setenv("PARLEY_MODELS__OFFICIAL_DIR", str(tmp_path / "no-official"))
    out = CliRunner().invoke(app, ["models", "list"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert any(line.startswith("en  ci") and line.endswith("<- the pipeline uses this") for line in lines), out.output
    assert any(line.startswith("de  fallback") for line in lines), out.output


class _TinyBudget:
    """A ci-shaped budget whose NER trains for a few steps: enough for a real model read with vectors."""

    config = {"max_train_sentences": 300, "max_dev_sentences": 50, "max_test_sentences": 50,
              "ner": ["--max_steps", "40", "--eval_interval", "40", "--hidden_dim", "16", "--char_hidden_dim", "16",
                      "--char_emb_dim", "16"]}


def test_a_model_trained_with_vectors_travels_with_them(model_settings: ModelSettings, tmp_path: Path) -> None:
    """Real Stanza: an NER model trained on GloVe vectors in this test, packed with the ci tokenizer,
    imports into an empty store with its vectors and annotates the same as before."""
    from parley.nlp import build
    from parley.nlp.vectors import build_vectors

    ci = ModelStore(model_settings.store_dir)
    store = ModelStore(tmp_path / "store")

    class Context(build.BuildContext):
        @property
        def budget_config(self) -> dict:  # type: ignore[override]
            return _TinyBudget.config

    ctx = Context(model_settings.corpora_dir, tmp_path / "work", store, "ci", threads=1, log=lambda _: None)
    prepared = build.prepare_language(ctx, "en")
    spec = {"source": "glove", "max_words": 5000, "licence": "PDDL 1.0 (GloVe 6B)"}
    prepared.vectors = build_vectors(store, "en", spec, list, [], [], threads=1, log=lambda _: None)
    card = build.train_processor(ctx, prepared, "ner")
    assert "--wordvec_pretrain_file" not in card.hyperparameters  # the budget's own arguments only
    tokenizer = ci.read_manifest("en", "ci")["processors"]["tokenize"]
    folder = store.model_dir("en", "tokenize", tokenizer["key"])
    folder.mkdir(parents=True)
    for name in ("tokenize.pt", "card.json"):
        (folder / name).write_bytes((ci.model_dir("en", "tokenize", tokenizer["key"]) / name).read_bytes())
    entries = build.manifest_entries([ci.read_card("en", "tokenize", tokenizer["key"]), card], prepared.vectors)
    assert entries["ner"]["pretrain"] == {"lang": "en", "key": prepared.vectors.key}
    store.write_manifest("en", "ci", entries, {})

    pack = tmp_path / "with-vectors.tar.gz"
    manifest = export_pack(store, "ci", pack)
    assert any(f["path"].startswith(f"en/pretrain/{prepared.vectors.key}/") for f in manifest["files"])
    assert manifest["licences"]["en"]["pretrain"] == "PDDL 1.0 (GloVe 6B)"
    target = ModelStore(tmp_path / "empty")
    import_pack(target, pack)
    assert target.model_file("en", "pretrain", prepared.vectors.key).read_bytes() == store.model_file("en", "pretrain", prepared.vectors.key).read_bytes()
    assert _annotate(target.root, tmp_path / "r1") == _annotate(store.root, tmp_path / "r2")

    members = _members(pack)
    vectors_member = next(n for n in members if "/pretrain/" in n and n.endswith("pretrain.pt"))
    del members[vectors_member]
    with pytest.raises(PackError, match="partial pack"):
        verify_pack(_rewrite(pack, tmp_path / "no-vectors.tar.gz", members))
