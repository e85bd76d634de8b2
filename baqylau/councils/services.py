"""The steps on a council's plan of public monitoring. Views ask `permissions` who may take them;
these check the rules of the plan itself.

A plan is written as a draft, approved by the council (by a protocol of its session) and is public
from then on. Every later change of an approved plan is an amendment: it says why, the earlier
version of the plan and of the line is kept with that reason, and the plan counts its amendments.
"""

from collections.abc import Iterable, Mapping
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from baqylau.accounts.following import announce
from baqylau.core.history import note_change
from baqylau.core.services import field_error, lock, require_text
from baqylau.monitoring.models import Campaign
from baqylau.registry.models import Organisation

from .models import CouncilMember, CouncilRole, MonitoringPlan, PlanLine, PlanStatus

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def _translated(field: str, values: Mapping[str, str] | str | None) -> dict[str, str]:
    if isinstance(values, str):
        values = {settings.LANGUAGE_CODE: values}
    values = values or {}
    return {f"{field}_{lang}": (values.get(lang) or "").strip() for lang in LANGUAGES}


def _require_some(field: str, values: dict[str, str], message) -> dict[str, str]:
    if not any(values.values()):
        raise field_error(field, message, "required")
    return values


def _require_council(council: Organisation) -> None:
    if council.kind != Organisation.Kind.PUBLIC_COUNCIL:
        raise field_error("council", _("This organisation is not a public council."), "not_council")


def _announce(plan: MonitoringPlan, kind: str, text, actor) -> None:
    """Tell the followers of the council (emails after the commit)."""
    announce(
        targets=[plan.council],
        kind=kind,
        subject=plan,
        text=lambda: text() % {"council": plan.council, "year": plan.year},
        exclude=[actor],
    )


def _announce_amendment(plan: MonitoringPlan, actor) -> None:
    _announce(
        plan,
        "councils.plan_amended",
        lambda: gettext("%(council)s amended its plan of public monitoring for %(year)s."),
        actor,
    )


def _amendment(plan: MonitoringPlan, reason: str) -> str:
    """The reason of a change of an approved plan (required), counted on the plan."""
    if not plan.is_approved:
        return reason.strip()
    reason = require_text(reason, "reason", _("Say why the approved plan is amended."))
    plan.amendments += 1
    plan.amended_on = timezone.localdate()
    return reason


# Members ---------------------------------------------------------------------------------------


@transaction.atomic
def council_member_add(
    *,
    council: Organisation,
    name: Mapping[str, str] | str,
    position: Mapping[str, str] | str = "",
    role: str = CouncilRole.MEMBER,
    user=None,
    since: date | None = None,
    until: date | None = None,
    is_published: bool = True,
) -> CouncilMember:
    """A member of the council, as the council publishes them."""
    _require_council(council)
    names = _require_some("name", _translated("name", name), _("Give the member's name."))
    if role not in CouncilRole.values:
        raise field_error("role", _("Choose a role in the council."), "invalid")
    if since and until and until < since:
        raise field_error("until", _("A membership cannot end before it starts."), "order")
    return CouncilMember.private_objects.create(
        council=council,
        role=role,
        user=user,
        since=since,
        until=until,
        is_published=is_published,
        **names,
        **_translated("position", position),
    )


# Plans -----------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *, council: Organisation, actor, year: int, title: Mapping[str, str] | str
) -> MonitoringPlan:
    """A draft plan of the council for the year, seen only by the council's coordinators."""
    _require_council(council)
    if not 2000 <= int(year) <= 2100:
        raise field_error("year", _("Give the year of the plan."), "invalid")
    if MonitoringPlan.private_objects.filter(council=council, year=year).exists():
        raise field_error(
            "year", _("The council already has a plan for %(year)s.") % {"year": year}, "exists"
        )
    titles = _require_some("title", _translated("title", title), _("Give the plan a title."))
    return MonitoringPlan.private_objects.create(
        council=council, year=year, created_by=actor, **titles
    )


@transaction.atomic
def plan_update(
    *, plan: MonitoringPlan, actor, title: Mapping[str, str] | str, reason: str = ""
) -> MonitoringPlan:
    """Change the title; of an approved plan, an amendment that says why."""
    lock(plan)
    titles = _require_some("title", _translated("title", title), _("Give the plan a title."))
    reason = _amendment(plan, reason)
    for name, value in titles.items():
        setattr(plan, name, value)
    note_change(plan, actor=actor, reason=reason)
    plan.save()
    if plan.is_approved:
        _announce_amendment(plan, actor)
    return plan


