from django import forms
from django.utils.translation import gettext_lazy as _

from baqylau.registry.models import Organisation, PlanningDocument, ProjectObject, Territory


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *PlanningDocument.Type.choices],
    )
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
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *PlanningDocument.Status.choices],
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)

    def filter(self, qs):
        data = self.cleaned_data
        if data.get("q"):
            qs = qs.search(data["q"])
        if data.get("type"):
            qs = qs.filter(doc_type=data["type"])
        if data.get("body"):
            qs = qs.filter(responsible_bodies=data["body"])
        if data.get("territory"):
            t = data["territory"]
            qs = qs.filter(territory__in=[t.id, *t.children.values_list("id", flat=True)])
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("year"):
            qs = qs.filter(start_year__lte=data["year"], end_year__gte=data["year"])
        return qs


class ObjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *ProjectObject.Kind.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ProjectObject.Status.choices],
    )
    territory = forms.ModelChoiceField(
        label=_("Territory"),
        required=False,
        empty_label=_("All territories"),
        queryset=Territory.objects.filter(
            kind__in=[Territory.Kind.DISTRICT, Territory.Kind.CITY_ADMINISTRATION]
        ).defer("geometry"),
        to_field_name="slug",
    )
    document = forms.SlugField(widget=forms.HiddenInput, required=False)

    def filter(self, qs):
        data = self.cleaned_data
        if data.get("document"):
            qs = qs.filter(document__slug=data["document"])
        if data.get("q"):
            qs = qs.search(data["q"])
        if data.get("kind"):
            qs = qs.filter(kind=data["kind"])
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("territory"):
            qs = qs.filter(territory=data["territory"])
        return qs
