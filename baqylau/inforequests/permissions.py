"""Who may take which step on an information request. Views ask these before calling a service;
the services themselves never check permissions."""

from baqylau.accounts.models import Role
from baqylau.accounts.permissions import has_role
from baqylau.core.permissions import signed_in

from .models import InformationRequest, Status


def can_answer(user, request: InformationRequest) -> bool:
    """An officer of the body the request is addressed to, once it has been sent."""
    return request.status != Status.DRAFT and has_role(user, Role.OFFICER, request.body_id)


def can_manage(user, request: InformationRequest) -> bool:
    """The requester, or staff: send, record the body's steps, classify, appeal, withdraw."""
    return signed_in(user) and (user.pk == request.requester_id or user.is_staff)


def can_redact(user, request: InformationRequest) -> bool:
    """Redact personal data from answers and hide files: the requester or staff, and a
    moderator on a published request (what moderation is for)."""
    if can_manage(user, request):
        return True
    published = request.status != Status.DRAFT and request.is_public
    return published and has_role(user, Role.MODERATOR)


def can_read_originals(user, request: InformationRequest) -> bool:
    """The files as received, with their metadata: the people in the exchange (the requester,
    the officers of the body) and staff; a moderator works on the public copies."""
    return can_manage(user, request) or can_answer(user, request)
