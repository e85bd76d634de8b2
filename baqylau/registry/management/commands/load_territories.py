"""Load Kazakhstan, its 20 first-level units and the 13 units of Pavlodar region.

The shapes are OpenStreetMap boundaries (© OpenStreetMap contributors, ODbL) from the shared
reference data. They are simplified before they are stored: the portal draws them on a map and
looks points up in them, neither of which needs survey precision.

Running the command again updates the territories in place: the units of Pavlodar region are
matched by their OpenStreetMap id. The first-level file carries only its own feature numbers,
not OpenStreetMap ids, so regions are matched by slug.
"""

import json
import re
from pathlib import Path

import shapely
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from shapely.geometry import Point, mapping, shape

from baqylau.core import pagecache
from baqylau.registry.models import Territory

REGIONS_FILE = "kazakhstan-regions.geojson"
PAVLODAR_FILE = "pavlodar-districts.geojson"

# Degrees; 0.002° is about 200 m, plenty for a district map and for point lookups.
REGION_TOLERANCE = 0.01
DISTRICT_TOLERANCE = 0.002
# Coordinates are stored on a grid of about a metre, which keeps the stored JSON small.
GRID = 0.00001

COUNTRY = {
    "slug": "kazakhstan",
    "name_kk": "Қазақстан",
    "name_ru": "Казахстан",
    "name_en": "Kazakhstan",
}
PAVLODAR_REGION_SLUG = "pavlodar-region"
CITIES_OF_REPUBLICAN_SIGNIFICANCE = {"Astana", "Almaty", "Shymkent"}
# English names in the source that differ from the usual spelling.
REGION_ENGLISH_NAMES = {"Aqtöbe region": "Aktobe Region"}

CITY = Territory.Kind.CITY_ADMINISTRATION
DISTRICT = Territory.Kind.DISTRICT

# The source names these units only in Kazakh and in a transliteration, so the Russian and
# English names are kept here, by OpenStreetMap id: (slug, kind, kk, ru, en). A Kazakh name of
# None keeps the source's name.
PAVLODAR_UNITS = {
    -5501700: ("pavlodar", CITY, "Павлодар қаласы", "г. Павлодар", "Pavlodar City"),
    -5501718: ("aksu", CITY, "Ақсу қаласы", "г. Аксу", "Aksu City"),
    -5502043: ("ekibastuz", CITY, "Екібастұз қаласы", "г. Экибастуз", "Ekibastuz City"),
    -5499832: ("aktogay-district", DISTRICT, None, "Актогайский район", "Aktogay District"),
    -5499988: ("bayanaul-district", DISTRICT, None, "Баянаульский район", "Bayanaul District"),
    -5500371: ("zhelezin-district", DISTRICT, None, "Железинский район", "Zhelezin District"),
    -5500411: ("irtysh-district", DISTRICT, None, "Иртышский район", "Irtysh District"),
    -5500613: ("terenkol-district", DISTRICT, None, "Теренкольский район", "Terenkol District"),
    -5500667: ("akkuly-district", DISTRICT, None, "Аккулинский район", "Akkuly District"),
    -5501685: ("may-district", DISTRICT, None, "Майский район", "May District"),
    -5501694: ("pavlodar-district", DISTRICT, None, "Павлодарский район", "Pavlodar District"),
    -5502020: ("uspen-district", DISTRICT, None, "Успенский район", "Uspen District"),
    -5502032: ("sharbakty-district", DISTRICT, None, "Шарбактинский район", "Sharbakty District"),
}
# The source's administrative centre of Aksu lies some 12 km north-west of the town, in the
# steppe; the town is at 52°02′N 76°55′E. (lon, lat) by OpenStreetMap id.
CENTRE_CORRECTIONS = {-5501718: (76.9167, 52.0333)}


