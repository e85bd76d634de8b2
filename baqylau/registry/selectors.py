"""Reads that span several registry models, shaped for the pages, the API and the exports."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.utils import timezone

from baqylau.core.languages import page_language_first, written_in

from . import counters, mapgrid, tasks
from . import status as st
from .models import (
    Financing,
    Goal,
    Indicator,
    IndicatorValue,
    PlanningDocument,
    PlanRevision,
    ProjectObject,
    Territory,
)


@dataclass
class YearCell:
    year: int
    plan: Decimal | None = None
    actual: Decimal | None = None
    achievement: Decimal | None = None
    status: str = st.Status.NO_DATA
    revisions: list = field(default_factory=list)
    actual_source: str = ""
    actual_date: object = None

    @property
    def status_label(self):
        return st.Status(self.status).label


@dataclass
class IndicatorRow:
    indicator: Indicator
    cells: list[YearCell]

    def cell(self, year: int) -> YearCell | None:
        return next((c for c in self.cells if c.year == year), None)

    @property
    def revised(self) -> bool:
        return any(c.revisions for c in self.cells)


@dataclass
class GoalBlock:
    goal: Goal
    rows: list[IndicatorRow]
    status: str = st.Status.NO_DATA

    @property
    def status_label(self):
        return st.Status(self.status).label


class _Value(NamedTuple):
    """An indicator's value in a year, as the document's page reads it."""

    id: int
    indicator_id: int
    year: int
    plan: Decimal | None
    actual: Decimal | None
    actual_source: str
    actual_date: object


def _indicator_rows(indicators, values, revisions, years: list[int]) -> list[IndicatorRow]:
    """`values`: the indicators' _Value by indicator id; `revisions`: the standing plan
    revisions by value id."""
    rows = []
    for indicator in indicators:
        by_year = {v.year: v for v in values.get(indicator.id, ())}
        higher = indicator.direction == Indicator.Direction.HIGHER
        cells = []
        for year in years:
            v = by_year.get(year)
            cell = YearCell(year=year)
            if v is not None:
                cell.plan, cell.actual = v.plan, v.actual
                cell.actual_source, cell.actual_date = v.actual_source, v.actual_date
                cell.achievement = st.achievement(
                    higher_is_better=higher, plan=v.plan, actual=v.actual
                )
                cell.status = st.status_of(cell.achievement)
                cell.revisions = revisions.get(v.id, [])
            cells.append(cell)
        rows.append(IndicatorRow(indicator=indicator, cells=cells))
    return rows


def latest_year_with_actuals(document: PlanningDocument) -> int | None:
    year = (
        IndicatorValue.private_objects.filter(
            indicator__goal__document=document, actual__isnull=False
        )
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return year


def document_goal_blocks(document: PlanningDocument, *, status_year: int | None):
    """Goals with their indicators, a cell per year of the document, and statuses.

    Four queries whatever the number of goals, indicators and years (fewer without indicators
    or values). The values are read as tuples: a page has a few hundred of them.
    """
    years = document.years
    indicators = list(Indicator.private_objects.filter(goal__document=document))
    values, revisions = defaultdict(list), defaultdict(list)
    if indicators:
        read = (
            IndicatorValue.private_objects.filter(indicator__in=[i.id for i in indicators])
            .order_by("year")
            .values_list(*_Value._fields)
        )
        value_ids = []
        for fields in read:
            value = _Value(*fields)
            values[value.indicator_id].append(value)
            value_ids.append(value.id)
        if value_ids:
            standing = PlanRevision.objects.standing().filter(value__in=value_ids)
            for revision in standing.order_by("revised_at"):
                revisions[revision.value_id].append(revision)
    rows_by_goal = defaultdict(list)
    for row in _indicator_rows(indicators, values, revisions, years):
        rows_by_goal[row.indicator.goal_id].append(row)
    blocks = []
    all_achievements = []
    for goal in Goal.private_objects.filter(document=document).select_related("direction"):
        rows = rows_by_goal.get(goal.id, [])
        achievements = [c.achievement for r in rows for c in r.cells if c.year == status_year]
        all_achievements += achievements
        blocks.append(GoalBlock(goal=goal, rows=rows, status=st.aggregate_status(achievements)))
    return blocks, st.aggregate_status(all_achievements)


@dataclass
class FinancingSummary:
    sources: list[tuple[str, str]]
    rows: list[dict]
    total: dict

    @property
    def is_empty(self) -> bool:
        return not self.rows


def _execution(executed, plan):
    if executed is None or not plan:
        return None
    return (Decimal(executed) / Decimal(plan) * 100).quantize(Decimal("0.1"))


def financing_summary(queryset) -> FinancingSummary:
    """Planned, adjusted and executed amounts by year and source, with execution %.

    The current plan of a line is its adjusted amount when there is one.
    """
    data = defaultdict(lambda: {"planned": Decimal(0), "current": Decimal(0), "executed": None})
    sources_seen = set()
    currencies = set()
    for f in queryset.only("year", "source", "planned", "adjusted", "executed", "currency"):
        currencies.add(f.currency)
        for key in ((f.year, f.source), (f.year, None), (None, f.source), (None, None)):
            d = data[key]
            d["planned"] += f.planned
            d["current"] += f.current_plan
            if f.executed is not None:
                d["executed"] = (d["executed"] or Decimal(0)) + f.executed
        sources_seen.add(f.source)
    sources = [(s.value, s.label) for s in Financing.Source if s.value in sources_seen]
    years = sorted({y for (y, _s) in data if y is not None})
    rows = []
    for year in years:
        cells = []
        for source, _label in sources:
            d = data.get((year, source))
            cells.append(d and {**d, "execution": _execution(d["executed"], d["current"])})
        d = data[(year, None)]
        rows.append(
            {
                "year": year,
                "cells": cells,
                # Each with the source's name, which labels it when the row is a card on a phone.
                "labelled_cells": list(zip([label for _s, label in sources], cells, strict=True)),
                "total": {**d, "execution": _execution(d["executed"], d["current"])},
            }
        )
    total = data[(None, None)] if rows else {}
    if total:
        total = {**total, "execution": _execution(total["executed"], total["current"])}
        total["by_source"] = [data[(None, s)] for s, _l in sources]
        total["labelled_by_source"] = [(label, data[(None, s)]) for s, label in sources]
        total["currency"] = currencies.pop() if len(currencies) == 1 else ""
    return FinancingSummary(sources=sources, rows=rows, total=total)


def registry_counts(user) -> dict:
    """How many documents, indicators and objects the user may see, and the planned financing in
    tenge: kept as data for the public (`counters.py`)."""
    return counters.registry(user)


_NAME = {"document": "title", "object": "name", "revision": "name"}


def recent_changes(user, *, limit: int = 8) -> list[dict]:
    """The latest updated documents and objects, and the latest plan revisions, newest first;
    those written in the page's language before the others (an import of English-only donor
    projects does not push the Kazakh plans off a Kazakh page)."""
    from baqylau.core.permissions import visible

    items = []
    documents = visible(user, PlanningDocument).only(
        "slug", "title_kk", "title_ru", "title_en", "updated_at"
    )
    for doc in page_language_first(documents.order_by("-updated_at"), "title")[:limit]:
        items.append({"when": doc.updated_at, "kind": "document", "obj": doc, "named": doc})
    objects = visible(user, ProjectObject).only(
        "slug", "name_kk", "name_ru", "name_en", "updated_at"
    )
    for obj in page_language_first(objects.order_by("-updated_at"), "name")[:limit]:
        items.append({"when": obj.updated_at, "kind": "object", "obj": obj, "named": obj})
    revisions = (
        visible(user, PlanRevision)
        .select_related("value__indicator__goal__document")
        .order_by("-revised_at")[:limit]
    )
    for rev in revisions:
        named = rev.value.indicator
        items.append({"when": rev.revised_at, "kind": "revision", "obj": rev, "named": named})
    items.sort(key=lambda i: i["when"] or timezone.now(), reverse=True)
    items.sort(key=lambda i: not written_in(i["named"], _NAME[i["kind"]]))
    return items[:limit]


def map_points(queryset, *, limit: int) -> list[dict]:
    """Compact marker data for the map: a few fields per object, no model instances."""
    from django.utils.translation import get_language

    lang = (get_language() or "kk")[:2]
    fallbacks = {"kk": ("kk", "ru", "en"), "ru": ("ru", "kk", "en"), "en": ("en", "ru", "kk")}
    name_fields = [f"name_{code}" for code in fallbacks.get(lang, ("kk", "ru", "en"))]
    rows = queryset.exclude(latitude=None).values(
        "slug", "latitude", "longitude", "status", *name_fields
    )[:limit]
    points = []
    for r in rows:
        name = next((r[f] for f in name_fields if r[f]), r["slug"])
        points.append(
            {
                "slug": r["slug"],
                "lat": round(r["latitude"], 6),
                "lon": round(r["longitude"], 6),
                "name": name,
                "status": r["status"],
            }
        )
    return points


# The units a map of objects opens on when the page is about no one territory.
FIRST_LEVEL = (Territory.Kind.REGION, Territory.Kind.CITY_REPUBLICAN)


def territory_box(territory) -> list[list[float]] | None:
    """The territory's bounding box as [[south, west], [north, east]], or None without a shape."""
    if territory is None or territory.min_lat is None:
        return None
    return [[territory.min_lat, territory.min_lon], [territory.max_lat, territory.max_lon]]


