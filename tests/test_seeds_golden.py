"""Golden test over ../shared/seeds: title, dateline date, language, boilerplate gone, body intact.

Expected values that are dates and languages are written here; titles and body paragraphs are read
from the seed files themselves (their texts are not copied into this repository).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from parley.ingest.run import ingest_folder
from parley.settings import IngestSettings

# seed prefix -> (language, dateline date, title is the first line of the file)
EXPECTED = {
    "000": ("en", dt.date(2023, 9, 6), True),
    "001": ("de", dt.date(2023, 9, 6), True),
    "002": ("az", None, True),
    "003": ("ru", None, False),
    "004": ("az", None, False),
}
BOILERPLATE = re.compile(r"^(Read: \d+|Gelesen: \d+|More about:|News Line|Tags:|Newsticker)$", re.M)


@pytest.fixture(scope="module")
def seed_documents(seeds_dir: Path) -> dict[str, object]:
    result = ingest_folder(seeds_dir, IngestSettings())
    assert result.rejects == []
    return {Path(d.sources[0].path).name[:3]: d for d in result.documents}


def _source_lines(seeds_dir: Path, prefix: str) -> list[str]:
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    return [line.strip() for line in path.read_text(encoding="utf-8").split("\n")]


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_language_title_and_date(seed_documents: dict, seeds_dir: Path, prefix: str) -> None:
    lang, published, has_title = EXPECTED[prefix]
    doc = seed_documents[prefix]
    assert doc.lang == lang
    assert doc.lang_confidence >= 0.75
    assert doc.published == published
    assert doc.published_source == ("dateline" if published else None)
    assert doc.published_precision == ("day" if published else None)
    first_line = next(line for line in _source_lines(seeds_dir, prefix) if line)
    if has_title:
        assert doc.title == first_line.lstrip("# ").strip()
    else:
        assert doc.title is None
        assert doc.body.startswith(first_line)


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_boilerplate_is_gone_and_body_intact(
    seed_documents: dict, seeds_dir: Path, prefix: str
) -> None:
    doc = seed_documents[prefix]
    assert not BOILERPLATE.search(doc.body)
    assert doc.title is None or doc.title not in doc.body.split("\n\n")
    lines = _source_lines(seeds_dir, prefix)
    if doc.title:
        lines = [line for line in lines if line.lstrip("# ").strip() != doc.title]
    footer = next((i for i, line in enumerate(lines) if line in ("More about:", "Tags:")), len(lines))
    expected = [
        line.replace("**", "")
        for line in lines[:footer]
        if line and not re.match(r"^\d{2} \w+ \d{4}\s+(Read|Gelesen): \d+$", line)
    ]
    assert doc.body.split("\n\n") == expected
    assert doc.char_count == len(doc.body)


def test_seed_ids_are_stable_and_distinct(seeds_dir: Path, seed_documents: dict) -> None:
    again = ingest_folder(seeds_dir, IngestSettings())
    assert sorted(d.doc_id for d in again.documents) == sorted(d.doc_id for d in seed_documents.values())
    assert len({d.doc_id for d in seed_documents.values()}) == 5
