from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from baqylau.core.forms import FilterForm, any_of
from baqylau.registry.models import Organisation, PlanningDocument, ProjectObject, Territory


class DocumentFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False)
    type = any_of(_("Type"), _("All types"), PlanningDocument.Type.choices)
    body = forms.ModelChoiceField(
        label=_("Responsible body"),
        required=False,
        empty_label=_("All bodies"),
        queryset=Organisation.objects.filter(kind__in=Organisation.STATE_KINDS),
        to_field_name="slug",
    )
    territory = forms.ModelChoiceField(
        label=_("Territory"),
        required=False,
        empty_label=_("All territories"),
        queryset=Territory.objects.exclude(kind=Territory.Kind.COUNTRY).defer("geometry"),
        to_field_name="slug",
    )
    status = any_of(_("Status"), _("Any status"), PlanningDocument.Status.choices)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)

    lookups = {"type": "doc_type", "status": "status"}

    def filter_body(self, qs, body):
        # EXISTS rather than a join, which would repeat a document per body and need DISTINCT.
        return qs.filter(
            Exists(
                PlanningDocument.responsible_bodies.through.objects.filter(
                    planningdocument=OuterRef("pk"), organisation=body
                )
            )
        )

    def filter_territory(self, qs, territory):
        return qs.filter(
            territory__in=[territory.id, *territory.children.values_list("id", flat=True)]
        )

    def filter_year(self, qs, year):
        return qs.filter(start_year__lte=year, end_year__gte=year)


class ObjectFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False)
    kind = any_of(_("Type"), _("All types"), ProjectObject.Kind.choices)
    status = any_of(_("Status"), _("Any status"), ProjectObject.Status.choices)
    territory = forms.ModelChoiceField(
        label=_("Territory"),
        required=False,
        empty_label=_("All territories"),
        queryset=Territory.objects.filter(
            kind__in=[Territory.Kind.DISTRICT, Territory.Kind.CITY_ADMINISTRATION]
        ).defer("geometry"),
        to_field_name="slug",
    )
    # Set by a document page's "all objects" link: hidden, the page names the document instead.
    document = forms.SlugField(
        label=_("Planning document"), widget=forms.HiddenInput, required=False
    )

    lookups = {
        "kind": "kind",
        "status": "status",
        "territory": "territory",
        "document": "document__slug",
    }
