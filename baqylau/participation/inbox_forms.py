"""The forms of the body's side of problem reports: the inbox's filters and the answer."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from baqylau.core.forms import DateInput, FilterForm, any_of, text_area
from baqylau.monitoring.forms import MultipleFileField
from baqylau.registry.models import Organisation, Territory

from .models import Category, Report, ReportEvent
from .reports import MAX_FILES


def awaiting_answer(qs, *, today):
    """Reports the body has not answered since it received them, and still has time for."""
    return qs.filter(answered_at__isnull=True, status=Report.Status.OPEN).filter(
        Q(due_on__isnull=True) | Q(due_on__gte=today)
    )


def past_due(qs, *, today):
    """Reports the body has not answered since it received them, past the due date."""
    return qs.filter(answered_at__isnull=True, status=Report.Status.OPEN, due_on__lt=today)


def _any(label, queryset, to_field_name: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        required=False,
        queryset=queryset,
        empty_label=_("Any"),
        to_field_name=to_field_name,
    )


class InboxFilterForm(FilterForm):
    lookups = {"status": "status", "category": "category"}

    status = any_of(_("Status"), _("Any"), Report.Status.choices)
    category = _any(_("Category"), Category.objects.all(), "code")
    # The territories where the body has reports, and the ones above them, given by the view.
    territory = _any(_("Territory"), Territory.objects.none(), "slug")
    late = forms.BooleanField(label=_("Only past the deadline"), required=False)

    def __init__(self, *args, territories, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories
        self.today = today

    def filter_territory(self, qs, territory):
        """The territory's reports and those of the districts in it."""
        return qs.filter(Q(territory=territory) | Q(territory__parent=territory))

    def filter_late(self, qs, _late):
        return past_due(qs, today=self.today)


ANSWER_CHOICES = [
    (ReportEvent.Kind.ACKNOWLEDGED, _("Acknowledged: the body has taken up the problem")),
    (ReportEvent.Kind.IN_PROGRESS, _("In progress: give the date by which it will be done")),
    (ReportEvent.Kind.DONE, _("Done: say what was done, with photos")),
    (
        ReportEvent.Kind.FORWARDED,
        _("Not our responsibility: give the reason and the body responsible for it"),
    ),
    (ReportEvent.Kind.REJECTED, _("Rejected: give the reason")),
]


class ReportAnswerForm(forms.Form):
    """What the service checks (the text each kind needs, the date, the body) is left to it, so
    that its translated messages come back on these fields."""

    kind = forms.ChoiceField(label=_("Answer"), choices=ANSWER_CHOICES, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Text of the answer"),
        required=False,
        widget=text_area(6),
        help_text=_(
            "What was done, or the reason. Needed for done, not our responsibility and rejected. "
            "The answer is public."
        ),
    )
    planned_on = forms.DateField(
        label=_("Planned date"),
        required=False,
        widget=DateInput,
        help_text=_("For an answer “in progress”: the date by which it will be done."),
    )
    to_body = forms.ModelChoiceField(
        label=_("Forward to"),
        required=False,
        queryset=Organisation.objects.filter(kind__in=Organisation.STATE_KINDS).defer(
            "search_text"
        ),
        empty_label=_("Choose the responsible state body"),
        help_text=_(
            "For an answer “not our responsibility”: the report goes to this body, whose term "
            "starts on the day it receives it."
        ),
    )
    files = MultipleFileField(label=_("Photos"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = gettext(
            "Up to %(count)s photos (JPEG, PNG) or PDF documents, for example of the work done. "
            "The public sees copies without metadata."
        ) % {"count": MAX_FILES}
