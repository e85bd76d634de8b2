from django import forms
from django.utils.translation import gettext_lazy as _

from baqylau.core.forms import FilterForm, any_of
from baqylau.registry.models import Organisation, Territory

from . import selectors
from .models import Party

# The codelists of OCDS 1.1 (procurementMethod, tender/status), in words.
METHODS = {
    "open": _("open"),
    "selective": _("selective"),
    "limited": _("limited"),
    "direct": _("direct"),
}
TENDER_STATUSES = [
    ("planning", _("planning")),
    ("planned", _("planned")),
    ("active", _("active")),
    ("cancelled", _("cancelled")),
    ("unsuccessful", _("unsuccessful")),
    ("complete", _("complete")),
    ("withdrawn", _("withdrawn")),
]
# Other codelists a page names in words: awards', bids' and contracts' statuses, releases' tags.
STATUSES = dict(
    TENDER_STATUSES,
    pending=_("pending"),
    valid=_("valid"),
    disqualified=_("disqualified"),
    invited=_("invited"),
    terminated=_("terminated"),
)
# The release tags of OCDS 1.1, in words.
TAGS = {
    "planning": _("planning"),
    "planningUpdate": _("planning updated"),
    "tender": _("tender"),
    "tenderAmendment": _("tender amended"),
    "tenderUpdate": _("tender updated"),
    "tenderCancellation": _("tender cancelled"),
    "award": _("award"),
    "awardUpdate": _("award updated"),
    "awardCancellation": _("award cancelled"),
    "contract": _("contract"),
    "contractUpdate": _("contract updated"),
    "contractAmendment": _("contract amended"),
    "implementation": _("implementation"),
    "implementationUpdate": _("implementation updated"),
    "contractTermination": _("contract terminated"),
    "compiled": _("compiled"),
}


def in_words(codes: dict, code: str) -> str:
    """A codelist's code in words, or the code itself when the platform does not know it."""
    return codes.get(code, code)


def flag_choices():
    return [
        ("", _("With or without")),
        ("any", _("With any risk indicator")),
        *((code, code) for code in selectors.indicator_codes()),
    ]


class ProcessFilterForm(FilterForm):
    q = forms.CharField(label=_("Search in titles and ocids"), required=False, max_length=200)
    body = forms.ModelChoiceField(
        label=_("Buyer"),
        required=False,
        empty_label=_("All buyers"),
        queryset=Organisation.objects.none(),
        to_field_name="slug",
    )
    method = any_of(_("Procurement method"), _("Any method"), METHODS.items())
    status = any_of(_("Tender status"), _("Any status"), TENDER_STATUSES)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    flag = forms.ChoiceField(label=_("Risk indicators"), required=False, choices=flag_choices)
    territory = forms.ModelChoiceField(
        label=_("Territory of a linked object"),
        required=False,
        empty_label=_("All territories"),
        queryset=Territory.objects.exclude(kind=Territory.Kind.COUNTRY).defer("geometry"),
        to_field_name="slug",
    )
    # Set by a party's page: hidden, the page names the party instead.
    buyer = forms.ModelChoiceField(
        queryset=Party.objects.all(), widget=forms.HiddenInput, required=False
    )
    supplier = forms.ModelChoiceField(
        queryset=Party.objects.all(), widget=forms.HiddenInput, required=False
    )
    # Set by a planning document's page.
    document = forms.SlugField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the bodies matched to a party of procurement: the registry's other organisations
        # would list nothing. (Read from the parties alone, not from every process they bought.)
        self.fields["body"].queryset = (
            Organisation.objects.filter(procurement_parties__isnull=False)
            .distinct()
            .defer("search_text")
        )

    def filter(self, qs):
        return selectors.filter_processes(
            qs, **{name: value for name, value in self.cleaned_data.items() if value}
        )
