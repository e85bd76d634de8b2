"""Bulk downloads of the registry: indicator values and objects as CSV, objects as GeoJSON.

The CSV files are UTF-8 with a byte order mark, so that Excel shows Cyrillic text correctly, and
carry every language side by side; their column names are stable identifiers, not translated.
Decimal numbers use a point and no thousands separator. Rows are read as tuples, never as model
instances, and the CSV is streamed, so that a download of the whole registry stays cheap.

What a user may not see is left out exactly as in the API (baqylau.core.permissions.visible).
indicators.csv takes ?document=SLUG; the object files take the API's object filters (document,
territory, kind, status, q), so that a filtered portal list downloads what it shows.
"""

import csv
import io
import json
import re
from decimal import Decimal

from django.conf import settings
from django.db.models import Case, CharField, Exists, OuterRef, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe
from modeltranslation.utils import resolution_order

from baqylau.accountability import stats as recommendation_stats
from baqylau.accountability.models import (
    AnswerDecision,
    AnswerFile,
    AnswerState,
    DecisionNotice,
    Finding,
    FindingCategory,
    PlannedMeasure,
    Recommendation,
    Severity,
    Verification,
)
from baqylau.accounts.models import User
from baqylau.core.permissions import visible
from baqylau.inforequests import stats as request_stats
from baqylau.inforequests.display import public_requester_name
from baqylau.inforequests.models import InformationRequest, RequestEvent
from baqylau.inforequests.models import Status as RequestStatus
from baqylau.monitoring.models import Campaign, ControlForm
from baqylau.monitoring.models import Status as CampaignStatus
from baqylau.registry import status as st
from baqylau.registry.models import (
    Indicator,
    IndicatorValue,
    PlanningDocument,
    PlanRevision,
    ProjectObject,
    Territory,
)

from .filters import (
    CampaignFilter,
    FindingFilter,
    ObjectFilter,
    RecommendationFilter,
    RequestFilter,
    public_findings,
    public_recommendations,
    public_request_events,
    public_requests,
    published_campaigns,
)

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
BOM = "\ufeff"
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
CSV_BATCH = 1000


def _tuples(queryset, *columns):
    # Plain tuples: modeltranslation's per-row fallback (on translated models' querysets) is
    # not wanted here, every language is read from its own column.
    if hasattr(queryset, "rewrite"):
        queryset = queryset.rewrite(False)
    return queryset.values_list(*columns)


def _lang_columns(prefix: str, field: str) -> list[str]:
    return [f"{prefix}{field}_{code}" for code in LANGUAGE_CODES]


def _number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _date(value) -> str:
    return value.isoformat() if value else ""


def _text(value) -> str:
    return value or ""


def _filename(base: str, extension: str, *qualifiers: str) -> str:
    # Qualifiers are slugs ([-a-zA-Z0-9_]), safe in a header without quoting rules.
    return "-".join([base, *(q for q in qualifiers if q)]) + "." + extension


def _csv_response(header: list[str], rows, filename: str) -> StreamingHttpResponse:
    def stream():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write(BOM)
        writer.writerow(header)
        for n, row in enumerate(rows, start=1):
            writer.writerow(row)
            if n % CSV_BATCH == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _portal_url(request, name: str):
    """A function slug -> absolute portal URL, reversing once instead of once per row."""
    marker = "SLUG"
    path = reverse(name, kwargs={"slug": marker})
    head, tail = path.rsplit(marker, 1)
    head = request.build_absolute_uri(head)
    return lambda slug: f"{head}{slug}{tail}"


def _requested_language(request) -> str:
    lang = request.GET.get("lang", "")
    if lang in LANGUAGE_CODES:
        return lang
    active = (translation.get_language() or "")[:2]
    return active if active in LANGUAGE_CODES else settings.LANGUAGE_CODE


