"""The read-only open data API.

Every queryset starts from baqylau.core.permissions.visible(), so what is unpublished stays out of
lists and answers 404 in detail, except for staff. Lists prefetch what they show: the number of
queries does not grow with the number of rows.
"""

import re
import threading

from django.conf import settings
from django.db.models import F, OuterRef, Prefetch, Q, Subquery
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from drf_spectacular.views import SpectacularAPIView
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from baqylau.accountability import stats as recommendation_stats
from baqylau.accountability.models import (
    AnswerFile,
    DecisionNotice,
    Finding,
    PlannedMeasure,
    Recommendation,
)
from baqylau.core import pagecache, record
from baqylau.core.models import LogHead
from baqylau.core.permissions import visible
from baqylau.inforequests import stats as request_stats
from baqylau.inforequests.models import Answer, InformationRequest, RequestEvent
from baqylau.monitoring.models import Evidence
from baqylau.participation import opendata
from baqylau.participation import stats as report_stats
from baqylau.participation.models import ReportEvent
from baqylau.procurement import models as procurement
from baqylau.procurement import selectors as procurement_selectors
from baqylau.procurement.models import RiskFlag
from baqylau.registry import counters
from baqylau.registry import models as registry

from . import filters, serializers

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

LANG_PARAMETER = OpenApiParameter(
    "lang",
    str,
    OpenApiParameter.QUERY,
    enum=LANGUAGE_CODES,
    description=_(
        "Language of the translated fields (name, title...). Without it the Accept-Language "
        "header decides; a missing translation falls back to another language."
    ),
)


def requested_language(request) -> str | None:
    lang = request.GET.get("lang", "")
    return lang if lang in LANGUAGE_CODES else None


def unknown_language(request) -> dict[str, list[str]] | None:
    """The error of a ?lang= that is not one of the platform's languages (an empty one is no
    choice, not an error), by the name of the parameter."""
    lang = request.GET.get("lang", "")
    if not lang or lang in LANGUAGE_CODES:
        return None
    message = _("Unknown language “%(lang)s”: use one of %(accepted)s.") % {
        "lang": lang,
        "accepted": ", ".join(LANGUAGE_CODES),
    }
    return {"lang": [message]}


