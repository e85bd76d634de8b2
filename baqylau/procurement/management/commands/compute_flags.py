"""baqylau compute_flags: compute the procurement red flags over all contracting processes."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from baqylau.procurement import flags


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _(
            "Compute the procurement red flags (risk indicators of the Open Contracting "
            "Partnership's library) over all contracting processes, replace the flags with what "
            "was found and print how often each indicator fired."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=2_000,
            help=_("How many compiled releases are read from the database at a time."),
        )

    def handle(self, *args, batch_size, **options):
        run = flags.compute(batch_size=batch_size)
        self.stdout.write(
            _("%(processes)d contracting processes in %(seconds).1f s.")
            % {"processes": run.processes, "seconds": run.seconds}
        )
        for code in flags.CODES:
            counts = run.counts.get(code)
            if counts is None:
                continue
            for subject, figures in counts["subjects"].items():
                self.stdout.write(
                    _("%(code)s %(subject)s: fired on %(fired)d of %(of)d")
                    % {
                        "code": code,
                        "subject": flags.SUBJECT_NAMES[subject],
                        "fired": figures["fired"],
                        "of": figures["of"],
                    }
                )
