from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import pgettext_lazy

from baqylau.core import charts, numbers
from baqylau.core.distances import human_distance
from baqylau.core.history import public_changes
from baqylau.core.languages import fallback_of, written_in

register = template.Library()


@register.filter
def num(value, places=None):
    """A number in the current locale, grouped, without trailing zeros unless places is given."""
    return numbers.readable(value, places)


@register.filter
def money(value):
    """Tenge without decimals."""
    return num(value, 0)


@register.filter
def amount(value):
    """A sum as people read it: "3,6 трлн" from a million up, with the exact figure on hover;
    in full below a million."""
    if value is None or value == "":
        return "—"
    words = numbers.in_words(value)
    if words is None:
        return money(value)
    rounded, unit = words
    return format_html(
        '<abbr class="amount" title="{}">{}\u00a0{}</abbr>', money(value), num(rounded), unit
    )


@register.filter
def pct(value):
    if value is None:
        return "—"
    return f"{num(value, 1)}\u00a0%"


@register.filter
def distance(metres):
    """How far, as people say it: "480 м", "275 км" (core.distances)."""
    return human_distance(metres)


@register.filter
def digest(value):
    """A file's SHA-256 shown short ("b81783f9f5de…" by CSS, code.digest in baqylau.css), the
    whole value in its title and its text: a click selects all of it to copy, a tap opens it."""
    if not value:
        return "—"
    return format_html('<code class="digest" title="{}" tabindex="0">{}</code>', value, value)


@register.simple_tag(takes_context=True)
def language_links(context):
    """Links to the same page in each language, for the switcher (works without JavaScript)."""
    request = context["request"]
    path = request.get_full_path()
    return [
        {"code": code, "name": name, "url": translate_url(path, code)}
        for code, name in settings.LANGUAGES
    ]


@register.simple_tag
def indicator_chart(row, years):
    plan = [c.plan for c in row.cells]
    actual = [c.actual for c in row.cells]
    # The plan as first published: each year's earliest revision kept what it replaced.
    first = [c.revisions[0].previous_plan if c.revisions else c.plan for c in row.cells]
    return charts.plan_actual_svg(
        title=str(row.indicator.name),
        years=years,
        plan=plan,
        actual=actual,
        unit=row.indicator.unit or "",
        first_plan=first if first != plan else None,
    )


@register.simple_tag
def financing_chart(summary, title):
    return charts.financing_bars_svg(title=title, rows=summary.rows)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagination and filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


_IN_LANGUAGE = {
    "kk": pgettext_lazy("written", "in Kazakh"),
    "ru": pgettext_lazy("written", "in Russian"),
    "en": pgettext_lazy("written", "in English"),
}


@register.simple_tag
def translated(obj, field: str):
    """A translated field of `obj` for a list: in the page's language, or else in the language
    it falls back to, marked as such (its `lang` set for screen readers, and a small label)."""
    if text := written_in(obj, field):
        return text
    code, text = fallback_of(obj, field)
    if not text:
        return getattr(obj, field, "") or ""
    return format_html(
        '<span lang="{}">{}</span> <span class="lang-label">{}</span>',
        code,
        text,
        _IN_LANGUAGE[code],
    )


@register.inclusion_tag("_record_changes.html")
def record_changes(record, since=None):
    """When the record's public fields last changed and why, with their earlier versions (only
    those since `since`, when it became public)."""
    return {"changes": public_changes(record, since)}
