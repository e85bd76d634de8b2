"""What the pages read of meetings and commitments, in a fixed number of queries whatever the
number of rows; the portal and the pages of lower apps draw their sections from these."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from baqylau.core.permissions import visible
from baqylau.participation.states import Moderation

from .models import (
    AgendaItem,
    Commitment,
    CommitmentState,
    Decision,
    Meeting,
    Question,
    QuestionSupport,
)


def meetings_for(user):
    return visible(user, Meeting).select_related("organiser", "territory")


def upcoming(user, *, limit=10, **lookup):
    """The meetings to come that the user sees (of a body, a territory...)."""
    return list(
        meetings_for(user)
        .filter(starts_at__gte=timezone.now(), **lookup)
        .order_by("starts_at", "pk")[:limit]
    )


def discussing(user, **lookup):
    """The published meetings whose agenda discusses a campaign or a recommendation."""
    items = AgendaItem.private_objects.filter(**lookup).values("meeting_id")
    return list(
        Meeting.public_objects.filter(pk__in=items)
        .visible_to(user)
        .select_related("organiser")
        .order_by("-starts_at", "-pk")
    )


def questions_of(user, meeting: Meeting):
    """The questions of the meeting the user may read, most supported first, with whether the
    user supports each."""
    questions = (
        visible(user, Question)
        .filter(meeting=meeting)
        .select_related("author")
        .annotate(support_count=Count("supports"))
        .order_by("-support_count", "created_at", "pk")
    )
    if user is not None and user.is_authenticated:
        questions = questions.annotate(
            supported=Exists(QuestionSupport.objects.filter(question=OuterRef("pk"), user=user))
        )
    return list(questions)


def agenda_of(meeting: Meeting, user):
    decisions = Decision.objects.select_related("body", "commitment")
    return list(
        meeting.agenda.select_related("campaign", "recommendation").prefetch_related(
            Prefetch("decisions", queryset=decisions)
        )
    )


def body_commitments(user, body, today):
    """The body's commitments the user sees, with the counts of open, overdue and done."""
    commitments = visible(user, Commitment).filter(body=body)
    counts = commitments.aggregate(
        open=Count("pk", filter=Q(state__in=(CommitmentState.PROPOSED, CommitmentState.ACCEPTED))),
        overdue=Count("pk", filter=Q(state=CommitmentState.ACCEPTED, due_on__lt=today)),
        done=Count("pk", filter=Q(state=CommitmentState.DONE)),
    )
    rows = list(commitments.select_related("meeting").order_by("due_on", "pk")[:50])
    return {"counts": counts, "rows": rows, "today": today}


PUBLIC_QUESTION = Q(moderation=Moderation.PUBLISHED)
