"""Figures in the current language: grouped by thousands, and large ones in words ("3,6 трлн"), as
people read sums of tenge."""

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.utils import numberformat
from django.utils.formats import get_format, get_format_modules
from django.utils.translation import get_language

# The scales' names are locale data like the decimal separator, kept beside it in
# baqylau/formats/<lang>/formats.py (LARGE_NUMBER_UNITS); English where a language has none.
ENGLISH_UNITS = ("million", "billion", "trillion")
SCALES = (Decimal(10) ** 6, Decimal(10) ** 9, Decimal(10) ** 12)


def grouped(value: Decimal, places: int, *, rounding: str = ROUND_HALF_UP, separators=None) -> str:
    """A number in the current language's format, grouped by thousands, with `places` decimals
    (rounded by `rounding`): what Django's `numberformat.format` writes with `force_grouping`,
    written by Python's own formatting where the language groups by three (a document page
    writes several hundred figures). `separators`: those of `separators()`, when the caller
    writes many figures in one language."""
    decimal_sep, grouping, thousand_sep, table = separators or _separators(get_language())
    value = value.quantize(Decimal(1).scaleb(-places), rounding=rounding)
    if grouping != 3 or len(value.as_tuple().digits) > 100:
        return numberformat.format(
            value,
            decimal_sep,
            decimal_pos=places,
            grouping=grouping,
            thousand_sep=thousand_sep,
            force_grouping=True,
        )
    if not value:
        value = Decimal(0)  # no "-0"
    return f"{value:,.{places}f}".translate(table)


def readable(value, places: int | None = None, *, separators=None) -> str:
    """A number without trailing zeros (up to four decimals) unless `places` is given, rounded
    half up, grouped; "—" for none."""
    if value is None or value == "":
        return "—"
    value = Decimal(value)
    if places is None:
        normal = value.normalize()
        places = 0 if value == value.to_integral() else min(4, -normal.as_tuple().exponent)
    # Django's formatter cuts extra decimals off; round them instead.
    return grouped(value, int(places), separators=separators)


def separators() -> tuple:
    """The current language's decimal separator, grouping and thousands separator (and the
    table that writes them in place of Python's)."""
    return _separators(get_language())


@lru_cache(maxsize=8)
def _separators(lang: str | None) -> tuple:
    # Looked up once per language.
    decimal_sep = get_format("DECIMAL_SEPARATOR", lang)
    thousand_sep = get_format("THOUSAND_SEPARATOR", lang)
    table = str.maketrans({",": thousand_sep, ".": decimal_sep})
    return decimal_sep, get_format("NUMBER_GROUPING", lang), thousand_sep, table


def large_number_units(lang: str | None = None) -> tuple[str, str, str]:
    """The names of a million, a billion and a trillion in the language (current by default)."""
    for module in get_format_modules(lang or get_language()):
        units = getattr(module, "LARGE_NUMBER_UNITS", None)
        if units:
            return units
    return ENGLISH_UNITS


def scale_of(value) -> int | None:
    """Which scale (0 for millions, 1 for billions, 2 for trillions) a figure is read in, or
    None below a million. A figure that rounds up to a thousand of a scale reads in the next."""
    magnitude = abs(Decimal(value))
    scale = None
    for index, size in enumerate(SCALES):
        if magnitude >= size:
            scale = index
    if scale is not None and scale + 1 < len(SCALES) and _rounded(magnitude, scale) >= 1000:
        scale += 1  # 999 950 000 reads "1 млрд", not "1 000 млн"
    return scale


def _rounded(value: Decimal, scale: int) -> Decimal:
    return (value / SCALES[scale]).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def in_words(value) -> tuple[Decimal, str] | None:
    """The figure in its scale, rounded to one decimal, with the scale's name; None below a
    million."""
    scale = scale_of(value)
    if scale is None:
        return None
    return _rounded(Decimal(value), scale), large_number_units()[scale]
