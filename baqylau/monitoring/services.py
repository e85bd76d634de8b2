"""Planning and running monitoring campaigns.

Every write is a typed service with keyword-only arguments that runs in one transaction. The
services keep the rules of a campaign: who may be on its team, what it may control, which status
comes next. Who may ask for a step is decided in permissions.py, before a service is called.

    PLANNED → IN_PROGRESS → ANALYSIS → DOCUMENT_SENT → ANSWERS_RECEIVED → CLOSED

A campaign moves forward one status at a time, each change dated and recorded on its timeline.

Independence: a campaign is conducted by an NGO, never by a state body; nobody who is an officer
of a body the campaign controls may be on its team.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import NamedTuple, Required, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from baqylau.accounts.models import Membership, Role
from baqylau.core import record
from baqylau.core.history import note_change
from baqylau.core.services import field_error, lock, require_text
from baqylau.core.text import free_slug, latin_slug
from baqylau.registry.models import Organisation, PlanningDocument, ProjectObject

from . import news
from .models import (
    NEXT_STATUS,
    Campaign,
    CampaignMember,
    CampaignStatusChange,
    ConflictDeclaration,
    ControlForm,
    Status,
)

LANGUAGES = ("kk", "ru", "en")
SLUG_LENGTH = 80
# Addresses of pages of the campaign list, which no campaign may take.
RESERVED_SLUGS = {"new", "inbox"}

MemberRole = CampaignMember.Role


# Helpers ---------------------------------------------------------------------------------------


def _translated(field: str, values: Mapping[str, str] | None) -> dict[str, str]:
    values = values or {}
    return {f"{field}_{lang}": (values.get(lang) or "").strip() for lang in LANGUAGES}


def _require_running(campaign: Campaign) -> None:
    if campaign.is_closed:
        raise ValidationError(_("The campaign is closed."), code="closed")


def _slug_for(titles: Mapping[str, str]) -> str:
    base = next(
        (
            slug
            for lang in ("en", "ru", "kk")
            if (slug := latin_slug(titles.get(lang), SLUG_LENGTH))
        ),
        "campaign",
    )
    return free_slug(
        base,
        lambda slug: slug in RESERVED_SLUGS or Campaign.private_objects.filter(slug=slug).exists(),
    )


def _check_slug(slug: str) -> str:
    if slugify(slug) != slug:
        raise field_error("slug", _("Use Latin letters, digits and hyphens only."), "invalid_slug")
    if slug in RESERVED_SLUGS or Campaign.private_objects.filter(slug=slug).exists():
        raise field_error("slug", _("Another campaign already has this address."), "slug_taken")
    return slug


def controlled_body_ids(
    *,
    documents: Iterable[PlanningDocument],
    project_objects: Iterable[ProjectObject],
    bodies: Iterable[Organisation],
) -> set[int]:
    """The state bodies a campaign controls: those named, and those responsible for the
    documents and objects named."""
    ids = {body.pk for body in bodies}
    ids |= {obj.responsible_body_id for obj in project_objects if obj.responsible_body_id}
    ids |= set(
        PlanningDocument.responsible_bodies.through.objects.filter(
            planningdocument__in=[document.pk for document in documents]
        ).values_list("organisation_id", flat=True)
    )
    return ids


def _officer_of(user, body_ids: set[int]) -> Organisation | None:
    membership = (
        Membership.objects.filter(user=user, role=Role.OFFICER, organisation_id__in=body_ids)
        .select_related("organisation")
        .first()
    )
    return membership.organisation if membership else None


def _member_name(user) -> str:
    return user.get_full_name() or user.email


class Plan(TypedDict, total=False):
    """The plan of a campaign, as campaign_create and campaign_update take it. `title` and
    `description` are by language: {"kk": ..., "ru": ...}."""

    title: Required[Mapping[str, str]]
    description: Mapping[str, str] | None
    form: Required[str]
    documents: Iterable[PlanningDocument]
    project_objects: Iterable[ProjectObject]
    bodies: Iterable[Organisation]
    goals: Required[str]
    tasks: Required[str]
    method: Required[str]
    starts_on: Required[date]
    ends_on: Required[date]
    visit_far_metres: int | None
    publish_capture_details: bool | None


# A field visit's limit of distance from its object, in metres: from a site's fence to a district.
FAR_LIMIT_RANGE = (50, 100_000)


class _CheckedPlan(NamedTuple):
    fields: dict  # the campaign's own fields: texts by language, form, dates
    documents: list[PlanningDocument]
    project_objects: list[ProjectObject]
    bodies: list[Organisation]
    body_ids: set[int]  # the state bodies it controls

    def set_controlled(self, campaign: Campaign) -> None:
        campaign.documents.set(self.documents)
        campaign.project_objects.set(self.project_objects)
        campaign.bodies.set(self.bodies)


def _check_plan(
    *,
    title: Mapping[str, str],
    description: Mapping[str, str] | None = None,
    form: str,
    documents: Iterable[PlanningDocument] = (),
    project_objects: Iterable[ProjectObject] = (),
    bodies: Iterable[Organisation] = (),
    goals: str,
    tasks: str,
    method: str,
    starts_on: date,
    ends_on: date,
    visit_far_metres: int | None = None,
    publish_capture_details: bool | None = None,
) -> _CheckedPlan:
    """The plan of a campaign, checked."""
    documents, project_objects, bodies = list(documents), list(project_objects), list(bodies)
    titles = _translated("title", title)
    if not any(titles.values()):
        raise field_error(
            "title", _("Give the campaign a title in at least one language."), "required"
        )
    if form not in ControlForm.values:
        raise field_error("form", _("Choose a form of public control."), "invalid")
    if not (documents or project_objects or bodies):
        raise ValidationError(
            _(
                "Name at least one planning document, object or state body that the campaign "
                "controls."
            ),
            code="nothing_controlled",
        )
    not_public = [d for d in documents if not d.is_published] + [
        o for o in project_objects if not o.document.is_published
    ]
    if not_public:
        raise ValidationError(
            _("%(item)s is not published: a campaign controls what the public can see."),
            code="not_published",
            params={"item": not_public[0]},
        )
    not_state = [body for body in bodies if not body.is_state_body]
    if not_state:
        raise field_error(
            "bodies",
            _("%(body)s is not a state body.") % {"body": not_state[0]},
            "not_state_body",
        )
    if form == ControlForm.REPORT_HEARING and not bodies:
        raise field_error(
            "bodies", _("Name the state body whose report is heard."), "report_without_body"
        )
    if starts_on is None or ends_on is None:
        raise field_error("ends_on", _("Give the start and the end of the campaign."), "required")
    if ends_on < starts_on:
        raise field_error("ends_on", _("The campaign cannot end before it starts."), "ends_early")
    fields = {
        **titles,
        "goals": require_text(goals, "goals", _("Write the goals of the campaign.")),
        "tasks": require_text(tasks, "tasks", _("Write the tasks of the campaign.")),
        "method": require_text(method, "method", _("Describe the method of the campaign.")),
        **_translated("description", description),
        "form": form,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    if visit_far_metres is not None:
        low, high = FAR_LIMIT_RANGE
        if not low <= visit_far_metres <= high:
            raise field_error(
                "visit_far_metres",
                _("Give a distance from %(low)s to %(high)s metres.") % {"low": low, "high": high},
                "far_limit",
            )
        fields["visit_far_metres"] = visit_far_metres
    if publish_capture_details is not None:
        fields["publish_capture_details"] = bool(publish_capture_details)
    body_ids = controlled_body_ids(
        documents=documents, project_objects=project_objects, bodies=bodies
    )
    return _CheckedPlan(fields, documents, project_objects, bodies, body_ids)


def require_after_last_change(campaign: Campaign, day: date, field: str) -> None:
    """An error beside `field` when `day` comes before the campaign's last change of status."""
    changes = campaign.status_changes.order_by("-changed_on")
    last = changes.values_list("changed_on", flat=True).first()
    if last is not None and day < last:
        raise field_error(
            field,
            _("The date cannot come before the previous change, %(date)s.")
            % {"date": date_format(last, "SHORT_DATE_FORMAT")},
            "before_previous",
        )


