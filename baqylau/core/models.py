"""Shared data: Kazakhstan's working-day calendar and the legal deadlines counted on it.

Names and legal references are translated (see `translation.py`): a column per language with
fallback, like the registry.
"""

import datetime

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDayQuerySet(models.QuerySet):
    def for_years(self, first: int, last: int):
        # A date range rather than __year, so that the unique index on date serves the query.
        return self.filter(date__range=(datetime.date(first, 1, 1), datetime.date(last, 12, 31)))


class CalendarDay(models.Model):
    """A day that differs from the plain week: Monday to Friday work, Saturday and Sunday rest."""

    class Kind(models.TextChoices):
        PUBLIC_HOLIDAY = "public_holiday", _("public holiday")
        DAY_OFF = "day_off", _("transferred day off")
        WORKING_DAY = "working_day", _("working day")

    class Source(models.TextChoices):
        LIBRARY = "library", _("holidays library")
        MANUAL = "manual", _("entered by an administrator")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    source = models.CharField(
        _("source"),
        max_length=8,
        choices=Source.choices,
        default=Source.MANUAL,
        help_text=_("Days entered by an administrator are never overwritten by load_calendar."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CalendarDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}".strip()

    @property
    def is_working(self) -> bool:
        return self.kind == self.Kind.WORKING_DAY


class DeadlineRule(models.Model):
    """A term set by law, kept as data so that an administrator can correct it without a release."""

    class Unit(models.TextChoices):
        CALENDAR = "calendar", _("calendar days")
        WORKING = "working", _("working days")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    days = models.PositiveSmallIntegerField(_("days"), validators=[MinValueValidator(1)])
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices)
    name = models.CharField(_("name"), max_length=200)
    legal_reference = models.CharField(_("legal reference"), max_length=400, blank=True)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("An inactive rule is no longer used to compute deadlines."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(days__gte=1), name="deadline_rule_days_positive"
            )
        ]

    def __str__(self) -> str:
        return self.name or self.code
