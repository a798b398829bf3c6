"""The name-matching data of canonicalisation, read from parley's per-language resources (the same
case endings and letter tables extraction uses: `parley/resources/<lang>/names.toml`) and the name
data of no single language (`parley/resources/_shared/names.toml`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from parley.resources.loader import (
    SHARED,
    LanguageFile,
    NameFile,
    SharedNames,
    available_languages,
    read_resource,
    validate_all,
)

Rewrites = tuple[tuple[str, str], ...]


class LexiconError(ValueError):
    """The name resources are missing or do not match their schema."""


@dataclass(frozen=True)
class NameWords:
    """Words inside names that are not given names or surnames."""

    particles: frozenset[str]
    patronymic_markers: frozenset[str]
    patronymic_pattern: str
    respell_for_display: frozenset[str]  # languages whose letter table also gives the displayed spelling


@dataclass(frozen=True)
class Lexicon:
    """Everything canonicalisation needs to match names, per language."""

    cyrillic_rules: Rewrites
    latin_as_cyrillic_rules: Rewrites  # a Latin token as Cyrillic texts render foreign names (matching only)
    letters: dict[str, dict[str, str]]  # language -> lower-case letter table (names.toml `latin`)
    latin_rules: dict[str, Rewrites]  # language -> rewrites that only help matching (`latin_matching`)
    case_suffixes: dict[str, tuple[str, ...]]  # language -> case endings, longest first
    cyrillic_suffixes: tuple[str, ...]  # a Cyrillic token in a language not written in Cyrillic
    apostrophe_letters: dict[str, str]
    names: NameWords
    countries: dict[str, str]
    cyrillic_languages: frozenset[str]

    def suffixes(self, lang: str | None, cyrillic: bool = False) -> tuple[str, ...]:
        """Case endings of a token of `lang` (a Cyrillic token of a Latin-script language: those of the
        languages written in Cyrillic), longest first."""
        if cyrillic and lang not in self.cyrillic_languages:
            return self.cyrillic_suffixes
        return self.case_suffixes.get(lang or "", ())

    def latinise(self, text: str, lang: str | None, matching: bool = True) -> str:
        """A lower-cased Latin-script token respelled: the language's letter table, then (for matching)
        its matching-only rewrites."""
        table = self.letters.get(lang or "")
        if table:
            text = "".join(table.get(ch, ch) for ch in text)
        if matching:
            for pattern, replacement in self.latin_rules.get(lang or "", ()):
                text = re.sub(pattern, replacement, text)
        return text


def _longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda s: (-len(s), s)))


def load_lexicon(root: Path | None = None) -> Lexicon:
    """Read and validate the name resources under `root` (default: parley's); raise LexiconError
    naming every problem."""
    problems = validate_all(root)
    if problems:
        raise LexiconError("\n".join(problems))
    langs = available_languages(root)
    names = {lang: read_resource(lang, "names.toml", NameFile, root).names for lang in langs}  # type: ignore[attr-defined]
    scripts = {lang: read_resource(lang, "language.toml", LanguageFile, root).language.scripts for lang in langs}  # type: ignore[attr-defined]
    shared: SharedNames = read_resource(SHARED, "names.toml", SharedNames, root)  # type: ignore[assignment]
    cyrillic = frozenset(lang for lang in langs if "Cyrl" in scripts[lang])
    letters = {lang: {k: v for k, v in n.latin.items() if k == k.lower()} for lang, n in names.items()}
    return Lexicon(
        cyrillic_rules=shared.cyrillic_rules,
        latin_as_cyrillic_rules=shared.latin_as_cyrillic_rules,
        letters=letters,
        latin_rules={lang: n.latin_matching for lang, n in names.items()},
        case_suffixes={lang: _longest_first(n.case_suffixes) for lang, n in names.items()},
        cyrillic_suffixes=_longest_first(tuple(s for lang in cyrillic for s in names[lang].case_suffixes)),
        apostrophe_letters={lang: n.apostrophe_letters for lang, n in names.items()},
        names=NameWords(
            particles=frozenset(shared.names.particles),
            patronymic_markers=frozenset(shared.names.patronymic_markers),
            patronymic_pattern=shared.names.patronymic_pattern,
            respell_for_display=frozenset(lang for lang, table in letters.items() if table),
        ),
        countries=dict(shared.countries),
        cyrillic_languages=cyrillic,
    )


@cache
def lexicon() -> Lexicon:
    """parley's own lexicon, read once per process."""
    return load_lexicon()
