"""Specification of the Stanza -> parley conversion, on Stanza documents rebuilt from dicts
(no model is loaded): offsets slice the body, multi-word tokens share their token's span, NER kept."""

from __future__ import annotations

from parley.nlp.stanza_backend import convert_document, document_from_dicts

TEXT = "Der Minister kam zum Treffen in Baku.\n\nEr traf Jasur Olimov."


def _word(id_, text, lemma, upos, head, deprel, start=None, end=None, ner=None):  # noqa: ANN001, ANN202
    word = {"id": id_, "text": text, "lemma": lemma, "upos": upos, "head": head, "deprel": deprel}
    if start is not None:
        word["start_char"], word["end_char"] = start, end
    if ner:
        word["ner"] = ner
    return word


def _sentences() -> list[list[dict]]:
    first = [
        _word(1, "Der", "der", "DET", 2, "det", 0, 3, "O"),
        _word(2, "Minister", "Minister", "NOUN", 3, "nsubj", 4, 12, "O"),
        _word(3, "kam", "kommen", "VERB", 0, "root", 13, 16, "O"),
        {"id": (4, 5), "text": "zum", "start_char": 17, "end_char": 20, "ner": "O"},
        _word(4, "zu", "zu", "ADP", 6, "case"),
        _word(5, "dem", "der", "DET", 6, "det"),
        _word(6, "Treffen", "Treffen", "NOUN", 3, "obl", 21, 28, "O"),
        _word(7, "in", "in", "ADP", 8, "case", 29, 31, "O"),
        _word(8, "Baku", "Baku", "PROPN", 6, "nmod", 32, 36, "S-LOC"),
        _word(9, ".", ".", "PUNCT", 3, "punct", 36, 37, "O"),
    ]
    second = [
        _word(1, "Er", "er", "PRON", 2, "nsubj", 39, 41, "O"),
        _word(2, "traf", "treffen", "VERB", 0, "root", 42, 46, "O"),
        _word(3, "Jasur", "Jasur", "PROPN", 2, "obj", 47, 52, "B-PER"),
        _word(4, "Olimov", "Olimov", "PROPN", 3, "flat", 53, 59, "E-PER"),
        _word(5, ".", ".", "PUNCT", 2, "punct", 59, 60, "O"),
    ]
    return [first, second]


def test_conversion_keeps_every_field_and_offset() -> None:
    doc = convert_document(document_from_dicts(_sentences(), TEXT), "d1", "de", "test-model")
    assert doc.doc_id == "d1" and doc.model == "test-model"
    assert [s.text for s in doc.sentences] == ["Der Minister kam zum Treffen in Baku.", "Er traf Jasur Olimov."]
    for sentence in doc.sentences:
        assert TEXT[sentence.start : sentence.end] == sentence.text
        for word in sentence.words:
            assert TEXT[word.start : word.end] == word.token_text
    words = doc.sentences[0].words
    zu, dem = words[3], words[4]
    assert (zu.text, dem.text, zu.token_text, dem.token_text) == ("zu", "dem", "zum", "zum")
    assert zu.multiword and dem.multiword and not words[0].multiword
    assert (zu.head, zu.deprel, words[2].deprel, words[2].lemma) == (6, "case", "root", "kommen")
    assert words[-2].ner == "S-LOC"


def test_entities_are_converted_with_offsets() -> None:
    doc = convert_document(document_from_dicts(_sentences(), TEXT), "d1", "de", "m")
    assert [(e.text, e.label, e.sentence_index) for e in doc.entities] == [("Baku", "LOC", 0), ("Jasur Olimov", "PER", 1)]
    for entity in doc.entities:
        assert TEXT[entity.start : entity.end] == entity.text


def test_a_token_too_long_for_stanza_gets_its_text_back() -> None:
    """Stanza writes "<UNK>" for tokens longer than its tokenizer's limit (long URLs); parley puts the
    text back so that body[start:end] is the token again (the EWT scorer failed on one such URL)."""
    from parley.nlp.stanza_backend import TOKEN_TOO_LONG, restore_long_tokens

    url = "https://example.org/" + "a" * 400
    text = f"See {url} now."
    end = 4 + len(url)
    sentence = [
        _word(1, "See", "see", "VERB", 0, "root", 0, 3, "O"),
        _word(2, TOKEN_TOO_LONG, TOKEN_TOO_LONG, "X", 1, "obj", 4, end, "O"),
        _word(3, "now", "now", "ADV", 1, "advmod", end + 1, end + 4, "O"),
        _word(4, ".", ".", "PUNCT", 1, "punct", end + 4, end + 5, "O"),
    ]
    doc = convert_document(restore_long_tokens(document_from_dicts([sentence], text)), "d", "en", "test")
    words = doc.sentences[0].words
    assert words[1].token_text == url == text[words[1].start : words[1].end]
    assert all(text[w.start : w.end] == w.token_text for w in words)
