"""Bulk downloads of the registry: indicator values and objects as CSV, objects as GeoJSON.

Each CSV is the API's projection of its model: its columns come from the serializer of the API
by the rules of baqylau.api.tabular, so that a field added to the API appears in the download.
The CSV files are UTF-8 with a byte order mark, so that Excel shows Cyrillic text correctly, and
carry every language side by side; their column names are stable identifiers, not translated.
Decimal numbers use a point and no thousands separator. The CSV is streamed, read from the
database in batches with their prefetches, so that a download of the whole registry stays cheap;
the GeoJSON is streamed the same way, a feature at a time (benchmarks/downloads.py measures both).

What a user may not see is left out exactly as in the API: the rows come from the querysets of
the API's views (baqylau.core.permissions.visible, the public_* querysets of baqylau.api.filters).
indicators.csv takes ?document=SLUG; the object files take the API's object filters (document,
territory, kind, status, q), so that a filtered portal list downloads what it shows.
"""

import functools
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from urllib.parse import quote

from django.conf import settings
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from modeltranslation.utils import resolution_order
from rest_framework import serializers as drf

from baqylau.accountability import stats as recommendation_stats
from baqylau.core.permissions import visible
from baqylau.inforequests import stats as request_stats
from baqylau.participation import stats as report_stats
from baqylau.registry.models import Indicator, IndicatorValue, PlanRevision, Territory

from . import built as built_files
from . import serializers, tabular, tasks, views
from .filters import (
    YEAR_MESSAGE,
    CampaignFilter,
    FindingFilter,
    ObjectFilter,
    PartyFilter,
    PlanChangeFilter,
    PlanVersionFilter,
    ProcessFilter,
    RecommendationFilter,
    ReportFilter,
    RequestFilter,
    RiskFlagFilter,
)
from .serializers import I18nField, NamedOrganisationSerializer
from .tabular import Joined, Layout, batches, csv_response

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def _tuples(queryset, *columns):
    # Plain tuples: modeltranslation's per-row fallback (on translated models' querysets) is
    # not wanted here, every language is read from its own column.
    if hasattr(queryset, "rewrite"):
        queryset = queryset.rewrite(False)
    return queryset.values_list(*columns)


def _filename(base: str, extension: str, *qualifiers: str) -> str:
    # Qualifiers are slugs ([-a-zA-Z0-9_]), safe in a header without quoting rules.
    return "-".join([base, *(q for q in qualifiers if SLUG.fullmatch(q))]) + "." + extension


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


def _bad_request(errors: dict) -> HttpResponseBadRequest:
    """400 with each wrong parameter and its messages, as the API answers."""
    errors = {name: [str(message) for message in messages] for name, messages in errors.items()}
    return HttpResponseBadRequest(
        json.dumps(errors, ensure_ascii=False), content_type="application/json"
    )


def _bad_filter(filterset) -> HttpResponseBadRequest:
    return _bad_request(filterset.errors)


def download(view):
    """A download: read only (GET or HEAD), and a ?lang= that names no language of the platform
    answers 400 with the accepted ones, as the API does."""

    @require_safe
    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        errors = views.unknown_language(request)
        return _bad_request(errors) if errors else view(request, *args, **kwargs)

    return checked


