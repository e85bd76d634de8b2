"""Atom feeds of the public reports at an object, in a territory (and the territories within
it), to a body, or of a category: each new published report and each public answer or
confirmation on it. Nothing held, hidden or unconfirmed, and never who reported."""

from django.contrib.syndication.views import Feed
from django.urls import path
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from baqylau.core.permissions import get_visible_or_404
from baqylau.registry.models import Organisation, ProjectObject, Territory

from .models import Category, Moderation, Report, ReportEvent

FEED_SIZE = 50
# What a feed tells: publication, the body's answers, the reporter's "fixed" or "not fixed".
FEED_KINDS = (
    ReportEvent.Kind.PUBLISHED,
    *ReportEvent.ANSWERS,
    ReportEvent.Kind.FIXED,
    ReportEvent.Kind.NOT_FIXED,
)
TERRITORY_DEPTH = 4


def public_events():
    return (
        # The public's rule for reports (published, about a public object or plan).
        ReportEvent.objects.filter(
            kind__in=FEED_KINDS,
            moderation=Moderation.PUBLISHED,
            report__in=Report.private_objects.published().values("pk"),
        )
        .select_related("report__category", "from_body", "to_body")
        .order_by("-created_at", "-id")
    )


def territory_ids(territory: Territory) -> list[int]:
    """The territory and those within it (a region's districts and their parts)."""
    found = [territory.pk]
    level = [territory.pk]
    for _depth in range(TERRITORY_DEPTH):
        level = list(Territory.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        if not level:
            break
        found.extend(level)
    return found


class ReportsFeed(Feed):
    """The base: a subclass finds its subject and filters the events by it."""

    feed_type = Atom1Feed
    lookup = "report__project_object"

    def title(self, subject):
        return _("Problem reports: %(name)s") % {"name": subject}

    def subtitle(self, subject):
        return _("New public problem reports and the answers of the responsible bodies.")

    def link(self, subject):
        return subject.get_absolute_url()

    def filtered(self, subject):
        return public_events().filter(**{self.lookup: subject})

    def items(self, subject):
        return self.filtered(subject)[:FEED_SIZE]

    def item_title(self, event):
        report = event.report
        if event.kind == ReportEvent.Kind.PUBLISHED:
            return _("New report: %(title)s (%(category)s)") % {
                "title": report.title,
                "category": report.category,
            }
        return f"{report.title}: {event.get_kind_display()}"

    def item_description(self, event):
        if event.kind == ReportEvent.Kind.PUBLISHED:
            return event.report.description
        parts = [event.text]
        if event.planned_on:
            parts.append(_("Planned by %(date)s.") % {"date": event.planned_on.isoformat()})
        if event.to_body:
            parts.append(_("Forwarded to %(body)s.") % {"body": event.to_body})
        return "\n".join(part for part in parts if part)

    def item_link(self, event):
        return f"{event.report.get_absolute_url()}#event-{event.pk}"

    def item_guid(self, event):
        return self.item_link(event)

    def item_author_name(self, event):
        # An answer is the body's; a report or a confirmation is a citizen's, never named here.
        if event.kind in ReportEvent.ANSWERS and event.from_body:
            return str(event.from_body)
        return _("a citizen")

    def item_pubdate(self, event):
        return event.created_at

    def item_categories(self, event):
        return [str(event.report.category)]


class ObjectReportsFeed(ReportsFeed):
    def get_object(self, request, slug):
        return get_visible_or_404(request.user, ProjectObject, slug=slug)


class TerritoryReportsFeed(ReportsFeed):
    def get_object(self, request, slug):
        return get_visible_or_404(request.user, Territory, slug=slug)

    def filtered(self, territory):
        return public_events().filter(report__territory_id__in=territory_ids(territory))


class BodyReportsFeed(ReportsFeed):
    lookup = "report__body"

    def get_object(self, request, slug):
        return get_visible_or_404(request.user, Organisation, slug=slug)

    def title(self, body):
        return _("Problem reports to %(body)s") % {"body": body}


class CategoryReportsFeed(ReportsFeed):
    lookup = "report__category"

    def get_object(self, request, code):
        return get_visible_or_404(request.user, Category, code=code)


urlpatterns = [
    path("feeds/objects/<slug:slug>/", ObjectReportsFeed(), name="object_feed"),
    path("feeds/territories/<slug:slug>/", TerritoryReportsFeed(), name="territory_feed"),
    path("feeds/bodies/<slug:slug>/", BodyReportsFeed(), name="body_feed"),
    path("feeds/categories/<slug:code>/", CategoryReportsFeed(), name="category_feed"),
]
