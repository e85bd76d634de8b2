"""Large figures in words ("3,6 трлн"), as people read sums of tenge, in the current language."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import get_format_modules
from django.utils.translation import get_language

# The scales' names are locale data like the decimal separator, kept beside it in
# baqylau/formats/<lang>/formats.py (LARGE_NUMBER_UNITS); English where a language has none.
ENGLISH_UNITS = ("million", "billion", "trillion")
SCALES = (Decimal(10) ** 6, Decimal(10) ** 9, Decimal(10) ** 12)


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
