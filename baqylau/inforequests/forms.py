"""Forms of the information-request pages. They parse and check what was typed; every rule of the
workflow stays in services.py, whose ValidationErrors the views put back on these forms."""

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from baqylau.core.forms import DateInput, FilterForm, any_of, cleaned
from baqylau.core.permissions import visible
from baqylau.registry.models import Organisation, PlanningDocument, ProjectObject

from . import services
from .models import Answer, InformationRequest, Status

# What a file's name may end with for each type its first bytes show. A file whose name claims
# another type (a text file called "answer.pdf") is refused rather than published under a new name.
NAME_SUFFIXES = {
    services.PDF: {".pdf"},
    services.JPEG: {".jpg", ".jpeg"},
    services.PNG: {".png"},
    services.TEXT: {".txt", ".csv"},
    services.DOCX: {".docx"},
    services.XLSX: {".xlsx"},
}
KIND_ORDER = list(Organisation.Kind.values)


def state_bodies():
    return (
        Organisation.objects.filter(kind__in=Organisation.STATE_KINDS)
        .select_related("territory")
        .defer("territory__geometry")
    )


def body_label(body: Organisation) -> str:
    """The name first (a select jumps to what is typed), then the territory to tell namesakes
    apart."""
    parts = [body.name]
    if body.short_name and body.short_name != body.name:
        parts.append(f"({body.short_name})")
    if body.territory_id:
        parts.append(f"— {body.territory.name}")
    return " ".join(parts)


def grouped_by_kind(bodies) -> list[tuple[str, str, list[Organisation]]]:
    """(kind, its label, the bodies) in the order of Organisation.Kind, each kind by name in the
    language of the page."""
    groups: dict[str, list[Organisation]] = {}
    for body in sorted(bodies, key=lambda body: body.name.casefold()):
        groups.setdefault(body.kind, []).append(body)
    labels = dict(Organisation.Kind.choices)
    return [
        (kind, labels[kind], groups[kind])
        for kind in sorted(groups, key=KIND_ORDER.index)
        if kind in labels
    ]


class GroupedBodyIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for _kind, label, bodies in grouped_by_kind(self.queryset):
            yield (label, [self.choice(body) for body in bodies])


class BodyChoiceField(forms.ModelChoiceField):
    """A state body, by slug, in a select grouped by the kind of body."""

    iterator = GroupedBodyIterator

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", state_bodies())
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("empty_label", _("Choose a state body"))
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return body_label(obj)


def not_in_future(day):
    if day and day > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future")


class PastDateField(forms.DateField):
    widget = DateInput
    default_validators = [not_in_future]


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        single = super().clean
        return [single(upload, initial) for upload in uploads if upload]


# The public archive -----------------------------------------------------------------------------


class ArchiveFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False)
    body = forms.ModelChoiceField(
        label=_("State body"),
        required=False,
        empty_label=_("All bodies"),
        queryset=Organisation.objects.filter(kind__in=Organisation.STATE_KINDS).defer(
            "territory__geometry"
        ),
        to_field_name="slug",
    )
    status = any_of(
        _("Status"), _("Any status"), [c for c in Status.choices if c[0] != Status.DRAFT]
    )
    document = forms.SlugField(widget=forms.HiddenInput, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    lookups = {
        "body": "body",
        "status": "status",
        "document": "document__slug",
        "year": "created_at__year",
    }


AWAITING = "awaiting"


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any status")),
            (AWAITING, _("awaiting an answer")),
            *[c for c in Status.choices if c[0] != Status.DRAFT],
        ],
    )

    def filter(self, qs):
        status = self.cleaned_data.get("status")
        if status == AWAITING:
            return qs.awaiting_answer()
        if status:
            return qs.filter(status=status)
        return qs


# Writing a request ------------------------------------------------------------------------------


