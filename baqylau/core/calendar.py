"""Kazakhstan's working days and the legal deadlines counted on them.

Monday to Friday are working days and Saturday and Sunday are not, unless a CalendarDay says
otherwise: a public holiday or a transferred day off makes a weekday non-working, a working day
entry makes a weekend day (or any day) working. The rules are explained in docs/calendar.md.

A WorkingCalendar reads the CalendarDay rows of whole years in one query and counts in memory;
the module functions build one per call. A page that computes many deadlines passes one
`calendar=` to all of them so that it queries once.
"""

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from . import pagecache
from .models import CalendarDay, DeadlineRule

logger = logging.getLogger(__name__)

COUNTRY = "KZ"
LANGUAGES = ("kk", "ru", "en")
ONE_DAY = timedelta(days=1)
# No real calendar rests this long; more means the calendar data is wrong.
MAX_DAYS_OFF_IN_A_ROW = 60


class WorkingCalendar:
    """Working days for the years it has read; it reads more years when a count runs past them."""

    def __init__(self) -> None:
        self._years: tuple[int, int] | None = None
        self._working: dict[date, bool] = {}
        self._covered: set[int] = set()
        self._warned: set[int] = set()
        self._rules: dict[str, DeadlineRule] = {}

    def _load(self, first: date, last: date) -> None:
        low, high = min(first, last).year, max(first, last).year
        if self._years:
            if self._years[0] <= low and high <= self._years[1]:
                return
            low, high = min(low, self._years[0]), max(high, self._years[1])
        rows = CalendarDay.objects.for_years(low, high).values_list("date", "kind")
        self._working = {day: kind == CalendarDay.Kind.WORKING_DAY for day, kind in rows}
        self._covered = {day.year for day in self._working}
        self._years = (low, high)

    def _is_working(self, day: date) -> bool:
        self._load(day, day)
        if day.year not in self._covered and day.year not in self._warned:
            self._warned.add(day.year)
            logger.warning(
                "The working-day calendar has no days for %s: counting weekends only. "
                "Run `baqylau load_calendar --years %s` or add the days in the admin.",
                day.year,
                day.year,
            )
        working = self._working.get(day)
        return day.weekday() < 5 if working is None else working

    def covers(self, year: int) -> bool:
        self._load(date(year, 1, 1), date(year, 1, 1))
        return year in self._covered

    def is_working_day(self, day: date) -> bool:
        return self._is_working(day)

    def next_working_day(self, day: date) -> date:
        """The day itself when it is a working day, otherwise the first working day after it."""
        self._load(day, day + timedelta(days=14))
        start = day
        while not self._is_working(day):
            day += ONE_DAY
            self._check_run(start, day)
        return day

    def _check_run(self, last_working: date, day: date) -> None:
        if abs((day - last_working).days) > MAX_DAYS_OFF_IN_A_ROW:
            raise ValueError(f"No working day between {last_working} and {day}: check the calendar")

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (before it, when `days` is negative); `start`
        itself is not counted."""
        step = ONE_DAY if days >= 0 else -ONE_DAY
        remaining = abs(days)
        # Holidays and weekends never take more than this; a longer run reads more years later.
        self._load(start, start + step * (remaining * 2 + 14))
        day = last_working = start
        while remaining:
            day += step
            if self._is_working(day):
                remaining -= 1
                last_working = day
            else:
                self._check_run(last_working, day)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`; negative when `end` comes
        first, so that working_days_between(s, add_working_days(s, n)) == n."""
        if end < start:
            return -self.working_days_between(end, start)
        self._load(start, end)
        count = 0
        day = start
        while day < end:
            day += ONE_DAY
            count += self._is_working(day)
        return count

    def rule(self, code: str) -> DeadlineRule:
        """The active rule `code`, read once per calendar."""
        if code not in self._rules:
            self._rules[code] = DeadlineRule.objects.get(code=code, is_active=True)
        return self._rules[code]

    def deadline(self, rule: DeadlineRule, start: date) -> date:
        if rule.unit == DeadlineRule.Unit.WORKING:
            return self.add_working_days(start, rule.days)
        # A term in calendar days that ends on a non-working day ends on the next working day.
        return self.next_working_day(start + timedelta(days=rule.days))


