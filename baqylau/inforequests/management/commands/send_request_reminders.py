"""Daily, from cron: remind officers of answers due soon and mark the requests that ran late."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from baqylau.inforequests.services import send_request_reminders


class Command(BaseCommand):
    help = "Email officers before an information request is due and mark overdue requests."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="Run as if today were this date (YYYY-MM-DD), to catch up a missed day.",
        )
        parser.add_argument(
            "--days",
            type=int,
            help="Remind this many days before the due date "
            "(default: BAQYLAU_REQUEST_REMINDER_DAYS).",
        )

    def handle(self, *args, today=None, days=None, **options):
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError(_("The date must be written as YYYY-MM-DD.")) from exc
        result = send_request_reminders(today=day, days=days)
        self.stdout.write(
            ngettext(
                "Officers reminded of %(count)d request.",
                "Officers reminded of %(count)d requests.",
                result["reminded"],
            )
            % {"count": result["reminded"]}
        )
        self.stdout.write(
            ngettext(
                "%(count)d request marked overdue.",
                "%(count)d requests marked overdue.",
                result["overdue"],
            )
            % {"count": result["overdue"]}
        )
