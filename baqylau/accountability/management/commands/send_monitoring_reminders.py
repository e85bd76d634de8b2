"""Daily, from cron: mark the recommendations answered too late, remind officers of answers due
soon, and warn coordinators of final documents due soon or late."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from baqylau.accountability.deadlines import deadlines_run


class Command(BaseCommand):
    help = (
        "Mark overdue recommendations, remind officers before recommendations are due and warn "
        "coordinators whose final document is due soon or late."
    )

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
            "(default: BAQYLAU_RECOMMENDATION_REMINDER_DAYS).",
        )

    def handle(self, *args, on=None, days=None, **options):
        try:
            day = date.fromisoformat(on) if on else None
        except ValueError as exc:
            raise CommandError(_("The date must be written as YYYY-MM-DD.")) from exc
        if days is not None and days < 0:
            raise CommandError(_("The number of days cannot be negative."))
        report = deadlines_run(today=day, days=days)
        lines = [
            ngettext(
                "%(count)d recommendation marked overdue.",
                "%(count)d recommendations marked overdue.",
                report.overdue,
            )
            % {"count": report.overdue},
            ngettext(
                "Officers reminded of %(count)d recommendation.",
                "Officers reminded of %(count)d recommendations.",
                report.reminded,
            )
            % {"count": report.reminded},
            ngettext(
                "Coordinators warned of %(count)d final document due soon.",
                "Coordinators warned of %(count)d final documents due soon.",
                report.send_near,
            )
            % {"count": report.send_near},
            ngettext(
                "Coordinators told of %(count)d final document not sent in time.",
                "Coordinators told of %(count)d final documents not sent in time.",
                report.send_late,
            )
            % {"count": report.send_late},
        ]
        for line in lines:
            self.stdout.write(line)
