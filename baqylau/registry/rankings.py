"""What the rankings of state bodies share: shares rounded the same way, and bodies ranked by a
key with their rank numbered from 1."""

from collections.abc import Callable, Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .models import Organisation

# Shares are fractions with four decimals (0.8333), shown as percentages with one.
SHARE_PLACES = Decimal("0.0001")


def share(part: int, whole: int) -> Decimal | None:
    """part / whole, rounded half up; None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(SHARE_PLACES, ROUND_HALF_UP)


def rank_bodies(
    figures: Mapping[int, dict], *, year: int | None, today: date, key: Callable[[dict], tuple]
) -> list[dict]:
    """One row per body (by id in `figures`), sorted by `key` and numbered from 1."""
    rows = [
        {"body": body, "year": year, "as_of": today, **figures[body.pk]}
        for body in Organisation.objects.filter(pk__in=figures)
    ]
    rows.sort(key=key)
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows
