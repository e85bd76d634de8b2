"""What participation publishes as open data (the API, the downloads, Open311): reports as
anyone sees them, whoever asks.

Only published reports, and never one at an object or a planning document that the public may
not see (a document can be unpublished after a report was filed at it); only the public copies of
files that are not hidden, of the report itself or of a published step of its timeline. The
reporter, their email, the exact position and the files' originals and metadata are never read
here.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import OuterRef, Q, Subquery

from baqylau.core.permissions import visible

from .models import Report, ReportEvent, ReportFile
from .states import Moderation

PUBLIC_REPORT_FIELDS = [
    "id",
    "category_id",
    "title",
    "description",
    "project_object_id",
    "indicator_id",
    "document_id",
    "public_latitude",
    "public_longitude",
    "territory_id",
    "body_id",
    "status",
    "moderation",
    "created_at",
    "published_at",
    "received_on",
    "due_on",
    "answered_at",
    "closed_at",
    "planned_on",
    "reopened_count",
    "supporters_count",
    "updated_at",
]


def public_reports():
    """Published reports at what the public may see, with only their public columns."""
    return visible(AnonymousUser(), Report).published().only(*PUBLIC_REPORT_FIELDS)


def public_files():
    """The files the public sees: not hidden, of the report or of a published step; the original
    and the metadata read from it are left out."""
    return (
        ReportFile.objects.filter(moderation=Moderation.PUBLISHED)
        .filter(Q(event=None) | Q(event__moderation=Moderation.PUBLISHED))
        .only("id", "report_id", "event_id", "public_file", "content_type", "name", "created_at")
    )


def public_answers():
    """The body's public answers, latest first."""
    return ReportEvent.objects.published().filter(kind__in=ReportEvent.ANSWERS)


def latest_answer_text():
    """A subquery: the text of the body's latest public answer to the report."""
    answers = public_answers().filter(report=OuterRef("pk")).exclude(text="")
    return Subquery(answers.order_by("-created_at", "-id").values("text")[:1])


def first_photo():
    """A subquery: the storage name of the public copy of the report's first photo."""
    photos = public_files().filter(
        report=OuterRef("pk"), event=None, content_type__startswith="image/"
    )
    return Subquery(photos.order_by("created_at", "id").values("public_file")[:1])
