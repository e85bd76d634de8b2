"""Who is trusted, so that what they write is published at once and moderated afterwards
(post-moderation); everyone else's contributions wait for a moderator (pre-moderation). The
rule is data (TrustRule, edited in the back office)."""

from datetime import timedelta

from django.utils import timezone

from baqylau.accounts.models import Role
from baqylau.core.permissions import signed_in

from .models import Comment, Rating, Report, ReportEvent, TrustRule
from .states import Moderation

TRUSTED_ROLES = (Role.MONITOR, Role.COORDINATOR, Role.OFFICER, Role.MODERATOR, Role.ADMINISTRATOR)


def published_contributions(user) -> int:
    published = Moderation.PUBLISHED
    return (
        Report.private_objects.filter(reporter=user, moderation=published).count()
        + Comment.objects.filter(author=user, moderation=published).count()
        + ReportEvent.objects.filter(
            actor=user, kind=ReportEvent.Kind.UPDATE, moderation=published
        ).count()
        + Rating.objects.filter(user=user, moderation=published).exclude(reason="").count()
    )


def is_trusted(user) -> bool:
    if not signed_in(user):
        return False
    if user.is_superuser:
        return True
    rule = TrustRule.current()
    if rule.roles_trusted and user.memberships.filter(role__in=TRUSTED_ROLES).exists():
        return True
    if user.date_joined > timezone.now() - timedelta(days=rule.min_account_days):
        return False
    return published_contributions(user) >= rule.min_published
