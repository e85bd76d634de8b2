"""Forms of the problem-report pages. They parse what was typed; every rule of a report stays in
reports.py, whose ValidationErrors the views put back on these forms."""

from django import forms
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from baqylau.monitoring.forms import MultipleFileField
from baqylau.registry.models import Organisation, ProjectObject, Territory

from .models import Category, Report
from .reports import MAX_FILES

COORDINATE = {"required": False, "localize": False}


class PlaceForm(forms.Form):
    """Step 1 (sent by GET, so the address of step 2 says everything): what kind of problem and
    where. The place given by the link (?object=, ?indicator=, ?document=) travels hidden; the
    object may be found by its name; a point is typed or, with JavaScript, tapped on a map."""

    category = forms.ModelChoiceField(
        label=_("What kind of problem is it?"),
        queryset=Category.objects.none(),
        to_field_name="code",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose what kind of problem it is.")},
    )
    object = forms.CharField(required=False, widget=forms.HiddenInput)
    indicator = forms.IntegerField(required=False, widget=forms.HiddenInput)
    document = forms.CharField(required=False, widget=forms.HiddenInput)
    q = forms.CharField(
        label=_("Find the object by its name or address"), required=False, max_length=100
    )
    lat = forms.FloatField(
        label=_("Latitude"),
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        **COORDINATE,
    )
    lon = forms.FloatField(
        label=_("Longitude"),
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        **COORDINATE,
    )

    def __init__(self, *args, categories=(), found=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(
            pk__in=[category.pk for category in categories]
        )
        self.fields["category"].choices = [(c.code, c.name) for c in categories]
        if found:
            # The objects that matched the search: one of them is the place.
            self.fields["object"] = forms.ChoiceField(
                label=_("Objects found"),
                required=False,
                choices=[(o.slug, o.name) for o in found],
                widget=forms.RadioSelect,
            )

    def clean(self):
        data = super().clean()
        given = data.get("object") or data.get("indicator") or data.get("document")
        has_point = data.get("lat") is not None and data.get("lon") is not None
        if (data.get("lat") is None) != (data.get("lon") is None):
            self.add_error("lat", _("Give both the latitude and the longitude."))
        elif not given and not has_point and not self.errors:
            raise forms.ValidationError(
                _("Say where the problem is: find the object, or give a point on the map."),
                code="no_place",
            )
        return data


class ReportForm(forms.Form):
    """Step 2: the report itself."""

    attach = forms.ChoiceField(
        label=_("Is it at one of these objects?"), required=False, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Short title"), max_length=200)
    description = forms.CharField(
        label=_("What is the problem?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Do not write names, phone numbers or ID numbers: the report is public."),
    )
    files = MultipleFileField(
        label=_("Photos or PDF documents"),
        required=False,
        help_text=format_lazy(
            _(
                "Up to {count} files. The public sees copies without the place and time the "
                "photo was taken."
            ),
            count=MAX_FILES,
        ),
    )
    email = forms.EmailField(
        label=_("Your email"),
        help_text=_("We send you a link to confirm the report. It is never shown or given."),
    )
    name_public = forms.BooleanField(label=_("Show my name on the report"), required=False)
    name_to_body = forms.BooleanField(
        label=_("The body may see my name and address"),
        required=False,
        help_text=_("Off: the body answers without knowing who reported."),
    )
    # Nobody sees this field (hidden by CSS); a bot that fills it in is refused.
    website = forms.CharField(label=_("Website"), required=False)

    def __init__(self, *args, user, nearby_objects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].widget.attrs["accept"] = "image/jpeg,image/png,application/pdf"
        if user.is_authenticated:
            del self.fields["email"]
        else:
            del self.fields["name_public"]
        if nearby_objects:
            self.fields["attach"].choices = [
                ("", _("No, only at the point I gave")),
                *(
                    (
                        o.slug,
                        gettext("%(name)s, %(metres)s m away")
                        % {"name": o.name, "metres": round(o.distance_m)},
                    )
                    for o in nearby_objects
                ),
            ]
        else:
            del self.fields["attach"]


class UpdateForm(forms.Form):
    text = forms.CharField(
        label=_("What is new?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    files = MultipleFileField(label=_("Photos or PDF documents"), required=False)


class FixCheckForm(forms.Form):
    fixed = forms.TypedChoiceField(
        label=_("Is it fixed?"),
        choices=[("yes", _("Yes, it is fixed")), ("no", _("No, it is not fixed"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class VerifyForm(forms.Form):
    visit = forms.ModelChoiceField(
        label=_("The field visit that checked it"), queryset=None, empty_label=None
    )
    text = forms.CharField(
        label=_("What the visit found"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def __init__(self, *args, visits, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit"].queryset = visits


class ReportFilterForm(forms.Form):
    """The filters of the list and of the map: by slugs and codes, so that links can say them."""

    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("all"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all")), ("open_any", _("open (any stage)")), *Report.Status.choices],
    )
    territory = forms.ModelChoiceField(
        label=_("Territory"),
        queryset=Territory.objects.defer("geometry").exclude(kind=Territory.Kind.COUNTRY),
        to_field_name="slug",
        required=False,
        empty_label=_("all"),
    )
    body = forms.ModelChoiceField(
        label=_("Responsible body"),
        queryset=Organisation.objects.filter(kind__in=Organisation.STATE_KINDS).defer(
            "search_text"
        ),
        to_field_name="slug",
        required=False,
        empty_label=_("all"),
    )
    # Set by the link on an object's page, kept by the form as a hidden field.
    object = forms.ModelChoiceField(
        label=_("Object"),
        queryset=ProjectObject.public_objects.only("pk", "slug", "name"),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
    )

    def filter(self, qs):
        data = self.cleaned_data
        if data.get("category"):
            qs = qs.filter(category=data["category"])
        status = data.get("status")
        if status == "open_any":
            qs = qs.filter(status__in=Report.OPEN_STATUSES)
        elif status:
            qs = qs.filter(status=status)
        if data.get("territory"):
            territory = data["territory"]
            qs = qs.filter(Q(territory=territory) | Q(territory__parent=territory))
        if data.get("body"):
            qs = qs.filter(body=data["body"])
        if data.get("object"):
            qs = qs.filter(project_object=data["object"])
        return qs
