"""How well do models trained on another language serve Azerbaijani? (No Azerbaijani treebank exists.)

Gold tokens come from the Azerbaijani NER corpus (pre-tokenised sentences, detokenised here by
removing spaces before punctuation). For each candidate model set we measure token F1 against
those tokens and the share of named-entity tokens (PER/LOC/ORG in the corpus) tagged PROPN: a proxy
for tagging quality where no POS gold exists.

    .venv/bin/python benchmarks/borrowed_models.py [--budget ci] [--sentences 300]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

_NO_SPACE_BEFORE = re.compile(r" ([.,;:!?)\]»”%])")
_NO_SPACE_AFTER = re.compile(r"([(\[«“]) ")


def detokenise(words: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Raw text and the gold token spans in it."""
    text = ""
    spans = []
    for word in words:
        glue = not text or re.fullmatch(r"[.,;:!?)\]»”%]", word) or text.endswith(("(", "[", "«", "“"))
        if not glue:
            text += " "
        spans.append((len(text), len(text) + len(word)))
        text += word
    return text, spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--budget", default="ci")
    parser.add_argument("--sentences", type=int, default=300)
    args = parser.parse_args()

    from parley.nlp import stanza_backend
    from parley.nlp.corpora import read_parallel_tags
    from parley.nlp.fallback import tokenize_document
    from parley.nlp.store import ModelStore
    from parley.settings import load_settings

    settings = load_settings()
    corpus = Path(settings.models.corpora_dir) / "ner_azerbaijani_mnahmadov"
    sentences = read_parallel_tags(corpus / "test-sents.txt", corpus / "test-tags.txt")
    sentences += read_parallel_tags(corpus / "sents.txt", corpus / "tags.txt")
    sentences = sentences[: args.sentences]
    store = ModelStore(settings.models.store_dir)
    print(f"Azerbaijani, {len(sentences)} sentences from the NER corpus; budget {args.budget}")
    print(f"{'models':<22} {'token P':>8} {'token R':>8} {'token F1':>9} {'entity tokens PROPN':>20}")
    for donor in ("tr", "en", "ru", "fallback"):
        tp = fp = fn = 0
        entity_tokens = propn = 0
        pipeline = None
        if donor != "fallback":
            found = store.pipeline_models(donor, (args.budget,))
            if found is None:
                print(f"{donor:<22} (no {args.budget} models)")
                continue
            paths = {p: path for p, path in found[1].items() if p in ("tokenize", "mwt", "pos")}
            pipeline = stanza_backend.load_pipeline("az", paths, Path(settings.models.store_dir) / "_resources")
        for sentence in sentences:
            words = [w for w, _ in sentence]
            text, gold = detokenise(words)
            if pipeline is not None:
                doc = stanza_backend.annotate_texts(pipeline, [("s", text)], "az", donor)[0]
            else:
                doc = tokenize_document("s", "az", text, "fallback")
            predicted = {(w.start, w.end) for s in doc.sentences for w in s.words}
            tags = {(w.start, w.end): w.upos for s in doc.sentences for w in s.words}
            gold_set = set(gold)
            tp += len(predicted & gold_set)
            fp += len(predicted - gold_set)
            fn += len(gold_set - predicted)
            for (_word, tag), span in zip(sentence, gold, strict=True):
                if tag != "O" and pipeline is not None:
                    entity_tokens += 1
                    propn += tags.get(span) == "PROPN"
        precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        share = f"{100 * propn / entity_tokens:.1f}%" if entity_tokens else "–"
        label = f"{donor} {args.budget}" if donor != "fallback" else "regex fallback"
        print(f"{label:<22} {100 * precision:>8.1f} {100 * recall:>8.1f} {100 * f1:>9.1f} {share:>20}")


if __name__ == "__main__":
    main()
