"""The services of community scorecards. Keyword-only arguments, one transaction each, and a
ValidationError naming its field; a step that records several rows (a group's paper scores, the
provider's self-evaluation) checks them all before it writes any.

Who may call which is asked of permissions.py by the views; the services keep the rules of the
scorecard itself (the campaign's form, the parts belonging to the same scorecard, scores 1 to 5).
"""

import datetime
from decimal import Decimal
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from baqylau.core.services import field_error, lock, require_text
from baqylau.meetings.commitments import commitment_propose, commitments_publish
from baqylau.meetings.models import Commitment, Meeting, MeetingKind
from baqylau.methods.models import ItemKind, ItemUse
from baqylau.monitoring.models import Campaign, ControlForm

from . import tasks
from .models import (
    SCORES,
    ActionItem,
    FocusGroup,
    GroupKind,
    GroupParticipant,
    GroupScore,
    Indicator,
    InputItem,
    OnlineScore,
    ProviderScore,
    Scorecard,
)


def _not_closed(scorecard: Scorecard) -> None:
    if scorecard.campaign.is_closed:
        raise ValidationError(_("The campaign is closed."), code="closed")


@transaction.atomic
def scorecard_start(*, campaign: Campaign, project_object, service: str, by) -> Scorecard:
    """Start the scorecard of a campaign of that form, about a service at one of its objects;
    its round is the next at that object."""
    if campaign.form != ControlForm.SCORECARD:
        raise ValidationError(
            _("Only a campaign of the form “community scorecard” has a scorecard."),
            code="not_scorecard",
        )
    if Scorecard.private_objects.filter(campaign=campaign).exists():
        raise ValidationError(_("This campaign already has its scorecard."), code="exists")
    if project_object is None:
        raise field_error("project_object", _("Choose the object."), "required")
    service = require_text(service, "service", _("Describe the service the users score."))
    earlier = Scorecard.private_objects.filter(project_object=project_object).count()
    return Scorecard.private_objects.create(
        campaign=campaign,
        project_object=project_object,
        service=service,
        round_number=earlier + 1,
        created_by=by,
    )


@transaction.atomic
def input_save(
    *,
    scorecard: Scorecard,
    item: str,
    entitled: Decimal | None,
    source: str,
    actual: Decimal | None,
    unit: str = "",
    note: str = "",
    line: InputItem | None = None,
) -> InputItem:
    """Add a line to the input tracking sheet, or change `line`."""
    _not_closed(scorecard)
    item = require_text(item, "item", _("Name the input."))
    source = require_text(source, "source", _("Name the norm or budget line that sets it."))
    if entitled is None or entitled < 0:
        raise field_error("entitled", _("Give what the service is entitled to."), "required")
    if actual is None or actual < 0:
        raise field_error("actual", _("Give what is there."), "required")
    if line is None:
        line = InputItem(scorecard=scorecard, order=scorecard.inputs.count() + 1)
    elif line.scorecard_id != scorecard.pk:
        raise ValidationError(_("This line is another scorecard's."), code="foreign")
    line.item, line.source, line.unit, line.note = item, source, unit.strip(), note.strip()
    line.entitled, line.actual = entitled, actual
    line.save()
    return line


@transaction.atomic
def group_add(
    *, scorecard: Scorecard, kind: GroupKind, label: str = "", participants: int = 0
) -> FocusGroup:
    """Add a focus group of users of the service (how many took part, never who)."""
    _not_closed(scorecard)
    if kind is None:
        raise field_error("kind", _("Choose the kind of group."), "required")
    if participants is None or participants < 0:
        raise field_error("participants", _("Give how many took part."), "negative")
    return FocusGroup.private_objects.create(
        scorecard=scorecard,
        kind=kind,
        label=(label or "").strip(),
        participants=participants,
        order=scorecard.groups.count() + 1,
    )


@transaction.atomic
def participant_register(*, group: FocusGroup, user) -> GroupParticipant:
    """Register a signed-in user in a group, to score online (once per group)."""
    _not_closed(group.scorecard)
    participant, _created = GroupParticipant.private_objects.get_or_create(group=group, user=user)
    return participant


@transaction.atomic
def indicator_add(*, scorecard: Scorecard, text: str, proposed_by=()) -> Indicator:
    """Add an indicator a group (or several) proposed."""
    _not_closed(scorecard)
    text = require_text(text, "text", _("Write the indicator."))
    groups = list(proposed_by)
    if any(group.scorecard_id != scorecard.pk for group in groups):
        raise field_error("proposed_by", _("Choose the groups of this scorecard."), "foreign")
    indicator = Indicator.private_objects.create(
        scorecard=scorecard, text=text, order=scorecard.indicators.count() + 1
    )
    indicator.proposed_by.set(groups)
    return indicator


