"""How a search reads what people type, in Kazakh, Russian or English, in Cyrillic or Latin
letters. The platform's search and every list's search box read a query the same way.

How a query is read (the same on every database):
- It is case-folded and cut into words (at most MAX_WORDS); every word must match.
- Each word is also read in the other alphabet with the transliteration of `core.text`: "mektep"
  is searched as "мектеп" too (and with the Kazakh "і" for "i"), "мектеп" as "mektep" (a Cyrillic
  word shorter than MIN_STEM letters is not: "су" would find "supply").
- Each form loses common Kazakh and Russian endings (ENDINGS, the longest first, at most two in a
  row) as long as MIN_STEM letters remain: "мектептерге" is searched as "мектеп". A stem that ends
  in the voiceless п, к or қ is also searched with б, г or ғ, the way Kazakh voices it before a
  vowel: "мектеп" finds "мектебі".
- A word matches a record when one of its stems is part of one of the record's texts; a stem
  shorter than MIN_STEM letters (a short word such as "су", water) only where a word begins.

A word typed in Latin letters is also looked for in the texts read without the letters of Kazakh
alone (і as и, ұ and ү as у, қ as к...), since a Latin spelling loses them: "ekibastuz" finds
"Екібастұз", "bilim" finds "білім".

A text kept case-folded for search (a model's `search_text`) is matched with `folded_match`.
"""

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Replace

from .text import cyrillic_spelling, latin_spelling

MAX_WORDS = 6
MIN_STEM = 4

# Kazakh plural, case and possessive endings and Russian noun and adjective endings.
# fmt: off
_KAZAKH = (
    "лар", "лер", "дар", "дер", "тар", "тер", "ның", "нің", "дың", "дің", "тың", "тің", "ға",
    "ге", "қа", "ке", "на", "не", "да", "де", "та", "те", "нда", "нде", "нан", "нен", "дан",
    "ден", "тан", "тен", "мен", "бен", "пен", "ы", "і", "сы", "сі", "ын", "ін", "ны", "ні", "ды",
    "ді", "ты", "ті", "ым", "ім", "ымыз", "іміз", "сын", "сін", "ларды", "лерді", "ларға",
    "лерге", "лары", "лері", "дары", "дері", "тары", "тері", "ларын", "лерін", "лардың", "лердің",
    "ында", "інде", "сында", "сінде", "ындағы", "індегі", "дағы", "дегі", "тағы", "тегі", "ғы",
    "гі", "қы", "кі", "ушы", "уші", "у",
)
_RUSSIAN = (
    "а", "я", "ы", "и", "е", "у", "ю", "о", "ой", "ей", "ом", "ем", "ам", "ям", "ах", "ях", "ами",
    "ями", "ов", "ев", "ых", "их", "ый", "ий", "ая", "яя", "ое", "ее", "ую", "юю", "ого", "его",
    "ому", "ему", "ым", "им", "ие", "ые", "ия", "ию", "ией", "ью", "ость", "ости", "ьи",
)
# fmt: on
ENDINGS = sorted(set(_KAZAKH + _RUSSIAN), key=len, reverse=True)
_VOICED = {"п": "б", "к": "г", "қ": "ғ", "p": "b", "k": "g", "q": "g"}
_WORD = re.compile(r"\w+")


def stem(word: str) -> str:
    """The word without up to two common endings, never shorter than MIN_STEM letters."""
    for _round in range(2):
        ending = next(
            (e for e in ENDINGS if word.endswith(e) and len(word) - len(e) >= MIN_STEM), None
        )
        if ending is None:
            break
        word = word[: -len(ending)]
    return word


def _stems(word: str) -> set[str]:
    base = stem(word)
    found = {base}
    if len(base) >= MIN_STEM and base[-1] in _VOICED:
        found.add(base[:-1] + _VOICED[base[-1]])
    return found


@dataclass
class Term:
    """One word of the query and the stems it is searched by."""

    word: str
    stems: set[str] = field(default_factory=set)
    # A word typed in Latin letters, read in Cyrillic without the letters of Kazakh alone: it is
    # looked for in texts read the same way (kazakh_folded), so "ekibastuz" finds "Екібастұз".
    folded: set[str] = field(default_factory=set)


# The letters of Kazakh alone, as Latin spellings lose them (and Russian ones stand for them).
_KAZAKH_LETTERS = dict(zip("әғқңөұүһі", "агкноуухи", strict=True))
_KAZAKH_LETTERS |= {k.upper(): v.upper() for k, v in _KAZAKH_LETTERS.items()}
_FOLD = str.maketrans(_KAZAKH_LETTERS)


def kazakh_folded(expression):
    """A text expression with its Kazakh letters read as their Russian look-alikes."""
    for letter, plain in _KAZAKH_LETTERS.items():
        expression = Replace(expression, Value(letter), Value(plain), output_field=TextField())
    return expression


def query_terms(text: str) -> list[Term]:
    terms = []
    for word in _WORD.findall((text or "").casefold())[:MAX_WORDS]:
        if word.isascii():
            cyrillic = cyrillic_spelling(word)
            forms = {word, cyrillic, cyrillic.replace("и", "і")}
        elif len(word) < MIN_STEM:
            forms = {word}  # "су" is no "su" of "supply"
        else:
            forms = {word, latin_spelling(word)}
        stems = set().union(*(_stems(form) for form in forms if form))
        folded = {stem.translate(_FOLD) for stem in stems if not stem.isascii()}
        terms.append(Term(word=word, stems=stems, folded=folded if word.isascii() else set()))
    return terms


def stem_lookups(stem: str) -> list[tuple[str, str]]:
    """The lookups (name, value) that find `stem` in a text: anywhere in a word, or where a
    word begins if it is shorter than MIN_STEM letters (a word like "су", water)."""
    if len(stem) >= MIN_STEM:
        return [("contains", stem)]
    return word_start_lookups(stem)


def word_start_lookups(text: str) -> list[tuple[str, str]]:
    """The lookups (name, value) that find `text` where a word of a text begins."""
    starts = [f"{mark}{text}" for mark in (" ", "«", "(", "-", '"')]
    return [("startswith", text), *(("contains", start) for start in starts)]


def folded_match(field_name: str, text: str) -> Q:
    """Records whose case-folded `field_name` holds every word of `text`, in one of its forms;
    a query's `folded_name` alias must be `kazakh_folded(field_name)` (see `with_folded`)."""
    condition = Q()
    for term in query_terms(text):
        condition &= stems_match(field_name, term.stems) | stems_match(
            f"{field_name}_folded", term.folded
        )
    return condition


def stems_match(field_name: str, stems) -> Q:
    """Any of `stems` in the case-folded `field_name` (nothing matches no stem)."""
    return reduce(
        or_,
        (
            Q(**{f"{field_name}__{lookup}": value})
            for stem in stems
            for lookup, value in stem_lookups(stem)
        ),
        Q(pk__in=[]),
    )


def with_folded(qs, field_name: str):
    """`qs` able to look in `field_name` read without the letters of Kazakh alone."""
    return qs.alias(**{f"{field_name}_folded": kazakh_folded(F(field_name))})
