"""Who may take which step on findings, recommendations, the final document and the answers.
Views ask these before calling a service; the services check the rules of the cycle itself.

The monitors' side follows their place on the campaign's team (`monitoring.permissions.Rights`);
the state body's side follows the user's role of officer in the body a recommendation is sent to.
"""

from baqylau.accounts.models import Role
from baqylau.core.permissions import signed_in
from baqylau.monitoring.models import Campaign
from baqylau.monitoring.permissions import Rights
from baqylau.registry.models import Organisation


def can_write_findings(user, campaign: Campaign) -> bool:
    """Record and change findings: a declared member of the team, until the campaign is closed
    (the services refuse once the final document is sent)."""
    return Rights.of(user, campaign).record


def can_write_recommendations(user, campaign: Campaign) -> bool:
    """Recommendations and the final document are the coordinator's: a coordinator on the team
    who has filed a declaration, until the campaign is closed."""
    rights = Rights.of(user, campaign)
    return rights.manage and rights.record


def can_verify(user, campaign: Campaign) -> bool:
    """Record whether the measures a body promised were carried out: a declared member of the
    team, also after the campaign is closed."""
    rights = Rights.of(user, campaign)
    return rights.member is not None and rights.declared


def officer_bodies(user):
    """The state bodies the user is an officer of."""
    if not signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role=Role.OFFICER)


def can_answer(user, recommendation) -> bool:
    """Answer a recommendation or give the date of the decision: an officer of the body it is
    addressed to, once it has been sent."""
    if recommendation.sent_on is None or not signed_in(user):
        return False
    return officer_bodies(user).filter(pk=recommendation.body_id).exists()
