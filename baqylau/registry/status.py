"""Whether an indicator, a goal or a document is on track in a year.

The rule (also shown to users on the "How statuses are computed" page):

* achievement of an indicator in a year:
  - higher is better: actual / plan;
  - lower is better: plan / actual (an actual of zero meets any plan);
  - a plan of zero is met by any actual at or beyond it in the indicator's direction.
* status: achievement of at least 100 % is **on track**, at least 90 % is **at risk**, below 90 %
  is **off track**; without a plan or an actual value the status is **no data**.
* a goal or a document: the mean of its indicators' achievements in that year, each capped at
  100 % so that one overachieved indicator cannot hide another that fails; the same thresholds
  apply. Indicators without data are left out; if none has data, the status is **no data**.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

ON_TRACK_FROM = Decimal("1.00")
AT_RISK_FROM = Decimal("0.90")


class Status(models.TextChoices):
    ON_TRACK = "on_track", _("on track")
    AT_RISK = "at_risk", _("at risk")
    OFF_TRACK = "off_track", _("off track")
    NO_DATA = "no_data", _("no data")


def achievement(*, higher_is_better: bool, plan: Decimal | None, actual: Decimal | None):
    """The share of the plan achieved, or None when it cannot be computed."""
    if plan is None or actual is None:
        return None
    plan, actual = Decimal(plan), Decimal(actual)
    if plan == 0:
        met = actual >= 0 if higher_is_better else actual <= 0
        return Decimal(1) if met else Decimal(0)
    if higher_is_better:
        return actual / plan
    if actual == 0:
        return Decimal(1) if plan > 0 else Decimal(0)
    return plan / actual


def status_of(achieved: Decimal | None) -> Status:
    if achieved is None:
        return Status.NO_DATA
    if achieved >= ON_TRACK_FROM:
        return Status.ON_TRACK
    if achieved >= AT_RISK_FROM:
        return Status.AT_RISK
    return Status.OFF_TRACK


def indicator_status(*, higher_is_better: bool, plan, actual) -> Status:
    return status_of(achievement(higher_is_better=higher_is_better, plan=plan, actual=actual))


def aggregate_achievement(achievements: Iterable[Decimal | None]) -> Decimal | None:
    known = [min(a, ON_TRACK_FROM) for a in achievements if a is not None]
    if not known:
        return None
    return sum(known, Decimal(0)) / len(known)


def aggregate_status(achievements: Iterable[Decimal | None]) -> Status:
    return status_of(aggregate_achievement(achievements))
