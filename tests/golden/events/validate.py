"""Consistency check of the golden event corpus (tests/golden/events).

Run from anywhere:  python tests/golden/events/validate.py
Exit status 0 when every check passes; otherwise the problems are listed and the status is 1.

Checks, for every gold file <lang>/<stem>.json:
- the gold file, the article <stem>.txt and its sidecar <stem>.txt.meta.json exist; JSON is valid; the text is UTF-8
  (NFC, no CR, no BOM) and has 60-200 words;
- id == stem, doc == <stem>.txt, lang == folder == sidecar lang, published == sidecar published;
- negative is true exactly when events is empty;
- every event has the keys of the dev-gold shape for its type, with allowed values (type, status, format, kind,
  date_basis), booleans for optional/background, a unique event_id prefixed with <lang>_<NN>_;
- every evidence is an exact substring of the article text; so is every person mention and every organisation name;
- every country (event countries, participant/signatory country, location country, party countries) is a 2-letter
  upper-case code (null allowed for officials of international organisations and unknown locations);
- every date (date, date_alternatives, date_signed, date_expected, published) parses as YYYY, YYYY-MM or YYYY-MM-DD;
  validity is YYYY-YYYY;
- held meetings and signed agreements are not dated after publication; planned events are not dated before it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent
LANGS = ("en", "de", "ru", "az", "tr", "uz")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
VALIDITY_RE = re.compile(r"^\d{4}-\d{4}$")
CC_RE = re.compile(r"^[A-Z]{2}$")
DATE_BASIS = {
    "explicit", "explicit_day_month_year_from_pubdate", "explicit_month_year_from_pubdate", "relative", "context",
    "not_stated", "not_applicable", "month_only_year_unresolved",
}
MEETING_KEYS = ["event_id", "type", "status", "format", "date", "date_basis", "location", "participants",
                "organizations", "countries", "topics", "evidence", "optional", "background", "notes"]
MEETING_OPTIONAL_KEYS = {"date_alternatives", "meeting_name"}
AGREEMENT_KEYS = ["event_id", "type", "kind", "title", "status", "date_signed", "date_basis", "validity", "parties",
                  "signatories", "location", "evidence", "optional", "background", "notes"]
AGREEMENT_OPTIONAL_KEYS = {"kind_alternatives", "date_expected"}
PERSON_KEYS = {"name", "mention", "name_latin", "title", "organization", "country"}
PERSON_OPTIONAL_KEYS = {"name_latin_alternatives"}


def parse_date(value: str) -> tuple[dt.date, dt.date]:
    """First and last day covered by a YYYY / YYYY-MM / YYYY-MM-DD value (raises ValueError when invalid)."""
    if not isinstance(value, str) or not DATE_RE.match(value):
        raise ValueError(f"bad date {value!r}")
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        first = dt.date(parts[0], parts[1], 1)
        nxt = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1)
    day = dt.date(*parts)
    return day, day


class Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.stats: Counter = Counter()

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def country(self, where: str, value, nullable: bool = False) -> None:
        if value is None and nullable:
            return
        if not isinstance(value, str) or not CC_RE.match(value):
            self.fail(where, f"country {value!r} is not a 2-letter upper-case code")

    def date(self, where: str, value, nullable: bool = True) -> tuple[dt.date, dt.date] | None:
        if value is None:
            if not nullable:
                self.fail(where, "date is null")
            return None
        try:
            return parse_date(value)
        except ValueError as error:
            self.fail(where, str(error))
            return None

    def person(self, where: str, p: dict, text: str) -> None:
        keys = set(p)
        if not PERSON_KEYS <= keys or keys - PERSON_KEYS - PERSON_OPTIONAL_KEYS:
            self.fail(where, f"person keys {sorted(keys)}")
        if not p.get("mention") or p["mention"] not in text:
            self.fail(where, f"mention {p.get('mention')!r} not in text")
        if p.get("name") is not None and not p.get("name_latin"):
            self.fail(where, "named person without name_latin")
        self.country(where, p.get("country"), nullable=True)

    def organizations(self, where: str, orgs, text: str) -> None:
        if not isinstance(orgs, list):
            self.fail(where, "organizations is not a list")
            return
        for o in orgs:
            if set(o) != {"name", "name_en"}:
                self.fail(where, f"organization keys {sorted(o)}")
            elif o["name"] not in text:
                self.fail(where, f"organization name {o['name']!r} not in text")

    def location(self, where: str, value) -> None:
        if value is None:
            return
        if set(value) != {"city", "country", "venue"}:
            self.fail(where, f"location keys {sorted(value)}")
        self.country(where, value.get("country"), nullable=True)

    def check_event(self, where: str, e: dict, text: str, published: tuple | None) -> None:
        etype = e.get("type")
        if etype == "meeting":
            required, optional = MEETING_KEYS, MEETING_OPTIONAL_KEYS
        elif etype == "agreement":
            required, optional = AGREEMENT_KEYS, AGREEMENT_OPTIONAL_KEYS
        else:
            self.fail(where, f"type {etype!r}")
            return
        missing = [k for k in required if k not in e]
        extra = [k for k in e if k not in required and k not in optional]
        if missing or extra:
            self.fail(where, f"missing keys {missing}, unexpected keys {extra}")
            return
        if not isinstance(e["evidence"], str) or not e["evidence"] or e["evidence"] not in text:
            self.fail(where, f"evidence is not a substring of the article: {e['evidence']!r}")
        for flag in ("optional", "background"):
            if not isinstance(e[flag], bool):
                self.fail(where, f"{flag} is not a boolean")
        if e["date_basis"] not in DATE_BASIS:
            self.fail(where, f"date_basis {e['date_basis']!r}")
        self.location(where, e["location"])
        status = e["status"]
        if etype == "meeting":
            if status not in ("held", "planned"):
                self.fail(where, f"meeting status {status!r}")
            if e["format"] not in ("in_person", "video", "online", "phone"):
                self.fail(where, f"format {e['format']!r}")
            if e["format"] == "phone" and not e["optional"]:
                self.fail(where, "phone calls must be optional")
            span = self.date(where, e["date"])
            for alt in e.get("date_alternatives", []):
                self.date(where, alt, nullable=False)
            for p in e["participants"]:
                self.person(where, p, text)
            self.organizations(where, e["organizations"], text)
            for c in e["countries"]:
                self.country(where, c)
            if not isinstance(e["topics"], list):
                self.fail(where, "topics is not a list")
            key = ("meeting", status, e["format"])
        else:
            if status not in ("signed", "planned", "discussed"):
                self.fail(where, f"agreement status {status!r}")
            if e["kind"] not in ("mou", "action_plan", "treaty", "agreement", "protocol", "other"):
                self.fail(where, f"kind {e['kind']!r}")
            if not e["title"]:
                self.fail(where, "empty title")
            if status != "signed" and e["date_signed"] is not None:
                self.fail(where, "date_signed set on an unsigned agreement")
            if (status == "planned") != ("date_expected" in e):
                self.fail(where, "date_expected must be present exactly on planned agreements")
            span = self.date(where, e["date_signed"] if status == "signed" else e.get("date_expected"))
            if e["validity"] is not None and not VALIDITY_RE.match(e["validity"]):
                self.fail(where, f"validity {e['validity']!r}")
            parties = e["parties"]
            if not isinstance(parties, dict) or set(parties) != {"organizations", "countries"}:
                self.fail(where, f"parties {parties!r}")
            else:
                self.organizations(where, parties["organizations"], text)
                if not parties["countries"]:
                    self.fail(where, "agreement without party countries")
                for c in parties["countries"]:
                    self.country(where, c)
            for p in e["signatories"]:
                self.person(where, p, text)
            key = ("agreement", status, e["kind"])
        if span and published:
            if status in ("held", "signed") and span[0] > published[1]:
                self.fail(where, f"{status} event dated after publication")
            if status == "planned" and span[1] < published[0]:
                self.fail(where, "planned event dated before publication")
        self.stats[key] += 1
        self.stats[("optional" if e["optional"] else "required", etype)] += 1
        if e["background"]:
            self.stats[("background", etype)] += 1

    def check_file(self, gold_path: Path, lang: str, event_ids: set) -> None:
        where = str(gold_path.relative_to(ROOT))
        stem = gold_path.stem
        txt_path = gold_path.parent.parent / f"{stem}.txt"
        meta_path = gold_path.parent.parent / f"{stem}.txt.meta.json"
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            raw = txt_path.read_bytes()
        except (OSError, json.JSONDecodeError) as error:
            self.fail(where, f"unreadable: {error}")
            return
        text = raw.decode("utf-8")
        if raw.startswith(b"\xef\xbb\xbf") or "\r" in text or unicodedata.normalize("NFC", text) != text:
            self.fail(where, "text has a BOM, CR or is not NFC")
        words = len(text.split())
        if not 60 <= words <= 200:
            self.fail(where, f"{words} words (want 60-200)")
        self.stats["words"] += words
        if list(gold) != ["id", "doc", "lang", "published", "negative", "events"]:
            self.fail(where, f"top-level keys {list(gold)}")
            return
        if gold["id"] != stem or gold["doc"] != txt_path.name:
            self.fail(where, "id/doc do not match the file name")
        if not (gold["lang"] == lang == meta.get("lang")) or not stem.startswith(f"{lang}_"):
            self.fail(where, "lang does not match folder/sidecar/file name")
        if gold["published"] != meta.get("published") or set(meta) != {"published", "lang", "title"}:
            self.fail(where, "sidecar published/keys do not match")
        first = text.split("\n", 1)[0]
        if first != meta["title"] and len(first.split()) < 20:
            self.fail(where, "first line looks like a headline but differs from the sidecar title")
        published = self.date(where, gold["published"]) if gold["published"] else None
        if gold["published"] is None:
            self.stats["no_pubdate"] += 1
        if gold["negative"] != (gold["events"] == []):
            self.fail(where, "negative must be true exactly when there are no events")
        if gold["negative"]:
            self.stats["negative"] += 1
        prefix = "_".join(stem.split("_")[:2]) + "_"
        for e in gold["events"]:
            eid = e.get("event_id", "?")
            if not str(eid).startswith(prefix) or eid in event_ids:
                self.fail(where, f"event_id {eid!r} is duplicated or lacks the prefix {prefix}")
            event_ids.add(eid)
            self.check_event(f"{where} {eid}", e, text, published)
        self.stats[("articles", lang)] += 1


def main() -> int:
    checker = Checker()
    event_ids: set = set()
    for lang in LANGS:
        folder = ROOT / lang
        golds = sorted((folder / "gold").glob("*.json"))
        texts = sorted(folder.glob("*.txt"))
        if {p.stem for p in golds} != {p.stem for p in texts}:
            checker.fail(lang, "every article needs exactly one gold file")
        for gold_path in golds:
            checker.check_file(gold_path, lang, event_ids)
    s = checker.stats
    print("articles per language:", {lang: s[("articles", lang)] for lang in LANGS},
          "total", sum(s[("articles", lang)] for lang in LANGS))
    print("negative articles:", s["negative"], "| without publication date:", s["no_pubdate"],
          "| words:", s["words"])
    for key in sorted(k for k in s if isinstance(k, tuple) and k[0] in ("meeting", "agreement")):
        print("  ", " / ".join(key), s[key])
    for key in sorted(k for k in s if isinstance(k, tuple) and k[0] in ("required", "optional", "background")):
        print("  ", " ".join(key), s[key])
    if checker.problems:
        print(f"\n{len(checker.problems)} PROBLEM(S):")
        for problem in checker.problems:
            print("  -", problem)
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
