"""Load and validate the per-language resource files against closed schemas (every problem at once)."""

from __future__ import annotations

import hashlib
import importlib
import re
import tomllib
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path
from types import ModuleType

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

RESOURCE_FILES: tuple[str, ...] = ("language.toml", "boilerplate.toml", "names.toml", "events.toml")
SHARED = "_shared"  # name data of no single language; folders starting with "_" are no languages
HOOKS = "hooks.py"  # optional per-language module: rules that data cannot say (Russian base forms)


class ResourceError(ValueError):
    """A resource file is missing or does not match its schema."""


class Boilerplate(BaseModel):
    """Site furniture in one language, removed from bodies during ingestion."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    view_counters: tuple[str, ...] = Field(
        description='Labels of view counters, "Read" for "Read: 1126"; dropped, also after a dateline.'
    )
    footer_markers: tuple[str, ...] = Field(
        description="A line equal to one of these starts the site footer: it and all after it are dropped."
    )
    drop_lines: tuple[str, ...] = Field(
        default=(), description="Whole lines dropped wherever they stand (share buttons and the like)."
    )


class LanguageInfo(BaseModel):
    """Who the language is: its name, scripts and alphabet (used to judge legacy-encoding guesses)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="English name of the language.")
    scripts: tuple[str, ...] = Field(min_length=1, description="ISO 15924 scripts it is written in.")
    alphabet: str = Field(min_length=10, description="Lower-case letters of its alphabet(s).")
    head_final: bool = Field(
        description='Modifiers precede their noun (Turkic): a title stands right before its name, a document\'s '
        'name before its kind ("... haqqında Memorandum"), the counterparts before the comitative ("A, B və C ilə").'
    )
    ordinal_period: bool = Field(
        False,
        description='Ordinals are written with a period ("12. Dönem", "am 23. August"): a period after a number '
        "ends no sentence (parley.nlp.sentences joins a model's break there).",
    )
    verb_second: bool = Field(
        False,
        description='The finite verb comes second and the subject may follow it (German): "Danach traf der Minister den A, '
        'den B und den C" has its subject after the verb.',
    )
    nouns_capitalised: bool = Field(
        False,
        description='Every noun is written with a capital (German): a capitalised word beside a month ("Anfang Juni") '
        'says nothing of a name, as it does in "Theresa May".',
    )


class LanguageFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    language: LanguageInfo


class BoilerplateFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    boilerplate: Boilerplate


Patterns = tuple[str, ...]


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MeetingCues(_Closed):
    """What makes a sentence report a meeting, and what changes its status or format."""

    triggers: Patterns = Field(min_length=1, description="A meeting is reported: met, talks, görüş*, встреч*.")
    lemma_triggers: Patterns = Field(
        default=(),
        description="The same, matched on Stanza's lemmas (dictionary forms joined by spaces: \"провести переговоры\", "
        "\"empfangen\"), so every inflection counts; used where a model gives lemmas, beside the surface triggers.",
    )
    anaphora: Patterns = Field(description='Refers back to the meeting already reported ("at the meeting").')
    attendance: Patterns = Field(
        default=(), description='With an anaphora, the people named take part: "At the meeting, A and B were present", "Tədbirdə A iştirak edəcək".'
    )
    exclusions: Patterns = Field(description="Look like meetings but are not: press conferences, briefings.")
    planned: Patterns = Field(description="Future or announced meetings.")
    negation: Patterns = Field(description="The meeting did not take place.")
    sequence: Patterns = Field(description='"then", "later": a new counterpart in the same sentence.')
    delegation: Patterns = Field(
        default=(), description='"headed the delegation": people named next to the meeting sentence took part.'
    )
    comitative: Patterns = Field(
        default=(),
        description='Head-final languages: the postposition after the counterparts ("A, B və C ilə görüşüb"); '
        "an enumeration before it is one meeting per counterpart.",
    )
    visits: Patterns = Field(
        default=(),
        description='Words of a visit ("visit to", "Reise nach", "визит в", "səfəri"): the country visited (after the '
        "word, or before it in a head-final language) is where a meeting without a city took place.",
    )
    bilateral: Patterns = Field(
        default=(),
        description='Words that say a meeting has two sides ("bilateral talks", "двусторонняя встреча"): such a '
        "mention is another encounter than a trilateral or multilateral one with the same person.",
    )
    summits: Patterns = Field(
        default=(),
        description='Multilateral meetings ("summit", "Gipfeltreffen", "саммит"): a meeting even in a sentence that '
        'speaks of another one ("At the meeting, preparations for the summit were discussed"), and one named '
        "country (its host) is enough.",
    )
    summit_planned: Patterns = Field(
        default=(), description='Words right before a summit that make it one still to come ("preparations for the summit").'
    )
    format_video: Patterns
    format_online: Patterns
    format_phone: Patterns