def is_working_day(day: date, *, calendar: WorkingCalendar | None = None) -> bool:
    return (calendar or WorkingCalendar()).is_working_day(day)


def next_working_day(day: date, *, calendar: WorkingCalendar | None = None) -> date:
    return (calendar or WorkingCalendar()).next_working_day(day)


def add_working_days(start: date, days: int, *, calendar: WorkingCalendar | None = None) -> date:
    """The deadline `days` working days after `start`: counting starts on the day after it."""
    return (calendar or WorkingCalendar()).add_working_days(start, days)


def working_days_between(start: date, end: date, *, calendar: WorkingCalendar | None = None) -> int:
    return (calendar or WorkingCalendar()).working_days_between(start, end)


def deadline(rule_code: str, start: date, *, calendar: WorkingCalendar | None = None) -> date:
    """The last day of the legal term `rule_code` that starts on `start`.

    Raises DeadlineRule.DoesNotExist when there is no active rule with that code.
    """
    calendar = calendar or WorkingCalendar()
    return calendar.deadline(calendar.rule(rule_code), start)


def days_left(due: date, today: date | None = None) -> int:
    """Calendar days until `due`: 0 on the day itself, negative when overdue."""
    return (due - (today or timezone.localdate())).days


def calendar_covers(year: int) -> bool:
    """Whether the calendar holds the holidays of `year` (otherwise only weekends are known)."""
    return CalendarDay.objects.for_years(year, year).exists()


# Loading from the holidays library -------------------------------------------------------------

# The library names holidays in Kazakh and English only.
RUSSIAN_NAMES = {
    "New Year's Day": "Новый год",
    "Orthodox Christmas": "Православное Рождество",
    "International Women's Day": "Международный женский день",
    "Nowruz Holiday": "Наурыз мейрамы",
    "Kazakhstan's People Solidarity Holiday": "Праздник единства народа Казахстана",
    "Defender of the Fatherland Day": "День защитника Отечества",
    "Victory Day": "День Победы",
    "Capital Day": "День Столицы",
    "Constitution Day": "День Конституции Республики Казахстан",
    "Republic Day": "День Республики",
    "First President Day": "День Первого Президента Республики Казахстан",
    "Independence Day": "День Независимости",
    "Eid al-Adha": "Курбан айт",
}
RUSSIAN_MARKS = {
    "observed": "перенесённый выходной",
    "estimated": "ориентировочно",
    "observed, estimated": "перенесённый выходной, ориентировочно",
}
_MARKED = re.compile(r"^(?P<name>.*?)(?: \((?P<mark>observed|estimated|observed, estimated)\))?$")


def _russian_name(english: str) -> str:
    names = []
    for part in english.split("; "):
        match = _MARKED.match(part)
        russian = RUSSIAN_NAMES.get(match["name"])
        if russian is None:
            return ""  # falls back to Kazakh
        names.append(f"{russian} ({RUSSIAN_MARKS[match['mark']]})" if match["mark"] else russian)
    return "; ".join(names)


def _transfer_names(*, kind: str, other: date | None) -> dict[str, str]:
    shown = other.strftime("%d.%m.%Y") if other else ""
    if kind == CalendarDay.Kind.WORKING_DAY and not other:
        return {"kk": "Жұмыс күні", "ru": "Рабочий день", "en": "Working day"}
    if kind == CalendarDay.Kind.WORKING_DAY:
        return {
            "kk": f"Жұмыс күні (демалыс {shown} күніне ауыстырылды)",
            "ru": f"Рабочий день (выходной перенесён на {shown})",
            "en": f"Working day (day off moved to {shown})",
        }
    return {
        "kk": f"Демалыс күні ({shown} бастап ауыстырылды)",
        "ru": f"Выходной день (перенесён с {shown})",
        "en": f"Day off (moved from {shown})",
    }


@dataclass(frozen=True)
class LibraryDay:
    date: date
    kind: str
    names: dict[str, str]


