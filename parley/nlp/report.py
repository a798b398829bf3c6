"""The measured model table for docs/models.md, rendered from the store's manifests and cards."""

from __future__ import annotations

from parley.nlp.store import ModelStore, referenced

COLUMNS = ("tokens_f1", "sentences_f1", "upos", "lemmas", "las", "ner_f1")


def models_table(store: ModelStore) -> str:
    """One row per installed (language, budget): held-out test scores, train time, size, licences."""
    lines = [
        "| lang | budget | tokens F1 | sentences F1 | UPOS | lemmas | LAS | NER F1 | train time | peak memory | size | training data licences |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for manifest in store.installed():
        cards = [store.read_card(lang, processor, key) for lang, processor, key in referenced(manifest["processors"])]
        own = [c for c in cards if c.lang == manifest["lang"]]
        seconds = sum(c.train_seconds for c in own)
        devices = sorted({c.device for c in own})
        where = f" ({' + '.join(devices)})" if devices and devices != ["cpu"] else ""
        size = sum(c.size_bytes for c in cards) / 1e6
        borrowed = sorted({c.lang for c in cards if c.lang != manifest["lang"]})
        licences = "; ".join(sorted({c.licence for c in cards}))
        peaks = [c.peak_memory_mb for c in own if c.peak_memory_mb]
        peak = f"{max(peaks) / 1024:.1f} GB" if peaks else "–"
        scores = manifest["evaluation"]
        cells = [f"{scores[c]:.1f}" if c in scores else "–" for c in COLUMNS]
        note = f" (+ syntax from {', '.join(borrowed)})" if borrowed else ""
        lines.append(
            f"| {manifest['lang']}{note} | {manifest['budget']} | {' | '.join(cells)} | "
            f"{seconds / 60:.1f} min{where} | {peak} | {size:.1f} MB | {licences} |"
        )
        if "eval_upos" in scores:  # a test-only treebank (az: TueCL read by the borrowed Turkish models)
            cells = [f"{scores['eval_' + c]:.1f}" if "eval_" + c in scores else "–" for c in COLUMNS]
            lines.append(f"| {manifest['lang']} on its test-only treebank | {manifest['budget']} | {' | '.join(cells)} | – | – | – | |")
    return "\n".join(lines)