@transaction.atomic
def indicators_from_library(*, scorecard: Scorecard, version, by) -> list[Indicator]:
    """Start the indicators from a published indicator set of the library: each of its
    indicators the scorecard does not have yet is added (the focus groups then keep, change or
    add to them), and the library records that the campaign used it."""
    _not_closed(scorecard)
    item = version.item
    if item.kind != ItemKind.INDICATOR_SET or not item.is_published or item.is_withdrawn:
        raise field_error(
            "version", _("Choose a published indicator set of the library."), "not_indicator_set"
        )
    have = {text.casefold() for text in scorecard.indicators.values_list("text", flat=True)}
    added = []
    for text in version.indicators:
        text = (text or "").strip()
        if text and text.casefold() not in have:
            added.append(indicator_add(scorecard=scorecard, text=text))
            have.add(text.casefold())
    ItemUse.private_objects.create(version=version, campaign=scorecard.campaign, created_by=by)
    return added


def _counts_checked(counts, field: str) -> list[int]:
    values = list(counts)
    if len(values) != len(SCORES) or any(v is None or v < 0 for v in values):
        raise field_error(field, _("Give how many gave each score, 0 or more."), "bad_counts")
    return [int(v) for v in values]


@transaction.atomic
def paper_scores_save(*, group: FocusGroup, rows) -> list[GroupScore]:
    """The facilitator's entry of a paper session: for each indicator, how many of the group gave
    each score from 1 to 5, and their reasons. `rows` is [(indicator, [n1..n5], reasons)]; all are
    checked before any is written."""
    scorecard = group.scorecard
    _not_closed(scorecard)
    checked = []
    for indicator, counts, reasons in rows:
        if indicator.scorecard_id != scorecard.pk:
            raise field_error("indicator", _("Score the indicators of this scorecard."), "foreign")
        values = _counts_checked(counts, f"counts_{indicator.pk}")
        if group.participants and sum(values) > group.participants:
            raise field_error(
                f"counts_{indicator.pk}",
                _("More scores than participants in the group (%(n)s).")
                % {"n": group.participants},
                "too_many",
            )
        checked.append((indicator, values, (reasons or "").strip()))
    saved = []
    for indicator, values, reasons in checked:
        score, _created = GroupScore.private_objects.update_or_create(
            indicator=indicator,
            group=group,
            defaults={f"count_{s}": v for s, v in zip(SCORES, values, strict=True)}
            | {"reasons": reasons},
        )
        saved.append(score)
    return saved


def _value_checked(value, field: str) -> int:
    if value not in SCORES:
        raise field_error(field, _("Give a score from 1 to 5."), "bad_score")
    return value


def _scores_checked(scorecard: Scorecard, rows) -> list:
    """The rows [(indicator, value 1..5 or None, reason)] with a score, each checked, before any
    is written."""
    checked = []
    for indicator, value, reason in rows:
        if indicator.scorecard_id != scorecard.pk:
            raise field_error("indicator", _("Score the indicators of this scorecard."), "foreign")
        if value is None:
            continue
        checked.append((indicator, _value_checked(value, f"value_{indicator.pk}"), reason))
    return checked


@transaction.atomic
def online_scores_save(*, participant: GroupParticipant, rows) -> list[OnlineScore]:
    """A registered participant's own scores: [(indicator, value 1..5 or None, reason)]; an
    indicator left without a score is skipped."""
    scorecard = participant.group.scorecard
    _not_closed(scorecard)
    checked = _scores_checked(scorecard, rows)
    saved = []
    for indicator, value, reason in checked:
        score, _created = OnlineScore.private_objects.update_or_create(
            indicator=indicator,
            participant=participant,
            defaults={"value": value, "reason": (reason or "").strip()},
        )
        saved.append(score)
    return saved


@transaction.atomic
def provider_scores_save(*, scorecard: Scorecard, rows) -> list[ProviderScore]:
    """The provider's self-evaluation on the same indicators: [(indicator, value, reason)]."""
    _not_closed(scorecard)
    checked = _scores_checked(scorecard, rows)
    return [
        ProviderScore.private_objects.update_or_create(
            indicator=indicator, defaults={"value": value, "reason": (reason or "").strip()}
        )[0]
        for indicator, value, reason in checked
    ]


