"""Specification: any bytes become text in a known encoding, or a clear reject reason."""

from __future__ import annotations

import codecs

import pytest

from parley.ingest.decode import decode_bytes
from parley.model import Rejected, RejectReason

RUSSIAN = "Министр труда и социальной защиты населения провёл встречу с делегацией Узбекистана в Баку."
AZERBAIJANI = "Əmək və əhalinin sosial müdafiəsi naziri Sahil Babayev görüş keçirib."


def test_plain_utf8() -> None:
    decoded = decode_bytes(AZERBAIJANI.encode("utf-8"))
    assert decoded.text == AZERBAIJANI
    assert decoded.encoding == "utf-8"
    assert decoded.warnings == ()


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    ],
)
def test_byte_order_marks_are_honoured_and_dropped(bom: bytes, codec: str, name: str) -> None:
    decoded = decode_bytes(bom + RUSSIAN.encode(codec))
    assert decoded.text == RUSSIAN
    assert decoded.encoding == name


def test_utf16_without_bom_is_detected() -> None:
    text = "Azerbaijan and Uzbekistan signed a memorandum of understanding in Tashkent. " * 3
    decoded = decode_bytes(text.encode("utf-16-le"))
    assert decoded.text.strip() == text.strip()


def test_windows_1251_russian_is_detected() -> None:
    text = (RUSSIAN + " ") * 4
    decoded = decode_bytes(text.encode("cp1251"))
    assert decoded.text == text
    assert decoded.encoding in {"cp1251", "windows-1251"}
    assert any("legacy_encoding" in w for w in decoded.warnings)


def test_a_few_broken_bytes_in_utf8_are_dropped_with_a_warning() -> None:
    data = (AZERBAIJANI * 20).encode("utf-8")
    data = data[:100] + b"\xff" + data[100:]
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert "\ufffd" not in decoded.text
    assert decoded.text == AZERBAIJANI * 20
    assert any(w.startswith("invalid_utf8") for w in decoded.warnings)


@pytest.mark.parametrize("data", [b"", b"   \n\t  "])
def test_empty_input_is_rejected(data: bytes) -> None:
    with pytest.raises(Rejected) as error:
        decode_bytes(data)
    assert error.value.reason is RejectReason.EMPTY


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3",
        b"\x00\x01\x02\x03\xfe\xfa\x00\x00\x10\x80" * 50,
    ],
)
def test_binary_input_is_rejected(data: bytes) -> None:
    with pytest.raises(Rejected) as error:
        decode_bytes(data)
    assert error.value.reason is RejectReason.BINARY


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Çalışma bakanı heyetle görüştü ve işbirliği mutabakat zaptını imzaladı. " * 3, "cp1254"),
        ("Der Minister traf die Delegation und unterzeichnete ein Abkommen über Zusammenarbeit. " * 3, "cp1252"),
        ("Министр провёл встречу с делегацией и подписал меморандум о сотрудничестве. " * 3, "koi8_r"),
    ],
)
def test_legacy_encodings_of_supported_languages_decode_exactly(text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec)).text == text
