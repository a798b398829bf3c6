"""Specification: a corpus of bad inputs loses no file. Each is ingested correctly or rejected with a
clear reason, and the good files around it still become documents."""

from __future__ import annotations

import codecs
import datetime as dt
import json
from pathlib import Path

import pytest

from parley.ingest.run import ingest_folder
from parley.io.raw import read_inputs
from parley.model import Reject
from parley.settings import IngestSettings

RU = "Министр труда провёл встречу с делегацией Узбекистана и подписал меморандум о сотрудничестве. "
EN = "The labour minister met the Uzbek delegation in Baku and signed a memorandum of understanding. "
AZ = "Əmək naziri Özbəkistan nümayəndə heyəti ilə görüşüb və anlaşma memorandumu imzalanıb. "
DE = "Der Arbeitsminister traf die usbekische Delegation in Baku und unterzeichnete ein Abkommen über Zusammenarbeit. "
FR = "Le ministre du travail a rencontré la délégation ouzbèke à Bakou et signé un protocole d'accord. "


def build_bad_corpus(root: Path) -> dict[str, str | None]:
    """Write the corpus; return file name -> expected reject reason (None = becomes a document)."""
    files: dict[str, tuple[bytes, str | None]] = {
        "good_en.txt": ((EN * 3).encode(), None),
        "empty.txt": (b"", "empty"),
        "whitespace.txt": (b" \n\n\t ", "empty"),
        "binary.txt": (bytes(range(256)) * 8, "binary"),
        "image.html": (b"\x89PNG\r\n\x1a\n" + bytes(100), "binary"),
        "cp1251_ru.txt": ((RU * 3).encode("cp1251"), None),
        "utf16_ru.txt": (codecs.BOM_UTF16_LE + (RU * 3).encode("utf-16-le"), None),
        "utf8_bom_az.txt": (codecs.BOM_UTF8 + (AZ * 3).encode(), None),
        "cp1252_de.txt": ((DE * 3).encode("cp1252"), None),
        "invalid_utf8_az.txt": ((AZ * 4).encode()[:150] + b"\xff" + (AZ * 4).encode()[150:], None),
        "huge.txt": (b"", "too_large"),  # written below, 20 MB
        "scripts.html": (
            (
                "<html><head><script>alert('SCRIPT')</script><style>p{}</style></head>"
                f"<body><p>{EN * 2}</p><script>var x='SCRIPT';</script></body></html>"
            ).encode(),
            None,
        ),
        "zero_width_en.txt": ((EN.replace("minister", "mini\u200bster\u200d").replace("Uzbek", "\ufeffUz\u00adbek") * 2).encode(), None),
        "french.txt": ((FR * 3).encode(), "unsupported_language"),
        "numbers.txt": (("12 345 678 " * 20).encode(), "not_prose"),
        "scan.pdf": (b"%PDF-1.4 fake", "unsupported_format"),
        "orphan.txt.meta.json": (b'{"lang": "en"}', "orphan_sidecar"),
        "with_bad_sidecar.txt": ((EN * 2).encode(), None),
        "with_bad_sidecar.txt.meta.json": (b"{broken", "bad_sidecar"),
        "with_sidecar.txt": ((AZ * 2).encode(), None),
        "with_sidecar.txt.meta.json": (
            json.dumps({"lang": "az", "published": "2024-05-22", "title": "Görüş"}).encode(),
            None,
        ),
        "copy_of_good_en.md": ((EN * 3).encode(), None),
    }
    for name, (data, _) in files.items():
        (root / name).write_bytes(data)
    with (root / "huge.txt").open("wb") as handle:
        for _ in range(20):
            handle.write((EN * 20_000)[:1_000_000].encode())
    (root / "vanished.txt").symlink_to(root / "does-not-exist.txt")
    expected = {name: reason for name, (_, reason) in files.items()}
    expected["vanished.txt"] = "unreadable"
    return expected


@pytest.fixture
def bad_corpus(tmp_path: Path) -> tuple[Path, dict[str, str | None]]:
    root = tmp_path / "in"
    root.mkdir()
    (root / "nested").mkdir()
    expected = build_bad_corpus(root)
    lines = [json.dumps({"text": RU * 2, "lang": "ru"}), "{oops", json.dumps({"title": "no text"})]
    (root / "nested" / "wire.jsonl").write_text("\n".join(lines), encoding="utf-8")
    return root, expected


def test_no_file_is_lost(bad_corpus: tuple[Path, dict[str, str | None]]) -> None:
    root, expected = bad_corpus
    result = ingest_folder(root, IngestSettings(max_file_bytes=16 * 1024 * 1024))
    in_documents = {Path(s.path).name for d in result.documents for s in d.sources}
    meta_used = {Path(s.meta_path).name for d in result.documents for s in d.sources if s.meta_path}
    rejected: dict[str, list[str]] = {}
    for reject in result.rejects:
        rejected.setdefault(Path(reject.source_path).name, []).append(reject.reason.value)

    for name, reason in expected.items():
        if reason is None:
            assert name in in_documents | meta_used, f"{name} should be a document"
            assert name not in rejected, f"{name} should not be rejected: {rejected.get(name)}"
        else:
            assert rejected.get(name) == [reason], f"{name}: expected {reason}, got {rejected.get(name)}"
            assert name not in in_documents
    # the JSONL file: one good line, two rejected lines with their line numbers
    assert "wire.jsonl" in in_documents
    assert sorted((r.line, r.reason.value) for r in result.rejects if r.line) == [
        (2, "jsonl_invalid_json"),
        (3, "jsonl_missing_text"),
    ]
    every_file = {p.name for p in root.rglob("*") if p.is_file() or p.is_symlink()}
    assert every_file == set(expected) | {"wire.jsonl"}
    assert all(r.detail for r in result.rejects)


def test_repaired_inputs_read_correctly(bad_corpus: tuple[Path, dict[str, str | None]]) -> None:
    root, _ = bad_corpus
    docs = ingest_folder(root, IngestSettings()).documents
    by_name = {Path(s.path).name: d for d in docs for s in d.sources}
    assert by_name["cp1251_ru.txt"].body == (RU * 3).strip()
    assert by_name["cp1251_ru.txt"].sources[0].encoding in {"cp1251", "windows-1251"}
    assert by_name["utf16_ru.txt"].body == (RU * 3).strip()
    assert by_name["utf8_bom_az.txt"].lang == "az"
    assert by_name["zero_width_en.txt"].body == (EN * 2).strip()
    assert by_name["cp1252_de.txt"].body == (DE * 3).strip()
    assert by_name["cp1252_de.txt"].lang == "de"
    assert by_name["invalid_utf8_az.txt"].body == (AZ * 4).strip()
    assert any(w.startswith("invalid_utf8") for w in by_name["invalid_utf8_az.txt"].warnings)
    assert "SCRIPT" not in by_name["scripts.html"].body
    assert by_name["with_sidecar.txt"].published == dt.date(2024, 5, 22)
    assert by_name["with_sidecar.txt"].published_source == "metadata"
    assert by_name["with_sidecar.txt"].title == "Görüş"
    assert any(w.startswith("bad_sidecar") for w in by_name["with_bad_sidecar.txt"].warnings)


def test_same_content_in_several_files_is_one_document(
    bad_corpus: tuple[Path, dict[str, str | None]],
) -> None:
    root, _ = bad_corpus
    docs = ingest_folder(root, IngestSettings()).documents
    (doc,) = [d for d in docs if any(Path(s.path).name == "good_en.txt" for s in d.sources)]
    assert sorted(Path(s.path).name for s in doc.sources) == ["copy_of_good_en.md", "good_en.txt"]
    assert len({d.doc_id for d in docs}) == len(docs)


def test_a_file_that_vanishes_mid_run_is_rejected_and_the_rest_continues(tmp_path: Path) -> None:
    for index in range(3):
        (tmp_path / f"a{index}.txt").write_text(EN * 2, encoding="utf-8")
    now = dt.datetime.now(dt.UTC)
    items = read_inputs(tmp_path, 10_000_000, now)
    first = next(items)
    (tmp_path / "a1.txt").unlink()  # disappears after the folder was listed
    rest = list(items)
    rejects = [i for i in rest if isinstance(i, Reject)]
    assert not isinstance(first, Reject)
    assert [(Path(r.source_path).name, r.reason.value) for r in rejects] == [("a1.txt", "unreadable")]
    assert len(rest) == 2


def test_missing_input_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="--input"):
        ingest_folder(tmp_path / "nope", IngestSettings())
