"""Pairwise precision and recall of cross-document merging on the gold events of both cluster corpora
(dev-gold and tests/golden/clusters), with the gold names and with only the mentions as written.

    .venv/bin/python benchmarks/canonical_pairs.py [--shared ../shared] [--errors] [--noise 30]
    .venv/bin/python benchmarks/canonical_pairs.py --tables OUT --gold DIR --clusters FILE [--split dev|test|all] [--errors]

Event pairs: two event mentions in one canonical event. Person pairs: two named participant or
signatory rows given one actor. Prints a Markdown table (the one in docs/canonical.md). With
--noise N, also the mean and worst event figures over N random draws of simulated extraction
errors on the team corpus: dates lost, participants missed, cities lost. With --tables, the event
tables that extraction wrote under OUT instead of gold rows (extracted events matched to gold ones)."""

from __future__ import annotations

import argparse
import copy
import random
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _cell(score: dict) -> str:
    return f"{score['precision']:.2f} ({score['true_pairs']}/{score['predicted_pairs']})", f"{score['recall']:.2f} ({score['true_pairs']}/{score['gold_pairs']})"


NOISE = [  # (dates lost, participants missed, cities lost): share of rows
    (0.3, 0.0, 0.0),
    (0.0, 0.2, 0.0),
    (0.0, 0.0, 0.5),
    (0.3, 0.2, 0.5),
]


def _with_errors(tables: dict[str, list[dict[str, Any]]], rng: random.Random, dates: float, people: float, cities: float) -> dict[str, list[dict[str, Any]]]:
    """The tables as a weaker extractor would write them."""
    noisy = copy.deepcopy(tables)
    for event in noisy["events"]:
        if rng.random() < dates:
            event["date"] = event["date_precision"] = None
        if rng.random() < cities:
            event["location_city"] = None
    noisy["participants"] = [p for p in noisy["participants"] if rng.random() >= people]
    return noisy


def noise_table(draws: int) -> None:
    from parley.canonical import canonicalise
    from parley.evaluation.clusters import load_corpus, score_tables

    team = REPO / "tests" / "golden" / "clusters"
    print(f"\nSimulated extraction errors, team corpus, {draws} draws each (event pairs: mean / worst)\n")
    print("| dates lost | participants missed | cities lost | names | P mean | P worst | R mean | R worst |")
    print("|---|---|---|---|---|---|---|---|")
    for dates, people, cities in NOISE:
        for mention_only in (False, True):
            corpus = load_corpus(team / "gold", team / "clusters.json", mention_only=mention_only)
            precision, recall = [], []
            for seed in range(draws):
                tables = _with_errors(corpus.tables, random.Random(seed), dates, people, cities)
                result = canonicalise(tables["events"], tables["participants"], tables["agreement_parties"], corpus.published)
                events = score_tables(corpus, result)["events"]
                precision.append(events["precision"])
                recall.append(events["recall"])
            names = "mentions only" if mention_only else "gold names"
            print(
                f"| {dates:.0%} | {people:.0%} | {cities:.0%} | {names} | {sum(precision) / draws:.3f} | "
                f"{min(precision):.3f} | {sum(recall) / draws:.3f} | {min(recall):.3f} |"
            )


def main() -> None:
    from parley.evaluation.clusters import load_corpus, merge_errors, score_corpus

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared folder (dev-gold)")
    parser.add_argument("--errors", action="store_true", help="list wrong and missed event pairs")
    parser.add_argument("--noise", type=int, default=0, metavar="N", help="also N draws of simulated extraction errors")
    parser.add_argument("--tables", type=Path, help="score the tables extraction wrote under this folder")
    parser.add_argument("--gold", type=Path, help="with --tables: the gold folder")
    parser.add_argument("--clusters", type=Path, help="with --tables: its clusters.json")
    parser.add_argument(
        "--split",
        choices=["dev", "test", "all"],
        default="all",
        help="with --tables: score only the gold documents of this split (split.json beside --clusters); a pair counts when both documents are in it",
    )
    args = parser.parse_args()
    if args.tables:
        from parley.evaluation.clusters import pair_errors, score_extracted, split_documents

        documents = None if args.split == "all" else split_documents(args.clusters.parent / "split.json", args.split)
        scores = score_extracted(args.gold, args.clusters, args.tables, documents)
        print(f"split: {args.split}")
        for name in ("events", "persons"):
            precision, recall = _cell(scores[name])
            print(f"{name}: P {precision}  R {recall}")
        print(
            f"extracted events {scores['extracted_events']}, matching gold {scores['matched_events']} of "
            f"{scores['gold_events']}; gold event pairs {scores['gold_event_pairs']}; canonical events {scores['canonical_events']}"
        )
        if args.errors:
            canonical = scores["result"].canonical_id_of()
            for kind, pairs in pair_errors(canonical, scores["event_group"], scores["gold_event_id"]).items():
                for a, b in pairs:
                    print(f"    {kind}: {a} ~ {b}")
        return
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
    if args.noise:
        noise_table(args.noise)


if __name__ == "__main__":
    main()