def library_days(years: Iterable[int]) -> dict[date, LibraryDay]:
    """Holidays, days off and working days of `years` as the holidays library knows them."""
    # Imported here: only loading the calendar reads the library, and importing it takes time.
    import holidays

    years = sorted(set(years))
    english = holidays.country_holidays(COUNTRY, years=years, language="en_US")
    kazakh = holidays.country_holidays(COUNTRY, years=years, language="kk")
    # A holiday that falls on a weekend gives a day off on the next working day ("observed").
    unmoved = holidays.country_holidays(COUNTRY, years=years, observed=False)
    # Government transfers: (month, day, from_month, from_day[, from_year]) per year, the day off
    # first and the weekend day that becomes working second.
    transfers: dict[date, date] = {}
    for year, entries in getattr(english, "special_public_holidays", {}).items():
        for entry in entries if isinstance(entries[0], tuple) else (entries,):
            if len(entry) >= 4:
                month, day, from_month, from_day, *from_year = entry
                transfers[date(year, month, day)] = date(
                    from_year[0] if from_year else year, from_month, from_day
                )

    days: dict[date, LibraryDay] = {}
    for day, name_en in english.items():
        if day in transfers:
            kind = CalendarDay.Kind.DAY_OFF
            names = _transfer_names(kind=kind, other=transfers[day])
        else:
            kind = CalendarDay.Kind.PUBLIC_HOLIDAY if day in unmoved else CalendarDay.Kind.DAY_OFF
            names = {"kk": kazakh.get(day, ""), "ru": _russian_name(name_en), "en": name_en}
        days[day] = LibraryDay(day, kind, names)
    working_to_day_off = {working: day_off for day_off, working in transfers.items()}
    for day in english.weekend_workdays:
        if day.year in years:
            kind = CalendarDay.Kind.WORKING_DAY
            names = _transfer_names(kind=kind, other=working_to_day_off.get(day))
            days[day] = LibraryDay(day, kind, names)
    return days


@dataclass
class CalendarLoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    manual_kept: int = 0


@pagecache.changes
def calendar_load_holidays(*, years: Iterable[int]) -> CalendarLoadReport:
    """Bring the library's days of `years` into the calendar.

    Days entered by an administrator (source "manual") are never touched; library days that
    the library no longer lists (a moved estimated Eid al-Adha) are removed.
    """
    years = sorted(set(years))
    wanted = library_days(years)
    report = CalendarLoadReport()
    with transaction.atomic():
        existing = {
            day.date: day
            for day in CalendarDay.objects.select_for_update().for_years(years[0], years[-1])
            if day.date.year in years
        }
        to_create, to_update, to_delete = [], [], []
        for day, entry in sorted(wanted.items()):
            current = existing.get(day)
            if current is None:
                current = CalendarDay(date=day, source=CalendarDay.Source.LIBRARY)
                to_create.append(current)
            elif current.source == CalendarDay.Source.MANUAL:
                report.manual_kept += 1
                continue
            elif current.kind == entry.kind and all(
                getattr(current, f"name_{lang}") == entry.names[lang] for lang in LANGUAGES
            ):
                report.unchanged += 1
                continue
            else:
                to_update.append(current)
            current.kind = entry.kind
            for lang in LANGUAGES:
                setattr(current, f"name_{lang}", entry.names[lang])
        for day, current in existing.items():
            if day not in wanted and current.source == CalendarDay.Source.LIBRARY:
                to_delete.append(current.pk)
        CalendarDay.objects.bulk_create(to_create)
        fields = ["kind", *(f"name_{lang}" for lang in LANGUAGES), "updated_at"]
        now = timezone.now()
        for current in to_update:
            current.updated_at = now
        CalendarDay.objects.bulk_update(to_update, fields)
        CalendarDay.objects.filter(pk__in=to_delete).delete()
    report.created, report.updated, report.deleted = len(to_create), len(to_update), len(to_delete)
    return report


def default_years(today: date | None = None) -> list[int]:
    """The previous, current and next two years."""
    year = (today or timezone.localdate()).year
    return list(range(year - 1, year + 3))
