"""Specification: text is NFC, without invisible or control characters, with plain spaces."""

from __future__ import annotations

import unicodedata

from parley.ingest.text import normalise_text


def test_zero_width_and_control_characters_are_removed() -> None:
    dirty = "Sa\u200bhil\u200d Ba\u00adbayev\u2060 met\x07 the\u200e delegation\ufeff."
    assert normalise_text(dirty) == "Sahil Babayev met the delegation."


def test_text_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Işıkhan Özbəkistan İlham Əliyev")
    assert normalise_text(decomposed) == unicodedata.normalize("NFC", decomposed)


def test_newlines_and_spaces_are_unified() -> None:
    assert normalise_text("a\r\nb\rc\u00a0d\te\n\n\n\nf  \n") == "a\nb\nc d e\n\nf"
