"""baqylau publish_log_head [--date YYYY-MM-DD]: the public record's head of the day, signed."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from baqylau.core import record


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _(
            "Publish the head of the public record's hash chain for the day (its number of "
            "entries and its hash), signed with BAQYLAU_RECORD_SIGNING_KEY when it is set. Run "
            "daily from cron; a second run the same day brings that day's head up to date."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help=_("the day of the head (default: today)"),
        )

    def handle(self, *args, **options):
        head = record.head_publish(date=options["date"] or timezone.localdate())
        self.stdout.write(
            _("Head of %(date)s: %(count)d entries, %(hash)s, %(signed)s.")
            % {
                "date": head.date.isoformat(),
                "count": head.count,
                "hash": head.head_hash,
                "signed": _("signed") if head.signature else _("not signed: no key is set"),
            }
        )
