"""Person names across scripts, transliterations, word orders and grammatical cases.

A name becomes a list of tokens; each token carries every plausible Latin spelling (its *variants*:
anyascii as written, the language's rewrites towards English-press spelling, leftover case endings
removed) and a consonant *skeleton* of each variant that folds what transliterations disagree on
(kh/h/x/q/g/k, sh/ş/s, d/t, vowels, w/v). Two tokens match when a variant or a skeleton agrees or the
spellings are close (rapidfuzz). Two full names match when every token of the shorter one matches a
different token of the longer one, in any order, with at least two full tokens matched: "Aliyev
Ilham" = "Ilham Aliyev", "S.H.Turi" is a partial name that matches "Sajid Hussain Turi".
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

from parley.canonical.lexicon import lexicon
from parley.extract import chars
from parley.extract.chars import APOSTROPHE_CLASS, APOSTROPHES

_WORD = re.compile(r"[^\W\d_]+(?:" + APOSTROPHE_CLASS + r"[^\W\d_]+)*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_VOWELS = re.compile(r"[aeiouy]+")
_SKELETON_DIGRAPHS = (
    ("dzh", "j"), ("dsch", "j"), ("tsch", "C"), ("sch", "S"), ("zh", "j"), ("kh", "k"),
    ("gh", "k"), ("sh", "S"), ("ch", "C"), ("ph", "f"), ("th", "t"),
)
_SKELETON_LETTERS = str.maketrans({"g": "k", "h": "k", "q": "k", "x": "k", "c": "k", "z": "s", "S": "s", "C": "c", "w": "v", "f": "v", "d": "t"})
_BARE_C = re.compile(r"c(?!h)")
_MUTE_H = re.compile(r"(?<=[aeiou])h(?=[bcdfgjklmnpqrstvwxz])")
MAX_TOKENS = 6


@dataclass(frozen=True)
class Token:
    """One word of a name with its Latin spellings and skeletons."""

    written: str
    variants: frozenset[str]
    skeletons: frozenset[str]
    initial: bool

    @property
    def first_letters(self) -> frozenset[str]:
        return frozenset(v[0] for v in self.variants if v)


@dataclass(frozen=True)
class PersonName:
    """A parsed name: its matching tokens (particles and patronymics left out)."""

    text: str
    tokens: tuple[Token, ...]

    @property
    def full_tokens(self) -> tuple[Token, ...]:
        return tuple(t for t in self.tokens if not t.initial)

    @property
    def is_full(self) -> bool:
        """Two or more written-out words: a given name and a surname."""
        return len(self.full_tokens) >= 2


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: "Il'kham" -> "ilkham"."""
    return chars.ascii_fold(text, digits=True)


def skeletons(variant: str) -> set[str]:
    """The skeleton of a variant and, when it has a bare c, of the c read as ch: a Turkish ç that
    lost its cedilla ("Cavusoglu") is the ch of a transliteration ("Chavushogli")."""
    found = {skeleton(variant)}
    if _BARE_C.search(variant):
        found.add(skeleton(_BARE_C.sub("ch", variant)))
    return found


def skeleton(variant: str) -> str:
    """Consonant classes of an ASCII variant: "khasanov", "gasanov" and "hasanov" all give "ksnv";
    voiced and voiceless d/t, g/k, z/s, v/f are one class ("Mavlud" ~ "Mevlut")."""
    text = _MUTE_H.sub("", variant)
    for digraph, letter in _SKELETON_DIGRAPHS:
        text = text.replace(digraph, letter)
    text = _VOWELS.sub("", text).translate(_SKELETON_LETTERS)
    return re.sub(r"(.)\1+", r"\1", text)


def is_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


def _rewrite(text: str, rules: tuple[tuple[str, str], ...]) -> str:
    for pattern, replacement in rules:
        text = re.sub(pattern, replacement, text)
    return text


def _cut_apostrophe_suffix(word: str, lang: str | None) -> str:
    """Turkish writes case endings after an apostrophe (Sadıkov'u); Uzbek o'/g' are letters
    (names.toml `apostrophe_letters`)."""
    letters = lexicon().apostrophe_letters.get(lang or "", "")
    for index, char in enumerate(word):
        if char in APOSTROPHES and index > 0:
            if word[index - 1] in letters:
                continue
            if len(word) - index - 1 <= 4:
                return word[:index]
    return word


@lru_cache(maxsize=65536)
def make_token(word: str, lang: str | None) -> Token:
    """Every plausible Latin spelling of one written word of a name."""
    text = unicodedata.normalize("NFC", word).lower()
    text = _cut_apostrophe_suffix(text, lang)
    lex = lexicon()
    cyrillic = is_cyrillic(text)
    stems = {text} | {
        text[: -len(s)] for s in lex.suffixes(lang, cyrillic) if text.endswith(s) and len(text) - len(s) >= 3
    }
    variants = set()
    for stem in stems:
        variants.add(ascii_fold(stem))
        variants.add(ascii_fold(_rewrite(stem, lex.cyrillic_rules) if cyrillic else lex.latinise(stem, lang)))
    if not cyrillic:  # how a Cyrillic text would write this foreign name ("Sergio" ~ "Серджио")
        variants |= {_rewrite(v, lex.latin_as_cyrillic_rules) for v in variants}
    variants.discard("")
    plain = ascii_fold(text)
    return Token(
        written=word,
        variants=frozenset(variants),
        skeletons=frozenset(s for v in variants for s in skeletons(v)),
        initial=len(plain) == 1,
    )


