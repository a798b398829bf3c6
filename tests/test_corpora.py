"""Specification of the corpus converters that feed Stanza's NER training."""

from __future__ import annotations

from pathlib import Path

from parley.nlp.corpora import (
    iob1_to_bio,
    limit,
    read_factrueval,
    read_germeval,
    read_parallel_tags,
    read_tur2003,
)
from parley.nlp.metrics import entity_f1, spans


def test_iob1_becomes_bio() -> None:
    assert iob1_to_bio(["I-ORG", "I-ORG", "O", "I-PER", "B-PER", "I-LOC"]) == [
        "B-ORG", "I-ORG", "O", "B-PER", "B-PER", "B-LOC",
    ]


def test_tur2003_brackets(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("\ufeff[PER Ahmet Yılmaz ] dün [LOC Ankara ] 'da konuştu\n", encoding="utf-8")
    assert read_tur2003(path) == [
        [("Ahmet", "B-PER"), ("Yılmaz", "I-PER"), ("dün", "O"), ("Ankara", "B-LOC"), ("'da", "O"), ("konuştu", "O")]
    ]


def test_germeval_keeps_derived_names_as_their_class(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(
        "# http://x\n1\tDie\tO\tO\n2\taserbaidschanische\tB-LOCderiv\tO\n3\tRegierung\tO\tO\n"
        "4\tin\tO\tO\n5\tBaku\tB-LOC\tO\n\n",
        encoding="utf-8",
    )
    assert read_germeval(path) == [
        [("Die", "O"), ("aserbaidschanische", "B-LOC"), ("Regierung", "O"), ("in", "O"), ("Baku", "B-LOC")]
    ]


def test_factrueval_objects_cover_their_spans(tmp_path: Path) -> None:
    (tmp_path / "b.tokens").write_text("1 0 1 В\n2 2 6 Москве\n3 9 5 Юрий\n4 15 7 Лужков\n\n5 23 3 Мэр\n", encoding="utf-8")
    (tmp_path / "b.spans").write_text("10 loc_name 2 6 2 1\n11 name 9 5 3 1\n12 surname 15 7 4 1\n", encoding="utf-8")
    (tmp_path / "b.objects").write_text("1 Location 10 # Москве\n2 Person 11 12 # Юрий Лужков\n", encoding="utf-8")
    assert read_factrueval(tmp_path) == [
        [("В", "O"), ("Москве", "B-LOC"), ("Юрий", "B-PER"), ("Лужков", "I-PER")],
        [("Мэр", "O")],
    ]


def test_parallel_tags_drop_dates(tmp_path: Path) -> None:
    (tmp_path / "s.txt").write_text("Bakı 1 fevral\nbad line\n", encoding="utf-8")
    (tmp_path / "t.txt").write_text("B-LOC B-DATE I-DATE\nO\n", encoding="utf-8")
    assert read_parallel_tags(tmp_path / "s.txt", tmp_path / "t.txt") == [[("Bakı", "B-LOC"), ("1", "O"), ("fevral", "O")]]


def test_limit_is_reproducible_and_keeps_order() -> None:
    items = list(range(100))
    assert limit(items, 10) == limit(items, 10)
    assert limit(items, 10) == sorted(limit(items, 10))
    assert limit(items, None) == items


def test_entity_scores() -> None:
    assert spans(["B-PER", "E-PER", "O", "S-LOC"]) == {(0, 2, "PER"), (3, 4, "LOC")}
    assert spans(["B-PER", "I-PER", "O", "B-LOC"]) == {(0, 2, "PER"), (3, 4, "LOC")}
    scores = entity_f1([["B-PER", "I-PER", "O", "B-LOC"]], [["B-PER", "E-PER", "O", "S-ORG"]])
    assert scores == {"ner_precision": 50.0, "ner_recall": 50.0, "ner_f1": 50.0}