class AgreementCues(_Closed):
    """Document kinds and the cues for their status."""

    mou: Patterns = Field(min_length=1)
    action_plan: Patterns = Field(min_length=1)
    treaty: Patterns = Field(min_length=1)
    agreement: Patterns = Field(min_length=1)
    protocol: Patterns = Field(min_length=1)
    other: Patterns = Field(min_length=1)
    generic: Patterns = Field(description='"cooperation document": an agreement only in the singular, with parties.')
    count_words: Patterns = Field(
        default=(),
        description='Numbers and quantifiers in words ("two", "several", "bir sıra"): "four agreements were signed" '
        "counts documents and names none, so it is no agreement event (nor is \"4 anlaşma\").",
    )
    signed: Patterns = Field(min_length=1)
    planned: Patterns
    draft: Patterns = Field(description="A draft or initialled text: status discussed.")
    discussed: Patterns
    in_effect: Patterns = Field(
        default=(),
        description='Words that take the document as existing ("the progress made on the Action Plan", "реализации '
        'минских соглашений"): status signed, where no word of planning, drafting or signing says otherwise.',
    )
    negation: Patterns = Field(description='"was not signed": no event.')
    implementation: Patterns = Field(description='"action plan on the implementation of the MoU": only the plan counts.')
    joint_signers: Patterns = Field(description='"both", "the ministers": the meeting\'s participants signed.')
    signed_passive: Patterns = Field(
        default=(), description='"was signed", "imzalandı": a passive signing; the people of its sentence signed only with an agent.'
    )
    signed_by: Patterns = Field(default=(), description='"by", "tarafından": the agent of a passive signing.')
    parties: Patterns = Field(description='"between": introduces the parties.')
    title_stops: Patterns = Field(
        default=(),
        description='Words that end a title written after its kind word (head-initial languages), besides the status '
        'cues and the names of months and weekdays: "the memorandum on labour migration | was signed".',
    )


class PeopleCues(_Closed):
    titles: Patterns = Field(min_length=1, description="Titles and roles written before or after a name.")
    speech_verbs: Patterns = Field(description="A named speaker at a meeting is one of its participants.")
    international: Patterns = Field(description="International organisations: their officials represent no country.")


class OrganizationCues(_Closed):
    heads: Patterns = Field(min_length=1, description="Head nouns of organisation names: Ministry, Nazirliyi.")
    glue: tuple[str, ...] = Field(
        default=(), description='Lower-case words inside an organisation\'s name besides `coordination` ("of", "für").'
    )
    joiners: tuple[str, ...] = Field(
        default=(),
        description='Words besides `coordination` that join two organisations\' names ("... Nazirliyi ilə ... Nazirliyi"): '
        "an entity Stanza tags over both is cut there when another head word follows.",
    )
    lowercase_modifiers: bool = Field(
        default=False, description='Lower-case words after the head are part of the name ("Министерство труда и социальной защиты").'
    )
    adjective_endings: tuple[str, ...] = Field(
        default=(),
        description='Endings of the lower-case adjectives a name may hold between its capitalised first word and its head '
        '("Государственной миграционной службы"); empty: none.',
    )


