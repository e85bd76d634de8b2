"""Tags of the portal's shared templates."""

from html import escape

from django import template
from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from baqylau.accountability.models import Finding
from baqylau.core import numbers
from baqylau.core.templatetags.baqylau import translated
from baqylau.registry import status as st
from baqylau.registry.models import Indicator, ProjectObject

register = template.Library()

# Stand for an id and a slug in an address reversed once for all rows.
_ID = 987654321
_SLUG = "object-slug-987654321"


@register.simple_tag
def object_statuses():
    """The statuses of objects, for the map's legend."""
    return ProjectObject.Status.choices


@register.simple_tag
def indicator_rows(rows):
    """The rows of a goal's table on a document's page (registry.selectors.IndicatorRow): the
    indicator, its baseline and a cell per year, plan above actual. Written here rather than by
    a template loop, which took most of the page's time (35 indicators, 5 years each); the words
    and addresses are looked up once for all rows."""
    if not rows:
        return ""
    report = escape(reverse("participation:report_new"))
    comments = escape(reverse("participation:comments", kwargs={"kind": "indicator", "pk": _ID}))
    t_report_title = escape(_("Report a problem with this indicator"))
    t_report = escape(_("report a problem"))
    t_lower = escape(_("lower is better"))
    t_result = escape(_("result indicator"))
    t_comments = escape(_("Comments"))
    t_plan, t_actual, t_revised = escape(_("plan")), escape(_("actual")), escape(_("plan revised"))
    labels = {s.value: escape(s.label) for s in st.Status}
    separators = numbers.separators()

    def num(value):
        return numbers.readable(value, separators=separators)

    out = []
    for row in rows:
        indicator = row.indicator
        pk = indicator.id
        code = f'<span class="code">{escape(str(indicator.code))}</span> ' if indicator.code else ""
        notes = ""
        if indicator.direction == Indicator.Direction.LOWER:
            notes += f" · {t_lower}"
        if indicator.kind == Indicator.Kind.RESULT:
            notes += f" · {t_result}"
        year = indicator.baseline_year
        year = f'<span class="sub">{year}</span>' if year else ""
        out.append(
            f'<tr id="indicator-{pk}">\n<th scope="row">\n{code}{escape(str(indicator.name))}\n'
            f'<a class="report-link" href="{report}?indicator={pk}" title="{t_report_title}">'
            f"{t_report}</a>\n"
            f'<span class="unit">{escape(str(indicator.unit))}{notes}</span>\n'
            f'<a class="sub" href="{comments.replace(str(_ID), str(pk))}">{t_comments}</a>\n'
            f'</th>\n<td class="num">{num(indicator.baseline_value)}'
            f"{year}</td>\n"
        )
        for cell in row.cells:
            revised = (
                f'<a class="revised" href="#rev-{pk}" title="{t_revised}">*</a>'
                if cell.revisions
                else ""
            )
            status = (
                f'<span class="status-text">{labels[cell.status]}</span>\n'
                if cell.plan is not None and cell.actual is not None
                else ""
            )
            out.append(
                f'<td class="num cell-{cell.status!s}">\n'
                f'<span class="plan" title="{t_plan}">{num(cell.plan)}{revised}</span>\n'
                f'<span class="actual" title="{t_actual}">{num(cell.actual)}</span>\n'
                f"{status}</td>\n"
            )
        out.append("</tr>\n")
    return mark_safe("".join(out))


@register.simple_tag
def object_rows(objects):
    """The rows of a table of objects (portal/_object_table.html): name, type, territory, status
    and planned end, the addresses and labels looked up once for all rows."""
    address = reverse("portal:object", kwargs={"slug": _SLUG})
    kinds = _labels(ProjectObject, "kind")
    statuses = _labels(ProjectObject, "status")
    short_date = get_format("SHORT_DATE_FORMAT")
    late = f' <span class="tag tag-warn">{escape(_("late"))}</span>'
    out = []
    for obj in objects:
        territory = obj.territory
        end = obj.planned_end
        out.append(
            f'<tr><th scope="row"><a href="{escape(address.replace(_SLUG, obj.slug))}">'
            f"{conditional_escape(translated(obj, 'name'))}</a></th>\n"
            f"<td>{escape(str(kinds.get(obj.kind, obj.kind)))}</td>\n"
            f"<td>{escape(str(territory.name)) if territory else '—'}</td>\n"
            f'<td><span class="ostatus ostatus-{escape(str(obj.status))}">'
            f"{escape(str(statuses.get(obj.status, obj.status)))}</span>"
            f"{late if obj.is_late else ''}</td>\n"
            f"<td>{escape(dateformat.format(end, short_date)) if end else '—'}</td></tr>\n"
        )
    return mark_safe("".join(out))


def _labels(model, field: str) -> dict:
    """A field's choices and their labels in the current language."""
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


class _Addresses:
    """The addresses of one view for many records: reversed once with stand-ins for its slug and
    number, which each record's own replace (slugs are ASCII: nothing to quote)."""

    def __init__(self, name: str, *, number: bool = False):
        kwargs = {"slug": _SLUG, **({"number": _ID} if number else {})}
        self.pattern = reverse(name, kwargs=kwargs)

    def __call__(self, slug: str, number: int | None = None) -> str:
        address = self.pattern.replace(_SLUG, slug)
        return escape(address if number is None else address.replace(str(_ID), str(number)))


def _text(value) -> str:
    """A value as a template writes it."""
    return conditional_escape(localize(value))


@register.simple_tag
def finding_items(findings):
    """The items of a list of findings (portal/_findings.html), with what each concerns."""
    finding_at = _Addresses("accountability:finding", number=True)
    campaign_at = _Addresses("monitoring:detail")
    object_at = _Addresses("portal:object")
    document_at = _Addresses("portal:document")
    categories = _labels(Finding, "category")
    severities = _labels(Finding, "severity")
    t_object = escape(_("object"))
    t_indicator = escape(_("indicator"))
    t_document = escape(_("planning document"))
    out = []
    for finding in findings:
        campaign = finding.campaign
        severity = _text(severities.get(finding.severity, finding.severity))
        warn = " tag-warn" if finding.severity in ("high", "critical") else ""
        concerns = ""
        if (thing := finding.project_object) and finding.object_shown:
            concerns += f' · {t_object}: <a href="{object_at(thing.slug)}">{_text(thing.name)}</a>'
        concerns += "\n"
        if (indicator := finding.indicator) and finding.indicator_shown:
            code = f"{_text(indicator.code)} " if indicator.code else ""
            year = f" ({_text(finding.year)})" if finding.year else ""
            concerns += f" · {t_indicator}: {code}{_text(indicator.name)}{year}"
        concerns += "\n"
        if (document := finding.document) and finding.document_shown:
            concerns += (
                f' · {t_document}: <a href="{document_at(document.slug)}">'
                f"{_text(document.title)}</a>"
            )
        out.append(
            f'<li class="card">\n'
            f'<a href="{finding_at(campaign.slug, finding.number)}"><strong>'
            f"{_('Finding %(number)s.') % {'number': _text(finding.number)}} "
            f"{_text(finding.title)}</strong></a>\n"
            f'<span class="tag">{_text(categories.get(finding.category, finding.category))}'
            f"</span>\n"
            f'<span class="tag{warn}">{_("severity: %(severity)s") % {"severity": severity}}'
            f"</span>\n"
            f'<p class="meta"><a href="{campaign_at(campaign.slug)}">{_text(campaign.title)}</a>\n'
            f"{concerns}</p>\n</li>\n"
        )
    return mark_safe("".join(out))
