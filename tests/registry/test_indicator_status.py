"""The documented status rule, for indicators, goals and documents, in both directions."""

from decimal import Decimal as D

import pytest

from baqylau.registry.status import (
    Status,
    achievement,
    aggregate_achievement,
    aggregate_status,
    indicator_status,
)


@pytest.mark.parametrize(
    ("higher", "plan", "actual", "expected"),
    [
        (True, D("60"), D("60"), Status.ON_TRACK),
        (True, D("60"), D("75"), Status.ON_TRACK),
        (True, D("60"), D("54"), Status.AT_RISK),  # exactly 90 %
        (True, D("60"), D("53.9"), Status.OFF_TRACK),
        (False, D("5"), D("5"), Status.ON_TRACK),  # unemployment at plan
        (False, D("5"), D("4"), Status.ON_TRACK),  # lower than planned is better
        (False, D("5"), D("5.5"), Status.AT_RISK),  # 5 / 5.5 = 90.9 %
        (False, D("5"), D("6"), Status.OFF_TRACK),  # 83 %
        (False, D("5"), D("0"), Status.ON_TRACK),
        (True, D("0"), D("0"), Status.ON_TRACK),
        (False, D("0"), D("2"), Status.OFF_TRACK),
        (True, None, D("3"), Status.NO_DATA),
        (True, D("3"), None, Status.NO_DATA),
    ],
)
def test_indicator_status_respects_direction(higher, plan, actual, expected):
    assert indicator_status(higher_is_better=higher, plan=plan, actual=actual) == expected


def test_achievement_is_a_ratio():
    assert achievement(higher_is_better=True, plan=D("80"), actual=D("60")) == D("0.75")
    assert achievement(higher_is_better=False, plan=D("6"), actual=D("8")) == D("0.75")


def test_goal_status_caps_overachievement_so_it_cannot_hide_a_failure():
    # 150 % and 70 % would average 110 % uncapped; capped they average 85 %: off track.
    assert aggregate_achievement([D("1.5"), D("0.7")]) == D("0.85")
    assert aggregate_status([D("1.5"), D("0.7")]) == Status.OFF_TRACK
    assert aggregate_status([D("1.0"), D("0.9")]) == Status.AT_RISK
    assert aggregate_status([D("1.2"), D("1.0")]) == Status.ON_TRACK


def test_goal_without_data_has_no_status():
    assert aggregate_status([None, None]) == Status.NO_DATA
    assert aggregate_status([]) == Status.NO_DATA
    assert aggregate_status([None, D("1.1")]) == Status.ON_TRACK


def test_numbers_are_rounded_not_cut():
    from django.utils import translation

    from baqylau.core.templatetags.baqylau import num, pct

    with translation.override("en"):
        assert num(D("42.86"), 1) == "42.9"
        assert pct(D("99.95")) == "100.0\xa0%"
        assert num(D("1234.5")) == "1,234.5"
