"""The golden master guards extraction: over every committed corpus and the seeds, with the regex
tokenizer, the `events`, `participants` and `agreement_parties` rows equal the committed snapshot
byte for byte. A deliberate change rewrites it (`tests/golden_master.py --update`) in the same commit."""

from __future__ import annotations

import difflib

import pytest
from golden_master import corpora, render, snapshot_path

NAMES = ["sample", "golden-events", "golden-heldout", "golden-clusters", "seeds"]


@pytest.mark.parametrize("name", NAMES)
def test_extraction_rows_equal_the_golden_master(name: str, shared_dir) -> None:
    folders = corpora(shared_dir).get(name)
    assert folders, f"no corpus {name}"
    expected = snapshot_path(name).read_text(encoding="utf-8")
    actual = render(folders)
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "snapshot", "now", n=0))
        pytest.fail(f"{name}: extraction output changed; if intended, run tests/golden_master.py --update\n{diff[:6000]}")


def test_the_snapshot_covers_every_corpus() -> None:
    assert sorted(NAMES) == sorted(corpora()) or set(corpora()) <= set(NAMES)
    for name in NAMES:
        assert snapshot_path(name).exists(), name
