"""The registry's public figures (how many documents, indicators and objects the public may see,
and the planned financing in tenge), kept as data rather than counted at every request: at the
scale of the whole country the counts took most of the home page's time, and the API lists' totals
cost in proportion to the tables.

The figures live in one `Counter` row. Every write to what they count (a document, a goal, an
indicator, an object or a financing line, through `save()`, `delete()` or a queryset's bulk
paths: see `CountedQuerySet` in models.py) raises the row's generation after the write, in the
writer's own transaction. A reader uses the stored figures while they were counted at the current
generation; otherwise it counts again and stores the result only if the generation has not moved
meanwhile, and without waiting for a writer that holds the row (it then answers with what it
counted, and the next reader counts again). So the figures are never stale after a commit, and
a reader never waits for an import to end.

Staff see unpublished records too: their figures are counted at each request.

The same generation, with a second one (the `Counter` row DETAILS, raised by every write to
indicator values, plan revisions, territories and organisations), tells the downloads built as
files (baqylau.api.built) and the map's grid (mapgrid.py, REGISTRY only) when to be built again.
"""

import contextlib
from decimal import Decimal

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Count, Max, Min, Q, Sum

from baqylau.core.permissions import visible

from .models import (
    Counter,
    Financing,
    Indicator,
    PlanningDocument,
    ProjectObject,
    registry_changed,
)

REGISTRY = Counter.REGISTRY
# What the registry's figures count has changed: the next reader counts again. Called by the
# models' save() and delete() and their querysets' bulk paths, after the write, in its transaction.
changed = registry_changed


def count(user=None) -> dict:
    """The figures counted now, of what `user` may see (the public by default). `extent` is the
    box of the located objects and how many they are (`selectors.map_extent`): the map of every
    object opens on it."""
    objects = visible(user, ProjectObject)
    return {
        "documents": visible(user, PlanningDocument).count(),
        "indicators": visible(user, Indicator).count(),
        "objects": objects.count(),
        "financing": visible(user, Financing)
        .filter(currency="KZT")
        .aggregate(total=Sum("planned"))["total"],
        "extent": extent(objects),
    }


def extent(queryset) -> tuple[list[list[float]] | None, int]:
    """The box of every located object of `queryset`, [[south, west], [north, east]] (None when
    none has a location), and how many located objects there are. One query."""
    box = (
        queryset.exclude(latitude=None)
        .exclude(longitude=None)
        .order_by()
        .aggregate(
            south=Min("latitude"),
            west=Min("longitude"),
            north=Max("latitude"),
            east=Max("longitude"),
            count=Count("id"),
        )
    )
    if not box["count"]:
        return None, 0
    return [[box["south"], box["west"]], [box["north"], box["east"]]], box["count"]


def extent_and_total(queryset) -> tuple[list[list[float]] | None, int, int]:
    """`extent(queryset)` and how many objects `queryset` holds, located or not, in the same
    query (a territory's page: one pass over its objects rather than two). `extent` stays on its
    own: its filter on the located ones lets the database read them from their index."""
    located = Q(latitude__isnull=False, longitude__isnull=False)
    box = queryset.order_by().aggregate(
        south=Min("latitude", filter=located),
        west=Min("longitude", filter=located),
        north=Max("latitude", filter=located),
        east=Max("longitude", filter=located),
        count=Count("id", filter=located),
        total=Count("id"),
    )
    if not box["count"]:
        return None, 0, box["total"]
    corners = [[box["south"], box["west"]], [box["north"], box["east"]]]
    return corners, box["count"], box["total"]


def kept_for(user) -> bool:
    """Whether `user` sees the public's figures, the stored ones; staff see unpublished records
    too, and are counted now."""
    return not (user is not None and user.is_active and user.is_staff)


def registry(user=None) -> dict:
    """The figures of what `user` may see: the stored ones for the public (one query), counted
    now for staff."""
    if not kept_for(user):
        return count(user)
    row = Counter.objects.filter(key=REGISTRY).first()
    if row is not None and row.counted == row.generation and "extent" in row.value:
        return _loaded(row.value)
    figures = count()
    _store(row, figures)
    return figures


def refresh() -> dict:
    """Counts the public figures again and stores them (after a load that bypassed the models,
    or to warm them up); the downloads are built again too."""
    changed()
    changed(Counter.DETAILS)
    return registry()


def _store(row, figures) -> None:
    """Keep what was counted, if nothing has changed since; a database busy with a writer (SQLite
    locks the whole file) is not waited for: the next reader counts again."""
    with contextlib.suppress(OperationalError):
        _store_now(row, figures)


def _store_now(row, figures) -> None:
    value = _dumped(figures)
    if row is None:
        try:
            with transaction.atomic():
                Counter.objects.create(key=REGISTRY, generation=0, counted=0, value=value)
        except IntegrityError:  # a writer created it: what was counted may be stale already
            pass
        return
    with transaction.atomic():
        # Skips (rather than waits for) a writer that holds the row; SQLite has no row locks.
        current = (
            Counter.objects.select_for_update(skip_locked=True)
            .filter(key=REGISTRY, generation=row.generation)
            .values_list("generation", flat=True)
            .first()
        )
        if current is not None:
            Counter.objects.filter(key=REGISTRY).update(counted=current, value=value)


def _dumped(figures: dict) -> dict:
    total = figures["financing"]
    return {**figures, "financing": None if total is None else str(total)}


def _loaded(value: dict) -> dict:
    total = value.get("financing")
    box, located = value["extent"]
    return {
        **value,
        "financing": None if total is None else Decimal(total),
        "extent": (box, located),
    }
