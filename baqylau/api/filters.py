"""Query-string filters of the open data API.

Related records are named by slug where they have one (documents, objects, organisations,
territories) and by id otherwise (goals). An unknown slug gives an empty list, not an error.
"""

import django_filters as df
from django import forms
from django.db.models import F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.drainage import add_trace_message
from drf_spectacular.plumbing import get_view_model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from baqylau.core.permissions import visible
from baqylau.inforequests.models import Answer, Attachment, InformationRequest, RequestEvent
from baqylau.inforequests.models import Status as RequestStatus
from baqylau.registry.models import (
    Financing,
    Goal,
    Indicator,
    Organisation,
    PlanningDocument,
    ProjectObject,
    Territory,
)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend; its schema extension knows the registry's managers."""


class FilterBackendSchema(DjangoFilterExtension):
    # Registry models that follow publication have no `objects` manager, which the schema
    # generator assumes by default.
    target_class = FilterBackend
    priority = 1

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        model = get_view_model(auto_schema.view)
        if not model:
            return []
        queryset = model._default_manager.none()
        filterset_class = self.target.get_filterset_class(auto_schema.view, queryset)
        if not filterset_class:
            return []
        result = []
        with add_trace_message(filterset_class):
            for field_name, filter_field in filterset_class.base_filters.items():
                result += self.resolve_filter_field(
                    auto_schema, model, filterset_class, field_name, filter_field
                )
        return result


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(df.NumberFilter):
    field_class = forms.IntegerField


def within_territory(queryset, slug: str, *, path: str = "territory"):
    """Rows placed in the territory or in any territory under it (country > region > district)."""
    return queryset.filter(
        Q(**{f"{path}__slug": slug})
        | Q(**{f"{path}__parent__slug": slug})
        | Q(**{f"{path}__parent__parent__slug": slug})
    )


def _search(queryset, name, value):
    value = value.strip()
    return queryset.search(value) if value else queryset


def _territory(queryset, name, value):
    return within_territory(queryset, value) if value else queryset