@transaction.atomic
def plan_approve(
    *, plan: MonitoringPlan, actor, approved_on: date, approval_reference: str
) -> MonitoringPlan:
    """The council approved the draft at a session (the protocol's number and date): the plan is
    public from now on."""
    lock(plan)
    if plan.is_approved:
        raise ValidationError(_("The plan is already approved."), code="approved")
    if not plan.lines.exists():
        raise ValidationError(_("A plan without lines cannot be approved."), code="empty")
    if approved_on is None:
        raise field_error("approved_on", _("Give the date of the approval."), "required")
    if approved_on > timezone.localdate():
        raise field_error("approved_on", _("The date of approval is in the future."), "future")
    plan.approval_reference = require_text(
        approval_reference, "approval_reference", _("Give the number of the protocol.")
    )
    plan.approved_on = approved_on
    plan.status = PlanStatus.APPROVED
    note_change(plan, actor=actor, reason=str(_("approved")))
    plan.save()
    # Public from the version the approval wrote: its page shows the amendments after it only.
    plan.published_at = plan.history.latest().history_date
    MonitoringPlan.private_objects.filter(pk=plan.pk).update(published_at=plan.published_at)
    _announce(
        plan,
        "councils.plan_approved",
        lambda: gettext("%(council)s approved its plan of public monitoring for %(year)s."),
        actor,
    )
    return plan


# Lines -----------------------------------------------------------------------------------------


@transaction.atomic
def line_save(
    *,
    plan: MonitoringPlan,
    actor,
    line: PlanLine | None = None,
    number: int | None = None,
    subject: Mapping[str, str] | str,
    goals: Mapping[str, str] | str,
    tasks: Mapping[str, str] | str = "",
    term_text: Mapping[str, str] | str = "",
    term_from: date | None = None,
    term_to: date | None = None,
    project_objects: Iterable = (),
    documents: Iterable = (),
    bodies: Iterable = (),
    performers: Iterable = (),
    performer_members: Iterable = (),
    reason: str = "",
) -> PlanLine:
    """Add a line to the plan (`line` None) or change one. While the plan is a draft, freely;
    once it is approved, as an amendment that says why (`reason`), its earlier version kept."""
    lock(plan)
    if line is not None and line.plan_id != plan.pk:
        raise ValidationError(_("The line is not of this plan."), code="other_plan")
    fields = {
        **_require_some("subject", _translated("subject", subject), _("Say what is monitored.")),
        **_require_some("goals", _translated("goals", goals), _("Give the goals.")),
        **_translated("tasks", tasks),
        **_translated("term_text", term_text),
        "term_from": term_from,
        "term_to": term_to,
    }
    if term_from and term_to and term_to < term_from:
        raise field_error("term_to", _("The term cannot end before it starts."), "order")
    if not (term_from or term_to or any(_translated("term_text", term_text).values())):
        raise field_error("term_text", _("Give the term: dates or words."), "required")
    members = list(performer_members)
    if any(m.council_id != plan.council_id for m in members):
        raise field_error(
            "performer_members", _("Choose members of this council."), "other_council"
        )
    taken = PlanLine.private_objects.filter(plan=plan)
    if line is not None:
        taken = taken.exclude(pk=line.pk)
    if number is None:
        number = line.number if line is not None else (taken.count() + 1)
    if number < 1 or taken.filter(number=number).exists():
        raise field_error("number", _("Another line has this number."), "taken")
    reason = _amendment(plan, reason)
    if line is None:
        line = PlanLine(plan=plan)
    line.number = number
    for name, value in fields.items():
        setattr(line, name, value)
    note_change(line, actor=actor, reason=reason)
    line.save()
    line.project_objects.set(project_objects)
    line.documents.set(documents)
    line.bodies.set(bodies)
    line.performers.set(performers)
    line.performer_members.set(members)
    if plan.is_approved:
        note_change(plan, actor=actor, reason=reason)
        plan.save()
        _announce_amendment(plan, actor)
    return line


# Campaigns -------------------------------------------------------------------------------------


def _linkable(line: PlanLine, campaign: Campaign) -> None:
    if not line.plan.is_approved or line.plan.is_withdrawn:
        raise field_error(
            "line", _("Campaigns link to the lines of approved plans only."), "not_approved"
        )
    if campaign.is_withdrawn:
        raise ValidationError(_("The campaign is withdrawn."), code="withdrawn")


@transaction.atomic
def line_link_campaign(*, line: PlanLine, campaign: Campaign, actor) -> PlanLine:
    """The campaign carries out the line of the plan."""
    _linkable(line, campaign)
    if line.campaigns.filter(pk=campaign.pk).exists():
        raise field_error("line", _("The campaign is already linked to this line."), "linked")
    line.campaigns.add(campaign)
    return line


@transaction.atomic
def line_unlink_campaign(*, line: PlanLine, campaign: Campaign, actor) -> PlanLine:
    """The campaign does not carry out the line after all."""
    if not line.campaigns.filter(pk=campaign.pk).exists():
        raise field_error("line", _("The campaign is not linked to this line."), "not_linked")
    line.campaigns.remove(campaign)
    return line
