"""What the daily reminder commands share: run as if on another day (`--date`, to catch up a
missed day) and remind a number of working days ahead (`--days`, overriding a setting)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class DailyCommand(BaseCommand):
    """Subclasses name the setting of `--days` and write the lines `run` returns."""

    days_setting = ""

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            "--today",
            dest="on",
            help="Run as if today were this date (YYYY-MM-DD), to catch up a missed day.",
        )
        parser.add_argument(
            "--days",
            type=int,
            help="Remind this many working days before the due date "
            f"(default: {self.days_setting}).",
        )

    def handle(self, *args, on=None, days=None, **options):
        try:
            day = date.fromisoformat(on) if on else None
        except ValueError as exc:
            raise CommandError(_("The date must be written as YYYY-MM-DD.")) from exc
        if days is not None and days < 0:
            raise CommandError(_("The number of days cannot be negative."))
        for line in self.run(today=day, days=days):
            self.stdout.write(line)

    def run(self, *, today: date | None, days: int | None) -> list[str]:
        raise NotImplementedError
