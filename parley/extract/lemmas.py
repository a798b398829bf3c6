"""Cues matched on Stanza's lemmas, so that inflection comes free ("провёл переговоры",
"переговорах", "empfängt" all meet their dictionary forms).

A sentence's lemma view is its lemmas joined by single spaces; the resource patterns of
`lemma_triggers` run on it with the same pattern language as the surface patterns, and every hit is
mapped back to the sentence offsets of the words it covers. Without lemmas (the regex fallback, or a
model set without a lemmatizer) there is no view and the surface patterns alone decide.
"""

from __future__ import annotations

from dataclasses import dataclass

from parley.extract.patterns import Hit, PatternSet
from parley.nlp.types import Sentence

LEMMA_RULE_PREFIX = "lemma:"  # the `rule` trail tells a lemma cue from a surface one


@dataclass(frozen=True)
class LemmaView:
    """The lemmas of one sentence as text, with each lemma's place in the sentence."""

    text: str
    spans: tuple[tuple[int, int, int, int], ...]  # (view start, view end, sentence start, sentence end)

    def hits(self, patterns: PatternSet, sentence_text: str) -> list[Hit]:
        """Hits of `patterns` on the lemmas, in sentence offsets; a hit covers whole words."""
        out: list[Hit] = []
        for hit in patterns.finditer(self.text):
            covered = [s for s in self.spans if s[0] < hit.end and hit.start < s[1]]
            if not covered:
                continue
            start, end = covered[0][2], covered[-1][3]
            out.append(Hit(start, end, LEMMA_RULE_PREFIX + hit.pattern, sentence_text[start:end]))
        return out


def lemma_view(sentence: Sentence) -> LemmaView | None:
    """The sentence's lemma view, or None when its words carry no lemmas."""
    if not sentence.words or all(w.lemma is None for w in sentence.words):
        return None
    parts: list[str] = []
    spans: list[tuple[int, int, int, int]] = []
    position = 0
    for word in sentence.words:
        lemma = (word.lemma or word.text).replace(" ", "_")  # one lemma stays one word of the view
        if not lemma:
            continue
        start, end = word.start - sentence.start, word.end - sentence.start
        spans.append((position, position + len(lemma), start, end))
        parts.append(lemma)
        position += len(lemma) + 1
    return LemmaView(" ".join(parts), tuple(spans))


def add_lemma_hits(surface: list[Hit], lemma_hits: list[Hit]) -> list[Hit]:
    """Surface hits plus the lemma hits that overlap none of them, in sentence order."""
    extra = [h for h in lemma_hits if not any(s.start < h.end and h.start < s.end for s in surface)]
    if not extra:
        return surface
    return sorted(surface + extra, key=lambda h: (h.start, -(h.end - h.start)))
