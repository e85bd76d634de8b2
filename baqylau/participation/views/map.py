"""The public list of problem reports with its filters, and the compact data of its map (public
fields only: the number, the public position, the category and the status). The list works
alone without JavaScript; the map fetches the same filtered set."""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from baqylau.core import pagecache

from ..models import Category, Report
from ..report_forms import ReportFilterForm
from ..report_selectors import listed, map_rows, public_reports

PAGE_SIZE = 25


def _filtered(request) -> tuple[ReportFilterForm, object]:
    form = ReportFilterForm(request.GET or None)
    qs = public_reports(request.user)
    if form.is_valid():
        qs = form.filter(qs)
    return form, qs


@require_safe
def report_list(request):
    form, qs = _filtered(request)
    query = request.GET.copy()
    query.pop("page", None)
    # Counted once per generation of the site (the COUNT crossed the reports, their objects and
    # plans), per filters.
    page = pagecache.KeptPaginator.public(
        request, "reports", form, listed(qs).order_by("-published_at", "-pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/reports/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "statuses": Report.Status.choices,
        },
    )


@require_safe
def map_data(request):
    """{"reports": [[id, lat, lon, category, status], ...], "categories": {code: name}}."""
    _form, qs = _filtered(request)
    categories = {category.code: category.name for category in Category.objects.all()}
    return JsonResponse({"reports": map_rows(qs), "categories": categories})


urlpatterns = [
    path("reports/", report_list, name="reports"),
    path("reports/map.json", map_data, name="map_data"),
]