# What the API answers when a query parameter is wrong (a filter, ?lang=, ?year=): each wrong
# parameter with its messages, as DRF writes a ValidationError.
BAD_REQUEST = OpenApiResponse(
    {
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
        "example": {"year": ["A year of four digits, such as 2024."]},
    },
    description=_("A query parameter is wrong: each wrong parameter with its messages."),
)
NOT_FOUND = OpenApiResponse(
    {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    description=_("No such record, or not a public one."),
)


class ApiSchema(AutoSchema):
    """Documents the ?lang= parameter on every operation, the answer to a wrong query parameter
    (400) and, where the path names a record, the answer when there is no such record (404)."""

    def get_override_parameters(self):
        return [*super().get_override_parameters(), LANG_PARAMETER]

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = {"400": BAD_REQUEST}
        if "{" in self.path:
            errors["404"] = NOT_FOUND
        for code, response in errors.items():
            responses.setdefault(code, self._get_response_for_code(response, code))
        return responses


class LanguageMixin:
    """?lang=kk|ru|en wins over Accept-Language (which LocaleMiddleware has applied); another
    value answers 400 with the accepted ones."""

    schema = ApiSchema()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        errors = unknown_language(request)
        if errors:
            raise ValidationError(errors)

    def dispatch(self, request, *args, **kwargs):
        lang = requested_language(request)
        if lang is None:
            return super().dispatch(request, *args, **kwargs)
        with translation.override(lang):
            response = super().dispatch(request, *args, **kwargs)
            # Render now: lazily translated strings must see the requested language.
            if callable(getattr(response, "render", None)):
                response.render()
        response["Content-Language"] = lang
        return response


class HarvestCursor(CursorPagination):
    """The pages of a full harvest: in the order of the records' ids, each page after the last
    record of the one before, so that records added meanwhile come at the end and no record is
    read twice or skipped, however long the harvest takes; no count, no growing offset."""

    ordering = ("pk",)
    page_size_query_param = "limit"
    max_page_size = 1000
    invalid_cursor_message = _("Not a cursor of this list: follow the `next` link of a page.")

    def decode_cursor(self, request):
        """The cursor of the query; None for the first page; 400 for one that is not ours (DRF
        would answer 404, or let a position that is no id reach the database)."""
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise ValidationError({"cursor": [self.invalid_cursor_message]}) from None
        position = cursor.position if cursor is not None else None
        if position is not None and not ID_RE.fullmatch(position):
            raise ValidationError({"cursor": [self.invalid_cursor_message]})
        return cursor


class ApiPagination(LimitOffsetPagination):
    """`limit` and `offset`; or, for a full harvest, pages by cursor (HarvestCursor) when the
    query has `?cursor=` or `?paginate=cursor` (with `limit` as the size of a page)."""

    max_limit = 1000
    # An offset past every row gives an empty page; a larger one would overflow the database's
    # integers, so it is read as this one.
    max_offset = 2**62
    cursor = None

    def get_offset(self, request):
        return min(super().get_offset(request), self.max_offset)

    @staticmethod
    def wants_cursor(request) -> bool:
        return "cursor" in request.query_params or (
            request.query_params.get("paginate") == "cursor"
        )

    def paginate_queryset(self, queryset, request, view=None):
        self.view = view
        if self.wants_cursor(request):
            self.cursor = HarvestCursor()
            return self.cursor.paginate_queryset(queryset, request, view)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.cursor is not None:
            return self.cursor.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        answer = super().get_paginated_response_schema(schema)
        answer["required"] = ["results"]
        answer["properties"]["count"]["description"] = _(
            "How many records the list has in all; absent from pages by cursor"
        )
        return answer

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": "paginate",
                "required": False,
                "in": "query",
                "description": str(
                    _(
                        "`cursor`: pages by cursor for a full harvest, in the order of the ids; "
                        "follow each page's `next` link (with `cursor`) until it is null"
                    )
                ),
                "schema": {"type": "string", "enum": ["cursor"]},
            },
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "description": str(
                    _("The cursor of a page, from the `next` link of the one before")
                ),
                "schema": {"type": "string"},
            },
        ]

    def get_count(self, queryset):
        # A list that knows its total (`known_count`) is not counted over its whole table.
        view = getattr(self, "view", None)
        known = getattr(view, "known_count", None)
        total = known() if known else None
        if total is None and getattr(view, "total_kept", False):
            return kept_total(view, lambda: super(ApiPagination, self).get_count(queryset))
        return super().get_count(queryset) if total is None else total


def public_total(view, key: str) -> int | None:
    """The total of an unfiltered list of what the public sees, from the registry's counters
    (registry/counters.py) rather than a COUNT over the table; None when the list is filtered or
    the user is staff, who sees more."""
    user = view.request.user
    if user.is_authenticated and user.is_active and user.is_staff:
        return None
    if any(name in view.request.query_params for name in view.filterset_class.base_filters):
        return None
    return counters.registry(user)[key]


def kept_total(view, count) -> int:
    """The total of a list that shows the same to every visitor (`total_kept` on its view),
    counted once per generation of the public site and kept in the cache
    (`pagecache.kept`): the pages of a list cost no COUNT over its table between two
    changes. The key holds the list's filters, so a filtered list is counted once per generation
    too. Staff lists are counted at each request, as the registry's (`public_total`)."""
    request = view.request
    user = request.user
    if user.is_authenticated and user.is_active and user.is_staff:
        return count()
    filters_used = sorted(
        (name, value)
        for name in view.filterset_class.base_filters
        for value in request.query_params.getlist(name)
    )
    return pagecache.kept(("api", type(view).__name__, filters_used), count)


