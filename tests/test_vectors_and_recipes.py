"""Pretrained vectors in Stanza's format, the new corpus readers, recipe selectors and curve parsing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from parley.nlp import corpora
from parley.nlp.build import _select, default_build_languages, recipes, vector_text_refs
from parley.nlp.curves import best_by, parse_curve
from parley.nlp.store import ModelStore, referenced
from parley.nlp.vectors import VectorError, save_pretrain, train_word2vec


def test_a_pretrain_file_is_read_back_by_stanza(tmp_path: Path) -> None:
    from stanza.models.common.pretrain import Pretrain

    words = ["bakı", "ankara", "new york", "bakı"]  # a duplicate and a space inside a word
    matrix = np.arange(8, dtype=np.float32).reshape(4, 2)
    path = tmp_path / "pretrain.pt"
    assert save_pretrain(words, matrix, path) == 3
    pretrain = Pretrain(str(path))
    assert pretrain.emb.shape[1] == 2
    assert pretrain.vocab.unit2id("ankara") != pretrain.vocab.unit2id("<unk>")
    assert pretrain.vocab.unit2id("new york") == pretrain.vocab.unit2id("new\xa0york")
    row = pretrain.emb[pretrain.vocab.unit2id("ankara")]
    assert row.tolist() == [2.0, 3.0]


def test_word2vec_learns_vectors_for_repeated_words_and_refuses_tiny_text() -> None:
    sentences = [["nazir", "görüşdü", "səfir", "ilə"], ["nazir", "imzaladı", "memorandum"]] * 300
    words, matrix = train_word2vec(sentences, dim=8, epochs=1, threads=1)
    assert "nazir" in words and matrix.shape == (len(words), 8)
    with pytest.raises(VectorError, match="fewer than 1,000 words"):
        train_word2vec([["tek", "cümle"]], dim=8, epochs=1, threads=1)


def test_vector_text_is_never_a_test_set() -> None:
    for lang, spec in recipes()["vectors"].items():
        if spec["source"] != "word2vec":
            continue
        refs = {r.partition(":")[2] for r in vector_text_refs(lang)}
        recipe = recipes()["languages"][lang]
        tests = set(recipe.get("ud_test", [])) | set(recipe.get("ner_test", []))
        assert not refs & tests, lang


def test_every_vector_set_and_recipe_names_its_licence() -> None:
    for lang, spec in recipes()["vectors"].items():
        assert spec["licence"], lang
    for lang, recipe in recipes()["languages"].items():
        if "treebank" in recipe:
            assert recipe["ud_licence"], lang
        if "ner_format" in recipe:
            assert recipe["ner_licence"], lang
        for processor in ("pos", "depparse"):
            if f"{processor}_train" in recipe:
                assert recipe[f"{processor}_licence"], (lang, processor)


def test_alternative_recipes_are_not_built_by_default() -> None:
    assert "tr-open" not in default_build_languages()
    assert {"en", "de", "ru", "tr", "az", "uz", "kk"} <= set(default_build_languages())


def test_interleaved_folds_split_a_file_without_overlap() -> None:
    items = list(range(500))
    test = _select(items, "folds-0,5-of-10")
    dev = _select(items, "folds-1-of-10")
    train = _select(items, "folds-2,3,4,6,7,8,9-of-10")
    assert (len(train), len(dev), len(test)) == (350, 50, 100)
    assert not set(train) & set(dev) and not set(train) & set(test) and not set(dev) & set(test)


def test_uzbekpos_is_converted_at_training_time() -> None:
    block = "1\t\ufeffO\u2018zbekiston\t_\tPROPN\t_\t_\t_\t_\t_\t_\n2\tbo'lib+qoldi\t_\tVERB\t_\t_\t_\t_\t_\t_"
    converted = corpora.convert_uzbekpos(block)
    lines = converted.split("\n")
    assert lines[0] == "# text = O\u02bbzbekiston bo\u02bblib qoldi"
    assert [line.split("\t")[1] for line in lines[1:]] == ["O\u02bbzbekiston", "bo\u02bblib", "qoldi"]
    assert [line.split("\t")[3] for line in lines[1:]] == ["PROPN", "VERB", "VERB"]
    assert [line.split("\t")[6] for line in lines[1:]] == ["0", "1", "1"]


def test_kaznerd_classes_map_to_per_loc_org(tmp_path: Path) -> None:
    path = tmp_path / "iob2.txt"
    path.write_text("Назарбаев B-PERSON\nАстанада B-GPE\n2010 B-DATE\nжылы I-DATE\n\nҚР B-ORGANISATION\nҮкіметі I-ORGANISATION\n", encoding="utf-8")
    assert corpora.read_kaznerd(path) == [
        [("Назарбаев", "B-PER"), ("Астанада", "B-LOC"), ("2010", "O"), ("жылы", "O")],
        [("ҚР", "B-ORG"), ("Үкіметі", "I-ORG")],
    ]


def test_nerel_keeps_outermost_entities(tmp_path: Path) -> None:
    text = "Органы Киргизии задержали Ивана Петрова. Он жил в Бишкеке."
    (tmp_path / "1.txt").write_text(text, encoding="utf-8")
    spans = [("ORGANIZATION", "Органы Киргизии"), ("COUNTRY", "Киргизии"), ("PERSON", "Ивана Петрова"), ("CITY", "Бишкеке")]
    ann = "\n".join(f"T{i}\t{kind} {text.index(s)} {text.index(s) + len(s)}\t{s}" for i, (kind, s) in enumerate(spans))
    (tmp_path / "1.ann").write_text(ann + "\n", encoding="utf-8")
    sentences = corpora.read_nerel(tmp_path)
    assert sentences[0][:5] == [("Органы", "B-ORG"), ("Киргизии", "I-ORG"), ("задержали", "O"), ("Ивана", "B-PER"), ("Петрова", "I-PER")]
    assert ("Бишкеке", "B-LOC") in sentences[1]


def test_manifest_entries_name_the_vectors_their_models_read(tmp_path: Path) -> None:
    entries = {"pos": {"lang": "tr", "key": "p1", "pretrain": {"lang": "tr", "key": "v1"}}, "ner": {"lang": "az", "key": "n1", "pretrain": {"lang": "az", "key": "v2"}}, "tokenize": {"lang": "tr", "key": "t1"}}
    assert referenced(entries) == [("az", "ner", "n1"), ("az", "pretrain", "v2"), ("tr", "pos", "p1"), ("tr", "pretrain", "v1"), ("tr", "tokenize", "t1")]
    store = ModelStore(tmp_path)
    for lang, processor, key in referenced(entries):
        store.model_file(lang, processor, key).parent.mkdir(parents=True)
        store.model_file(lang, processor, key).write_bytes(b"x")
    paths = store.entry_paths(entries)
    assert paths["pos_pretrain"] == store.model_file("tr", "pretrain", "v1")
    assert paths["ner_pretrain"] == store.model_file("az", "pretrain", "v2")
    store.model_file("az", "pretrain", "v2").unlink()
    assert "ner" not in store.entry_paths(entries)  # a model without its vectors cannot load


def test_learning_curve_is_read_from_stanza_logs() -> None:
    log = "\n".join(
        [
            "2026-12-02 10:00:00 INFO: Training tagger...",
            "2026-12-02 10:00:05 INFO: Finished STEP 20/1000, loss = 3.1 (0.2 sec/batch), lr: 0.003",
            "2026-12-02 10:01:05 INFO: UPOS\tXPOS\tUFeats\tAllTags",
            "2026-12-02 10:01:05 INFO: 81.20\t70.00\t60.00\t50.00",
            "2026-12-02 10:01:05 INFO: step 300: train_loss = 2.0, dev_score = 0.5000",
            "2026-12-02 10:02:05 INFO: UPOS\tXPOS\tUFeats\tAllTags",
            "2026-12-02 10:02:05 INFO: 88.00\t80.00\t70.00\t60.00",
            "2026-12-02 10:02:05 INFO: step 600: train_loss = 1.0, dev_score = 0.6000",
        ]
    )
    points = parse_curve(log, "pos")
    assert [(p.seconds, p.step, p.score) for p in points] == [(60.0, 300, 0.812), (120.0, 600, 0.88)]
    assert best_by(points, 90) == 0.812 and best_by(points, 30) is None
    tokenizer = parse_curve("2026-12-02 10:00:00 INFO: Step 100/1000: loss\n2026-12-02 10:00:30 INFO: Dev score: 91.500\tNew best", "tokenize")
    assert tokenizer[0].score == pytest.approx(0.915)
    # Stanza's tokenizer pads its step counter and logs the dev score on a line of its own.
    padded = parse_curve(
        "2026-12-02 10:00:00 INFO: Step     20/1000000, Loss: 0.9\n"
        "2026-12-02 10:00:40 INFO: Step    200/1000000, Loss: 0.3\n"
        "2026-12-02 10:00:41 INFO: en_ewt: token F1 = 92.95, sentence F1 = 58.17\n"
        "2026-12-02 10:00:41 INFO: Dev score: 71.633\tNew best dev score!",
        "tokenize",
    )
    assert [(p.seconds, p.step) for p in padded] == [(41.0, 200)]


def test_end_to_end_scores_read_running_text_not_one_sentence_per_paragraph(tmp_path: Path) -> None:
    from parley.nlp.stanza_backend import gold_raw_text

    gold = tmp_path / "gold.conllu"
    gold.write_text(
        "# newdoc id = a\n# text = Bir.\n1\tBir\n\n# text = İki.\n1\tİki\n\n# newpar\n# text = Üç.\n1\tÜç\n\n",
        encoding="utf-8",
    )
    assert gold_raw_text(gold) == "Bir. İki.\n\nÜç."
