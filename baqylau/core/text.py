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


def latin_slug(text: str, max_length: int) -> str:
    """The text as an address: Latin letters, digits and hyphens, at most `max_length` long."""
    return slugify((text or "").casefold().translate(_LATIN))[:max_length].strip("-")


def free_slug(base: str, taken: Callable[[str], bool]) -> str:
    """`base`, or `base-2`, `base-3`, ... whichever is not `taken` yet."""
    slug, suffix = base, 2
    while taken(slug):
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug
