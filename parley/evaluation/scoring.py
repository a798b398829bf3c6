"""The scoring protocol of ../shared/design/EVENT-MODEL.md over events in the gold-file shape.

1. Per article and type, a prediction matches a gold event when the key arguments overlap:
   meetings share a participant (fuzzy, script- and case-insensitive), or, without named
   participants, overlap in countries by at least half with a compatible date or place;
   agreements overlap in party countries by at least half with a compatible kind or title.
   Assignment is one-to-one (best pairs first).
2. Predictions matched to optional gold events drop out on both sides; unmatched predictions are
   false positives, unmatched required gold events false negatives; any prediction on a negative
   article is a false positive.
3. Matched required pairs are compared field by field.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from parley.evaluation.names import names_match

Event = dict[str, Any]
FIELDS = ("date", "status", "kind", "location", "participants", "countries", "organizations")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class FieldScores:
    """Accuracy-style fields (correct / compared) and set fields (tp/fp/fn)."""

    correct: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    compared: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    sets: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))

    def add(self, other: FieldScores) -> None:
        for name, value in other.correct.items():
            self.correct[name] += value
        for name, value in other.compared.items():
            self.compared[name] += value
        for name, counts in other.sets.items():
            self.sets[name].add(counts)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in sorted(self.compared):
            out[name] = {"accuracy": round(self.correct[name] / self.compared[name], 4), "n": self.compared[name]}
        for name in sorted(self.sets):
            out[name] = self.sets[name].as_dict()
        return out


@dataclass
class DocumentScore:
    doc: str
    lang: str
    counts: dict[str, Counts]
    fields: FieldScores
    matches: list[tuple[str, int]]  # (gold event id, prediction index)


# --- event views ------------------------------------------------------------------------------


def people(event: Event) -> list[dict[str, Any]]:
    return list(event.get("participants") or []) + list(event.get("signatories") or [])


def person_forms(person: dict[str, Any]) -> list[str]:
    return [person.get(k) for k in ("name", "mention", "name_latin") if person.get(k)]


def party_countries(event: Event) -> set[str]:
    parties = event.get("parties") or {}
    return set(parties.get("countries") or [])


def event_countries(event: Event) -> set[str]:
    return set(event.get("countries") or []) | (party_countries(event) if event.get("type") == "agreement" else set())


def gold_date(event: Event) -> str | None:
    if event.get("type") == "agreement":
        if event.get("status") == "planned":
            return event.get("date_expected") or event.get("date_signed")
        return event.get("date_signed") or event.get("date")
    return event.get("date")


def predicted_date(event: Event) -> str | None:
    if event.get("type") == "agreement" and event.get("status") == "planned":
        return event.get("date_expected") or event.get("date")
    return event.get("date")


def date_compatible(gold: Event, pred: Event) -> bool:
    """Exact, inside the gold's coarser period, or one of the gold's accepted alternatives."""
    g, p = gold_date(gold), predicted_date(pred)
    alternatives = set(gold.get("date_alternatives") or [])
    if p in alternatives:
        return True
    if g is None or p is None:
        return g is None and p is None
    return p == g or p.startswith(g + "-")


def place_compatible(gold: Event, pred: Event) -> bool:
    g, p = gold.get("location") or {}, pred.get("location") or {}
    if not g.get("country") and not g.get("city"):
        return not p.get("country") and not p.get("city")
    if g.get("country") and g.get("country") != p.get("country"):
        return False
    return not g.get("city") or names_match([g["city"]], [p.get("city")])


def kind_compatible(gold: Event, pred: Event) -> bool:
    kinds = {gold.get("kind"), *(gold.get("kind_alternatives") or [])}
    if pred.get("kind") in kinds:
        return True
    return bool(gold.get("title") and pred.get("title")) and names_match([gold["title"]], [pred["title"]])


_GLOSS = re.compile(r"\s*\([^()]*\)\s*$")  # the gold's English gloss after a title as written


def title_compatible(gold: Event, pred: Event) -> bool:
    """The title as written, word for word: token F1 of at least 0.8 against the gold's title without
    its English gloss ("... Planı (Bilateral Military Cooperation Plan for 2026)"). Not part of
    EVENT-MODEL.md's protocol: a supplementary figure for how clean the titles are."""
    g = set(re.findall(r"\w+", _GLOSS.sub("", gold.get("title") or "").lower()))
    p = set(re.findall(r"\w+", (pred.get("title") or "").lower()))
    common = len(g & p)
    return bool(common) and 2 * common / (len(g) + len(p)) >= 0.8


def _half_overlap(a: set[str], b: set[str]) -> bool:
    return bool(a and b) and len(a & b) * 2 >= max(len(a), len(b))


def match_score(gold: Event, pred: Event) -> float:
    """> 0 when `pred` may be `gold` (higher is a better pairing), else 0."""
    if gold.get("type") != pred.get("type"):
        return 0.0
    if gold["type"] == "meeting":
        shared = sum(
            1 for g in people(gold) if any(names_match(person_forms(g), person_forms(p)) for p in people(pred))
        )
        if shared:
            return 10.0 + shared
        named = [g for g in people(gold) if g.get("name")]
        if not named and _half_overlap(event_countries(gold), event_countries(pred)):
            if date_compatible(gold, pred) or place_compatible(gold, pred):
                return 1.0 + len(event_countries(gold) & event_countries(pred)) / 10
        return 0.0
    if _half_overlap(party_countries(gold), party_countries(pred)) and kind_compatible(gold, pred):
        return 1.0 + len(party_countries(gold) & party_countries(pred)) / 10 + (pred.get("kind") == gold.get("kind"))
    return 0.0


