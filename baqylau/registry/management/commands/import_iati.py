from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from baqylau.registry.importers.iati import IatiFileError, import_iati_file


class Command(BaseCommand):
    help = "Import IATI 2.03 activities from FILE as published donor projects."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="an IATI activities XML file")
        parser.add_argument(
            "--schema",
            type=Path,
            default=None,
            help="iati-activities-schema.xsd (default: the 2.03 schema in SHARED_DATA_DIR)",
        )
        parser.add_argument(
            "--source",
            default="",
            help=(
                "the source of the change when the file changes what a published project "
                "promises (default: the publisher's IATI data and its last update)"
            ),
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help=(
                "import the valid activities and report the rejected ones (by default a file "
                "with any rejected activity imports nothing)"
            ),
        )

    def handle(self, *args, **options):
        try:
            report = import_iati_file(
                options["file"],
                schema_path=options["schema"],
                skip_invalid=options["skip_invalid"],
                source=options["source"],
            )
        except IatiFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Imported: %(imported)d. Rejected: %(rejected)d.")
            % {"imported": report.imported_count, "rejected": report.rejected_count}
        )
        for rejected in report.rejected:
            self.stderr.write(_("Rejected %(identifier)s:") % {"identifier": rejected.identifier})
            for error in rejected.errors:
                self.stderr.write(f"  {error}")
        if not report.applied:
            raise CommandError(
                ngettext(
                    "%(count)d activity was rejected, so nothing was imported (--skip-invalid "
                    "imports the valid ones).",
                    "%(count)d activities were rejected, so nothing was imported (--skip-invalid "
                    "imports the valid ones).",
                    report.rejected_count,
                )
                % {"count": report.rejected_count}
            )
