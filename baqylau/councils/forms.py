"""Forms of the council pages. They parse what was typed; the rules of a plan stay in
services.py, whose ValidationErrors the views put back on these forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from baqylau.core.forms import DateInput, text_area
from baqylau.registry.models import Organisation, PlanningDocument, ProjectObject

from .models import CouncilMember, PlanLine

LANGUAGES = ("kk", "ru", "en")
IN_LANGUAGE = {
    "kk": _("%(field)s in Kazakh"),
    "ru": _("%(field)s in Russian"),
    "en": _("%(field)s in English"),
}


def add_translated(form, name: str, label, *, required_hint: bool = False, rows: int = 0) -> None:
    """One field per language (`<name>_kk`, `<name>_ru`, `<name>_en`), none required: the
    service asks for at least one."""
    for lang in LANGUAGES:
        form.fields[f"{name}_{lang}"] = forms.CharField(
            label=IN_LANGUAGE[lang] % {"field": label},
            required=False,
            max_length=None if rows else 300,
            widget=text_area(rows) if rows else forms.TextInput,
        )


def translated(data: dict, name: str) -> dict[str, str]:
    return {lang: data.get(f"{name}_{lang}", "") for lang in LANGUAGES}


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        add_translated(self, "title", _("Title"))
        if plan is not None:
            del self.fields["year"]
            if plan.is_approved:
                add_reason_required(self)


def add_reason_required(form) -> None:
    form.fields["reason"] = forms.CharField(
        label=_("Why the approved plan is amended"),
        max_length=100,
        help_text=_("The public page shows it with the date and the earlier version."),
    )


class ApproveForm(forms.Form):
    approved_on = forms.DateField(label=_("Approved on"), widget=DateInput)
    approval_reference = forms.CharField(
        label=_("Number of the protocol of the council's session"), max_length=60
    )


class LineForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1, required=False)
    term_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    term_to = forms.DateField(label=_("Until"), required=False, widget=DateInput)
    project_objects = forms.ModelMultipleChoiceField(
        label=_("Objects"),
        queryset=ProjectObject.public_objects.order_by("name_ru"),
        to_field_name="slug",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Planning documents"),
        queryset=PlanningDocument.public_objects.order_by("title_ru"),
        to_field_name="slug",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    bodies = forms.ModelMultipleChoiceField(
        label=_("State bodies"),
        queryset=Organisation.objects.filter(kind__in=Organisation.STATE_KINDS).order_by("name_ru"),
        to_field_name="slug",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    performers = forms.ModelMultipleChoiceField(
        label=_("Performed by (organisations)"),
        queryset=Organisation.objects.exclude(kind__in=Organisation.STATE_KINDS).order_by(
            "name_ru"
        ),
        to_field_name="slug",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    performer_members = forms.ModelMultipleChoiceField(
        label=_("Performed by (members of the council)"),
        queryset=CouncilMember.private_objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    def __init__(self, *args, plan, line: PlanLine | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["performer_members"].queryset = CouncilMember.private_objects.filter(
            council=plan.council
        )
        add_translated(self, "subject", _("Subject of monitoring"), rows=2)
        add_translated(self, "term_text", _("Term in words"))
        add_translated(self, "goals", _("Goals"), rows=3)
        add_translated(self, "tasks", _("Tasks"), rows=3)
        self.order_fields(
            ["number"]
            + [f"subject_{lang}" for lang in LANGUAGES]
            + ["project_objects", "documents", "bodies", "term_from", "term_to"]
            + [f"term_text_{lang}" for lang in LANGUAGES]
            + [f"goals_{lang}" for lang in LANGUAGES]
            + [f"tasks_{lang}" for lang in LANGUAGES]
        )
        if plan.is_approved:
            add_reason_required(self)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "number": data["number"],
            "subject": translated(data, "subject"),
            "term_text": translated(data, "term_text"),
            "goals": translated(data, "goals"),
            "tasks": translated(data, "tasks"),
            "term_from": data["term_from"],
            "term_to": data["term_to"],
            "project_objects": data["project_objects"],
            "documents": data["documents"],
            "bodies": data["bodies"],
            "performers": data["performers"],
            "performer_members": data["performer_members"],
            "reason": data.get("reason", ""),
        }

    @staticmethod
    def initial_of(line: PlanLine) -> dict:
        initial = {
            "number": line.number,
            "term_from": line.term_from,
            "term_to": line.term_to,
            "project_objects": list(line.project_objects.all()),
            "documents": list(line.documents.all()),
            "bodies": list(line.bodies.all()),
            "performers": list(line.performers.all()),
            "performer_members": list(line.performer_members.all()),
        }
        for name in ("subject", "term_text", "goals", "tasks"):
            for lang in LANGUAGES:
                initial[f"{name}_{lang}"] = getattr(line, f"{name}_{lang}") or ""
        return initial


class LinkForm(forms.Form):
    line = forms.ModelChoiceField(
        label=_("Line of a plan"), queryset=PlanLine.private_objects.none()
    )

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines
        self.fields["line"].label_from_instance = lambda line: (
            f"{line.plan.council} · {line.plan.year} · {line.number}. {line.subject[:90]}"
        )
