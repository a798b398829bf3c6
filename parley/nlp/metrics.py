"""Entity-level scores over BIO/BIOES tag sequences (pure)."""

from __future__ import annotations

from collections.abc import Sequence


def spans(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """(start, end, label) spans of a BIO or BIOES tag sequence."""
    out: set[tuple[int, int, str]] = set()
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        continues = prefix in ("I", "E") and kind == label and start is not None
        if start is not None and not continues:
            out.add((start, i, label or ""))
            start, label = None, None
        if prefix in ("B", "S") or (prefix in ("I", "E") and start is None):
            start, label = i, kind
        if prefix in ("E", "S") and start is not None:
            out.add((start, i + 1, label or ""))
            start, label = None, None
    return out


def entity_f1(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> dict[str, float]:
    tp = fp = fn = 0
    for g, p in zip(gold, predicted, strict=True):
        gs, ps = spans(g), spans(p)
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"ner_precision": round(100 * precision, 2), "ner_recall": round(100 * recall, 2), "ner_f1": round(100 * f1, 2)}