def built(base: str, extension: str, url_name: str):
    """A large download served, unfiltered, from the file built for the current generation of
    the registry's data (baqylau.api.built); the first request that finds none enqueues its build
    and streams."""

    def decorate(view):
        name = built_files.register(view=view, base=base, extension=extension, url_name=url_name)

        @functools.wraps(view)
        def serve(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if not built_files.servable(request, response):
                return response
            generation = built_files.data_generation()
            lang = _requested_language(request)
            record = built_files.current(name=name, lang=lang, generation=generation)
            if record is None:
                if built_files.first_to_ask(generation):
                    tasks.build_downloads.enqueue()
                return response
            # The stream is left unread (not close()d: that would send request_finished).
            return built_files.file_response(request, response, record)

        return serve

    return decorate


def _api_queryset(viewset, request):
    """The queryset that the API's list of `viewset` shows to this user, with its prefetches."""
    return viewset(request=request, action="list", kwargs={}, format_kwarg=None).get_queryset()


def _download(request, layout, records, base, qualifiers, *, lang=None):
    """The streamed CSV of `records` by `layout`. Labels and portal addresses follow `lang`
    (announced as Content-Language), else the language of the request."""
    response = csv_response(
        layout,
        records,
        request=request,
        filename=_filename(base, "csv", *qualifiers),
        lang=lang or translation.get_language() or settings.LANGUAGE_CODE,
    )
    if lang:
        response["Content-Language"] = lang
    return response


def _filtered_download(request, filterset, layout, base, qualifiers, *, order=()):
    if not filterset.is_valid():
        return _bad_filter(filterset)
    queryset = filterset.qs.order_by(*order) if order else filterset.qs
    lang = _requested_language(request)
    return _download(request, layout, batches(queryset), base, qualifiers, lang=lang)


MARKER = "PORTALLINKVALUE0"
URL_SAFE = RFC3986_SUBDELIMS + "/~:@"


class PortalLink(drf.Field):
    """The absolute portal address of `view_name` for the value of `source`, as its `kwarg`."""

    def __init__(self, view_name: str, kwarg: str, **kwargs):
        self.view_name, self.kwarg = view_name, kwarg
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        # The address is reversed once per language, with a marker in place of the value: the
        # same text as reverse() for every value, without its cost on each row.
        lang = translation.get_language()
        if lang not in self._templates:
            try:
                self._templates[lang] = self._absolute(MARKER).rsplit(MARKER, 1)
            except NoReverseMatch:  # a pattern the marker does not fit: reversed on each row
                self._templates[lang] = None
        template = self._templates[lang]
        if template is None:
            return self._absolute(value)
        head, tail = template
        return f"{head}{quote(str(value), safe=URL_SAFE)}{tail}"

    def representation(self):
        """`to_representation` for the language now active, its template looked up once (a CSV
        is written in one language: baqylau.api.tabular)."""
        self.to_representation(MARKER)  # the template of the language, if there is one
        template = self._templates[translation.get_language()]
        if template is None:
            return self.to_representation
        head, tail = template
        return lambda value: f"{head}{quote(str(value), safe=URL_SAFE)}{tail}"

    def _absolute(self, value) -> str:
        path = reverse(self.view_name, kwargs={self.kwarg: value})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @functools.cached_property
    def _templates(self) -> dict:
        return {}


# Registry ---------------------------------------------------------------------------------------


class DocumentTitleSerializer(drf.Serializer):
    slug = drf.SlugField(read_only=True)
    title_i18n = I18nField("title")


class GoalNameSerializer(drf.Serializer):
    number = drf.CharField(read_only=True)
    name_i18n = I18nField("name")


# One row per indicator value, after the columns of its indicator, goal and document.
INDICATOR_VALUES = Layout(
    serializers.IndicatorValueSerializer,
    exclude={"revisions"},
    after={"indicator": "", "status": "actual"},
    fields={
        "indicator": Layout(
            serializers.IndicatorSerializer,
            prefix="",
            names={"code": "indicator_code", "name_i18n": "indicator_name"},
            exclude={"id", "order", "values"},
            fields={
                "document": Layout(DocumentTitleSerializer, source="goal.document"),
                "goal": Layout(GoalNameSerializer),
            },
        ),
        "revised": drf.BooleanField(read_only=True),  # the annotation of indicators_csv
    },
)


INDICATOR_ORDER = ("goal__document__slug", "goal__order", "goal_id", "order", "id")
INDICATOR_BATCH = 1000


def _batched(items: Iterable, size: int = INDICATOR_BATCH) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


@download
@built("indicators", "csv", "downloads:indicators_csv")
def indicators_csv(request):
    document = request.GET.get("document", "").strip()
    if "\x00" in document:  # which PostgreSQL cannot hold in a query (the filters refuse it too)
        return _bad_request({"document": [_("Null characters are not allowed.")]})
    # The values with their indicator, goal and plan, read as values (baqylau.api.tabular.read:
    # the columns are stored values, the status written from them) for INDICATOR_BATCH
    # indicators at a time, in their order: each part sorted by the database on its own, the
    # first bytes sent before the last indicator is read.
    indicators = visible(request.user, Indicator).order_by(*INDICATOR_ORDER)
    values = (
        visible(request.user, IndicatorValue)
        .select_related("indicator__goal__document")
        .annotate(revised=Exists(PlanRevision.objects.standing().filter(value=OuterRef("pk"))))
        .order_by(*(f"indicator__{field}" for field in INDICATOR_ORDER), "year")
    )
    if document:
        indicators = indicators.filter(goal__document__slug=document)
    ids = indicators.values_list("id", flat=True).iterator(chunk_size=INDICATOR_BATCH)
    parts = tabular.Parts(values.filter(indicator_id__in=batch) for batch in _batched(ids))
    return _download(request, INDICATOR_VALUES, parts, "indicators", [document])


PLAN_VERSIONS = Layout(serializers.PlanVersionSerializer)
PLAN_CHANGES = Layout(serializers.PlanChangeSerializer)


@download
def plan_versions_csv(request):
    """The versions of the published plans; ?document= picks one document's."""
    filterset = PlanVersionFilter(
        request.GET, queryset=_api_queryset(views.PlanVersionViewSet, request)
    )
    qualifiers = [request.GET.get("document", "")]
    return _filtered_download(request, filterset, PLAN_VERSIONS, "plan-versions", qualifiers)


@download
def plan_changes_csv(request):
    """What each version of a published plan changed; the API's filters pick the rows."""
    filterset = PlanChangeFilter(
        request.GET, queryset=_api_queryset(views.PlanChangeViewSet, request)
    )
    qualifiers = [request.GET.get("document", ""), request.GET.get("setback", "")]
    return _filtered_download(request, filterset, PLAN_CHANGES, "plan-changes", qualifiers)


def _object_filter(request) -> tuple[ObjectFilter, list[str]]:
    """Visible objects, narrowed by the API's object filters (document, territory, kind...)."""
    filterset = ObjectFilter(request.GET, queryset=_api_queryset(views.ObjectViewSet, request))
    return filterset, [request.GET.get("document", ""), request.GET.get("territory", "")]


# The related records by slug and names; the position last, as plain latitude and longitude.
OBJECTS = Layout(
    serializers.ObjectSerializer,
    names={"lat": "latitude", "lon": "longitude"},
    exclude={"is_late"},
    after={"address_i18n": "description_i18n", "lat": "actual_end", "lon": "lat"},
    fields={
        **{
            name: Layout(NamedOrganisationSerializer)
            for name in ("territory", "responsible_body", "contractor")
        },
        # ProjectObject.get_absolute_url(), without a reverse() per row.
        "url": PortalLink("portal:object", "slug", source="slug"),
    },
)


@download
@built("objects", "csv", "downloads:objects_csv")
def objects_csv(request):
    filterset, qualifiers = _object_filter(request)
    if not filterset.is_valid():
        return _bad_filter(filterset)
    # A queryset: read as values (baqylau.api.tabular.read), not a model instance per row.
    objects = filterset.qs.order_by("id")
    return _download(request, OBJECTS, objects, "objects", qualifiers)


GEOJSON_BATCH = 2000


def object_features(queryset, *, lang: str, url_of) -> Iterator[dict]:
    """GeoJSON point features of the objects that have a location, read from the database
    GEOJSON_BATCH rows at a time: however many objects, no list of them is ever held."""
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
    for slug, name, kind, status, document, territory, lon, lat in rows.iterator(
        chunk_size=GEOJSON_BATCH
    ):
        yield {
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


def geojson_stream(features: Iterable[dict], **members) -> Iterator[str]:
    """A GeoJSON FeatureCollection as text in pieces of GEOJSON_BATCH features: the first bytes
    leave before the last row is read, and memory stays the same whatever the number of rows.
    `members`: more top-level members, written before the features."""
    encode = json.JSONEncoder(
        ensure_ascii=False, check_circular=False, separators=(",", ":")
    ).encode
    head = {"type": "FeatureCollection", **members}
    yield encode(head)[:-1] + ',"features":['
    piece, first = [], True
    for feature in features:
        piece.append(encode(feature) if first else "," + encode(feature))
        first = False
        if len(piece) == GEOJSON_BATCH:
            yield "".join(piece)
            piece = []
    piece.append("]}")
    yield "".join(piece)


@download
@built("objects", "geojson", "downloads:objects_geojson")
def objects_geojson(request):
    filterset, qualifiers = _object_filter(request)
    if not filterset.is_valid():
        return _bad_filter(filterset)
    lang = _requested_language(request)
    with translation.override(lang):
        url_of = _portal_url(request, "portal:object")
    response = StreamingHttpResponse(
        geojson_stream(object_features(filterset.qs, lang=lang, url_of=url_of)),
        content_type="application/geo+json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename("objects", "geojson", *qualifiers)}"'
    )
    response["Content-Language"] = lang
    return response


@download
def territories_geojson(request):
    """Boundaries of the territories under ?parent=SLUG (default: Pavlodar region's units).

    Also the base layer of the portal's maps, so they stay readable without map tiles.
    © OpenStreetMap contributors, ODbL.
    """
    parent = request.GET.get("parent", "pavlodar-region")
    if not SLUG.fullmatch(parent):
        return _bad_request({"parent": [_("The slug of a territory.")]})
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


def _ranking(row_serializer) -> Layout:
    """A ranking of state bodies: the body by slug and names, the year and the day of the
    figures, then the figures."""
    return Layout(
        row_serializer,
        names={"body": "body_slug", "name_i18n": "body_name"},
        after={"year": "kind", "as_of": "year"},
        fields={"year": drf.IntegerField(read_only=True), "as_of": drf.DateField(read_only=True)},
    )


REQUEST_RANKING = _ranking(serializers.RequestRankingRowSerializer)
RECOMMENDATION_RANKING = _ranking(serializers.RecommendationRankingRowSerializer)
REPORT_RANKING = _ranking(serializers.ReportRankingRowSerializer)


def _ranking_csv(request, stats, layout, base, *, lang=None):
    try:
        year = request_stats.parse_year(request.GET.get("year"))
    except ValueError:
        return _bad_request({"year": [YEAR_MESSAGE]})
    rows = stats.ranking(year=year)
    return _download(request, layout, rows, base, [str(year) if year else ""], lang=lang)


@download
def request_ranking_csv(request):
    """The ranking of state bodies by how they answer information requests; ?year= narrows it."""
    return _ranking_csv(request, request_stats, REQUEST_RANKING, "request-ranking")


# Information requests ---------------------------------------------------------------------------
# Published requests only, whoever downloads (baqylau.api.filters.published_requests); the
# requester appears by their public name, never by account or email. The texts are in the
# language they were written in; labels (status, kind, a withheld name) follow ?lang=.

REQUESTS = Layout(
    serializers.RequestSerializer, names={"document": "document_slug", "object": "object_slug"}
)

REQUEST_EVENTS = Layout(
    serializers.RequestEventSerializer,
    names={"request": "request_public_id", "body": "body_slug"},
    exclude={"id"},
    fields={
        "request_url": PortalLink("inforequests:detail", "public_id", source="request_public_id")
    },
)


def _request_filter(request):
    """The filters of /api/requests/: ?body=SLUG, ?year=YYYY (the year a request was sent), and
    also ?status=, ?document= and ?q=."""
    queryset = _api_queryset(views.RequestViewSet, request)
    filterset = RequestFilter(request.GET, queryset=queryset)
    return filterset, [request.GET.get("body", ""), request.GET.get("year", "")]


@download
def requests_csv(request):
    """Published information requests, one row each; ?body=, ?year=... narrow them."""
    filterset, qualifiers = _request_filter(request)
    return _filtered_download(request, filterset, REQUESTS, "requests", qualifiers, order=["id"])


@download
def request_events_csv(request):
    """Every step on the timelines of published requests; ?body=, ?year=... pick the requests."""
    filterset, qualifiers = _request_filter(request)
    if not filterset.is_valid():
        return _bad_filter(filterset)
    events = (
        _api_queryset(views.RequestEventViewSet, request)
        .filter(request__in=filterset.qs.values("pk"))
        .order_by("request_id", "happened_on", "recorded_at", "id")
    )
    lang = _requested_language(request)
    return _download(
        request, REQUEST_EVENTS, batches(events), "request-events", qualifiers, lang=lang
    )


# Public monitoring ------------------------------------------------------------------------------
# Published campaigns only, whoever downloads (baqylau.api.filters); the texts are in the language
# they were written in, labels follow ?lang=. Several values in one cell (slugs, numbers, measures)
# are separated by " | ". Evidence and the files of answers appear by their public copy only.

CAMPAIGNS = Layout(
    serializers.CampaignSerializer,
    names={"documents": "document_slugs", "objects": "object_slugs", "bodies": "body_slugs"},
    exclude={"description_i18n", "goals", "tasks", "method"},
)

FINDINGS = Layout(
    serializers.FindingSerializer,
    names={
        "campaign": "campaign_slug",
        "object": "object_slug",
        "indicator": "indicator_id",
        "document": "document_slug",
        "evidence": "evidence_ids",
        "recommendations": "recommendation_numbers",
    },
)


def _measure(columns: dict) -> str:
    return f"{columns['due_on'] or '—'}: {columns['text']}"


# The answer's columns in the recommendation's row; each measure is written "due date: text",
# files by the absolute URL of their public copy.
RECOMMENDATIONS = Layout(
    serializers.RecommendationSerializer,
    names={
        "campaign": "campaign_slug",
        "findings": "finding_numbers",
        "decision_notices": "decision_dates",
    },
    fields={
        "answer": Layout(
            serializers.RecommendationAnswerSerializer,
            source="public_answer",
            prefix="",
            names={"files": "file_urls"},
            exclude={"answered_on"},
            fields={"measures": Joined(_measure), "files": Joined("url")},
        ),
        "decision_notices": Joined("decision_on"),
    },
)


@download
def campaigns_csv(request):
    """Published monitoring campaigns; the API's filters (?ngo=, ?body=, ?status=...) narrow
    them."""
    queryset = _api_queryset(views.CampaignViewSet, request)
    filterset = CampaignFilter(request.GET, queryset=queryset)
    qualifiers = [request.GET.get("ngo", ""), request.GET.get("body", "")]
    return _filtered_download(request, filterset, CAMPAIGNS, "campaigns", qualifiers)


@download
def findings_csv(request):
    """Findings of published campaigns; ?campaign=, ?document=, ?object=, ?category=... narrow
    them."""
    filterset = FindingFilter(request.GET, queryset=_api_queryset(views.FindingViewSet, request))
    qualifiers = [request.GET.get(name, "") for name in ("campaign", "document", "object")]
    return _filtered_download(request, filterset, FINDINGS, "findings", qualifiers)


@download
def recommendations_csv(request):
    """Recommendations of published campaigns with the bodies' answers and what the monitors
    verified; ?campaign=, ?body=, ?state=, ?category=... narrow them."""
    queryset = _api_queryset(views.RecommendationViewSet, request)
    filterset = RecommendationFilter(request.GET, queryset=queryset)
    names = ("campaign", "body", "document", "object")
    qualifiers = [request.GET.get(name, "") for name in names]
    return _filtered_download(request, filterset, RECOMMENDATIONS, "recommendations", qualifiers)


@download
def recommendation_ranking_csv(request):
    """The ranking of state bodies by how they answer recommendations; ?year= narrows it and
    ?lang= picks the language of the portal addresses."""
    return _ranking_csv(
        request,
        recommendation_stats,
        RECOMMENDATION_RANKING,
        "recommendation-ranking",
        lang=_requested_language(request),
    )


@download
def report_ranking_csv(request):
    """The ranking of state bodies by how they answer citizens' problem reports; ?year= narrows
    it and ?lang= picks the language of the portal addresses."""
    return _ranking_csv(
        request, report_stats, REPORT_RANKING, "report-ranking", lang=_requested_language(request)
    )


# Citizens' problem reports ----------------------------------------------------------------------
# Published reports only, whoever downloads (baqylau.participation.opendata); never the reporter,
# their email or the exact position; files by the absolute URL of their public copy.

REPORTS = Layout(
    serializers.ReportSerializer,
    names={
        "category": "category_code",
        "category_name_i18n": "category_name",
        "indicator": "indicator_id",
        "files": "file_urls",
    },
    fields={"body": Layout(NamedOrganisationSerializer), "files": Joined("url")},
)


@download
def reports_csv(request):
    """Published problem reports; the API's filters (?category=, ?status=, ?territory=, ?body=,
    ?object=...) narrow them."""
    filterset = ReportFilter(request.GET, queryset=_api_queryset(views.ReportViewSet, request))
    names = ("category", "territory", "body", "object")
    qualifiers = [request.GET.get(name, "") for name in names]
    return _filtered_download(request, filterset, REPORTS, "reports", qualifiers, order=["id"])


# Procurement ------------------------------------------------------------------------------------
# Public as soon as it is loaded. A party appears by its id, scheme, identifier, name and the slug
# of the registry organisation it matches; suppliers as "scheme-identifier name", separated by
# " | ".


def _party(columns: dict) -> str:
    scheme = f"{columns['scheme']}-" if columns["scheme"] else ""
    return f"{scheme}{columns['identifier']} {columns['name']}".strip()


PROCESSES = Layout(serializers.ProcessSerializer, fields={"suppliers": Joined(_party)})
PARTIES = Layout(serializers.PartySerializer)
RISK_FLAGS = Layout(serializers.RiskFlagSerializer, names={"process": "process_ocid"})


@download
def processes_csv(request):
    """Contracting processes; the API's filters (?body=, ?method=, ?status=, ?year=, ?flag=,
    ?territory=, ?q=...) narrow them, as on the portal's list."""
    queryset = _api_queryset(views.ProcessViewSet, request)
    filterset = ProcessFilter(request.GET, queryset=queryset, request=request)
    qualifiers = [request.GET.get(name, "") for name in ("body", "flag")]
    return _filtered_download(request, filterset, PROCESSES, "processes", qualifiers)


@download
def parties_csv(request):
    """Parties of procurement; ?q=, ?scheme=, ?organisation=, ?matched= narrow them."""
    filterset = PartyFilter(request.GET, queryset=_api_queryset(views.PartyViewSet, request))
    return _filtered_download(request, filterset, PARTIES, "parties", [], order=["id"])


@download
def risk_flags_csv(request):
    """Risk indicators that fired; ?code=, ?subject=, ?process=, ?party= narrow them."""
    queryset = _api_queryset(views.RiskFlagViewSet, request)
    filterset = RiskFlagFilter(request.GET, queryset=queryset)
    qualifiers = [request.GET.get("code", "")]
    return _filtered_download(request, filterset, RISK_FLAGS, "risk-flags", qualifiers)
