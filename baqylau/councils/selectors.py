"""Where each line of a plan stands, from the campaigns linked to it.

A campaign stands at its stage of the accountability cycle: planned (not started), under way
(in progress: visits and analysis), its final document sent to the bodies, or the bodies' answers
received (every recommendation it sent answered). A line with no campaign, or only planned ones,
has not started; otherwise it stands where its least advanced campaign stands, a planned one
counting as in progress once another has started: a line is answered only when all its work is.
Only the campaigns the reader may see count, so a private campaign never shows on a public plan.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from baqylau.accountability.models import AnswerState, Recommendation
from baqylau.core.history import attach_public_changes, public_changes
from baqylau.core.permissions import visible
from baqylau.monitoring.models import Campaign, Status

from .models import CouncilMember, MonitoringPlan, PlanLine


class LineState:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DOCUMENT_SENT = "document_sent"
    ANSWERED = "answered"

    ORDER = (NOT_STARTED, IN_PROGRESS, DOCUMENT_SENT, ANSWERED)
    LABELS = {
        NOT_STARTED: _("not started"),
        IN_PROGRESS: _("in progress"),
        DOCUMENT_SENT: _("final document sent"),
        ANSWERED: _("answered"),
    }


CAMPAIGN_STAGE = {
    Status.PLANNED: LineState.NOT_STARTED,
    Status.IN_PROGRESS: LineState.IN_PROGRESS,
    Status.ANALYSIS: LineState.IN_PROGRESS,
    Status.DOCUMENT_SENT: LineState.DOCUMENT_SENT,
    Status.ANSWERS_RECEIVED: LineState.ANSWERED,
    Status.CLOSED: LineState.ANSWERED,
}
ANSWERED_STATES = (AnswerState.ACCEPTED, AnswerState.PARTLY, AnswerState.REJECTED)


@dataclass
class Standing:
    """Where a line stands, with the recommendations its campaigns sent and how many are
    answered."""

    state: str = LineState.NOT_STARTED
    sent: int = 0
    answered: int = 0
    campaigns: list = field(default_factory=list)

    @property
    def label(self):
        return LineState.LABELS[self.state]


def campaign_stage(campaign, sent: int = 0, answered: int = 0) -> str:
    stage = CAMPAIGN_STAGE[campaign.status]
    # Every recommendation sent answered, before the status caught up.
    if stage == LineState.DOCUMENT_SENT and sent and answered == sent:
        return LineState.ANSWERED
    return stage


def line_state(stages: list[str]) -> str:
    started = [s for s in stages if s != LineState.NOT_STARTED]
    if not started:
        return LineState.NOT_STARTED
    if len(started) < len(stages):
        return LineState.IN_PROGRESS
    return min(started, key=LineState.ORDER.index)


def lines_with_campaigns(user, plan: MonitoringPlan):
    """The plan's lines with what the page shows of them, in three queries: the lines, their
    visible campaigns (with their NGO) and every relation the page names."""
    campaigns = visible(user, Campaign).select_related("ngo").order_by("starts_on", "id")
    return (
        PlanLine.private_objects.filter(plan=plan)
        .order_by("number", "id")
        .prefetch_related(
            Prefetch("campaigns", queryset=campaigns),
            "project_objects",
            "documents",
            "bodies",
            "performers",
            "performer_members",
        )
    )


def line_states(lines) -> dict[int, Standing]:
    """Where each line stands, by line id, from the campaigns prefetched on each line
    (`lines_with_campaigns`), with one more query for their recommendations."""
    lines = list(lines)
    campaign_ids = {c.pk for line in lines for c in line.campaigns.all()}
    counts = {}
    if campaign_ids:
        counts = {
            row["campaign_id"]: (row["sent"], row["answered"])
            for row in Recommendation.private_objects.filter(
                campaign_id__in=campaign_ids, withdrawn_at__isnull=True
            )
            .exclude(state=AnswerState.DRAFT)
            .values("campaign_id")
            .annotate(sent=Count("id"), answered=Count("id", filter=Q(state__in=ANSWERED_STATES)))
        }
    standings = {}
    for line in lines:
        stages, sent, answered = [], 0, 0
        for campaign in line.campaigns.all():
            c_sent, c_answered = counts.get(campaign.pk, (0, 0))
            stage = campaign_stage(campaign, c_sent, c_answered)
            campaign.plan_stage = stage
            campaign.plan_stage_label = LineState.LABELS[stage]
            stages.append(stage)
            sent += c_sent
            answered += c_answered
        standings[line.pk] = Standing(
            state=line_state(stages),
            sent=sent,
            answered=answered,
            campaigns=list(line.campaigns.all()),
        )
    return standings


def state_counts(standings: dict[int, Standing]) -> list[tuple[str, object, int]]:
    """How many lines stand at each state, in the order of the cycle."""
    counted = Counter(s.state for s in standings.values())
    return [(state, LineState.LABELS[state], counted[state]) for state in LineState.ORDER]


def members_of(user, council):
    return visible(user, CouncilMember.private_objects.filter(council=council))


def plans_of(user, council):
    return visible(user, MonitoringPlan.private_objects.filter(council=council)).order_by("-year")


def campaign_plan_lines(user, campaign) -> list[PlanLine]:
    """The lines of the plans the user may see that the campaign carries out (one query)."""
    return list(
        visible(user, PlanLine.private_objects.filter(campaigns=campaign))
        .select_related("plan__council")
        .order_by("plan__year", "number")
    )


def linkable_lines(user, campaign):
    """The lines a campaign may be linked to: those of the approved plans."""
    return (
        PlanLine.public_objects.exclude(campaigns=campaign)
        .select_related("plan__council")
        .order_by("-plan__year", "plan__council__name_ru", "number")
    )


def attach_amendments(plan: MonitoringPlan, lines: list[PlanLine]) -> list:
    """The amendments of the plan (returned) and of each line (`line._public_changes`), in two
    queries: only the changes since the approval, the draft was never public."""
    if not plan.is_approved or plan.published_at is None:
        for line in lines:
            line._public_changes = []
        return []
    attach_public_changes(lines)
    for line in lines:
        line._public_changes = [v for v in line._public_changes if v.changed_at > plan.published_at]
    return public_changes(plan, since=plan.published_at)
