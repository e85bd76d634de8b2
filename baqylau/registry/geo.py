"""Which territory a point lies in, from the stored boundaries."""

from dataclasses import dataclass

from shapely.geometry import Point, shape
from shapely.prepared import prep

from .models import Territory


@dataclass(frozen=True)
class _Shape:
    territory_id: int
    kind: str
    bounds: tuple[float, float, float, float]
    geometry: object


_cache: dict[tuple, list[_Shape]] = {}


def _shapes() -> list[_Shape]:
    boxes = list(
        Territory.objects.exclude(geometry=None).values_list(
            "id", "min_lon", "min_lat", "max_lon", "max_lat"
        )
    )
    key = tuple(boxes)
    if key not in _cache:
        _cache.clear()
        shapes = []
        rows = Territory.objects.exclude(geometry=None).values_list("id", "kind", "geometry")
        for territory_id, kind, geometry in rows:
            geom = shape(geometry)
            shapes.append(_Shape(territory_id, kind, geom.bounds, prep(geom)))
        # The most local unit wins: a district before the region that contains it.
        order = {"district": 0, "city_administration": 0, "city_republican": 1, "region": 2}
        shapes.sort(key=lambda s: order.get(s.kind, 3))
        _cache[key] = shapes
    return _cache[key]


def clear_cache() -> None:
    _cache.clear()


def territory_id_for_point(*, latitude: float, longitude: float) -> int | None:
    return _find(_shapes(), latitude, longitude)


def territory_finder():
    """`territory_id_for_point` for many points: the boundaries are read once."""
    shapes = _shapes()
    return lambda *, latitude, longitude: _find(shapes, latitude, longitude)


def _find(shapes: list[_Shape], latitude: float, longitude: float) -> int | None:
    point = Point(longitude, latitude)
    for s in shapes:
        min_lon, min_lat, max_lon, max_lat = s.bounds
        inside_box = min_lon <= longitude <= max_lon and min_lat <= latitude <= max_lat
        if inside_box and s.geometry.contains(point):
            return s.territory_id
    return None
