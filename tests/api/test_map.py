"""The map's data: what is in view at a zoom, as single objects when few, else as clusters
counted by the database; a view's answer stays small and never holds an unpublished object."""

import json

import pytest

from baqylau.registry import mapgrid, selectors
from baqylau.registry.models import MapCell, ProjectObject

from ..factories import PlanningDocumentFactory, ProjectObjectFactory

URL = "/api/map/objects/"
PAVLODAR = "75,51,78,53"


def _grid(document, *, n, west=75.0, south=51.0, step=0.01, **fields):
    """n objects on a square grid from (south, west), step degrees apart, in one insert."""
    side = int(n**0.5) + 1
    ProjectObject.private_objects.bulk_create(
        ProjectObject(
            document=document,
            kind=ProjectObject.Kind.SCHOOL,
            status=ProjectObject.Status.IN_PROGRESS,
            slug=f"{document.slug}-{i}",
            latitude=south + (i // side) * step,
            longitude=west + (i % side) * step,
            **{"name_kk": f"Мектеп {i}", "name_ru": f"Школа {i}", "name_en": f"School {i}"}
            | fields,
        )
        for i in range(n)
    )


@pytest.fixture
def plan(db):
    return PlanningDocumentFactory(slug="plan")


@pytest.fixture
def draft(db):
    return PlanningDocumentFactory(slug="draft", is_published=False)


def test_few_objects_come_one_by_one_with_their_page(client, plan):
    ProjectObjectFactory(
        document=plan, slug="school-1", name_en="School one", latitude=52.28, longitude=76.95
    )
    ProjectObjectFactory(document=plan, slug="road", latitude=None, longitude=None)
    data = client.get(f"{URL}?bbox={PAVLODAR}&zoom=8&lang=en").json()
    assert data["count"] == 1
    assert data["cell"] is None and data["clusters"] == []
    [obj] = data["objects"]
    assert obj["slug"] == "school-1" and obj["name"] == "School one"
    assert (obj["lat"], obj["lon"]) == (52.28, 76.95)
    assert obj["url"] == "/en/objects/school-1/"
    assert obj["status"] == "in_progress" and isinstance(obj["id"], int)


def test_the_box_leaves_out_what_is_outside_it(client, plan):
    ProjectObjectFactory(document=plan, slug="in-pavlodar", latitude=52.28, longitude=76.95)
    ProjectObjectFactory(document=plan, slug="in-almaty", latitude=43.24, longitude=76.91)
    slugs = lambda query: [o["slug"] for o in client.get(URL + query).json()["objects"]]  # noqa: E731
    assert slugs(f"?bbox={PAVLODAR}&zoom=7") == ["in-pavlodar"]
    assert slugs("?bbox=76,43,77,44&zoom=7") == ["in-almaty"]
    assert sorted(slugs("")) == ["in-almaty", "in-pavlodar"]  # no box: the world


def test_many_objects_come_as_clusters_that_split_as_the_zoom_grows(client, plan):
    _grid(plan, n=900, step=0.05)  # 30 × 30 over 1.5 degrees
    far = client.get(f"{URL}?bbox={PAVLODAR}&zoom=5").json()
    near = client.get(f"{URL}?bbox={PAVLODAR}&zoom=8").json()
    for data in (far, near):
        assert data["count"] == 900 and data["objects"] == []
        assert sum(c["count"] for c in data["clusters"]) == 900
    assert far["cell"] > near["cell"]
    assert len(far["clusters"]) < len(near["clusters"])
    # Each centre is the mean of its objects, inside the box.
    for cluster in near["clusters"]:
        assert 51 <= cluster["lat"] <= 53 and 75 <= cluster["lon"] <= 78
    # Zoomed in on a corner, few enough to come one by one.
    corner = client.get(f"{URL}?bbox=74.99,50.99,75.2,51.2&zoom=12").json()
    assert corner["cell"] is None and corner["count"] == len(corner["objects"]) == 25
    assert near["count"] > selectors.MAP_VIEW_POINTS


def test_a_view_stays_small_whatever_the_box_and_the_zoom(client, plan):
    _grid(plan, n=3000, west=50.0, south=40.0, step=0.5)
    # 200 objects with long names and slugs: more than 50 KB one by one, so clusters instead.
    long = PlanningDocumentFactory(slug="long-" + "x" * 40)
    _grid(long, n=200, west=10.0, south=10.0, name_en="Ш" * 300)
    queries = ["?bbox=-180,-90,180,90&zoom=20", "?zoom=0", "?bbox=50,40,80,70&zoom=9"]
    for query in [*queries, "?bbox=9,9,11,11&zoom=8&lang=en"]:
        response = client.get(URL + query)
        assert response.status_code == 200
        assert len(response.content) <= 50_000, (query, len(response.content))
        data = json.loads(response.content)
        assert len(data["clusters"]) <= selectors.MAP_GRID_SIDE**2
        assert len(data["objects"]) <= selectors.MAP_VIEW_POINTS
    assert sum(c["count"] for c in data["clusters"]) == 200


def test_unpublished_objects_never_appear_even_to_staff(client, plan, draft, admin_user):
    ProjectObjectFactory(document=plan, slug="public-school", latitude=52.2, longitude=76.9)
    ProjectObjectFactory(document=draft, slug="secret-school", latitude=52.3, longitude=76.9)
    _grid(draft, n=400)
    client.force_login(admin_user)
    data = client.get(f"{URL}?bbox={PAVLODAR}&zoom=12").json()
    assert data["count"] == 1
    assert [o["slug"] for o in data["objects"]] == ["public-school"]
    assert client.get(f"{URL}?bbox={PAVLODAR}&zoom=12&document=draft").json()["count"] == 0


def test_the_object_filters_narrow_the_map(client, plan):
    other = PlanningDocumentFactory(slug="other")
    ProjectObjectFactory(document=plan, slug="a", status="completed")
    ProjectObjectFactory(document=other, slug="b", status="planned")
    slugs = lambda query: [o["slug"] for o in client.get(URL + query).json()["objects"]]  # noqa: E731
    assert slugs("?document=other") == ["b"]
    assert slugs("?status=completed") == ["a"]
    assert client.get(URL + "?status=lost").status_code == 400


@pytest.mark.parametrize(
    "query",
    ["?bbox=1,2,3", "?bbox=a,b,c,d", "?bbox=10,0,5,1", "?bbox=nan,0,1,1", "?zoom=-1", "?zoom=99"],
)
def test_a_wrong_box_or_zoom_answers_400_by_its_name(client, db, query):
    response = client.get(URL + query)
    assert response.status_code == 400
    assert set(response.json()) == {query[1:].split("=")[0]}


def test_the_number_of_queries_does_not_grow_with_the_objects(
    client, plan, django_assert_num_queries
):
    _grid(plan, n=50)
    with django_assert_num_queries(1):
        assert client.get(f"{URL}?bbox={PAVLODAR}&zoom=9").json()["objects"]
    _grid(PlanningDocumentFactory(slug="more"), n=2000, step=0.001)
    # Filtered: counted by the database.
    with django_assert_num_queries(2):
        assert client.get(f"{URL}?bbox={PAVLODAR}&zoom=9&document=more").json()["clusters"]
    # Every object: from the grid kept as data (the objects, the grid's state, its cells).
    mapgrid.build()
    with django_assert_num_queries(3):
        assert client.get(f"{URL}?bbox={PAVLODAR}&zoom=9").json()["clusters"]


def _clusters(data) -> list[tuple]:
    return sorted((c["count"], round(c["lat"], 3), round(c["lon"], 3)) for c in data["clusters"])


@pytest.mark.parametrize("zoom", [3, 5, 7, 9, 10])
def test_the_grid_kept_as_data_clusters_as_the_database_does(client, plan, zoom):
    _grid(plan, n=1600, west=75.3, south=51.3, step=0.03)  # inside the box, 40 × 40
    box = "70,48,82,56"
    assert mapgrid.build() > 0
    kept = client.get(f"{URL}?bbox={box}&zoom={zoom}").json()
    counted = client.get(f"{URL}?bbox={box}&zoom={zoom}&document=plan").json()
    assert kept["count"] == counted["count"] == 1600
    assert (
        kept["cell"]
        == counted["cell"]
        == 90 / 2 ** mapgrid.level_for(span=12, zoom=zoom, grid_side=selectors.MAP_GRID_SIDE)
    )
    assert _clusters(kept) == _clusters(counted)


def test_each_level_of_the_grid_splits_in_four_at_the_next(plan):
    _grid(plan, n=500, west=60.0, south=41.0, step=0.37)
    mapgrid.build()
    cells = {(c.level, c.row, c.column): c.count for c in MapCell.objects.all()}
    for level in range(mapgrid.GRID_LEVELS + 1):
        assert sum(n for (lv, _r, _c), n in cells.items() if lv == level) == 500
    for (level, row, column), count in cells.items():
        if level < mapgrid.GRID_LEVELS:
            children = [
                cells.get((level + 1, 2 * row + dr, 2 * column + dc), 0)
                for dr in (0, 1)
                for dc in (0, 1)
            ]
            assert sum(children) == count


def test_a_change_leaves_the_grid_aside_until_it_is_built_again_once(
    client, plan, django_capture_on_commit_callbacks
):
    _grid(plan, n=300)
    mapgrid.build()
    _grid(PlanningDocumentFactory(slug="new"), n=100, west=76.0)
    # Stale: counted by the database, so the new objects are there at once; one rebuild asked.
    with django_capture_on_commit_callbacks() as asked:
        assert client.get(f"{URL}?bbox={PAVLODAR}&zoom=6").json()["count"] == 400
        assert client.get(f"{URL}?bbox={PAVLODAR}&zoom=7").json()["count"] == 400
    assert len(asked) == 1
    registry, built, _asked = mapgrid.state()
    assert built < registry
    for callback in asked:
        callback()  # the background task (run at once in the tests)
    registry, built, _asked = mapgrid.state()
    assert built == registry
    assert MapCell.objects.filter(level=0).get().count == 400


def test_the_grid_never_counts_an_unpublished_object(client, plan, draft):
    _grid(plan, n=250)
    _grid(draft, n=400, west=76.0)
    mapgrid.build()
    assert sum(c.count for c in MapCell.objects.filter(level=3)) == 250
    data = client.get(f"{URL}?bbox={PAVLODAR}&zoom=5").json()
    assert data["count"] == 250
