"""The links in participation's emails: confirming a report filed without an account."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from .. import reports


def confirm(request, token: str):
    """The reporter's link: the report goes to the moderators; an invalid or expired link says
    so and changes nothing."""
    try:
        report = reports.report_confirm(token=token)
    except ValidationError as exc:
        return render(
            request, "participation/confirm_failed.html", {"errors": exc.messages}, status=400
        )
    messages.success(
        request,
        _("Thank you: your report is confirmed. A moderator will publish it soon."),
    )
    if report.is_public:
        return redirect(report)
    return render(request, "participation/confirmed.html", {"report": report})


urlpatterns = [path("reports/confirm/<str:token>/", confirm, name="confirm")]
