"""The state body's side of the monitoring cycle: the recommendations sent to an officer's bodies,
the answer to each one separately, and the notice of the date of a decision.

Fetches go through baqylau.core.permissions (what the user may not see answers 404); who may act
is asked of permissions.py (a step the user may not take answers 403); every write is a service
of the services, whose ValidationErrors go back on the form with what was typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from baqylau.core.calendar import WorkingCalendar
from baqylau.core.errors import OFFICERS_ONLY
from baqylau.core.forms import put_errors
from baqylau.core.permissions import get_visible_or_404, visible
from baqylau.monitoring.models import Campaign

from .. import services, terms
from ..forms import AnswerForm, DecisionNoticeForm, InboxFilterForm, measure_formset, overdue
from ..models import (
    AnswerState,
    DecisionNotice,
    PlannedMeasure,
    Recommendation,
    RecommendationAnswer,
)
from ..permissions import can_answer, officer_bodies

PAGE_SIZE = 25
GET_AND_POST = ["GET", "HEAD", "POST"]
# The codes with which evidence_prepare refuses a file; the message names the file.
FILE_ERRORS = {
    "file_type",
    "name_mismatch",
    "file_size",
    "heic_unsupported",
    "bad_image",
    "bad_document",
}
# The classes of inforequests' status badges, reused for the states of a recommendation.
STATE_CLASSES = {
    AnswerState.AWAITING: "awaiting",
    AnswerState.OVERDUE: "overdue",
    AnswerState.ACCEPTED: "answered_full",
    AnswerState.PARTLY: "answered_partial",
    AnswerState.REJECTED: "refused",
}


def _mark_due(item: Recommendation, today, calendar: WorkingCalendar) -> None:
    """For a recommendation still unanswered: the working days left to answer, or how many it
    is late by (zero on the weekend right after the due date)."""
    item.state_class = STATE_CLASSES.get(item.state, "")
    item.late = item.days_left = item.days_late = None
    if item.due_on and not item.is_answered:
        item.late = today > item.due_on
        if item.late:
            item.days_late = calendar.working_days_between(item.due_on, today)
        else:
            item.days_left = calendar.working_days_between(today, item.due_on)


# The inbox ---------------------------------------------------------------------------------------


def _put_errors(form, formset, exc: ValidationError) -> None:
    """A service's errors on the field it names; the measures' above their rows; a refused file
    on the files; anything else above the form."""
    if formset is not None and "measures" in getattr(exc, "error_dict", {}):
        formset._non_form_errors = formset.error_class(
            [message for error in exc.error_dict["measures"] for message in error.messages]
        )
        exc = ValidationError({k: v for k, v in exc.error_dict.items() if k != "measures"})
    put_errors(
        form,
        exc,
        unnamed_field=lambda error: (
            "files" if formset is not None and error.code in FILE_ERRORS else None
        ),
    )


@login_required
def inbox(request):
    """Recommendations sent to the bodies the user is an officer of, the one due first on top."""
    user = request.user
    bodies = list(officer_bodies(user).values_list("pk", flat=True))
    if not bodies:
        raise PermissionDenied(OFFICERS_ONLY)
    today = timezone.localdate()
    form = InboxFilterForm(request.GET or None)
    qs = visible(user, Recommendation.private_objects.inbox_of(user)).select_related(
        "campaign__ngo", "body"
    )
    counts = {
        "awaiting": qs.filter(state=AnswerState.AWAITING, due_on__gte=today).count(),
        "overdue": overdue(qs, today=today).count(),
    }
    if form.is_valid():
        qs = form.filter(qs, today=today)
    qs = qs.order_by(F("due_on").asc(nulls_last=True), "campaign_id", "number")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    calendar = WorkingCalendar()
    for item in page:
        _mark_due(item, today, calendar)
    return render(
        request,
        "accountability/inbox.html",
        {"form": form, "page": page, "counts": counts, "several": len(bodies) > 1},
    )


# One recommendation ------------------------------------------------------------------------------


def _addressed(request, slug, number) -> Recommendation:
    """The recommendation, if the user may see it (404 otherwise) and answer it (403 otherwise)."""
    campaign = get_visible_or_404(
        request.user, Campaign.private_objects.select_related("ngo"), slug=slug
    )
    recommendation = get_visible_or_404(
        request.user,
        Recommendation.private_objects.filter(campaign=campaign).select_related("body"),
        number=number,
    )
    if not can_answer(request.user, recommendation):
        raise PermissionDenied
    recommendation.campaign = campaign
    return recommendation


def _context(recommendation: Recommendation, today) -> dict:
    calendar = WorkingCalendar()
    _mark_due(recommendation, today, calendar)
    answer = (
        RecommendationAnswer.private_objects.filter(recommendation=recommendation)
        .prefetch_related(
            Prefetch("measures", queryset=PlannedMeasure.private_objects.all()), "files"
        )
        .first()
    )
    return {
        "campaign": recommendation.campaign,
        "recommendation": recommendation,
        "findings": list(
            recommendation.findings.select_related("project_object", "indicator", "document")
        ),
        "notices": list(
            DecisionNotice.private_objects.filter(recommendation=recommendation).select_related(
                "meeting"
            )
        ),
        "answer": answer,
    }


@login_required
@require_http_methods(GET_AND_POST)
def answer(request, slug, number):
    """The body's answer to one recommendation: the decision, its reasons, the measures planned
    with their dates and the files. Each recommendation is answered on its own page."""
    recommendation = _addressed(request, slug, number)
    today = timezone.localdate()
    context = _context(recommendation, today)
    if context["answer"] is not None:
        # Answered: the page shows the answer, as the public will see it.
        return render(request, "accountability/answer_form.html", context)
    posted = request.method == "POST"
    more = posted and "more" in request.POST
    formset = measure_formset(request.POST if posted else None, more=more)
    if more:
        # More rows of measures: what was typed comes back unchecked, with blank rows added.
        form = AnswerForm(initial={k: request.POST.get(k) for k in ("decision", "reasons")})
    else:
        form = AnswerForm(request.POST or None, request.FILES or None)
    if posted and not more and form.is_valid() & formset.is_valid():
        try:
            services.answer_give(
                recommendation=recommendation,
                actor=request.user,
                decision=form.cleaned_data["decision"],
                reasons=form.cleaned_data["reasons"],
                measures=formset.measures(),
                files=form.cleaned_data["files"],
            )
        except ValidationError as exc:
            _put_errors(form, formset, exc)
        else:
            messages.success(
                request,
                _("The answer to recommendation No. %(number)s is recorded and published.")
                % {"number": recommendation.number},
            )
            return redirect("accountability:inbox")
    if posted and request.FILES and (more or form.errors or formset.total_error_count()):
        form.add_error(
            "files", _("Nothing was saved: choose the files again, what you typed is kept.")
        )
    return render(
        request,
        "accountability/answer_form.html",
        {**context, "form": form, "formset": formset, "today": today},
    )


@login_required
@require_http_methods(GET_AND_POST)
def decision_notice(request, slug, number):
    """The body gives the date on which it will decide, at least the term `decision-notice`
    ahead, so that the NGO may take part."""
    recommendation = _addressed(request, slug, number)
    today = timezone.localdate()
    context = _context(recommendation, today)
    calendar = WorkingCalendar()
    rule = calendar.rule(terms.NOTICE_RULE)
    earliest = calendar.deadline(rule, today)
    form = None
    if context["answer"] is None:
        form = DecisionNoticeForm(request.POST or None, initial={"decision_on": earliest})
        if request.method == "POST" and form.is_valid():
            try:
                notice = services.decision_notice_give(
                    recommendation=recommendation,
                    actor=request.user,
                    calendar=calendar,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                _put_errors(form, None, exc)
            else:
                messages.success(
                    request,
                    _("The NGO is told that the body decides on %(date)s.")
                    % {"date": date_format(notice.decision_on, "SHORT_DATE_FORMAT")},
                )
                return redirect(
                    "accountability:answer", slug=recommendation.campaign.slug, number=number
                )
    return render(
        request,
        "accountability/notice_form.html",
        {**context, "form": form, "earliest": earliest, "rule": rule},
    )