class DateCues(_Closed):
    months: tuple[Patterns, ...] = Field(min_length=12, max_length=12, description="Month names, January first.")
    weekdays: tuple[Patterns, ...] = Field(min_length=7, max_length=7, description="Weekday names, Monday first.")
    ordinal_endings: tuple[str, ...] = Field(
        default=(), description='Endings of an ordinal day number ("12-ci", "1st", "23-го"); a dot is always allowed.'
    )
    last_year: Patterns
    this_year: Patterns
    next_year: Patterns
    period_before: tuple[str, ...] = Field(
        default=(), description='Words right before a year that make it a validity period, not a date ("план на 2023 год").'
    )
    period_after: tuple[str, ...] = Field(
        default=(), description='Postpositions after a year that make it a validity period ("2025-ci il üçün", "2025 yılı için").'
    )
    last_week: Patterns = Field(description='"last week": Monday to Sunday of the week before publication.')
    this_week: Patterns = Field(description='"this week": the publication\'s own week.')
    next_week: Patterns = Field(description='"next week", "на следующей неделе": the week after publication.')
    last_month: Patterns = Field(default=(), description='"last month", "geçen ay": the month before publication.')
    this_month: Patterns = Field(default=(), description='"earlier this month", "в этом месяце": the publication\'s own month.')
    next_month: Patterns = Field(default=(), description='"next month", "gələn ay": the month after publication.')
    yesterday: Patterns = Field(description='"yesterday", "вчера": the day before publication.')
    today: Patterns = Field(description='"today", "bu gün": the day of publication.')
    tomorrow: Patterns = Field(description='"tomorrow", "завтра": the day after publication.')


class CountryCues(_Closed):
    home: str = Field(pattern=r"^([A-Z]{2})?$", description="Country of a press release's own officials, or empty.")
    adjectives: dict[str, Patterns] = Field(description="ISO alpha-2 -> adjectives and demonyms.")
    names: dict[str, Patterns] = Field(description="ISO alpha-2 -> names that the ISO 3166 translations lack.")
    cities: dict[str, tuple[str, ...]] = Field(
        default_factory=dict,
        description='GeoNames English city name -> how this language writes it where GeoNames has no such form ("Geneva" -> "Cenevrə").',
    )


class TopicCues(_Closed):
    """Topic label (English, shared by all languages) -> words that mark it."""

    labels: dict[str, Patterns] = Field(default_factory=dict)
    conference_words: Patterns = Field(
        default=(), description='"conference", "forum": a quoted name right after one is the meeting\'s name.'
    )


class EventResources(_Closed):
    """Everything extraction needs to know about one language (parley/resources/<lang>/events.toml)."""

    meetings: MeetingCues
    agreements: AgreementCues
    people: PeopleCues
    organizations: OrganizationCues
    dates: DateCues
    countries: CountryCues
    topics: TopicCues = Field(default_factory=TopicCues)


Words = tuple[str, ...]
Rewrites = tuple[tuple[str, str], ...]


def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as error:
        raise ValueError(f"{pattern!r} is no regular expression: {error}") from None
    return pattern


class NameRules(_Closed):
    """How names look and inflect in one language (`[names]` of names.toml): read by extraction and by
    canonicalisation alike, so both stages strip and respell the same endings and letters."""

    case_suffixes: Words = Field(description="Case endings that may follow a name (longest is tried first).")
    latin: dict[str, str] = Field(
        description="Letters replaced before transliteration (az c -> j, x -> kh): the Latin form of a name in both "
        "stages; a language with a table also gets it as the displayed spelling of canonical names."
    )
    latin_matching: Rewrites = Field(
        default=(), description="Regex rewrites (in order, lower-cased Latin form) that only help matching names."
    )
    surname_endings: Words = Field(min_length=1, description="The last word of a name ending so is a surname (-ov, -оглы).")
    surname_base_endings: Words = Field(description="A stem ending so is a surname's base form (Babayev|lə).")
    honorifics: Words = Field(description="Courtesy titles before a name, never part of it (Dr., Herr, bəy).")
    function_words: Words = Field(description="Capitalised at a sentence start, never part of a name (The, Der).")
    state_words: Words = Field(description="Starts of words of state names, never part of a person's name (respubli).")
    coordination: Words = Field(min_length=1, description='"and": joins enumerations and the words of organisation names.')
    companions: Words = Field(description='"with", "by": a preposition that ends the description of the name before it.')
    leading_glue: Words = Field(description='Words a title phrase never starts with ("and Foreign Minister X").')
    title_glue: Words = Field(description='Lower-case words inside a capitalised title ("Minister of Labour").')
    common_noun_endings: Patterns = Field(
        default=(), description="Capitalised words ending so are nouns, not names (German -ung, -tion)."
    )
    not_names: Patterns = Field(
        default=(),
        description='Capitalised words never part of a person\'s name: "News", "Institution", "Insurance" '
        '(news agencies, institutions and programmes that a title or a PER tag would otherwise make people).',
    )
    apostrophe_letters: str = Field(
        default="",
        description='Letters that an apostrophe after them modifies (Uzbek o‘, g‘): there the apostrophe is '
        'part of the word, not the start of a case ending ("Chavusho‘g‘li", not "Chavusho" + "‘g‘li").',
    )

    @field_validator("latin_matching")
    @classmethod
    def _rewrites_compile(cls, value: Rewrites) -> Rewrites:
        for pattern, _ in value:
            _compiles(pattern)
        return value


