"""People and organisations in a sentence: names, their base forms, Latin forms, titles and countries.

A person is a run of capitalised words that Stanza tags as PER, or that a title introduces ("Minister
... Sahil Babayev"), or whose last word has the shape of a regional surname (-ov, -yev, -оглы, -zoda,
with a case ending). A lone surname counts when it repeats a person already found in the document.
Base forms strip case endings with the language's own rules and the evidence of the document (a bare
"Babayev" elsewhere makes "Babayevlə" Babayev); Latin forms use the language's letter table
(Azerbaijani c -> j, x -> kh) and then anyascii, so the same person matches across scripts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from anyascii import anyascii

from parley.extract.chars import APOSTROPHE_CLASS, WORD_CHARS, ascii_fold
from parley.extract.geo import Place, fold, gazetteer
from parley.extract.patterns import Hit, PatternSet
from parley.extract.tuning import TUNING
from parley.resources.loader import (
    EventResources,
    hooks,
    language_info,
    name_resources,
    shared_names,
)

TOKEN = re.compile(f"[^\\W\\d_](?:[{WORD_CHARS}\\-]|\\.(?=[^\\W\\d_]))*\\.?")
_APOSTROPHE = re.compile(APOSTROPHE_CLASS)
_CLAUSE_PUNCTUATION = r"[,;:()\"«»“”„]"
_NEVER = re.compile(r"(?!)")


def _alternation(words: Sequence[str]) -> str:
    """Words as one regex alternation, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _ending_regex(endings: Sequence[str], tail: str = "") -> re.Pattern[str]:
    return re.compile(f"(?:{_alternation(endings)}){tail}$", re.IGNORECASE) if endings else _NEVER


def _words_regex(template: str, words: Sequence[str]) -> re.Pattern[str]:
    return re.compile(template.format(_alternation(words)), re.IGNORECASE) if words else _NEVER


@dataclass
class Person:
    """One person mention in a sentence (offsets relative to the sentence)."""

    mention: str
    start: int
    end: int
    name: str
    name_latin: str
    title: str | None = None
    organization: str | None = None
    country: str | None = None
    international: bool = False
    guessed_country: bool = False  # the press release's own country, for want of a better clue
    in_quote: bool = False
    tokens: tuple[str, ...] = field(default_factory=tuple)
    offset: int = 0  # start of the sentence in the document body: body[offset + start : offset + end]

    @property
    def key(self) -> str:
        """Surname key for merging mentions of one person within a document."""
        return fold_latin(self.name_latin.split()[-1]) if self.name_latin else ""


@dataclass(frozen=True)
class Organization:
    name: str
    start: int
    end: int
    country: str | None
    international: bool


def fold_latin(text: str) -> str:
    return ascii_fold(text)


def latin_name(name: str, letters: dict[str, str]) -> str:
    """The Latin form: the language's letter table first (az "Cəmşid" -> "Jamshid"), then anyascii."""
    if letters and not _is_cyrillic(name):
        name = "".join(letters.get(ch, ch) for ch in name)
    out = anyascii(unicodedata.normalize("NFC", name))
    out = _APOSTROPHE.sub("", out).replace("'", "")
    return " ".join(w[:1].upper() + w[1:] for w in out.split())


def _is_cyrillic(text: str) -> bool:
    return any("CYRILLIC" in unicodedata.name(ch, "") for ch in text if ch.isalpha())