def map_focus(
    points: list[dict], territory=None, *, around_points=False
) -> list[list[float]] | None:
    """The box a map of objects opens on: the territory the page is about when it has a shape,
    else the first-level region that holds most of the points, if it holds at least half of
    them (the map offers the others on demand); around_points: the box of the points in that
    region rather than the region's. None: fit every point."""
    box = territory_box(territory)
    if box or not points:
        return box
    best, best_count = None, 0
    for region in Territory.objects.filter(kind__in=FIRST_LEVEL, min_lat__isnull=False).only(
        "min_lat", "min_lon", "max_lat", "max_lon"
    ):
        count = sum(
            region.min_lat <= p["lat"] <= region.max_lat
            and region.min_lon <= p["lon"] <= region.max_lon
            for p in points
        )
        if count > best_count:
            best, best_count = region, count
    if best is None or best_count * 2 < len(points):
        return None
    if not around_points:
        return territory_box(best)
    inside = [
        p
        for p in points
        if best.min_lat <= p["lat"] <= best.max_lat and best.min_lon <= p["lon"] <= best.max_lon
    ]
    lats, lons = [p["lat"] for p in inside], [p["lon"] for p in inside]
    # A margin, so that markers at the edge show whole: a tenth of the box, at least ~5 km.
    dlat = max((max(lats) - min(lats)) / 10, 0.05)
    dlon = max((max(lons) - min(lons)) / 10, 0.05)
    return [[min(lats) - dlat, min(lons) - dlon], [max(lats) + dlat, max(lons) + dlon]]