def _record(
    campaign: Campaign, *, actor, changed_on: date | None = None, note: str = ""
) -> CampaignStatusChange:
    return CampaignStatusChange.private_objects.create(
        campaign=campaign,
        status=campaign.status,
        changed_on=changed_on or timezone.localdate(),
        note=(note or "").strip(),
        actor=actor,
    )


# Planning --------------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(*, ngo: Organisation, author, slug: str = "", **plan: Unpack[Plan]) -> Campaign:
    """A planned, unpublished campaign of the NGO; its author, a coordinator of the NGO, is the
    first member of its team. The form is monitoring unless the plan says otherwise."""
    if ngo.is_state_body:
        raise field_error(
            "ngo", _("Public control is exercised by NGOs, not by state bodies."), "state_body"
        )
    if not Membership.objects.filter(user=author, organisation=ngo, role=Role.COORDINATOR).exists():
        raise field_error(
            "ngo",
            _("Only a coordinator of %(ngo)s may plan its campaigns.") % {"ngo": ngo},
            "not_coordinator",
        )
    checked = _check_plan(**{"form": ControlForm.MONITORING, **plan})
    body = _officer_of(author, checked.body_ids)
    if body is not None:
        raise ValidationError(
            _("You are an officer of %(body)s, which this campaign controls.") % {"body": body},
            code="officer_of_controlled_body",
        )
    slug = _check_slug(slug.strip()) if slug and slug.strip() else _slug_for(plan["title"])
    campaign = Campaign.private_objects.create(
        ngo=ngo, slug=slug, status=Status.PLANNED, created_by=author, **checked.fields
    )
    checked.set_controlled(campaign)
    CampaignMember.private_objects.create(
        campaign=campaign, user=author, role=MemberRole.COORDINATOR, added_by=author
    )
    _record(campaign, actor=author)
    return campaign


