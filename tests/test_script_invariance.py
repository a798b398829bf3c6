"""Uzbek is written in two scripts: a real article gives the same events whether it is read as
written or transliterated into the other script (../shared/real-dev, uz articles of `dev`).

Compared per event: type, status, kind, the number of people, the countries, the date and the
city. The one spelling that transliteration cannot carry is the name of the "C5+1" format, which
Cyrillic texts write with a Cyrillic С (read back as "S5+1"); it is written in Latin first, as Latin
texts do."""

from __future__ import annotations

import datetime as dt
import json
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


def _events(doc_id: str, text: str, published: dt.date | None) -> list[tuple]:
    doc = tokenize_document(doc_id, "uz", text, "script-invariance")
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
        published = dt.date.fromisoformat(gold["published"]) if gold.get("published") else None
        other = to_cyrillic(text) if gold["script"] == "Latn" else to_latin(text.replace("С5+1", "C5+1"))
        as_written = _events(doc_id, text, published)
        assert bool(as_written) != bool(gold.get("negative")), f"{doc_id}: {as_written}"  # a negative article: none
        transliterated = _events(doc_id, other, published)
        if transliterated != as_written:
            differ[doc_id] = (as_written, transliterated)
    assert not differ
