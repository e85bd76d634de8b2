"""baqylau backup [--output FILE] [--native]: one archive of the database and the media files."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from baqylau.core.backup import backup_create


class Command(BaseCommand):
    @property
    def help(self) -> str:
        # A property: argparse needs a plain string, translated when the parser is built.
        return _(
            "Write one archive of the whole database (portable between SQLite and PostgreSQL) "
            "and every media file, with a manifest of their SHA-256 sums."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            metavar="FILE",
            help=_("where to write the archive (default: baqylau-backup-DATE-TIME.tar here)"),
        )
        parser.add_argument(
            "--native",
            action="store_true",
            help=_("add the database's own copy (SQLite's file, or pg_dump's custom format)"),
        )

    def handle(self, *args, **options):
        path = options["output"] or Path(f"baqylau-backup-{timezone.now():%Y%m%d-%H%M%S}.tar")
        report = backup_create(path=path, native=options["native"])
        for warning in report.warnings:
            self.stderr.write(warning)
        self.stdout.write(
            _("Backup %(path)s: %(rows)d rows, %(files)d media files.")
            % {"path": report.path, "rows": report.rows, "files": report.files}
        )
