"""The state body's side of problem reports: the published reports routed to an officer's bodies,
the one due first on top, and the public answer to each one.

Fetches go through baqylau.core.permissions (a report the user may not see answers 404); who may
answer is asked of permissions.py (403 otherwise); the answer is the service
reports.report_answer, whose ValidationErrors go back on the form with what was typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Prefetch, Q, Value, When
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from baqylau.core.calendar import WorkingCalendar
from baqylau.core.errors import OFFICERS_ONLY
from baqylau.core.forms import put_errors
from baqylau.core.permissions import get_visible_or_404
from baqylau.registry.models import Territory

from .. import reports
from ..inbox_forms import InboxFilterForm, ReportAnswerForm, awaiting_answer, past_due
from ..models import Report, ReportEvent, ReportFile
from ..permissions import can_answer_report, may_see_reporter, officer_bodies
from ..selectors import inbox_of

PAGE_SIZE = 25
GET_AND_POST = ["GET", "HEAD", "POST"]


def mark_due(report: Report, today, calendar: WorkingCalendar) -> None:
    """For a report the body has not answered since it received it: the working days left to
    answer, or how many it is late by (zero on the weekend right after the due date)."""
    report.awaiting = report.answered_at is None and report.status == Report.Status.OPEN
    report.late = report.days_left = report.days_late = None
    if report.awaiting and report.due_on:
        report.late = today > report.due_on
        if report.late:
            report.days_late = calendar.working_days_between(report.due_on, today)
        else:
            report.days_left = calendar.working_days_between(today, report.due_on)


def calendar_over(today, reports) -> WorkingCalendar:
    """A calendar that has read, in one query, every year from today to the reports' due
    dates, so that a page's count of queries does not depend on how many years they span."""
    calendar = WorkingCalendar()
    days = [today, *(report.due_on for report in reports if report.due_on)]
    calendar.working_days_between(min(days), max(days))
    return calendar


# Unanswered first (the one due first on top), then answered but open, then closed.
URGENCY = Case(
    When(answered_at__isnull=True, status=Report.Status.OPEN, then=Value(0)),
    When(status__in=Report.OPEN_STATUSES, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _bodies_of_officer(user) -> int:
    """How many bodies the user is an officer of; none is refused (403)."""
    count = officer_bodies(user).count()
    if not count:
        raise PermissionDenied(OFFICERS_ONLY)
    return count


@login_required
def inbox(request):
    """Problem reports routed to the bodies the user is an officer of."""
    user = request.user
    several = _bodies_of_officer(user) > 1
    today = timezone.localdate()
    qs = inbox_of(user)
    # The territories of the reports, and the ones above them (a region lists its districts').
    places = qs.order_by().values("territory_id")
    territories = (
        Territory.objects.filter(Q(pk__in=places) | Q(children__in=places))
        .distinct()
        .defer("geometry")
    )
    form = InboxFilterForm(request.GET or None, territories=territories, today=today)
    counts = {
        "awaiting": awaiting_answer(qs, today=today).count(),
        "overdue": past_due(qs, today=today).count(),
    }
    if form.is_valid():
        qs = form.filter(qs)
    qs = (
        qs.select_related("category", "body", "territory", "project_object")
        .defer(
            "body__search_text",
            "territory__geometry",
            "project_object__search_text",
        )
        .annotate(urgency=URGENCY)
        .order_by("urgency", F("due_on").asc(nulls_last=True), "-published_at", "-pk")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    calendar = calendar_over(today, page)
    for report in page:
        mark_due(report, today, calendar)
    return render(
        request,
        "participation/inbox/inbox.html",
        {"form": form, "page": page, "counts": counts, "several": several},
    )


# One report ----------------------------------------------------------------------------------


def _addressed(request, pk) -> Report:
    """The report, if the user may see it (404 otherwise) and answer it (403 otherwise)."""
    report = get_visible_or_404(
        request.user,
        Report.private_objects.select_related(
            "category", "body", "territory", "project_object", "indicator", "document", "reporter"
        ).defer("territory__geometry"),
        pk=pk,
    )
    if not can_answer_report(request.user, report):
        raise PermissionDenied
    return report


def _context(request, report: Report, today) -> dict:
    mark_due(report, today, WorkingCalendar())
    shown_files = ReportFile.objects.published()
    events = (
        ReportEvent.objects.filter(report=report)
        .shown()
        .select_related("to_body", "from_body")
        .defer("to_body__search_text", "from_body__search_text")
        .prefetch_related(Prefetch("files", queryset=shown_files))
    )
    return {
        "report": report,
        "events": list(events),
        "files": list(shown_files.filter(report=report, event__isnull=True)),
        "see_reporter": may_see_reporter(request.user, report),
        "today": today,
    }


@login_required
@require_http_methods(GET_AND_POST)
def answer(request, pk):
    """The body's public answer to one report: acknowledged, in progress, done, not its
    responsibility (forwarded) or rejected."""
    report = _addressed(request, pk)
    today = timezone.localdate()
    context = _context(request, report, today)
    if not report.is_open:
        if request.method == "POST":
            messages.error(request, _("This report is closed."))
        return render(request, "participation/inbox/answer.html", context)
    posted = request.method == "POST"
    form = ReportAnswerForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            event = reports.report_answer(
                report=report, actor=request.user, uploads=data.pop("files"), **data
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            if event.kind == ReportEvent.Kind.FORWARDED:
                messages.success(
                    request,
                    _("The report is forwarded to %(body)s.") % {"body": event.to_body},
                )
                return redirect("participation:inbox")
            messages.success(request, _("The answer is recorded and published."))
            return redirect("participation:answer", pk=report.pk)
    if posted and request.FILES and form.errors:
        form.add_error(
            "files", _("Nothing was saved: choose the files again, what you typed is kept.")
        )
    return render(request, "participation/inbox/answer.html", {**context, "form": form})


urlpatterns = [
    path("inbox/", inbox, name="inbox"),
    path("inbox/<int:pk>/", answer, name="answer"),
]
