"""Query-string filters of the open data API.

Related records are named by slug where they have one (documents, objects, organisations,
territories) and by id otherwise (goals). An unknown slug gives an empty list, not an error.
"""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.drainage import add_trace_message
from drf_spectacular.plumbing import get_view_model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

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
