"""The public portal. Every fetch goes through baqylau.core.permissions."""

import json
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baqylau.accountability import selectors as accountability
from baqylau.accountability.models import AnswerState
from baqylau.accountability.stats import body_recommendation_record
from baqylau.core import pagecache, record
from baqylau.core.languages import page_language_first, translated_fields
from baqylau.core.models import LogHead
from baqylau.core.permissions import get_visible_or_404, visible
from baqylau.inforequests.models import InformationRequest
from baqylau.meetings import selectors as meetings
from baqylau.monitoring.models import Campaign
from baqylau.participation import report_selectors as participation
from baqylau.participation.stats import body_report_record
from baqylau.procurement import selectors as procurement
from baqylau.procurement.models import ContractingProcess
from baqylau.registry import counters, selectors, versions
from baqylau.registry.models import (
    Financing,
    Goal,
    ObjectPhoto,
    Organisation,
    PlanChange,
    PlanningDocument,
    PlanVersion,
    ProjectObject,
    Territory,
)
from baqylau.scorecards import pages as scorecards

from . import search as platform_search
from .forms import DocumentFilterForm, ObjectFilterForm
from .withdrawals import WithdrawalsLog
from .withdrawals import entries as withdrawal_entries

# Boundaries are large: pages that show a territory's name never load its shape.
NO_SHAPES = ("territory__geometry",)
PAGE_SIZE = 25
MAP_LIMIT = 500