# What a record's address may hold: an id of up to 18 digits (any larger one would overflow the
# database's integers) or a slug; anything else is no API address (404) and never reaches a query.
ID_PATTERN = "[0-9]{1,18}"
SLUG_PATTERN = "[-a-zA-Z0-9_]+"
ID_RE = re.compile(ID_PATTERN)


class ReadOnlyApiViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    pagination_class = ApiPagination
    filter_backends = [filters.FilterBackend]
    lookup_value_regex = ID_PATTERN
    model = None

    def get_queryset(self):
        return self.scope(visible(self.request.user, self.model))

    def scope(self, queryset):
        return queryset

    def paginate_queryset(self, queryset):
        self.page_records = super().paginate_queryset(queryset)
        return self.page_records

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        release_prefetched(getattr(self, "page_records", None) or ())
        return response


def release_prefetched(records) -> None:
    """Breaks the reference cycles of prefetched records once a page is written (a record holds
    its prefetched queryset, which knows the record again): the page is then freed at once
    rather than by the garbage collector's full collections, which freed about 70,000 objects
    every ten requests or so of /api/indicators/ (0.5 to 1 s on a busy machine, its p95)."""
    stack = list(records)
    while stack:
        record = stack.pop()
        prefetched = getattr(record, "_prefetched_objects_cache", None)
        if prefetched:
            for queryset in prefetched.values():
                stack.extend(queryset._result_cache or ())
            record._prefetched_objects_cache = {}


class DocumentViewSet(ReadOnlyApiViewSet):
    """Planning documents: programs, concepts, national projects, development plans."""

    model = registry.PlanningDocument
    serializer_class = serializers.DocumentSerializer
    filterset_class = filters.DocumentFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def scope(self, queryset):
        # The territory's boundary is not shown, and is large: it is not read.
        return (
            queryset.select_related("territory")
            .defer("territory__geometry")
            .prefetch_related(
                Prefetch(
                    "responsible_bodies",
                    queryset=visible(self.request.user, registry.Organisation).only("id", "slug"),
                )
            )
        )


class GoalViewSet(ReadOnlyApiViewSet):
    """Goals of the planning documents."""

    model = registry.Goal
    serializer_class = serializers.GoalSerializer
    filterset_class = filters.GoalFilter

    def scope(self, queryset):
        return queryset.select_related("document", "direction")


class IndicatorViewSet(ReadOnlyApiViewSet):
    """Target and result indicators, with the plan and the actual value per year."""

    model = registry.Indicator
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filters.IndicatorFilter

    def scope(self, queryset):
        values = (
            visible(self.request.user, registry.IndicatorValue)
            .order_by("year")
            .prefetch_related(
                Prefetch(
                    "revisions",
                    queryset=registry.PlanRevision.objects.standing().order_by("revised_at", "id"),
                )
            )
        )
        return queryset.select_related("goal__document").prefetch_related(
            Prefetch("values", queryset=values)
        )

    def known_count(self):
        return public_total(self, "indicators")


class FinancingViewSet(ReadOnlyApiViewSet):
    """Financing by year and source, for a document or one of its objects."""

    model = registry.Financing
    serializer_class = serializers.FinancingSerializer
    filterset_class = filters.FinancingFilter

    def scope(self, queryset):
        # A line tied to an object must not reveal an object that the user may not see.
        objects = visible(self.request.user, registry.ProjectObject)
        return (
            queryset.filter(Q(object__isnull=True) | Q(object__in=objects))
            .select_related("document", "object")
            .order_by("document", "year", "source", "id")
        )


class ObjectViewSet(ReadOnlyApiViewSet):
    """Physical objects that the documents build or repair, with their location."""

    model = registry.ProjectObject
    serializer_class = serializers.ObjectSerializer
    filterset_class = filters.ObjectFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def scope(self, queryset):
        # The boundary of the territory is not shown, and is large: it is not read.
        return queryset.select_related(
            "document", "territory", "responsible_body", "contractor"
        ).defer("territory__geometry")

    def known_count(self):
        return public_total(self, "objects")


