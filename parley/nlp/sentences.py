"""Sentence breaks that no sentence has, joined again after Stanza.

Compact tokenizers (parley's default models train for minutes) end sentences where news never does:
without any final punctuation (inside a run of characters, "Komisyonu (" | "KEK) 12.", or between
two words of one long enumeration), inside brackets, after the period of an ordinal ("12." | "Dönem
Toplantısı" in Turkish and German; after the day number ending a dateline in every language:
"TASHKENT, Uzbekistan, October 27." | "President ..."), of an initial or a usual abbreviation, and
before a word in lower case. Extraction reads one sentence at a time, so such a
break cuts a name from its title or a meeting from its counterpart. The regex fallback never makes
these breaks (`NO_END` is shared with it); this pass removes them from a model's output, keeping
every offset, word and entity.
"""

from __future__ import annotations

import re
from dataclasses import replace

from parley.nlp.types import AnnotatedDocument, Entity, Sentence, Word

# Part of every model id (`;breaks:N`): documents annotated before a change to this pass are
# annotated again, not reused with the old breaks.
REPAIR_VERSION = 3

# A period after an initial ("S.H. Turi") or a usual abbreviation ends no sentence; nor after a day or
# ordinal number ("am 23. August", "12. Dönem"): the fallback never ends one there, the repair only
# where the language writes ordinals with a period (language.toml `ordinal_period`).
_ABBREVIATIONS = r"(?:Dr|Prof|Nr|No|Mr|Mrs|Ms|St|Jr|bzw|ca|vgl|Abs|Art|gen|г|гг|им|ул|стр|проф|[^\W\d_])"
NO_END = re.compile(rf"(?:(?<!\w)\d{{1,2}}|(?<!\w){_ABBREVIATIONS})\.$")
_ABBREVIATION_END = re.compile(rf"(?<!\w){_ABBREVIATIONS}\.$")
_ORDINAL_END = re.compile(r"(?<!\w)\d{1,2}\.$")
_TERMINAL = re.compile(r"[.!?…][\"'»”“)\]]*$")  # a sentence's last character, closing quotes and brackets aside
# A dateline: a place in capitals opening its paragraph, a comma, a few words ending in a day number
# ("TASHKENT, Uzbekistan, October 27." before the first sentence): the news agency's stamp, no sentence.
_DATELINE = re.compile(r"^[^\W\d_a-zà-ÿа-яё][^\W\da-zà-ÿа-яё]{2,}(?:[ -][^\W\da-zà-ÿа-яё]{2,})*(?:\s*\([^()]*\))?,(?:\s+\S+){1,5}$")


def is_false_break(body: str, first: Sentence, second: Sentence, ordinal_period: bool) -> bool:
    """Whether the break between two consecutive sentences is one no text has."""
    gap = body[first.end : second.start]
    if "\n" in gap or not first.text or not second.text:
        return False  # a line break is the author's (titles, list items, paragraphs)
    head = second.text[0]
    ending = _TERMINAL.search(first.text)
    if ending is None:
        return True  # no . ! ? … at its end: inside a run ("Komisyonu (" | "KEK)"), a clause, a list
    if first.text.count("(") > first.text.count(")") or head.islower():
        return True  # an open bracket goes on; a sentence begins with a capital, a digit, a quote
    tail = first.text[max(0, ending.start() - 8) : ending.start() + 1]
    if _ABBREVIATION_END.search(tail):
        return True
    if _ORDINAL_END.search(tail) is None:
        return False
    opens_paragraph = first.start == 0 or "\n" in body[max(0, first.start - 2) : first.start]
    if opens_paragraph and _DATELINE.match(first.text):
        return True  # "TASHKENT, Uzbekistan, October 27." | "President ...": the dateline belongs to the first sentence
    return ordinal_period


def repair_sentence_breaks(
    doc: AnnotatedDocument, body: str, ordinal_period: bool, max_words: int | None = None
) -> AnnotatedDocument:
    """`doc` with each false break (see `is_false_break`) joined: words renumbered, heads moved with
    their words, entities pointed at the joined sentence. A join never makes a sentence longer than
    `max_words` (the pieces a too-long sentence was cut into before parsing stay pieces)."""
    if len(doc.sentences) < 2:
        return doc
    groups: list[list[Sentence]] = [[doc.sentences[0]]]
    for sentence in doc.sentences[1:]:
        joined = sum(len(s.words) for s in groups[-1]) + len(sentence.words)
        if (max_words is None or joined <= max_words) and is_false_break(body, groups[-1][-1], sentence, ordinal_period):
            groups[-1].append(sentence)
        else:
            groups.append([sentence])
    if len(groups) == len(doc.sentences):
        return doc
    new_index: dict[int, int] = {}
    sentences: list[Sentence] = []
    for position, group in enumerate(groups):
        words: list[Word] = []
        for sentence in group:
            new_index[sentence.index] = position
            shift = len(words)
            words.extend(_shifted(w, shift) for w in sentence.words)
        start, end = group[0].start, group[-1].end
        sentences.append(Sentence(position, body[start:end], start, end, tuple(words)))
    entities = tuple(_entity(e, new_index) for e in doc.entities)
    return replace(doc, sentences=tuple(sentences), entities=entities)


def _shifted(word: Word, shift: int) -> Word:
    if not shift:
        return word
    head = word.head + shift if word.head else word.head  # 0 (root) stays the root of its part
    return replace(word, index=word.index + shift, head=head)


def _entity(entity: Entity, new_index: dict[int, int]) -> Entity:
    return replace(entity, sentence_index=new_index.get(entity.sentence_index, entity.sentence_index))
