"""`parley evaluate`: gold files + parley's tables -> the scores of EVENT-MODEL.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from parley.evaluation.convert import events_from_rows
from parley.evaluation.scoring import score_document, summarise
from parley.io.tables import read_table


class GoldError(ValueError):
    """A gold file that cannot be read; the message names it."""


def load_gold(gold_dir: Path) -> list[dict[str, Any]]:
    """Every gold file (`*.json` with `doc` and `events`) below `gold_dir`, sorted by name."""
    files = sorted(p for p in Path(gold_dir).rglob("*.json") if not p.name.endswith(".meta.json"))
    golds = []
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise GoldError(f"{path}: not valid JSON ({error})") from None
        if isinstance(data, dict) and "doc" in data and "events" in data:
            golds.append(data)
    if not golds:
        raise GoldError(f"no gold files (JSON with 'doc' and 'events') under {gold_dir}")
    return golds


def split_file(gold_dir: Path) -> Path | None:
    """`split.json` beside the gold files or one folder up (../shared/real-dev keeps it there)."""
    for folder in (Path(gold_dir), Path(gold_dir).parent):
        if (folder / "split.json").is_file():
            return folder / "split.json"
    return None


def restrict_to_split(golds: list[dict[str, Any]], gold_dir: Path, split: str, path: Path | None = None) -> list[dict[str, Any]]:
    """The gold documents of one split of `split.json` (`{"dev": [ids], "test": [ids]}`; an id is the
    gold file's `id` or its `doc` without the extension)."""
    path = path or split_file(gold_dir)
    if path is None:
        raise GoldError(f"--split {split}: no split.json in {gold_dir} or its parent folder")
    try:
        splits = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise GoldError(f"{path}: not valid JSON ({error})") from None
    if not isinstance(splits, dict) or split not in splits:
        known = sorted(splits) if isinstance(splits, dict) else []
        raise GoldError(f"{path}: no split {split!r} (it has {known})")
    wanted = set(splits[split])
    chosen = [g for g in golds if g.get("id", Path(g["doc"]).stem) in wanted or Path(g["doc"]).stem in wanted]
    unknown = wanted - {g.get("id", Path(g["doc"]).stem) for g in chosen} - {Path(g["doc"]).stem for g in chosen}
    if unknown:
        raise GoldError(f"{path}: split {split!r} names documents with no gold file: {sorted(unknown)}")
    return chosen


def evaluate(gold_dir: Path, output_dir: Path, split: str | None = None, split_path: Path | None = None) -> dict[str, Any]:
    """Score the events tables under `output_dir` against the gold files in `gold_dir` (only those
    of `split` in split.json when given)."""
    golds = load_gold(gold_dir)
    if split is not None:
        golds = restrict_to_split(golds, gold_dir, split, split_path)
    documents = read_table(output_dir, "documents").select(["doc_id", "sources"]).to_pylist()
    by_name: dict[str, str] = {}
    for doc in documents:
        for source in doc["sources"]:
            by_name.setdefault(Path(source["path"]).name, doc["doc_id"])
    predicted = events_from_rows(
        read_table(output_dir, "events").to_pylist(),
        read_table(output_dir, "participants").to_pylist(),
        read_table(output_dir, "agreement_parties").to_pylist(),
    )
    scores = []
    missing = []
    for gold in golds:
        doc_id = by_name.get(gold["doc"])
        if doc_id is None:
            missing.append(gold["doc"])
        scores.append(score_document(gold, predicted.get(doc_id, []) if doc_id else []))
    summary = summarise(scores)
    summary["missing_documents"] = missing
    summary["split"] = split
    summary["gold_documents"] = len(golds)
    return summary


def format_table(summary: dict[str, Any]) -> str:
    """The figures as a readable text table."""
    lines = []
    if summary.get("split"):
        lines.append(f"split {summary['split']}: {summary.get('gold_documents', '?')} gold documents")
    lines.append(f"{'scope':<16} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>7} {'R':>7} {'F1':>7}")
    micro = summary["micro"]
    totals = [k for k in ("all", "meeting", "agreement") if k in micro]
    languages = sorted(k for k in micro if k not in totals and "/" not in k)
    by_type = sorted(k for k in micro if "/" in k)
    for group in (totals, languages, by_type):  # overall and per type, per language, language/type
        if group and group is not totals:
            lines.append("")
        for key in group:
            c = micro[key]
            lines.append(f"{key:<16} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4} {c['precision']:>7.3f} {c['recall']:>7.3f} {c['f1']:>7.3f}")
    lines.append("")
    lines.append("fields (matched required events):")
    for name, value in summary["fields"].items():
        if "accuracy" in value:
            lines.append(f"  {name:<14} accuracy {value['accuracy']:.3f} (n={value['n']})")
        else:
            lines.append(f"  {name:<14} P {value['precision']:.3f} R {value['recall']:.3f} F1 {value['f1']:.3f}")
    if summary.get("missing_documents"):
        lines.append(f"documents not found in the output: {summary['missing_documents']}")
    return "\n".join(lines)