INDICATOR_HEADER = [
    "document_slug",
    *_lang_columns("document_", "title"),
    "goal_number",
    *_lang_columns("goal_", "name"),
    "indicator_code",
    *_lang_columns("indicator_", "name"),
    *_lang_columns("", "unit"),
    "kind",
    "direction",
    "baseline_year",
    "baseline_value",
    "year",
    "plan",
    "actual",
    "status",
    "actual_source",
    "actual_date",
    "revised",
]


def indicator_rows(user, *, document: str = ""):
    """One row per indicator value, in the order of INDICATOR_HEADER."""
    qs = visible(user, IndicatorValue)
    if document:
        qs = qs.filter(indicator__goal__document__slug=document)
    qs = qs.annotate(revised=Exists(PlanRevision.objects.filter(value=OuterRef("pk")))).order_by(
        "indicator__goal__document__slug",
        "indicator__goal__order",
        "indicator__goal_id",
        "indicator__order",
        "indicator_id",
        "year",
    )
    doc, goal, ind = "indicator__goal__document__", "indicator__goal__", "indicator__"
    columns = [
        f"{doc}slug",
        *_lang_columns(doc, "title"),
        f"{goal}number",
        *_lang_columns(goal, "name"),
        f"{ind}code",
        *_lang_columns(ind, "name"),
        *_lang_columns(ind, "unit"),
        f"{ind}kind",
        f"{ind}direction",
        f"{ind}baseline_year",
        f"{ind}baseline_value",
        "year",
        "plan",
        "actual",
        "actual_source",
        "actual_date",
        "revised",
    ]
    for row in _tuples(qs, *columns).iterator(chunk_size=2000):
        *texts, direction, base_year, base_value, year, plan, actual, source, date, revised = row
        higher = direction == Indicator.Direction.HIGHER
        status = st.indicator_status(higher_is_better=higher, plan=plan, actual=actual)
        yield [
            *(_text(v) for v in texts),
            direction,
            _number(base_year),
            _number(base_value),
            year,
            _number(plan),
            _number(actual),
            status.value,
            _text(source),
            _date(date),
            "yes" if revised else "no",
        ]


@require_safe
def indicators_csv(request):
    document = request.GET.get("document", "").strip()
    return _csv_response(
        INDICATOR_HEADER,
        indicator_rows(request.user, document=document),
        _filename("indicators", "csv", document if SLUG.fullmatch(document) else ""),
    )


def _object_filter(request) -> tuple[ObjectFilter, list[str]]:
    """Visible objects, narrowed by the API's object filters (document, territory, kind...)."""
    filterset = ObjectFilter(request.GET, queryset=visible(request.user, ProjectObject))
    qualifiers = (request.GET.get("document", ""), request.GET.get("territory", ""))
    return filterset, [q for q in qualifiers if SLUG.fullmatch(q)]


def _bad_filter(filterset) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(
        json.dumps(filterset.errors, ensure_ascii=False), content_type="application/json"
    )


OBJECT_HEADER = [
    "slug",
    "kind",
    "status",
    *_lang_columns("", "name"),
    *_lang_columns("", "description"),
    *_lang_columns("", "address"),
    "document_slug",
    "territory_slug",
    *_lang_columns("territory_", "name"),
    "responsible_body_slug",
    *_lang_columns("responsible_body_", "name"),
    "contractor_slug",
    *_lang_columns("contractor_", "name"),
    "contract_number",
    "contract_value",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "latitude",
    "longitude",
    "updated_at",
    "url",
]


def object_rows(queryset, url_of):
    """One row per object, in the order of OBJECT_HEADER."""
    columns = [
        "slug",
        "kind",
        "status",
        *_lang_columns("", "name"),
        *_lang_columns("", "description"),
        *_lang_columns("", "address"),
        "document__slug",
        "territory__slug",
        *_lang_columns("territory__", "name"),
        "responsible_body__slug",
        *_lang_columns("responsible_body__", "name"),
        "contractor__slug",
        *_lang_columns("contractor__", "name"),
        "contract_number",
        "contract_value",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
        "latitude",
        "longitude",
        "updated_at",
    ]
    for row in _tuples(queryset.order_by("id"), *columns).iterator(chunk_size=2000):
        *texts, value, planned_start, planned_end, actual_start, actual_end, lat, lon, updated = row
        yield [
            *(_text(v) for v in texts),
            _number(value),
            _date(planned_start),
            _date(planned_end),
            _date(actual_start),
            _date(actual_end),
            _number(lat),
            _number(lon),
            updated.isoformat() if updated else "",
            url_of(row[0]),
        ]