class PeopleFinder:
    """Finds people and organisations in sentences of one language."""

    def __init__(self, lang: str, resources: EventResources) -> None:
        self.lang = lang
        rules = name_resources(lang).names
        self.head_final = language_info(lang).head_final
        self.titles = PatternSet(resources.people.titles)
        self.speech = PatternSet(resources.people.speech_verbs)
        self.international = PatternSet(resources.people.international)
        self.org_heads = PatternSet(resources.organizations.heads)
        self.org_joiners = frozenset(resources.organizations.joiners)
        # Organisation heads, international bodies, months and weekdays are never names: one pass.
        self.not_names = PatternSet(
            [*resources.organizations.heads, *resources.people.international,
             *(p for names in resources.dates.months for p in names), *(p for names in resources.dates.weekdays for p in names),
             *rules.not_names]
        )
        self.case_suffixes = sorted(rules.case_suffixes, key=len, reverse=True)
        self.letters = dict(rules.latin)
        self.home = resources.countries.home or None
        self.noun_endings = tuple(rules.common_noun_endings)
        # The last word of a name with a regional surname's shape, case ending and apostrophe suffix allowed.
        # A case ending of the language may follow the surname ending ("Путиным", "Əliyevlə"), any four
        # letters may not: "Koordinator" is no "-in" surname.
        self.surname = _ending_regex(
            rules.surname_endings, r"(?:" + _alternation(rules.case_suffixes) + r")?(?:" + APOSTROPHE_CLASS + r"[^\W\d_]+)?"
        )
        self.surname_base = _ending_regex(rules.surname_base_endings)
        self.honorifics = frozenset(rules.honorifics)
        self.function_words = frozenset(rules.function_words)
        self.particles = frozenset(shared_names().names.particles)
        self.title_glue = frozenset(rules.title_glue)
        self.coordination = frozenset(rules.coordination)
        self.org_glue = frozenset([*rules.coordination, *resources.organizations.glue])
        self.org_lowercase = resources.organizations.lowercase_modifiers
        self.org_adjective_endings = tuple(resources.organizations.adjective_endings)
        self.state_words = _words_regex("^(?:{})", rules.state_words)
        self.leading_glue = _words_regex(r"^(?:(?:{})\s+)+", rules.leading_glue)
        self.boundary = re.compile(_CLAUSE_PUNCTUATION + (
            rf"|\s(?:{_alternation([*rules.coordination, *rules.companions])})\s" if rules.coordination or rules.companions else ""
        ))
        self.hooks = hooks(lang)
        # The apostrophe that starts a case ending ("Mirziyoyev'in"), not one that is part of a letter (uz o‘, g‘).
        letters = re.escape(rules.apostrophe_letters)
        self.case_apostrophe = re.compile(f"(?<![{letters}]){APOSTROPHE_CLASS}") if letters else _APOSTROPHE

    # --- names -------------------------------------------------------------------------------------

    def people(
        self,
        sentence: str,
        places: list[Place],
        per_spans: list[tuple[int, int]],
        known: dict[str, Person],
        home: str | None,
        extra_blocked: Sequence[tuple[int, int]] = (),
        common_words: frozenset[str] = frozenset(),
    ) -> list[Person]:
        """Person mentions of one sentence. `known` maps surname keys of people found earlier in the
        document to their full mention (coreference for lone surnames); it is updated."""
        tokens = [(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(sentence)]
        titles = self.titles.hits(sentence)
        blocked = [(h.start, h.end) for h in titles]
        blocked += [(h.start, h.end) for h in self.not_names.finditer(sentence)]
        blocked += [(p.start, p.end) for p in places if not self.is_first_name(sentence, p, titles)]
        blocked += list(extra_blocked)
        # Cue words (met, talks, signed) end a person's description: "Iraq's adviser met with Syrian
        # President Bashar Assad" describes Assad by "Syrian President" only.
        stops = sorted(e for _, e in extra_blocked)
        quotes = quoted_spans(sentence)

        def usable(i: int) -> bool:
            start, end, word = tokens[i]
            if not word[0].isupper() or word.lower() in self.honorifics or word.lower() in self.function_words:
                return False
            if word.isupper() and "." not in word:  # acronyms: OTS, DOST
                return False
            if self.state_words.match(word):
                return False
            return not any(start < e and s < end for s, e in blocked)

        runs: list[list[int]] = []
        for i in range(len(tokens)):
            if usable(i):
                if runs and runs[-1][-1] == i - 1 and _adjacent(sentence, tokens[i - 1], tokens[i]):
                    runs[-1].append(i)
                elif runs and runs[-1][-1] == i - 2 and tokens[i - 1][2] in self.particles:  # Pieter van Damme
                    runs[-1].extend([i - 1, i])
                else:
                    runs.append([i])
        found: list[Person] = []
        for index, run in enumerate(runs):
            if not self.head_final:
                run = self._trim_title_words(sentence, tokens, run, runs[index + 1] if index + 1 < len(runs) else None, per_spans)
                if not run:
                    continue
            run = run[-4:]
            start, end = tokens[run[0]][0], tokens[run[-1]][1]
            words = [tokens[i][2].rstrip(".") if not _is_initials(tokens[i][2]) else tokens[i][2] for i in run]
            ner = any(s < end and start < e for s, e in per_spans)
            # a title describes the next name only ("the MP Robin Wagener, who is also Coordinator ..."),
            # or a coordinated pair ("Ministers ... Sergei Shoigu and Hulusi Akar")
            listed = found and self._listed(sentence, found[-1].end, start, end, runs[index + 1 :], tokens)
            title = self._title_before(sentence, titles, tokens, run[0], [*stops, found[-1].end] if found and not listed else stops)
            if self._org_follows(sentence, end) or (not ner and self._org_precedes(sentence, start)):
                continue
            if self.noun_endings and any(w.lower().endswith(self.noun_endings) for w in words):
                continue  # German nouns: "Generaldirektion Beschäftigung"
            if len(run) >= 2:
                # "Pieter van Damme": a name particle inside the run makes it a person's name
                described = title is not None or self._title_after(sentence, end) or any(
                    tokens[i][2] in self.particles and tokens[i][2] not in self.function_words for i in run[1:-1]
                )
                named_before = fold_latin(latin_name(words[-1], self.letters)) in known
                if not (ner or named_before or self.surname.search(words[-1])) and self._in_appositive(sentence, found, start):
                    continue  # "X, director of the Agency for External Labour Migration": the words end the agency's name
                if not (ner or described or named_before or self.surname.search(words[-1])):
                    continue
                if not (described or named_before or self.surname.search(words[-1])) and any(
                    w.lower() in common_words for w in words
                ):
                    continue  # Stanza's PER tag alone on "Social Protection": the document writes "social protection"
                person = self._person(words, sentence, start, end, known, title)
            else:
                person = self._coreferent(words[0], start, end, known)
                if person is None and (ner or title) and self.surname.search(words[0]) and run[0] != 0:
                    person = self._person(words, sentence, start, end, known, title)
                if person is None:
                    continue
            person.in_quote = any(s <= start < e for s, e in quotes)
            self._describe(person, sentence, title, places, home, found[-1].end if found else 0, stops)
            earlier = known.get(person.key)
            if earlier is not None and person.guessed_country and not earlier.guessed_country:
                person.country, person.guessed_country = earlier.country, False  # named again, fully
            found.append(person)
            if len(person.tokens) >= 2:
                known.setdefault(person.key, person)
        self._respective_countries(sentence, found, places)
        return found

    def _listed(self, sentence: str, previous_end: int, start: int, end: int, later: list[list[int]], tokens: list) -> bool:
        """A name in a list with the one before it: "A and B", or "A, B and C" (a comma alone,
        as in "A, Deputy Director", is an appositive, not a list)."""
        gap = sentence[previous_end:start]
        if not self._is_coordination(gap):
            return False
        if re.search(r"\w", gap):
            return True
        return bool(later) and self._is_coordination(sentence[end : tokens[later[0][0]][0]])

    def _is_coordination(self, gap: str) -> bool:
        """Only commas and coordination words between two mentions ("Russia and Turkey", "A, B və C")."""
        return all(word.lower() in self.coordination for word in re.findall(r"\w+", gap)) and len(gap) < 12

    def _respective_countries(self, sentence: str, found: list[Person], places: list[Place]) -> None:
        """"The defence ministers of Russia and Turkey, Sergei Shoigu and Hulusi Akar" (and "Министры
        обороны России и Турции Сергей Шойгу и Хулуси Акар"): N coordinated countries in the title,
        then N coordinated people: each person takes the country in the same place of the list."""
        countries = [p for p in places if p.kind in ("country", "adjective")]
        index = 0
        while index < len(found):
            first = index
            while index + 1 < len(found) and self._is_coordination(sentence[found[index].end : found[index + 1].start]):
                index += 1
            index += 1
            group = found[first:index]
            if len(group) < 2:
                continue
            previous_end = found[first - 1].end if first else 0  # the countries of this group's own title only
            before = [p for p in countries if previous_end <= p.start and p.end <= group[0].start]
            listed = before[-len(group) :]
            if len(listed) != len(group) or len({p.country for p in listed}) != len(group):
                continue
            if not all(self._is_coordination(sentence[a.end : b.start]) for a, b in zip(listed, listed[1:], strict=False)):
                continue
            if not re.fullmatch(r"[\s,:;(–—-]*", sentence[listed[-1].end : group[0].start]):
                continue  # the list must end right before the names ("... Turkey, Sergei Shoigu")
            for person, place in zip(group, listed, strict=True):
                person.country, person.guessed_country = place.country, False

    def _trim_title_words(
        self, sentence: str, tokens: list, run: list[int], following: list[int] | None, per_spans: list[tuple[int, int]]
    ) -> list[int]:
        """Capitalised words of a title are not a name: a run that a connector links to a longer next
        run ("Social Security and Migration Bakyt Usenov") is a title complement, and a run right after a
        connector keeps only its last two words ("... and Employment Jasur Olimov" -> Jasur Olimov)."""
        start, end = tokens[run[0]][0], tokens[run[-1]][1]
        if any(s < end and start < e for s, e in per_spans) or self.surname.search(tokens[run[-1]][2]):
            glued_after = False
        else:
            gap = sentence[end : tokens[following[0]][0]].strip().lower() if following else ""
            glued_after = gap in self.title_glue and following is not None and len(following) >= 3
        if glued_after:
            return []
        before = sentence[: start].split()
        if len(run) >= 3 and before and before[-1].lower() in self.title_glue:
            return run[-2:]
        return run

    def _person(
        self, words: list[str], sentence: str, start: int, end: int, known: dict[str, Person], title: Hit | None = None
    ) -> Person:
        base = self.base_form(words, known, title.text if title is not None else None)
        return Person(
            mention=sentence[start:end], start=start, end=end, name=" ".join(base),
            name_latin=latin_name(" ".join(base), self.letters), tokens=tuple(base),
        )

    def _coreferent(self, word: str, start: int, end: int, known: dict[str, Person]) -> Person | None:
        """A lone surname or initials+surname ("Babayev", "S.H.Turi") of a person already found."""
        surname = word.split(".")[-1] if _is_initials(word) else word
        for candidate in {surname, *self._strip_variants(surname)}:
            key = fold_latin(latin_name(candidate, self.letters))
            if key and key in known:
                earlier = known[key]
                return Person(
                    mention=word, start=start, end=end, name=earlier.name, name_latin=earlier.name_latin,
                    title=earlier.title, organization=earlier.organization, country=earlier.country,
                    international=earlier.international, tokens=(earlier.tokens[-1],),
                )
        return None

    def _strip_variants(self, word: str) -> list[str]:
        word = self.case_apostrophe.split(word)[0]
        return [word[: -len(s)] for s in self.case_suffixes if word.endswith(s) and len(word) - len(s) >= 3]

    def base_form(self, words: list[str], known: dict[str, Person], title: str | None = None) -> list[str]:
        """Words of a name without case endings: "Sahil Babayevlə" -> Sahil Babayev,
        "Кубанычбеком Омуралиевым" -> Кубанычбек Омуралиев (the language's hook), "Mirziyoyev'in" -> Mirziyoyev."""
        words = [self.case_apostrophe.split(w)[0] if len(self.case_apostrophe.split(w)[0]) >= 3 else w for w in words]
        if self.hooks is not None and hasattr(self.hooks, "base_form"):
            genitive = title is not None and self.hooks.genitive_title(title)
            return self.hooks.base_form(words, genitive, self.surname_base)
        out = list(words)
        positions = [len(words) - 1] if self.head_final else range(len(words))
        for i in positions:
            out[i] = self._strip(words[i], known)
        return out

    def _strip(self, word: str, known: dict[str, Person]) -> str:
        known_words = {t for p in known.values() for t in p.tokens}
        for suffix in self.case_suffixes:
            if not word.endswith(suffix) or len(word) - len(suffix) < 3:
                continue
            stem = word[: -len(suffix)]
            if stem in known_words:
                return stem
            if self.head_final:
                if suffix in ("nin", "nın", "nun", "nün", "ning", "нинг", "lə", "la", "ilə", "ylə", "yla"):
                    return stem
                if self.surname_base.search(stem) and suffix not in ("a", "ə", "а"):
                    return stem
        return word

    def is_first_name(self, sentence: str, place: Place, titles: Sequence[Hit] = ()) -> bool:
        """"Aytən Rzayeva", "müdürü Kerem Yıldırım": a city's name variant is a first name when a surname
        follows it, or when a title stands right before it and a capitalised word follows."""
        if place.kind != "city":
            return False
        following = TOKEN.match(sentence, place.end + 1) if sentence[place.end : place.end + 1] == " " else None
        if following is None or not following.group(0)[0].isupper() or following.group(0).isupper():
            return False
        if self.surname.search(following.group(0)):
            return True
        return any(sentence[h.end : place.start].strip() == "" and h.end <= place.start for h in titles)

    def _phrase_start(self, sentence: str, name_start: int, title: Hit | None) -> int:
        """Where the description of a name begins: its title, or the last boundary before the name
        (head-final languages keep "və"/"ve" inside a title: "məşğulluq və yoxsulluğun ... naziri")."""
        boundary = _CLAUSE if self.head_final else self.boundary
        lower = max(0, name_start - 120)
        if title is not None and not self.head_final:
            lower = max(lower, _last_boundary(boundary, sentence, lower, title.start))
            return min(lower, title.start)
        return _last_boundary(boundary, sentence, lower, name_start)

    # --- descriptions --------------------------------------------------------------------------------

    def _title_after(self, sentence: str, end: int) -> bool:
        """"Helga Brandt, a member of the Executive Board": a title in the appositive after a name."""
        appositive = sentence[end : _appositive_end(sentence, end)]
        return bool(appositive) and self.titles.search(appositive) is not None

    def _in_appositive(self, sentence: str, found: list[Person], start: int) -> bool:
        """Capitalised words that continue an organisation's name ("Agency for External | Labour
        Migration") inside the appositive of the person before ("X, director of the ..."), in a
        head-initial language: the rest of the name, not a person."""
        if self.head_final or self.org_lowercase or not found:
            return False  # "председателем фонда Орханом Сафарли": lower-case names end at their head
        between = sentence[found[-1].end : start]
        if not between.lstrip().startswith(",") or _PUNCTUATION.search(between.lstrip()[1:]):
            return False
        window = sentence[max(0, start - 80) : start]
        hits = list(self.org_heads.finditer(window))
        if not hits:
            return False
        gap = window[hits[-1].end :]
        return bool(gap.split()) and not any(ch in gap for ch in ",;:()\"«»“”„") and all(
            w[0].isupper() or w.lower() in self.org_glue for w in gap.split()
        )

    def _org_follows(self, sentence: str, end: int) -> bool:
        """"Milli Sosial Müdafiə Agentliyinin": capitalised words before an organisation's head noun."""
        hit = self.org_heads.search(sentence[end : end + 40])
        return hit is not None and sentence[end : end + hit.start].strip() == ""

    def _org_precedes(self, sentence: str, start: int) -> bool:
        """"the Organisation of Turkic States", "Ministry of Foreign Affairs": capitalised words right
        after an organisation's head and its "of (the)" are the organisation's name (head-initial)."""
        if self.head_final:
            return False
        window = sentence[max(0, start - 40) : start]
        words = window.split()
        if not words or words[-1].lower() not in self.org_glue:
            return False  # the cheap test first: most names follow no "of"
        for hit in self.org_heads.finditer(window):
            between = window[hit.end :].split()
            if between and all(word.lower() in self.org_glue for word in between):
                return True
        return False

    def _title_before(self, sentence: str, titles: list[Hit], tokens: list, first: int, stops: Sequence[int] = ()) -> Hit | None:
        """The nearest title in the few words before a name: right before it in head-final languages
        ("naziri Sahil Babayev"), within a few words elsewhere ("Minister of Labour Sahil Babayev")."""
        if first == 0:
            return None
        name_start = tokens[first][0]
        if self.head_final:  # the title ends right before the name ("Bakan Yardımcısı Reşad Kerimli")
            adjacent = [h for h in titles if h.end <= name_start and sentence[h.end : name_start].strip() == ""]
            return adjacent[-1] if adjacent else None
        window_start = max([tokens[max(0, first - TUNING.title_window_words)][0], *(e for e in stops if e <= name_start)])
        candidates = [h for h in titles if window_start <= h.start and h.end <= name_start]
        if not candidates:
            return None
        # The head of a chain of titles ("заместитель министра ... Ольга Сорокина"): the first one after
        # the last punctuation before the nearest title.
        boundary = _last_boundary(_PUNCTUATION, sentence, window_start, candidates[-1].start)
        chain = [h for h in candidates if h.start >= boundary]
        return chain[0] if chain else candidates[-1]

    def _describe(
        self, person: Person, sentence: str, title: Hit | None, places: list[Place], home: str | None, after: int = 0,
        stops: Sequence[int] = (),
    ) -> None:
        """Title, organisation and country from the words around the name (not before `after`, the end
        of the previous person)."""
        # "görüşə Türkiyənin vitse-prezidenti X": a cue word before the name ends the description
        window_start = max([after, self._phrase_start(sentence, person.start, title), *(e for e in stops if e <= person.start)])
        after_end = _appositive_end(sentence, person.end)
        # "Dar meets his Turkish counterpart": the words after a cue (meets, talks) describe someone else
        after_end = min([after_end, *(e for e in stops if e > person.end)])
        phrase = sentence[window_start : person.start].strip(" ,;:-–—(")
        appositive = sentence[person.end : after_end].strip(" ,;:-–—()")
        phrase = self.leading_glue.sub("", phrase + " ").strip()  # "... Шойгу и Хулуси Акар": "и" alone is no title
        if title is not None and person.title is None:
            person.title = phrase or title.text
        elif appositive and self.titles.search(appositive) and person.title is None:
            person.title = appositive
        if person.country is not None or person.international:
            return
        scope = f"{phrase} {appositive}"
        if self.international.search(scope):
            person.international = True
            person.country = None
            return
        nearby = [p for p in places if (window_start <= p.start < person.start) or (person.end <= p.start < after_end)]
        # A city stands for its country only as a possessive ("Berlin's Senator"), not as a place ("Ankarada").
        nearby = [p for p in nearby if p.kind != "city" or sentence[p.end : p.end + 2] in ("'s", "’s")]
        # "in Banjul, Gambia": the country after a city and a comma is that place's, not the person's
        cities = [p.end for p in places if p.kind == "city"]
        nearby = [p for p in nearby if not any(sentence[end : p.start].strip() == "," for end in cities if end <= p.start)]
        if nearby:
            before = [p for p in nearby if p.start < person.start]
            person.country = (before[-1] if before else nearby[0]).country
        else:
            person.country, person.guessed_country = home, True
        org = self.org_heads.search(scope)
        if org is not None and person.organization is None:
            person.organization = scope.strip()

    # --- organisations -------------------------------------------------------------------------------

    def organizations(
        self, sentence: str, places: list[Place], home: str | None, people: Sequence[Person] = (),
        org_spans: Sequence[tuple[int, int]] = (), stops: Sequence[int] = (),
    ) -> list[Organization]:
        """Organisation names around their head words (Ministry, Nazirliyi, министерство); a name
        never runs over a city ("Ceyhun Bayramov Ankarada Türk Şurasının") nor over a person
        ("Nazir Ceyhun Bayramov Azərbaycan Milli Məclisinin sədri"). Where Stanza's NER tags an ORG
        that overlaps the name, the name takes the entity's extent ("... Ümumçin Xalq Nümayəndələri
        Məclisinin Daimi Komitəsinin"), within the same walls."""
        walls = [(p.start, p.end) for p in places if p.kind == "city" and not self._names_org(sentence, p)]
        walls += [(p.start, p.end) for p in people]
        tokens = [
            (m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(sentence)
            if not any(s < m.end() and m.start() < e for s, e in walls)
        ]
        countries = [(p.start, p.end) for p in places if p.kind == "country"]
        out: list[Organization] = []
        spans = [(h.start, h.end, True) for h in self.international.finditer(sentence)]
        spans += [(h.start, h.end, False) for h in self.org_heads.finditer(sentence)]
        for start, end, international in sorted(spans):
            if any(o.start <= start < o.end for o in out):
                continue
            if not international:
                start, end = self._org_extent(sentence, tokens, start, end, countries, frozenset(stops))
                start, end = _entity_extent(sentence, tokens, start, end, org_spans, self._joins_another)
                if out and start < out[-1].end:  # "... Казахстана | и министерством труда Кыргызстана": never into the one before
                    rest = [tok[0] for tok in tokens if tok[0] >= out[-1].end and tok[2].lower() not in self.org_glue]
                    if rest and rest[0] < end:
                        start = rest[0]
            while end > start and sentence[end - 1] in ".,;:":
                end -= 1
            while not international and " " in sentence[start:end] and sentence[start:end].split()[0].lower() in (
                self.function_words | self.coordination | self.org_joiners
            ):  # "... Nazirliyi və Pakistanın ... Nazirliyi": the second one begins after "və"
                start += len(sentence[start:end].split()[0]) + 1  # "The Turkish Foreign Ministry" -> "Turkish Foreign Ministry"
            name = sentence[start:end]
            if not international and not self.org_lowercase and not self.head_final and name[:1].islower():
                continue  # "the technical committee of the Ministry of Manpower": the name is the Ministry's
            if not international and " " not in name and not name.isupper():
                continue  # a head word alone ("центра", "Şurasının") names no organisation; an acronym (İŞKUR) does
            if out and _ACRONYM_AFTER.fullmatch(sentence[out[-1].end : start]) and sentence[end : end + 1] == ")":
                continue  # "International Labour Organization (ILO)": one organisation
            inside = [p.country for p in places if start <= p.start < end and p.kind != "city"]
            country = None if international else (inside[0] if inside else home)
            out.append(Organization(name, start, end, country, international))
        return out

    def _joins_another(self, sentence: str, word: str, rest_start: int, rest_end: int) -> bool:
        """A coordination or joiner word with another head word in `sentence[rest_start:rest_end]`:
        another organisation begins ("Азиатский банк развития | и Исламский банк развития"; Stanza's
        one ORG over "... Nazirliyi | və Özbəkistan Prezidenti yanında ... Milli Agentlik")."""
        joins = word.lower() in self.coordination or word.lower() in self.org_joiners
        return joins and self.org_heads.search(sentence[rest_start:rest_end]) is not None

    def _lowercase_run_start(self, sentence: str, tokens: list, first: int) -> int | None:
        """Head-initial languages with lower-case adjectives in names (Russian, `adjective_endings`): one
        or two of them right before the name's start extend it when a capitalised word, adjacent, comes
        before them ("Государственной миграционной службы"); "между Правительством" does not."""
        if self.head_final or not self.org_adjective_endings:
            return None
        position = first
        for _ in range(2):
            if position == 0 or not _adjacent(sentence, tokens[position - 1], tokens[position]):
                return None
            word = tokens[position - 1][2]
            if word[0].isupper():
                return position - 1 if position < first else None
            if len(word) < 4 or not word.isalpha() or not word.endswith(self.org_adjective_endings):
                return None
            position -= 1
        if position > 0 and _adjacent(sentence, tokens[position - 1], tokens[position]) and tokens[position - 1][2][0].isupper():
            return position - 1
        return None

    def _names_org(self, sentence: str, city: Place) -> bool:
        """A city as written, with no case ending, right before a capitalised word begins an
        organisation's name ("İstanbul Texniki Universiteti", "Tashkent State University"); "Ankarada
        Türk Şurasının" is a place."""
        following = sentence[city.end : city.end + 2]
        return (
            len(following) == 2 and following[0] == " " and following[1].isupper()
            and fold(sentence[city.start : city.end]) in gazetteer(self.lang).cities
        )

    def _org_extent(
        self, sentence: str, tokens: list, start: int, end: int, countries: Sequence[tuple[int, int]] = (),
        stops: frozenset[int] = frozenset(),
    ) -> tuple[int, int]:
        index = next((i for i, t in enumerate(tokens) if t[0] <= start < t[1]), None)
        if index is None:
            return start, end
        last = next((i for i, t in enumerate(tokens) if t[0] < end <= t[1]), index)
        first = index
        connectors = self.org_glue
        if self.head_final and self.org_lowercase and tokens[index][2][0].islower():
            # "tashqi ishlar vazirliklari", "Federal mehnat va ijtimoiy masalalar vazirligi": a lower-case
            # head takes the lower-case words before it (a coordination between two of them too), then
            # the capitalised ones as below
            while first > 0 and first > index - 5 and _adjacent(sentence, tokens[first - 1], tokens[first]):
                word = tokens[first - 1][2]
                inner = word in self.coordination and first > 1 and tokens[first - 2][2].islower() and first < index
                if not (inner or (word.islower() and len(word) >= 3 and word not in self.function_words | self.coordination)):
                    break
                first -= 1
            while first < index and tokens[first][2] in self.coordination:
                first += 1
        while first > 0 and first > index - 8:
            word = tokens[first - 1][2]
            if self.org_adjective_endings and not self.head_final and word[0].isupper() and not (len(word) > 1 and word.isupper()) and not (
                word.lower().endswith(self.org_adjective_endings)
            ):
                break  # before a Russian head only adjectives: "Представители | Государственной ... службы"
            if word[0].isupper() or (word.lower() in connectors and first > 1 and tokens[first - 2][2][0].isupper()):
                if not _adjacent(sentence, tokens[first - 1], tokens[first]):
                    break
                first -= 1
            elif (start_word := self._lowercase_run_start(sentence, tokens, first)) is not None:
                first = start_word  # "Государственной миграционной службы": lower-case adjectives after a capital
            else:
                break
        if not self.head_final:
            acronym = tokens[index][2].isupper()  # "МИД Узбекистана": an acronym takes no lower-case words
            while last + 1 < len(tokens) and last < index + 10:
                nxt = tokens[last + 1][2]
                if not _adjacent(sentence, tokens[last], tokens[last + 1]) or tokens[last + 1][0] in stops:
                    break  # a cue word ends the name: "Исламский банк развития | подписали"
                after = tokens[last + 2][2].lower() if last + 2 < len(tokens) else ""
                if nxt.lower() in self.coordination and after in self.function_words:
                    break  # "the Ministry of ... and the AU Commission": two organisations
                if last + 2 < len(tokens) and self._joins_another(
                    sentence, nxt, tokens[last + 2][0], tokens[min(last + 4, len(tokens) - 1)][1]
                ):
                    break  # "Азиатский банк развития | и Исламский банк развития": another organisation begins
                if self.org_lowercase and any(s <= tokens[last][0] < e for s, e in countries):
                    break  # "министерства иностранных дел Белоруссии | и ...": the country closes the name
                lowercase_ok = self.org_lowercase and not acronym and last < index + 5 and nxt.islower() and len(nxt) >= 3
                if nxt[0].isupper() or nxt.lower() in connectors or lowercase_ok:
                    last += 1
                else:
                    break
            while last > index and tokens[last][2].lower() in connectors:
                last -= 1
        return tokens[first][0], tokens[last][1]


def _entity_extent(
    sentence: str, tokens: list, start: int, end: int, spans: Sequence[tuple[int, int]],
    joins_another: Callable[[str, str, int, int], bool],
) -> tuple[int, int]:
    """`start`-`end` grown to the NER entity that overlaps it, word by adjacent word (the `tokens`
    leave out the walls, so a city or a person stops the growth), never to the right over a word
    that joins another name (`joins_another(sentence, word, rest start, entity end)`)."""
    for span_start, span_end in spans:
        if not (span_start < end and start < span_end) or (span_start >= start and span_end <= end):
            continue
        first = next((i for i, t in enumerate(tokens) if t[0] >= start), None)
        last = next((i for i in range(len(tokens) - 1, -1, -1) if tokens[i][1] <= end), None)
        if first is None or last is None or last < first:
            return start, end
        while first > 0 and tokens[first - 1][0] >= span_start and _adjacent(sentence, tokens[first - 1], tokens[first]):
            first -= 1
        while last + 1 < len(tokens) and tokens[last + 1][1] <= span_end and _adjacent(sentence, tokens[last], tokens[last + 1]):
            if joins_another(sentence, tokens[last + 1][2], tokens[last + 1][1], span_end):
                break
            last += 1
        return min(start, tokens[first][0]), max(end, tokens[last][1])
    return start, end


def _is_initials(word: str) -> bool:
    return bool(re.match(r"^(?:[^\W\d_]\.){1,3}\s?[^\W\d_]", word))


def _adjacent(sentence: str, a: tuple, b: tuple) -> bool:
    """Two tokens belong to one name only when whitespace alone separates them: one line break at
    most (hard-wrapped text ends a line with "Maka" and starts the next with "Botçorişvili"),
    never a paragraph break."""
    between = sentence[a[1] : b[0]]
    return between.strip() == "" and between.count("\n") <= 1


def quoted_spans(sentence: str) -> list[tuple[int, int]]:
    spans = []
    for match in re.finditer(r"[«“„\"]([^»”“\"]{3,})[»”“\"]", sentence):
        spans.append((match.start(), match.end()))
    return spans


_ACRONYM_AFTER = re.compile(r"\s*\(\s*")
_PUNCTUATION = re.compile(r"[,;:\"«»“”„]")
_CLAUSE = re.compile(r"[;:\"«»“”„]")  # head-final titles hold commas: "əmək, sosial təminat və miqrasiya naziri"


def _last_boundary(boundary: re.Pattern[str], sentence: str, lower: int, upper: int) -> int:
    last = lower
    for match in boundary.finditer(sentence, lower, upper):
        last = match.end()
    return last


def _appositive_end(sentence: str, name_end: int) -> int:
    """", a member of the Executive Board," after a name: up to the next comma or clause."""
    if not sentence[name_end : name_end + 2].startswith(","):
        return name_end
    match = re.compile(r"[,;.()]").search(sentence, name_end + 1)
    return match.start() if match else len(sentence)
