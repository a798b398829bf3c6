"""Specification: HTML gives its visible article text and meta tags; Markdown gives plain text;
JSONL gives one article per line and a clear reason for every bad line."""

from __future__ import annotations

from parley.ingest.formats import format_of, html_to_article, iter_jsonl, markdown_to_text
from parley.model import Rejected, RejectReason

PAGE = """<!doctype html>
<html lang="az-Latn"><head><title>Site | Görüş</title>
<meta property="article:published_time" content="2024-07-03T10:15:00+04:00">
<meta property="og:title" content="Nazir müavini səfiri qəbul edib">
<style>.x { color: red } p::after { content: "STYLE-TEXT" }</style>
<script>var secret = "SCRIPT-TEXT"; document.write("SCRIPT-TEXT");</script>
</head><body>
<nav><a href="/">Əsas səhifə</a> <a href="/news">Xəbərlər</a></nav>
<div class="cookie-banner">We use cookies. Accept?</div>
<article>
<h1>Nazir müavini səfiri qəbul edib</h1>
<p>Aytən Rzayeva Özbəkistanın səfiri ilə <b>görüşüb</b>.</p>
<p>Tərəflər əməkdaşlığı müzakirə ediblər.</p>
<noscript>NOSCRIPT-TEXT</noscript>
</article>
<footer>© 2024 Nazirlik</footer>
</body></html>"""


def test_html_keeps_visible_article_text_only() -> None:
    page = html_to_article(PAGE)
    assert "Aytən Rzayeva Özbəkistanın səfiri ilə görüşüb." in page.text
    assert "Tərəflər əməkdaşlığı müzakirə ediblər." in page.text
    for hidden in ("SCRIPT-TEXT", "STYLE-TEXT", "NOSCRIPT-TEXT", "cookies", "Xəbərlər", "©"):
        assert hidden not in page.text


def test_html_metadata_comes_from_meta_tags() -> None:
    meta = html_to_article(PAGE).metadata
    assert meta.title == "Nazir müavini səfiri qəbul edib"
    assert meta.published == "2024-07-03T10:15:00+04:00"
    assert meta.lang == "az-Latn"
    assert meta.origin == "html_meta"


def test_markdown_markup_is_removed_and_list_numbers_kept() -> None:
    md = (
        "# Heading\n\n**Bold lead** with a [link](https://example.org) and `code`.\n\n"
        "2023. A year that starts a line.\n\n- bullet one\n- bullet two\n"
    )
    text = markdown_to_text(md)
    assert text.split("\n\n") == [
        "Heading",
        "Bold lead with a link and code.",
        "2023. A year that starts a line.",
        "bullet one",
        "bullet two",
    ]


def test_jsonl_yields_records_and_rejects_bad_lines() -> None:
    lines = "\n".join(
        [
            '{"id": "a1", "text": "First article text.", "lang": "en", "published": "2024-02-14"}',
            "{not json",
            '{"title": "no text here"}',
            "",
            '["a", "list"]',
            '{"text": "Second article.", "url": "https://example.org/2"}',
        ]
    )
    items = list(iter_jsonl(lines))
    records = [i for i in items if not isinstance(i, tuple)]
    rejects = {i[0]: i[1] for i in items if isinstance(i, tuple)}
    assert [(r.line, r.text) for r in records] == [(1, "First article text."), (6, "Second article.")]
    assert records[0].metadata.published == "2024-02-14"
    assert records[1].metadata.url == "https://example.org/2"
    assert {k: v.reason for k, v in rejects.items()} == {
        2: RejectReason.JSONL_INVALID_JSON,
        3: RejectReason.JSONL_MISSING_TEXT,
        5: RejectReason.JSONL_INVALID_JSON,
    }
    assert all(isinstance(v, Rejected) and f"line {k}" in v.detail for k, v in rejects.items())


def test_format_of_file_names() -> None:
    assert format_of("a.TXT") == "txt"
    assert format_of("a.md") == "md"
    assert format_of("a.htm") == "html"
    assert format_of("a.ndjson") == "jsonl"
    assert format_of("a.txt.meta.json") == "sidecar"
    assert format_of("a.pdf") is None
