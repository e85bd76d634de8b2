from django import template

from baqylau.inforequests import charts, stats

register = template.Library()


@register.filter
def share(value):
    """A share from 0 to 1 as a percentage, or a dash when there is none."""
    return charts.percent(value)


@register.simple_tag
def body_request_record(body):
    """The body's record of answering information requests, over all years."""
    return stats.body_request_record(body)
