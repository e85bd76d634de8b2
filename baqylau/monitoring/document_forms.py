"""Forms of the final document: writing it and sending it. They parse what was typed; the rules
stay in accountability.py, whose ValidationErrors the views put back on these forms."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import DateInput
from .models import Campaign, FinalDocument

# The language's own name, as a reader of that language looks for it.
DOCUMENT_LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
# When control was held, if the coordinator has not said: the campaign's days, office hours.
DEFAULT_START, DEFAULT_END = dt.time(9, 0), dt.time(18, 0)


class DateTimeInput(forms.DateTimeInput):
    """A phone's own date and time picker, which sends 2026-03-19T09:00."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _text_area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


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
        widget=_text_area(6),
        help_text=_(
            "Which bodies and organisations were controlled, and how they complied: "
            "information given in time or not, access to the sites, answers to the monitors."
        ),
    )
    documents_obtained = forms.CharField(
        label=_("Documents obtained"),
        required=False,
        widget=_text_area(4),
        help_text=_("One a line: contracts, schedules, acts, answers to information requests."),
    )
    conclusions = forms.CharField(
        label=_("Conclusions"),
        required=False,
        widget=_text_area(5),
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
