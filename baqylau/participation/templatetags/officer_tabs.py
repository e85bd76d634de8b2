"""The tab bar of the officers' inbox: information requests, recommendations and problem reports
to the user's bodies, each with how many await an answer. The lower apps' inboxes include the
partial "participation/inbox/_tabs.html" by name, so that none of them imports this app."""

from django import template
from django.db.models import F, Func, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from baqylau.accountability import selectors as recommendations
from baqylau.accounts.models import User
from baqylau.inforequests import selectors as requests

from .. import selectors as reports

register = template.Library()


def _count(queryset) -> Subquery:
    """COUNT(*) of the queryset, as a subquery."""
    counted = queryset.order_by().annotate(counted=Func(F("pk"), function="COUNT"))
    return Subquery(counted.values("counted")[:1])


@register.inclusion_tag("participation/inbox/_tab_bar.html", takes_context=True)
def officer_inbox_tabs(context):
    """Three tabs with the counts each app's selector gives, read in one query."""
    request = context["request"]
    user = request.user
    match = request.resolver_match
    current = match.namespace if match else ""
    tabs = [
        ("inforequests", _("Information requests"), requests),
        ("accountability", _("Recommendations"), recommendations),
        ("participation", _("Problem reports"), reports),
    ]
    counts = (
        User.objects.filter(pk=user.pk)
        .annotate(
            **{namespace: _count(app.inbox_awaiting(user)) for namespace, _label, app in tabs}
        )
        .values_list(*(namespace for namespace, _label, _app in tabs))
        .first()
    ) or (0, 0, 0)
    return {
        "tabs": [
            {
                "url": reverse(f"{namespace}:inbox"),
                "label": label,
                "count": count or 0,
                "current": namespace == current,
            }
            for (namespace, label, _app), count in zip(tabs, counts, strict=True)
        ]
    }
