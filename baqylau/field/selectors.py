"""What a phone keeps to work offline: the bundle of the campaigns its monitor records in, and the
territories (areas) whose published objects it may keep.

The bundle holds only what its monitor may see: the campaigns where they may record visits (on
the team, with a declaration, the campaign not closed), their own objects, checklists and the
monitor's own visits they may still correct. Its query count does not grow with the campaigns.
"""

from django.conf import settings
from django.db.models import F, Func, IntegerField, OuterRef, Prefetch, Q, Subquery, TextField
from django.db.models.functions import Cast, Coalesce, Length
from django.utils import timezone

from baqylau.core.permissions import signed_in
from baqylau.monitoring.models import (
    Campaign,
    CampaignMember,
    Checklist,
    ChecklistVersion,
    Question,
    Visit,
    VisitAnswer,
)
from baqylau.monitoring.permissions import Rights, can_correct_visit
from baqylau.registry.models import ProjectObject, Territory

CHUNK_BYTES = 1024 * 1024
AREA_MAX_BYTES = 5_000_000
# What one object weighs in an area, as JSON, give or take.
OBJECT_BYTES = 160
# The kinds of territory a monitor may keep offline.
AREA_KINDS = (
    Territory.Kind.REGION,
    Territory.Kind.CITY_REPUBLICAN,
    Territory.Kind.CITY_ADMINISTRATION,
    Territory.Kind.DISTRICT,
)
# A boundary is simplified to about this many degrees (some 100 m): enough to see where an area
# ends on a phone, light to keep.
SIMPLIFY_DEGREES = 0.001


def limits() -> dict:
    return {
        "chunk_bytes": CHUNK_BYTES,
        "max_file_bytes": settings.BAQYLAU_EVIDENCE_MAX_BYTES,
        "area_max_bytes": AREA_MAX_BYTES,
    }


def _number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def version_data(version: ChecklistVersion | None) -> dict | None:
    """A checklist version as the phone asks it: its questions in order."""
    if version is None:
        return None
    return {
        "id": version.pk,
        "number": version.number,
        "questions": [
            {
                "code": q.code,
                "text": q.text,
                "kind": q.kind,
                "required": q.required,
                "unit": q.unit,
                "choices": [
                    {"value": c.get("value"), "label": c.get("label")} for c in q.choices or []
                ],
                "relevant": dict(q.relevant or {}),
                "minimum": _number(q.minimum),
                "maximum": _number(q.maximum),
            }
            for q in version.questions.all()
        ],
    }


def current_version(checklist: Checklist) -> ChecklistVersion | None:
    """The checklist's latest version with its questions."""
    return (
        ChecklistVersion.private_objects.filter(checklist=checklist)
        .prefetch_related(Prefetch("questions", queryset=Question.private_objects.order_by()))
        .order_by("-number")
        .first()
    )


def recording_rights(user) -> dict:
    """{campaign: Rights} of the campaigns where the user may record visits; two queries."""
    if not signed_in(user):
        return {}
    members = (
        CampaignMember.private_objects.active()
        .filter(user=user)
        .select_related("campaign")
        .prefetch_related("declarations")
    )
    rights = {}
    for member in members:
        campaign = member.campaign
        right = Rights(member=member, closed=campaign.is_closed)
        if right.record:
            rights[campaign] = right
    return rights


def visit_data(visit: Visit, user, rights: Rights) -> dict:
    return {
        "id": visit.pk,
        "url": visit.get_absolute_url(),
        "object": visit.project_object_id,
        "visited_on": visit.visited_on.isoformat(),
        "revision": visit.revision,
        "checklist_version": visit.checklist_version_id,
        "answers": {a.question.code: a.value for a in visit.answers.all()},
        "notes": visit.notes,
        "participants": visit.participants,
        "correctable": can_correct_visit(user, visit, rights),
    }


