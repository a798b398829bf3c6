"""Breaks that no sentence has are joined after the model: inside a run of characters, after an
opening bracket, an initial, an ordinal period (where the language writes one) or before a lower-case
word; author's line breaks and real sentence ends stay."""

from __future__ import annotations

from parley.nlp.sentences import is_false_break, repair_sentence_breaks
from parley.nlp.types import AnnotatedDocument, Entity, Sentence, Word


def _doc(body: str, cuts: list[int], lang: str = "tr") -> AnnotatedDocument:
    """A document split at the body offsets `cuts`, one word per whitespace-separated token."""
    bounds = [0, *cuts, len(body)]
    sentences = []
    for index, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
        while a < b and body[a].isspace():
            a += 1
        words, position = [], a
        for n, token in enumerate(body[a:b].split(), start=1):
            start = body.index(token, position)
            position = start + len(token)
            words.append(Word(n, token, token, start, position, head=0 if n == 1 else 1, ner="S-ORG" if token == "KEK)" else "O"))
        sentences.append(Sentence(index, body[a:b], a, b, tuple(words)))
    entities = tuple(Entity(w.text, "ORG", w.start, w.end, s.index) for s in sentences for w in s.words if w.ner == "S-ORG")
    return AnnotatedDocument("d", lang, "test", tuple(sentences), entities)


TURKISH = "Bakan, Karma Ekonomik Komisyonu (KEK) 12. Dönem Toplantısı'nı Bakü'de yaptı. Sonra döndü."


def test_a_break_inside_brackets_and_after_an_ordinal_is_joined() -> None:
    cut_bracket = TURKISH.index("KEK")
    cut_ordinal = TURKISH.index("Dönem") - 1
    cut_real = TURKISH.index("Sonra") - 1
    doc = repair_sentence_breaks(_doc(TURKISH, [cut_bracket, cut_ordinal, cut_real]), TURKISH, ordinal_period=True)
    assert [s.text for s in doc.sentences] == [TURKISH[: cut_real].strip(), "Sonra döndü."]
    first = doc.sentences[0]
    assert [w.index for w in first.words] == list(range(1, len(first.words) + 1))
    assert all(TURKISH[w.start : w.end] == w.token_text for s in doc.sentences for w in s.words)
    assert [w.head for w in first.words if w.head == 0] == [0, 0, 0]  # each part keeps its own root
    moved = [w for w in first.words if w.text == "Toplantısı'nı"][0]
    assert first.words[moved.head - 1].text == "Dönem"  # heads move with their words
    assert [e.sentence_index for e in doc.entities] == [0]


def test_an_ordinal_period_ends_a_sentence_where_the_language_writes_none() -> None:
    body = "They met on May 12. Talks followed."
    doc = _doc(body, [body.index("Talks") - 1], lang="en")
    assert len(repair_sentence_breaks(doc, body, ordinal_period=False).sentences) == 2
    assert len(repair_sentence_breaks(doc, body, ordinal_period=True).sentences) == 1


def test_initials_and_lower_case_starts_are_joined_line_breaks_are_not() -> None:
    body = "Bunu P. Şahbazov dedi ve\nbaşka bir satır. sonra devam etti."
    doc = _doc(body, [body.index("Şahbazov") - 1, body.index("\n"), body.index("sonra") - 1])
    texts = [s.text for s in repair_sentence_breaks(doc, body, ordinal_period=True).sentences]
    assert texts == ["Bunu P. Şahbazov dedi ve", "başka bir satır. sonra devam etti."]


def test_real_sentence_ends_stay() -> None:
    body = "The ministers met in Baku. The President received them."
    doc = _doc(body, [body.index("The President") - 1], lang="en")
    first, second = doc.sentences
    assert not is_false_break(body, first, second, ordinal_period=True)
    assert repair_sentence_breaks(doc, body, ordinal_period=True) is doc


def test_a_break_without_final_punctuation_is_joined() -> None:
    body = "Sədr tədbirlər çərçivəsində Rusiya Federasiyası Şurasının sədri Valentina Matviyenko ilə görüşüb."
    doc = _doc(body, [body.index("Rusiya") - 1], lang="az")
    assert [s.text for s in repair_sentence_breaks(doc, body, ordinal_period=True).sentences] == [body]


def test_a_join_never_makes_a_sentence_longer_than_the_parser_limit() -> None:
    body = "Sədr tədbirlər çərçivəsində Rusiya Federasiyası Şurasının sədri Valentina Matviyenko ilə görüşüb."
    doc = _doc(body, [body.index("Rusiya") - 1], lang="az")
    assert len(repair_sentence_breaks(doc, body, ordinal_period=True, max_words=5).sentences) == 2


def test_a_dateline_opening_its_paragraph_belongs_to_the_first_sentence() -> None:
    body = "Talks in Tashkent\n\nTASHKENT, Uzbekistan, May 12. The President received the envoy. They met on May 12. Talks followed."
    cuts = [body.index("\n"), body.index("The President") - 1, body.index("They") - 1, body.index("Talks followed") - 1]
    texts = [s.text for s in repair_sentence_breaks(_doc(body, cuts, lang="en"), body, ordinal_period=False).sentences]
    assert texts == [
        "Talks in Tashkent", "TASHKENT, Uzbekistan, May 12. The President received the envoy.", "They met on May 12.", "Talks followed."
    ]
