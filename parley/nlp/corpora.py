"""Turn the public corpora in ../shared/corpora into the files Stanza's training code reads.

UD treebanks are composed per language (some train files are missing from the snapshot: see
recipes.toml) into ``UD_<Name>/<short>-ud-{train,dev,test}.conllu``; NER corpora in five formats are
converted to Stanza's NER JSON (a list of sentences of ``{"text", "ner"}`` words, BIO tags).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

Sentence = list[tuple[str, str]]
NER_LABELS = {"PER", "LOC", "ORG", "MISC"}


# --- CoNLL-U --------------------------------------------------------------------------------


def read_conllu_blocks(path: Path) -> list[str]:
    """Sentence blocks of a CoNLL-U file (comments and token lines, no trailing blank line)."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    return [block.strip("\n") for block in re.split(r"\n\s*\n", text) if block.strip()]


def block_text(block: str) -> str | None:
    for line in block.split("\n"):
        if line.startswith("# text ="):
            return line[len("# text =") :].strip()
    return None


def write_conllu(path: Path, blocks: Iterable[str]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    blocks = list(blocks)
    path.write_text("\n\n".join(blocks) + "\n\n", encoding="utf-8")
    return len(blocks)


def without_overlap(blocks: Sequence[str], seen_texts: set[str | None]) -> list[str]:
    """Drop sentences whose text is also in another split (honest held-out scores)."""
    return [b for b in blocks if block_text(b) not in seen_texts]


def limit(items: Sequence, maximum: int | None, seed: int = 13) -> list:
    """At most `maximum` items, sampled reproducibly but kept in corpus order."""
    if maximum is None or len(items) <= maximum:
        return list(items)
    keep = sorted(random.Random(seed).sample(range(len(items)), maximum))
    return [items[i] for i in keep]


# --- NER ------------------------------------------------------------------------------------


def iob1_to_bio(tags: Sequence[str]) -> list[str]:
    """CoNLL-2003's IOB1 (I- starts an entity unless it continues one) to BIO."""
    out: list[str] = []
    previous = "O"
    for tag in tags:
        if tag.startswith("I-"):
            label = tag[2:]
            if previous == "O" or previous[2:] != label:
                tag = "B-" + label
        out.append(tag)
        previous = tag
    return out


def read_conll2003(path: Path) -> list[Sentence]:
    sentences: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").split("\n") + [""]:
        parts = line.split()
        if not parts or parts[0] == "-DOCSTART-":
            if words:
                sentences.append(list(zip(words, iob1_to_bio(tags), strict=True)))
            words, tags = [], []
            continue
        words.append(parts[0])
        tags.append(parts[-1])
    return sentences


_GERMEVAL = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "OTH": "MISC"}


def read_germeval(path: Path) -> list[Sentence]:
    """GermEval 2014 TSV (outer layer). Derived and partial names (LOCderiv: "aserbaidschanische")
    are kept as their base class, so that country adjectives are tagged as locations."""
    sentences: list[Sentence] = []
    current: Sentence = []
    for line in path.read_text(encoding="utf-8").split("\n") + [""]:
        if line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 3:
            if current:
                sentences.append(current)
            current = []
            continue
        tag = parts[2]
        if tag != "O":
            prefix, label = tag[:2], tag[2:]
            base = _GERMEVAL.get(label[:3], "MISC")
            tag = prefix + base
        current.append((parts[1], tag))
    return sentences


_BRACKET = re.compile(r"\[(PER|LOC|ORG)\s+([^\]]*?)\s*\]")


def read_tur2003(path: Path) -> list[Sentence]:
    """TUR2003 bracket format: ``[PER Ahmet Yılmaz ] bugün ...``."""
    sentences: list[Sentence] = []
    for line in path.read_text(encoding="utf-8-sig").split("\n"):
        line = line.strip()
        if not line:
            continue
        sentence: Sentence = []
        position = 0
        for match in _BRACKET.finditer(line):
            sentence.extend((w, "O") for w in line[position : match.start()].split())
            words = match.group(2).split()
            sentence.extend((w, ("B-" if i == 0 else "I-") + match.group(1)) for i, w in enumerate(words))
            position = match.end()
        sentence.extend((w, "O") for w in line[position:].split())
        if sentence:
            sentences.append(sentence)
    return sentences


def read_parallel_tags(sents: Path, tags: Path) -> list[Sentence]:
    """One sentence per line in `sents`, its BIO tags in the same line of `tags` (DATE dropped)."""
    sentences: list[Sentence] = []
    for words_line, tags_line in zip(
        sents.read_text(encoding="utf-8").split("\n"), tags.read_text(encoding="utf-8").split("\n"), strict=False
    ):
        words, labels = words_line.split(), tags_line.split()
        if not words or len(words) != len(labels):
            continue
        clean = [t if t[2:] in NER_LABELS else "O" for t in labels]
        sentences.append(list(zip(words, clean, strict=True)))
    return sentences


_FACTRU = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}


def read_factrueval(folder: Path) -> list[Sentence]:
    """factRuEval-2016: tokens + spans + objects; an object covers the tokens of its spans."""
    sentences: list[Sentence] = []
    for tokens_path in sorted(folder.glob("*.tokens")):
        stem = tokens_path.with_suffix("")
        token_sentences: list[list[tuple[int, str]]] = [[]]
        for line in tokens_path.read_text(encoding="utf-8").split("\n"):
            parts = line.split()
            if len(parts) < 4:
                if token_sentences[-1]:
                    token_sentences.append([])
                continue
            token_sentences[-1].append((int(parts[0]), parts[3]))
        span_tokens: dict[str, list[int]] = {}
        for line in stem.with_suffix(".spans").read_text(encoding="utf-8").split("\n"):
            parts = line.split("#")[0].split()
            if len(parts) >= 6:
                first, count = int(parts[4]), int(parts[5])
                span_tokens[parts[0]] = list(range(first, first + count))
        labels: dict[int, str] = {}
        objects = []
        for line in stem.with_suffix(".objects").read_text(encoding="utf-8").split("\n"):
            parts = line.split("#")[0].split()
            if len(parts) >= 3 and parts[1] in _FACTRU:
                ids = sorted({t for span in parts[2:] for t in span_tokens.get(span, [])})
                if ids:
                    objects.append((len(ids), _FACTRU[parts[1]], ids))
        for _, label, ids in sorted(objects, key=lambda o: -o[0]):  # outer entities first
            full = list(range(ids[0], ids[-1] + 1))
            if any(t in labels for t in full):
                continue
            for i, token in enumerate(full):
                labels[token] = ("B-" if i == 0 else "I-") + label
        for sentence in token_sentences:
            if sentence:
                sentences.append([(text, labels.get(tid, "O")) for tid, text in sentence])
    return sentences


def write_ner_json(path: Path, sentences: Iterable[Sentence]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = [[{"text": w, "ner": t} for w, t in s] for s in sentences]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return len(data)


NER_READERS = {
    "conll2003": lambda corpora, f: read_conll2003(corpora / f),
    "germeval": lambda corpora, f: read_germeval(corpora / f),
    "tur2003": lambda corpora, f: read_tur2003(corpora / f),
    "factrueval": lambda corpora, f: read_factrueval(corpora / f),
    "parallel": lambda corpora, f: read_parallel_tags(corpora / f.split("|")[0], corpora / f.split("|")[1]),
}
