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


def block_words(block: str) -> list[str]:
    """The surface words of a sentence block (multi-word token lines, not their parts)."""
    words: list[str] = []
    skip_until = 0
    for line in block.split("\n"):
        if not line or line.startswith("#"):
            continue
        columns = line.split("\t")
        if len(columns) < 2 or "." in columns[0]:
            continue
        if "-" in columns[0]:
            start, _, end = columns[0].partition("-")
            skip_until = int(end) if end.isdigit() else 0
            words.append(columns[1])
            continue
        if columns[0].isdigit() and int(columns[0]) <= skip_until:
            continue
        words.append(columns[1])
    return words


_UZ_APOSTROPHES = str.maketrans({"\u2018": "\u02bb", "\u2019": "\u02bc", "'": "\u02bb", "`": "\u02bb", "\u02bf": "\u02bb"})


def convert_uzbekpos(block: str) -> str:
    """UzbekPOS (UPOS only; kept byte-identical on disk, converted here at training time) as CoNLL-U
    that Stanza's tagger trainer reads: BOM dropped, apostrophes as in UD Uzbek-UT (U+02BB),
    multi-word expressions joined with `+` split into words with the same tag, a flat tree."""
    words: list[tuple[str, str]] = []
    for line in block.split("\n"):
        if not line or line.startswith("#"):
            continue
        columns = line.split("\t")
        if len(columns) < 4 or not columns[0].strip("\ufeff").isdigit():
            continue
        form = columns[1].replace("\ufeff", "").translate(_UZ_APOSTROPHES)
        upos = columns[3].strip()
        words.extend((part, upos) for part in form.split("+") if part)
    if not words or any(u in ("", "_") for _, u in words):
        return ""
    text = " ".join(w for w, _ in words)
    lines = [f"# text = {text}"]
    for i, (word, upos) in enumerate(words, start=1):
        head, relation = (0, "root") if i == 1 else (1, "dep")
        lines.append(f"{i}\t{word}\t_\t{upos}\t_\t_\t{head}\t{relation}\t_\t_")
    return "\n".join(lines)


CONVERSIONS = {"uzbekpos": convert_uzbekpos}


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


_KAZNERD = {"PERSON": "PER", "GPE": "LOC", "LOCATION": "LOC", "ORGANISATION": "ORG", "ORGANIZATION": "ORG", "NORP": "MISC"}


def read_kaznerd(path: Path) -> list[Sentence]:
    """KazNERD IOB2 (one `word tag` per line, blank line between sentences; 25 classes mapped to
    PER/LOC/ORG, NORP to MISC, the others dropped)."""
    sentences: list[Sentence] = []
    current: Sentence = []
    for line in path.read_text(encoding="utf-8").split("\n") + [""]:
        parts = line.split()
        if len(parts) < 2:
            if current:
                sentences.append(current)
            current = []
            continue
        tag = parts[-1]
        if tag != "O":
            label = _KAZNERD.get(tag[2:])
            tag = f"{tag[:2]}{label}" if label else "O"
        current.append((parts[0], tag))
    return [_repair_bio(s) for s in sentences]


def _repair_bio(sentence: Sentence) -> Sentence:
    """An I- tag whose entity began with a dropped class starts an entity of its own."""
    out: Sentence = []
    previous = "O"
    for word, tag in sentence:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append((word, tag))
        previous = tag
    return out


_NEREL = {"PERSON": "PER", "ORGANIZATION": "ORG", "COUNTRY": "LOC", "CITY": "LOC", "STATE_OR_PROVINCE": "LOC",
          "LOCATION": "LOC", "DISTRICT": "LOC", "FACILITY": "LOC"}
_NEREL_TOKEN = re.compile(r"\w+(?:[-.]\w+)*|[^\w\s]")
_NEREL_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"(A-ZА-ЯЁ0-9])")


def read_nerel(folder: Path) -> list[Sentence]:
    """NEREL brat standoff (nested, 29 types): outermost PERSON/ORGANIZATION/place spans as
    PER/ORG/LOC; text cut into sentences and tokens by punctuation (no gold tokenisation exists)."""
    sentences: list[Sentence] = []
    for text_path in sorted(folder.glob("*.txt")):
        text = text_path.read_text(encoding="utf-8")
        spans: list[tuple[int, int, str]] = []
        ann = text_path.with_suffix(".ann")
        for line in (ann.read_text(encoding="utf-8").split("\n") if ann.is_file() else []):
            parts = line.split("\t")
            if len(parts) < 2 or not parts[0].startswith("T"):
                continue
            kind, *offsets = parts[1].replace(";", " ").split()
            if kind in _NEREL and len(offsets) >= 2 and offsets[0].isdigit() and offsets[-1].isdigit():
                spans.append((int(offsets[0]), int(offsets[-1]), _NEREL[kind]))
        outer: list[tuple[int, int, str]] = []
        for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
            if outer and start < outer[-1][1]:
                continue  # nested inside (or overlapping) an entity already kept
            outer.append((start, end, label))
        position = 0
        for paragraph in re.split(r"(\n+)", text):
            for piece in _NEREL_SENTENCE_END.split(paragraph) if paragraph.strip() else []:
                offset = text.index(piece, position)
                position = offset + len(piece)
                sentence: Sentence = []
                for token in _NEREL_TOKEN.finditer(piece):
                    begin, finish = offset + token.start(), offset + token.end()
                    tag = "O"
                    for start, end, label in outer:
                        if start <= begin and finish <= end:
                            tag = ("B-" if begin == start or not sentence or sentence[-1][1] == "O" else "I-") + label
                            break
                    sentence.append((token.group(), tag))
                if sentence:
                    sentences.append(_repair_bio(sentence))
            if not paragraph.strip():
                position += len(paragraph) if text.startswith(paragraph, position) else 0
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
    "kaznerd": lambda corpora, f: read_kaznerd(corpora / f),
    "nerel": lambda corpora, f: read_nerel(corpora / f),
}