def assign(gold: Sequence[Event], pred: Sequence[Event]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, prediction index), best-scoring pairs first; then a required
    gold event left without a prediction takes one that an optional event holds (the optional event
    takes a free one if it can). An optional event is neither rewarded nor penalised: a visit's
    optional talks must not take the prediction of the required meeting in the same sentence and
    turn it into a false negative."""
    score = {(gi, pi): match_score(g, p) for gi, g in enumerate(gold) for pi, p in enumerate(pred)}
    holder: dict[int, int] = {}  # prediction -> gold
    for (gi, pi), value in sorted(score.items(), key=lambda item: (-item[1], item[0])):
        if value > 0 and gi not in holder.values() and pi not in holder:
            holder[pi] = gi
    for gi, event in enumerate(gold):
        if event.get("optional") or gi in holder.values():
            continue
        held = [pi for pi, hi in holder.items() if gold[hi].get("optional") and score[gi, pi] > 0]
        if not held:
            continue
        pi = max(held, key=lambda p: (score[gi, p], -p))
        optional = holder[pi]
        holder[pi] = gi
        free = [p for p in range(len(pred)) if p not in holder and score[optional, p] > 0]
        if free:
            holder[max(free, key=lambda p: (score[optional, p], -p))] = optional
    return sorted(((gi, pi) for pi, gi in holder.items()), key=lambda pair: (-score[pair], pair))


# --- fields -----------------------------------------------------------------------------------


def _fuzzy_set(gold: Iterable[list[str]], pred: Iterable[list[str]]) -> Counts:
    gold, pred = list(gold), list(pred)
    used: set[int] = set()
    tp = 0
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and names_match(g, p):
                used.add(i)
                tp += 1
                break
    return Counts(tp, len(pred) - tp, len(gold) - tp)


def compare_fields(gold: Event, pred: Event, scores: FieldScores) -> None:
    def accuracy(name: str, ok: bool) -> None:
        scores.compared[name] += 1
        scores.correct[name] += int(ok)

    accuracy("date", date_compatible(gold, pred))
    accuracy("status", gold.get("status") == pred.get("status"))
    accuracy("location", place_compatible(gold, pred))
    if gold["type"] == "agreement":
        accuracy("kind", pred.get("kind") in {gold.get("kind"), *(gold.get("kind_alternatives") or [])})
        if gold.get("title"):
            accuracy("title", title_compatible(gold, pred))
        scores.sets["signatories"].add(
            _fuzzy_set((person_forms(x) for x in gold.get("signatories") or []), (person_forms(x) for x in pred.get("signatories") or []))
        )
        g, p = party_countries(gold), party_countries(pred)
        scores.sets["parties"].add(Counts(len(g & p), len(p - g), len(g - p)))
        orgs_gold = (gold.get("parties") or {}).get("organizations") or []
        orgs_pred = (pred.get("parties") or {}).get("organizations") or []
    else:
        scores.sets["participants"].add(
            _fuzzy_set((person_forms(x) for x in gold.get("participants") or []), (person_forms(x) for x in pred.get("participants") or []))
        )
        g, p = set(gold.get("countries") or []), set(pred.get("countries") or [])
        scores.sets["countries"].add(Counts(len(g & p), len(p - g), len(g - p)))
        orgs_gold, orgs_pred = gold.get("organizations") or [], pred.get("organizations") or []
    scores.sets["organizations"].add(
        _fuzzy_set(
            ([o.get("name"), o.get("name_en")] for o in orgs_gold), ([o.get("name"), o.get("name_en")] for o in orgs_pred)
        )
    )


# --- documents and corpora --------------------------------------------------------------------


def score_document(gold_doc: dict[str, Any], predicted: Sequence[Event]) -> DocumentScore:
    counts = {"meeting": Counts(), "agreement": Counts()}
    fields = FieldScores()
    matches: list[tuple[str, int]] = []
    gold_events = list(gold_doc.get("events") or [])
    for kind in counts:
        g_list = [e for e in gold_events if e.get("type") == kind]
        p_index = [i for i, e in enumerate(predicted) if e.get("type") == kind]
        p_list = [predicted[i] for i in p_index]
        pairs = assign(g_list, p_list)
        matched_g = {gi for gi, _ in pairs}
        matched_p = {pi for _, pi in pairs}
        for gi, pi in pairs:
            if g_list[gi].get("optional"):
                continue
            counts[kind].tp += 1
            compare_fields(g_list[gi], p_list[pi], fields)
            matches.append((g_list[gi].get("event_id", str(gi)), p_index[pi]))
        counts[kind].fp += len(p_list) - len(matched_p)
        counts[kind].fn += sum(1 for gi, g in enumerate(g_list) if gi not in matched_g and not g.get("optional"))
    return DocumentScore(gold_doc.get("doc", ""), gold_doc.get("lang", ""), counts, fields, matches)


def summarise(scores: Sequence[DocumentScore]) -> dict[str, Any]:
    """Micro scores overall, per type, per language and per language and type; field scores;
    per-document scores."""
    micro: dict[str, Counts] = defaultdict(Counts)
    fields = FieldScores()
    per_doc = []
    for score in scores:
        doc_total = Counts()
        for kind, counts in score.counts.items():
            micro["all"].add(counts)
            micro[kind].add(counts)
            micro[f"{score.lang}"].add(counts)
            micro[f"{score.lang}/{kind}"].add(counts)
            doc_total.add(counts)
        fields.add(score.fields)
        per_doc.append({"doc": score.doc, "lang": score.lang, **doc_total.as_dict(),
                        **{k: v.as_dict() for k, v in score.counts.items()}})
    return {
        "micro": {key: counts.as_dict() for key, counts in sorted(micro.items())},
        "fields": fields.as_dict(),
        "documents": per_doc,
    }
