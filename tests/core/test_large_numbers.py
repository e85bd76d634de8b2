"""Sums of tenge read in millions, billions and trillions, in each language, with the exact
figure on hover; the financing chart's axis names its scale in the page's language."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from baqylau.core.charts import financing_bars_svg
from baqylau.core.templatetags.baqylau import amount

NBSP = "\u00a0"


def read(value, lang):
    with translation.override(lang):
        return str(amount(value))


EXACT_KK = "3\u00a0585\u00a0100\u00a0000\u00a0000"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("kk", f'<abbr class="amount" title="{EXACT_KK}">3,6{NBSP}трлн</abbr>'),
        ("ru", f'<abbr class="amount" title="{EXACT_KK}">3,6{NBSP}трлн</abbr>'),
        ("en", f'<abbr class="amount" title="3,585,100,000,000">3.6{NBSP}trillion</abbr>'),
    ],
)
def test_trillions_read_in_words_with_the_exact_figure_on_hover(lang, expected):
    assert read(D("3585100000000"), lang) == expected


@pytest.mark.parametrize(
    ("value", "kk", "en"),
    [
        (1_000_000, "1 млн", "1 million"),
        (1_250_000, "1,3 млн", "1.3 million"),
        (41_200_000_000, "41,2 млрд", "41.2 billion"),
        (267_200_000_000, "267,2 млрд", "267.2 billion"),
        (2_000_000_000_000, "2 трлн", "2 trillion"),
        (5_000_000_000_000_000, "5 000 трлн", "5,000 trillion"),
        # Rounding up to a thousand of a scale reads in the next scale.
        (999_950_000, "1 млрд", "1 billion"),
        (999_949_999, "999,9 млн", "999.9 million"),
        (950_000_000, "950 млн", "950 million"),
        (-3_585_100_000_000, "-3,6 трлн", "-3.6 trillion"),
    ],
)
def test_scales_and_rounding(value, kk, en):
    assert read(value, "kk").split(">")[1].split("<")[0] == kk.replace(" ", NBSP)
    assert read(value, "ru").split(">")[1].split("<")[0] == kk.replace(" ", NBSP)
    assert read(value, "en").split(">")[1].split("<")[0] == en.replace(" ", NBSP, 1)


@pytest.mark.parametrize(
    ("value", "kk", "en"),
    [
        (0, "0", "0"),
        (950, "950", "950"),
        (D("950.6"), "951", "951"),
        (999_949, f"999{NBSP}949", "999,949"),
        (-12_500, f"-12{NBSP}500", "-12,500"),
    ],
)
def test_below_a_million_in_full_without_hover(value, kk, en):
    assert read(value, "kk") == kk
    assert read(value, "ru") == kk
    assert read(value, "en") == en


def test_nothing_is_a_dash():
    assert read(None, "kk") == "—"
    assert read("", "en") == "—"


def test_financing_chart_names_its_scale_in_the_language():
    rows = [
        {"year": 2025, "total": {"current": D("365000000000"), "executed": D("331100000000")}},
    ]
    with translation.override("kk"):
        svg = financing_bars_svg(title="t", rows=rows)
    assert ">млрд</text>" in svg
    assert ">365</text>" in svg  # the top of the axis, in billions
    assert "million" not in svg
    with translation.override("en"):
        svg = financing_bars_svg(title="t", rows=rows)
    assert ">billion</text>" in svg
