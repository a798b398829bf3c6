"""Load and validate the per-language resource files against closed schemas (every problem at once)."""

from __future__ import annotations

import hashlib
import tomllib
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

RESOURCE_FILES: tuple[str, ...] = ("language.toml", "boilerplate.toml", "events.toml")


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
    anaphora: Patterns = Field(description='Refers back to the meeting already reported ("at the meeting").')
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
    signed: Patterns = Field(min_length=1)
    planned: Patterns
    draft: Patterns = Field(description="A draft or initialled text: status discussed.")
    discussed: Patterns
    negation: Patterns = Field(description='"was not signed": no event.')
    head_final: bool = Field(description='Modifiers precede the document noun (az "... haqqında Memorandum").')
    implementation: Patterns = Field(description='"action plan on the implementation of the MoU": only the plan counts.')
    joint_signers: Patterns = Field(description='"both", "the ministers": the meeting\'s participants signed.')
    parties: Patterns = Field(description='"between": introduces the parties.')


class PeopleCues(_Closed):
    titles: Patterns = Field(min_length=1, description="Titles and roles written before or after a name.")
    speech_verbs: Patterns = Field(description="A named speaker at a meeting is one of its participants.")
    international: Patterns = Field(description="International organisations: their officials represent no country.")


class OrganizationCues(_Closed):
    heads: Patterns = Field(min_length=1, description="Head nouns of organisation names: Ministry, Nazirliyi.")


class DateCues(_Closed):
    months: tuple[Patterns, ...] = Field(min_length=12, max_length=12, description="Month names, January first.")
    weekdays: tuple[Patterns, ...] = Field(min_length=7, max_length=7, description="Weekday names, Monday first.")
    last_year: Patterns
    this_year: Patterns
    next_year: Patterns


class NameRules(_Closed):
    case_suffixes: Patterns = Field(description="Case endings that may follow a name (longest is tried first).")
    latin: dict[str, str] = Field(description="Letters replaced before transliteration (az c -> j, x -> kh).")
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


class CountryCues(_Closed):
    home: str = Field(pattern=r"^([A-Z]{2})?$", description="Country of a press release's own officials, or empty.")
    adjectives: dict[str, Patterns] = Field(description="ISO alpha-2 -> adjectives and demonyms.")
    names: dict[str, Patterns] = Field(description="ISO alpha-2 -> names that the ISO 3166 translations lack.")


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
    names: NameRules
    countries: CountryCues
    topics: TopicCues = Field(default_factory=TopicCues)


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


def _validated(lang: str, name: str, schema: type[BaseModel], root: Path | None = None) -> BaseModel:
    """Read `<lang>/<name>` and validate it against its closed schema (all problems reported)."""
    try:
        return schema.model_validate(_read_toml(lang, name, root))
    except ValidationError as error:
        raise ResourceError(f"{lang}/{name} does not match its schema:\n{error}") from None


@cache
def language_info(lang: str) -> LanguageInfo:
    """The validated identity resource of one language."""
    return _validated(lang, "language.toml", LanguageFile).language  # type: ignore[attr-defined]


@cache
def boilerplate(lang: str) -> Boilerplate:
    """The validated boilerplate resource of one language."""
    return _validated(lang, "boilerplate.toml", BoilerplateFile).boilerplate  # type: ignore[attr-defined]


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
def event_resources(lang: str) -> EventResources:
    """The validated extraction cues of one language."""
    return _validated(lang, "events.toml", EventResources)  # type: ignore[return-value]


@cache
def resources_version(root: Path | None = None) -> str:
    """A content hash of every resource file: extraction results are reused only while it is unchanged."""
    digest = hashlib.sha256()
    base = root or resources_root()
    for path in sorted(base.glob("*/*.toml")):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def validate_all(root: Path | None = None) -> list[str]:
    """Every problem in every language folder under `root` (default: parley's), as messages."""
    problems: list[str] = []
    for lang in available_languages(root):
        for name in RESOURCE_FILES:
            try:
                _validated(lang, name, _SCHEMAS[name], root)
            except ResourceError as error:
                problems.append(str(error))
    return problems


_SCHEMAS: dict[str, type[BaseModel]] = {
    "language.toml": LanguageFile,
    "boilerplate.toml": BoilerplateFile,
    "events.toml": EventResources,
}