class OrganisationViewSet(ReadOnlyApiViewSet):
    """State bodies, NGOs, donors and companies."""

    model = registry.Organisation
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def scope(self, queryset):
        return queryset.select_related("parent", "territory").defer("territory__geometry")


class TerritoryViewSet(ReadOnlyApiViewSet):
    """The country, regions, cities and districts; the boundary only in detail."""

    model = registry.Territory
    filterset_class = filters.TerritoryFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.TerritoryDetailSerializer
        return serializers.TerritorySerializer

    def scope(self, queryset):
        queryset = queryset.select_related("parent").order_by("kind", "name_en", "id")
        if self.action != "retrieve":
            queryset = queryset.defer("geometry", "parent__geometry")
        return queryset


# The schema, rendered once per process for each language and format. drf-spectacular's
# generator is not safe to run in parallel threads (concurrent requests failed with "Schema
# generation REQUIRES a view instance"), and the schema changes only with the code.
_schemas: dict[tuple[str, str], tuple[bytes, str]] = {}
_schema_lock = threading.Lock()


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema, in JSON unless ?format=yaml."""

    renderer_classes = [OpenApiJsonRenderer, OpenApiYamlRenderer]

    @extend_schema(exclude=True)  # the schema does not describe itself (SERVE_INCLUDE_SCHEMA)
    def get(self, request, *args, **kwargs):
        key = (
            translation.get_language() or settings.LANGUAGE_CODE,
            request.accepted_renderer.format,
        )
        with _schema_lock:
            if key not in _schemas:
                response = super().get(request, *args, **kwargs)
                response = self.finalize_response(request, response, *args, **kwargs)
                response.render()
                _schemas[key] = (response.content, response["Content-Type"])
        content, content_type = _schemas[key]
        return HttpResponse(content, content_type=content_type)

    custom_settings = {
        "DESCRIPTION": _(
            "Read-only open data on planning documents, indicators, financing and objects.\n\n"
            "* Translated fields appear twice: `name` in the language of `?lang=kk|ru|en` (or of "
            "the Accept-Language header), with a fallback to another language when a "
            "translation is missing, and `name_i18n` with every language as stored.\n"
            "* Decimal numbers (plans, actual values, amounts) are strings such as "
            '`"99.1000"`, so that no precision is lost.\n'
            "* Lists are paginated with `limit` (at most 1000) and `offset`.\n"
            "* Coordinates are WGS 84; GeoJSON geometries list them as [lon, lat].\n"
            "* Bulk downloads: /data/indicators.csv, /data/objects.csv, /data/objects.geojson.\n"
            "* Public monitoring: campaigns, findings, recommendations with the answers of the "
            "state bodies, and evidence, of published campaigns only; also as /data/campaigns.csv, "
            "/data/findings.csv and /data/recommendations.csv. Evidence is published by its copy "
            "without metadata: never the original file, never the position where a photo was "
            "taken.\n"
            "* Citizens' problem reports: published ones only, with the body that answers, the "
            "due date of its answer, its latest answer and, in detail, the public timeline; also "
            "as /data/reports.csv. Never the reporter, their email or the exact point (the "
            "position is the object's, or the point rounded to about 10 m); photos by their "
            "public copy. The same reports are served by Open311 GeoReport v2 at /open311/v2/.\n"
            "* The dialogue: published meetings, the commitments of state bodies, public councils "
            "with their plans of public monitoring, the library of methods and the community "
            "scorecards of published campaigns; also as /data/meetings.csv, "
            "/data/commitments.csv, /data/council-plan-lines.csv and /data/scorecard-scores.csv. "
            "Never who asked a question, took part in a focus group or scored: only counts."
        ),
    }


def _year_parameter(description) -> OpenApiParameter:
    return OpenApiParameter(
        "year",
        {"type": "integer", "minimum": request_stats.MIN_YEAR, "maximum": request_stats.MAX_YEAR},
        OpenApiParameter.QUERY,
        description=description,
    )


def _ranking(request, stats, serializer_class) -> Response:
    """The ranking of `stats` (a module with ranking()) for ?year=, or all years without it."""
    try:
        year = request_stats.parse_year(request.GET.get("year"))
    except ValueError as exc:
        raise ValidationError({"year": [filters.YEAR_MESSAGE]}) from exc
    today = timezone.localdate()
    rows = stats.ranking(year=year, today=today)
    data = {"year": year, "as_of": today, "count": len(rows), "results": rows}
    return Response(serializer_class(data, context={"request": request}).data)


class RankingView(LanguageMixin, APIView):
    stats = None  # a module with ranking()
    ranking_serializer = None

    def get(self, request):
        return _ranking(request, self.stats, self.ranking_serializer)


def ranking_schema(operation_id: str, serializer_class, *, year_help):
    """The schema of a ranking's GET: its rows, and ?year= described by `year_help`."""
    year = _year_parameter(year_help)
    return extend_schema_view(
        get=extend_schema(operation_id=operation_id, parameters=[year], responses=serializer_class)
    )


