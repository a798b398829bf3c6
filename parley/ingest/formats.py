"""Format readers over decoded text: HTML (visible text + meta tags), Markdown to plain text, JSONL."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from bs4 import BeautifulSoup, Tag
from markdown_it import MarkdownIt

from parley.model import Metadata, Rejected, RejectReason

TEXT_FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
HTML_FORMATS = {".html": "html", ".htm": "html", ".xhtml": "html"}
JSONL_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl"}
SIDECAR_SUFFIX = ".meta.json"
METADATA_KEYS = ("id", "url", "title", "published", "lang")

# Elements that never hold article text, and class/id words of site chrome around the article.
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "head")
_CHROME_TAGS = ("nav", "header", "footer", "aside", "form", "button", "menu", "dialog")
_CHROME_WORDS = re.compile(
    r"(^|[-_ ])(cookie|consent|gdpr|banner|menu|navbar|nav|breadcrumbs?|share|social|subscribe|"
    r"newsletter|advert|ads|promo|related|sidebar|footer|header|popup|modal)([-_ ]|$)",
    re.IGNORECASE,
)
_BLOCKS = (
    "p", "div", "section", "article", "main", "li", "ul", "ol", "blockquote", "pre", "table", "tr",
    "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "br", "hr", "dd", "dt",
)
_MARKDOWN_HINTS = re.compile(r"(^#{1,6}\s)|(\*\*[^*\n]+\*\*)|(\]\([^)\s]+\))|(^\s{0,3}[-*+]\s)", re.MULTILINE)


def format_of(filename: str) -> str | None:
    """The input format for a file name, or None when parley does not read it."""
    lower = filename.lower()
    if lower.endswith(SIDECAR_SUFFIX):
        return "sidecar"
    for table in (TEXT_FORMATS, HTML_FORMATS, JSONL_FORMATS):
        for suffix, name in table.items():
            if lower.endswith(suffix):
                return name
    return None


def supported_suffixes() -> list[str]:
    return sorted([*TEXT_FORMATS, *HTML_FORMATS, *JSONL_FORMATS])


# --- HTML -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HtmlArticle:
    text: str
    metadata: Metadata


# Tags whose end tag is optional (the parser closes them itself) or that have none: they do not
# count towards nesting depth.
_SELF_CLOSING = frozenset(
    "p li dt dd tr td th option optgroup thead tbody tfoot colgroup rb rt rp "
    "area base br col embed hr img input link meta param source track wbr".split()
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")
MAX_HTML_DEPTH = 512


def html_nesting_depth(html: str) -> int:
    """Deepest element nesting of a page, counted from its tags (linear; no tree is built)."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _SELF_CLOSING or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def html_to_article(html: str) -> HtmlArticle:
    """Visible article text of an HTML page (scripts, styles and site chrome dropped) and its meta tags.

    Pages nested deeper than MAX_HTML_DEPTH are refused before parsing: the parser's time grows
    with the square of the depth (100,000 nested divs: ten minutes)."""
    depth = html_nesting_depth(html)
    if depth > MAX_HTML_DEPTH:
        raise Rejected(
            RejectReason.TOO_NESTED,
            f"HTML elements nested {depth:,} deep (more than {MAX_HTML_DEPTH}): not a web page parley "
            "can read; save the article's text as .txt instead",
        )
    try:
        with warnings.catch_warnings():  # bs4 warns about text that looks like a file name or URL
            warnings.simplefilter("ignore")
            return _html_to_article(html)
    except RecursionError:
        raise Rejected(
            RejectReason.TOO_NESTED, "HTML nested too deeply for the parser; save the article's text as .txt instead"
        ) from None


