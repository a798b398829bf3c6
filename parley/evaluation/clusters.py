"""Pairwise precision and recall of cross-document merging against a gold `clusters.json`.

The gold events of a corpus (dev-gold, tests/golden/clusters) become table rows (`rows_from_gold`),
the canonicaliser runs over them, and every pair of event mentions (and of person mentions) is
scored: a predicted pair is right when gold puts both in one group. `mention_only` drops `name` and
`name_latin` so that only the inflected mention as written is left, as from a weak extractor."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import json
from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parley.canonical.names import looks_like_name
from parley.canonical.records import PersonRowKey, person_row_key, publication_dates
from parley.canonical.run import CanonicalTables, canonicalise
from parley.evaluation.convert import events_from_rows, rows_from_gold
from parley.evaluation.names import names_match
from parley.evaluation.run import load_gold
from parley.evaluation.scoring import assign, people, person_forms
from parley.io.tables import read_table


@dataclass(frozen=True)
class PairScore:
    """Pairwise agreement of a predicted grouping with a gold grouping of the same items."""

    true_pairs: int
    predicted_pairs: int
    gold_pairs: int

    @property
    def precision(self) -> float:
        return self.true_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.true_pairs / self.gold_pairs if self.gold_pairs else 1.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "true_pairs": self.true_pairs,
            "predicted_pairs": self.predicted_pairs,
            "gold_pairs": self.gold_pairs,
        }


def pair_score(predicted: Mapping[Any, Hashable], gold: Mapping[Any, Hashable]) -> PairScore:
    """Score the grouping `predicted` (item -> group) against `gold` over gold's items."""
    items = list(gold)

    def pairs(labels: list[Hashable]) -> int:
        return sum(n * (n - 1) // 2 for n in Counter(labels).values())

    return PairScore(
        true_pairs=pairs([(predicted[i], gold[i]) for i in items]),
        predicted_pairs=pairs([predicted[i] for i in items]),
        gold_pairs=pairs([gold[i] for i in items]),
    )


@dataclass(frozen=True)
class GoldCorpus:
    """A gold folder as table rows, with the gold identity of each row."""

    tables: dict[str, list[dict[str, Any]]]
    published: dict[str, dt.date | None]
    gold_event_id: dict[str, str]  # row event_id -> gold event_id
    event_group: dict[str, Hashable]  # row event_id -> gold same_event group
    person_group: dict[PersonRowKey, Hashable]  # named person rows only


def load_corpus(gold_dir: Path, clusters_file: Path, *, mention_only: bool = False) -> GoldCorpus:
    """Rows for every gold file under `gold_dir`, labelled by `clusters_file`."""
    clusters, event_groups, form_groups = _gold_groups(clusters_file)
    tables: dict[str, list[dict[str, Any]]] = {"events": [], "participants": [], "agreement_parties": []}
    published: dict[str, dt.date | None] = {}
    gold_event_id: dict[str, str] = {}
    person_group: dict[PersonRowKey, Hashable] = {}
    for gold in load_gold(gold_dir):
        doc_id = gold["id"]
        published[doc_id] = dt.date.fromisoformat(gold["published"]) if gold.get("published") else None
        events = copy.deepcopy(gold["events"])
        gold_people = [p for e in gold["events"] for p in e.get("participants" if e["type"] == "meeting" else "signatories") or []]
        if mention_only:
            for event in events:
                for person in event.get("participants", []) + event.get("signatories", []):
                    person["name"] = person["name_latin"] = None
        rows = rows_from_gold(doc_id, gold["lang"], events)
        for row, event in zip(rows["events"], gold["events"], strict=True):
            gold_event_id[row["event_id"]] = event["event_id"]
        for row, person in zip(rows["participants"], gold_people, strict=True):
            label = _person_label(person, form_groups)
            if label is not None:
                person_group[person_row_key(row)] = label
        for name, value in rows.items():
            tables[name].extend(value)
    event_group = {rid: event_groups.get(gid, f"alone:{gid}") for rid, gid in gold_event_id.items()}
    return GoldCorpus(tables, published, gold_event_id, event_group, person_group)


def _gold_groups(clusters_file: Path) -> tuple[dict[str, Any], dict[str, int], dict[str, int]]:
    """clusters.json, and the index of the same_event group of each event id and of the
    same_person group of each written form. Groups that share a member are one group: real-dev
    lists one event reported three times as three pairs, and a form may appear in two lists."""
    clusters = json.loads(Path(clusters_file).read_text(encoding="utf-8"))
    return clusters, _transitive(clusters["same_event"]), _transitive(clusters.get("same_person", []))


def _transitive(groups: list[list[str]]) -> dict[str, int]:
    """member -> index of the first listed group of its transitive closure."""
    label: dict[str, int] = {}
    for i, group in enumerate(groups):
        joined = {label[m] for m in group if m in label}
        target = min(joined | {i})
        for member, old in list(label.items()):
            if old in joined:
                label[member] = target
        for member in group:
            label[member] = target
    return label


def split_documents(split_file: Path, split: str) -> set[str]:
    """The gold document ids of one split of a `split.json` (`dev`, `test`)."""
    return set(json.loads(Path(split_file).read_text(encoding="utf-8"))[split])


def _person_label(person: Mapping[str, Any], form_groups: Mapping[str, int]) -> Hashable | None:
    """The gold group of a person mention; a named person in no group is a group of its own; a
    description ("the head of state") is left out, as clusters.json leaves it out."""
    mention = person.get("mention")
    if mention in form_groups:
        return form_groups[mention]
    if not looks_like_name(mention):
        return None
    for form in (person.get("name"), person.get("name_latin")):
        if form in form_groups:
            return form_groups[form]
    return f"alone:{person.get('name_latin') or mention}"


def score_corpus(corpus: GoldCorpus) -> dict[str, Any]:
    """Canonicalise the corpus and score event merging and person grouping pairwise."""
    result = canonicalise(corpus.tables["events"], corpus.tables["participants"], corpus.tables["agreement_parties"], corpus.published)
    return {**score_tables(corpus, result), "result": result}


def score_tables(corpus: GoldCorpus, result: CanonicalTables) -> dict[str, Any]:
    canonical = result.canonical_id_of()
    persons = {key: result.person_rows.get(key, f"unnamed:{key}") for key in corpus.person_group}
    by_type = {}
    for kind in ("meeting", "agreement"):
        ids = {r["event_id"] for r in corpus.tables["events"] if r["type"] == kind}
        by_type[kind] = pair_score(canonical, {k: v for k, v in corpus.event_group.items() if k in ids}).as_dict()
    return {
        "events": pair_score(canonical, corpus.event_group).as_dict(),
        "events_by_type": by_type,
        "persons": pair_score(persons, corpus.person_group).as_dict(),
        "canonical_events": len(result.canonical_events),
        "gold_canonical_events": len(set(corpus.event_group.values())),
        "mentions": len(result.event_mentions),
        "person_actors": sum(1 for a in result.actors if a["kind"] == "person"),
        "gold_persons": len(set(corpus.person_group.values())),
    }


def merge_errors(corpus: GoldCorpus, result: CanonicalTables) -> dict[str, list[tuple[str, str]]]:
    """Event pairs merged against gold (false) and gold pairs left apart (missed), by gold id."""
    return pair_errors(result.canonical_id_of(), corpus.event_group, corpus.gold_event_id)


def pair_errors(canonical: Mapping[str, str], event_group: Mapping[str, Hashable], gold_event_id: Mapping[str, str]) -> dict[str, list[tuple[str, str]]]:
    """Pairs of scored event rows merged against gold (false) and gold pairs left apart (missed)."""
    false, missed = [], []
    for a, b in itertools.combinations(sorted(event_group), 2):
        same_pred = canonical[a] == canonical[b]
        same_gold = event_group[a] == event_group[b]
        pair = (gold_event_id[a], gold_event_id[b])
        if same_pred and not same_gold:
            false.append(pair)
        elif same_gold and not same_pred:
            missed.append(pair)
    return {"false_merges": false, "missed_merges": missed}


def score_extracted(gold_dir: Path, clusters_file: Path, output_dir: Path, documents_in: set[str] | None = None) -> dict[str, Any]:
    """Canonicalise the event tables that extraction wrote under `output_dir` and score them.

    Each extracted event is matched one-to-one to a gold event of its document (EVENT-MODEL.md's
    matching, `scoring.assign`), each extracted person to a gold person of the matched event (fuzzy
    names); pairs are scored over what matched, so merging is measured apart from extraction, whose
    coverage is reported beside it (`matched_*`). With `documents_in` (gold document ids, e.g. one
    split), only those documents are scored: a pair counts when both its documents are in it.
    Canonicalisation still runs over every table row, as the stage would."""
    clusters, event_groups, form_groups = _gold_groups(clusters_file)
    documents = read_table(output_dir, "documents").select(["doc_id", "sources", "published", "published_precision"]).to_pylist()
    by_name = {Path(s["path"]).name: d["doc_id"] for d in documents for s in d["sources"]}
    published = publication_dates(documents)
    events = read_table(output_dir, "events").to_pylist()
    participants = read_table(output_dir, "participants").to_pylist()
    parties = read_table(output_dir, "agreement_parties").to_pylist()
    result = canonicalise(events, participants, parties, published)
    predicted = events_from_rows(events, participants, parties)
    rows_of_event: dict[str, list[dict[str, Any]]] = {}
    for row in participants:
        rows_of_event.setdefault(row["event_id"], []).append(row)

    event_group: dict[str, Hashable] = {}
    gold_event_id: dict[str, str] = {}
    person_group: dict[PersonRowKey, Hashable] = {}
    gold_events = 0
    scored_ids: set[str] = set()
    for gold in load_gold(gold_dir):
        if documents_in is not None and gold["id"] not in documents_in:
            continue
        gold_events += len(gold["events"])
        scored_ids.update(e["event_id"] for e in gold["events"])
        doc_events = predicted.get(by_name.get(gold["doc"], ""), [])
        for gi, pi in assign(gold["events"], doc_events):
            gold_event, event_id = gold["events"][gi], doc_events[pi]["event_id"]
            event_group[event_id] = event_groups.get(gold_event["event_id"], f"alone:{gold_event['event_id']}")
            gold_event_id[event_id] = gold_event["event_id"]
            for row in rows_of_event.get(event_id, []):
                forms = [f for f in (row["mention"], row["name"], row["name_latin"]) if f]
                for person in people(gold_event):
                    label = _person_label(person, form_groups)
                    if label is not None and names_match(person_forms(person), forms):
                        person_group[person_row_key(row)] = label
                        break
    canonical = result.canonical_id_of()
    persons = {key: result.person_rows.get(key, f"unnamed:{key}") for key in person_group}
    members = Counter(label for eid, label in event_groups.items() if eid in scored_ids)
    gold_pairs = sum(n * (n - 1) // 2 for n in members.values())
    return {
        "events": pair_score(canonical, event_group).as_dict(),
        "persons": pair_score(persons, person_group).as_dict(),
        "extracted_events": len(events),
        "matched_events": len(event_group),
        "gold_events": gold_events,
        "gold_event_pairs": gold_pairs,
        "canonical_events": len(result.canonical_events),
        "result": result,
        "event_group": event_group,
        "gold_event_id": gold_event_id,
    }