@ranking_schema(
    "request_ranking",
    serializers.RequestRankingSerializer,
    year_help=_("Only the requests sent in this year; all years without it."),
)
class RequestRankingView(RankingView):
    """State bodies ranked by how they answer information requests, best first.

    Only public requests that were sent and not withdrawn count. Bodies are ordered by the share
    answered on time (highest first), then by the median days to answer (shortest first). The
    definitions are on the portal's ranking page, /requests/bodies/.
    """

    stats = request_stats
    ranking_serializer = serializers.RequestRankingSerializer


# Information requests ---------------------------------------------------------------------------


class RequestViewSet(ReadOnlyApiViewSet):
    """Information requests to state bodies and, in detail, their timeline and answers.

    Only published requests appear, whoever asks: never a draft or a request its requester made
    private. Answers show their public text, redacted of personal data, and files only by their
    public copy; a hidden file is left out.
    """

    model = InformationRequest
    filterset_class = filters.RequestFilter
    total_kept = True
    lookup_field = "public_id"
    lookup_value_regex = "[0-9a-f]{10}"

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.RequestDetailSerializer
        return serializers.RequestSerializer

    def get_queryset(self):
        queryset = filters.public_requests(self.request.user).select_related("body", "requester")
        queryset = queryset.defer("search_text", "body__search_text")
        if self.action == "retrieve":
            # The request is published already: its answers need no second visibility check.
            answers = (
                Answer.objects.filter(withdrawn_at__isnull=True)
                .defer("text")
                .prefetch_related(Prefetch("attachments", queryset=filters.public_attachments()))
            )
            queryset = queryset.prefetch_related(
                Prefetch("events", queryset=RequestEvent.objects.select_related("other_body")),
                Prefetch("answers", queryset=answers),
            )
        return queryset


