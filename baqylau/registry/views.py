"""Registry downloads that are not part of the open data API."""

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from .importers.plan import XLSX_CONTENT_TYPE, plan_template_bytes


@require_safe
def plan_template(request):
    """The spreadsheet template for `baqylau import_plan`, with its columns explained."""
    response = HttpResponse(plan_template_bytes(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="baqylau-import-template.xlsx"'
    return response
