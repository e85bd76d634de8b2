"""Who may see and do what in participation. Views ask these; `core.permissions.visible` calls
`reports_visible_to` through the querysets.

- Anyone reads published reports, comments and ratings; a hidden item keeps its place with the
  moderator's reason, never its content.
- The reporter sees their own report in every state; a moderator (or an administrator) sees
  everything; an officer sees the published reports routed to their bodies, and the reporter's
  name and address only when the reporter allowed it.
"""

from baqylau.accounts.models import Role
from baqylau.accounts.permissions import has_role
from baqylau.core.permissions import signed_in
from baqylau.registry.models import Organisation

from .states import Moderation


def is_moderator(user) -> bool:
    if not signed_in(user):
        return False
    return user.is_superuser or has_role(user, Role.MODERATOR)


def officer_bodies(user):
    """The state bodies the user is an officer of."""
    if not signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role=Role.OFFICER)


def reports_visible_to(qs, user):
    if is_moderator(user):
        return qs
    if not signed_in(user):
        return qs.published()
    return qs.published() | qs.filter(reporter=user)


def contributions_visible_to(qs, user):
    """Comments, ratings, updates and files: moderators see all; everyone else what is published
    and the places of hidden items (whose content pages never show), and, for an update or a
    file, only on a published report."""
    if is_moderator(user):
        return qs
    qs = qs.filter(moderation__in=[Moderation.PUBLISHED, Moderation.HIDDEN])
    if any(field.name == "report" for field in qs.model._meta.fields):
        qs = qs.filter(report__moderation=Moderation.PUBLISHED)
    return qs


def can_answer_report(user, report) -> bool:
    """An officer of the body the report is routed to, once it is published."""
    if report.moderation != Moderation.PUBLISHED or report.body_id is None:
        return False
    return officer_bodies(user).filter(pk=report.body_id).exists()


def may_see_reporter(user, report) -> bool:
    """The reporter's name and address: moderators, the reporter, and the body's officers only
    when the reporter chose so."""
    if is_moderator(user):
        return True
    if signed_in(user) and report.reporter_id == user.pk:
        return True
    return report.name_to_body and can_answer_report(user, report)


def is_reporter(user, report) -> bool:
    return signed_in(user) and report.reporter_id == user.pk
