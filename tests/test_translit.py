"""Uzbek Latin -> Cyrillic -> Latin transliteration round-trips on the corpus tokens."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parley.nlp.translit import OKINA_VARIANTS, TUTUQ, to_cyrillic, to_latin, to_latin_with_offsets

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# AQSh, IShID, SH., taSHKIL+TOPISHI (segmented): SH or Sh? Cyrillic has one letter for both.
MIXED_CASE_ABBREVIATION = re.compile(r"[A-Z]{2,}[a-z]|[A-Z][a-z][A-Z]|[a-z][A-Z]|(^|\W)(SH|CH)(\W|$)")


def _forms(shared_dir: Path) -> list[str]:
    files = sorted((shared_dir / "corpora").glob("*uz*/*.conllu"))
    if not files:
        pytest.skip("no Uzbek corpora")
    return [line.split("\t")[1] for f in files for line in f.read_text(encoding="utf-8").splitlines() if "\t" in line and not line.startswith("#")]


def _normalised(word: str) -> str:
    out = list(word)
    for i, char in enumerate(word):
        if char in OKINA_VARIANTS:
            out[i] = "\u02bb" if i and word[i - 1] in "oOgG" else TUTUQ
    return "".join(out)


def test_examples() -> None:
    assert to_cyrillic("Oʻzbekiston Respublikasi Prezidenti Shavkat Mirziyoyev") == "Ўзбекистон Республикаси Президенти Шавкат Мирзиёев"
    assert to_cyrillic("Qayerda yer poeziya maʼno gʻalaba SHAHAR") == "Қаерда ер поэзия маъно ғалаба ШАҲАР"
    assert to_latin("Европа ЎЗБЕКИСТОН Шаҳар") == "Yevropa OʻZBEKISTON Shahar"
    assert to_cyrillic("o'z bo‘lgan subʼekt") == "ўз бўлган субъект"  # typed apostrophes are read as oʻ / gʻ


def test_corpus_round_trip(shared_dir: Path) -> None:
    forms = _forms(shared_dir)
    # Documented exceptions: tokens with Cyrillic homoglyphs inside Latin words, mixed-case abbreviations.
    checked = [w for w in forms if not CYRILLIC.search(w) and not MIXED_CASE_ABBREVIATION.search(w)]
    assert len(checked) > 0.95 * len(forms)
    failures = [w for w in checked if to_latin(to_cyrillic(w)) != _normalised(w)]
    assert not failures, failures[:20]
    cyrillic = [to_cyrillic(w) for w in checked]
    assert [to_cyrillic(to_latin(c)) for c in cyrillic] == cyrillic


def test_offsets_point_at_the_source() -> None:
    text = "Шавкат Мирзиёев Тошкентда"
    latin, offsets = to_latin_with_offsets(text)
    assert latin == "Shavkat Mirziyoyev Toshkentda" and len(offsets) == len(latin)
    start = latin.index("Mirziyoyev")
    assert text[offsets[start]: offsets[start + len("Mirziyoyev") - 1] + 1] == "Мирзиёев"