class ListApiViewSet(LanguageMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    pagination_class = ApiPagination
    filter_backends = [filters.FilterBackend]


class PlanVersionViewSet(ListApiViewSet):
    """The versions of the plans of published documents: the first as published, then one for
    each change of what a document promises, with the source of the change."""

    serializer_class = serializers.PlanVersionSerializer
    filterset_class = filters.PlanVersionFilter

    def get_queryset(self):
        # Published documents only, whoever asks: a draft has no versions to show.
        return registry.PlanVersion.public_objects.select_related("document").order_by(
            "document_id", "number"
        )


class PlanChangeViewSet(ListApiViewSet):
    """What each version of a published plan changed against the one before: indicator targets
    and baselines, object deadlines and capacity, financing; setbacks (a target lowered, a
    deadline moved later, a budget cut) are marked."""

    serializer_class = serializers.PlanChangeSerializer
    filterset_class = filters.PlanChangeFilter

    def get_queryset(self):
        return registry.PlanChange.public_objects.select_related(
            "version__document", "indicator", "object"
        ).order_by("version__document_id", "version__number", "id")


class RequestEventViewSet(ListApiViewSet):
    """The steps on the timelines of published requests, oldest first."""

    serializer_class = serializers.RequestEventSerializer
    filterset_class = filters.RequestEventFilter

    def get_queryset(self):
        return filters.public_request_events(self.request.user).select_related("other_body")


class RequestAnswerViewSet(ListApiViewSet):
    """Answers to published requests: the public text, redacted of personal data, and the
    public copies of the files that are not hidden."""

    serializer_class = serializers.RequestAnswerSerializer
    filterset_class = filters.RequestAnswerFilter

    def get_queryset(self):
        return filters.public_answers(self.request.user).prefetch_related(
            Prefetch("attachments", queryset=filters.public_attachments())
        )


# Public monitoring ------------------------------------------------------------------------------


class CampaignViewSet(ReadOnlyApiViewSet):
    """Monitoring campaigns that their NGOs have published: what they control, their goals,
    method, dates and status. An unpublished campaign appears to nobody, not even to its team or
    to staff: open data is public data."""

    serializer_class = serializers.CampaignSerializer
    filterset_class = filters.CampaignFilter
    total_kept = True
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_queryset(self):
        user = self.request.user
        return (
            filters.published_campaigns(user)
            .select_related("ngo")
            .annotate(final_document_sent_on=F("final_document__sent_on"))
            .prefetch_related(
                # By slug, the order in which /data/campaigns.csv has always listed them.
                *(
                    Prefetch(
                        name, queryset=visible(user, model).only("id", "slug").order_by("slug")
                    )
                    for name, model in [
                        ("documents", registry.PlanningDocument),
                        ("project_objects", registry.ProjectObject),
                        ("bodies", registry.Organisation),
                    ]
                ),
            )
            .order_by("-starts_on", "-id")
        )


class FindingViewSet(ReadOnlyApiViewSet):
    """Facts that the monitors of published campaigns established, about an object, an indicator
    or a planning document, with the ids of their evidence."""

    serializer_class = serializers.FindingSerializer
    filterset_class = filters.FindingFilter

    def get_queryset(self):
        return (
            filters.public_findings(self.request.user)
            .prefetch_related(
                Prefetch("evidence", queryset=Evidence.private_objects.not_withdrawn().only("id")),
                Prefetch(
                    "recommendations", queryset=Recommendation.private_objects.only("id", "number")
                ),
            )
            .order_by("campaign_id", "number")
        )


class RecommendationViewSet(ReadOnlyApiViewSet):
    """Numbered recommendations of published campaigns, each to one state body, with the
    body's answer (decision, reasons, planned measures with their dates, public copies of the
    files), the dates it gave for its decision, and what the monitors verified later."""

    serializer_class = serializers.RecommendationSerializer
    filterset_class = filters.RecommendationFilter

    def get_queryset(self):
        files = AnswerFile.private_objects.defer("original")
        return (
            filters.public_recommendations(self.request.user)
            .select_related("answer")
            .prefetch_related(
                Prefetch("findings", queryset=Finding.private_objects.only("id", "number")),
                Prefetch("answer__measures", queryset=PlannedMeasure.private_objects.all()),
                Prefetch("answer__files", queryset=files),
                Prefetch("decision_notices", queryset=DecisionNotice.private_objects.all()),
            )
            .order_by("campaign_id", "number")
        )


class EvidenceViewSet(ReadOnlyApiViewSet):
    """Photos and documents of published campaigns, by their public copy made without metadata.
    The original file and the position where a photo was taken are never published: only the
    distance from the object visited and whether it was far from it."""

    serializer_class = serializers.EvidenceSerializer
    filterset_class = filters.EvidenceFilter

    def get_queryset(self):
        return filters.public_evidence(self.request.user).order_by(
            "campaign_id", "created_at", "id"
        )


@ranking_schema(
    "recommendation_ranking",
    serializers.RecommendationRankingSerializer,
    year_help=_("Only the recommendations the bodies received in this year; all years without it."),
)
class RecommendationRankingView(RankingView):
    """State bodies ranked by how they answer the recommendations of public monitoring, best
    first.

    Only recommendations of published campaigns that the body received with the final document
    count. Bodies are ordered by the share answered on time (highest first), then by the number
    received. The definitions are on the portal's ranking page, /requests/bodies/.
    """

    stats = recommendation_stats
    ranking_serializer = serializers.RecommendationRankingSerializer


@ranking_schema(
    "report_ranking",
    serializers.ReportRankingSerializer,
    year_help=_("Only the reports published in this year; all years without it."),
)
class ReportRankingView(RankingView):
    """State bodies ranked by how they answer citizens' problem reports, best first.

    Only published reports addressed to a state body count, for the body they are addressed to
    now, in the year they were published. Bodies are ordered by the share answered on time
    (highest first), then by the number received. The definitions are on the portal's ranking
    page, /requests/bodies/.
    """

    stats = report_stats
    ranking_serializer = serializers.ReportRankingSerializer


# Citizens' problem reports ----------------------------------------------------------------------


def _i18n(path: str) -> list[str]:
    return [f"{path}_{code}" for code in LANGUAGE_CODES]


class ReportViewSet(ReadOnlyApiViewSet):
    """Problem reports that citizens filed at objects, indicators, planning documents or points,
    as published after moderation, with the body that answers them, their status, the legal due
    date of the answer, the body's latest answer and, in detail, the public timeline.

    Only published reports appear, whoever asks: never one awaiting confirmation or moderation,
    nor a hidden one. The reporter, their email and the exact position are never published: the
    position is the object's, or the reporter's point rounded to about 10 m. Files appear by their
    public copy, made without metadata; never the original."""

    filterset_class = filters.ReportFilter
    total_kept = True

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ReportDetailSerializer
        return serializers.ReportSerializer

    def get_queryset(self):
        queryset = (
            opendata.public_reports()
            .select_related("category", "body", "project_object", "document", "territory")
            .only(
                *opendata.PUBLIC_REPORT_FIELDS,
                "category__code",
                *_i18n("category__name"),
                "body__slug",
                *_i18n("body__name"),
                "project_object__slug",
                "document__slug",
                "territory__slug",
            )
            .annotate(latest_answer=opendata.latest_answer_text())
            .prefetch_related(
                Prefetch("files", queryset=opendata.public_files(), to_attr="public_files")
            )
        )
        if self.action == "retrieve":
            events = ReportEvent.objects.published().select_related("from_body", "to_body")
            events = events.only(
                *(f.attname for f in ReportEvent._meta.concrete_fields if f.name != "actor"),
                "from_body__slug",
                "to_body__slug",
            )
            queryset = queryset.prefetch_related(
                Prefetch("events", queryset=events, to_attr="public_events")
            )
        return queryset


# The public record ------------------------------------------------------------------------------

LOG_PAGE = 1000


class LogHeadsView(LanguageMixin, APIView):
    """The daily heads of the public record's hash chain, newest first, with the public key that
    checks their signatures. Save one: any later edit of an entry before it no longer matches."""

    @extend_schema(operation_id="log_heads", responses=serializers.LogHeadsSerializer)
    def get(self, request):
        count, head_hash = record.chain_head()
        data = {
            "public_key": record.configured_public_key(),
            "count": count,
            "head_hash": head_hash,
            "results": LogHead.objects.order_by("-date"),
        }
        return Response(serializers.LogHeadsSerializer(data).data)


class LogEntriesView(LanguageMixin, APIView):
    """The entries of the public record's hash chain in order, 1000 at a time: ask with ?after=0,
    then with each answer's next_after, to mirror the chain and recheck every hash."""

    @extend_schema(
        operation_id="log_entries",
        parameters=[
            OpenApiParameter(
                "after",
                {"type": "integer", "minimum": 0},
                description=_("Entries numbered after this one (0 for the first)"),
            )
        ],
        responses={
            200: serializers.LogEntriesSerializer,
            400: OpenApiResponse(description=_("?after= is not a whole number, 0 or more")),
        },
    )
    def get(self, request):
        raw = request.GET.get("after", "0")
        if not raw.isdigit() or len(raw) > 18:
            raise ValidationError({"after": [_("Give a whole number, 0 or more.")]})
        after = int(raw)
        entries = record.entries_after(after, LOG_PAGE)
        count, _head = record.chain_head()
        data = {
            "count": count,
            "after": after,
            "next_after": entries[-1].seq if len(entries) == LOG_PAGE else None,
            "results": entries,
        }
        return Response(serializers.LogEntriesSerializer(data).data)


# Procurement ------------------------------------------------------------------------------------


def public_processes(user):
    """Contracting processes as the API lists them: their parties, awards with the suppliers, the
    flags on the process, and the slug of their planning document where the user may see it."""
    documents = visible(user, registry.PlanningDocument).filter(pk=OuterRef("document_id"))
    return (
        procurement_selectors.process_rows(user)
        .select_related("procuring_entity__organisation")
        .defer("procuring_entity__organisation__search_text")
        .annotate(document_slug=Subquery(documents.values("slug")[:1]))
        .prefetch_related(
            Prefetch(
                "flags",
                queryset=RiskFlag.objects.filter(subject=RiskFlag.Subject.PROCESS).only(
                    "code", "process_id"
                ),
                to_attr="process_flags",
            )
        )
    )


class ProcessViewSet(ReadOnlyApiViewSet):
    """Contracting processes (OCDS), newest release first: the buyer, the method, the tender's
    status and estimated value, the suppliers, and how many risk indicators fired on it. In
    detail, the bids, awards, contracts with their amendments, the registry's objects it is
    linked to, the risk indicators on the process, its buyer and its tenderers, and its releases.
    A risk indicator is a signal to check, not proof of wrongdoing."""

    model = procurement.ContractingProcess
    filterset_class = filters.ProcessFilter
    lookup_field = "ocid"
    lookup_value_regex = "[^/]+"

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ProcessDetailSerializer
        return serializers.ProcessSerializer

    def get_queryset(self):
        queryset = public_processes(self.request.user)
        if self.action == "retrieve":
            parties = procurement_selectors.parties()
            queryset = queryset.prefetch_related(
                Prefetch(
                    "bids",
                    queryset=procurement.Bid.objects.prefetch_related(
                        Prefetch("tenderers", queryset=parties)
                    ),
                ),
                Prefetch(
                    "contracts",
                    queryset=procurement.Contract.objects.prefetch_related("amendments"),
                ),
                Prefetch("releases", queryset=procurement.Release.objects.defer("data")),
            )
        return queryset

    def get_object(self):
        process = super().get_object()
        objects = visible(self.request.user, registry.ProjectObject).filter(
            contracting_links__process=process
        )
        process.public_object_slugs = list(objects.order_by("slug").values_list("slug", flat=True))
        found = procurement_selectors.flags_of(process)
        process.all_flags = [flag for flags in found.values() for flag in flags]
        return process


class PartyViewSet(ReadOnlyApiViewSet):
    """Organisations as procurement data names them (buyers, procuring entities, tenderers and
    suppliers), by their identifier, with the registry organisation each is matched to."""

    model = procurement.Party
    serializer_class = serializers.PartySerializer
    filterset_class = filters.PartyFilter

    def scope(self, queryset):
        return queryset.select_related("organisation").only(
            "scheme", "identifier", "name", "organisation__slug"
        )


def public_flags(user):
    return visible(user, RiskFlag).annotate(process_ocid=F("process__ocid")).order_by("code", "id")


class RiskFlagViewSet(ListApiViewSet):
    """Risk indicators of the Open Contracting Partnership's red-flag library that fired, each on
    a process, a buyer or a tenderer, with the value it computed. A risk indicator is a signal to
    check, not proof of wrongdoing."""

    model = RiskFlag
    serializer_class = serializers.RiskFlagSerializer
    filterset_class = filters.RiskFlagFilter

    def get_queryset(self):
        return public_flags(self.request.user)
