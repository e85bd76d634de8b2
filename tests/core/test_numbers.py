"""Figures grouped by thousands in the page's language: written by Python's own formatting, they
read exactly as Django's number formatting wrote them, rounded half up or cut off as asked."""

from decimal import ROUND_DOWN
from decimal import Decimal as D

import pytest
from django.utils import numberformat, translation
from django.utils.formats import get_format

from baqylau.core import numbers
from baqylau.core.templatetags.baqylau import num

NBSP = "\u00a0"

VALUES = [
    D("0"),
    D("-0.0000"),
    D("0.00001"),
    D("-0.004"),
    D("-0.015"),
    D("0.125"),
    D("12.345"),
    D("999.9999"),
    D("-999.99995"),
    D("1234567.8900"),
    D("-98765432109876.5432"),
    D("1E+3"),
]


def django_wrote(value: D, places: int, lang: str) -> str:
    return numberformat.format(
        value,
        get_format("DECIMAL_SEPARATOR", lang),
        decimal_pos=places,
        grouping=get_format("NUMBER_GROUPING", lang),
        thousand_sep=get_format("THOUSAND_SEPARATOR", lang),
        force_grouping=True,
    )


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("places", [0, 1, 2, 4])
def test_grouped_figures_read_as_django_wrote_them(lang, places):
    with translation.override(lang):
        for value in VALUES:
            # Cut off: Django's formatter drops the extra decimals.
            assert numbers.grouped(value, places, rounding=ROUND_DOWN) == django_wrote(
                value, places, lang
            ), value


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [
        ("ru", D("1234567.8900"), f"1{NBSP}234{NBSP}567,89"),
        ("en", D("1234567.8900"), "1,234,567.89"),
        ("kk", D("-0.00004"), "0,0000"),  # no "-0"
        ("en", D("2.00005"), "2.0001"),  # rounded half up at four decimals
        ("en", D("-1000"), "-1,000"),
        ("en", None, "—"),
    ],
)
def test_num_writes_a_figure_without_trailing_zeros(lang, value, expected):
    with translation.override(lang):
        assert num(value) == expected
