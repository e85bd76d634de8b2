"""baqylau log_public_records: start the public record on an installation that had data before."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from baqylau.core import record
from baqylau.core.models import LogEntry


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _(
            "Append every public record that has no entry in the public record, or differs "
            "from its latest one. Run it once, after the upgrade that brings the public record: "
            "run later, it would record as a change any edit made behind the services, which "
            "verify_log exists to show."
        )

    def handle(self, *args, **options):
        before = LogEntry.objects.count()
        record.log_public()
        self.stdout.write(
            _("%(count)d entries appended.") % {"count": LogEntry.objects.count() - before}
        )