def bundle(user, *, version: str, csrf_token: str) -> dict:
    """Everything the phone needs offline for the user; a fixed number of queries."""
    rights = recording_rights(user)
    campaigns = sorted(rights, key=lambda c: (c.title.lower(), c.pk))
    ids = [c.pk for c in campaigns]
    objects = {pk: [] for pk in ids}
    # The campaigns' own objects, through their many-to-many table: one query.
    link_rows = (
        Campaign.project_objects.through.objects.filter(campaign_id__in=ids)
        .select_related("projectobject__territory")
        .order_by("projectobject__name", "projectobject_id")
    )
    for link in link_rows:
        place = link.projectobject
        objects[link.campaign_id].append(
            {
                "id": place.pk,
                "name": place.name,
                "latitude": place.latitude,
                "longitude": place.longitude,
                "territory": place.territory.slug if place.territory_id else None,
            }
        )
    latest = (
        ChecklistVersion.private_objects.filter(checklist=OuterRef("checklist"))
        .order_by("-number")
        .values("pk")[:1]
    )
    versions = (
        ChecklistVersion.private_objects.filter(checklist__campaign__in=ids, pk=Subquery(latest))
        .select_related("checklist")
        .prefetch_related(Prefetch("questions", queryset=Question.private_objects.order_by()))
    )
    checklists = {pk: [] for pk in ids}
    for item in sorted(versions, key=lambda v: (v.checklist.created_at, v.checklist_id)):
        checklist = item.checklist
        checklists[checklist.campaign_id].append(
            {
                "id": checklist.pk,
                "title": checklist.title,
                "gps_accuracy_m": checklist.gps_accuracy_m,
                "version": version_data(item),
            }
        )
    visits = {pk: [] for pk in ids}
    own = (
        Visit.private_objects.filter(campaign__in=ids, recorded_by=user, withdrawn_at__isnull=True)
        .select_related("campaign")
        .prefetch_related(
            Prefetch("answers", queryset=VisitAnswer.private_objects.select_related("question"))
        )
        .order_by("-visited_on", "-pk")
    )
    by_id = {c.pk: c for c in campaigns}
    for visit in own:
        campaign = by_id[visit.campaign_id]
        visit.campaign = campaign
        if can_correct_visit(user, visit, rights[campaign]):
            visits[campaign.pk].append(visit_data(visit, user, rights[campaign]))
    return {
        "version": version,
        "generated_at": timezone.now().isoformat(),
        "csrf_token": csrf_token,
        "user": {"id": user.pk, "name": user.get_full_name() or user.get_username()},
        "limits": limits(),
        "campaigns": [
            {
                "id": c.pk,
                "slug": c.slug,
                "title": c.title,
                "url": c.get_absolute_url(),
                "visit_far_metres": c.visit_far_metres,
                "objects": objects[c.pk],
                "checklists": checklists[c.pk],
                "visits": visits[c.pk],
            }
            for c in campaigns
        ],
    }


# Areas ---------------------------------------------------------------------------------------


def _in_area(territory_ref) -> Q:
    """The objects of a territory: located in it or in one of its parts."""
    return Q(territory=territory_ref) | Q(territory__parent=territory_ref)


def areas() -> list[dict]:
    """The territories whose published objects a monitor may keep offline, with how many
    objects each holds and about how much keeping it takes."""
    counted = (
        ProjectObject.public_objects.filter(_in_area(OuterRef("pk")))
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    rows = (
        Territory.objects.filter(kind__in=AREA_KINDS)
        .annotate(
            objects_n=Coalesce(Subquery(counted, output_field=IntegerField()), 0),
            shape_bytes=Coalesce(Length(Cast("geometry", TextField())), 0),
        )
        .defer("geometry")
        .order_by("kind", "name", "pk")
    )
    return [
        {
            "slug": t.slug,
            "name": t.name,
            "objects": t.objects_n,
            "bytes": int(t.shape_bytes) + t.objects_n * OBJECT_BYTES,
        }
        for t in rows
        if t.objects_n
    ]


def _distance2(p, a, b) -> float:
    """The square of the distance from p to the segment a–b, in degrees."""
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return (x - x1) ** 2 + (y - y1) ** 2
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return (x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2


def simplify_ring(ring: list, tolerance: float = SIMPLIFY_DEGREES) -> list:
    """A ring with the points that change its shape by less than `tolerance` left out
    (Douglas–Peucker), coordinates rounded to about a metre; closed rings stay closed."""
    points = [[round(float(x), 5), round(float(y), 5)] for x, y, *_ in ring]
    if len(points) <= 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    limit = tolerance * tolerance
    while stack:
        first, last = stack.pop()
        index, worst = None, limit
        for i in range(first + 1, last):
            d = _distance2(points[i], points[first], points[last])
            if d > worst:
                index, worst = i, d
        if index is not None:
            keep[index] = True
            stack += [(first, index), (index, last)]
    kept = [p for p, k in zip(points, keep, strict=True) if k]
    if len(kept) < 4:  # a ring needs four positions; keep it as it was
        return points
    return kept


def simplify(geometry: dict | None) -> dict | None:
    """A GeoJSON polygon or multipolygon, simplified (see simplify_ring)."""
    if not geometry or geometry.get("type") not in {"Polygon", "MultiPolygon"}:
        return geometry
    if geometry["type"] == "Polygon":
        coordinates = [simplify_ring(ring) for ring in geometry["coordinates"]]
    else:
        coordinates = [
            [simplify_ring(ring) for ring in polygon] for polygon in geometry["coordinates"]
        ]
    return {"type": geometry["type"], "coordinates": coordinates}


def area(territory: Territory) -> dict:
    """A territory to keep offline: its simplified boundary and its published objects."""
    places = (
        ProjectObject.public_objects.filter(_in_area(territory))
        .only("id", "name", "latitude", "longitude")
        .order_by("name", "pk")
    )
    return {
        "slug": territory.slug,
        "name": territory.name,
        "boundary": simplify(territory.geometry),
        "objects": [
            {"id": p.pk, "name": p.name, "latitude": p.latitude, "longitude": p.longitude}
            for p in places
        ],
    }