@require_safe
def objects_csv(request):
    filterset, qualifiers = _object_filter(request)
    if not filterset.is_valid():
        return _bad_filter(filterset)
    return _csv_response(
        OBJECT_HEADER,
        object_rows(filterset.qs, _portal_url(request, "portal:object")),
        _filename("objects", "csv", *qualifiers),
    )


def object_features(queryset, *, lang: str, url_of) -> list[dict]:
    """GeoJSON point features of the objects that have a location."""
    # The name in the language, or the first fallback that is not empty, picked by the database.
    name = Coalesce(
        *(NullIf(f"name_{code}", Value("")) for code in resolution_order(lang)),
        "slug",
        output_field=CharField(),
    )
    located = queryset.exclude(latitude=None).exclude(longitude=None).order_by("id")
    rows = _tuples(
        located.annotate(display_name=name),
        "slug",
        "display_name",
        "kind",
        "status",
        "document__slug",
        "territory__slug",
        "longitude",
        "latitude",
    )
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "slug": slug,
                "name": name,
                "kind": kind,
                "status": status,
                "document": document,
                "territory": territory,
                "url": url_of(slug),
            },
        }
        for slug, name, kind, status, document, territory, lon, lat in rows
    ]


@require_safe
def objects_geojson(request):
    filterset, qualifiers = _object_filter(request)
    if not filterset.is_valid():
        return _bad_filter(filterset)
    lang = _requested_language(request)
    with translation.override(lang):
        url_of = _portal_url(request, "portal:object")
    collection = {
        "type": "FeatureCollection",
        "features": object_features(filterset.qs, lang=lang, url_of=url_of),
    }
    response = HttpResponse(
        json.dumps(collection, ensure_ascii=False, check_circular=False, separators=(",", ":")),
        content_type="application/geo+json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename("objects", "geojson", *qualifiers)}"'
    )
    response["Content-Language"] = lang
    return response


@require_safe
def territories_geojson(request):
    """Boundaries of the territories under ?parent=SLUG (default: Pavlodar region's units).

    Also the base layer of the portal's maps, so they stay readable without map tiles.
    © OpenStreetMap contributors, ODbL.
    """
    parent = request.GET.get("parent", "pavlodar-region")
    if not SLUG.fullmatch(parent):
        return HttpResponseBadRequest("parent must be a territory slug")
    lang = _requested_language(request)
    rows = _tuples(
        visible(request.user, Territory).filter(parent__slug=parent).exclude(geometry=None),
        "slug",
        *[f"name_{code}" for code in LANGUAGE_CODES],
        "kind",
        "geometry",
    )
    order = [LANGUAGE_CODES.index(code) for code in resolution_order(lang)]
    features = []
    for slug, *names, kind, geometry in rows:
        name = next((names[i] for i in order if names[i]), slug)
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {"slug": slug, "name": name, "kind": kind},
            }
        )
    collection = {
        "type": "FeatureCollection",
        "attribution": "© OpenStreetMap contributors, ODbL",
        "features": features,
    }
    response = HttpResponse(
        json.dumps(collection, ensure_ascii=False, separators=(",", ":")),
        content_type="application/geo+json; charset=utf-8",
    )
    response["Content-Language"] = lang
    response["Cache-Control"] = "public, max-age=3600"
    return response


REQUEST_RANKING_HEADER = [
    "rank",
    "body_slug",
    *_lang_columns("body_", "name"),
    "kind",
    "year",
    "as_of",
    "received",
    "answered",
    "answered_on_time",
    "answered_late",
    "never_answered",
    "pending",
    "refused",
    "median_days_to_answer",
    "share_on_time",
    "share_refused",
    "url",
]