class DocumentFilter(df.FilterSet):
    type = df.ChoiceFilter(
        field_name="doc_type", choices=PlanningDocument.Type.choices, label=_("Type")
    )
    status = df.ChoiceFilter(choices=PlanningDocument.Status.choices, label=_("Status"))
    territory = df.CharFilter(
        method=_territory, label=_("Territory slug (includes the territories under it)")
    )
    body = df.CharFilter(field_name="responsible_bodies__slug", label=_("Responsible body slug"))
    year = IntegerFilter(method="filter_year", label=_("A year within the document's period"))
    q = df.CharFilter(method=_search, label=_("Search in titles, codes and descriptions"))

    class Meta:
        model = PlanningDocument
        fields = ["type", "status", "territory", "body", "year", "q"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(start_year__lte=value, end_year__gte=value)


class GoalFilter(df.FilterSet):
    document = df.CharFilter(field_name="document__slug", label=_("Planning document slug"))

    class Meta:
        model = Goal
        fields = ["document"]


class IndicatorFilter(df.FilterSet):
    document = df.CharFilter(field_name="goal__document__slug", label=_("Planning document slug"))
    goal = IntegerFilter(field_name="goal_id", label=_("Goal id"))
    kind = df.ChoiceFilter(choices=Indicator.Kind.choices, label=_("Kind"))

    class Meta:
        model = Indicator
        fields = ["document", "goal", "kind"]


class FinancingFilter(df.FilterSet):
    document = df.CharFilter(field_name="document__slug", label=_("Planning document slug"))
    year = IntegerFilter(label=_("Year"))
    source = df.ChoiceFilter(choices=Financing.Source.choices, label=_("Source"))
    object = df.CharFilter(field_name="object__slug", label=_("Object slug"))

    class Meta:
        model = Financing
        fields = ["document", "year", "source", "object"]


class ObjectFilter(df.FilterSet):
    document = df.CharFilter(field_name="document__slug", label=_("Planning document slug"))
    territory = df.CharFilter(
        method=_territory, label=_("Territory slug (includes the territories under it)")
    )
    kind = df.ChoiceFilter(choices=ProjectObject.Kind.choices, label=_("Type"))
    status = df.ChoiceFilter(choices=ProjectObject.Status.choices, label=_("Status"))
    q = df.CharFilter(method=_search, label=_("Search in names, addresses and contracts"))

    class Meta:
        model = ProjectObject
        fields = ["document", "territory", "kind", "status", "q"]


class OrganisationFilter(df.FilterSet):
    kind = df.ChoiceFilter(choices=Organisation.Kind.choices, label=_("Kind"))
    territory = df.CharFilter(
        method=_territory, label=_("Territory slug (includes the territories under it)")
    )
    q = df.CharFilter(method=_search, label=_("Search in names"))

    class Meta:
        model = Organisation
        fields = ["kind", "territory", "q"]


class TerritoryFilter(df.FilterSet):
    kind = df.ChoiceFilter(choices=Territory.Kind.choices, label=_("Kind"))
    parent = df.CharFilter(field_name="parent__slug", label=_("Parent territory slug"))

    class Meta:
        model = Territory
        fields = ["kind", "parent"]


# Information requests ---------------------------------------------------------------------------
# The querysets that these filters narrow, shared by the API and the CSV downloads.


def published_requests(user):
    """Published requests only, whoever asks: the open data never holds a draft or a request its
    requester made private, not even for the requester, a moderator or staff."""
    return visible(user, InformationRequest.public_objects.all())


def public_requests(user):
    """Published requests with the slugs of their document and object, each only when the user
    may see it (a request may be about a document that is not published yet)."""
    documents = visible(user, PlanningDocument).filter(pk=OuterRef("document_id"))
    objects = visible(user, ProjectObject).filter(pk=OuterRef("object_id"))
    return published_requests(user).annotate(
        document_slug=Subquery(documents.values("slug")[:1]),
        object_slug=Subquery(objects.values("slug")[:1]),
    )


def public_request_events(user):
    return RequestEvent.objects.filter(request__in=published_requests(user)).annotate(
        request_public_id=F("request__public_id"), body_slug=F("request__body__slug")
    )


def public_answers(user):
    """Answers of published requests; the original text is never read, only `public_text`."""
    return (
        Answer.objects.filter(request__in=published_requests(user))
        .defer("text")
        .annotate(request_public_id=F("request__public_id"), body_slug=F("request__body__slug"))
    )


def public_attachments():
    """Files that are not hidden, by their public copy; the original is never read."""
    return Attachment.objects.filter(hidden=False).exclude(public_file="").defer("original")


REQUEST_STATUSES = [choice for choice in RequestStatus.choices if choice[0] != RequestStatus.DRAFT]


class RequestFilter(df.FilterSet):
    body = df.CharFilter(field_name="body__slug", label=_("State body slug"))
    status = df.ChoiceFilter(choices=REQUEST_STATUSES, label=_("Status"))
    # The annotation of public_requests(): a document the user may not see matches nothing.
    document = df.CharFilter(field_name="document_slug", label=_("Planning document slug"))
    year = IntegerFilter(field_name="sent_at", lookup_expr="year", label=_("Year sent"))
    q = df.CharFilter(
        method=_search, label=_("Search in the subject, the text and the public answers")
    )

    class Meta:
        model = InformationRequest
        fields = ["body", "status", "document", "year", "q"]


class RequestEventFilter(df.FilterSet):
    request = df.CharFilter(field_name="request__public_id", label=_("Public id of the request"))
    kind = df.ChoiceFilter(choices=RequestEvent.Kind.choices, label=_("Kind"))
    since = df.DateFilter(
        field_name="happened_on", lookup_expr="gte", label=_("Steps on or after this date")
    )

    class Meta:
        model = RequestEvent
        fields = ["request", "kind", "since"]


class RequestAnswerFilter(df.FilterSet):
    request = df.CharFilter(field_name="request__public_id", label=_("Public id of the request"))
    body = df.CharFilter(field_name="request__body__slug", label=_("State body slug"))
    classification = df.ChoiceFilter(
        choices=Answer.Classification.choices, label=_("Classification")
    )

    class Meta:
        model = Answer
        fields = ["request", "body", "classification"]
