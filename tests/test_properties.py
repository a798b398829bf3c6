"""Property: ingestion never raises on arbitrary bytes, and every file lands in exactly one table."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.ingest.decode import decode_bytes
from parley.ingest.run import ingest_folder
from parley.ingest.text import normalise_text
from parley.model import Rejected
from parley.settings import IngestSettings

SUFFIXES = st.sampled_from([".txt", ".md", ".html", ".jsonl", ".bin", ".txt.meta.json"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000), suffix=SUFFIXES)
def test_ingestion_never_raises_on_arbitrary_bytes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        result = ingest_folder(Path(folder), IngestSettings())
        in_docs = {s.path for d in result.documents for s in d.sources}
        rejected = {r.source_path for r in result.rejects}
        assert str(path) in in_docs | rejected
        if suffix != ".jsonl":
            assert not (str(path) in in_docs and str(path) in rejected)
        assert all(r.reason.value != "internal_error" for r in result.rejects), result.rejects


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=2000), suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_arbitrary_text_never_raises(text: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / f"a{suffix}").write_text(text, encoding="utf-8", errors="surrogatepass")
        result = ingest_folder(Path(folder), IngestSettings(min_language_confidence=0.0))
        assert all(r.reason.value != "internal_error" for r in result.rejects), result.rejects
        assert len(result.documents) + len(result.rejects) >= 1


@given(data=st.binary(max_size=2000))
def test_decode_gives_text_or_a_reason(data: bytes) -> None:
    try:
        decoded = decode_bytes(data)
    except Rejected as rejected:
        assert rejected.detail
    else:
        assert isinstance(decoded.text, str)


@given(text=st.text())
def test_normalised_text_is_idempotent_and_clean(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert "\u200b" not in once and "\r" not in once
