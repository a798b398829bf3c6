"""What real text varies in without changing what it says gives the same events, checked on the real
articles of ../shared/real-dev `dev`:

- Uzbek is written in two scripts: an article read as written or transliterated into the other;
- wire copy and e-mailed releases come hard-wrapped: an article with its paragraphs wrapped at 72
  columns (names and titles broken across lines).

Compared per event: type, status, kind, the number of people, the countries, the date and the
city. The one spelling that transliteration cannot carry is the name of the "C5+1" format, which
Cyrillic texts write with a Cyrillic С (read back as "S5+1"); it is written in Latin first, as Latin
texts do."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest

from parley.extract.events import extract_events
from parley.nlp.fallback import tokenize_document
from parley.nlp.translit import to_cyrillic, to_latin


def _dev_articles(shared_dir: Path) -> list[str]:
    split = shared_dir / "real-dev" / "split.json"
    if not split.is_file():
        return []
    return [doc for doc in json.loads(split.read_text())["dev"] if doc.startswith("uz_")]


def _published(gold: dict) -> dt.date | None:
    return dt.date.fromisoformat((gold["published"] + "-01")[:10]) if gold.get("published") else None


def _events(doc_id: str, text: str, published: dt.date | None, lang: str = "uz") -> list[tuple]:
    doc = tokenize_document(doc_id, lang, text, "invariance")
    return [
        (e.type, e.status, e.kind, len(e.people), tuple(sorted(e.countries)), e.date and e.date.value, e.city)
        for e in extract_events(doc, published)
    ]


def test_there_are_articles_in_both_scripts(shared_dir: Path) -> None:
    scripts = {json.loads((shared_dir / "real-dev" / "gold" / f"{d}.json").read_text())["script"] for d in _dev_articles(shared_dir)}
    if not scripts:
        pytest.skip("../shared/real-dev has no split.json")
    assert scripts == {"Latn", "Cyrl"}


def test_same_events_in_the_other_script(shared_dir: Path) -> None:
    articles = _dev_articles(shared_dir)
    if not articles:
        pytest.skip("../shared/real-dev has no split.json")
    corpus = shared_dir / "real-dev"
    differ = {}
    for doc_id in articles:
        gold = json.loads((corpus / "gold" / f"{doc_id}.json").read_text())
        text = (corpus / "raw" / f"{doc_id}.txt").read_text(encoding="utf-8")
        published = _published(gold)
        other = to_cyrillic(text) if gold["script"] == "Latn" else to_latin(text.replace("С5+1", "C5+1"))
        as_written = _events(doc_id, text, published)
        assert bool(as_written) != bool(gold.get("negative")), f"{doc_id}: {as_written}"  # a negative article: none
        transliterated = _events(doc_id, other, published)
        if transliterated != as_written:
            differ[doc_id] = (as_written, transliterated)
    assert not differ


def _hard_wrapped(text: str, width: int = 72) -> str:
    return "\n\n".join(textwrap.fill(paragraph.replace("\n", " "), width) for paragraph in text.split("\n\n"))


def test_same_events_hard_wrapped(shared_dir: Path) -> None:
    corpus = shared_dir / "real-dev"
    if not (corpus / "split.json").is_file():
        pytest.skip("../shared/real-dev has no split.json")
    differ = {}
    for doc_id in json.loads((corpus / "split.json").read_text())["dev"]:
        gold = json.loads((corpus / "gold" / f"{doc_id}.json").read_text())
        text = (corpus / "raw" / f"{doc_id}.txt").read_text(encoding="utf-8")
        as_written = _events(doc_id, text, _published(gold), gold["lang"])
        wrapped = _events(doc_id, _hard_wrapped(text), _published(gold), gold["lang"])
        if wrapped != as_written:
            differ[doc_id] = (as_written, wrapped)
    assert not differ
