"""Resource integrity: every field of the resource schemas is read by parley's code (a field nobody
reads is data a linguist maintains for nothing), every language fills the same schema with the same
sections, the name data that extraction and canonicalisation share comes from one place, and the
language knowledge stays out of Python (no language lists or `lang == "xx"` in extract/canonical)."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

from pydantic import BaseModel

from parley.canonical.lexicon import lexicon
from parley.extract.events import people_finder
from parley.extract.geo import fold, gazetteer
from parley.resources.loader import (
    RESOURCE_FILES,
    SHARED,
    BoilerplateFile,
    EventResources,
    LanguageFile,
    NameFile,
    SharedNames,
    available_languages,
    event_resources,
    name_resources,
    resources_root,
)

PARLEY = Path(__file__).resolve().parents[1] / "parley"
# The files' top-level tables (read by the loader itself), and fields known to be unread, each with why.
STRUCTURE = {"boilerplate", "language"}
KNOWN_UNREAD: dict[str, str] = {}
SCHEMAS = (EventResources, BoilerplateFile, LanguageFile, NameFile, SharedNames)
# English is the language of the output's `name_en` columns, not language knowledge: comparing with it is allowed.
TARGET_LANGUAGE = "en"


def _fields(model: type[BaseModel], prefix: str = "") -> list[tuple[str, str]]:
    out = []
    for name, info in model.model_fields.items():
        out.append((f"{prefix}{name}", name))
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out.extend(_fields(annotation, f"{prefix}{name}."))
    return out


def _code() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in PARLEY.rglob("*.py") if p.name != "loader.py")


def _unread(code: str, models: tuple[type[BaseModel], ...]) -> list[str]:
    return [
        path for model in models for path, name in _fields(model)
        if path not in STRUCTURE and not re.search(rf"\.{name}\b|getattr\([^)]*\b{name}\b|\"{name}\"", code)
    ]


def test_every_resource_field_is_read_somewhere() -> None:
    unread = _unread(_code(), SCHEMAS)
    assert sorted(unread) == sorted(KNOWN_UNREAD), f"resource fields that no code reads: {unread}"


def test_the_field_check_can_fail() -> None:
    class Extra(BaseModel):
        surely_nobody_reads_this_field: tuple[str, ...] = ()

    assert _unread(_code(), (Extra,)) == ["surely_nobody_reads_this_field"]


def _toml(lang: str, name: str) -> dict[str, object]:
    with (resources_root() / lang / name).open("rb") as handle:
        return tomllib.load(handle)


def test_every_language_has_the_same_files_and_sections() -> None:
    """The same files, the same top-level tables in each, and no `[names]` left in events.toml (name
    data lives in names.toml only, for both stages)."""
    for name in RESOURCE_FILES:
        sections = {lang: sorted(_toml(lang, name)) for lang in available_languages()}
        assert len({tuple(s) for s in sections.values()}) == 1, (name, sections)
    assert all("names" not in _toml(lang, "events.toml") for lang in available_languages())
    assert not (PARLEY / "canonical" / "names.toml").exists(), "name data lives in parley/resources/"
    assert SHARED not in available_languages()


def test_languages_agree_on_what_they_fill() -> None:
    """Every language either fills a cue list or leaves it empty on purpose; the lists every other
    language fills (triggers, titles, months, signed, case endings ...) are never empty."""
    filled: dict[str, set[str]] = {}
    for lang in available_languages():
        for model, resources in ((EventResources, event_resources(lang)), (NameFile, name_resources(lang))):
            for path, _ in _fields(model):
                value = resources
                for part in path.split("."):
                    value = getattr(value, part)
                if isinstance(value, (tuple, dict)) and value:
                    filled.setdefault(path, set()).add(lang)
    everyone = set(available_languages())
    for path in ("meetings.triggers", "meetings.negation", "agreements.signed", "agreements.mou",
                 "people.titles", "organizations.heads", "dates.months", "dates.weekdays", "names.case_suffixes",
                 "names.surname_endings", "names.surname_base_endings", "names.coordination", "names.state_words",
                 "names.honorifics"):
        assert filled.get(path) == everyone, (path, everyone - filled.get(path, set()))


def test_both_stages_read_one_list_of_case_endings_and_letters() -> None:
    """Extraction (base forms, the gazetteer) and canonicalisation (name variants) strip the same
    endings and respell with the same letters: those of names.toml."""
    lex = lexicon()
    assert set(lex.case_suffixes) == set(available_languages())
    for lang in available_languages():
        rules = name_resources(lang).names
        assert set(lex.case_suffixes[lang]) == set(rules.case_suffixes), lang
        assert set(people_finder(lang).case_suffixes) == set(rules.case_suffixes), lang
        assert gazetteer(lang).case_endings == {fold(s) for s in rules.case_suffixes}, lang
        assert people_finder(lang).letters == dict(rules.latin), lang
        assert lex.letters[lang].items() <= dict(rules.latin).items(), lang
        assert (lang in lex.names.respell_for_display) == bool(rules.latin), lang
    cyrillic = {s for lang in lex.cyrillic_languages for s in name_resources(lang).names.case_suffixes}
    assert set(lex.cyrillic_suffixes) == cyrillic


def _language_literals(path: Path, codes: set[str]) -> list[str]:
    """Collections of two or more language codes, and comparisons of a language with a code."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set, ast.Dict)):
            items = node.keys if isinstance(node, ast.Dict) else node.elts
            strings = [i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)]
            if sum(1 for s in strings if s in codes) >= 2:
                found.append(f"{path.name}:{node.lineno}: {strings}")
        if isinstance(node, ast.Compare):
            constants = [c.value for c in [node.left, *node.comparators] if isinstance(c, ast.Constant)]
            if any(c in codes - {TARGET_LANGUAGE} for c in constants):
                found.append(f"{path.name}:{node.lineno}: compares with {constants}")
    return found


def test_no_language_lists_in_extraction_or_canonicalisation() -> None:
    codes = set(available_languages())
    found = [
        hit for folder in ("extract", "canonical") for path in sorted((PARLEY / folder).rglob("*.py"))
        for hit in _language_literals(path, codes)
    ]
    assert not found, found


def test_the_language_list_check_can_fail(tmp_path: Path) -> None:
    source = tmp_path / "bad.py"
    source.write_text('HEAD_FINAL = {"az", "tr"}\nif lang == "ru":\n    pass\nok = lang == "en"\n', encoding="utf-8")
    assert len(_language_literals(source, {"az", "tr", "ru", "en"})) == 2
