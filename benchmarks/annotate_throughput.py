"""Annotation throughput and peak memory: parley's NLP stage vs a plain Stanza loop (one call per
document) vs Stanza's own bulk processing, on the same documents, in one run.

    .venv/bin/python benchmarks/annotate_throughput.py [--lang en] [--copies 8] [--budget ci]

Each variant runs in a fresh subprocess so that its peak RSS is its own. Prints a table."""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _documents(lang: str, copies: int) -> list[tuple[str, str]]:
    from parley.ingest.run import ingest_folder
    from parley.settings import IngestSettings

    docs = []
    for folder in (REPO / "data" / "raw", REPO.parent / "shared" / "seeds", REPO / "tests" / "golden" / "events" / lang):
        if folder.is_dir():
            docs += [d for d in ingest_folder(folder, IngestSettings()).documents if d.lang == lang]
    # distinct texts per copy, so no variant can profit from a cache
    return [(f"{d.doc_id}-{i}", d.body + f"\n\n(copy {i}.)") for i in range(copies) for d in docs]


def _variant(name: str, lang: str, budget: str, docs_file: Path) -> dict:
    from parley.nlp import stanza_backend
    from parley.nlp.annotate import Annotator, DocumentText
    from parley.settings import load_settings

    settings = load_settings().models.model_copy(update={"prefer": [budget]})
    docs = [tuple(x) for x in json.loads(docs_file.read_text(encoding="utf-8"))]
    annotator = Annotator(settings)
    script = "Cyrl" if lang == "ru" else "Latn"
    choice = annotator.choose(lang, script)
    if name == "parley":
        annotator.preload(lang, script)  # loads the models in every worker
        started_compute = time.perf_counter()
        results = annotator.annotate([DocumentText(i, lang, script, b) for i, b in docs])
        sentences = sum(len(r.sentences) for r in results)
        annotator.close()
    else:
        from stanza.models.common.doc import Document

        pipeline = stanza_backend.load_pipeline(lang, choice.paths, settings.store_dir / "_resources")
        started_compute = time.perf_counter()
        if name == "stanza-loop":
            out = [pipeline(body) for _, body in docs]
        else:
            out = pipeline.bulk_process([Document([], text=body) for _, body in docs])
        sentences = sum(len(d.sentences) for d in out)
    elapsed = time.perf_counter() - started_compute
    peak_mb = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    ) / 1024  # workers included (sum of the largest child and the parent: an upper bound per process)
    return {"variant": name, "documents": len(docs), "sentences": sentences, "seconds": round(elapsed, 2),
            "docs_per_s": round(len(docs) / elapsed, 2), "sentences_per_s": round(sentences / elapsed, 1),
            "peak_rss_mb": round(peak_mb)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--budget", default="ci")
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--docs-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:
        print(json.dumps(_variant(args.variant, args.lang, args.budget, args.docs_file)))
        return
    docs = _documents(args.lang, args.copies)
    with tempfile.TemporaryDirectory() as tmp:
        docs_file = Path(tmp) / "docs.json"
        docs_file.write_text(json.dumps(docs), encoding="utf-8")
        rows = []
        for variant in ("stanza-loop", "stanza-bulk", "parley"):
            out = subprocess.run(
                [sys.executable, __file__, "--variant", variant, "--lang", args.lang, "--budget", args.budget,
                 "--docs-file", str(docs_file)],
                capture_output=True, text=True, check=True, cwd=REPO,
            )
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"lang={args.lang} budget={args.budget} documents={len(docs)} (model loading excluded)")
    print(f"{'variant':<12} {'docs/s':>8} {'sents/s':>9} {'seconds':>8} {'peak MB':>8}")
    for row in rows:
        print(f"{row['variant']:<12} {row['docs_per_s']:>8} {row['sentences_per_s']:>9} {row['seconds']:>8} {row['peak_rss_mb']:>8}")
    loop, bulk, ours = rows
    print(f"parley vs loop: {ours['docs_per_s'] / loop['docs_per_s']:.2f}x; parley vs bulk: {ours['docs_per_s'] / bulk['docs_per_s']:.2f}x")


if __name__ == "__main__":
    main()
