"""Forms of the library: its filters, an item with its first version, a new version, an
XLSForm to import, and the steps of a campaign with the library."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from baqylau.core.forms import FilterForm, any_of, text_area
from baqylau.registry.models import Organisation, ProjectObject

from .models import DEFAULT_LICENCE, ItemKind, Language


class ItemFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = any_of(_("Kind"), _("Any kind"), ItemKind.choices)
    object_kind = any_of(_("Kind of object"), _("Any kind of object"), ProjectObject.Kind.choices)
    language = any_of(_("Language"), _("Any language"), Language.choices)
    author = forms.ModelChoiceField(
        label=_("Author"),
        required=False,
        empty_label=_("Any author"),
        queryset=Organisation.objects.none(),
        to_field_name="slug",
    )

    lookups = {"kind": "kind", "object_kind": "object_kind", "language": "language"}

    def __init__(self, *args, authors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if authors is not None:
            self.fields["author"].queryset = authors

    def filter_author(self, qs, value):
        return qs.filter(author=value)

    def filter_q(self, qs, value):
        return qs.search(value)


class ContentForm(forms.Form):
    """What a version holds; the fields that do not fit the item's kind are taken away."""

    questions = forms.CharField(
        label=_("Questions (JSON)"),
        required=False,
        widget=text_area(10),
        help_text=_(
            "A list of questions as the checklists take them; or import an XLSForm instead."
        ),
    )
    indicators = forms.CharField(
        label=_("Indicators"),
        required=False,
        widget=text_area(8),
        help_text=_("One indicator a line."),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=text_area(12),
        help_text=_("Plain text; an empty line starts a new paragraph."),
    )
    file = forms.FileField(label=_("File (PDF or DOCX)"), required=False)
    change_note = forms.CharField(label=_("What changed"), required=False, widget=text_area(2))

    def keep_fields_of(self, kind: str | None) -> None:
        if kind is None:
            return
        if kind != ItemKind.CHECKLIST:
            del self.fields["questions"]
        if kind != ItemKind.INDICATOR_SET:
            del self.fields["indicators"]
        if kind not in (ItemKind.GUIDE, ItemKind.LETTER_TEMPLATE):
            del self.fields["body"]
            del self.fields["file"]

    def content(self) -> dict:
        """The service's keyword arguments."""
        data = self.cleaned_data
        content = {"change_note": data.get("change_note", "")}
        if "questions" in self.fields:
            content["questions"] = data.get("questions_data", [])
        if "indicators" in self.fields:
            content["indicators"] = (data.get("indicators") or "").splitlines()
        if "body" in self.fields:
            content["body"] = data.get("body", "")
            content["file"] = data.get("file")
        return content

    def clean_questions(self):
        raw = (self.cleaned_data.get("questions") or "").strip()
        if not raw:
            self.cleaned_data["questions_data"] = []
            return raw
        try:
            value = json.loads(raw)
        except ValueError as exc:
            raise forms.ValidationError(_("This is not valid JSON."), code="json") from exc
        if not isinstance(value, list) or not all(isinstance(q, dict) for q in value):
            raise forms.ValidationError(_("Give a list of questions."), code="json")
        self.cleaned_data["questions_data"] = value
        return raw


def _description_fields() -> tuple[forms.Field, forms.Field, forms.Field]:
    """The summary, kind of object and language that describe an item of the library."""
    return (
        forms.CharField(label=_("Summary"), required=False, widget=text_area(3)),
        forms.ChoiceField(
            label=_("Kind of object"),
            required=False,
            choices=[("", _("Any kind of object")), *ProjectObject.Kind.choices],
        ),
        forms.ChoiceField(label=_("Language"), choices=Language.choices),
    )


class ItemForm(ContentForm):
    author = forms.ModelChoiceField(label=_("Author organisation"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary, object_kind, language = _description_fields()
    licence = forms.CharField(label=_("Licence"), max_length=100, initial=DEFAULT_LICENCE)

    field_order = ["author", "kind", "title", "summary", "object_kind", "language", "licence"]

    def __init__(self, *args, authors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].queryset = authors
        if authors.count() == 1:
            self.fields["author"].initial = authors.first()


class XLSFormImportForm(forms.Form):
    """An XLSForm as a new checklist of the library, or as a new version of one."""

    file = forms.FileField(
        label=_("XLSForm file (.xlsx)"),
        help_text=_("A form made in KoboToolbox, ODK or Excel with survey and choices sheets."),
    )
    author = forms.ModelChoiceField(label=_("Author organisation"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary, object_kind, language = _description_fields()
    change_note = forms.CharField(label=_("What changed"), required=False, widget=text_area(2))

    def __init__(self, *args, authors=None, revising: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if revising:
            for name in ("author", "title", "summary", "object_kind", "language"):
                del self.fields[name]
        else:
            self.fields["author"].queryset = authors
            del self.fields["change_note"]


class StartForm(forms.Form):
    """Copy a checklist of the library into one of the campaigns the user coordinates."""

    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=None, to_field_name="slug")
    title = forms.CharField(
        label=_("Title of the checklist"),
        max_length=300,
        required=False,
        help_text=_("Left empty, the checklist keeps the title of the library item."),
    )

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns


class PublishChecklistForm(forms.Form):
    """A version of a campaign's checklist, given to the library."""

    version = forms.TypedChoiceField(label=_("Version"), coerce=int)
    title = forms.CharField(label=_("Title in the library"), max_length=300, required=False)
    summary, object_kind, language = _description_fields()
    change_note = forms.CharField(label=_("What changed"), required=False, widget=text_area(2))

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = [
            (version.number, _("Version %(number)s") % {"number": version.number})
            for version in reversed(versions)
        ]


class WithdrawForm(forms.Form):
    withdrawn_reason = forms.CharField(label=_("Why it is withdrawn"), widget=text_area(3))
