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


def evaluate(gold_dir: Path, output_dir: Path) -> dict[str, Any]:
    """Score the events tables under `output_dir` against the gold files in `gold_dir`."""
    golds = load_gold(gold_dir)
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
    return summary


def format_table(summary: dict[str, Any]) -> str:
    """The figures as a readable text table."""
    lines = [f"{'scope':<16} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>7} {'R':>7} {'F1':>7}"]
    for key, c in summary["micro"].items():
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