def _read_features(path: Path) -> list[dict]:
    try:
        with path.open(encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError as exc:
        raise CommandError(_("File not found: %(path)s") % {"path": path}) from exc
    except json.JSONDecodeError as exc:
        raise CommandError(
            _("%(path)s is not valid JSON: %(error)s") % {"path": path, "error": exc}
        ) from exc
    features = data.get("features") if isinstance(data, dict) else None
    if not features:
        raise CommandError(_("%(path)s has no GeoJSON features.") % {"path": path})
    return features


def _shape_fields(geometry: dict, *, tolerance: float, centre: tuple[float, float] | None):
    """Simplified boundary and centre, as Territory field values (the model derives the box)."""
    geom = shape(geometry).simplify(tolerance, preserve_topology=True)
    geom = shapely.set_precision(geom, GRID)
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    # The administrative centre when it lies inside the unit; Pavlodar District, for one, is
    # administered from the city, which is not part of it.
    if centre is None or not geom.contains(Point(centre)):
        point = geom.representative_point()
        centre = (point.x, point.y)
    return {
        "geometry": json.loads(json.dumps(mapping(geom))),  # tuples to lists
        "centre_lon": round(centre[0], 6),
        "centre_lat": round(centre[1], 6),
    }


def _russian_name(name: str) -> str:
    # "г.Астана" -> "г. Астана"
    return re.sub(r"^г\.(?=\S)", "г. ", name.strip())


def _check_pavlodar_units(units: list[dict]) -> None:
    ids = [feature.get("properties", {}).get("osm_id") for feature in units]
    unknown = sorted(str(i) for i in ids if i not in PAVLODAR_UNITS)
    if unknown:
        raise CommandError(
            _("Unknown units in %(file)s (no names for OpenStreetMap ids %(ids)s).")
            % {"file": PAVLODAR_FILE, "ids": ", ".join(unknown)}
        )


def _country(regions: list[dict]) -> dict:
    # No boundary of its own (its regions are the map), but a centre for the map to open on.
    boxes = [shape(region["geometry"]).bounds for region in regions]
    min_lon, min_lat = min(b[0] for b in boxes), min(b[1] for b in boxes)
    max_lon, max_lat = max(b[2] for b in boxes), max(b[3] for b in boxes)
    return {
        **COUNTRY,
        "kind": Territory.Kind.COUNTRY,
        "parent": None,
        "geometry": None,
        "centre_lon": round((min_lon + max_lon) / 2, 6),
        "centre_lat": round((min_lat + max_lat) / 2, 6),
    }


def _region(feature: dict) -> dict:
    props = feature["properties"]
    name_en = REGION_ENGLISH_NAMES.get(props["name"], props["name"]).strip()
    kind = (
        Territory.Kind.CITY_REPUBLICAN
        if name_en in CITIES_OF_REPUBLICAN_SIGNIFICANCE
        else Territory.Kind.REGION
    )
    return {
        "slug": slugify(name_en),
        "kind": kind,
        "name_kk": props["local_name"].strip(),
        "name_ru": _russian_name(props["name_ru"]),
        "name_en": name_en,
        **_shape_fields(feature["geometry"], tolerance=REGION_TOLERANCE, centre=None),
    }


def _pavlodar_unit(feature: dict) -> dict:
    props = feature["properties"]
    slug, kind, name_kk, name_ru, name_en = PAVLODAR_UNITS[props["osm_id"]]
    lon, lat = props.get("admin_centre_node_lng"), props.get("admin_centre_node_lat")
    centre = (lon, lat) if lon is not None and lat is not None else None
    centre = CENTRE_CORRECTIONS.get(props["osm_id"], centre)
    return {
        "osm_id": props["osm_id"],
        "slug": slug,
        "kind": kind,
        "name_kk": name_kk or props["name"].strip(),
        "name_ru": name_ru,
        "name_en": name_en,
        **_shape_fields(feature["geometry"], tolerance=DISTRICT_TOLERANCE, centre=centre),
    }


def territory_fields(folder: Path) -> tuple[list[dict], list[dict]]:
    """The fields of the first-level units and of the units of Pavlodar region (all but their
    parent), read from the two files in `folder`, the boundaries simplified: what takes time."""
    regions = _read_features(folder / REGIONS_FILE)
    units = _read_features(folder / PAVLODAR_FILE)
    _check_pavlodar_units(units)
    return [_region(feature) for feature in regions], [_pavlodar_unit(f) for f in units]


class Command(BaseCommand):
    help = "Load Kazakhstan, its regions and the districts of Pavlodar region from GeoJSON."

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            type=Path,
            default=None,
            help=f"folder with {REGIONS_FILE} and {PAVLODAR_FILE} (default: SHARED_DATA_DIR/geo)",
        )

    def handle(self, *args, path=None, **options):
        folder = Path(path) if path else Path(settings.SHARED_DATA_DIR) / "geo"
        region_fields, unit_fields = territory_fields(folder)
        self.created = self.updated = 0
        with transaction.atomic():
            pagecache.changed()
            country = self._upsert({"slug": COUNTRY["slug"]}, _country(region_fields))
            by_slug = {}
            for fields in region_fields:
                fields["parent"] = country
                by_slug[fields["slug"]] = self._upsert({"slug": fields["slug"]}, fields)
            pavlodar = by_slug.get(PAVLODAR_REGION_SLUG)
            if pavlodar is None:
                raise CommandError(
                    _("%(path)s has no Pavlodar Region.") % {"path": folder / REGIONS_FILE}
                )
            for fields in unit_fields:
                fields["parent"] = pavlodar
                self._upsert({"osm_id": fields.pop("osm_id")}, fields)

        kinds = [territory.kind for territory in by_slug.values()]
        cities = kinds.count(Territory.Kind.CITY_REPUBLICAN)
        self.stdout.write(
            _(
                "Territories: 1 country, %(first)d first-level units (%(regions)d regions, "
                "%(cities)d cities of republican significance), %(units)d units of Pavlodar "
                "region; %(created)d created, %(updated)d updated."
            )
            % {
                "first": len(by_slug),
                "regions": len(kinds) - cities,
                "cities": cities,
                "units": len(unit_fields),
                "created": self.created,
                "updated": self.updated,
            }
        )

    def _upsert(self, lookup: dict, fields: dict) -> Territory:
        territory, created = Territory.objects.update_or_create(**lookup, defaults=fields)
        if created:
            self.created += 1
        else:
            self.updated += 1
        return territory