@transaction.atomic
def interface_meeting_set(
    *, scorecard: Scorecard, starts_at: datetime.datetime, place: str, by
) -> Meeting:
    """Record the interface meeting of users and provider (a meeting of the meetings app,
    organised by the campaign's NGO, public with the campaign)."""
    _not_closed(scorecard)
    if starts_at is None:
        raise field_error("starts_at", _("Give when the meeting is held."), "required")
    place = require_text(place, "place", _("Say where the meeting is held."))
    campaign = scorecard.campaign
    meeting = scorecard.interface_meeting
    if meeting is None:
        meeting = Meeting.private_objects.create(
            kind=MeetingKind.INTERFACE_MEETING,
            slug=f"{slugify(campaign.slug)[:100]}-interface",
            title=str(_("Interface meeting: %(title)s") % {"title": campaign.title})[:300],
            organiser=campaign.ngo,
            starts_at=starts_at,
            place=place,
            is_published=campaign.is_published,
            published_at=timezone.now() if campaign.is_published else None,
            created_by=by,
        )
        meeting.bodies.set(campaign.bodies.all())
        scorecard.interface_meeting = meeting
        scorecard.save(update_fields=["interface_meeting"])
    else:
        meeting.starts_at, meeting.place = starts_at, place
        meeting.save(update_fields=["starts_at", "place", "updated_at"])
    return meeting


@transaction.atomic
def action_add(
    *,
    scorecard: Scorecard,
    action: str,
    responsible: str,
    due_on: datetime.date | None,
    body,
    indicator: Indicator | None = None,
) -> ActionItem:
    """Add a line to the joint action plan: what, who, by when, and the body that answers."""
    _not_closed(scorecard)
    action = require_text(action, "action", _("Say what is to be done."))
    responsible = require_text(responsible, "responsible", _("Say who does it."))
    if due_on is None:
        raise field_error("due_on", _("Give the date it is due by."), "required")
    if body is None or not body.is_state_body:
        raise field_error("body", _("Choose the state body that answers for it."), "not_body")
    if indicator is not None and indicator.scorecard_id != scorecard.pk:
        raise field_error("indicator", _("Choose an indicator of this scorecard."), "foreign")
    return ActionItem.private_objects.create(
        scorecard=scorecard,
        action=action,
        responsible=responsible,
        due_on=due_on,
        body=body,
        indicator=indicator,
        order=scorecard.actions.count() + 1,
    )


@transaction.atomic
def plan_submit(*, scorecard: Scorecard, by) -> list[Commitment]:
    """Submit the joint action plan to the body: each line not yet submitted becomes a commitment
    awaiting the body's acceptance (public with the campaign)."""
    lock(scorecard)
    _not_closed(scorecard)
    campaign = Campaign.private_objects.get(pk=scorecard.campaign_id)
    lines = list(
        ActionItem.private_objects.filter(scorecard=scorecard, commitment__isnull=True)
        .select_related("body")
        .order_by("order", "id")
    )
    if not lines:
        raise ValidationError(_("The action plan has no line to submit."), code="empty")
    commitments = []
    for line in lines:
        try:
            commitment = commitment_propose(
                origin=line,
                body=line.body,
                text=line.action,
                due_on=line.due_on,
                responsible=line.responsible,
                by=by,
                organisation=campaign.ngo,
                meeting=scorecard.interface_meeting,
                publish=campaign.is_published and campaign.withdrawn_at is None,
            )
        except ValidationError as exc:
            raise ValidationError(
                _("Line %(n)s: %(error)s") % {"n": line.order, "error": " ".join(exc.messages)},
                code="bad_line",
            ) from exc
        line.commitment = commitment
        line.save(update_fields=["commitment"])
        commitments.append(commitment)
    scorecard.plan_submitted_at = timezone.now()
    scorecard.save(update_fields=["plan_submitted_at"])
    for body_id in sorted({line.body_id for line in lines}):
        transaction.on_commit(partial(tasks.plan_submitted_send.enqueue, scorecard.pk, body_id))
    return commitments


@transaction.atomic
def publish_with_campaign(*, campaign: Campaign) -> int:
    """When the campaign is published, its plan's commitments and interface meeting are too."""
    scorecard = Scorecard.private_objects.filter(campaign=campaign).first()
    if scorecard is None:
        return 0
    if scorecard.interface_meeting_id:
        meetings = Meeting.private_objects.filter(pk=scorecard.interface_meeting_id)
        meetings.filter(is_published=False).update(is_published=True, published_at=timezone.now())
    return commitments_publish(
        commitments=list(Commitment.private_objects.filter(scorecard_action__scorecard=scorecard))
    )