def request_ranking_rows(rows, url_of):
    """One row per state body of baqylau.inforequests.stats.ranking, in REQUEST_RANKING_HEADER."""
    for row in rows:
        body = row["body"]
        yield [
            row["rank"],
            body.slug,
            *(_text(getattr(body, f"name_{code}", "")) for code in LANGUAGE_CODES),
            body.kind,
            _number(row["year"]),
            _date(row["as_of"]),
            row["received"],
            row["answered"],
            row["answered_on_time"],
            row["answered_late"],
            row["never_answered"],
            row["pending"],
            row["refused"],
            _number(row["median_days_to_answer"]),
            _number(row["share_on_time"]),
            _number(row["share_refused"]),
            url_of(body.slug),
        ]


@require_safe
def request_ranking_csv(request):
    """The ranking of state bodies by how they answer information requests; ?year= narrows it."""
    try:
        year = request_stats.parse_year(request.GET.get("year"))
    except ValueError:
        return HttpResponseBadRequest("year must be a year such as 2024")
    rows = request_stats.ranking(year=year)
    return _csv_response(
        REQUEST_RANKING_HEADER,
        request_ranking_rows(rows, _portal_url(request, "portal:organisation")),
        _filename("request-ranking", "csv", str(year) if year else ""),
    )


# Information requests ---------------------------------------------------------------------------
# Published requests only, whoever downloads (baqylau.api.filters.published_requests); the
# requester appears by their public name, never by account or email. The texts are in the
# language they were written in; labels (status, kind, a withheld name) follow ?lang=.

REQUEST_HEADER = [
    "public_id",
    "subject",
    "text",
    "asked",
    "language",
    "body_slug",
    *_lang_columns("body_", "name"),
    "requester",
    "document_slug",
    "object_slug",
    "status",
    "status_label",
    "sent_at",
    "registered_on",
    "registration_number",
    "due_date",
    "extended",
    "answered_on",
    "created_at",
    "updated_at",
    "url",
]

REQUEST_EVENT_HEADER = [
    "request_public_id",
    "body_slug",
    "kind",
    "label",
    "status_after",
    "happened_on",
    "note",
    "legal_ground",
    "due_date",
    "other_body_slug",
    "request_url",
]


def _datetime(value) -> str:
    return value.isoformat() if value else ""


def _request_url(request):
    """A function public_id -> absolute portal URL of the request, reversing once."""
    marker = "f" * 10
    path = reverse("inforequests:detail", kwargs={"public_id": marker})
    head, tail = path.rsplit(marker, 1)
    head = request.build_absolute_uri(head)
    return lambda public_id: f"{head}{public_id}{tail}"


def _public_requester(hide: bool, full_name: str) -> str:
    # The portal's rule (display.public_requester_name), applied to a row.
    return public_requester_name(
        InformationRequest(hide_requester_name=hide, requester=User(full_name=full_name))
    )


def request_rows(queryset, url_of):
    """One row per request of `queryset` (from filters.public_requests), in REQUEST_HEADER."""
    labels = dict(RequestStatus.choices)
    # The name is not even read when the requester asked to hide it.
    shown_name = Case(
        When(hide_requester_name=True, then=Value("")), default="requester__full_name"
    )
    columns = [
        "public_id",
        "subject",
        "text",
        "asked",
        "language",
        "body__slug",
        *_lang_columns("body__", "name"),
        "hide_requester_name",
        "requester_shown",
        "document_slug",
        "object_slug",
        "status",
        "sent_at",
        "registered_on",
        "registration_number",
        "due_date",
        "extended",
        "answered_on",
        "created_at",
        "updated_at",
    ]
    rows = _tuples(queryset.annotate(requester_shown=shown_name).order_by("id"), *columns)
    for row in rows.iterator(chunk_size=2000):
        public_id, *texts, hide, name, document, obj, status = row[:-8]
        sent_at, registered_on, number, due_date, extended, answered_on, created, updated = row[-8:]
        yield [
            public_id,
            *(_text(v) for v in texts),
            _public_requester(hide, name or ""),
            _text(document),
            _text(obj),
            status,
            str(labels.get(status, "")),
            _datetime(sent_at),
            _date(registered_on),
            _text(number),
            _date(due_date),
            "yes" if extended else "no",
            _date(answered_on),
            _datetime(created),
            _datetime(updated),
            url_of(public_id),
        ]