# The map of objects asks for what is in view --------------------------------------------------

# A view shows single objects up to this many, else clusters; pages embed their objects' markers
# up to MAP_EMBED_LIMIT and, beyond, let the map ask for what is in view.
MAP_VIEW_POINTS = 200
# A marker's name is cut to this many characters (its page has the whole name).
MAP_NAME_LENGTH = 80
MAP_EMBED_LIMIT = 200
# At most this many cells along each side of the view: a view never has more than 24 × 24
# clusters, whatever box and zoom it names.
MAP_GRID_SIDE = 24
MAP_MAX_ZOOM = 20


@dataclass(frozen=True)
class MapBox:
    """A bounding box in degrees, west/south/east/north (longitude first, as in GeoJSON)."""

    west: float
    south: float
    east: float
    north: float


def map_cell_size(box: MapBox, zoom: int) -> float:
    """The side of a cluster's cell in degrees at `zoom` (90 / 2**level: a quarter of a web map
    tile at that zoom), coarser when the box would hold more than MAP_GRID_SIDE cells along a
    side. The cells of a level split exactly in four at the next (mapgrid.py keeps them)."""
    return mapgrid.cell_size(_map_level(box, zoom))


def _map_level(box: MapBox, zoom: int) -> int:
    span = max(box.east - box.west, box.north - box.south)
    return mapgrid.level_for(
        span=span, zoom=max(0, min(zoom, MAP_MAX_ZOOM)), grid_side=MAP_GRID_SIDE
    )


