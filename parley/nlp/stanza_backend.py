"""The only module that imports stanza: loads pipelines, runs them in bulk, and converts Stanza's
output to parley's own types (parley.nlp.types). Also scores models with Stanza's evaluators."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path

import stanza
from stanza.models.common.doc import Document as StanzaDocument

from parley.nlp.types import AnnotatedDocument, Entity, Sentence, Word

logging.getLogger("stanza").setLevel(logging.WARNING)

PROCESSOR_ORDER = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")
TOKEN_TOO_LONG = "<UNK>"  # Stanza's tokenizer puts this in place of a token longer than its max_seqlen


def _resources_dir(folder: Path) -> Path:
    """Stanza wants a resources.json; an empty one keeps it from fetching the hub's index."""
    folder.mkdir(parents=True, exist_ok=True)
    index = folder / "resources.json"
    if not index.exists():
        index.write_text("{}", encoding="utf-8")
    return folder


def load_pipeline(
    lang: str,
    model_paths: dict[str, Path],
    resources_dir: Path,
    pretokenized: bool = False,
    use_gpu: bool = False,
    processors: Sequence[str] | None = None,
) -> stanza.Pipeline:
    """A Stanza pipeline over parley-built models (no download ever)."""
    wanted = [p for p in PROCESSOR_ORDER if p in model_paths and (processors is None or p in processors)]
    kwargs = {f"{p}_model_path": str(model_paths[p]) for p in wanted}
    kwargs.update({f"{p}_pretrain_path": str(model_paths[f"{p}_pretrain"]) for p in wanted if f"{p}_pretrain" in model_paths})
    if pretokenized and "tokenize" not in wanted:
        wanted.insert(0, "tokenize")  # pre-tokenised input needs no tokenizer model
    if "lemma" in wanted:
        kwargs["lemma_pretagged"] = False
    return stanza.Pipeline(
        lang=lang,
        dir=str(_resources_dir(resources_dir)),
        processors=",".join(wanted),
        download_method=None,
        allow_unknown_language=True,
        tokenize_pretokenized=pretokenized,
        use_gpu=use_gpu,
        logging_level="WARN",
        **kwargs,
    )


def load_official_pipeline(lang: str, resources_dir: Path | None = None, use_gpu: bool = False) -> stanza.Pipeline:
    """Official Stanza models installed with `parley models download` (stanza.download)."""
    return stanza.Pipeline(
        lang=lang,
        dir=str(resources_dir) if resources_dir else None,
        processors="tokenize,mwt,pos,lemma,depparse,ner",
        download_method=None,
        use_gpu=use_gpu,
        logging_level="WARN",
    )


def download_official(lang: str, resources_dir: Path | None = None) -> None:
    stanza.download(lang, model_dir=str(resources_dir) if resources_dir else None)


def annotate_texts(
    pipeline: stanza.Pipeline,
    items: Sequence[tuple[str, str]],
    lang: str,
    model: str,
    max_sentence_words: int | None = None,
) -> list[AnnotatedDocument]:
    """Bulk-annotate (doc_id, body) pairs in one Stanza call and convert the results.

    Tokenisation runs first; a sentence longer than `max_sentence_words` (a table or a list that
    the tokenizer read as one sentence) is cut into pieces before the tagger and the parser see
    it, because the parser's memory grows with the square of a sentence's length."""
    if not items:
        return []
    documents = [StanzaDocument([], text=body) for _, body in items]
    first = [p for p in ("tokenize", "mwt") if p in pipeline.processors]
    rest = [p for p in PROCESSOR_ORDER if p in pipeline.processors and p not in first]
    tokenized = [restore_long_tokens(doc) for doc in pipeline.process(documents, processors=first)]
    if max_sentence_words:
        tokenized = [split_long_sentences(doc, max_sentence_words) for doc in tokenized]
    processed = pipeline.process(tokenized, processors=rest) if rest else tokenized
    return [convert_document(doc, doc_id, lang, model) for (doc_id, _), doc in zip(items, processed, strict=True)]


def split_long_sentences(doc: StanzaDocument, max_words: int) -> StanzaDocument:
    """The tokenised document with every sentence of more than `max_words` words cut at token
    boundaries into pieces of at most `max_words` words (a multi-word token is never split)."""
    if all(len(sentence.words) <= max_words for sentence in doc.sentences):
        return doc
    rebuilt: list[list[dict]] = []
    for sentence in doc.to_dict():
        if _word_count(sentence) <= max_words:
            rebuilt.append(sentence)
            continue
        piece: list[dict] = []
        words = 0
        for token in _token_groups(sentence):
            size = _word_count(token)
            if piece and words + size > max_words:
                rebuilt.append(_renumbered(piece))
                piece, words = [], 0
            piece.extend(token)
            words += size
        if piece:
            rebuilt.append(_renumbered(piece))
    return StanzaDocument(rebuilt, text=doc.text)


def _word_count(entries: list[dict]) -> int:
    """Syntactic words among a sentence's entries (a multi-word token's range entry is no word)."""
    return sum(1 for entry in entries if isinstance(entry["id"], int))


def _token_groups(sentence: list[dict]) -> list[list[dict]]:
    """A sentence's entries grouped by token: a multi-word token's range entry with its words."""
    groups: list[list[dict]] = []
    pending = 0
    for entry in sentence:
        if pending:
            groups[-1].append(entry)
            pending -= 1
        else:
            groups.append([entry])
            if isinstance(entry["id"], tuple | list):
                pending = entry["id"][-1] - entry["id"][0] + 1
    return groups


