"""Forms of the accountability cycle: findings, recommendations and their verification; the final
document, written and sent; the state body's side (the inbox filter, the answer to one
recommendation, the notice of a decision date). They parse what was typed and offer the choices
that make sense for the campaign; the rules stay in the services, whose ValidationErrors the views
put back on these forms."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baqylau.core.forms import DateInput, add_reason, cleaned, reason_of, text_area
from baqylau.monitoring.forms import MultipleFileField
from baqylau.monitoring.models import Campaign, Evidence
from baqylau.registry.models import Indicator, Organisation, PlanningDocument, ProjectObject

from .models import (
    AnswerDecision,
    AnswerState,
    FinalDocument,
    Finding,
    FindingCategory,
    Recommendation,
    Severity,
)
from .models import Verification as VerificationChoice
from .services import Measure


def _grouped(field: forms.ModelChoiceField, groups, *, empty_label=None) -> None:
    """Offer the field's choices in labelled groups (what the campaign controls first); the
    queryset still decides what is accepted."""
    choices = [("", empty_label if empty_label is not None else field.empty_label or "")]
    for label, items in groups:
        items = [(item.pk, field.label_from_instance(item)) for item in items]
        if items:
            choices.append((label, items))
    field.choices = choices


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        unit = f", {obj.unit}" if obj.unit else ""
        return f"{obj}{unit}"


class EvidenceChoiceField(forms.ModelMultipleChoiceField):
    """Checkboxes of the campaign's files; the template shows a thumbnail beside each image."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.name


class FindingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—"), *FindingCategory.choices])
    severity = forms.ChoiceField(
        label=_("Severity"),
        choices=Severity.choices,
        initial=Severity.MEDIUM,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label=_("What was found"),
        widget=text_area(6),
        help_text=_("The facts established, with dates, quantities and sources."),
    )
    norm = forms.CharField(
        label=_("Legal norm concerned"),
        required=False,
        widget=text_area(2),
        help_text=_("The law, regulation or contract clause that was not complied with."),
    )
    project_object = forms.ModelChoiceField(
        label=_("Object concerned"),
        queryset=ProjectObject.public_objects.none(),
        required=False,
        empty_label=_("No object"),
    )
    document = forms.ModelChoiceField(
        label=_("Planning document concerned"),
        queryset=PlanningDocument.public_objects.none(),
        required=False,
        empty_label=_("No planning document"),
    )
    indicator = IndicatorChoiceField(
        label=_("Indicator concerned"),
        queryset=Indicator.public_objects.none(),
        required=False,
        empty_label=_("No indicator"),
        help_text=_("The indicators of the planning documents the campaign controls."),
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1991,
        max_value=2100,
        help_text=_("The year the monitors' figure is for."),
    )
    monitor_value = forms.CharField(
        label=_("The monitors' own figure"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_(
            "What the monitors measured or counted, in the unit of the indicator; it is shown "
            "beside the plan and the reported actual."
        ),
    )
    evidence = EvidenceChoiceField(
        label=_("Evidence"), queryset=Evidence.private_objects.none(), required=False
    )

    def __init__(self, *args, campaign: Campaign, finding: Finding | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        add_reason(self, public=finding is not None and campaign.is_published)
        current = finding or Finding()
        controlled_documents = campaign.documents.values("pk")
        controlled_objects = Q(pk__in=campaign.project_objects.values("pk")) | Q(
            document__in=controlled_documents
        )
        objects = ProjectObject.public_objects.order_by("name_ru")
        self.fields["project_object"].queryset = objects
        own = list(objects.filter(controlled_objects))
        _grouped(
            self.fields["project_object"],
            [
                (_("Objects the campaign controls"), own),
                (_("Other published objects"), objects.exclude(pk__in=[o.pk for o in own])),
            ],
        )
        documents = PlanningDocument.public_objects.order_by("title_ru")
        self.fields["document"].queryset = documents
        own = list(
            documents.filter(
                Q(pk__in=controlled_documents)
                | Q(objects_built__in=campaign.project_objects.values("pk"))
            ).distinct()
        )
        _grouped(
            self.fields["document"],
            [
                (_("Documents the campaign controls"), own),
                (_("Other published documents"), documents.exclude(pk__in=[d.pk for d in own])),
            ],
        )
        # Indicators only of what the campaign controls (and the one already chosen).
        indicator_documents = [d.pk for d in own]
        indicators = (
            Indicator.public_objects.filter(
                Q(goal__document__in=indicator_documents) | Q(pk=current.indicator_id)
            )
            .select_related("goal__document")
            .order_by("goal__document__title_ru", "goal__order", "order", "id")
        )
        self.fields["indicator"].queryset = indicators
        by_document: dict = {}
        for indicator in indicators:
            by_document.setdefault(indicator.goal.document, []).append(indicator)
        _grouped(self.fields["indicator"], [(str(d), items) for d, items in by_document.items()])
        self.fields["evidence"].queryset = (
            Evidence.private_objects.filter(campaign=campaign)
            .not_withdrawn()
            .select_related("visit__project_object")
            .order_by("created_at", "id")
        )
        if not self.is_bound and finding is not None:
            self.initial = self.initial_from(finding) | dict(self.initial)

    @staticmethod
    def initial_from(finding: Finding) -> dict:
        return {
            "title": finding.title,
            "category": finding.category,
            "severity": finding.severity,
            "description": finding.description,
            "norm": finding.norm,
            "project_object": finding.project_object_id,
            "document": finding.document_id,
            "indicator": finding.indicator_id,
            "year": finding.year,
            "monitor_value": (
                "" if finding.monitor_value is None else f"{finding.monitor_value.normalize():f}"
            ),
            "evidence": [item.pk for item in finding.evidence.all()],
        }

    def clean_monitor_value(self) -> Decimal | None:
        """A decimal comma or point, spaces between thousands allowed."""
        raw = (self.cleaned_data.get("monitor_value") or "").strip()
        if not raw:
            return None
        text = raw.replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or abs(value) >= Decimal(10) ** 16:
            raise forms.ValidationError(_("Give a number, for example 61,5."), code="number")
        return value.quantize(Decimal("0.0001"))

    def evidence_choices(self):
        """Each checkbox with the file it stands for, so that images show a thumbnail."""
        return [(box, box.data["value"].instance) for box in self["evidence"]]

    def service_kwargs(self) -> dict:
        return {
            **cleaned(
                self,
                "title",
                "category",
                "severity",
                "description",
                "norm",
                "project_object",
                "document",
                "indicator",
                "year",
                "monitor_value",
            ),
            "evidence": list(self.cleaned_data["evidence"]),
            **reason_of(self),
        }


class FindingChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return str(obj)


class RecommendationForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("State body"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose the state body"),
        help_text=_("Each recommendation is addressed to one state body, which answers it."),
    )
    text = forms.CharField(
        label=_("Recommendation"),
        widget=text_area(6),
        help_text=_("What the body should do to remove the causes of what was found."),
    )
    findings = FindingChoiceField(
        label=_("Findings it answers"), queryset=Finding.private_objects.none(), required=False
    )

    def __init__(
        self, *args, campaign: Campaign, recommendation: Recommendation | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        add_reason(self, public=recommendation is not None and campaign.is_published)
        bodies = Organisation.objects.filter(kind__in=Organisation.STATE_KINDS).order_by("name_ru")
        self.fields["body"].queryset = bodies
        controlled = Q(pk__in=campaign.bodies.values("pk")) | Q(
            documents__in=campaign.documents.values("pk")
        )
        controlled |= Q(responsible_for__in=campaign.project_objects.values("pk"))
        own = list(bodies.filter(controlled).distinct())
        _grouped(
            self.fields["body"],
            [
                (_("State bodies the campaign controls"), own),
                (_("Other state bodies"), bodies.exclude(pk__in=[b.pk for b in own])),
            ],
        )
        self.fields["findings"].queryset = Finding.private_objects.filter(campaign=campaign)
        if not self.is_bound and recommendation is not None:
            self.initial = {
                "body": recommendation.body_id,
                "text": recommendation.text,
                "findings": [item.pk for item in recommendation.findings.all()],
            } | dict(self.initial)

    def service_kwargs(self) -> dict:
        return {
            **cleaned(self, "body", "text"),
            "findings": list(self.cleaned_data["findings"]),
            **reason_of(self),
        }


class VerificationForm(forms.Form):
    verification = forms.ChoiceField(
        label=_("What the monitors found"),
        choices=[
            (value, label)
            for value, label in VerificationChoice.choices
            if value != VerificationChoice.NOT_VERIFIED
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("How it was checked"),
        widget=text_area(5),
        help_text=_("What was seen, where and when; which measures were or were not carried out."),
    )
    verified_on = forms.DateField(label=_("Date of the check"), widget=DateInput())

    @classmethod
    def initial_from(cls, recommendation: Recommendation) -> dict:
        if recommendation.verification == VerificationChoice.NOT_VERIFIED:
            return {"verified_on": timezone.localdate()}
        # A new check: the last one stays on the record as it was given.
        return {"verification": recommendation.verification, "verified_on": timezone.localdate()}


# The final document ------------------------------------------------------------------------------

# The language's own name, as a reader of that language looks for it.
DOCUMENT_LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
# When control was held, if the coordinator has not said: the campaign's days, office hours.
DEFAULT_START, DEFAULT_END = dt.time(9, 0), dt.time(18, 0)


class DateTimeInput(forms.DateTimeInput):
    """A phone's own date and time picker, which sends 2026-03-19T09:00."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class FinalDocumentForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the document"),
        choices=DOCUMENT_LANGUAGES,
        widget=forms.RadioSelect,
        help_text=_(
            "The document, its web page and its PDF are in this language, whatever language "
            "a reader uses the site in."
        ),
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=300,
        help_text=_("Where control was held: the settlement and the address."),
    )
    held_from = forms.DateTimeField(label=_("Held from"), widget=DateTimeInput)
    held_to = forms.DateTimeField(label=_("Held until"), widget=DateTimeInput)
    subjects = forms.CharField(
        label=_("Subjects of control and their compliance"),
        widget=text_area(6),
        help_text=_(
            "Which bodies and organisations were controlled, and how they complied: "
            "information given in time or not, access to the sites, answers to the monitors."
        ),
    )
    documents_obtained = forms.CharField(
        label=_("Documents obtained"),
        required=False,
        widget=text_area(4),
        help_text=_("One a line: contracts, schedules, acts, answers to information requests."),
    )
    conclusions = forms.CharField(
        label=_("Conclusions"),
        required=False,
        widget=text_area(5),
    )

    @classmethod
    def initial_from(cls, campaign: Campaign, document: FinalDocument | None, language: str):
        if document is not None:
            return {
                "language": document.language,
                "place": document.place,
                "held_from": timezone.localtime(document.held_from),
                "held_to": timezone.localtime(document.held_to),
                "subjects": document.subjects,
                "documents_obtained": document.documents_obtained,
                "conclusions": document.conclusions,
            }
        zone = timezone.get_current_timezone()
        return {
            "language": language if language in dict(DOCUMENT_LANGUAGES) else "kk",
            "held_from": dt.datetime.combine(campaign.starts_on, DEFAULT_START, tzinfo=zone),
            "held_to": dt.datetime.combine(campaign.ends_on, DEFAULT_END, tzinfo=zone),
        }


class SendForm(forms.Form):
    """The date the final document was sent, and the confirmation asked once it is checked."""

    sent_on = forms.DateField(
        label=_("Date sent to the state bodies"),
        widget=DateInput,
        help_text=_("The day the bodies received it: their terms to answer count from it."),
    )


# The state body's side ---------------------------------------------------------------------------

ANSWERED = [AnswerState.ACCEPTED, AnswerState.PARTLY, AnswerState.REJECTED]
# Rows of measures shown at first, added by "More rows" without JavaScript, and the most accepted.
MEASURE_ROWS = 3
MAX_MEASURES = 30


class InboxFilterForm(forms.Form):
    AWAITING, OVERDUE, ANSWERED = "awaiting", "overdue", "answered"

    state = forms.ChoiceField(
        label=_("Answer"),
        required=False,
        choices=[
            ("", _("Any")),
            (AWAITING, _("awaiting the answer")),
            (OVERDUE, _("overdue")),
            (ANSWERED, _("answered")),
        ],
    )

    def filter(self, qs, *, today):
        """Overdue counts from the day after the due date, even before the daily run marks it."""
        state = self.cleaned_data.get("state")
        if state == self.AWAITING:
            return qs.filter(state=AnswerState.AWAITING, due_on__gte=today)
        if state == self.OVERDUE:
            return overdue(qs, today=today)
        if state == self.ANSWERED:
            return qs.filter(state__in=ANSWERED)
        return qs


def overdue(qs, *, today):
    return qs.filter(Q(state=AnswerState.OVERDUE) | Q(state=AnswerState.AWAITING, due_on__lt=today))


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=AnswerDecision.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=text_area(8),
        help_text=_(
            "Why the body accepts, partly accepts or rejects the recommendation: the answer "
            "must be reasoned, and it is public."
        ),
    )
    files = MultipleFileField(
        label=_("Files"),
        required=False,
        help_text=_(
            "The signed letter or other documents: PDF, DOCX, XLSX, JPEG or PNG. The public sees "
            "copies without metadata."
        ),
    )


class MeasureForm(forms.Form):
    text = forms.CharField(label=_("Measure"), required=False, widget=text_area(2))
    due_on = forms.DateField(label=_("To be done by"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        text = (data.get("text") or "").strip()
        if text and not data.get("due_on") and "due_on" not in self.errors:
            self.add_error("due_on", _("Give the date by which the measure is to be done."))
        if not text and data.get("due_on"):
            self.add_error("text", _("Say what is to be done by this date."))
        return data


class BaseMeasureFormSet(forms.BaseFormSet):
    def measures(self) -> list[Measure]:
        return [
            Measure(text=form.cleaned_data["text"], due_on=form.cleaned_data.get("due_on"))
            for form in self.forms
            if form.is_valid() and (form.cleaned_data.get("text") or "").strip()
        ]


MeasureFormSet = forms.formset_factory(
    MeasureForm,
    formset=BaseMeasureFormSet,
    extra=MEASURE_ROWS,
    max_num=MAX_MEASURES,
    absolute_max=MAX_MEASURES,
    validate_max=True,
)


def measure_formset(data=None, *, more: bool = False) -> BaseMeasureFormSet:
    """The rows of measures; with `more`, the rows typed so far and as many blank ones again."""
    if data is not None and more:
        typed = MeasureFormSet(data, prefix="measures")
        rows = [
            {"text": form["text"].value() or "", "due_on": form["due_on"].value() or ""}
            for form in typed.forms
        ]
        rows = [row for row in rows if row["text"] or row["due_on"]]
        extra = min(MEASURE_ROWS, max(0, MAX_MEASURES - len(rows)))
        factory = forms.formset_factory(
            MeasureForm,
            formset=BaseMeasureFormSet,
            extra=extra,
            max_num=MAX_MEASURES,
            absolute_max=MAX_MEASURES,
        )
        return factory(initial=rows, prefix="measures")
    return MeasureFormSet(data, prefix="measures")


class DecisionNoticeForm(forms.Form):
    decision_on = forms.DateField(label=_("Date of the decision"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=text_area(4),
        help_text=_(
            "Where and how the decision is taken, and how the NGO may take part: a hearing, a "
            "video call."
        ),
    )