_LETTERS = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=65536)
def english_press_spelling(text: str, lang: str | None) -> str:
    """A readable Latin spelling of a name as written: "Aleksey Qorşkov" (az) -> "Aleksey Gorshkov",
    "Алексей Горшков" -> "Aleksey Gorshkov", "Katrin Wehling" (de) stays."""
    lex = lexicon()
    respelled = lang in lex.names.respell_for_display

    def respell(match: re.Match[str]) -> str:
        word = match.group(0)
        lowered = word.lower()
        if is_cyrillic(lowered):
            lowered = _rewrite(lowered, lex.cyrillic_rules)
        elif respelled:
            lowered = lex.latinise(lowered, lang, matching=False)
        latin = anyascii(lowered)
        return latin[:1].upper() + latin[1:] if word[0].isupper() else latin

    words = [_cut_apostrophe_suffix(w, lang) for w in unicodedata.normalize("NFC", text).split()]
    return _LETTERS.sub(respell, " ".join(words))


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text))


@lru_cache(maxsize=65536)
def looks_like_name(text: str | None) -> bool:
    """A proper name, not a description: 1-6 words, each capitalised apart from particles.

    "the head of state" and "İki bakan" are participants without a name."""
    if not text or any(ch.isdigit() for ch in text):
        return False
    words = _words(text)
    if not words or len(words) > MAX_TOKENS:
        return False
    names = lexicon().names
    lowered_ok = names.particles | names.patronymic_markers
    return all(w[0].isupper() or w.lower() in lowered_ok for w in words) and any(w[0].isupper() for w in words)


@lru_cache(maxsize=65536)
def parse_name(text: str, lang: str | None) -> PersonName:
    """Tokens of a name that take part in matching (particles and patronymics dropped)."""
    names = lexicon().names
    words = _words(text)
    keep: list[str] = []
    for word in words:
        lowered = word.lower()
        if lowered in names.patronymic_markers:
            if keep:
                keep.pop()  # the father's name before "oglu"
            continue
        if lowered in names.particles:
            continue
        keep.append(word)
    if len(keep) >= 3:
        pattern = re.compile(names.patronymic_pattern)
        trimmed = [w for w in keep if not pattern.search(ascii_fold(w))]
        keep = trimmed if len(trimmed) >= 2 else keep
    tokens = tuple(make_token(w, lang) for w in keep[:MAX_TOKENS])
    return PersonName(text=text, tokens=tuple(t for t in tokens if t.variants))


def _closest(a: Token, b: Token) -> float:
    return max(fuzz.ratio(x, y) for x in a.variants for y in b.variants)


@lru_cache(maxsize=262144)
def tokens_match(a: Token, b: Token) -> bool:
    """The same word in two spellings (Ilham ~ Ilhom ~ Il'kham, Sadıqov ~ Садыков, Velinqin ~ Wehling)."""
    if a.initial or b.initial:
        return _initial_matches(a, b)
    if a.variants & b.variants:
        return True
    closest = _closest(a, b)
    shared = a.skeletons & b.skeletons
    if any(len(s) >= 2 for s in shared) and closest >= 60:
        return True
    if shared and closest >= 75:
        return True
    return closest >= 85 and min(len(v) for v in a.variants | b.variants) >= 5


def _initial_matches(a: Token, b: Token) -> bool:
    """An initial matches a word with that first letter or first consonant class (H. ~ Khusseyn)."""
    if a.initial and b.initial:
        return bool(a.first_letters & b.first_letters)
    initial, word = (a, b) if a.initial else (b, a)
    letter = next(iter(initial.variants))[0]
    if letter in word.first_letters:
        return True
    heads = {s[0] for s in word.skeletons if s}
    vowel_like = {"a", "e", "i", "o", "u", "y", "j"}
    if letter in vowel_like:
        return bool(word.first_letters & vowel_like)
    return skeleton(letter) in heads


def _aligned(short: tuple[Token, ...], long: tuple[Token, ...]) -> int:
    """Most full-token matches of an injective alignment of `short` into `long` (-1: none exists)."""
    best = -1
    for chosen in itertools.permutations(range(len(long)), len(short)):
        if all(tokens_match(s, long[i]) for s, i in zip(short, chosen, strict=True)):
            best = max(best, sum(1 for s, i in zip(short, chosen, strict=True) if not (s.initial or long[i].initial)))
    return best


def names_match(a: PersonName, b: PersonName) -> bool:
    """Every token of the shorter name matches its own token of the longer one; when both are full
    names, at least two written-out words agree (a shared surname alone is not enough)."""
    if not a.tokens or not b.tokens:
        return False
    short, long = sorted((a.tokens, b.tokens), key=len)
    needed = 2 if a.is_full and b.is_full else 1
    return _aligned(short, long) >= needed
