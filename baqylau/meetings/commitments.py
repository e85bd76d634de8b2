"""The services of commitments: recorded by whoever organised what decided them, accepted or
declined by an officer of the body, reported on by its officers until carried out.

Every function is a service: keyword-only arguments, one transaction, a ValidationError with a
translated message naming its field.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baqylau.accounts.models import Role
from baqylau.core.permissions import signed_in
from baqylau.core.services import field_error, lock, require_text

from .models import Commitment, CommitmentState, CommitmentUpdate, Meeting

State = CommitmentState
Kind = CommitmentUpdate.Kind


def is_officer_of(user, body) -> bool:
    if not signed_in(user) or body is None:
        return False
    return user.memberships.filter(role=Role.OFFICER, organisation=body).exists()


def check_officer(user, commitment: Commitment) -> None:
    if not is_officer_of(user, commitment.body):
        raise ValidationError(
            _("Only an officer of the body answers for its commitments."), code="not_officer"
        )


@transaction.atomic
def commitment_propose(
    *,
    body,
    text: str,
    due_on: datetime.date | None,
    by,
    organisation=None,
    meeting: Meeting | None = None,
    origin=None,
    responsible: str = "",
    publish: bool = False,
) -> Commitment:
    """Record a commitment for the body, awaiting its acceptance. `origin` is what it comes from
    (a scorecard's action plan, say); `organisation` is who proposes it."""
    text = require_text(text, "text", _("Say what the body undertakes to do."))
    if body is None or not body.is_state_body:
        raise field_error("body", _("A commitment is a state body's."), "not_state_body")
    if due_on is None:
        raise field_error("due_on", _("Give the date it is due by."), "required")
    origin_type = ContentType.objects.get_for_model(origin) if origin is not None else None
    return Commitment.private_objects.create(
        body=body,
        text=text,
        due_on=due_on,
        responsible=(responsible or "").strip(),
        meeting=meeting,
        origin_type=origin_type,
        origin_id=origin.pk if origin is not None else None,
        proposed_by=by if signed_in(by) else None,
        proposed_by_organisation=organisation,
        is_published=publish,
    )


@transaction.atomic
def commitments_publish(*, commitments) -> int:
    """Make the commitments public (with what they come from, when that is published)."""
    pks = [c.pk for c in commitments]
    return Commitment.private_objects.filter(pk__in=pks, is_published=False).update(
        is_published=True
    )


@transaction.atomic
def commitment_accept(*, commitment: Commitment, by, text: str = "") -> Commitment:
    """An officer of the body accepts the commitment as its own."""
    lock(commitment)
    check_officer(by, commitment)
    if commitment.state != State.PROPOSED:
        raise ValidationError(_("This commitment has already been answered."), code="answered")
    commitment.state = State.ACCEPTED
    commitment.accepted_by = by
    commitment.accepted_at = timezone.now()
    commitment.save(update_fields=["state", "accepted_by", "accepted_at"])
    CommitmentUpdate.objects.create(
        commitment=commitment, kind=Kind.ACCEPTED, text=(text or "").strip(), author=by
    )
    return commitment


@transaction.atomic
def commitment_decline(*, commitment: Commitment, by, reason: str) -> Commitment:
    """An officer of the body declines the commitment, saying why (the public reads it)."""
    lock(commitment)
    check_officer(by, commitment)
    if commitment.state != State.PROPOSED:
        raise ValidationError(_("This commitment has already been answered."), code="answered")
    reason = require_text(reason, "reason", _("Say why the body declines it."))
    commitment.state = State.DECLINED
    commitment.declined_reason = reason
    commitment.closed_on = timezone.localdate()
    commitment.save(update_fields=["state", "declined_reason", "closed_on"])
    CommitmentUpdate.objects.create(
        commitment=commitment, kind=Kind.DECLINED, text=reason, author=by
    )
    return commitment


@transaction.atomic
def commitment_report(
    *, commitment: Commitment, by, text: str, outcome: str = Kind.PROGRESS
) -> CommitmentUpdate:
    """An officer reports on an accepted commitment: progress, or that it was carried out or not
    (which closes it)."""
    lock(commitment)
    check_officer(by, commitment)
    if commitment.state != State.ACCEPTED:
        raise ValidationError(
            _("Only an accepted commitment that is still open can be reported on."),
            code="not_open",
        )
    if outcome not in (Kind.PROGRESS, Kind.DONE, Kind.NOT_DONE):
        raise field_error("outcome", _("Choose what the report says."), "bad_outcome")
    text = require_text(text, "text", _("Say what has been done."))
    if outcome != Kind.PROGRESS:
        commitment.state = State.DONE if outcome == Kind.DONE else State.NOT_DONE
        commitment.closed_on = timezone.localdate()
        commitment.save(update_fields=["state", "closed_on"])
    return CommitmentUpdate.objects.create(
        commitment=commitment, kind=outcome, text=text, author=by
    )
