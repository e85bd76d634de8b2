"""Who may take which step on meetings. Views ask these before calling the services, which ask
them again.

- A meeting is organised by the people of its organiser: a coordinator of an NGO or a public
  council, or an officer of a state body (which organises the hearing of its own report).
- Any signed-in user asks questions, supports others' and registers to attend a published
  meeting that has not started yet.
- Questions are moderated by the platform's moderators and by the organiser's people.
- An officer of a body answers for its commitments (`commitments.is_officer_of`).
"""

from baqylau.accounts.models import Role
from baqylau.core.permissions import signed_in
from baqylau.participation.permissions import is_moderator
from baqylau.registry.models import Organisation

from .commitments import is_officer_of
from .models import Meeting

ORGANISING_ROLES = (Role.COORDINATOR, Role.OFFICER)


def organisers_of(user):
    """The organisations in whose name the user organises meetings."""
    if not signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role__in=ORGANISING_ROLES
    ).distinct()


def can_organise(user, organisation=None) -> bool:
    if not signed_in(user):
        return False
    memberships = user.memberships.filter(role__in=ORGANISING_ROLES)
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    return memberships.exists()


def can_edit(user, meeting: Meeting) -> bool:
    return can_organise(user, meeting.organiser)


def is_open_to_public(meeting: Meeting) -> bool:
    return meeting.is_published and not meeting.is_withdrawn


def can_take_part(user, meeting: Meeting, now) -> bool:
    """Ask, support and register: a signed-in user, before the meeting starts."""
    return signed_in(user) and is_open_to_public(meeting) and meeting.starts_at > now


def can_moderate(user, meeting: Meeting) -> bool:
    return is_moderator(user) or can_edit(user, meeting)


def can_answer_commitment(user, commitment) -> bool:
    return is_officer_of(user, commitment.body)
