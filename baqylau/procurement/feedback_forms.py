"""The forms of what is said of a red flag: a monitor's feedback, a body's answer, a withdrawal
and a finding made of feedback."""

from django import forms
from django.utils.translation import gettext_lazy as _

from baqylau.accountability.models import FindingCategory, Severity
from baqylau.core.forms import text_area
from baqylau.monitoring.forms import MultipleFileField
from baqylau.registry.models import Organisation

from .feedback import MAX_FILES
from .models import FlagFeedback


class FeedbackForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("What checking the flag showed"),
        choices=FlagFeedback.Verdict.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Confirmed: the risk is real. Not confirmed: the data was wrong or the risk is not "
            "there. Explained: the risk is there, with a lawful reason."
        ),
    )
    note = forms.CharField(
        label=_("What you checked and what you found"),
        widget=text_area(6),
        help_text=_("Public, with the name of your organisation."),
    )
    files = MultipleFileField(
        label=_("Files"),
        required=False,
        help_text=_(
            "Up to %(count)s photos (JPEG, PNG) or documents (PDF, DOCX, XLSX); their public "
            "copies are made without metadata."
        )
        % {"count": MAX_FILES},
    )
    organisation = forms.ModelChoiceField(
        label=_("For the organisation"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args, ngos=(), **kwargs):
        super().__init__(*args, **kwargs)
        if len(ngos) > 1:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                pk__in=ngos
            ).order_by("name")
        else:
            del self.fields["organisation"]


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("The body's answer"),
        widget=text_area(6),
        help_text=_("Public, in the name of the body, beside the flag and the monitors' feedback."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason of the withdrawal"), widget=text_area(2))


class FindingForm(forms.Form):
    campaign = forms.TypedChoiceField(label=_("Campaign"), coerce=int)
    title = forms.CharField(
        label=_("Title of the finding"),
        max_length=300,
        required=False,
        help_text=_("Left empty, the title names the indicator and the process."),
    )
    # A red flag is a risk indicator, not proof: its finding is not filed as corruption.
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[c for c in FindingCategory.choices if c[0] != FindingCategory.CORRUPTION_RISK],
        initial=FindingCategory.OTHER,
    )
    severity = forms.ChoiceField(
        label=_("Severity"), choices=Severity.choices, initial=Severity.MEDIUM
    )

    def __init__(self, *args, campaigns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.campaigns = {campaign.pk: campaign for campaign in campaigns}
        self.fields["campaign"].choices = [(c.pk, c.title) for c in campaigns]
