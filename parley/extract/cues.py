"""The compiled cues of one language: pattern sets from events.toml, regexes from names.toml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from parley.extract.patterns import PatternSet
from parley.extract.people import PeopleFinder
from parley.resources.loader import EventResources, event_resources, language_info, name_resources

KINDS = ("mou", "action_plan", "treaty", "agreement", "protocol", "other")


@dataclass(frozen=True)
class Cues:
    """Compiled pattern sets of one language."""

    meeting: PatternSet
    meeting_lemmas: PatternSet  # on the lemma view (parley.extract.lemmas)
    anaphora: PatternSet
    attendance: PatternSet
    exclusions: PatternSet
    meeting_planned: PatternSet
    meeting_negation: PatternSet
    sequence: PatternSet
    delegation: PatternSet
    comitative: PatternSet
    summits: PatternSet
    bilateral: PatternSet
    visits: PatternSet
    summit_planned: PatternSet
    video: PatternSet
    online: PatternSet
    phone: PatternSet
    kinds: PatternSet  # every kind's patterns in one pass
    kind_of: dict[str, str]  # pattern -> kind
    generic: PatternSet
    counts: PatternSet  # number words before a document kind: a count, not a document
    signed: PatternSet
    agreement_planned: PatternSet
    draft: PatternSet
    discussed: PatternSet
    in_effect: PatternSet
    agreement_negation: PatternSet
    implementation: PatternSet
    parties: PatternSet  # "between", "arasında", "o'rtasida": the sides of a document come before it
    title_stops: PatternSet  # where a title after its kind word ends: status cues, months, weekdays, "was"
    joint_signers: PatternSet
    signed_passive: PatternSet
    signed_by: PatternSet
    speech: PatternSet
    verb_second: bool  # the subject may follow the trigger ("traf der Minister den A, den B ...")
    head_final: bool
    topics: dict[str, PatternSet]
    conference: PatternSet
    enumeration_gap: re.Pattern[str]  # what separates the items of an enumeration: a comma, "and", "və" ...
    coordination: re.Pattern[str]  # the whole gap between two coordinated documents ("and an")
    coordination_after_title: re.Pattern[str]  # the gap's end after the first one's title ("... between Turkey and Mali and The")
    comma_after_title: re.Pattern[str]  # an enumeration's inner gap after a title ("... on energy, an")
    title_tail: re.Pattern[str]  # punctuation and "and (the)" left at the end of a title
    title_head: re.Pattern[str]  # head-final: "and", "with", "also" before a title ("ile bu belgenin ...", "Həmçinin ...")


@cache
def cues(lang: str) -> Cues:
    r: EventResources = event_resources(lang)
    m, a = r.meetings, r.agreements
    names = name_resources(lang).names
    ands = "|".join(re.escape(w) for w in sorted(names.coordination, key=len, reverse=True))
    articles = "|".join(re.escape(w) for w in sorted(names.function_words, key=len, reverse=True))
    article = rf"(?:\s+(?:{articles}))?" if articles else ""
    glue = "|".join(re.escape(w) for w in sorted({*names.coordination, *names.leading_glue}, key=len, reverse=True))
    return Cues(
        meeting=PatternSet(m.triggers), meeting_lemmas=PatternSet(m.lemma_triggers), anaphora=PatternSet(m.anaphora), attendance=PatternSet(m.attendance), exclusions=PatternSet(m.exclusions),
        meeting_planned=PatternSet(m.planned), meeting_negation=PatternSet(m.negation), sequence=PatternSet(m.sequence),
        delegation=PatternSet(m.delegation), comitative=PatternSet(m.comitative), summits=PatternSet(m.summits), bilateral=PatternSet(m.bilateral), visits=PatternSet(m.visits), summit_planned=PatternSet(m.summit_planned),
        video=PatternSet(m.format_video), online=PatternSet(m.format_online), phone=PatternSet(m.format_phone),
        kinds=PatternSet(p for kind in KINDS for p in getattr(a, kind)),
        kind_of={p: kind for kind in reversed(KINDS) for p in getattr(a, kind)},
        generic=PatternSet(a.generic), counts=PatternSet(a.count_words),
        signed=PatternSet(a.signed), agreement_planned=PatternSet(a.planned), draft=PatternSet(a.draft),
        discussed=PatternSet(a.discussed), in_effect=PatternSet(a.in_effect), agreement_negation=PatternSet(a.negation),
        topics={label: PatternSet(words) for label, words in r.topics.labels.items()},
        conference=PatternSet(r.topics.conference_words),
        implementation=PatternSet(a.implementation), parties=PatternSet(a.parties), joint_signers=PatternSet(a.joint_signers),
        title_stops=PatternSet([*a.title_stops, *a.signed, *a.planned, *a.discussed, *_date_words(r)]),
        signed_passive=PatternSet(a.signed_passive), signed_by=PatternSet(a.signed_by),
        speech=PatternSet(r.people.speech_verbs), verb_second=language_info(lang).verb_second,
        head_final=language_info(lang).head_final,
        enumeration_gap=re.compile(rf",|\b(?:{ands})\b", re.IGNORECASE),
        coordination=re.compile(rf"^[\s,]*(?:(?:{ands})\s+(?:\w+\s+){{0,2}})?$", re.IGNORECASE),
        coordination_after_title=re.compile(rf"^[^,;:()]{{0,100}}\s(?:{ands})\s+(?:\w+\s+){{0,1}}$", re.IGNORECASE),
        comma_after_title=re.compile(r"^[^;:()]{0,150},\s+(?:\w+\s+){0,1}$"),
        title_tail=re.compile(rf"(?:[\s,;.]+(?:(?:{ands}){article})?)+$", re.IGNORECASE),
        title_head=re.compile(rf"^(?:(?:{glue})\s+)+", re.IGNORECASE) if glue else re.compile("(?!)"),
    )


def _date_words(r: EventResources) -> list[str]:
    """Month and weekday names and the relative days and weeks: a date ends a title ("the memorandum
    on labour migration | on Tuesday")."""
    d = r.dates
    named = [p for names in (*d.months, *d.weekdays) for p in names]
    return [*named, *d.last_week, *d.this_week, *d.next_week, *d.yesterday, *d.today, *d.tomorrow]


@cache
def people_finder(lang: str) -> PeopleFinder:
    return PeopleFinder(lang, event_resources(lang))