def request_event_rows(queryset, url_of):
    """One row per event of `queryset` (from filters.public_request_events), in
    REQUEST_EVENT_HEADER, request by request and in the order of each timeline."""
    labels = dict(RequestEvent.Kind.choices)
    columns = [
        "request_public_id",
        "body_slug",
        "kind",
        "status_after",
        "happened_on",
        "note",
        "legal_ground",
        "due_date",
        "other_body__slug",
    ]
    ordered = queryset.order_by("request_id", "happened_on", "recorded_at", "id")
    for row in _tuples(ordered, *columns).iterator(chunk_size=2000):
        public_id, body, kind, status_after, happened_on, note, ground, due_date, other = row
        yield [
            public_id,
            body,
            kind,
            str(labels.get(kind, "")),
            _text(status_after),
            _date(happened_on),
            _text(note),
            _text(ground),
            _date(due_date),
            _text(other),
            url_of(public_id),
        ]


def _request_filter(request, queryset):
    """The filters of /api/requests/: ?body=SLUG, ?year=YYYY (the year a request was sent), and
    also ?status=, ?document= and ?q=."""
    filterset = RequestFilter(request.GET, queryset=queryset)
    qualifiers = (request.GET.get("body", ""), request.GET.get("year", ""))
    return filterset, [q for q in qualifiers if SLUG.fullmatch(q)]


def _translated(rows, lang: str):
    # The rows are written while the response streams, after the view has returned.
    with translation.override(lang):
        yield from rows


@require_safe
def requests_csv(request):
    """Published information requests, one row each; ?body=, ?year=... narrow them."""
    filterset, qualifiers = _request_filter(request, public_requests(request.user))
    if not filterset.is_valid():
        return _bad_filter(filterset)
    lang = _requested_language(request)
    with translation.override(lang):
        url_of = _request_url(request)
    response = _csv_response(
        REQUEST_HEADER,
        _translated(request_rows(filterset.qs, url_of), lang),
        _filename("requests", "csv", *qualifiers),
    )
    response["Content-Language"] = lang
    return response


@require_safe
def request_events_csv(request):
    """Every step on the timelines of published requests; ?body=, ?year=... pick the requests."""
    filterset, qualifiers = _request_filter(request, public_requests(request.user))
    if not filterset.is_valid():
        return _bad_filter(filterset)
    lang = _requested_language(request)
    with translation.override(lang):
        url_of = _request_url(request)
    events = public_request_events(request.user).filter(request__in=filterset.qs.values("pk"))
    response = _csv_response(
        REQUEST_EVENT_HEADER,
        _translated(request_event_rows(events, url_of), lang),
        _filename("request-events", "csv", *qualifiers),
    )
    response["Content-Language"] = lang
    return response


# Public monitoring ------------------------------------------------------------------------------
# Published campaigns only, whoever downloads (baqylau.api.filters); the texts are in the language
# they were written in, labels follow ?lang=. Several values in one cell (slugs, numbers, measures)
# are separated by " | ". Evidence and the files of answers appear by their public copy only.

LIST_SEPARATOR = " | "


def _joined(values) -> str:
    return LIST_SEPARATOR.join(str(value) for value in values)


def _grouped(pairs) -> dict:
    groups: dict = {}
    for key, value in pairs:
        groups.setdefault(key, []).append(value)
    return groups


def _numbered_url(request, name: str):
    """A function (campaign slug, number) -> absolute portal URL, reversing once."""
    slug_marker, number_marker = "campaign-slug-marker", 987654321
    path = reverse(name, kwargs={"slug": slug_marker, "number": number_marker})
    head, middle_tail = path.split(slug_marker, 1)
    middle, tail = middle_tail.split(str(number_marker), 1)
    head = request.build_absolute_uri(head)
    return lambda slug, number: f"{head}{slug}{middle}{number}{tail}"


