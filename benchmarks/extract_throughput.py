"""Extraction throughput: sentences per second of parley's event extraction on one core.

    .venv/bin/python benchmarks/extract_throughput.py [--repeat 20]

Input: every article of data/raw, ../shared/seeds and tests/golden/events (all languages), tokenised
by the regex tokenizer (so that the figure is extraction's alone, not Stanza's). Each article gets a
distinct suffix per repetition, so no cache can answer twice. Goal (issue 4): >= 2,000 sentences/s
per core; times are the process's CPU time, so other work on the machine does not count. Prints one
line per language and a total."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    from parley.extract.events import extract_events
    from parley.ingest.run import ingest_folder
    from parley.nlp.fallback import tokenize_document
    from parley.settings import IngestSettings

    folders = [REPO / "data" / "raw", REPO.parent / "shared" / "seeds"]
    folders += sorted(p for p in (REPO / "tests" / "golden" / "events").iterdir() if p.is_dir())
    docs = [d for folder in folders if folder.is_dir() for d in ingest_folder(folder, IngestSettings()).documents]
    annotated = [
        (tokenize_document(f"{d.doc_id}-{i}", d.lang, d.body + f"\n\nCopy {i}.", "bench"), d.published)
        for i in range(args.repeat)
        for d in docs
    ]
    for doc, published in annotated[: len(docs)]:  # warm the per-language caches (resources, gazetteers)
        extract_events(doc, published)

    sentences: dict[str, int] = defaultdict(int)
    seconds: dict[str, float] = defaultdict(float)
    events = 0
    cpu_start = time.process_time()
    for doc, published in annotated:
        start = time.process_time()  # CPU time of this process: other work on the machine does not count
        events += len(extract_events(doc, published or dt.date(2024, 6, 1)))
        seconds[doc.lang] += time.process_time() - start
        sentences[doc.lang] += len(doc.sentences)
    cpu = time.process_time() - cpu_start

    print(f"{'lang':<6}{'sentences':>10}{'seconds':>10}{'sentences/s':>14}")
    for lang in sorted(sentences):
        print(f"{lang:<6}{sentences[lang]:>10}{seconds[lang]:>10.2f}{sentences[lang] / seconds[lang]:>14.0f}")
    total_sentences, total_seconds = sum(sentences.values()), sum(seconds.values())
    print(f"{'all':<6}{total_sentences:>10}{total_seconds:>10.2f}{total_sentences / total_seconds:>14.0f}")
    print(f"{len(annotated)} documents, {events} events, {cpu:.2f} CPU-seconds in all (one core)")


if __name__ == "__main__":
    main()
