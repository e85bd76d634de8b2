"""A report's public page and what people do on it: "this affects me too", an update, "is it
fixed?" (on the page, or from the signed link in the email), and a monitor's verification visit.

The report is fetched through the one door: an unpublished report answers 404 to everyone but its
reporter and the moderators; a hidden one keeps its place with the moderator's reason only.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from baqylau.accounts.models import Role
from baqylau.accounts.permissions import has_role
from baqylau.core.calendar import WorkingCalendar
from baqylau.core.forms import put_errors, report_errors
from baqylau.core.permissions import get_visible_or_404, signed_in, visible
from baqylau.core.ratelimit import client_address
from baqylau.monitoring.models import Visit
from baqylau.monitoring.permissions import Rights

from .. import reports
from ..models import Moderation, ModerationAction, Report
from ..moderation import mark_hidden
from ..permissions import is_moderator, is_reporter
from ..report_forms import FixCheckForm, UpdateForm, VerifyForm
from ..report_selectors import timeline
from .inbox import mark_due

PAGE = Report.private_objects.select_related(
    "category", "project_object", "indicator", "document", "territory", "body", "reporter"
).defer(
    "territory__geometry",
    "project_object__search_text",
    "project_object__description",
    "document__search_text",
    "body__search_text",
)


def _hidden_reason(pk: int) -> str:
    action = (
        ModerationAction.objects.filter(
            item_type=ContentType.objects.get_for_model(Report),
            item_id=pk,
            action=ModerationAction.Action.HIDE,
        )
        .select_related("reason")
        .first()
    )
    return action.reason.name if action and action.reason else ""


def _fetch(request, pk: int) -> Report:
    return get_visible_or_404(request.user, PAGE, pk=pk)


def _visits(user, report: Report):
    """The field visits a monitor may attach: at the report's object, of the campaigns where the
    user records visits."""
    if report.project_object_id is None or not (
        has_role(user, Role.MONITOR) or has_role(user, Role.COORDINATOR)
    ):
        return Visit.private_objects.none()
    visits = list(
        visible(user, Visit)
        .filter(project_object_id=report.project_object_id)
        .select_related("campaign")
    )
    rights = {}
    allowed = []
    for visit in visits:
        if visit.campaign_id not in rights:
            rights[visit.campaign_id] = Rights.of(user, visit.campaign).record
        if rights[visit.campaign_id]:
            allowed.append(visit.pk)
    return Visit.private_objects.filter(pk__in=allowed).select_related("campaign")


def _page_response(request, report: Report, *, status=200, **forms):
    user = request.user
    today = timezone.localdate()
    signed = signed_in(user)
    is_public = report.is_public
    can_support = (
        signed
        and is_public
        and not is_reporter(user, report)
        and (report.is_open or report.status == Report.Status.DONE)
    )
    supported = signed and report.supports.filter(user=user).exists()
    visits = _visits(user, report) if is_public else Visit.private_objects.none()
    events = list(timeline(report, user))
    files = list(report.files.shown().filter(event=None))
    # A photo hidden by a moderator keeps its place with the reason, never its content.
    mark_hidden([*files, *(file for event in events for file in event.files.all())])
    # Counted in working days, as in the officers' inbox.
    mark_due(report, today, WorkingCalendar())
    context = {
        "report": report,
        "events": events,
        "files": files,
        "today": today,
        "answered_on_time": (
            timezone.localdate(report.answered_at) <= report.due_on
            if report.answered_at and report.due_on
            else None
        ),
        "reporter_name": (
            report.reporter.get_full_name() if report.name_public and report.reporter else ""
        ),
        "may_support": can_support and not supported,
        "supported": supported,
        "may_check_fix": report.status == Report.Status.DONE
        and reports.may_check_fix(user, report),
        "fix_form": forms.get("fix_form") or FixCheckForm(),
        "update_form": forms.get("update_form") or (UpdateForm() if signed and is_public else None),
        "verify_form": forms.get("verify_form")
        or (VerifyForm(visits=visits) if visits.exists() else None),
        "moderator": is_moderator(user),
        "hidden_reason": _hidden_reason(report.pk)
        if report.moderation == Moderation.HIDDEN
        else "",
    }
    return render(request, "participation/reports/detail.html", context, status=status)


@require_http_methods(["GET", "HEAD"])
def report_detail(request, pk: int):
    try:
        report = _fetch(request, pk)
    except Http404:
        if not Report.private_objects.filter(pk=pk, moderation=Moderation.HIDDEN).exists():
            raise
        # Hidden by a moderator: the place stays, with the reason, never the content.
        return render(
            request,
            "participation/reports/hidden.html",
            {"pk": pk, "reason": _hidden_reason(pk)},
        )
    return _page_response(request, report)


def _sign_in_first(report: Report):
    return redirect_to_login(report.get_absolute_url())


@require_POST
def support(request, pk: int):
    report = _fetch(request, pk)
    if not signed_in(request.user):
        return _sign_in_first(report)
    try:
        counted = reports.report_support(report=report, user=request.user)
    except ValidationError as exc:
        report_errors(request, exc)
    else:
        if counted:
            messages.success(request, _("Thank you: you are counted among those it affects."))
        else:
            messages.info(request, _("You are already counted."))
    return redirect(report)


def _attempt(request, form, step, *, done: str, then):
    """Run a service step with what the form parsed: a redirect with `done` said, or None with
    the service's refusal on the form."""
    if not form.is_valid():
        return None
    try:
        result = step(form.cleaned_data)
    except ValidationError as exc:
        put_errors(form, exc)
        return None
    messages.success(request, done(result) if callable(done) else done)
    return redirect(then(result) if callable(then) else then)


