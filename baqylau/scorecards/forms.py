"""The forms of the scorecard's pages; each feeds one service (see services.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from baqylau.core.forms import DateInput, text_area
from baqylau.registry.models import Organisation, ProjectObject

from .models import SCORES, GroupKind


class DateTimeInput(forms.DateTimeInput):
    """A phone's own date and time picker."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class StartForm(forms.Form):
    project_object = forms.ModelChoiceField(
        label=_("Object"), queryset=ProjectObject.public_objects.none()
    )
    service = forms.CharField(
        label=_("Service scored"),
        widget=text_area(2),
        help_text=_("The service the users receive there: teaching, care, water supply..."),
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project_object"].queryset = ProjectObject.public_objects.filter(
            campaigns=campaign
        ).order_by("name_ru")


class InputForm(forms.Form):
    item = forms.CharField(label=_("Input"), max_length=300)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    entitled = forms.DecimalField(label=_("Entitled to"), min_value=0, decimal_places=2)
    source = forms.CharField(
        label=_("Norm or budget line"),
        max_length=300,
        help_text=_("The norm, standard or budget line that sets the entitlement."),
    )
    actual = forms.DecimalField(label=_("What is there"), min_value=0, decimal_places=2)
    note = forms.CharField(label=_("Note"), widget=text_area(2), required=False)


class GroupForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("Kind of group"), queryset=GroupKind.objects.all())
    label = forms.CharField(
        label=_("Name of the group"),
        max_length=120,
        required=False,
        help_text=_("Optional: “Mothers of pupils of grades 1–4”, say."),
    )
    participants = forms.IntegerField(label=_("Participants"), min_value=0, initial=0)


class ParticipantForm(forms.Form):
    email = forms.EmailField(
        label=_("Email of a registered user"),
        help_text=_("They will score online with this group; their name is never published."),
    )


class IndicatorForm(forms.Form):
    text = forms.CharField(label=_("Indicator"), max_length=300)
    proposed_by = forms.ModelMultipleChoiceField(
        label=_("Proposed by"),
        queryset=GroupKind.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, scorecard, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposed_by"].queryset = scorecard.groups.select_related("kind")


class PaperScoresForm(forms.Form):
    """How many of the group gave each score, per indicator, and their reasons."""

    def __init__(self, *args, indicators, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            score = existing.get(indicator.pk)
            for s in SCORES:
                self.fields[f"n_{indicator.pk}_{s}"] = forms.IntegerField(
                    label=str(s),
                    min_value=0,
                    initial=getattr(score, f"count_{s}", 0),
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "count"}),
                )
            self.fields[f"reasons_{indicator.pk}"] = forms.CharField(
                label=_("Reasons, in the participants' words"),
                widget=text_area(2),
                required=False,
                initial=getattr(score, "reasons", ""),
            )

    def rows(self):
        return [
            (
                indicator,
                [self.cleaned_data[f"n_{indicator.pk}_{s}"] for s in SCORES],
                self.cleaned_data[f"reasons_{indicator.pk}"],
            )
            for indicator in self.indicators
        ]

    def blocks(self):
        return [
            (
                indicator,
                [self[f"n_{indicator.pk}_{s}"] for s in SCORES],
                self[f"reasons_{indicator.pk}"],
            )
            for indicator in self.indicators
        ]


SCORE_CHOICES = [("", "—"), *((str(s), str(s)) for s in SCORES)]


class ScoresForm(forms.Form):
    """One score from 1 to 5 and its reason per indicator: the provider's self-evaluation or a
    participant's online scores."""

    def __init__(self, *args, indicators, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            score = existing.get(indicator.pk)
            self.fields[f"value_{indicator.pk}"] = forms.TypedChoiceField(
                label=_("Score"),
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=str(score.value) if score else "",
                widget=forms.RadioSelect,
            )
            self.fields[f"reason_{indicator.pk}"] = forms.CharField(
                label=_("Why"),
                widget=text_area(2),
                required=False,
                initial=score.reason if score else "",
            )

    def rows(self):
        return [
            (
                indicator,
                self.cleaned_data[f"value_{indicator.pk}"],
                self.cleaned_data[f"reason_{indicator.pk}"],
            )
            for indicator in self.indicators
        ]

    def blocks(self):
        return [
            (indicator, self[f"value_{indicator.pk}"], self[f"reason_{indicator.pk}"])
            for indicator in self.indicators
        ]


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("When"), widget=DateTimeInput())
    place = forms.CharField(label=_("Where"), max_length=300)


class ActionForm(forms.Form):
    action = forms.CharField(label=_("Action"), widget=text_area(2))
    responsible = forms.CharField(label=_("Who"), max_length=300)
    due_on = forms.DateField(label=_("By when"), widget=DateInput())
    body = forms.ModelChoiceField(label=_("State body"), queryset=Organisation.objects.none())
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=GroupKind.objects.none(), required=False
    )

    def __init__(self, *args, scorecard, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = scorecard.campaign.bodies.filter(
            kind__in=Organisation.STATE_KINDS
        ).order_by("name_ru")
        self.fields["indicator"].queryset = scorecard.indicators.all()