def _monitoring_csv(request, filterset, header, rows_of, base: str, qualifiers: list[str]):
    if not filterset.is_valid():
        return _bad_filter(filterset)
    lang = _requested_language(request)
    with translation.override(lang):
        rows = rows_of(filterset.qs)
    response = _csv_response(
        header,
        _translated(rows, lang),
        _filename(base, "csv", *[q for q in qualifiers if SLUG.fullmatch(q)]),
    )
    response["Content-Language"] = lang
    return response


CAMPAIGN_HEADER = [
    "slug",
    *_lang_columns("", "title"),
    "form",
    "form_label",
    "status",
    "status_label",
    "ngo_slug",
    *_lang_columns("ngo_", "name"),
    "document_slugs",
    "object_slugs",
    "body_slugs",
    "starts_on",
    "ends_on",
    "published_at",
    "final_document_sent_on",
    "url",
]


def campaign_rows(user, queryset, url_of):
    """One row per campaign of `queryset` (from filters.published_campaigns), in
    CAMPAIGN_HEADER. What it controls is named by slug, only where the user may see it."""
    forms, statuses = dict(ControlForm.choices), dict(CampaignStatus.choices)
    campaigns = queryset.values("pk")
    documents = _grouped(
        Campaign.documents.through.objects.filter(
            campaign__in=campaigns, planningdocument__in=visible(user, PlanningDocument)
        )
        .order_by("planningdocument__slug")
        .values_list("campaign_id", "planningdocument__slug")
    )
    objects = _grouped(
        Campaign.project_objects.through.objects.filter(
            campaign__in=campaigns, projectobject__in=visible(user, ProjectObject)
        )
        .order_by("projectobject__slug")
        .values_list("campaign_id", "projectobject__slug")
    )
    bodies = _grouped(
        Campaign.bodies.through.objects.filter(campaign__in=campaigns)
        .order_by("organisation__slug")
        .values_list("campaign_id", "organisation__slug")
    )
    columns = [
        "pk",
        "slug",
        *_lang_columns("", "title"),
        "form",
        "status",
        "ngo__slug",
        *_lang_columns("ngo__", "name"),
        "starts_on",
        "ends_on",
        "published_at",
        "final_document__sent_on",
    ]
    ordered = queryset.order_by("-starts_on", "-id")
    for row in _tuples(ordered, *columns).iterator(chunk_size=2000):
        pk, slug, t_kk, t_ru, t_en, form, status, ngo, n_kk, n_ru, n_en = row[:11]
        starts_on, ends_on, published_at, sent_on = row[11:]
        yield [
            slug,
            *(_text(v) for v in (t_kk, t_ru, t_en)),
            form,
            str(forms.get(form, "")),
            status,
            str(statuses.get(status, "")),
            ngo,
            *(_text(v) for v in (n_kk, n_ru, n_en)),
            _joined(documents.get(pk, [])),
            _joined(objects.get(pk, [])),
            _joined(bodies.get(pk, [])),
            _date(starts_on),
            _date(ends_on),
            _datetime(published_at),
            _date(sent_on),
            url_of(slug),
        ]


@require_safe
def campaigns_csv(request):
    """Published monitoring campaigns; the API's filters (?ngo=, ?body=, ?status=...) narrow
    them."""
    filterset = CampaignFilter(request.GET, queryset=published_campaigns(request.user))
    with translation.override(_requested_language(request)):
        url_of = _portal_url(request, "monitoring:detail")
    return _monitoring_csv(
        request,
        filterset,
        CAMPAIGN_HEADER,
        lambda qs: campaign_rows(request.user, qs, url_of),
        "campaigns",
        [request.GET.get("ngo", ""), request.GET.get("body", "")],
    )


