"""A plan import started from the back office, run by the background worker (`tasks.py`).

The file is read from the media storage (S3 in production) into a temporary file of the worker,
imported with `import_plan_file`, and its report kept in the PlanImport row. How far it got is
written to the cache as it goes (the import's transaction hides its own writes until it ends) and
to the row whenever no transaction is open, so the admin page can show a bar that moves.
"""

import logging
import shutil
import tempfile
import time
from pathlib import Path

from django.core.cache import cache
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from baqylau.registry.importers.plan import (
    PlanImportFileError,
    PlanImportReport,
    import_plan_file,
)
from baqylau.registry.models import PlanImport

logger = logging.getLogger(__name__)

# At most so often is the progress written (seconds), besides at each change of stage.
EVERY = 0.5


def _key(import_id: int) -> str:
    return f"baqylau:plan-import:{import_id}"


def progress_of(plan_import: PlanImport) -> tuple[str, int, int | None]:
    """(stage, rows done, rows in all) as the worker last told them."""
    if plan_import.status == PlanImport.Status.RUNNING:
        told = cache.get(_key(plan_import.pk))
        if told:
            return tuple(told)
    return plan_import.stage, plan_import.rows_done, plan_import.rows_total


class _Progress:
    def __init__(self, plan_import: PlanImport):
        self.plan_import = plan_import
        self.stage = ""
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        finished = total is not None and done >= total
        if stage == self.stage and now - self.last < EVERY and not finished:
            return
        self.stage, self.last = stage, now
        row = self.plan_import
        row.stage, row.rows_done = stage, done
        if total is not None:
            row.rows_total = total
        cache.set(_key(row.pk), (stage, done, row.rows_total), timeout=24 * 3600)
        if not connection.in_atomic_block:
            row.save(update_fields=["stage", "rows_done", "rows_total"])


def report_json(report: PlanImportReport, *, dry_run: bool) -> dict:
    """What the admin page shows of a report, in the language of who started the import."""
    return {
        "ok": report.ok,
        "applied": report.applied,
        "dry_run": dry_run,
        "errors": [
            {
                "sheet": error.sheet,
                "row": error.row,
                "column": error.column,
                "reason": error.reason,
                "text": str(error),
            }
            for error in report.errors
        ],
        "counts": {f"{model}:{outcome}": n for (model, outcome), n in report.counts.items()},
        "summary": report.summary_lines() if report.ok else [],
        "version": report.version.number if report.version is not None else None,
    }


def plan_import_run(*, import_id: int) -> PlanImport | None:
    plan_import = (
        PlanImport.objects.select_related("document", "started_by")
        .filter(pk=import_id, status=PlanImport.Status.QUEUED)
        .first()
    )
    if plan_import is None:  # run already, or deleted meanwhile
        return None
    plan_import.status = PlanImport.Status.RUNNING
    plan_import.started_at = timezone.now()
    plan_import.save(update_fields=["status", "started_at"])
    with translation.override(plan_import.language or None):
        try:
            report = _run(plan_import)
        except PlanImportFileError as exc:
            plan_import.report = {"ok": False, "message": str(exc)}
        except Exception:
            logger.exception("plan import %s failed", import_id)
            plan_import.report = {
                "ok": False,
                "message": _("The import failed unexpectedly: nothing was applied."),
            }
        else:
            plan_import.report = report_json(report, dry_run=plan_import.dry_run)
    plan_import.status = (
        PlanImport.Status.DONE if plan_import.report.get("ok") else PlanImport.Status.FAILED
    )
    plan_import.finished_at = timezone.now()
    plan_import.save()
    cache.delete(_key(plan_import.pk))
    return plan_import


def _run(plan_import: PlanImport) -> PlanImportReport:
    suffix = Path(plan_import.file_name).suffix.lower()
    # The worker's own scratch copy (openpyxl reads a file it can seek), gone when done.
    with tempfile.TemporaryDirectory() as folder:
        local = Path(folder) / f"upload{suffix}"
        with plan_import.file.open("rb") as stored, local.open("wb") as copy:
            shutil.copyfileobj(stored, copy)
        return import_plan_file(
            local,
            document=plan_import.document,
            kind=plan_import.kind or None,
            user=plan_import.started_by,
            dry_run=plan_import.dry_run,
            source=plan_import.source,
            source_url=plan_import.source_url,
            takes_effect=plan_import.takes_effect,
            progress=_Progress(plan_import),
            reason=plan_import.file_name,
        )
