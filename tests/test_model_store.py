"""Specification of the model store: content-addressed keys, cards, manifests, choice of a model set."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.nlp.build import BuildContext, BuildError, model_key, prepare_language, processors_for
from parley.nlp.store import ModelCard, ModelStore, content_key


def test_content_key_is_stable_and_sensitive() -> None:
    parts = {"a": 1, "b": [1, 2], "c": {"x": "y"}}
    assert content_key(parts) == content_key(dict(reversed(list(parts.items()))))
    assert content_key(parts) != content_key({**parts, "a": 2})


def test_cards_and_manifests_round_trip(tmp_path: Path) -> None:
    store = ModelStore(tmp_path)
    card = ModelCard("tr", "pos", "k1", "ci", "1.15.0", ["ud_turkish_imst/x"], "CC BY-NC-SA 4.0", ["--max_steps", "5"])
    store.model_dir("tr", "pos", "k1").mkdir(parents=True)
    store.model_file("tr", "pos", "k1").write_bytes(b"model")
    store.write_card(card)
    assert store.has_model("tr", "pos", "k1")
    assert store.read_card("tr", "pos", "k1") == card
    store.model_dir("tr", "tokenize", "k0").mkdir(parents=True)
    store.model_file("tr", "tokenize", "k0").write_bytes(b"model")
    store.write_manifest("tr", "ci", {"pos": {"lang": "tr", "key": "k1"}, "tokenize": {"lang": "tr", "key": "k0"}}, {"upos": 50.0})
    store.write_manifest("az", "ci", {"tokenize": {"lang": "tr", "key": "k0"}}, {})
    assert [m["lang"] for m in store.installed()] == ["az", "tr"]
    budget, paths = store.pipeline_models("az", ("standard", "ci"))
    assert budget == "ci" and paths == {"tokenize": store.model_file("tr", "tokenize", "k0")}
    assert store.pipeline_models("de", ("standard", "ci")) is None


def test_prepared_data_is_held_out_and_keys_follow_the_budget(shared_dir: Path, tmp_path: Path) -> None:
    ci = BuildContext(shared_dir / "corpora", tmp_path / "ci", ModelStore(tmp_path / "store"), "ci")
    prepared = prepare_language(ci, "de")
    assert processors_for(prepared) == ["tokenize", "mwt", "pos", "lemma", "depparse", "ner"]
    no_parser = {key: value for key, value in ci.budget_config.items() if key != "depparse"}
    assert processors_for(prepared, no_parser) == ["tokenize", "mwt", "pos", "lemma", "ner"]  # a budget without a parser
    folder = tmp_path / "ci" / "ud" / "UD_German-GSD"
    texts = {}
    for split in ("train", "dev", "test"):
        blocks = (folder / f"de_gsd-ud-{split}.conllu").read_text(encoding="utf-8").strip().split("\n\n")
        texts[split] = {line for b in blocks for line in b.split("\n") if line.startswith("# text =")}
    assert not texts["train"] & texts["test"] and not texts["train"] & texts["dev"]
    assert len(texts["train"]) <= 4000
    standard = BuildContext(shared_dir / "corpora", tmp_path / "std", ModelStore(tmp_path / "store"), "standard")
    assert model_key(ci, prepared, "pos") != model_key(standard, prepared, "pos")
    assert model_key(ci, prepared, "pos") == model_key(ci, prepared_again(ci), "pos")


def test_a_budget_can_give_one_language_other_arguments(shared_dir: Path, tmp_path: Path) -> None:
    """`[budgets.B.languages.L]` replaces one processor's arguments for one language: that model's key
    and arguments change, every other language's and processor's stay as the budget has them."""

    class WithOverride(BuildContext):
        @property
        def budget_config(self) -> dict:  # type: ignore[override]
            config = dict(super().budget_config)
            config["languages"] = {"de": {"pos": ["--max_steps", "7"]}}
            return config

    plain = BuildContext(shared_dir / "corpora", tmp_path / "a", ModelStore(tmp_path / "store"), "ci")
    override = WithOverride(shared_dir / "corpora", tmp_path / "b", ModelStore(tmp_path / "store"), "ci")
    assert override.training_args("de", "pos") == ["--max_steps", "7"]
    assert override.training_args("en", "pos") == plain.training_args("en", "pos") == plain.budget_config["pos"]
    assert override.training_args("de", "ner") == plain.budget_config["ner"]
    prepared = prepare_language(plain, "de")
    assert model_key(override, prepared, "pos") != model_key(plain, prepared, "pos")
    assert model_key(override, prepared, "ner") == model_key(plain, prepared, "ner")


def test_a_budget_time_limit_is_part_of_the_model_key_and_only_where_asked(shared_dir: Path, tmp_path: Path) -> None:
    """`[budgets.B.minutes]` limits a processor's training by the clock (a slow machine trains fewer
    steps), so it changes that processor's key and no other; a processor that cannot be limited is
    refused by name. The default budget limits its three longest trainings."""

    def with_minutes(minutes: dict) -> type[BuildContext]:
        class Limited(BuildContext):
            @property
            def budget_config(self) -> dict:  # type: ignore[override]
                return {**super().budget_config, "minutes": minutes}

        return Limited

    plain = BuildContext(shared_dir / "corpora", tmp_path / "a", ModelStore(tmp_path / "store"), "ci")
    limited = with_minutes({"pos": 2})(shared_dir / "corpora", tmp_path / "b", ModelStore(tmp_path / "store"), "ci")
    prepared = prepare_language(plain, "de")
    assert limited.time_limit("pos") == 2.0 and limited.time_limit("ner") is None and plain.time_limit("pos") is None
    assert model_key(limited, prepared, "pos") != model_key(plain, prepared, "pos")
    assert model_key(limited, prepared, "ner") == model_key(plain, prepared, "ner")
    tokenizer_limited = with_minutes({"tokenize": 1})(shared_dir / "corpora", tmp_path / "c", ModelStore(tmp_path / "store"), "ci")
    with pytest.raises(BuildError, match="tokenize: only pos, lemma, ner take a time limit"):
        tokenizer_limited.time_limit("tokenize")
    default = BuildContext(shared_dir / "corpora", tmp_path / "d", ModelStore(tmp_path / "store"), "default")
    assert {p: default.time_limit(p) for p in ("tokenize", "pos", "lemma", "ner")} == {
        "tokenize": None, "pos": 4.0, "lemma": 3.0, "ner": 4.5}


def prepared_again(ctx: BuildContext):  # noqa: ANN201
    return prepare_language(ctx, "de")


def test_official_models_are_preferred_when_installed(tmp_path: Path) -> None:
    from parley.nlp.annotate import Annotator
    from parley.settings import ModelSettings

    official = tmp_path / "stanza_resources"
    settings = ModelSettings(store_dir=tmp_path / "store", official_dir=official, prefer=["official", "ci"])
    annotator = Annotator(settings)
    (official / "en" / "tokenize").mkdir(parents=True)
    assert annotator.choose("en", "Latn").source == "official"
    assert annotator.choose("kk", "Latn").source == "fallback"  # Kazakh models read Cyrillic only
    assert Annotator(settings.model_copy(update={"prefer": ["ci"], "on_missing": "fallback"})).choose("en", "Latn").source == "fallback"


def test_a_card_says_where_the_time_limit_stopped_training() -> None:
    from parley.nlp.build import _time_limit_note

    log = "INFO: step 400: dev_score = 0.71\nparley: time limit: stopped at step 400 after 190 s (limit 3.5 min)\nINFO: done\n"
    assert _time_limit_note(log) == "time limit: stopped at step 400 after 190 s (limit 3.5 min)"
    assert _time_limit_note("INFO: Training ended with 900 steps.\n") == ""
