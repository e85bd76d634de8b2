"""Reads that span several registry models, shaped for the pages, the API and the exports."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from baqylau.core.languages import page_language_first, written_in

from . import counters
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


def _indicator_rows(indicators, years: list[int]) -> list[IndicatorRow]:
    rows = []
    for indicator in indicators:
        by_year = {v.year: v for v in indicator.values.all()}
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
                cell.revisions = list(v.revisions.all())
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

    Four queries whatever the number of goals, indicators and years.
    """
    years = document.years
    indicators = Indicator.private_objects.filter(goal__document=document).prefetch_related(
        Prefetch(
            "values",
            queryset=IndicatorValue.private_objects.order_by("year").prefetch_related(
                Prefetch(
                    "revisions", queryset=PlanRevision.objects.standing().order_by("revised_at")
                )
            ),
        )
    )
    rows_by_goal = defaultdict(list)
    for row in _indicator_rows(indicators, years):
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