FINDING_HEADER = [
    "id",
    "campaign_slug",
    "number",
    "title",
    "category",
    "category_label",
    "severity",
    "severity_label",
    "description",
    "norm",
    "object_slug",
    "indicator_id",
    "document_slug",
    "year",
    "monitor_value",
    "evidence_ids",
    "recommendation_numbers",
    "created_at",
    "url",
]


def finding_rows(queryset, url_of):
    """One row per finding of `queryset` (from filters.public_findings), in FINDING_HEADER."""
    categories, severities = dict(FindingCategory.choices), dict(Severity.choices)
    findings = queryset.values("pk")
    evidence = _grouped(
        Finding.evidence.through.objects.filter(finding__in=findings)
        .order_by("evidence_id")
        .values_list("finding_id", "evidence_id")
    )
    recommendations = _grouped(
        Recommendation.findings.through.objects.filter(finding__in=findings)
        .order_by("recommendation__number")
        .values_list("finding_id", "recommendation__number")
    )
    columns = [
        "pk",
        "campaign__slug",
        "number",
        "title",
        "category",
        "severity",
        "description",
        "norm",
        "object_slug",
        "shown_indicator",
        "document_slug",
        "year",
        "monitor_value",
        "created_at",
    ]
    ordered = queryset.order_by("campaign_id", "number")
    for row in _tuples(ordered, *columns).iterator(chunk_size=2000):
        pk, campaign, number, title, category, severity, description, norm = row[:8]
        obj, indicator, document, year, value, created = row[8:]
        yield [
            pk,
            campaign,
            number,
            title,
            category,
            str(categories.get(category, "")),
            severity,
            str(severities.get(severity, "")),
            description,
            _text(norm),
            _text(obj),
            _number(indicator),
            _text(document),
            _number(year),
            _number(value),
            _joined(evidence.get(pk, [])),
            _joined(recommendations.get(pk, [])),
            _datetime(created),
            url_of(campaign, number),
        ]


@require_safe
def findings_csv(request):
    """Findings of published campaigns; ?campaign=, ?document=, ?object=, ?category=... narrow
    them."""
    filterset = FindingFilter(request.GET, queryset=public_findings(request.user))
    with translation.override(_requested_language(request)):
        url_of = _numbered_url(request, "accountability:finding")
    return _monitoring_csv(
        request,
        filterset,
        FINDING_HEADER,
        lambda qs: finding_rows(qs, url_of),
        "findings",
        [request.GET.get(name, "") for name in ("campaign", "document", "object")],
    )


RECOMMENDATION_HEADER = [
    "id",
    "campaign_slug",
    "number",
    "body_slug",
    *_lang_columns("body_", "name"),
    "text",
    "finding_numbers",
    "sent_on",
    "due_on",
    "state",
    "state_label",
    "answered_on",
    "answered_late",
    "decision",
    "decision_label",
    "reasons",
    "measures",
    "file_urls",
    "decision_dates",
    "verification",
    "verification_label",
    "verified_on",
    "verification_note",
    "url",
]


