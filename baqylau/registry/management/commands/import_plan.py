"""baqylau import_plan FILE --document SLUG: indicators, financing and objects from xlsx or csv."""

import argparse
import datetime
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from baqylau.registry.importers.plan import SHEETS, PlanImportFileError, import_plan_file
from baqylau.registry.models import PlanningDocument


def _date(text: str) -> datetime.date:
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(_("Not a date (dd.mm.yyyy or yyyy-mm-dd): %s") % text)


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
            "--source",
            default="",
            help=_(
                "the decision that changed the plan, e.g. “Decision of the akimat of Pavlodar "
                "region No. 123 of 12.03.2025” (required when the file changes what a published "
                "document promises)"
            ),
        )
        parser.add_argument(
            "--source-url", default="", metavar="URL", help=_("a link to that decision")
        )
        parser.add_argument(
            "--takes-effect",
            type=_date,
            default=None,
            metavar="DATE",
            help=_("the date the new version of the plan takes effect (default: today)"),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("check the file and count the changes without applying them"),
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help=_("show a progress bar (shown anyway when the error output is a terminal)"),
        )

    def _progress(self, options):
        """A tqdm bar of the rows read, then one of the records applied."""
        if not (options["progress"] or sys.stderr.isatty()):
            return None, None
        from tqdm import tqdm

        bars = {}
        labels = {"read": _("Rows read"), "apply": _("Rows applied")}

        def progress(stage: str, done: int, total: int | None) -> None:
            bar = bars.get(stage)
            if bar is None:
                for other in bars.values():
                    other.close()
                bar = bars[stage] = tqdm(
                    total=total, unit=" rows", desc=labels[stage], file=self.stderr._out
                )
            if total is not None and bar.total != total:
                bar.total = total
            bar.update(done - bar.n)

        def close() -> None:
            for bar in bars.values():
                bar.close()

        return progress, close

    def handle(self, *args, **options):
        slug = options["document"]
        document = PlanningDocument.private_objects.filter(slug=slug).first()
        if document is None:
            raise CommandError(_("No planning document with slug «%(slug)s».") % {"slug": slug})
        progress, close = self._progress(options)
        try:
            report = import_plan_file(
                options["file"],
                document=document,
                kind=options["kind"],
                dry_run=options["dry_run"],
                source=options["source"],
                source_url=options["source_url"],
                takes_effect=options["takes_effect"],
                **({"progress": progress} if progress else {}),
            )
        except PlanImportFileError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            if close:
                close()
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
        if report.version is not None:
            self.stdout.write(
                _("Version %(number)d of the plan: %(source)s.")
                % {"number": report.version.number, "source": report.version.source}
            )
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was saved."))
        else:
            done = _("Imported into %(document)s.") % {"document": document}
            self.stdout.write(self.style.SUCCESS(done))
