"""What a run did, for people: a summary in Markdown, events per language and type, and a picture.

Pure of Prefect: tables in, Markdown / rows / PNG out (`build_reports`), plus `write_reports`, which
puts them under `<output>/reports/`. The flow publishes the same content as Prefect artifacts.
The `events` table is optional: without it (extraction not run yet) the picture shows documents
per language instead of the country network.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from parley.io.tables import read_table

REPORTS_DIR = "reports"
PICTURE_KEY = ".picture.sha256"
EVENT_TYPES = ("meeting", "agreement")


@dataclass(frozen=True)
class RunTables:
    """The tables a report needs (events may be missing)."""

    documents: pa.Table
    rejects: pa.Table
    annotations: pa.Table | None
    events: pa.Table | None
    quarantine: pa.Table | None = None

    @classmethod
    def read(cls, output_dir: Path) -> RunTables:
        def optional(name: str, columns: list[str]) -> pa.Table | None:
            try:
                return read_table(output_dir, name, columns=columns)
            except FileNotFoundError:
                return None

        return cls(
            documents=read_table(output_dir, "documents", columns=["doc_id", "lang"]),
            rejects=read_table(output_dir, "rejects", columns=["source_path", "line", "reason", "detail"]),
            annotations=optional("annotations", ["doc_id", "lang", "model", "flags"]),
            events=optional("events", ["event_id", "doc_id", "lang", "type", "status", "countries", "date"]),
            quarantine=optional("quarantine", ["doc_id", "lang", "reason", "detail"]),
        )


@dataclass(frozen=True)
class Reports:
    """Everything a run reports; `picture_title` says what the PNG shows."""

    markdown: str
    events_by_language: list[dict[str, Any]]
    picture: bytes
    picture_title: str


def events_by_language(tables: RunTables) -> list[dict[str, Any]]:
    """One row per document language: documents, then events of each type and status."""
    docs = Counter(tables.documents.column("lang").to_pylist())
    counts: Counter[tuple[str, str]] = Counter()
    if tables.events is not None:
        counts.update(zip(tables.events.column("lang").to_pylist(), tables.events.column("type").to_pylist(), strict=True))
    rows = []
    for lang in sorted(set(docs) | {lang for lang, _ in counts}):
        row: dict[str, Any] = {"language": lang, "documents": docs.get(lang, 0)}
        for kind in EVENT_TYPES:
            row[f"{kind}s"] = counts.get((lang, kind), 0)
        row["events"] = sum(n for (event_lang, _), n in counts.items() if event_lang == lang)
        rows.append(row)
    return rows


def country_links(events: pa.Table) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """Events per country, and events per pair of countries that took part together."""
    nodes: Counter[str] = Counter()
    links: Counter[tuple[str, str]] = Counter()
    for countries in events.column("countries").to_pylist():
        present = sorted(set(countries or []))
        nodes.update(present)
        links.update(itertools.combinations(present, 2))
    return nodes, links


def summary_markdown(run: Mapping[str, Any], tables: RunTables) -> str:
    """The run in one page: inputs, rejects with reasons, events, models, time per stage."""
    docs = tables.documents.num_rows
    lines = [
        "# parley run",
        "",
        f"- input: `{run.get('input_dir')}`",
        f"- output: `{run.get('output_dir')}`",
        f"- languages through NLP: {', '.join(run.get('languages') or []) or 'all'}",
        f"- documents in: **{docs}** "
        + _inline_counts(Counter(tables.documents.column("lang").to_pylist())),
        f"- rejects: **{tables.rejects.num_rows}** "
        + _inline_counts(Counter(tables.rejects.column("reason").to_pylist())),
    ]
    if tables.events is None:
        lines.append("- events out: no `events` table in this output (the extraction stage has not run)")
    else:
        lines.append(
            f"- events out: **{tables.events.num_rows}** "
            + _inline_counts(Counter(tables.events.column("type").to_pylist()))
        )
    canonical = run.get("canonical") or {}
    if canonical:
        lines.append(
            f"- canonical events: **{canonical.get('canonical_events', 0)}** "
            f"({canonical.get('merged_events', 0)} reported by several documents), actors "
            + _inline_counts(Counter(canonical.get("actors") or {}))
        )
    annotate = run.get("annotate") or {}
    if annotate:
        lines.append(
            f"- NLP: {annotate.get('annotated', 0)} documents annotated, {annotate.get('reused', 0)} unchanged "
            f"since an earlier run, {annotate.get('batches', 0)} batches"
        )
    quarantined = tables.quarantine.num_rows if tables.quarantine is not None else 0
    lines.append(
        f"- quarantined (in `documents`, not annotated): **{quarantined}** "
        + (_inline_counts(Counter(tables.quarantine.column("reason").to_pylist())) if quarantined else "")
    )
    lines += ["", "## Time per stage", "", "| stage | seconds |", "|---|---:|"]
    lines += [f"| {stage} | {seconds:.1f} |" for stage, seconds in (run.get("seconds") or {}).items()]
    lines += ["", "## Models", ""]
    if tables.annotations is None or tables.annotations.num_rows == 0:
        lines.append("No document was annotated.")
    else:
        lines += ["| language | model | documents |", "|---|---|---:|"]
        models = Counter(
            zip(tables.annotations.column("lang").to_pylist(), tables.annotations.column("model").to_pylist(), strict=True)
        )
        lines += [f"| {lang} | {_model_name(model)} | {count} |" for (lang, model), count in sorted(models.items())]
    workers = annotate.get("workers") or []
    if workers:
        lines += ["", "## NLP workers: peak memory", "", "| process | models loaded | peak resident memory |", "|---|---|---:|"]
        lines += [
            f"| `{w['worker']}`{' (Stanza in-process: counts all this process holds)' if w.get('in_process') else ''} "
            f"| {', '.join(w.get('languages') or []) or '–'} | {w['peak_mb']:.0f} MB |"
            for w in workers
        ]
    if quarantined:
        lines += ["", "## Quarantined documents", "", "| document | language | reason | detail |", "|---|---|---|---|"]
        lines += [
            f"| `{r['doc_id']}` | {r['lang']} | {r['reason']} | {_cell(r['detail'])} |"
            for r in tables.quarantine.to_pylist()[:20]
        ]
        if quarantined > 20:
            lines.append(f"| … | | | {quarantined - 20} more in the `quarantine` table |")
    lines += ["", "## Rejects", ""]
    if tables.rejects.num_rows == 0:
        lines.append("None: every input became a document.")
    else:
        lines += ["| reason | inputs | first example |", "|---|---:|---|"]
        rows = tables.rejects.to_pylist()
        by_reason = Counter(r["reason"] for r in rows)
        for reason, count in sorted(by_reason.items()):
            first = next(r for r in rows if r["reason"] == reason)
            where = Path(first["source_path"]).name + (f":{first['line']}" if first["line"] else "")
            lines.append(f"| {reason} | {count} | `{where}`: {_cell(first['detail'])} |")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Picture:
    """Which picture a run gets, and a key of everything it shows (to skip redrawing it)."""

    file_name: str
    title: str
    key: str


def picture_for(tables: RunTables) -> Picture:
    """The country network when there are events, else documents per language."""
    if tables.events is not None and tables.events.num_rows:
        shown: Any = sorted(
            zip(map(sorted, tables.events.column("countries").to_pylist()), tables.events.column("type").to_pylist(), strict=True)
        )
        name, title = "countries.png", "Who met whom: countries in the same event"
    else:
        shown = [sorted(Counter(tables.documents.column("lang").to_pylist()).items()), tables.rejects.num_rows]
        name, title = "documents.png", "Documents per language (no events yet)"
    digest = hashlib.sha256(Path(__file__).read_bytes())  # a change to the drawing code redraws
    digest.update(json.dumps([name, shown]).encode())
    return Picture(name, title, digest.hexdigest())


def draw(picture: Picture, tables: RunTables) -> bytes:
    """The PNG of `picture`."""
    if picture.file_name == "countries.png" and tables.events is not None:
        return country_network_png(tables.events)
    return documents_png(tables)


def build_reports(run: Mapping[str, Any], tables: RunTables, picture: bytes | None = None) -> Reports:
    """Markdown, the events-per-language rows and the picture (drawn unless given) for one run."""
    chosen = picture_for(tables)
    png = picture if picture is not None else draw(chosen, tables)
    return Reports(summary_markdown(run, tables), events_by_language(tables), png, chosen.title)


def write_reports(output_dir: Path, run: Mapping[str, Any]) -> tuple[Reports, dict[str, str]]:
    """Build the reports from the tables under `output_dir` and write them to `<output>/reports/`.
    The picture is redrawn only when what it shows has changed (re-runs stay fast)."""
    tables = RunTables.read(Path(output_dir))
    folder = Path(output_dir) / REPORTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    chosen = picture_for(tables)
    files = {
        "summary": folder / "summary.md",
        "events_by_language": folder / "events_by_language.csv",
        "picture": folder / chosen.file_name,
    }
    key_file = folder / PICTURE_KEY
    cached = key_file.is_file() and key_file.read_text() == chosen.key and files["picture"].is_file()
    reports = build_reports(run, tables, files["picture"].read_bytes() if cached else None)
    files["summary"].write_text(reports.markdown, encoding="utf-8")
    files["events_by_language"].write_text(_csv(reports.events_by_language), encoding="utf-8")
    if not cached:
        files["picture"].write_bytes(reports.picture)
        key_file.write_text(chosen.key)
    for stale in ("countries.png", "documents.png"):
        if stale != chosen.file_name:
            (folder / stale).unlink(missing_ok=True)
    return reports, {name: str(path) for name, path in files.items()}


# --- pictures ---------------------------------------------------------------------------------

MEETING_COLOUR, AGREEMENT_COLOUR, NODE_COLOUR = "#1f77b4", "#d62728", "#f2f2f2"


def country_network_png(events: pa.Table) -> bytes:
    """Countries on a circle, sized by their events; a line for every pair that took part in the
    same event, as thick as the number of such events, red where most of them are agreements."""
    from matplotlib.figure import Figure

    nodes, links = country_links(events)
    agreements = country_links(events.filter(pc.equal(events.column("type"), "agreement")))[1]
    order = [code for code, _ in nodes.most_common()]
    angle = {code: math.pi / 2 - 2 * math.pi * i / len(order) for i, code in enumerate(order)}
    xy = {code: (math.cos(a), math.sin(a)) for code, a in angle.items()}
    figure = Figure(figsize=(7, 7), dpi=110)
    axes = figure.add_subplot()
    heaviest = max(links.values(), default=1)
    for (a, b), count in sorted(links.items(), key=lambda item: item[1]):
        colour = AGREEMENT_COLOUR if agreements.get((a, b), 0) * 2 > count else MEETING_COLOUR
        axes.plot(
            [xy[a][0], xy[b][0]], [xy[a][1], xy[b][1]],
            color=colour, alpha=0.35 + 0.5 * count / heaviest, linewidth=1 + 9 * count / heaviest, zorder=1,
        )
        middle = ((xy[a][0] + xy[b][0]) / 2, (xy[a][1] + xy[b][1]) / 2)
        if count > 1:
            axes.text(*middle, str(count), fontsize=8, ha="center", va="center", zorder=3,
                      bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
    largest = max(nodes.values(), default=1)
    for code in order:
        axes.scatter(*xy[code], s=600 + 2400 * nodes[code] / largest, color=NODE_COLOUR,
                     edgecolors="#333333", linewidths=1.2, zorder=2)
        axes.text(*xy[code], f"{code}\n{nodes[code]}", ha="center", va="center", fontsize=10,
                  fontweight="bold", zorder=4)
    axes.plot([], [], color=MEETING_COLOUR, linewidth=4, label="mostly meetings")
    axes.plot([], [], color=AGREEMENT_COLOUR, linewidth=4, label="mostly agreements")
    axes.legend(loc="lower right", frameon=False, fontsize=9)
    axes.set_title(
        f"Who met whom: {events.num_rows} events, {len(nodes)} countries\n"
        "(circle: events with the country; line: events together)",
        fontsize=11,
    )
    axes.set_xlim(-1.35, 1.35)
    axes.set_ylim(-1.35, 1.35)
    axes.set_aspect("equal")
    axes.axis("off")
    return _png(figure)


def documents_png(tables: RunTables) -> bytes:
    """Documents per language (and rejects), for outputs without events."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    docs = Counter(tables.documents.column("lang").to_pylist())
    langs = sorted(docs)
    figure = Figure(figsize=(7, 3.5), dpi=110)
    axes = figure.add_subplot()
    bars = axes.bar(langs, [docs[lang] for lang in langs], color=MEETING_COLOUR)
    axes.bar_label(bars)
    axes.set_ylabel("documents")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(
        f"{tables.documents.num_rows} documents, {tables.rejects.num_rows} rejects "
        "(no events table yet)", fontsize=11,
    )
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def _model_name(model_id: str) -> str:
    """`parley-ci:pos=...,tokenize=...` -> `parley-ci` (pos, tokenize): the full id is in `annotations`."""
    model_id, _, translit = model_id.partition("+translit:")
    source, _, keys = model_id.partition(":")
    processors = [key.split("=")[0] for key in keys.split(",") if key]
    via = f", reading a transliteration {translit.replace('>', ' -> ')}" if translit else ""
    return f"`{source}`" + (f" ({', '.join(processors)}{via})" if processors else via)


def _inline_counts(counts: Counter[str]) -> str:
    return "(" + ", ".join(f"{key} {value}" for key, value in sorted(counts.items())) + ")" if counts else ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")[:160]


def _csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return buffer.getvalue()