@transaction.atomic
def campaign_update(
    *, campaign: Campaign, actor, reason: str = "", **plan: Unpack[Plan]
) -> Campaign:
    """Change the plan of a campaign that is not closed. Its NGO, address and status stay; the
    earlier version is kept with who changed it and the `reason`."""
    lock(campaign)
    _require_running(campaign)
    checked = _check_plan(**plan)
    for member in campaign.members.active().select_related("user"):
        body = _officer_of(member.user, checked.body_ids)
        if body is not None:
            raise ValidationError(
                _(
                    "%(member)s is on the team and an officer of %(body)s: the campaign cannot "
                    "control that body."
                )
                % {"member": _member_name(member.user), "body": body},
                code="officer_of_controlled_body",
            )
    for name, value in checked.fields.items():
        setattr(campaign, name, value)
    note_change(campaign, actor=actor, reason=reason)
    campaign.save()
    checked.set_controlled(campaign)
    record.log(campaign)
    return campaign


# The team --------------------------------------------------------------------------------------


@transaction.atomic
def member_add(
    *, campaign: Campaign, user, role: str = MemberRole.MONITOR, actor
) -> CampaignMember:
    """Put a coordinator or monitor of the campaign's NGO on its team. Only a coordinator of the
    NGO may join as a coordinator."""
    lock(campaign)
    _require_running(campaign)
    if role not in MemberRole.values:
        raise field_error("role", _("Choose coordinator or monitor."), "invalid")
    roles = set(
        Membership.objects.filter(user=user, organisation=campaign.ngo).values_list(
            "role", flat=True
        )
    )
    if not roles & {Role.MONITOR, Role.COORDINATOR}:
        raise field_error(
            "user",
            _("%(person)s is not a monitor or coordinator of %(ngo)s.")
            % {"person": _member_name(user), "ngo": campaign.ngo},
            "not_in_ngo",
        )
    if role == MemberRole.COORDINATOR and Role.COORDINATOR not in roles:
        raise field_error(
            "role",
            _("%(person)s is not a coordinator of %(ngo)s.")
            % {"person": _member_name(user), "ngo": campaign.ngo},
            "not_coordinator",
        )
    if campaign.members.active().filter(user=user).exists():
        raise field_error(
            "user",
            _("%(person)s is already on the team.") % {"person": _member_name(user)},
            "already_member",
        )
    body_ids = controlled_body_ids(
        documents=campaign.documents.all(),
        project_objects=campaign.project_objects.all(),
        bodies=campaign.bodies.all(),
    )
    body = _officer_of(user, body_ids)
    if body is not None:
        raise field_error(
            "user",
            _("%(person)s is an officer of %(body)s, which this campaign controls.")
            % {"person": _member_name(user), "body": body},
            "officer_of_controlled_body",
        )
    return CampaignMember.private_objects.create(
        campaign=campaign, user=user, role=role, added_by=actor
    )


