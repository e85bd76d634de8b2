"""The comments and ratings sections that the portal's pages include: {% comments_section target %}
and {% ratings_section object %}, each in a constant number of queries."""

from django import template

from baqylau.participation import opinions

register = template.Library()


def _base(context) -> dict:
    return {
        "user": context.get("user"),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "LANG": context.get("LANG"),
    }


@register.inclusion_tag("participation/opinions/_comments.html", takes_context=True)
def comments_section(context, target):
    return {**_base(context), **opinions.comments_about(target, context.get("user"))}


@register.inclusion_tag("participation/opinions/_ratings.html", takes_context=True)
def ratings_section(context, project_object):
    return {
        **_base(context),
        **opinions.rating_summary(project_object, context.get("user")),
        "rated_object": project_object,
    }
