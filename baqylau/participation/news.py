"""What the followers of a report, and of the places and bodies it concerns, hear of it
(`accounts.following`). The report services call these inside their transaction, once the report
is public; nothing is said of a held, hidden or unconfirmed report, nor who reported it."""

from django.utils.translation import gettext as _

from baqylau.accounts.following import announce

from .models import Report, ReportEvent


def _territories(report: Report) -> list:
    """The report's territory and those above it: a region's followers hear of its districts."""
    found = []
    place = report.territory
    while place is not None and len(found) < 6:
        found.append(place)
        place = place.parent
    return found


def report_published(report: Report) -> None:
    """A new public report: to the followers of its object, document, body, category and
    territories."""
    documents = {report.document}
    if report.project_object is not None:
        documents.add(report.project_object.document)
    announce(
        targets=[
            report.project_object,
            *documents,
            report.body,
            report.category,
            *_territories(report),
        ],
        kind="report.published",
        subject=report,
        text=lambda: (
            _("New problem report at %(place)s: %(title)s (%(category)s)")
            % {"place": report.subject, "title": report.title, "category": report.category}
        ),
    )


def report_event(report: Report, event: ReportEvent, *, actor) -> None:
    """An answer of the body, or the reporter's "fixed" / "not fixed": to the followers of the
    report and of its object."""

    def text() -> str:
        if event.kind in ReportEvent.ANSWERS:
            return _("%(body)s on the report “%(title)s”: %(answer)s") % {
                "body": event.from_body or _("The body"),
                "title": report.title,
                "answer": event.get_kind_display(),
            }
        return _("The report “%(title)s”: %(what)s") % {
            "title": report.title,
            "what": event.get_kind_display(),
        }

    announce(
        targets=[report, report.project_object],
        kind=f"report.{event.kind}",
        subject=report,
        text=text,
        exclude=[actor] if actor is not None else (),
    )
