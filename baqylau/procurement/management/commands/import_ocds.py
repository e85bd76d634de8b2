import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from baqylau.procurement import flags
from baqylau.procurement.importer import import_ocds


class Command(BaseCommand):
    help = (
        "Load OCDS 1.1 procurement data: release packages, record packages, single releases or "
        "records, or JSON Lines of any of them. Either every file loads or nothing does."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, but write nothing"
        )
        parser.add_argument(
            "--compiled",
            action="store_true",
            help=(
                "the files hold compiled releases, one per ocid (as Cardinal reads them): a "
                "missing id or date is a warning, not an error"
            ),
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="show a progress bar (shown anyway when the error output is a terminal)",
        )

        parser.add_argument(
            "--no-flags",
            action="store_true",
            help="do not compute the red flags again after loading (compute_flags does it)",
        )

    def handle(self, *args, **options):
        paths = options["files"]
        for path in paths:
            if not path.is_file():
                raise CommandError(_("%(file)s: no such file.") % {"file": path})
        bar = None
        if options["progress"] or sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(
                total=sum(path.stat().st_size for path in paths),
                unit="B",
                unit_scale=True,
                desc=_("Reading"),
                file=self.stderr._out,
            )
        started = time.monotonic()
        try:
            report = import_ocds(
                paths,
                compiled=options["compiled"],
                dry_run=options["dry_run"],
                progress=bar.update if bar else None,
            )
        finally:
            if bar:
                bar.close()
        if options["verbosity"] >= 1:
            for warning in report.warnings:
                self.stderr.write(_("warning: %(problem)s") % {"problem": warning})
        for error in report.errors:
            self.stderr.write(_("error: %(problem)s") % {"problem": error})
        summary = _(
            "Releases read: %(read)d, new: %(added)d. Contracting processes new: %(created)d, "
            "updated: %(updated)d. Parties new: %(parties)d. Warnings: %(warnings)d. "
            "%(seconds).1f s."
        ) % {
            "read": report.releases_read,
            "added": report.releases_added,
            "created": report.processes_created,
            "updated": report.processes_updated,
            "parties": report.parties_created,
            "warnings": len(report.warnings),
            "seconds": time.monotonic() - started,
        }
        self.stdout.write(summary)
        if report.errors:
            raise CommandError(
                ngettext(
                    "%(count)d error, so nothing was loaded.",
                    "%(count)d errors, so nothing was loaded.",
                    len(report.errors),
                )
                % {"count": len(report.errors)}
            )
        if report.dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
        elif report.releases_added and not options["no_flags"]:
            run = flags.compute()
            self.stdout.write(
                _("Red flags computed again over %(count)d contracting processes.")
                % {"count": run.processes}
            )
