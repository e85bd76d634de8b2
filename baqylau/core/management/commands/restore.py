"""baqylau restore FILE [--force]: a `baqylau backup` archive back into an empty installation."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from baqylau.core.backup import ArchiveError, backup_restore


class Command(BaseCommand):
    @property
    def help(self) -> str:
        # A property: argparse needs a plain string, translated when the parser is built.
        return _(
            "Restore an archive of 'baqylau backup' into an empty installation: every member is "
            "checked against the manifest first, then the data is loaded in one transaction and "
            "the media files are put back."
        )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, metavar="FILE", help=_("the archive"))
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("replace everything in a database that already has data"),
        )

    def handle(self, *args, **options):
        try:
            report = backup_restore(path=options["archive"], force=options["force"])
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Restored %(rows)d rows and %(files)d media files.")
            % {"rows": report.rows, "files": report.files}
        )
