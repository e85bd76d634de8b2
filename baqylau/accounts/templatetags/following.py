"""The follow button of a page: `{% load following %}{% follow_button thing %}`. One query for a
signed-in visitor (their follow of the thing), none for an anonymous one."""

from django import template

from baqylau.accounts.following import following, key_of
from baqylau.accounts.models import Follow
from baqylau.core.permissions import signed_in

register = template.Library()


@register.inclusion_tag("accounts/_follow.html", takes_context=True)
def follow_button(context, target):
    request = context["request"]
    user = request.user
    return {
        "signed_in": signed_in(user),
        "follow": following(user, target) if signed_in(user) else None,
        "target_key": key_of(target),
        "frequencies": Follow.Frequency.choices,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