def map_view(
    queryset, *, box: MapBox, zoom: int, name_of, url_of, max_bytes: int, kept: bool = False
) -> dict:
    """What a map shows of `queryset` in `box` at `zoom`: the objects themselves (at most
    MAP_VIEW_POINTS, and only if they take at most `max_bytes` as JSON), or clusters centred on
    the mean of their objects on a grid whose cells shrink as the zoom grows. `kept`: the
    queryset is every public object (no filter), so the clusters may come from the grid kept as
    data (mapgrid.py) when it is current; else the database counts them (GROUP BY the cell's row
    and column). One query when the objects are few, two or three otherwise, whatever their
    number. `name_of`: row -> the name shown, from its name_* columns; `url_of`: slug -> its
    page."""
    import json

    from django.db.models import Avg, Count, F
    from django.db.models.functions import Floor

    inside = queryset.filter(
        latitude__gte=box.south,
        latitude__lte=box.north,
        longitude__gte=box.west,
        longitude__lte=box.east,
    )
    if hasattr(inside, "rewrite"):
        inside = inside.rewrite(False)
    # The objects first, one more than a view shows, in no order (the database stops at the
    # first ones it finds): zoomed in, that is the only query.
    rows = list(
        inside.order_by().values("id", "slug", "status", "latitude", "longitude", *name_of.fields)[
            : MAP_VIEW_POINTS + 1
        ]
    )
    rows.sort(key=lambda r: r["id"])
    if len(rows) <= MAP_VIEW_POINTS:
        objects = [
            {
                "id": r["id"],
                "slug": r["slug"],
                "name": name_of(r)[:MAP_NAME_LENGTH],
                "status": r["status"],
                "lat": round(r["latitude"], 6),
                "lon": round(r["longitude"], 6),
                "url": url_of(r["slug"]),
            }
            for r in rows
        ]
        if len(json.dumps(objects, ensure_ascii=False).encode()) <= max_bytes:
            return {"count": len(rows), "cell": None, "objects": objects, "clusters": []}
    level = _map_level(box, zoom)
    cell = mapgrid.cell_size(level)
    cells = None
    if kept and level <= mapgrid.GRID_LEVELS:
        registry, built, asked = mapgrid.state()
        if built == registry:
            cells = mapgrid.clusters(
                level=level, south=box.south, west=box.west, north=box.north, east=box.east
            )
        else:
            mapgrid.ask_for_build(registry, asked, enqueue=tasks.map_grid_build.enqueue)
    if cells is None:
        cells = list(
            inside.order_by()
            .annotate(row=Floor(F("latitude") / cell), column=Floor(F("longitude") / cell))
            .values("row", "column")
            .annotate(count=Count("id"), lat=Avg("latitude"), lon=Avg("longitude"))
            .values_list("row", "column", "count", "lat", "lon")
        )
    total = sum(count for _row, _column, count, _lat, _lon in cells)
    return {
        "count": total,
        "cell": cell,
        "objects": [],
        "clusters": [
            {"lat": round(lat, 5), "lon": round(lon, 5), "count": count}
            for _row, _column, count, lat, lon in sorted(cells, key=lambda c: (c[0], c[1]))
        ],
    }


class MapNames:
    """The name of an object in `lang`, else in the first language after it that has one."""

    def __init__(self, lang: str):
        order = {"kk": ("kk", "ru", "en"), "ru": ("ru", "kk", "en"), "en": ("en", "ru", "kk")}
        self.fields = [f"name_{code}" for code in order.get(lang, order["kk"])]

    def __call__(self, row: dict) -> str:
        return next((row[f] for f in self.fields if row[f]), row["slug"])


def map_extent(queryset) -> tuple[list[list[float]] | None, int]:
    """The box of every located object of `queryset` and how many they are (one query); the box
    of every public object is kept with the registry's figures (`registry_counts`)."""
    return counters.extent(queryset)