def _page(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _points(queryset, limit=MAP_LIMIT) -> list[dict]:
    return selectors.map_points(queryset, limit=limit)


def _focus(points, territory=None) -> str:
    """What the map opens on (registry.selectors.map_focus), as its data attribute wants it."""
    box = selectors.map_focus(points, territory)
    return json.dumps(box) if box else ""


def _map(queryset, *, around=None, focus=True, extent=None, **filters) -> dict:
    """The context of portal/_map.html for the objects of `queryset`: their markers in the page
    when there are at most MAP_EMBED_LIMIT, so that a small map is one request; beyond, none:
    the map asks /api/map/objects/ with `filters` (the API's object filters that select the
    same public objects) for what is in view, and opens on `around` (a territory), else on the
    region that holds most of them (judged on a sample), else on the box of them all; `focus`
    False: the page opens its map otherwise (no query for it); `extent`, the box and count of the
    objects when known (every public object's are kept with the registry's figures). Three
    queries at most, whatever the number of objects."""
    points = _points(queryset, limit=selectors.MAP_EMBED_LIMIT + 1)
    if len(points) <= selectors.MAP_EMBED_LIMIT:
        return {"points": points, "map_focus": _focus(points, around) if focus else ""}
    extent, total = extent or selectors.map_extent(queryset)
    query = urlencode(
        {"lang": translation.get_language(), **{k: v for k, v in filters.items() if v}}
    )
    return {
        "points": [],
        "map_focus": _focus(points, around) if focus else "",
        "map_source": f"{reverse('api:map_objects')}?{query}",
        "map_extent": json.dumps(extent),
        "map_total": total,
    }


def home(request):
    objects = visible(request.user, ProjectObject)
    counts = selectors.registry_counts(request.user)
    return render(
        request,
        "portal/home.html",
        {
            "counts": counts,
            "documents": page_language_first(
                visible(request.user, PlanningDocument)
                .filter(status=PlanningDocument.Status.IN_FORCE)
                .select_related("territory")
                .defer(*NO_SHAPES, "search_text")
                .in_planning_order(),
                "title",
            )[:6],
            # The home map opens on the region's outlines: no focus to judge.
            **_map(objects.order_by("-updated_at"), focus=False, extent=counts["extent"]),
            "recent": selectors.recent_changes(request.user),
            "processes": visible(request.user, ContractingProcess).count(),
            **_platform(request.user),
        },
    )


def _platform(user) -> dict:
    """The rest of the platform beside the registry, the public part only: the latest reports
    and answers, findings and answered recommendations, campaigns and information requests (six
    queries)."""
    return {
        "activity": participation.latest_activity(user),
        "findings": accountability.published_findings(user)
        .select_related("campaign")
        .only(
            "number", "title", "created_at", "campaign__slug", *translated_fields("campaign__title")
        )
        .order_by("-created_at", "-pk")[:4],
        "answered": accountability.published_recommendations(user)
        .filter(state__in=[AnswerState.ACCEPTED, AnswerState.PARTLY, AnswerState.REJECTED])
        .select_related("campaign", "body")
        .only(
            "number",
            "text",
            "state",
            "answered_on",
            "campaign__slug",
            *translated_fields("body__name"),
        )
        .order_by("-answered_on", "-pk")[:4],
        "campaigns": page_language_first(
            visible(user, Campaign)
            .published()
            .select_related("ngo")
            .defer("ngo__search_text", *translated_fields("description"))
            .order_by("-published_at", "-pk"),
            "title",
        )[:4],
        "requests": visible(user, InformationRequest)
        .published()
        .select_related("body")
        .defer("body__search_text", "text")
        .order_by("-sent_at", "-pk")[:4],
    }


def search(request):
    """One search over everything the user may see, grouped by kind (see `search.py`)."""
    q = request.GET.get("q", "").strip()[:200]
    kind = platform_search.KINDS_BY_KEY.get(request.GET.get("kind", ""))
    groups = platform_search.search(request.user, q, kind=kind.key if kind else "")
    return render(
        request,
        "portal/search.html",
        {"q": q, "kind": kind, "groups": groups, "total": sum(g.total for g in groups)},
    )


def document_list(request):
    form = DocumentFilterForm(request.GET or None)
    qs = (
        visible(request.user, PlanningDocument)
        .select_related("territory")
        .defer(*NO_SHAPES)
        .annotate(n_goals=_goals_of_document())
    )
    if form.is_valid():
        qs = form.filter(qs)
    qs = qs.in_planning_order()
    return render(
        request,
        "portal/document_list.html",
        {
            "form": form,
            "page": _page(request, qs),
        },
    )


def _goals_of_document():
    """How many goals a document has, as a subquery: no join nor DISTINCT over the whole list."""
    goals = (
        Goal.private_objects.filter(document=OuterRef("pk"))
        .order_by()
        .values("document")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(goals), 0)


def document_detail(request, slug):
    document = get_visible_or_404(
        request.user,
        PlanningDocument.private_objects.select_related("territory")
        .defer(*NO_SHAPES)
        .prefetch_related("responsible_bodies", "directions"),
        slug=slug,
    )
    latest = selectors.latest_year_with_actuals(document)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year not in document.years:
        year = latest if latest in document.years else None
    blocks, overall = selectors.document_goal_blocks(document, status_year=year)
    objects = (
        ProjectObject.private_objects.filter(document=document)
        .select_related("territory")
        .defer(*NO_SHAPES)
    )
    financing = selectors.financing_summary(Financing.private_objects.filter(document=document))
    processes, processes_total = procurement.of_document(request.user, document)
    return render(
        request,
        "portal/document_detail.html",
        {
            "document": document,
            "years": document.years,
            "status_year": year,
            "overall_status": overall,
            "blocks": blocks,
            "financing": financing,
            "objects": objects[:50],
            "objects_total": objects.count(),
            **_map(objects, around=document.territory, document=document.slug),
            "findings": accountability.findings_about(request.user, document),
            "recommendations": accountability.recommendations_about(request.user, document),
            "plan_versions": _plan_versions(document),
            "processes": processes,
            "processes_total": processes_total,
        },
    )


def _plan_versions(document) -> dict:
    """The document's revisions in short, for its page (two queries)."""
    latest = PlanVersion.private_objects.filter(document=document).order_by("-number").first()
    if latest is None or latest.number < 2:
        return {"latest": latest, "counts": {}, "summary": ""}
    counts = versions.setback_counts(PlanChange.private_objects.filter(version__document=document))
    return {"latest": latest, "counts": counts, "summary": versions.setback_summary(counts)}


# What a revisions page compares, by kind, in this order.
REVISION_GROUPS = (
    ((PlanChange.Kind.PLAN,), gettext_lazy("Indicator targets")),
    ((PlanChange.Kind.BASELINE,), gettext_lazy("Indicator baselines")),
    (
        (PlanChange.Kind.START, PlanChange.Kind.END, PlanChange.Kind.CAPACITY),
        gettext_lazy("Objects: deadlines and capacity"),
    ),
    ((PlanChange.Kind.FINANCING,), gettext_lazy("Financing")),
)


def _version_number(request, name: str, numbers: list[int], default: int) -> int:
    try:
        number = int(request.GET.get(name, ""))
    except ValueError:
        return default
    return number if number in numbers else default


def document_revisions(request, slug):
    """The versions of a document's plan and what changed between any two of them."""
    document = get_visible_or_404(
        request.user,
        PlanningDocument.private_objects.defer(*NO_SHAPES, "description"),
        slug=slug,
    )
    plan_versions = list(PlanVersion.private_objects.filter(document=document))
    numbers = [version.number for version in plan_versions]
    changes, earlier, later = [], None, None
    if len(plan_versions) > 1:
        by_number = {version.number: version for version in plan_versions}
        later = by_number[_version_number(request, "to", numbers, numbers[-1])]
        earlier = by_number[_version_number(request, "from", numbers, numbers[-2])]
        if earlier.number > later.number:
            earlier, later = later, earlier
        changes = versions.compare(document, earlier, later)
    groups = []
    for kinds, title in REVISION_GROUPS:
        rows = [change for change in changes if change.kind in kinds]
        if rows:
            groups.append({"title": title, "rows": rows})
    return render(
        request,
        "portal/document_revisions.html",
        {
            "document": document,
            "plan_versions": plan_versions,
            "earlier": earlier,
            "later": later,
            "changes": changes,
            "setbacks": [change for change in changes if change.setback],
            "groups": groups,
        },
    )


def object_list(request):
    form = ObjectFilterForm(request.GET or None)
    qs = (
        visible(request.user, ProjectObject)
        .select_related("territory", "document")
        .defer(*NO_SHAPES)
    )
    document = None
    if form.is_valid():
        qs = form.filter(qs)
        if form.cleaned_data["document"]:
            document = (
                visible(request.user, PlanningDocument)
                .filter(slug=form.cleaned_data["document"])
                .first()
            )
    filters = _object_filters(form)
    if any(filters.values()) or not counters.kept_for(request.user):
        page, extent = _page(request, qs), None
    else:
        # Every object the public sees: their number and box are kept with the registry's
        # figures, no COUNT or box over the table.
        counts = selectors.registry_counts(request.user)
        paginator = pagecache.KeptPaginator(qs, PAGE_SIZE, total=lambda: counts["objects"])
        page, extent = paginator.get_page(request.GET.get("page")), counts["extent"]
    return render(
        request,
        "portal/object_list.html",
        {
            "form": form,
            "document": document,
            "page": page,
            **_map(qs, extent=extent, **filters),
        },
    )


def _object_filters(form) -> dict:
    """The filters of the object list as the API's object filters name them."""
    if not form.is_valid():
        return {}
    data = form.cleaned_data
    return {
        "q": data.get("q") or "",
        "kind": data.get("kind") or "",
        "status": data.get("status") or "",
        "territory": data["territory"].slug if data.get("territory") else "",
        "document": data.get("document") or "",
    }


def object_detail(request, slug):
    obj = get_visible_or_404(
        request.user,
        ProjectObject.private_objects.select_related(
            "document", "territory", "responsible_body", "contractor"
        )
        .defer(*NO_SHAPES)
        .prefetch_related(Prefetch("photos", queryset=ObjectPhoto.private_objects.all())),
        slug=slug,
    )
    return render(
        request,
        "portal/object_detail.html",
        {
            "object": obj,
            "financing": selectors.financing_summary(Financing.private_objects.filter(object=obj)),
            "points": _points(ProjectObject.private_objects.filter(pk=obj.pk)),
            "findings": accountability.findings_about(request.user, obj),
            "recommendations": accountability.recommendations_about(request.user, obj),
            "reports": participation.at_object(request.user, obj),
            "processes": procurement.at_object(request.user, obj),
            "scorecards": scorecards.at_object(request.user, obj),
        },
    )


def organisation_list(request):
    q = request.GET.get("q", "").strip()
    qs = visible(request.user, Organisation).select_related("territory").defer(*NO_SHAPES)
    if q:
        qs = qs.search(q)
    kind = request.GET.get("kind", "")
    if kind in Organisation.Kind.values:
        qs = qs.filter(kind=kind)
    return render(
        request,
        "portal/organisation_list.html",
        {
            "page": _page(request, qs, 50),
            "q": q,
            "kind": kind,
            "kinds": Organisation.Kind.choices,
        },
    )


def organisation_detail(request, slug):
    org = get_visible_or_404(
        request.user,
        Organisation.objects.select_related("parent", "territory").defer(*NO_SHAPES),
        slug=slug,
    )
    documents = visible(request.user, PlanningDocument).filter(responsible_bodies=org)
    objects = (
        visible(request.user, ProjectObject)
        .filter(responsible_body=org)
        .select_related("territory")
        .defer(*NO_SHAPES)
    )
    contracts = (
        visible(request.user, ProjectObject)
        .filter(contractor=org)
        .select_related("territory")
        .defer(*NO_SHAPES)
    )
    # Recommendations are addressed to state bodies only: other pages run no query for them.
    state_body = org.is_state_body
    recommendations = (
        accountability.recommendations_about(request.user, org) if state_body else None
    )
    record = body_recommendation_record(org) if state_body else None
    # Reports are routed to state bodies only, like recommendations.
    open_reports = participation.open_by_age(request.user, body=org) if state_body else None
    report_record = body_report_record(org) if state_body else None
    return render(
        request,
        "portal/organisation_detail.html",
        {
            "org": org,
            "recommendations": recommendations,
            "recommendation_record": record,
            "open_reports": open_reports,
            "report_record": report_record,
            "subordinates": org.subordinates.all(),
            "documents": documents[:50],
            "objects": objects[:50],
            "objects_total": objects.count(),
            "contracts": contracts[:50],
            "plan_setbacks": versions.body_setbacks(documents),
            "procurement": procurement.of_body(request.user, org),
            # Commitments are a state body's; meetings hear state bodies.
            "commitments": (
                meetings.body_commitments(request.user, org, timezone.localdate())
                if state_body
                else None
            ),
            "meetings": meetings.upcoming(request.user, bodies=org) if state_body else (),
        },
    )


def territory_list(request):
    territories = (
        visible(request.user, Territory)
        .exclude(kind=Territory.Kind.COUNTRY)
        .defer("geometry")
        .select_related("parent")
        .defer("parent__geometry")
    )
    return render(request, "portal/territory_list.html", {"territories": territories})


def territory_detail(request, slug):
    territory = get_visible_or_404(
        request.user,
        Territory.objects.select_related("parent").defer("parent__geometry"),
        slug=slug,
    )
    area = [territory.id, *territory.children.values_list("id", flat=True)]
    objects = (
        visible(request.user, ProjectObject)
        .filter(territory__in=area)
        .select_related("territory")
        .defer(*NO_SHAPES)
    )
    documents = visible(request.user, PlanningDocument).filter(territory__in=area)
    if counters.kept_for(request.user):
        # The number and the box of the public objects of the territory: counted once per
        # generation of the site rather than at every request.
        box, located, total = pagecache.kept(
            ("territory objects", territory.pk), lambda: counters.extent_and_total(objects)
        )
        paginator = pagecache.KeptPaginator(objects, PAGE_SIZE, total=lambda: total)
        page = paginator.get_page(request.GET.get("page"))
        extent = box, located
    else:
        page, extent = _page(request, objects), None
    return render(
        request,
        "portal/territory_detail.html",
        {
            "territory": territory,
            "children": territory.children.defer("geometry"),
            "documents": documents[:50],
            "page": page,
            # The territory's map opens on its outline.
            **_map(objects, focus=False, extent=extent, territory=territory.slug),
            "outline": territory.geometry,
            "open_reports": participation.open_by_age(request.user, territories=area),
            "meetings": meetings.upcoming(request.user, territory__in=area),
        },
    )


def status_rule(request):
    return render(request, "portal/status_rule.html", {"title": _("How statuses are computed")})


def open_data(request):
    return render(
        request,
        "portal/open_data.html",
        {
            "documents": visible(request.user, PlanningDocument).only(
                "slug", "title_kk", "title_ru", "title_en"
            ),
        },
    )


def withdrawals(request):
    """The public log of withdrawals and takedowns, newest first, with their reasons."""
    page = _page(request, WithdrawalsLog())
    return render(
        request,
        "portal/withdrawals.html",
        {"page": page, "entries": withdrawal_entries(page.object_list)},
    )


def public_record(request):
    """The public record: what it is, how to check it, the heads published day by day."""
    count, head_hash = record.chain_head()
    heads = LogHead.objects.order_by("-date").only(
        "date", "count", "head_hash", "signature", "public_key"
    )
    return render(
        request,
        "portal/public_record.html",
        {
            "count": count,
            "head_hash": head_hash,
            "public_key": record.configured_public_key(),
            "page": _page(request, heads),
        },
    )


RECORD_CHECK_KEY = "public-record-check"
RECORD_CHECK_SECONDS = 600
PROBLEMS_SHOWN = 200


def public_record_check(request):
    """The whole chain and every public record rechecked; at most once in ten minutes, so that
    asking for the page again and again does not load the server."""

    def check():
        problems = record.verify()
        return {
            "checked_at": timezone.now(),
            "entries": record.chain_head()[0],
            "problem_count": len(problems),
            "problems": [
                {"seq": p.seq, "kind": p.kind, "key": p.key, "message": str(p.message)}
                for p in problems[:PROBLEMS_SHOWN]
            ],
        }

    key = f"{RECORD_CHECK_KEY}:{translation.get_language()}"
    result = cache.get_or_set(key, check, RECORD_CHECK_SECONDS)
    return render(request, "portal/public_record_check.html", result)
