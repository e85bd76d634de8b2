"""What the forms of every app share: putting a service's refusal back on the page it came from,
the filters of a list page, and small widgets."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _


def put_errors(
    form,
    exc: ValidationError,
    *,
    aliases: dict[str, str] | None = None,
    unnamed_field: Callable[[ValidationError], str | None] | None = None,
) -> None:
    """A service's errors on the form, with what was typed: each on the field it names when the
    form has that field (`aliases` maps a service's name to the form's), otherwise above the form.
    `unnamed_field` may place an error that names no field (a refused file on the files, say)."""
    if not hasattr(exc, "error_dict"):
        for error in exc.error_list:
            field = unnamed_field(error) if unnamed_field else None
            form.add_error(field if field in form.fields else None, error)
        return
    for field, errors in exc.error_dict.items():
        field = (aliases or {}).get(field, field)
        form.add_error(field if field in form.fields else None, errors)


def cleaned(form, *names: str) -> dict:
    """The form's cleaned values of the fields named, by name: the keyword arguments of the
    service the form feeds."""
    return {name: form.cleaned_data[name] for name in names}


def report_errors(request, exc: ValidationError) -> None:
    """A refused step that had no form: its reasons as messages on the next page."""
    for message in exc.messages:
        messages.error(request, message)


def form_page(request, form, template: str, context: dict, *, save, done, back=None, aliases=None):
    """A page with one form. On a valid POST, `save(form.cleaned_data)` calls the service: the
    user goes on to `back` (or to what the service returned) with the message `done`, or stays
    on the form with the reasons of its refusal (put_errors, with `aliases`)."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc, aliases=aliases)
        else:
            messages.success(request, done)
            return redirect(saved if back is None else back)
    return render(request, template, {**context, "form": form})


def run_step(
    request, step: Callable, done, *, errors_on: forms.Form | None = None, **kwargs
) -> bool:
    """Take a step, the service `step` with `kwargs`: the message `done` on the next page, or the
    reasons it was refused, on the form `errors_on` (put_errors) or else as messages
    (report_errors). Whether it was taken."""
    try:
        step(**kwargs)
    except ValidationError as exc:
        if errors_on is None:
            report_errors(request, exc)
        else:
            put_errors(errors_on, exc)
        return False
    messages.success(request, done)
    return True


class FilterForm(forms.Form):
    """The filters of a list page. A field filters by the lookup `lookups` names for it, or else
    by its method filter_<name>(qs, value); `q` searches the list's texts. An empty field filters
    nothing."""

    lookups: dict[str, str] = {}

    def filter(self, qs):
        for name, value in self.cleaned_data.items():
            if not value:
                continue
            if name in self.lookups:
                qs = qs.filter(**{self.lookups[name]: value})
            else:
                qs = getattr(self, f"filter_{name}")(qs, value)
        return qs

    def filter_q(self, qs, value):
        return qs.search(value)


def any_of(label, empty_label, choices) -> forms.ChoiceField:
    """A filter's choice among `choices`, or none (`empty_label`, first) to filter nothing."""
    return forms.ChoiceField(label=label, required=False, choices=[("", empty_label), *choices])


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def text_area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def add_reason(form, *, public: bool) -> None:
    """The field that says why a record changes, for a change of a record the public has seen:
    its page shows the reason beside the earlier version."""
    if public:
        form.fields["reason"] = forms.CharField(
            label=_("Why it changes"),
            max_length=100,
            required=False,
            help_text=_("The public page shows it with the date and the earlier version."),
        )


def reason_of(form) -> dict:
    """The reason given, as the service's keyword argument (nothing when none was asked)."""
    return {"reason": form.cleaned_data.get("reason", "")} if "reason" in form.fields else {}
