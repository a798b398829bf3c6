"""Specification: title, dateline and site boilerplate are separated from the body."""

from __future__ import annotations

import datetime as dt

from parley.ingest.layout import split_layout
from parley.resources.loader import all_boilerplate

NEWS_SITE = """Ministers discuss labour migration

  12\u00a0March\u00a02024\u00a0\u00a0\u00a0\u00a0Read: 1342
Ministers discuss labour migration

The ministers met in Baku on Monday.

They signed a memorandum.

More about:

News Line
Another headline that is not part of the article
"""


def _layout(text: str, known_title: str | None = None):  # noqa: ANN202
    return split_layout(text, all_boilerplate(), ["en"], known_title=known_title)


def test_news_site_layout() -> None:
    layout = _layout(NEWS_SITE.replace("\u00a0", " "))
    assert layout.title == "Ministers discuss labour migration"
    assert layout.dateline is not None
    assert layout.dateline.value == dt.date(2024, 3, 12)
    assert layout.dateline.precision == "day"
    body = "\n".join(layout.body_lines).strip()
    assert body == "The ministers met in Baku on Monday.\n\nThey signed a memorandum."


def test_german_view_counter_and_footer() -> None:
    text = (
        "Aserbaidschan und Usbekistan beraten\n\n  6 September 2023    Gelesen: 629\n"
        "Der Minister traf die Delegation.\n\nEs wurde ein Plan vereinbart.\n\nTags:\n\nNewsticker\n"
    )
    layout = _layout(text)
    assert layout.dateline is not None and layout.dateline.value == dt.date(2023, 9, 6)
    assert "Tags:" not in layout.body_lines and "Newsticker" not in layout.body_lines
    assert "Gelesen" not in "\n".join(layout.body_lines)


def test_a_body_that_starts_with_a_sentence_has_no_title() -> None:
    text = "В Баку состоялась встреча министров труда двух стран.\n\nСтороны обсудили сотрудничество."
    layout = _layout(text)
    assert layout.title is None
    assert layout.dateline is None
    assert layout.body_lines[0].startswith("В Баку")


def test_markdown_heading_is_the_title() -> None:
    layout = _layout("\n\n# Görüş keçirilib\n\n**Nazir görüşüb.**\n\nMətn.")
    assert layout.title == "Görüş keçirilib"
    assert layout.body_lines[-1] == "Mətn."


def test_known_title_from_metadata_is_dropped_from_the_body() -> None:
    text = "Short title line\nThe body starts here and goes on.\n\nMore text."
    layout = _layout(text, known_title="Short title line")
    assert "Short title line" not in layout.body_lines


def test_a_date_inside_the_text_is_not_a_dateline() -> None:
    text = "Headline\n\nFirst paragraph of text.\n\n" + "Paragraph.\n\n" * 10 + "12 March 2024"
    assert _layout(text).dateline is None
