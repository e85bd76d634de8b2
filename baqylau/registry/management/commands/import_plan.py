"""baqylau import_plan FILE --document SLUG: indicators, financing and objects from xlsx or csv."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from baqylau.registry.importers.plan import SHEETS, PlanImportFileError, import_plan_file
from baqylau.registry.models import PlanningDocument


class Command(BaseCommand):
    @property
    def help(self) -> str:
        # A property: argparse needs a plain string, translated when the parser is built.
        return _(
            "Import the indicators (yearly plan and actual), financing and objects of one "
            "planning document from an xlsx workbook or a csv file. Nothing is applied if any "
            "row is wrong."
        )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("an .xlsx or .csv file"))
        parser.add_argument(
            "--document",
            required=True,
            metavar="SLUG",
            help=_("slug of the planning document the file is for"),
        )
        parser.add_argument(
            "--kind",
            choices=SHEETS,
            help=_(
                "what a csv file holds (default: indicators); for an xlsx workbook, import only "
                "this sheet"
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("check the file and count the changes without applying them"),
        )

    def handle(self, *args, **options):
        slug = options["document"]
        document = PlanningDocument.private_objects.filter(slug=slug).first()
        if document is None:
            raise CommandError(_("No planning document with slug «%(slug)s».") % {"slug": slug})
        try:
            report = import_plan_file(
                options["file"], document=document, kind=options["kind"], dry_run=options["dry_run"]
            )
        except PlanImportFileError as exc:
            raise CommandError(str(exc)) from exc
        if report.errors:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(
                ngettext(
                    "%(count)d problem found; nothing was imported.",
                    "%(count)d problems found; nothing was imported.",
                    len(report.errors),
                )
                % {"count": len(report.errors)}
            )
        for line in report.summary_lines():
            self.stdout.write(line)
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was saved."))
        else:
            done = _("Imported into %(document)s.") % {"document": document}
            self.stdout.write(self.style.SUCCESS(done))
