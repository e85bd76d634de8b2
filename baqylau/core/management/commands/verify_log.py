"""baqylau verify_log: recheck the public record's chain and every public record against it."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from baqylau.core import record
from baqylau.core.models import LogEntry


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _(
            "Recheck every entry of the public record (its hash and its link to the one before) "
            "and every public record against its latest entry; exit with an error on any "
            "mismatch."
        )

    def handle(self, *args, **options):
        problems = record.verify()
        for problem in problems:
            where = " ".join(
                part
                for part in (
                    f"#{problem.seq}" if problem.seq else "",
                    f"{problem.kind} {problem.key}".strip(),
                )
                if part
            )
            self.stderr.write(f"{where}: {problem.message}" if where else str(problem.message))
        if problems:
            raise CommandError(
                _("The public record does not hold: %(count)d problems.") % {"count": len(problems)}
            )
        self.stdout.write(
            _("The public record holds: %(count)d entries checked.")
            % {"count": LogEntry.objects.count()}
        )
