"""Reads of problem reports that several pages share: the public list and its map data, the open
reports of a territory or a body by age, the objects near a point, the latest reports and answers.
Each runs a fixed number of queries, however many reports there are."""

from collections import defaultdict

from django.db.models import Prefetch, Q
from django.utils import timezone

from baqylau.core import pagecache
from baqylau.core.permissions import visible
from baqylau.core.uploads import haversine_m
from baqylau.registry.models import ProjectObject

from .models import Report, ReportEvent, ReportFile

MAP_LIMIT = 3000
NEARBY_OBJECTS_METRES = 1000.0
# Pages that name a report's place never load a territory's boundary.
NO_SHAPES = ("territory__geometry", "project_object__search_text")


def public_reports(user):
    """The reports the public lists: published ones, through the one door."""
    return visible(user, Report).published()


def listed(qs):
    return qs.select_related("category", "territory", "project_object", "body").defer(
        *NO_SHAPES, "body__search_text"
    )


def map_rows(qs, *, limit: int = MAP_LIMIT) -> list[list]:
    """[id, latitude, longitude, category code, status] for every report with a public position:
    public fields only (never the reporter's point), one query."""
    rows = (
        qs.exclude(public_latitude=None)
        .order_by("-pk")
        .values_list("pk", "public_latitude", "public_longitude", "category__code", "status")[
            :limit
        ]
    )
    return [[pk, round(lat, 5), round(lon, 5), code, status] for pk, lat, lon, code, status in rows]


def open_by_age(user, *, territories=None, body=None, project_object=None, limit: int = 10) -> dict:
    """The open reports of territories (a territory's id and those of the territories under it), of
    a body or at an object, the oldest first, with the days each has been open: two queries, each
    through the index of its filter (territory, body or object), not the whole table."""
    qs = public_reports(user).filter(status__in=Report.OPEN_STATUSES)
    if project_object is not None:
        qs = qs.filter(project_object=project_object)
    if territories is not None:
        qs = qs.filter(territory_id__in=territories)
    if body is not None:
        qs = qs.filter(body=body)
    today = timezone.localdate()
    reports = list(
        qs.select_related("category").defer("description").order_by("received_on", "pk")[:limit]
    )
    for report in reports:
        report.days_open = (today - report.received_on).days if report.received_on else 0
        report.is_late = bool(report.due_on and report.due_on < today)
    # The same for every reader (published reports at what the public may see): counted once per
    # generation of the site.
    parts = ("open reports", tuple(territories or ()), getattr(body, "pk", body))
    parts += (getattr(project_object, "pk", project_object),)
    return {"reports": reports, "total": pagecache.kept(parts, qs.count)}


def at_object(user, project_object, *, closed_limit: int = 5) -> dict:
    """The public reports at an object: the open ones by age, the latest closed ones, and how many
    there are in all: four queries, however many reports there are."""
    at = public_reports(user).filter(project_object=project_object)
    closed = (
        at.exclude(status__in=Report.OPEN_STATUSES)
        .select_related("category")
        .defer("description")
        .order_by("-closed_at", "-pk")[:closed_limit]
    )
    return {
        "open": open_by_age(user, project_object=project_object),
        "closed": list(closed),
        "total": at.count(),
    }


def with_public_photos(reports: list[Report]) -> list[Report]:
    """Each report's own public photos (not those of its events) as `photos`: one query."""
    photos = defaultdict(list)
    files = ReportFile.objects.published().filter(
        report__in=reports, event=None, content_type__startswith="image/"
    )
    for item in files.only("pk", "report_id", "public_file", "name", "content_type"):
        photos[item.report_id].append(item)
    for report in reports:
        report.photos = photos[report.pk]
    return reports


def nearby_objects(user, *, latitude: float, longitude: float, limit: int = 5):
    """The objects within NEARBY_OBJECTS_METRES of a point, nearest first, that the reporter may
    attach the report to."""
    dlat = NEARBY_OBJECTS_METRES / 111_320.0 * 1.2
    dlon = dlat * 3
    candidates = (
        visible(user, ProjectObject.public_objects.all())
        .filter(
            latitude__range=(latitude - dlat, latitude + dlat),
            longitude__range=(longitude - dlon, longitude + dlon),
        )
        .only("pk", "slug", "kind", "name_kk", "name_ru", "name_en", "latitude", "longitude")[:200]
    )
    found = []
    for obj in candidates:
        obj.distance_m = haversine_m(latitude, longitude, obj.latitude, obj.longitude)
        if obj.distance_m <= NEARBY_OBJECTS_METRES:
            found.append(obj)
    return sorted(found, key=lambda o: (o.distance_m, o.pk))[:limit]


def latest_activity(user, *, limit: int = 5) -> dict:
    """The latest published reports and the bodies' latest public answers: two queries."""
    reports = (
        public_reports(user)
        .select_related("category")
        .defer("description")
        .order_by("-published_at", "-pk")[:limit]
    )
    answers = (
        ReportEvent.objects.published()
        .filter(kind__in=ReportEvent.ANSWERS, report__in=public_reports(user))
        .select_related("report", "from_body")
        .defer("report__description", "from_body__search_text")
        .order_by("-created_at", "-pk")[:limit]
    )
    return {"reports": list(reports), "answers": list(answers)}


def timeline(report: Report, user):
    """The public steps of a report with their public files; a contributor also sees their own
    update while it awaits moderation."""
    shown = Q(moderation__in=["published", "hidden"])
    if user.is_authenticated:
        shown |= Q(actor=user)
    return (
        report.events.filter(shown)
        .select_related("from_body", "to_body", "actor", "visit__campaign")
        .defer("from_body__search_text", "to_body__search_text")
        .prefetch_related(Prefetch("files", queryset=ReportFile.objects.shown()))
    )