def recommendation_rows(request, queryset, url_of):
    """One row per recommendation of `queryset` (from filters.public_recommendations), in
    RECOMMENDATION_HEADER. Each measure is written "due date: text"; files by the absolute URL
    of their public copy."""
    states, verifications = dict(AnswerState.choices), dict(Verification.choices)
    decisions = dict(AnswerDecision.choices)
    recommendations = queryset.values("pk")
    findings = _grouped(
        Recommendation.findings.through.objects.filter(recommendation__in=recommendations)
        .order_by("finding__number")
        .values_list("recommendation_id", "finding__number")
    )
    measures = _grouped(
        (pk, f"{_date(due_on) or '—'}: {text}")
        for pk, due_on, text in PlannedMeasure.private_objects.filter(
            answer__recommendation__in=recommendations
        )
        .order_by("answer_id", "due_on", "id")
        .values_list("answer__recommendation_id", "due_on", "text")
    )
    storage = AnswerFile._meta.get_field("public_file").storage
    files = _grouped(
        (pk, request.build_absolute_uri(storage.url(name)))
        for pk, name in AnswerFile.private_objects.filter(
            answer__recommendation__in=recommendations
        )
        .exclude(public_file="")
        .order_by("created_at", "id")
        .values_list("answer__recommendation_id", "public_file")
    )
    notices = _grouped(
        DecisionNotice.private_objects.filter(recommendation__in=recommendations)
        .order_by("notified_on", "id")
        .values_list("recommendation_id", "decision_on")
    )
    columns = [
        "pk",
        "campaign__slug",
        "number",
        "body__slug",
        *_lang_columns("body__", "name"),
        "text",
        "sent_on",
        "due_on",
        "state",
        "answered_on",
        "answered_late",
        "answer__decision",
        "answer__reasons",
        "verification",
        "verified_on",
        "verification_note",
    ]
    ordered = queryset.order_by("campaign_id", "number")
    for row in _tuples(ordered, *columns).iterator(chunk_size=2000):
        pk, campaign, number, body, n_kk, n_ru, n_en, text, sent_on, due_on = row[:10]
        state, answered_on, late, decision, reasons, verification, verified_on, note = row[10:]
        yield [
            pk,
            campaign,
            number,
            body,
            *(_text(v) for v in (n_kk, n_ru, n_en)),
            text,
            _joined(findings.get(pk, [])),
            _date(sent_on),
            _date(due_on),
            state,
            str(states.get(state, "")),
            _date(answered_on),
            "yes" if late else "no",
            _text(decision),
            str(decisions.get(decision, "")) if decision else "",
            _text(reasons),
            _joined(measures.get(pk, [])),
            _joined(files.get(pk, [])),
            _joined(_date(day) for day in notices.get(pk, [])),
            verification,
            str(verifications.get(verification, "")),
            _date(verified_on),
            _text(note),
            url_of(campaign, number),
        ]


@require_safe
def recommendations_csv(request):
    """Recommendations of published campaigns with the bodies' answers and what the monitors
    verified; ?campaign=, ?body=, ?state=, ?category=... narrow them."""
    filterset = RecommendationFilter(request.GET, queryset=public_recommendations(request.user))
    with translation.override(_requested_language(request)):
        url_of = _numbered_url(request, "accountability:recommendation")
    return _monitoring_csv(
        request,
        filterset,
        RECOMMENDATION_HEADER,
        lambda qs: recommendation_rows(request, qs, url_of),
        "recommendations",
        [request.GET.get(name, "") for name in ("campaign", "body", "document", "object")],
    )


RECOMMENDATION_RANKING_HEADER = [
    "rank",
    "body_slug",
    *_lang_columns("body_", "name"),
    "kind",
    "year",
    "as_of",
    *recommendation_stats.FIGURES,
    "url",
]


def recommendation_ranking_rows(rows, url_of):
    """One row per state body of baqylau.accountability.stats.ranking, in
    RECOMMENDATION_RANKING_HEADER."""
    for row in rows:
        body = row["body"]
        yield [
            row["rank"],
            body.slug,
            *(_text(getattr(body, f"name_{code}", "")) for code in LANGUAGE_CODES),
            body.kind,
            _number(row["year"]),
            _date(row["as_of"]),
            *(_number(row[name]) for name in recommendation_stats.FIGURES),
            url_of(body.slug),
        ]


@require_safe
def recommendation_ranking_csv(request):
    """The ranking of state bodies by how they answer recommendations; ?year= narrows it and
    ?lang= picks the language of the portal addresses."""
    try:
        year = request_stats.parse_year(request.GET.get("year"))
    except ValueError:
        return HttpResponseBadRequest("year must be a year such as 2024")
    rows = recommendation_stats.ranking(year=year)
    lang = _requested_language(request)
    with translation.override(lang):
        url_of = _portal_url(request, "portal:organisation")
    response = _csv_response(
        RECOMMENDATION_RANKING_HEADER,
        recommendation_ranking_rows(rows, url_of),
        _filename("recommendation-ranking", "csv", str(year) if year else ""),
    )
    response["Content-Language"] = lang
    return response
