"""Reporting a problem, in two steps that work without JavaScript: step 1 (a GET form) asks what
kind of problem and where; step 2 shows the open reports already there, which the reporter may
support instead, and asks for the report itself. The address of step 2 carries step 1, so the
POST of step 2 reads the place again from it and nothing is kept between the steps."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from baqylau.core.forms import put_errors
from baqylau.core.permissions import get_visible_or_404, visible
from baqylau.core.ratelimit import guarded
from baqylau.registry import geo
from baqylau.registry.models import Indicator, PlanningDocument, ProjectObject

from .. import reports
from ..models import Category
from ..report_forms import PlaceForm, ReportForm
from ..report_selectors import nearby_objects, with_public_photos

SEARCH_LIMIT = 20
# A report is public: it is about published objects, indicators and documents only, even when
# filed by staff who see unpublished ones.
OBJECTS = ProjectObject.public_objects.select_related("responsible_body").defer(
    "search_text", "description", "responsible_body__search_text"
)


def _given(user, data) -> dict:
    """What the link (or step 1) names: an object, an indicator, a planning document; what the
    user may not see answers 404."""
    given = {"object": None, "indicator": None, "document": None}
    if data.get("object"):
        given["object"] = get_visible_or_404(user, OBJECTS, slug=data["object"])
    if data.get("indicator"):
        given["indicator"] = get_visible_or_404(
            user, Indicator.public_objects.select_related("goal__document"), pk=data["indicator"]
        )
    if data.get("document"):
        given["document"] = get_visible_or_404(
            user, PlanningDocument.public_objects.all(), slug=data["document"]
        )
    return given


def _categories(kind: str | None) -> list[Category]:
    """For an object: the categories that fit its kind; otherwise every category offered."""
    active = Category.objects.filter(is_active=True)
    return [category for category in active if kind is None or category.fits(kind)]


def _step_one(request, fixed: dict):
    """The place form, bound when the reporter pressed "next"; the search for an object shows
    its results without complaining about what is not chosen yet."""
    user, data = request.user, request.GET
    q = data.get("q", "").strip()
    found = []
    if q and fixed["object"] is None:
        found = list(visible(user, OBJECTS.search(q))[:SEARCH_LIMIT])
    categories = _categories(fixed["object"].kind if fixed["object"] else None)
    bound = "next" in data
    form = PlaceForm(
        data if bound else None,
        categories=categories,
        found=found,
        initial={key: value for key, value in data.items() if key != "next"},
    )
    return form, found, bound and form.is_valid()


def _place(user, form: PlaceForm, fixed: dict) -> tuple[reports.Place, dict]:
    data = form.cleaned_data
    chosen = fixed
    if data.get("object") and fixed["object"] is None:
        chosen = {**fixed, "object": get_visible_or_404(user, OBJECTS, slug=data["object"])}
    place = reports.Place(
        project_object=chosen["object"],
        indicator=chosen["indicator"],
        document=chosen["document"],
        latitude=data.get("lat"),
        longitude=data.get("lon"),
    )
    return place, chosen


def _in_kazakhstan(place: reports.Place) -> bool:
    if place.latitude is None:
        return True
    return (
        geo.territory_id_for_point(latitude=place.latitude, longitude=place.longitude) is not None
    )


@require_http_methods(["GET", "HEAD", "POST"])
def report_new(request):
    user = request.user
    fixed = _given(user, request.GET)
    place_form, found, ready = _step_one(request, fixed)
    context = {"place_form": place_form, "found": found, "given": fixed, "q": request.GET.get("q")}
    if ready:
        place, chosen = _place(user, place_form, fixed)
        category = place_form.cleaned_data["category"]
        if chosen["object"] is not None and not category.fits(chosen["object"].kind):
            place_form.add_error("category", _("This category does not fit this kind of object."))
            ready = False
        elif chosen["object"] is None and not _in_kazakhstan(place):
            place_form.add_error(
                "lat",
                _("The point is outside Kazakhstan: choose a place on the map of the country."),
            )
            ready = False
    if not ready:
        return render(request, "participation/reports/new_place.html", context)
    near_objects = []
    if place.project_object is None and place.latitude is not None:
        near_objects = nearby_objects(user, latitude=place.latitude, longitude=place.longitude)
    form = ReportForm(
        request.POST or None, request.FILES or None, user=user, nearby_objects=near_objects
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data.get("attach"):
            place.project_object = next(o for o in near_objects if o.slug == data["attach"])
        try:
            report = reports.report_submit(
                category=category,
                title=data["title"],
                description=data["description"],
                place=place,
                uploads=data["files"],
                reporter=user,
                email=data.get("email", ""),
                name_public=data.get("name_public", False),
                name_to_body=data["name_to_body"],
                **guarded(request, data),
            )
        except ValidationError as exc:
            put_errors(form, exc, aliases={"project_object": "attach", "latitude": "attach"})
        else:
            return _submitted(request, report)
    nearby = reports.nearby_open_reports(
        project_object=place.project_object, latitude=place.latitude, longitude=place.longitude
    )
    context.update(
        {
            "form": form,
            "category": category,
            "place": place,
            "chosen": chosen,
            "nearby": with_public_photos(nearby),
            "step_one_query": request.GET.urlencode(),
            "edit_query": _without(request.GET, "next"),
            "login_url": _login_url(request),
        }
    )
    return render(
        request,
        "participation/reports/new_details.html",
        context,
        status=400 if form.errors else 200,
    )


def _login_url(request) -> str:
    return f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}"


def _without(query, *names) -> str:
    query = query.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _submitted(request, report):
    if report.reporter_id is None:
        return render(request, "participation/reports/check_email.html", {"report": report})
    if report.is_public:
        messages.success(request, _("Thank you: your report is published."))
    else:
        messages.success(
            request, _("Thank you: your report is sent. A moderator will publish it soon.")
        )
    return redirect(report)


urlpatterns = [path("reports/new/", report_new, name="report_new")]
