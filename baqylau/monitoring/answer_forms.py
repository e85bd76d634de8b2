"""Forms of the state body's side: the inbox filter, the answer to one recommendation and the
notice of a decision date. They parse what was typed; the rules stay in accountability.py, whose
ValidationErrors the views put back on these forms."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .accountability import Measure
from .forms import DateInput, MultipleFileField
from .models import AnswerDecision, AnswerState

ANSWERED = [AnswerState.ACCEPTED, AnswerState.PARTLY, AnswerState.REJECTED]
# Rows of measures shown at first, added by "More rows" without JavaScript, and the most accepted.
MEASURE_ROWS = 3
MAX_MEASURES = 30


def _text_area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


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
        widget=_text_area(8),
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
    text = forms.CharField(label=_("Measure"), required=False, widget=_text_area(2))
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
        widget=_text_area(4),
        help_text=_(
            "Where and how the decision is taken, and how the NGO may take part: a hearing, a "
            "video call."
        ),
    )