class RequestTextForm(forms.Form):
    """What a single request and a batch share."""

    subject = forms.CharField(label=_("Subject"), max_length=300)
    text = forms.CharField(
        label=_("Text of the request"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Say who you are if you wish, what you want to know and why it matters."),
    )
    asked = forms.CharField(
        label=_("What exactly is asked"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One item a line: each becomes a numbered point of the letter."),
    )
    language = forms.ChoiceField(
        label=_("Language of the letter"),
        choices=InformationRequest.Language.choices,
        widget=forms.RadioSelect,
    )
    delivery = forms.ChoiceField(
        label=_("Delivery"),
        choices=InformationRequest.Delivery.choices,
        initial=InformationRequest.Delivery.EMAIL,
        widget=forms.RadioSelect,
    )
    is_public = forms.BooleanField(
        label=_("Publish the request and its answers on Baqylau"),
        required=False,
        initial=True,
        help_text=_("A private request is seen only by you, the body and the platform's staff."),
    )
    hide_requester_name = forms.BooleanField(
        label=_("Hide my name from the public"),
        required=False,
        help_text=_("The letter to the body always carries your name, as the law requires."),
    )
    document = forms.ModelChoiceField(
        queryset=PlanningDocument.private_objects.none(),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
    )
    object = forms.ModelChoiceField(
        queryset=ProjectObject.private_objects.none(),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A request may be about a document or an object only if its writer may see it.
        self.fields["document"].queryset = visible(user, PlanningDocument)
        self.fields["object"].queryset = visible(user, ProjectObject).select_related(
            "responsible_body"
        )

    def service_kwargs(self) -> dict:
        return cleaned(
            self,
            "subject",
            "text",
            "asked",
            "language",
            "delivery",
            "is_public",
            "hide_requester_name",
            "document",
            "object",
        )

    def _check_email(self, bodies) -> None:
        # A draft cannot be changed once saved, and the body's address is only checked when it
        # is sent: say it now, so that nobody writes a draft that can never leave.
        if self.cleaned_data.get("delivery") != InformationRequest.Delivery.EMAIL:
            return
        missing = [body.name for body in bodies if not body.email]
        if missing:
            self.add_error(
                "delivery",
                ValidationError(
                    _(
                        "No email address in the registry for %(bodies)s: choose printed "
                        "delivery, or leave them out."
                    ),
                    code="no_email",
                    params={"bodies": "; ".join(missing)},
                ),
            )


class RequestForm(RequestTextForm):
    body = BodyChoiceField(label=_("State body"))

    field_order = ["body", "subject", "text", "asked", "language", "delivery"]

    def clean(self):
        data = super().clean()
        if data.get("body"):
            self._check_email([data["body"]])
        return data

    def service_kwargs(self) -> dict:
        return {"body": self.cleaned_data["body"], **super().service_kwargs()}


class BatchRequestForm(RequestTextForm):
    bodies = forms.ModelMultipleChoiceField(
        label=_("State bodies"),
        queryset=state_bodies(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one state body.")},
    )

    field_order = ["bodies", "subject", "text", "asked", "language", "delivery"]

    def clean(self):
        data = super().clean()
        if data.get("bodies"):
            self._check_email(data["bodies"])
        return data

    def body_groups(self):
        """The bodies grouped by kind, each with whether it is ticked, for the checkboxes."""
        if self.is_bound:
            chosen = set(self.data.getlist(self.add_prefix("bodies")))
        else:
            chosen = set(self.initial.get("bodies") or ())
        return [
            (kind, label, [(body, body_label(body), body.slug in chosen) for body in bodies])
            for kind, label, bodies in grouped_by_kind(self.fields["bodies"].queryset)
        ]

    def service_kwargs(self) -> dict:
        return {"bodies": list(self.cleaned_data["bodies"]), **super().service_kwargs()}


# Steps on a request ------------------------------------------------------------------------------


class RegisterForm(forms.Form):
    registered_on = PastDateField(label=_("Registered on"))
    registration_number = forms.CharField(
        label=_("Registration number"), max_length=100, required=False
    )


class RedirectForm(forms.Form):
    to_body = BodyChoiceField(label=_("Redirected to"))
    happened_on = PastDateField(label=_("Date"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, current_body=None, **kwargs):
        super().__init__(*args, **kwargs)
        if current_body is not None:
            self.fields["to_body"].queryset = state_bodies().exclude(pk=current_body.pk)


class AskClarificationForm(forms.Form):
    note = forms.CharField(
        label=_("What the body asks to clarify"), widget=forms.Textarea(attrs={"rows": 3})
    )
    happened_on = PastDateField(label=_("Date"))


class ClarifyForm(forms.Form):
    note = forms.CharField(label=_("Your clarification"), widget=forms.Textarea(attrs={"rows": 4}))


class ExtendForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason given by the body"), widget=forms.Textarea(attrs={"rows": 2})
    )
    new_due_date = forms.DateField(
        label=_("New deadline"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty for the longest extension the law allows."),
    )


def _files_help() -> str:
    return gettext("PDF, JPEG, PNG, DOCX, XLSX or plain text, up to %(size)d MB each.") % {
        "size": services.MAX_ATTACHMENT_SIZE // (1024 * 1024)
    }


class AnswerForm(forms.Form):
    source = forms.ChoiceField(label=_("How the answer came"), widget=forms.RadioSelect)
    received_on = PastDateField(label=_("Received on"), required=False)
    text = forms.CharField(
        label=_("Text of the answer"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    files = MultipleFileField(
        label=_("Files"),
        required=False,
        help_text=lazy(_files_help, str)(),
    )
    legal_ground = forms.CharField(
        label=_("Legal ground of a refusal"),
        max_length=500,
        required=False,
        help_text=_("Only when the body refuses: the article of the law it cites."),
    )

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Answer.Source.choices)
        if sources == [Answer.Source.PLATFORM]:
            # The body's officer answers here and now.
            del self.fields["source"]
            del self.fields["received_on"]
        else:
            self.fields["source"].choices = [(source, labels[source]) for source in sources]
            self.fields["source"].initial = sources[0]

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        for upload in uploads:
            upload.seek(0)
            head = upload.read(services.MAX_ATTACHMENT_SIZE + 1)
            upload.seek(0)
            content_type = services.file_content_type(head)
            suffix = Path(upload.name or "").suffix.lower()
            if content_type is not None and suffix not in NAME_SUFFIXES[content_type]:
                raise ValidationError(
                    _("%(name)s: the name of the file does not match what it contains."),
                    code="file_name",
                    params={"name": upload.name},
                )
        return uploads

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "source": data.get("source") or Answer.Source.PLATFORM,
            "received_on": data.get("received_on"),
            **cleaned(self, "text", "files", "legal_ground"),
        }


class ClassifyForm(forms.Form):
    classification = forms.ChoiceField(
        label=_("The latest answer is"),
        choices=Answer.Classification.choices,
        widget=forms.RadioSelect,
    )
    legal_ground = forms.CharField(
        label=_("Legal ground of the refusal"),
        max_length=500,
        required=False,
        help_text=_("For a refusal: the article of the law the body cited."),
    )


class RedactForm(forms.Form):
    public_text = forms.CharField(
        label=_("Text the public reads"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Remove names, phone numbers, addresses and other personal data."),
    )


class AttachmentHideForm(forms.Form):
    hidden = forms.BooleanField(required=False)


class AppealForm(forms.Form):
    superior_body = BodyChoiceField(
        label=_("Superior body"),
        required=False,
        empty_label=_("The parent body in the registry"),
    )
    grounds = forms.CharField(
        label=_("Grounds of the appeal"), widget=forms.Textarea(attrs={"rows": 5})
    )
