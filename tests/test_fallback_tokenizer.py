"""Property: the fallback tokenizer never raises and its offsets always slice the body exactly."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from parley.nlp.fallback import split_sentences, tokenize_document

UZBEK_CYRILLIC = "Меҳнат вазири делегация билан учрашув ўтказди. Томонлар ҳамкорликни муҳокама қилди!\n\nЯнги абзац."


def test_uzbek_cyrillic_is_tokenised_and_flagged() -> None:
    doc = tokenize_document("d", "uz", UZBEK_CYRILLIC, "no_model: uz Cyrl")
    assert doc.flags == ("no_model: uz Cyrl",)
    assert [s.text for s in doc.sentences] == [
        "Меҳнат вазири делегация билан учрашув ўтказди.",
        "Томонлар ҳамкорликни муҳокама қилди!",
        "Янги абзац.",
    ]
    assert [w.text for w in doc.sentences[0].words][:3] == ["Меҳнат", "вазири", "делегация"]


@given(st.text())
def test_offsets_slice_the_body(body: str) -> None:
    doc = tokenize_document("d", "xx", body, "no_model")
    for sentence in doc.sentences:
        assert body[sentence.start : sentence.end] == sentence.text
        for word in sentence.words:
            assert body[word.start : word.end] == word.token_text == word.text
    for start, end in split_sentences(body):
        assert 0 <= start < end <= len(body)
