"""The forms of meetings; each feeds one service (services.py, commitments.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from baqylau.core.forms import DateInput, FilterForm, text_area
from baqylau.registry.models import Organisation, Territory

from .models import CommitmentUpdate, Meeting, MeetingKind


class DateTimeInput(forms.DateTimeInput):
    """The browser's own date and time picker."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def state_bodies():
    return Organisation.objects.filter(kind__in=Organisation.STATE_KINDS).order_by("name")


class MeetingFilterForm(FilterForm):
    territory = forms.ModelChoiceField(
        label=_("Territory"),
        queryset=Territory.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Every territory"),
    )
    body = forms.ModelChoiceField(
        label=_("State body"),
        queryset=state_bodies(),
        to_field_name="slug",
        required=False,
        empty_label=_("Every body"),
    )
    lookups = {"territory": "territory", "body": "bodies"}


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "organiser",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "video_url",
            "territory",
            "bodies",
            "description",
        ]
        widgets = {
            "starts_at": DateTimeInput,
            "ends_at": DateTimeInput,
            "description": text_area(4),
            "bodies": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, organisers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = MeetingKind.choices
        self.fields["bodies"].queryset = state_bodies()
        if self.instance.pk:
            del self.fields["organiser"]
        else:
            self.fields["organiser"].queryset = organisers
            if organisers is not None and organisers.count() == 1:
                self.fields["organiser"].initial = organisers.first().pk

    def _post_clean(self):  # the services validate and save; the model's own checks are theirs
        pass


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Point of the agenda"), max_length=300)
    campaign = forms.ModelChoiceField(label=_("Campaign discussed"), queryset=None, required=False)
    report = forms.CharField(label=_("Report heard"), widget=text_area(3), required=False)
    report_url = forms.URLField(label=_("Link to the report"), required=False)

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    upload = forms.FileField(label=_("File"), help_text=_("PDF, DOCX, XLSX or an image."))


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Your question"), max_length=2000, widget=text_area(3))


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Why it is hidden"), max_length=300)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why it is withdrawn (public)"), widget=text_area(3))


class MinutesForm(forms.Form):
    participants = forms.CharField(label=_("Who took part"), widget=text_area(4))
    recording_url = forms.URLField(label=_("Link to the recording"), required=False)

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"answer_{question.pk}"] = forms.CharField(
                label=_("Answer to: %(question)s") % {"question": question.text[:200]},
                widget=text_area(2),
                required=False,
                initial=question.answer,
            )

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"answer_{q.pk}", "") for q in self.questions}


class DecisionForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Agenda item"), queryset=None)
    text = forms.CharField(label=_("Decision"), widget=text_area(3))
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, required=False)
    votes_abstained = forms.IntegerField(label=_("Abstained"), min_value=0, required=False)
    body = forms.ModelChoiceField(
        label=_("State body that carries it out"),
        queryset=state_bodies(),
        required=False,
        help_text=_("With a date, the decision becomes the body's commitment."),
    )
    due_on = forms.DateField(label=_("Due by"), widget=DateInput, required=False)
    responsible = forms.CharField(label=_("Who carries it out"), max_length=300, required=False)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


class CommitmentAnswerForm(forms.Form):
    ANSWERS = [
        ("accept", _("Accept")),
        ("decline", _("Decline")),
    ]
    answer = forms.ChoiceField(label=_("The body's answer"), choices=ANSWERS)
    text = forms.CharField(
        label=_("Note (for a refusal, why)"), widget=text_area(3), required=False
    )


class CommitmentReportForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What the report says"),
        choices=[
            (CommitmentUpdate.Kind.PROGRESS, _("progress")),
            (CommitmentUpdate.Kind.DONE, _("carried out")),
            (CommitmentUpdate.Kind.NOT_DONE, _("not carried out")),
        ],
    )
    text = forms.CharField(label=_("What has been done"), widget=text_area(3))
