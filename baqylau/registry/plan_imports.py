"""Starting a plan import from the back office: the upload goes to the media storage and the
import to the background worker once the transaction commits."""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from baqylau.core.uploads import kept_name, stored_name

from . import tasks
from .models import PlanImport, PlanningDocument

SUFFIXES = {".xlsx", ".csv"}


@transaction.atomic
def plan_import_start(
    *,
    document: PlanningDocument,
    upload,
    user,
    kind: str = "",
    source: str = "",
    source_url: str = "",
    takes_effect: datetime.date | None = None,
    dry_run: bool = False,
) -> PlanImport:
    if Path(upload.name).suffix.lower() not in SUFFIXES:
        raise ValidationError(
            {"file": _("Unsupported file type: save the file as .xlsx or .csv.")},
            code="file_type",
        )
    plan_import = PlanImport(
        document=document,
        file_name=kept_name(upload.name),
        kind=kind or "",
        source=(source or "").strip(),
        source_url=source_url or "",
        takes_effect=takes_effect,
        dry_run=dry_run,
        language=translation.get_language() or "",
        started_by=user,
    )
    plan_import.file.save(stored_name(upload.name), upload, save=False)
    plan_import.save()
    transaction.on_commit(lambda: tasks.plan_import_run.enqueue(plan_import.pk))
    return plan_import
