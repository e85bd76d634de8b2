"""Daily, from cron: refuse the visits sent from phones whose files stopped arriving."""

from datetime import date, datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from baqylau.field.services import ABANDONED_DAYS, submissions_abandon


class Command(BaseCommand):
    help = (
        f"Refuse the visits sent from phones still receiving their files after {ABANDONED_DAYS} "
        "days, and delete their pieces."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="Run as if today were this date (YYYY-MM-DD), from its start.",
        )

    def handle(self, *args, today=None, **options):
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError(_("The date must be written as YYYY-MM-DD.")) from exc
        now = timezone.make_aware(datetime.combine(day, time.min)) if day else None
        count = submissions_abandon(now=now)
        self.stdout.write(
            ngettext(
                "%(count)d abandoned visit sent from a phone refused.",
                "%(count)d abandoned visits sent from phones refused.",
                count,
            )
            % {"count": count}
        )
