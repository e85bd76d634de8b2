"""Procurement data back out as OCDS: a record package of one contracting process."""

import json

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from baqylau.core.permissions import get_visible_or_404

from .models import ContractingProcess, Release
from .ocds import record_package


@require_safe
def process_record_package(request, ocid):
    """`/data/procurement/<ocid>.json`: the process's record, with its releases as they were
    published, its compiled and its versioned release."""
    process = get_visible_or_404(request.user, ContractingProcess, ocid=ocid)
    process.release_rows = list(Release.objects.filter(process=process).order_by("date", "id"))
    package = record_package([process], uri=request.build_absolute_uri())
    response = HttpResponse(
        json.dumps(package, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{_filename(ocid)}.json"'
    return response


def _filename(ocid: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in ocid)[:150]
