"""Shared data: Kazakhstan's working-day calendar and the legal deadlines counted on it; and the
base of the apps' small tables of data that people choose from (`Listed`).

Names and legal references are translated (see `translation.py`): a column per language with
fallback, like the registry.
"""

import datetime

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Listed(models.Model):
    """A row of a small table of data that people choose from (categories, reasons, kinds), whose
    `code`, `name` and `order` each table declares: listed by order, then code, and shown by its
    name or, without one, its code."""

    class Meta:
        abstract = True
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name or self.code


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


GENESIS = "0" * 64


class LogEntry(models.Model):
    """One link of the public record's hash chain: a publication, change or withdrawal of a public
    record, with what the public could see of it then and the hash of the entry before it. Entries
    are only ever added (`record.append`)."""

    class Action(models.TextChoices):
        PUBLISHED = "published", _("published")
        CHANGED = "changed", _("changed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    seq = models.PositiveBigIntegerField(_("number"), unique=True)
    kind = models.CharField(_("kind of record"), max_length=40)
    key = models.CharField(_("record"), max_length=64)
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    at = models.DateTimeField(_("time"))
    # The canonical JSON text, kept as text so that no database reorders it.
    public = models.TextField(_("public fields"))
    files = models.TextField(_("SHA-256 of the public files"))
    # Unique: two entries can never follow the same one, so the chain cannot fork.
    previous_hash = models.CharField(_("previous hash"), max_length=64, unique=True)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("record log entry")
        verbose_name_plural = _("record log entries")
        ordering = ["seq"]
        indexes = [models.Index(fields=["kind", "key", "seq"], name="logentry_record")]

    def __str__(self) -> str:
        return f"{self.seq} {self.kind} {self.key} {self.action}"


class LogChain(models.Model):
    """The one row that says where the chain ends; every append locks it, so appends queue."""

    count = models.PositiveBigIntegerField(default=0)
    head_hash = models.CharField(max_length=64, default=GENESIS)

    def __str__(self) -> str:
        return f"{self.count} {self.head_hash}"


class LogHead(models.Model):
    """The chain's head as published on a day, signed when a key is configured: whoever saved it
    can later prove that no entry up to it was changed."""

    date = models.DateField(_("date"), unique=True)
    count = models.PositiveBigIntegerField(_("entries"))
    head_hash = models.CharField(_("head hash"), max_length=64)
    signature = models.TextField(_("Ed25519 signature"), blank=True)
    public_key = models.TextField(_("public key"), blank=True)
    created_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        verbose_name = _("published head of the record")
        verbose_name_plural = _("published heads of the record")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.count} {self.head_hash}"