@transaction.atomic
def member_remove(*, member: CampaignMember, actor) -> CampaignMember:
    """Take a person off the team. The membership stays on the record with the date they left;
    the last coordinator cannot leave."""
    campaign = member.campaign
    lock(campaign)
    _require_running(campaign)
    member.refresh_from_db()
    if not member.is_active:
        raise ValidationError(_("This person has already left the team."), code="already_left")
    if (
        member.is_coordinator
        and not campaign.members.active()
        .filter(role=MemberRole.COORDINATOR)
        .exclude(pk=member.pk)
        .exists()
    ):
        raise ValidationError(
            _("The campaign needs a coordinator: add another before this one leaves."),
            code="last_coordinator",
        )
    member.left_at = timezone.now()
    member.save(update_fields=["left_at"])
    return member


@transaction.atomic
def declaration_file(
    *, member: CampaignMember, has_conflict: bool, ties: str = ""
) -> ConflictDeclaration:
    """A member's declaration of their ties to the bodies and contractors controlled. Ties are
    described whenever there is a conflict of interest. A later declaration replaces an earlier
    one, which stays on the record."""
    campaign = member.campaign
    lock(campaign)
    _require_running(campaign)
    member.refresh_from_db()
    if not member.is_active:
        raise ValidationError(
            _("Only a member of the team files a declaration."), code="not_member"
        )
    ties = (ties or "").strip()
    if has_conflict and not ties:
        raise field_error(
            "ties",
            _("Describe your ties to the bodies or contractors controlled."),
            "required",
        )
    return ConflictDeclaration.private_objects.create(
        member=member, has_conflict=bool(has_conflict), ties=ties
    )


# Running ---------------------------------------------------------------------------------------


@transaction.atomic
def campaign_advance(
    *, campaign: Campaign, actor, changed_on: date | None = None, note: str = ""
) -> CampaignStatusChange:
    """Move the campaign to its next status on `changed_on` (today by default), which may be
    neither in the future nor before the previous change. "Final document sent" is reached only
    by sending it (accountability.final_document_send)."""
    lock(campaign)
    following = NEXT_STATUS.get(campaign.status)
    if following is None:
        raise ValidationError(_("The campaign is closed."), code="closed")
    if following == Status.DOCUMENT_SENT:
        # Only sending the final document takes this step: it starts the bodies' terms.
        raise ValidationError(
            _(
                "The campaign moves to this stage when its final document is sent: write it "
                "and send it from the section “Final document” of the campaign page."
            ),
            code="send_document",
        )
    today = timezone.localdate()
    changed_on = changed_on or today
    if changed_on > today:
        raise field_error("changed_on", _("The date cannot be in the future."), "future")
    require_after_last_change(campaign, changed_on, "changed_on")
    campaign.status = following
    campaign.save(update_fields=["status", "updated_at"])
    record.log(campaign)
    return _record(campaign, actor=actor, changed_on=changed_on, note=note)


# What the apps built on monitoring make public with a campaign (a scorecard's commitments and
# interface meeting, say): each registers a function of `campaign` when its app is ready.
campaign_published_listeners: list = []


@transaction.atomic
def campaign_publish(*, campaign: Campaign, actor) -> Campaign:
    """Make the campaign public: its plan, team, declarations and timeline. A team with no
    declaration filed cannot be published."""
    lock(campaign)
    if campaign.is_published:
        raise ValidationError(_("The campaign is already published."), code="published")
    declared = campaign.members.active().filter(declarations__isnull=False)
    if not declared.exists():
        raise ValidationError(
            _(
                "At least one member of the team must file a conflict-of-interest declaration "
                "before the campaign is published."
            ),
            code="no_declaration",
        )
    campaign.is_published = True
    campaign.published_at = timezone.now()
    campaign.save(update_fields=["is_published", "published_at", "updated_at"])
    for listener in campaign_published_listeners:
        listener(campaign=campaign)
    record.log(campaign, parts=True)
    news.campaign_announce(
        campaign,
        kind="campaign.published",
        text=lambda: (
            _("A monitoring campaign is public: %(title)s (%(ngo)s)")
            % {"title": campaign.title, "ngo": campaign.ngo}
        ),
        exclude=[actor],
    )
    return campaign
