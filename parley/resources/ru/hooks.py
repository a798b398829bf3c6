"""Russian rules that data cannot say: the nominative of a name in an oblique case.

A hook module of a language (`parley/resources/<lang>/hooks.py`, found by `loader.hooks`) holds
procedures where a list of endings is not enough; extraction calls `base_form` when the language
has one, and strips `case_suffixes` (names.toml) otherwise. It reads only its arguments.
"""

from __future__ import annotations

import re

_VOWELS = "аеёиоуыэюя"


def base_form(words: list[str], genitive_title: bool, surname_base: re.Pattern[str]) -> list[str]:
    """Russian names in the nominative: instrumental -ом/-ым/-ой (-ем after ц, ж, ш, ч, щ), dative -у,
    prepositional -е, and the genitive -а/-я when a genitive title governs the name ("заместителя
    министра Андрея Крылова");
    "Ольга Сорокина" after a nominative title stays as it is. `surname_base` matches a surname's
    base form (names.toml `surname_base_endings`)."""
    out = []
    genitive = genitive_title and len(words) >= 2 and all(w.endswith(("а", "я")) for w in words)
    for w in words:
        low = w.lower()
        if low.endswith("ым") and surname_base.search(w[:-2]):
            out.append(w[:-2])
        elif low.endswith(("ом", "ём")) and len(w) > 4 and w[-3].lower() not in _VOWELS:
            out.append(w[:-2])
        elif low.endswith(("цем", "жем", "шем", "чем", "щем")) and len(w) > 5 and w is not words[0]:
            out.append(w[:-2])  # a surname after a hushing consonant or ц: Шольцем -> Шольц, Тунквицем -> Тунквиц
        elif low.endswith("ем") and len(w) > 5 and w[-3].lower() in _VOWELS and w is not words[0]:
            out.append(w[:-2] + "й")  # a surname in -й: Ханьхуэем -> Ханьхуэй
        elif low.endswith("ем") and len(w) > 4 and w is words[0] and len(words) >= 2:
            # a first name in the instrumental: Сергеем -> Сергей, Андреем -> Андрей, Игорем -> Игорь
            out.append(w[:-2] + ("й" if w[-3].lower() in _VOWELS else "ь"))
        elif low.endswith("ой") and len(w) > 4:
            out.append(w[:-2] + "а")  # Сорокиной -> Сорокина, Ольгой -> Ольга
        elif low.endswith(("у", "е")) and surname_base.search(w[:-1]):
            out.append(w[:-1])
        elif genitive and len(w) > 4 and low.endswith("я") and w[-2].lower() in _VOWELS:
            out.append(w[:-1] + "й")  # Андрея -> Андрей
        elif genitive and len(w) > 4 and w[-2].lower() not in _VOWELS:
            out.append(w[:-1])
        else:
            out.append(w)
    return out


def genitive_title(title: str) -> bool:
    """A title in the genitive ("заместителя министра") puts the name after it in the genitive too."""
    return title.split()[0].lower().endswith(("а", "я"))
