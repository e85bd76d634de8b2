from django import forms
from django.utils.translation import gettext_lazy as _

from baqylau.registry.models import Organisation

from .models import Status


class ArchiveFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    body = forms.ModelChoiceField(
        label=_("State body"),
        required=False,
        empty_label=_("All bodies"),
        queryset=Organisation.objects.filter(kind__in=Organisation.STATE_KINDS).defer(
            "territory__geometry"
        ),
        to_field_name="slug",
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *[c for c in Status.choices if c[0] != Status.DRAFT]],
    )
    document = forms.SlugField(widget=forms.HiddenInput, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def filter(self, qs):
        data = self.cleaned_data
        if data.get("q"):
            qs = qs.search(data["q"])
        if data.get("body"):
            qs = qs.filter(body=data["body"])
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("document"):
            qs = qs.filter(document__slug=data["document"])
        if data.get("year"):
            qs = qs.filter(created_at__year=data["year"])
        return qs