class PlaceRules(_Closed):
    """How place names inflect (`[places]` of names.toml)."""

    endings: Words | None = Field(default=None, description="The endings a place name takes; absent: any short ending.")
    max_ending: int = Field(default=6, ge=0, description="At most so many letters are cut from a place name.")
    stem_final_letters: str = Field(default="", description="A final letter that also gives the stem (Турци|я).")
    not_places: Words = Field(
        default=(),
        description='Common words that read as a place with an ending and are none ("Sanayi": Sana\'a + -yi); a final `*` '
        "covers every form of the word.",
    )


class NameFile(_Closed):
    names: NameRules
    places: PlaceRules = Field(default_factory=PlaceRules)


class SharedNameWords(_Closed):
    particles: Words = Field(description="Name particles (van, von, ibn): inside a name, ignored for matching.")
    patronymic_markers: Words = Field(description="oglu, qizi: dropped with the father's name before them.")
    patronymic_pattern: str = Field(description="Regex of Russian-style patronymics (transliterated).")

    @field_validator("patronymic_pattern")
    @classmethod
    def _pattern_compiles(cls, value: str) -> str:
        return _compiles(value)


class CountryGroup(_Closed):
    forms: tuple[str, ...] = Field(min_length=1, description='The name as written, in every script ("C5+1", "С5+1"); exact, case-sensitive.')
    members: tuple[str, ...] = Field(min_length=2, description="ISO alpha-2 codes of the member countries.")

    @field_validator("members")
    @classmethod
    def _iso_members(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = sorted(code for code in value if not re.fullmatch(r"[A-Z]{2}", code))
        if bad:
            raise ValueError(f"not ISO alpha-2 codes: {bad}")
        return value


class SharedNames(_Closed):
    """Name data of no single language (`_shared/names.toml`)."""

    cyrillic_rules: Rewrites = Field(description="Regex rewrites of every Cyrillic token towards English-press spelling.")
    latin_as_cyrillic_rules: Rewrites = Field(
        default=(),
        description="Regex rewrites of a Latin-script token towards how Cyrillic texts render a foreign name (an extra matching variant).",
    )
    names: SharedNameWords
    countries: dict[str, str] = Field(description="English country name -> ISO alpha-2 code.")
    country_groups: tuple[CountryGroup, ...] = Field(
        default=(), description='Format names that stand for their member countries ("C5+1": the five Central Asian states and the US).'
    )
    venues: tuple[str, ...] = Field(
        default=(),
        description="GeoNames names of towns where diplomacy happens, recognised whatever their size (Geneva, Davos, Cholpon-Ata); "
        "otherwise a city counts when it is a capital, has a million people, or 100,000 in a focus country.",
    )

    @field_validator("cyrillic_rules", "latin_as_cyrillic_rules")
    @classmethod
    def _cyrillic_compile(cls, value: Rewrites) -> Rewrites:
        for pattern, _ in value:
            _compiles(pattern)
        return value

    @field_validator("countries")
    @classmethod
    def _iso_codes(cls, value: dict[str, str]) -> dict[str, str]:
        bad = sorted(code for code in value.values() if not re.fullmatch(r"[A-Z]{2}", code))
        if bad:
            raise ValueError(f"not ISO alpha-2 codes: {bad}")
        return value


def resources_root() -> Path:
    return Path(str(importlib_resources.files("parley.resources")))


def available_languages(root: Path | None = None) -> list[str]:
    """Languages that have a resource folder."""
    root = root or resources_root()
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_"))


def _read_toml(lang: str, name: str, root: Path | None = None) -> dict[str, object]:
    path = (root or resources_root()) / lang / name
    if not path.is_file():
        raise ResourceError(
            f"{path} is missing: every language folder needs {list(RESOURCE_FILES)} "
            "(see parley/resources/README.md)"
        )
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ResourceError(f"{path}: invalid TOML: {error}") from None


def read_resource(lang: str, name: str, schema: type[BaseModel], root: Path | None = None) -> BaseModel:
    """Read `<lang>/<name>` and validate it against its closed schema (all problems reported)."""
    try:
        return schema.model_validate(_read_toml(lang, name, root))
    except ValidationError as error:
        raise ResourceError(f"{lang}/{name} does not match its schema:\n{error}") from None


@cache
def language_info(lang: str) -> LanguageInfo:
    """The validated identity resource of one language."""
    return read_resource(lang, "language.toml", LanguageFile).language  # type: ignore[attr-defined]


@cache
def boilerplate(lang: str) -> Boilerplate:
    """The validated boilerplate resource of one language."""
    return read_resource(lang, "boilerplate.toml", BoilerplateFile).boilerplate  # type: ignore[attr-defined]


@cache
def all_boilerplate() -> Boilerplate:
    """The union over all languages: sites often keep labels of another language (a German page with
    an English dateline), and layout runs before the language is settled."""
    parts = [boilerplate(lang) for lang in available_languages()]
    return Boilerplate(
        view_counters=tuple(sorted({x for p in parts for x in p.view_counters})),
        footer_markers=tuple(sorted({x for p in parts for x in p.footer_markers})),
        drop_lines=tuple(sorted({x for p in parts for x in p.drop_lines})),
    )


@cache
def name_resources(lang: str) -> NameFile:
    """The validated name rules of one language (both extraction and canonicalisation read them)."""
    return read_resource(lang, "names.toml", NameFile)  # type: ignore[return-value]


@cache
def shared_names(root: Path | None = None) -> SharedNames:
    """The validated name data of no single language."""
    return read_resource(SHARED, "names.toml", SharedNames, root)  # type: ignore[return-value]


@cache
def hooks(lang: str) -> ModuleType | None:
    """The language's hook module (`<lang>/hooks.py`), or None: rules that data cannot say."""
    if not (resources_root() / lang / HOOKS).is_file():
        return None
    return importlib.import_module(f"parley.resources.{lang}.{HOOKS.removesuffix('.py')}")


@cache
def event_resources(lang: str) -> EventResources:
    """The validated extraction cues of one language."""
    return read_resource(lang, "events.toml", EventResources)  # type: ignore[return-value]


@cache
def resources_version(root: Path | None = None) -> str:
    """A content hash of every resource file: extraction results are reused only while it is unchanged."""
    digest = hashlib.sha256()
    base = root or resources_root()
    for path in sorted([*base.glob("*/*.toml"), *base.glob(f"*/{HOOKS}")]):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def validate_all(root: Path | None = None) -> list[str]:
    """Every problem in every language folder under `root` (default: parley's), as messages."""
    problems: list[str] = []
    for lang in available_languages(root):
        for name in RESOURCE_FILES:
            try:
                read_resource(lang, name, _SCHEMAS[name], root)
            except ResourceError as error:
                problems.append(str(error))
    try:
        read_resource(SHARED, "names.toml", SharedNames, root)
    except ResourceError as error:
        problems.append(str(error))
    return problems


_SCHEMAS: dict[str, type[BaseModel]] = {
    "language.toml": LanguageFile,
    "boilerplate.toml": BoilerplateFile,
    "names.toml": NameFile,
    "events.toml": EventResources,
}
