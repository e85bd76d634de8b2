"""baqylau load_calendar [--years 2025 2026 ...]: Kazakhstan's holidays and transferred days."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from baqylau.core.calendar import calendar_load_holidays, default_years


class Command(BaseCommand):
    @property
    def help(self) -> str:
        # A property: argparse needs a plain string, translated when the parser is built.
        return _(
            "Fill the working-day calendar with Kazakhstan's public holidays, days off and "
            "transferred working days from the holidays library. Days entered by an "
            "administrator are kept."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years",
            nargs="+",
            type=int,
            metavar="YEAR",
            help=_("years to load (default: the previous, current and next two years)"),
        )

    def handle(self, *args, **options):
        years = sorted(set(options["years"] or default_years()))
        report = calendar_load_holidays(years=years)
        self.stdout.write(
            _(
                "Calendar %(years)s: %(created)d created, %(updated)d updated, "
                "%(unchanged)d unchanged, %(deleted)d removed, %(manual)d kept as entered by "
                "an administrator."
            )
            % {
                "years": ", ".join(str(year) for year in years),
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "deleted": report.deleted,
                "manual": report.manual_kept,
            }
        )
