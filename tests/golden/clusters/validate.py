"""Consistency check of the cross-document cluster corpus (run: python tests/golden/clusters/validate.py).

Checks: JSON validity; sidecars and gold files match their articles; every evidence, participant/signatory
mention and organisation name is an exact substring of its article; clusters.json is a partition of all gold
event ids; every same_person surface form occurs (as a whole word) in some article and belongs to one group
only; every person mention in the gold is in a group, and mentions of one person (same name_latin) never fall
into two groups; near misses are different
clusters; multi-article clusters come from different languages and publication dates at most 2 days apart.
Exit status 1 on any error.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent
ARTICLES = ROOT / "articles"
GOLD = ROOT / "gold"
LANGS = {"en", "de", "ru", "az", "tr", "uz"}
META_KEYS = {"published", "lang", "title", "url"}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
NON_NAMES = {"İki bakan", "the head of state"}  # descriptive participant mentions

errors: list[str] = []


def error(message: str) -> None:
    errors.append(message)


def load_json(path: Path):  # noqa: ANN201
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        error(f"{path.name}: invalid JSON ({exc})")
        return None


def whole_word(form: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text) is not None


def body_of(text: str, has_title: bool) -> str:
    return text.split("\n\n", 1)[1] if has_title else text


def main() -> int:
    texts: dict[str, str] = {}
    metas: dict[str, dict] = {}
    for txt in sorted(ARTICLES.glob("*.txt")):
        stem = txt.stem
        text = txt.read_text(encoding="utf-8")
        texts[stem] = text
        meta = (
            load_json(txt.with_name(txt.name + ".meta.json"))
            if txt.with_name(txt.name + ".meta.json").exists()
            else None
        )
        if meta is None:
            error(f"{stem}: missing or invalid sidecar")
            continue
        metas[stem] = meta
        if set(meta) != META_KEYS:
            error(f"{stem}: sidecar keys {sorted(meta)}")
        if meta.get("lang") not in LANGS or not stem.startswith(meta.get("lang", "?") + "_"):
            error(f"{stem}: lang {meta.get('lang')!r} does not match the file name")
        try:
            dt.date.fromisoformat(meta.get("published", ""))
        except ValueError:
            error(f"{stem}: bad published date {meta.get('published')!r}")
        if not str(meta.get("url", "")).startswith("https://") or ".example/" not in meta.get(
            "url", ""
        ):
            error(f"{stem}: url must be https://<outlet>.example/...")
        first = text.split("\n", 1)[0]
        has_title = first == meta.get("title")
        words = len(re.findall(r"\w+", body_of(text, has_title)))
        if not 60 <= words <= 180:
            error(f"{stem}: body has {words} words (expected 60-180)")
    for sidecar in ARTICLES.glob("*.meta.json"):
        if not sidecar.with_name(sidecar.name[: -len(".meta.json")]).exists():
            error(f"{sidecar.name}: orphan sidecar")

    events: dict[str, tuple[str, dict]] = {}
    for stem, text in texts.items():
        path = GOLD / f"{stem}.json"
        if not path.exists():
            error(f"{stem}: no gold file")
            continue
        gold = load_json(path)
        if gold is None:
            continue
        meta = metas.get(stem, {})
        expected = {
            "id": stem,
            "doc": f"{stem}.txt",
            "lang": meta.get("lang"),
            "published": meta.get("published"),
        }
        for key, value in expected.items():
            if gold.get(key) != value:
                error(f"{stem}: gold {key}={gold.get(key)!r}, expected {value!r}")
        if gold.get("negative") != (not gold.get("events")):
            error(f"{stem}: 'negative' disagrees with the event list")
        for ev in gold.get("events", []):
            eid = ev.get("event_id", "")
            if not re.fullmatch(rf"{re.escape(stem)}_[ea]\d+", eid):
                error(f"{stem}: bad event id {eid!r}")
            if eid in events:
                error(f"{eid}: duplicate event id")
            events[eid] = (stem, ev)
            if ev.get("evidence", "") not in text or not ev.get("evidence"):
                error(f"{eid}: evidence is not an exact substring of the article")
            people = ev.get("participants", []) + ev.get("signatories", [])
            for person in people:
                if person.get("mention") and person["mention"] not in text:
                    error(f"{eid}: mention {person['mention']!r} not in the article")
            orgs = ev.get("organizations", []) + (ev.get("parties") or {}).get("organizations", [])
            for org in orgs:
                if org["name"] not in text:
                    error(f"{eid}: organisation {org['name']!r} not in the article")
            dates = [ev.get(k) for k in ("date", "date_signed", "date_expected")] + ev.get(
                "date_alternatives", []
            )
            for value in dates:
                if value is not None and not DATE.match(value):
                    error(f"{eid}: bad date {value!r}")
            if ev.get("type") == "meeting" and ev.get("status") not in {"held", "planned"}:
                error(f"{eid}: bad meeting status")
            if ev.get("type") == "agreement" and ev.get("status") not in {
                "signed",
                "planned",
                "discussed",
            }:
                error(f"{eid}: bad agreement status")
    for path in GOLD.glob("*.json"):
        if path.stem not in texts:
            error(f"{path.name}: gold without an article")

    clusters = load_json(ROOT / "clusters.json")
    if clusters is None:
        return report(texts, events, {})
    seen = Counter(eid for group in clusters["same_event"] for eid in group)
    for eid, count in seen.items():
        if eid not in events:
            error(f"clusters.json: unknown event id {eid}")
        if count != 1:
            error(f"clusters.json: {eid} appears {count} times in same_event")
    for eid in events:
        if eid not in seen:
            error(f"clusters.json: {eid} is in no same_event group")
    group_of = {eid: i for i, group in enumerate(clusters["same_event"]) for eid in group}
    for i, group in enumerate(clusters["same_event"]):
        known = [events[eid] for eid in group if eid in events]
        types = {ev["type"] for _, ev in known}
        if len(types) > 1:
            error(f"same_event group {i + 1} mixes types {types}")
        primary = [(stem, ev) for stem, ev in known if not ev.get("background")]
        docs = [stem for stem, _ in primary]
        if len(docs) != len(set(docs)):
            error(f"same_event group {i + 1} has two primary mentions in one article")
        if len(primary) > 1:
            langs = [metas[stem]["lang"] for stem in docs]
            if len(langs) != len(set(langs)):
                error(f"same_event group {i + 1}: primary reports share a language {langs}")
            pubs = [dt.date.fromisoformat(metas[stem]["published"]) for stem in docs]
            if (max(pubs) - min(pubs)).days > 2:
                error(f"same_event group {i + 1}: publication dates differ by more than 2 days")

    all_text = "\n".join(texts.values())
    form_group: dict[str, int] = {}
    for i, group in enumerate(clusters["same_person"]):
        for form in group:
            if not whole_word(form, all_text):
                error(f"same_person: {form!r} occurs in no article")
            if form in form_group:
                error(f"same_person: {form!r} is in two groups")
            form_group[form] = i
    groups_of_latin: dict[str, set[int]] = defaultdict(set)
    for eid, (_, ev) in events.items():
        for person in ev.get("participants", []) + ev.get("signatories", []):
            mention = person.get("mention")
            if not mention or mention in NON_NAMES:
                continue
            if mention not in form_group:
                error(
                    f"same_person: gold mention {mention!r} ({person['name_latin']}, {eid}) is in no group"
                )
                continue
            groups_of_latin[person["name_latin"]].add(form_group[mention])
    for latin, groups in groups_of_latin.items():
        if len(groups) > 1:
            error(f"same_person: mentions of {latin} are split over groups {sorted(groups)}")

    for miss in clusters.get("near_misses", []):
        a, b = miss["pair"]
        for eid in (a, b):
            if eid not in events:
                error(f"near_misses: unknown event id {eid}")
        if a in group_of and b in group_of and group_of[a] == group_of[b]:
            error(f"near_misses: {a} and {b} are in the same cluster")
        if not miss.get("why"):
            error(f"near_misses: {a}/{b} has no 'why'")
    return report(texts, events, clusters)


def report(texts: dict, events: dict, clusters: dict) -> int:
    langs = Counter(stem.split("_", 1)[0] for stem in texts)
    print("articles per language:", dict(sorted(langs.items())), "total", sum(langs.values()))
    if clusters:
        groups = clusters["same_event"]
        required = [
            g for g in groups if any(not events[e][1].get("optional") for e in g if e in events)
        ]
        multi = [g for g in groups if len({events[e][0] for e in g if e in events}) > 1]
        print(
            f"events (mentions): {len(events)}; canonical events: {len(groups)} "
            f"({len(required)} with required mentions, {len(multi)} reported by 2+ articles)"
        )
        by_type = Counter(events[g[0]][1]["type"] for g in required if g[0] in events)
        print("canonical events with required mentions by type:", dict(by_type))
        print(
            f"near-miss pairs: {len(clusters.get('near_misses', []))}; person groups: {len(clusters['same_person'])}"
        )
    if errors:
        print(f"FAILED: {len(errors)} error(s)")
        for message in errors:
            print("  -", message)
        return 1
    print("OK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
