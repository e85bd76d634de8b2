"""Pages of the final document (Article 13 of the Law "On Public Control"): writing it, reading it
as a page or a PDF, and sending it to the state bodies.

The document is seen by whoever sees its campaign (404 otherwise): the team while the campaign is
private, everyone once it is published, for it is a public document. Writing and sending are the
coordinator's (can_write_recommendations, 403 otherwise); every write is a service of
the services, whose ValidationErrors go back on the form with what was typed. Once sent, the
PDF served is the one kept at sending, so what the bodies received never changes.
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from baqylau.core.calendar import WorkingCalendar
from baqylau.core.forms import add_reason, put_errors
from baqylau.core.permissions import get_visible_or_404, visible
from baqylau.monitoring.models import Campaign, Status
from baqylau.monitoring.permissions import Rights

from .. import report, services, terms
from ..forms import DOCUMENT_LANGUAGES, FinalDocumentForm, SendForm
from ..models import FinalDocument, Recommendation
from ..permissions import can_write_recommendations

GET_AND_POST = ["GET", "HEAD", "POST"]
# The statuses in which the final document is still to be sent.
BEFORE_SENDING = {Status.PLANNED, Status.IN_PROGRESS, Status.ANALYSIS}


def _fetch(user, slug) -> Campaign:
    return get_visible_or_404(user, Campaign.private_objects.select_related("ngo"), slug=slug)


def _document(user, campaign: Campaign) -> FinalDocument | None:
    document = visible(user, FinalDocument.private_objects.filter(campaign=campaign)).first()
    if document is not None:
        document.campaign = campaign
    return document


def _written(request, slug) -> tuple[Campaign, FinalDocument | None]:
    """The campaign and its document, for its coordinator only."""
    campaign = _fetch(request.user, slug)
    if not can_write_recommendations(request.user, campaign):
        raise PermissionDenied
    return campaign, _document(request.user, campaign)


def _short(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _page_url(campaign: Campaign) -> str:
    return reverse("accountability:final_document", kwargs={"slug": campaign.slug})


def _sent_already(request, campaign: Campaign):
    messages.info(
        request, _("The final document has been sent: what it says can no longer be changed.")
    )
    return redirect(_page_url(campaign))


def language_name(code: str) -> str:
    return dict(DOCUMENT_LANGUAGES).get(code, code)


# On the campaign page ----------------------------------------------------------------------------


def _send_term(campaign: Campaign) -> tuple[terms.SendTerm, int | None, int]:
    """The term of the final document, the working days it was sent late (None when on time or
    not sent) and the days the rule gives; one calendar, so the rule and the days are read once."""
    calendar = WorkingCalendar()
    term = terms.send_term(campaign, calendar=calendar)
    days_late = calendar.working_days_between(term.due_on, term.sent_on) if term.sent_late else None
    return term, days_late, calendar.rule(terms.SEND_RULE).days


def final_document_context(user, campaign: Campaign, rights: Rights) -> dict:
    """The final document section of the campaign page, and the coordinator's warning near its
    top: when the document is due (the working days of the rule `final-document-send` after the
    end of control), how many working days are left or how late it is, and once sent, whether
    it went on time. At the analysis stage the document is sent from here, so the generic
    "next stage" button is withdrawn (the service refuses that step anyway)."""
    document = _document(user, campaign)
    # send_term reads campaign.final_document: no second query, and None when unwritten.
    Campaign.final_document.related.set_cached_value(campaign, document)
    sent = document is not None and document.is_sent
    term = days_late = rule_days = None
    if sent or campaign.status in BEFORE_SENDING:
        term, days_late, rule_days = _send_term(campaign)
    ended = campaign.ends_on < timezone.localdate()
    can_write = rights.manage and rights.record and not sent and not rights.closed
    unmet = services.final_document_send_unmet(campaign, document) if can_write else []
    context = {
        "final_document": document,
        "final_document_language": language_name(document.language) if document else "",
        "send_term": term,
        "send_days_late": days_late,
        "send_days_overdue": -term.days_left if term is not None and term.late else None,
        "send_rule_days": rule_days,
        "send_due_shown": term is not None and not sent and (ended or term.near or term.late),
        "send_notice": can_write and term is not None and (ended or term.near or term.late),
        "can_write_document": can_write,
        "send_unmet": unmet,
        "send_form": (
            SendForm(initial={"sent_on": timezone.localdate()})
            if can_write and document is not None and not unmet
            else None
        ),
    }
    if campaign.status == Status.ANALYSIS:
        context["advance_form"] = None
    return context


# Reading -----------------------------------------------------------------------------------------


def final_document(request, slug):
    """The document as a page, in its own language; the site around it in the reader's."""
    campaign = _fetch(request.user, slug)
    document = get_visible_or_404(
        request.user, FinalDocument.private_objects.filter(campaign=campaign), campaign=campaign
    )
    document.campaign = campaign
    Campaign.final_document.related.set_cached_value(campaign, document)
    term = days_late = None
    if document.is_sent:
        term, days_late, _days = _send_term(campaign)
    return render(
        request,
        "accountability/final_document_page.html",
        {
            "campaign": campaign,
            "document": document,
            "document_html": report.final_document_fragment(campaign, document),
            "language_name": language_name(document.language),
            "send_term": term,
            "send_days_late": days_late,
            "can_write": not document.is_sent and can_write_recommendations(request.user, campaign),
        },
    )


