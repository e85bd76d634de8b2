"""What procurement's pages show of a process: its suppliers, codes in words, a change of value."""

from django import template

from baqylau.core.templatetags.baqylau import num
from baqylau.procurement import selectors
from baqylau.procurement.forms import METHODS, STATUSES, TAGS, in_words

register = template.Library()


@register.filter
def suppliers(process):
    """The suppliers the process's (prefetched) awards went to, each once."""
    return selectors.suppliers_of(process)


@register.filter
def status_words(code):
    """A status of OCDS's codelists in words."""
    return in_words(STATUSES, code) if code else ""


@register.filter
def tags_words(tags):
    """A release's tags (tender, award, contractAmendment...) in words."""
    return ", ".join(str(in_words(TAGS, tag)) for tag in tags or ())


@register.filter
def signed_pct(value):
    """A change in percent with its sign: "+12,5 %", "−4 %"."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return f"{sign}{num(abs(value), 1)}\u00a0%"


@register.filter
def value_change(amendment):
    """How an amendment moved the contract's value (selectors.change), or None."""
    return selectors.change(amendment.value_before, amendment.value_after)


@register.filter
def method_words(code):
    """A procurement method of OCDS's codelist in words."""
    return in_words(METHODS, code) if code else ""