def _html_to_article(html: str) -> HtmlArticle:
    soup = BeautifulSoup(html, "html.parser")
    metadata = _html_metadata(soup)
    for tag in soup.find_all(_INVISIBLE):
        tag.decompose()
    for tag in soup.find_all(True):
        if isinstance(tag, Tag) and tag.attrs is not None and _is_chrome(tag):
            tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.find("body") or soup
    for tag in root.find_all(_BLOCKS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    text = root.get_text()
    text = "\n".join(line.strip() for line in text.split("\n"))
    heading = _first_heading(text, metadata.title)
    return HtmlArticle(text=heading + text, metadata=metadata)


def _first_heading(text: str, title: str | None) -> str:
    """Put the page title on top when the visible text does not start with it (layout finds it there)."""
    if title and not text.lstrip().startswith(title.strip()):
        return f"# {title.strip()}\n\n"
    return ""


def _is_chrome(tag: Tag) -> bool:
    if tag.name in _CHROME_TAGS:
        return True
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true":
        return True
    style = str(tag.get("style", "")).replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    if tag.name in ("article", "main", "body", "html"):
        return False
    words = " ".join([*(tag.get("class") or []), str(tag.get("id") or ""), str(tag.get("role") or "")])
    return bool(words.strip()) and bool(_CHROME_WORDS.search(words))


def _html_metadata(soup: BeautifulSoup) -> Metadata:
    def meta(*names: str) -> str | None:
        for name in names:
            tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
            if isinstance(tag, Tag) and tag.get("content"):
                return str(tag["content"]).strip()
        return None

    title_tag = soup.find("title")
    h1 = soup.find("h1")
    title = (
        meta("og:title")
        or (h1.get_text(" ", strip=True) if isinstance(h1, Tag) else None)
        or (title_tag.get_text(" ", strip=True) if isinstance(title_tag, Tag) else None)
    )
    html_tag = soup.find("html")
    lang = str(html_tag.get("lang")) if isinstance(html_tag, Tag) and html_tag.get("lang") else None
    canonical = soup.find("link", attrs={"rel": "canonical"})
    url = meta("og:url") or (
        str(canonical["href"]) if isinstance(canonical, Tag) and canonical.get("href") else None
    )
    published = meta("article:published_time", "datePublished", "pubdate", "date", "dc.date")
    return Metadata(url=url, title=title or None, published=published, lang=lang, origin="html_meta")


# --- Markdown ---------------------------------------------------------------------------------

_MARKDOWN = MarkdownIt("commonmark", {"html": False})


def looks_like_markdown(text: str) -> bool:
    return bool(_MARKDOWN_HINTS.search(text))


def markdown_to_text(text: str) -> str:
    """Plain text of Markdown: markup gone, one paragraph per block, list numbers kept."""
    blocks: list[str] = []
    prefix = ""
    for token in _MARKDOWN.parse(text):
        if token.type == "list_item_open" and token.info:
            prefix = f"{token.info}{token.markup} "
        elif token.type == "inline":
            blocks.append(prefix + _inline_text(token.children or []))
            prefix = ""
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
    return "\n\n".join(block for block in blocks if block.strip())


def _inline_text(children: list[Any]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append("\n")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(_inline_text(child.children or []))
    return "".join(parts)


# --- JSONL and sidecars -----------------------------------------------------------------------


@dataclass(frozen=True)
class JsonlRecord:
    line: int
    text: str
    metadata: Metadata


def iter_jsonl(lines: str | Iterable[str], first_line: int = 1) -> Iterator[JsonlRecord | tuple[int, Rejected]]:
    """One record per non-blank line (of a text, or of lines read from a stream, the first being
    number `first_line`); bad lines come back as (line, Rejected) so the rest still loads."""
    if isinstance(lines, str):
        lines = lines.split("\n")
    for number, raw in enumerate(lines, start=first_line):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as error:
            yield number, Rejected(
                RejectReason.JSONL_INVALID_JSON,
                f"line {number} is not valid JSON ({error.msg} at column {error.colno}); fix or remove it",
            )
            continue
        except RecursionError:
            yield number, Rejected(
                RejectReason.TOO_NESTED,
                f"line {number} nests JSON arrays or objects too deeply to read; flatten it",
            )
            continue
        if not isinstance(obj, dict):
            yield number, Rejected(
                RejectReason.JSONL_INVALID_JSON,
                f"line {number} is a JSON {type(obj).__name__}, expected an object with a 'text' key",
            )
            continue
        body = obj.get("text", obj.get("body"))
        if not isinstance(body, str) or not body.strip():
            yield number, Rejected(
                RejectReason.JSONL_MISSING_TEXT,
                f"line {number} has no non-empty 'text' string (keys: {sorted(obj)[:10]})",
            )
            continue
        yield JsonlRecord(number, body, metadata_from_mapping(obj))


def parse_sidecar(text: str) -> Metadata:
    """Metadata of a `<file>.meta.json` sidecar; raises Rejected(bad_sidecar) when unusable."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as error:
        raise Rejected(
            RejectReason.BAD_SIDECAR,
            f"sidecar is not valid JSON ({error.msg} at line {error.lineno}); the article was ingested "
            "without its metadata",
        ) from None
    except RecursionError:
        raise Rejected(
            RejectReason.BAD_SIDECAR,
            "sidecar nests JSON too deeply to read; the article was ingested without its metadata",
        ) from None
    if not isinstance(obj, dict):
        raise Rejected(RejectReason.BAD_SIDECAR, "sidecar must be a JSON object with url/title/published/lang")
    return metadata_from_mapping(obj)


def metadata_from_mapping(obj: dict[str, Any]) -> Metadata:
    values = {key: obj.get(key) for key in METADATA_KEYS}
    clean = {key: str(value).strip() for key, value in values.items() if value not in (None, "")}
    return Metadata(**clean, origin="metadata")
