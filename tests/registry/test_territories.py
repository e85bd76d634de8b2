"""Loading the real OpenStreetMap shapes: Kazakhstan's 20 first-level units and the 13 units of
Pavlodar region, with names in three languages, and point lookups against them. The shapes are
loaded once for the module; test_territory_files.py loads other files into an empty database."""

import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from shapely.geometry import Point, shape

from baqylau.registry.geo import territory_id_for_point
from baqylau.registry.models import Territory

GEO = settings.SHARED_DATA_DIR / "geo"
KAZAKH_LETTERS = set("әіңғүұқөһӘІҢҒҮҰҚӨҺ")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared")]


def load(**options) -> str:
    out = io.StringIO()
    call_command("load_territories", stdout=out, **options)
    return out.getvalue()


def build_once() -> dict:
    """The territories, loaded once for the module's tests (tests/conftest.py)."""
    load()
    return {}


@pytest.fixture
def territories(shared):
    return {t.slug: t for t in Territory.objects.all()}


def test_country_and_twenty_first_level_units(territories):
    country = territories["kazakhstan"]
    assert country.kind == Territory.Kind.COUNTRY
    assert country.geometry is None
    first_level = Territory.objects.filter(parent=country)
    assert first_level.count() == 20
    cities = set(
        first_level.filter(kind=Territory.Kind.CITY_REPUBLICAN).values_list("slug", flat=True)
    )
    assert cities == {"astana", "almaty", "shymkent"}
    assert first_level.filter(kind=Territory.Kind.REGION).count() == 17
    assert territories["aktobe-region"].name_en == "Aktobe Region"
    assert territories["astana"].name_ru == "г. Астана"


def test_thirteen_units_of_pavlodar_region(territories):
    region = territories["pavlodar-region"]
    assert region.kind == Territory.Kind.REGION
    assert region.name_kk == "Павлодар облысы"
    units = Territory.objects.filter(parent=region)
    assert units.count() == 13
    assert set(
        units.filter(kind=Territory.Kind.CITY_ADMINISTRATION).values_list("slug", flat=True)
    ) == {"pavlodar", "aksu", "ekibastuz"}
    assert units.filter(kind=Territory.Kind.DISTRICT).count() == 10
    assert all(unit.osm_id for unit in units)

    ekibastuz = territories["ekibastuz"]
    assert (ekibastuz.name_kk, ekibastuz.name_ru, ekibastuz.name_en) == (
        "Екібастұз қаласы",
        "г. Экибастуз",
        "Ekibastuz City",
    )
    irtysh = territories["irtysh-district"]
    assert (irtysh.name_kk, irtysh.name_ru, irtysh.name_en) == (
        "Ертіс ауданы",
        "Иртышский район",
        "Irtysh District",
    )
    assert territories["bayanaul-district"].name_ru == "Баянаульский район"


def test_every_unit_has_a_shape_a_box_a_centre_and_three_names(territories):
    units = Territory.objects.exclude(kind=Territory.Kind.COUNTRY)
    assert units.count() == 33
    for unit in units:
        assert unit.name_kk and unit.name_ru and unit.name_en, unit.slug
        assert unit.slug.isascii()
        geom = shape(unit.geometry)
        assert geom.is_valid and not geom.is_empty, unit.slug
        assert (unit.min_lon, unit.min_lat, unit.max_lon, unit.max_lat) == pytest.approx(
            geom.bounds
        )
        assert geom.contains(Point(unit.centre_lon, unit.centre_lat)), unit.slug
    # The Kazakh names are written with the Kazakh letters, not with Russian look-alikes.
    district_names = "".join(
        Territory.objects.filter(kind=Territory.Kind.DISTRICT).values_list("name_kk", flat=True)
    )
    assert {"ң", "қ", "ө", "ғ", "і"} <= set(district_names) & KAZAKH_LETTERS


def test_shapes_are_simplified(territories):
    with (GEO / "pavlodar-districts.geojson").open(encoding="utf-8") as f:
        source_size = len(f.read())
    stored_size = sum(
        len(json.dumps(t.geometry))
        for t in Territory.objects.filter(parent=territories["pavlodar-region"])
    )
    assert stored_size < source_size / 2


def test_a_point_maps_to_the_most_local_unit(territories):
    ekibastuz = territories["ekibastuz"]
    assert territory_id_for_point(latitude=51.7276, longitude=75.3289) == ekibastuz.id
    assert territory_id_for_point(latitude=51.74, longitude=75.35) == ekibastuz.id
    assert territory_id_for_point(latitude=52.2858, longitude=76.9455) == territories["pavlodar"].id
    assert territory_id_for_point(latitude=51.1282, longitude=71.4304) == territories["astana"].id
    assert territory_id_for_point(latitude=55.75, longitude=37.62) is None


def test_centres_are_the_towns(territories):
    assert (territories["ekibastuz"].centre_lat, territories["ekibastuz"].centre_lon) == (
        pytest.approx(51.7276, abs=0.001),
        pytest.approx(75.3289, abs=0.001),
    )
    # Corrected: the source puts Aksu's centre in the steppe north-west of the town.
    assert territories["aksu"].centre_lat == pytest.approx(52.0333, abs=0.001)
    # Pavlodar District is administered from the city, which is not part of it.
    district = territories["pavlodar-district"]
    assert shape(district.geometry).contains(Point(district.centre_lon, district.centre_lat))


def test_running_again_updates_in_place(territories):
    ids = {slug: t.id for slug, t in territories.items()}
    Territory.objects.filter(slug="ekibastuz").update(name_ru="changed")
    output = load()
    assert "0 created, 34 updated" in output
    assert Territory.objects.count() == 34
    assert {t.slug: t.id for t in Territory.objects.all()} == ids
    assert Territory.objects.get(slug="ekibastuz").name_ru == "г. Экибастуз"
