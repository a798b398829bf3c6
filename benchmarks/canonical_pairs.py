"""Pairwise precision and recall of cross-document merging on the gold events of both cluster corpora
(dev-gold and tests/golden/clusters), with the gold names and with only the mentions as written.

    .venv/bin/python benchmarks/canonical_pairs.py [--shared ../shared] [--errors]

Event pairs: two event mentions in one canonical event. Person pairs: two named participant or
signatory rows given one actor. Prints a Markdown table (the one in docs/canonical.md)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _cell(score: dict) -> str:
    return f"{score['precision']:.2f} ({score['true_pairs']}/{score['predicted_pairs']})", f"{score['recall']:.2f} ({score['true_pairs']}/{score['gold_pairs']})"


def main() -> None:
    from parley.evaluation.clusters import load_corpus, merge_errors, score_corpus

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared folder (dev-gold)")
    parser.add_argument("--errors", action="store_true", help="list wrong and missed event pairs")
    args = parser.parse_args()
    corpora = [
        ("dev-gold", args.shared / "dev-gold", args.shared / "dev-gold" / "clusters.json"),
        ("team corpus", REPO / "tests" / "golden" / "clusters" / "gold", REPO / "tests" / "golden" / "clusters" / "clusters.json"),
    ]
    print("| corpus | names | events P | events R | persons P | persons R | canonical events (gold) | seconds |")
    print("|---|---|---|---|---|---|---|---|")
    for label, gold_dir, clusters in corpora:
        if not gold_dir.is_dir():
            print(f"| {label} | missing: {gold_dir} | | | | | | |")
            continue
        for mention_only in (False, True):
            started = time.perf_counter()
            corpus = load_corpus(gold_dir, clusters, mention_only=mention_only)
            scores = score_corpus(corpus)
            seconds = time.perf_counter() - started
            events_p, events_r = _cell(scores["events"])
            persons_p, persons_r = _cell(scores["persons"])
            names = "mentions only" if mention_only else "gold name/name_latin"
            print(
                f"| {label} | {names} | {events_p} | {events_r} | {persons_p} | {persons_r} | "
                f"{scores['canonical_events']} ({scores['gold_canonical_events']}) | {seconds:.2f} |"
            )
            if args.errors:
                for kind, pairs in merge_errors(corpus, scores["result"]).items():
                    for a, b in pairs:
                        print(f"    {kind}: {a} ~ {b}")


if __name__ == "__main__":
    main()
