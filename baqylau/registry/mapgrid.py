"""The map's grid of public objects, kept as data so that a view of the whole country costs the
same at 300,000 objects as at 300.

The map clusters objects on square cells of 90 / 2**level degrees (level k is a quarter of a web
map tile at zoom k, and each level's cells split exactly in four at the next). Views wide enough
to use a level up to GRID_LEVELS read their clusters from `MapCell` rows, counted once for every
level by one GROUP BY; narrower views, filtered views and views while the grid is not current
count live in the database (`selectors.map_view`).

The grid is current while it was built at the registry's generation (`Counter`, raised by every
write to the registry: counters.py). A reader that finds it stale counts live and asks once for a
rebuild, a background task (`tasks.map_grid_build`, enqueued by the reader), so the grid never
shows what has changed and no reader waits for the build. `baqylau map_grid` builds it at once
(after a bulk load).
"""

import contextlib
import math
from collections import defaultdict

from django.contrib.auth.models import AnonymousUser
from django.db import OperationalError, transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import Floor

from baqylau.core.permissions import visible

from .models import Counter, MapCell, ProjectObject

# The finest level kept: cells of 90 / 1024 degrees (about 10 km); a view that needs finer cells
# spans at most 24 such cells, a city, and counts live over the few objects in it.
GRID_LEVELS = 10
MAP_GRID = "map-grid"
BATCH = 5000


def cell_size(level: int) -> float:
    return 90.0 / 2**level


def level_for(*, span: float, zoom: int, grid_side: int) -> int:
    """The level of a view: its zoom's, or coarser until the view holds at most `grid_side`
    cells along its longer side."""
    level = zoom
    while level > 0 and cell_size(level) * grid_side < span:
        level -= 1
    return level


def state() -> tuple[int, int | None, int | None]:
    """The registry's generation, the one the grid was built at and the one a build was asked
    for (None: never). One query."""
    rows = {
        key: (generation, counted)
        for key, generation, counted in Counter.objects.filter(
            key__in=[Counter.REGISTRY, MAP_GRID]
        ).values_list("key", "generation", "counted")
    }
    registry = rows.get(Counter.REGISTRY, (0, None))[0]
    asked, built = rows.get(MAP_GRID, (None, None))
    return registry, built, asked


def ask_for_build(registry: int, asked: int | None, *, enqueue) -> None:
    """Once per registry generation: `enqueue` the rebuild (tasks.map_grid_build.enqueue), after
    the asking transaction commits."""
    if asked is not None and asked >= registry:
        return
    # A database busy with a writer (SQLite locks the whole file) is not waited for: the next
    # reader asks again.
    with contextlib.suppress(OperationalError), transaction.atomic():
        _claim(registry, enqueue)


def _claim(registry: int, enqueue) -> None:
    claimed = Counter.objects.filter(key=MAP_GRID, generation__lt=registry).update(
        generation=registry
    )
    if not claimed:
        _, created = Counter.objects.get_or_create(
            key=MAP_GRID, defaults={"generation": registry, "counted": None}
        )
        if not created:
            return  # another reader asked meanwhile
    transaction.on_commit(enqueue)


def build() -> int:
    """Counts the public located objects on the finest level's cells (one GROUP BY), adds them up
    into every coarser level and replaces the grid, stamped with the registry's generation read
    before counting (a change meanwhile leaves it stale, and the next reader asks again).
    Returns the number of cells."""
    registry, _built, _asked = state()
    finest = cell_size(GRID_LEVELS)
    public = visible(AnonymousUser(), ProjectObject).exclude(latitude=None).exclude(longitude=None)
    rows = (
        public.order_by()
        .annotate(row=Floor(F("latitude") / finest), column=Floor(F("longitude") / finest))
        .values("row", "column")
        .annotate(count=Count("id"), lat=Sum("latitude"), lon=Sum("longitude"))
        .values_list("row", "column", "count", "lat", "lon")
    )
    levels = [defaultdict(lambda: [0, 0.0, 0.0]) for _level in range(GRID_LEVELS + 1)]
    for row, column, count, lat, lon in rows.iterator(chunk_size=BATCH):
        row, column = int(row), int(column)
        for level in range(GRID_LEVELS, -1, -1):
            shift = GRID_LEVELS - level
            cell = levels[level][(row >> shift, column >> shift)]
            cell[0] += count
            cell[1] += lat
            cell[2] += lon
    cells = [
        MapCell(
            level=level,
            row=row,
            column=column,
            count=count,
            latitude_sum=lat,
            longitude_sum=lon,
        )
        for level, grid in enumerate(levels)
        for (row, column), (count, lat, lon) in grid.items()
    ]
    with transaction.atomic():
        MapCell.objects.all().delete()
        MapCell.objects.bulk_create(cells, batch_size=BATCH)
        updated = Counter.objects.filter(key=MAP_GRID).update(counted=registry)
        if not updated:
            Counter.objects.create(key=MAP_GRID, generation=registry, counted=registry)
    return len(cells)


def clusters(*, level: int, south: float, west: float, north: float, east: float) -> list:
    """The kept cells of `level` that the box touches, as (row, column, count, lat, lon) with
    the mean position. A cell cut by the box's edge counts all its objects."""
    size = cell_size(level)
    found = MapCell.objects.filter(
        level=level,
        row__gte=math.floor(south / size),
        row__lte=math.floor(north / size),
        column__gte=math.floor(west / size),
        column__lte=math.floor(east / size),
    ).values_list("row", "column", "count", "latitude_sum", "longitude_sum")
    return [(row, column, n, lat / n, lon / n) for row, column, n, lat, lon in found]