def _update_done(event) -> str:
    if event.moderation == Moderation.PUBLISHED:
        return _("Your update is published.")
    return _("Your update is sent. A moderator will publish it.")


@require_POST
def update_add(request, pk: int):
    report = _fetch(request, pk)
    if not signed_in(request.user):
        return _sign_in_first(report)
    form = UpdateForm(request.POST, request.FILES)
    response = _attempt(
        request,
        form,
        lambda data: reports.report_update_add(
            report=report,
            actor=request.user,
            text=data["text"],
            uploads=data["files"],
            client_address=client_address(request),
        ),
        done=_update_done,
        then=lambda event: f"{report.get_absolute_url()}#event-{event.pk}",
    )
    return response or _page_response(request, report, status=400, update_form=form)


def _check_fixed(request, report, form, *, token: str = ""):
    return _attempt(
        request,
        form,
        lambda data: reports.report_check_fixed(
            report=report, fixed=data["fixed"], user=request.user, token=token
        ),
        done=_("Thank you for your answer."),
        then=report,
    )


@require_POST
def fix_check(request, pk: int):
    """The reporter's or a supporter's answer on the page."""
    report = _fetch(request, pk)
    if not reports.may_check_fix(request.user, report):
        raise PermissionDenied
    form = FixCheckForm(request.POST)
    response = _check_fixed(request, report, form)
    return response or _page_response(request, report, status=400, fix_form=form)


@require_http_methods(["GET", "HEAD", "POST"])
def fixed_link(request, pk: int, token: str):
    """The signed link in the email after the body said done: GET asks, POST answers."""
    report = _fetch(request, pk)
    form = FixCheckForm(request.POST or None)
    if request.method == "POST":
        response = _check_fixed(request, report, form, token=token)
        if response:
            return response
    return render(
        request,
        "participation/reports/fixed.html",
        {"report": report, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def verify(request, pk: int):
    report = _fetch(request, pk)
    visits = _visits(request.user, report)
    if not report.is_public or not visits.exists():
        raise PermissionDenied
    form = VerifyForm(request.POST, visits=visits)
    response = _attempt(
        request,
        form,
        lambda data: reports.report_verify(
            report=report, visit=data["visit"], actor=request.user, text=data["text"]
        ),
        done=_("The visit is attached to the report."),
        then=report,
    )
    return response or _page_response(request, report, status=400, verify_form=form)


urlpatterns = [
    path("reports/<int:pk>/", report_detail, name="report"),
    path("reports/<int:pk>/support/", support, name="report_support"),
    path("reports/<int:pk>/update/", update_add, name="report_update"),
    path("reports/<int:pk>/is-it-fixed/", fix_check, name="report_fix_check"),
    path("reports/<int:pk>/fixed/<str:token>/", fixed_link, name="fixed"),
    path("reports/<int:pk>/verify/", verify, name="report_verify"),
]
