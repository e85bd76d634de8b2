"""Addresses made from names written in Kazakh, Russian or English."""

from collections.abc import Callable

from django.utils.text import slugify

# Kazakh and Russian Cyrillic in Latin letters, as an address shows a name written in Cyrillic.
_LATIN = str.maketrans(
    {
        **dict(
            zip("аәбвгғдеёзийкқлмнңоөпрстуұүфһыіэ", "aabvggdeeziikqlmnnooprstuuufhyie", strict=True)
        ),
        **{"ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch"},
        **{"ю": "yu", "я": "ya", "ъ": "", "ь": ""},
    }
)


# The way back, for what people type in Latin letters: a letter that stands for several Cyrillic
# ones is read as the most frequent of them (the search also tries the Kazakh "і" for "i").
_CYRILLIC_PAIRS = {"shch": "щ", "zh": "ж", "kh": "х", "ts": "ц", "ch": "ч", "sh": "ш"}
_CYRILLIC_PAIRS |= {"yu": "ю", "ya": "я"}
_CYRILLIC = str.maketrans(
    dict(zip("abvgdezijklmnopqrstufhyxcw", "абвгдезижклмнопқрстуфхыхкв", strict=True))
)


def latin_spelling(text: str) -> str:
    """The text case-folded, its Cyrillic letters in Latin ones (as addresses spell them)."""
    return (text or "").casefold().translate(_LATIN)


def cyrillic_spelling(text: str) -> str:
    """The text case-folded, its Latin letters read as Kazakh and Russian Cyrillic: "mektep" is
    "мектеп". The reverse of `latin_spelling` where that is unambiguous."""
    text = (text or "").casefold()
    for pair, letter in _CYRILLIC_PAIRS.items():
        text = text.replace(pair, letter)
    return text.translate(_CYRILLIC)


def latin_slug(text: str, max_length: int) -> str:
    """The text as an address: Latin letters, digits and hyphens, at most `max_length` long."""
    return slugify(latin_spelling(text))[:max_length].strip("-")


def free_slug(base: str, taken: Callable[[str], bool]) -> str:
    """`base`, or `base-2`, `base-3`, ... whichever is not `taken` yet."""
    slug, suffix = base, 2
    while taken(slug):
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug
