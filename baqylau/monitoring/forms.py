"""Forms of the campaign pages. They parse what was typed; the rules of a campaign stay in
services.py, whose ValidationErrors the views put back on these forms."""

import json

from django import forms
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from baqylau.core.forms import DateInput, FilterForm, any_of, text_area
from baqylau.registry.models import Organisation, PlanningDocument, ProjectObject

from . import checklists, selectors
from .models import (
    DEFAULT_GPS_ACCURACY_M,
    Campaign,
    CampaignMember,
    ControlForm,
    QuestionKind,
    Status,
)
from .visits import relevant_value

LANGUAGE_LABELS = {
    "title": {
        "kk": _("Title in Kazakh"),
        "ru": _("Title in Russian"),
        "en": _("Title in English"),
    },
    "description": {
        "kk": _("Description in Kazakh"),
        "ru": _("Description in Russian"),
        "en": _("Description in English"),
    },
}
LANGUAGES = ("kk", "ru", "en")


class CampaignForm(forms.Form):
    """The plan of a campaign. `ngos` are the NGOs the user coordinates: a choice is offered when
    there are several; `creating` adds the address (slug), which never changes afterwards."""

    ngo = forms.ModelChoiceField(
        label=_("NGO"), queryset=Organisation.objects.none(), to_field_name="slug"
    )
    title_kk = forms.CharField(label=LANGUAGE_LABELS["title"]["kk"], max_length=300, required=False)
    title_ru = forms.CharField(label=LANGUAGE_LABELS["title"]["ru"], max_length=300, required=False)
    title_en = forms.CharField(label=LANGUAGE_LABELS["title"]["en"], max_length=300, required=False)
    description_kk = forms.CharField(
        label=LANGUAGE_LABELS["description"]["kk"], required=False, widget=text_area(3)
    )
    description_ru = forms.CharField(
        label=LANGUAGE_LABELS["description"]["ru"], required=False, widget=text_area(3)
    )
    description_en = forms.CharField(
        label=LANGUAGE_LABELS["description"]["en"], required=False, widget=text_area(3)
    )
    form = forms.ChoiceField(
        label=_("Form of public control"),
        choices=ControlForm.choices,
        initial=ControlForm.MONITORING,
        widget=forms.RadioSelect,
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Planning documents controlled"),
        queryset=PlanningDocument.public_objects.order_by("title_ru"),
        to_field_name="slug",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    project_objects = forms.ModelMultipleChoiceField(
        label=_("Objects controlled"),
        queryset=ProjectObject.public_objects.select_related("document").order_by("name_ru"),
        to_field_name="slug",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    bodies = forms.ModelMultipleChoiceField(
        label=_("State bodies controlled"),
        queryset=Organisation.objects.filter(kind__in=Organisation.STATE_KINDS).order_by("name_ru"),
        to_field_name="slug",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Name at least one planning document, object or state body."),
    )
    goals = forms.CharField(label=_("Goals"), widget=text_area(4))
    tasks = forms.CharField(label=_("Tasks"), widget=text_area(4))
    method = forms.CharField(
        label=_("Method"),
        widget=text_area(4),
        help_text=_(
            "For example: information requests, field visits with a checklist, interviews "
            "with beneficiaries, plan-versus-actual analysis of indicators and budgets."
        ),
    )
    starts_on = forms.DateField(label=_("Start"), widget=DateInput)
    ends_on = forms.DateField(label=_("End"), widget=DateInput)
    visit_far_metres = forms.IntegerField(
        label=_("Field visits: distance from the object that asks to confirm, m"),
        required=False,
        initial=2000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_(
            "A photo or position of a visit farther than this from its object asks the monitor "
            "to confirm the visit was there, and the visit is marked as far from its object."
        ),
    )
    publish_capture_details = forms.BooleanField(
        label=_("Publish the exact time each photo was taken and the SHA-256 of the originals"),
        required=False,
        help_text=_(
            "Otherwise the public sees only the day each photo was taken and the SHA-256 of "
            "its public copy."
        ),
    )
    slug = forms.SlugField(
        label=_("Address of the campaign page"),
        max_length=120,
        required=False,
        help_text=_("Latin letters, digits and hyphens; made from the title when left empty."),
    )

    def __init__(self, *args, ngos=None, creating: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if ngos is not None and len(ngos) > 1:
            self.fields["ngo"].queryset = Organisation.objects.filter(
                pk__in=[ngo.pk for ngo in ngos]
            )
        else:
            del self.fields["ngo"]
        if not creating:
            del self.fields["slug"]

    @classmethod
    def initial_from(cls, campaign: Campaign) -> dict:
        initial = {
            f"{field}_{lang}": getattr(campaign, f"{field}_{lang}") or ""
            for field in ("title", "description")
            for lang in LANGUAGES
        }
        return initial | {
            "form": campaign.form,
            "documents": list(campaign.documents.all()),
            "project_objects": list(campaign.project_objects.all()),
            "bodies": list(campaign.bodies.all()),
            "goals": campaign.goals,
            "tasks": campaign.tasks,
            "method": campaign.method,
            "starts_on": campaign.starts_on,
            "ends_on": campaign.ends_on,
            "visit_far_metres": campaign.visit_far_metres,
            "publish_capture_details": campaign.publish_capture_details,
        }

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {
            "title": {lang: data[f"title_{lang}"] for lang in LANGUAGES},
            "description": {lang: data[f"description_{lang}"] for lang in LANGUAGES},
            "form": data["form"],
            "documents": list(data["documents"]),
            "project_objects": list(data["project_objects"]),
            "bodies": list(data["bodies"]),
            "goals": data["goals"],
            "tasks": data["tasks"],
            "method": data["method"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "publish_capture_details": data["publish_capture_details"],
        }
        if data.get("visit_far_metres") is not None:
            kwargs["visit_far_metres"] = data["visit_far_metres"]
        if "slug" in self.fields:
            kwargs["slug"] = data["slug"]
        return kwargs


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


class MemberAddForm(forms.Form):
    user = MemberChoiceField(
        label=_("Person"),
        queryset=None,
        empty_label=_("Choose a member of the NGO"),
    )
    role = forms.ChoiceField(
        label=_("Role on the team"),
        choices=CampaignMember.Role.choices,
        initial=CampaignMember.Role.MONITOR,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = selectors.eligible_members(campaign)


class DeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Conflict of interest"),
        choices=[
            ("no", _("I have no conflict of interest in this campaign")),
            ("yes", _("I have a conflict of interest in this campaign")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    ties = forms.CharField(
        label=_("Ties to the bodies or contractors controlled"),
        required=False,
        widget=text_area(4),
        help_text=_(
            "Work, contracts, family or business ties to the bodies and contractors listed "
            "above; write “none” if there are none."
        ),
    )


class AdvanceForm(forms.Form):
    changed_on = forms.DateField(label=_("Date of the change"), widget=DateInput)
    note = forms.CharField(label=_("Note"), required=False, widget=text_area(2))


class CampaignFilterForm(FilterForm):
    form = any_of(_("Form of public control"), _("Any form"), ControlForm.choices)
    status = any_of(_("Status"), _("Any status"), Status.choices)

    lookups = {"form": "form", "status": "status"}


# Checklists ------------------------------------------------------------------------------------


class ChecklistTitleForm(forms.Form):
    """The title of a new checklist and the position accuracy it waits for; a revision changes
    only the accuracy."""

    title = forms.CharField(label=_("Title of the checklist"), max_length=300)
    gps_accuracy_m = forms.IntegerField(
        label=_("Position accuracy to wait for, m"),
        min_value=checklists.GPS_ACCURACY_RANGE[0],
        max_value=checklists.GPS_ACCURACY_RANGE[1],
        initial=DEFAULT_GPS_ACCURACY_M,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_(
            "How precise a position the phone waits for before a visit is recorded. The monitor "
            "can accept a less precise one; the visit then records that it was accepted."
        ),
    )

    def __init__(self, *args, revising: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if revising:
            del self.fields["title"]


class QuestionForm(forms.Form):
    """One row of the questions; an empty row is left out."""

    order = forms.IntegerField(label=_("Order"), min_value=1, required=False)
    code = forms.CharField(
        label=_("Code"),
        max_length=100,
        required=False,
        help_text=_(
            "A short name in Latin letters, such as roof_state; left empty, it is made from the "
            "question."
        ),
    )
    text = forms.CharField(label=_("Question"), required=False, widget=text_area(2))
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=QuestionKind.choices)
    required = forms.BooleanField(label=_("Required"), required=False)
    unit = forms.CharField(label=_("Unit (for numbers)"), max_length=50, required=False)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=text_area(3),
        help_text=_("For choice questions: one per line, as value|label."),
    )
    relevant_question = forms.CharField(
        label=_("Asked only if the question with the code"),
        max_length=100,
        required=False,
        help_text=_("The code of an earlier question; left empty, the question is always asked."),
    )
    relevant_values = forms.CharField(
        label=_("is answered"),
        required=False,
        widget=text_area(2),
        help_text=_(
            "One of these answers, one per line or separated by commas: the values of its "
            "choices, yes or no, a number or a text."
        ),
    )
    minimum = forms.DecimalField(
        label=_("Least value (for numbers)"),
        max_digits=20,
        decimal_places=6,
        required=False,
        localize=True,
    )
    maximum = forms.DecimalField(
        label=_("Greatest value (for numbers)"),
        max_digits=20,
        decimal_places=6,
        required=False,
        localize=True,
    )

    @staticmethod
    def initial_from(question: dict) -> dict:
        lines = [f"{choice['value']}|{choice['label']}" for choice in question["choices"]]
        relevant = question.get("relevant") or {}
        values = [
            ("yes" if value else "no") if isinstance(value, bool) else str(value)
            for value in relevant.get("values") or []
        ]
        limits = {
            name: checklists.limit_number(question.get(name)) for name in ("minimum", "maximum")
        }
        return (
            question
            | limits
            | {
                "choices": "\n".join(lines),
                "relevant_question": relevant.get("question", ""),
                "relevant_values": "\n".join(values),
            }
        )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        problem = checklists.code_problem(code) if code else None
        if problem:
            raise forms.ValidationError(capfirst(problem), code="invalid_code")
        return code

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (data.get("code") or data.get("text"))

    def question(self) -> dict:
        data = self.cleaned_data
        choices = []
        for line in (data.get("choices") or "").splitlines():
            value, _sep, label = line.partition("|")
            if value.strip() or label.strip():
                choices.append({"value": value.strip(), "label": label.strip()})
        question = {**data, "choices": choices}
        code = question.pop("relevant_question", "").strip()
        values = checklists.condition_values(question.pop("relevant_values", ""))
        question["relevant"] = {"question": code, "values": values} if code or values else {}
        return question


class BaseQuestionFormSet(forms.BaseFormSet):
    def questions(self) -> list[dict]:
        return [form.question() for form in self.forms if form.is_valid() and not form.is_blank()]


QuestionFormSet = forms.formset_factory(
    QuestionForm, formset=BaseQuestionFormSet, extra=5, max_num=200, absolute_max=200
)


class XLSFormUploadForm(forms.Form):
    file = forms.FileField(
        label=_("XLSForm file (.xlsx)"),
        help_text=_("A form made in KoboToolbox, ODK or Excel with survey and choices sheets."),
    )


class XLSFormConfirmForm(forms.Form):
    """The questions read from the file travel signed between the preview and the confirmation."""

    title = forms.CharField(label=_("Title of the checklist"), max_length=300)
    payload = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, revising: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if revising:
            del self.fields["title"]


# Field visits ----------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; the services check each one."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


def yes_no_word(value) -> str:
    """A yes or no value as the yes or no field sends it."""
    return "yes" if relevant_value(QuestionKind.YES_NO, value) == "true" else "no"


def _answer_field(question) -> forms.Field:
    """A field for the kind of the question, labelled with its wording."""
    # A photo is answered by the files of the visit, not in its field. A question asked only
    # under a condition is required only when asked: the services decide.
    required = question.required and question.kind != QuestionKind.PHOTO
    common = {"label": question.text, "required": required and not question.relevant}
    kind = question.kind
    choices = [(c["value"], c["label"]) for c in question.choices]
    if kind == QuestionKind.YES_NO:
        return forms.ChoiceField(
            choices=[("yes", _("yes")), ("no", _("no"))], widget=forms.RadioSelect, **common
        )
    if kind == QuestionKind.NUMBER:
        attrs = {"inputmode": "decimal"}
        for name, limit in (("min", question.minimum), ("max", question.maximum)):
            if limit is not None:
                attrs[name] = checklists.limit_number(limit)
        help_text = question.unit
        limits = checklists.limits_text(question)
        if limits:
            help_text = format_lazy(
                "{unit}{sep}{limits}",
                unit=question.unit,
                sep=" · " if question.unit else "",
                limits=capfirst(limits),
            )
        return forms.CharField(widget=forms.TextInput(attrs=attrs), help_text=help_text, **common)
    if kind == QuestionKind.SINGLE_CHOICE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == QuestionKind.DATE:
        return forms.CharField(widget=DateInput(), **common)
    if kind == QuestionKind.LOCATION:
        return forms.CharField(
            help_text=_("Latitude, longitude, for example 52.28, 76.95."), **common
        )
    if kind == QuestionKind.PHOTO:
        return forms.CharField(
            help_text=_("Attach the photo with the files below; a caption may go here."),
            **common,
        )
    return forms.CharField(widget=text_area(3), **common)


class VisitForm(forms.Form):
    """A visit with a field per question of the checklist version; the services check the
    answers, so what was typed comes back with the problem named on its question."""

    object = forms.ModelChoiceField(
        label=_("Object visited"), queryset=ProjectObject.public_objects.none()
    )
    visited_on = forms.DateField(label=_("Date of the visit"), widget=DateInput())
    participants = forms.CharField(label=_("Participants"), required=False, widget=text_area(2))
    notes = forms.CharField(label=_("Notes"), required=False, widget=text_area(5))
    files = MultipleFileField(
        label=_("Photos and documents"),
        required=False,
        help_text=_(
            "JPEG, PNG or HEIC photos, PDF, DOCX or XLSX documents. The public sees copies "
            "without metadata and only the distance of a photo from the object."
        ),
    )

    far_confirmed = forms.BooleanField(
        label=_("I confirm that the visit was at this object"), required=False
    )

    def __init__(self, *args, objects, groups=None, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object"].queryset = objects
        if groups is not None:
            self.fields["object"].choices = _object_choices(*groups)
        self.version = version
        self.questions = list(version.questions.all()) if version is not None else []
        fields = dict(self.fields)
        files = fields.pop("files")
        self.fields = fields
        for question in self.questions:
            field = _answer_field(question)
            if question.required and question.relevant and question.kind != QuestionKind.PHOTO:
                field.help_text = format_lazy(
                    "{help}{sep}{when}",
                    help=field.help_text,
                    sep=" · " if field.help_text else "",
                    when=_("Required when asked."),
                )
            self.fields[f"answer_{question.code}"] = field
        self.fields["files"] = files

    def answers(self) -> dict:
        return {q.code: self.cleaned_data.get(f"answer_{q.code}") for q in self.questions}

    def answer_fields(self):
        return [self[f"answer_{q.code}"] for q in self.questions]

    def answer_rows(self) -> list[dict]:
        """Each answer's field with the condition under which it is asked, as the page's script
        reads it: the code of the earlier question and the values of its inputs that ask it."""
        kinds = {q.code: q.kind for q in self.questions}
        rows = []
        for question in self.questions:
            condition = question.relevant or {}
            code = condition.get("question") or ""
            values = [
                yes_no_word(value) if kinds.get(code) == QuestionKind.YES_NO else str(value)
                for value in condition.get("values") or []
            ]
            rows.append(
                {
                    "field": self[f"answer_{question.code}"],
                    "code": question.code,
                    "condition": code,
                    "values": json.dumps(values, ensure_ascii=False) if code else "",
                }
            )
        return rows

    def visit_fields(self):
        return [self[name] for name in ("object", "visited_on", "participants", "notes")]

    def asks_to_confirm(self) -> bool:
        """The confirmation is offered once a position far from the object was found."""
        field = self["far_confirmed"]
        return bool(field.errors or field.value())


def _object_choices(controlled, others) -> list:
    """The campaign's objects first, under their own heading, then every other published one."""
    choices = [("", "---------")]
    if controlled:
        label = _("Objects this campaign controls")
        choices.append((label, [(o.pk, f"★ {o.name}") for o in controlled]))
    if others:
        choices.append((_("Other published objects"), [(o.pk, o.name) for o in others]))
    return choices


def answer_initial(answer) -> object:
    """A stored answer as its field shows it again."""
    value, kind = answer.value, answer.question.kind
    if kind == QuestionKind.YES_NO and isinstance(value, bool):
        return "yes" if value else "no"
    if kind == QuestionKind.LOCATION and isinstance(value, dict):
        return f"{value.get('lat')}, {value.get('lon')}"
    return value


class VisitCorrectionForm(VisitForm):
    """What was recorded, to correct, with the reason; the files stay as they are."""

    reason = forms.CharField(
        label=_("Reason of the correction"),
        widget=text_area(2),
        help_text=_("Shown on the visit page beside the earlier version."),
    )
    # The revision shown when the form was opened: a visit changed since is not overwritten.
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, visit, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "object": visit.project_object_id,
                "visited_on": visit.visited_on,
                "participants": visit.participants,
                "notes": visit.notes,
                "revision": visit.revision,
                **{
                    f"answer_{a.question.code}": answer_initial(a)
                    for a in visit.answers.select_related("question")
                },
            },
        )
        super().__init__(*args, version=visit.checklist_version, **kwargs)
        del self.fields["files"]


class VisitWithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason of the withdrawal"), widget=text_area(2))