def _renumbered(entries: list[dict]) -> list[dict]:
    """Entries of a sentence piece with word ids from 1 again."""
    first = next(e["id"] for e in entries if isinstance(e["id"], int)) - 1
    out = []
    for entry in entries:
        ident = entry["id"]
        moved = tuple(i - first for i in ident) if isinstance(ident, tuple | list) else ident - first
        out.append({**entry, "id": moved})
    return out


def restore_long_tokens(doc: StanzaDocument) -> StanzaDocument:
    """Put back the text of tokens Stanza replaced with "<UNK>" for being longer than the tokenizer's
    max_seqlen (a few hundred characters: long URLs), so that a token's text is again
    `text[start:end]`. Their tags, computed on "<UNK>", stay as Stanza gave them."""
    if not doc.text:
        return doc
    for sentence in doc.sentences:
        for token in sentence.tokens:
            if token.text != TOKEN_TOO_LONG or token.start_char is None or token.end_char is None:
                continue
            surface = doc.text[token.start_char : token.end_char]
            if surface and surface != token.text:
                token.text = surface
                if len(token.words) == 1:
                    token.words[0].text = surface
    return doc


def convert_document(doc: StanzaDocument, doc_id: str, lang: str, model: str) -> AnnotatedDocument:
    """Stanza Document -> AnnotatedDocument; offsets refer to the text the document was built from."""
    sentences: list[Sentence] = []
    for s_index, sentence in enumerate(doc.sentences):
        words: list[Word] = []
        for token in sentence.tokens:
            start, end = token.start_char, token.end_char
            multiword = len(token.words) > 1
            ner = getattr(token, "ner", None)
            for word in token.words:
                words.append(
                    Word(
                        index=int(word.id),
                        text=word.text,
                        token_text=token.text,
                        start=start,
                        end=end,
                        lemma=word.lemma,
                        upos=word.upos,
                        xpos=word.xpos,
                        feats=word.feats,
                        head=word.head,
                        deprel=word.deprel,
                        ner=ner,
                        multiword=multiword,
                    )
                )
        if not words:
            continue
        sentences.append(
            Sentence(
                index=s_index,
                text=doc.text[words[0].start : words[-1].end] if doc.text else sentence.text,
                start=words[0].start,
                end=words[-1].end,
                words=tuple(words),
            )
        )
    entities = tuple(
        Entity(ent.text, ent.type, ent.start_char, ent.end_char, _sentence_of(sentences, ent.start_char))
        for ent in (doc.entities if _has_ner(doc) else [])
    )
    return AnnotatedDocument(doc_id, lang, model, tuple(sentences), entities)


def _has_ner(doc: StanzaDocument) -> bool:
    return any(getattr(t, "ner", None) for s in doc.sentences for t in s.tokens)


def _sentence_of(sentences: list[Sentence], offset: int) -> int:
    for sentence in sentences:
        if sentence.start <= offset < sentence.end:
            return sentence.index
    return -1


def document_from_dicts(sentences: list[list[dict]], text: str) -> StanzaDocument:
    """Rebuild a Stanza Document from dicts (as `Document.to_dict()` writes them), without models."""
    return StanzaDocument(sentences, text=text)


# --- scoring ----------------------------------------------------------------------------------


def gold_raw_text(gold_conllu: Path) -> str:
    """The raw text of a treebank as running text: sentences joined by a space, a blank line only
    where the treebank marks a new paragraph or document (else sentence splitting would be free)."""
    pieces: list[str] = []
    for block in gold_conllu.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n\n"):
        lines = block.strip("\n").split("\n")
        text = next((line.split("=", 1)[1].strip() for line in lines if line.startswith("# text")), None)
        if text is None:
            continue
        new_paragraph = any(line.startswith(("# newpar", "# newdoc")) for line in lines)
        pieces.append(("\n\n" if new_paragraph and pieces else " " if pieces else "") + text)
    return "".join(pieces)


def conll_scores(pipeline: stanza.Pipeline, gold_conllu: Path, pred_conllu: Path) -> dict[str, float]:
    """End-to-end CoNLL 2018 scores: raw text of the gold file through the whole pipeline."""
    from stanza.models.common.utils import ud_scores
    from stanza.utils.conll import CoNLL

    raw = gold_raw_text(gold_conllu)
    predicted = restore_long_tokens(pipeline(raw))  # else one 473-character URL in EWT fails the scorer
    parsed = "depparse" in pipeline.processors
    if not parsed:  # a set without a parser: a placeholder tree keeps the scorer's input valid, no UAS/LAS
        for sentence in predicted.sentences:
            for word in sentence.words:
                word.head, word.deprel = (0, "root") if word.id == 1 else (1, "dep")
    CoNLL.write_doc2conll(predicted, str(pred_conllu))
    result = ud_scores(str(gold_conllu), str(pred_conllu))
    names = {"Tokens": "tokens_f1", "Sentences": "sentences_f1", "Words": "words_f1", "UPOS": "upos", "Lemmas": "lemmas"}
    if parsed:
        names.update({"UAS": "uas", "LAS": "las"})
    return {label: round(100 * result[name].f1, 2) for name, label in names.items()}


def ner_scores(pipeline: stanza.Pipeline, test_json: Path) -> dict[str, float]:
    """Entity-level precision, recall and F1 on pre-tokenised test sentences."""
    from parley.nlp.metrics import entity_f1

    data = json.loads(test_json.read_text(encoding="utf-8"))
    words = [[w["text"] for w in sentence] for sentence in data]
    gold = [[w["ner"] for w in sentence] for sentence in data]
    doc = pipeline(words)
    predicted = [[t.ner for t in sentence.tokens] for sentence in doc.sentences]
    return entity_f1(gold, predicted)