def final_document_pdf(request, slug):
    """The PDF: once sent, the very file the bodies received; before, drawn as it stands."""
    campaign = _fetch(request.user, slug)
    document = get_visible_or_404(
        request.user, FinalDocument.private_objects.filter(campaign=campaign), campaign=campaign
    )
    document.campaign = campaign
    filename = report.final_document_filename(campaign, document)
    if document.is_sent and document.pdf:
        return FileResponse(
            document.pdf.open("rb"),
            as_attachment=True,
            filename=filename,
            content_type="application/pdf",
        )
    response = HttpResponse(
        report.final_document_pdf(campaign, document), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # A draft changes: never keep an old one.
    response["Cache-Control"] = "no-store"
    return response


# Writing -----------------------------------------------------------------------------------------


@login_required
@require_http_methods(GET_AND_POST)
def final_document_edit(request, slug):
    campaign, document = _written(request, slug)
    if document is not None and document.is_sent:
        return _sent_already(request, campaign)
    form = FinalDocumentForm(
        request.POST or None,
        initial=FinalDocumentForm.initial_from(campaign, document, translation.get_language()),
    )
    # A draft the public has seen says why it changes.
    add_reason(form, public=document is not None and campaign.is_published)
    if request.method == "POST" and form.is_valid():
        try:
            services.final_document_save(campaign=campaign, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(
                request,
                _("The final document is saved. Read it, then send it to the state bodies."),
            )
            return redirect(_page_url(campaign))
    return render(
        request,
        "accountability/final_document_form.html",
        {"campaign": campaign, "document": document, "form": form},
    )


# Sending -----------------------------------------------------------------------------------------


def _addressees(campaign: Campaign) -> list[dict]:
    """The bodies the recommendations reach, each with the numbers of its recommendations."""
    by_body = defaultdict(list)
    bodies = {}
    for recommendation in (
        Recommendation.private_objects.filter(campaign=campaign)
        .select_related("body")
        .order_by("number")
    ):
        bodies[recommendation.body_id] = recommendation.body
        by_body[recommendation.body_id].append(recommendation.number)
    return [{"body": bodies[pk], "numbers": numbers} for pk, numbers in by_body.items()]


@login_required
@require_http_methods(GET_AND_POST)
def final_document_send(request, slug):
    """Give the date, read what sending does, confirm: the recommendations reach their bodies,
    the PDF is kept as sent, and nothing the document says can change afterwards."""
    campaign, document = _written(request, slug)
    if document is not None and document.is_sent:
        return _sent_already(request, campaign)
    # Everything that stands in the way is said before any date is asked, each with its fix.
    unmet = services.final_document_send_unmet(campaign, document)
    if unmet:
        return render(
            request,
            "accountability/final_document_send.html",
            {"campaign": campaign, "document": document, "unmet": unmet},
        )
    form = SendForm(request.POST or None, initial={"sent_on": timezone.localdate()})
    confirming = False
    if request.method == "POST" and form.is_valid():
        sent_on = form.cleaned_data["sent_on"]
        if "confirm" in request.POST:
            try:
                services.final_document_send(campaign=campaign, actor=request.user, sent_on=sent_on)
            except ValidationError as exc:
                put_errors(form, exc)
            else:
                addressees = _addressees(campaign)
                count = sum(len(a["numbers"]) for a in addressees)
                messages.success(
                    request,
                    ngettext(
                        "The final document is sent. %(count)s recommendation reached the "
                        "state bodies; the answers are due by %(date)s.",
                        "The final document is sent. %(count)s recommendations reached the "
                        "state bodies; the answers are due by %(date)s.",
                        count,
                    )
                    % {"count": count, "date": _short(_answers_due(sent_on))}
                    if count
                    else _("The final document is sent."),
                )
                return redirect(f"{campaign.get_absolute_url()}#final-document")
        else:
            confirming = "edit" not in request.POST
    addressees = _addressees(campaign)
    sent_on = form.cleaned_data.get("sent_on") if form.is_bound and form.is_valid() else None
    return render(
        request,
        "accountability/final_document_send.html",
        {
            "campaign": campaign,
            "document": document,
            "form": form,
            "confirming": confirming and not form.errors,
            "sent_on": sent_on,
            "answers_due": _answers_due(sent_on) if sent_on else None,
            "addressees": addressees,
            "recommendation_count": sum(len(a["numbers"]) for a in addressees),
            "language_name": language_name(document.language),
        },
    )


def _answers_due(sent_on):
    calendar = WorkingCalendar()
    return calendar.deadline(calendar.rule(terms.ANSWER_RULE), sent_on)
