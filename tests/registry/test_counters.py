"""The registry's public figures are kept as data (registry/counters.py): exact after every kind
of write (create, publish, unpublish, import, bulk paths, delete), read in one query, and never
stored from a count that a newer write has overtaken."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baqylau.registry import counters, services
from baqylau.registry.importers.plan import import_plan_file, plan_template_workbook
from baqylau.registry.models import (
    Counter,
    Financing,
    Indicator,
    IndicatorValue,
    PlanningDocument,
    PlanRevision,
    ProjectObject,
)

from ..factories import (
    FinancingFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    OrganisationFactory,
    PlanningDocumentFactory,
    ProjectObjectFactory,
    TerritoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _figures():
    return counters.registry()


def _exact():
    """What the figures are, counted now; and they are what the stored ones say."""
    counted = counters.count()
    assert _figures() == counted
    return counted


def _stored_in_one_query():
    _figures()
    with CaptureQueriesContext(connection) as ctx:
        figures = _figures()
    assert len(ctx.captured_queries) == 1, [q["sql"] for q in ctx.captured_queries]
    return figures


@pytest.fixture
def plan(db):
    document = PlanningDocumentFactory()
    goal = GoalFactory(document=document)
    IndicatorFactory.create_batch(3, goal=goal)
    ProjectObjectFactory.create_batch(2, document=document)
    FinancingFactory(document=document, planned=Decimal("1500000"))
    return document


def test_the_figures_count_only_what_the_public_sees(plan):
    hidden = PlanningDocumentFactory(is_published=False)
    IndicatorFactory(goal=GoalFactory(document=hidden))
    ProjectObjectFactory(document=hidden, latitude=43.0, longitude=71.0)
    FinancingFactory(document=hidden, planned=Decimal("7"))
    located = ProjectObject.private_objects.filter(document=plan).first()
    point = [located.latitude, located.longitude]

    assert _stored_in_one_query() == {
        "documents": 1,
        "indicators": 3,
        "objects": 2,
        "financing": Decimal("1500000"),
        "extent": ([point, point], 2),
    }
    staff = UserFactory(is_staff=True)
    assert counters.registry(staff)["objects"] == 3
    assert counters.registry(staff)["extent"] == ([[43.0, 71.0], point], 3)
    assert counters.registry(UserFactory())["objects"] == 2


def test_creating_and_deleting_one_record_changes_the_figures_at_once(plan):
    assert _stored_in_one_query()["objects"] == 2
    obj = ProjectObjectFactory(document=plan)
    assert _stored_in_one_query()["objects"] == 3
    IndicatorFactory(goal=plan.goals.get())
    assert _exact()["indicators"] == 4
    obj.delete()
    assert _stored_in_one_query()["objects"] == 2
    plan.goals.get().delete()  # its indicators go with it
    assert _exact()["indicators"] == 0


def test_publishing_and_unpublishing_a_document_moves_everything_it_holds(plan):
    draft = PlanningDocumentFactory(is_published=False)
    IndicatorFactory.create_batch(2, goal=GoalFactory(document=draft))
    ProjectObjectFactory.create_batch(4, document=draft)
    assert _stored_in_one_query()["objects"] == 2

    services.document_publish(document=draft)
    figures = _exact()
    assert (figures["documents"], figures["indicators"], figures["objects"]) == (2, 5, 6)

    # The back office's bulk action and any queryset update take the same path.
    PlanningDocument.private_objects.filter(pk=draft.pk).update(is_published=False)
    figures = _exact()
    assert (figures["documents"], figures["indicators"], figures["objects"]) == (1, 3, 2)


def test_the_box_of_the_map_follows_publication_and_moves_never_counting_drafts(plan):
    (south_west, north_east), located = _stored_in_one_query()["extent"]
    assert located == 2
    draft = PlanningDocumentFactory(is_published=False)
    far = ProjectObjectFactory(document=draft, latitude=43.0, longitude=71.0)
    ProjectObjectFactory(document=draft, latitude=None, longitude=None)
    assert _stored_in_one_query()["extent"] == ([south_west, north_east], 2)

    services.document_publish(document=draft)
    assert _exact()["extent"] == ([[43.0, 71.0], north_east], 3)  # the unlocated one: no
    far.latitude = 55.0
    far.save()
    assert _exact()["extent"] == ([[south_west[0], 71.0], [55.0, north_east[1]]], 3)

    PlanningDocument.private_objects.filter(pk=draft.pk).update(is_published=False)
    assert _stored_in_one_query()["extent"] == ([south_west, north_east], 2)


def test_figures_stored_before_the_box_was_kept_are_counted_again(plan):
    figures = _figures()
    Counter.objects.filter(key=counters.REGISTRY).update(
        value={k: v for k, v in counters._dumped(figures).items() if k != "extent"}
    )
    assert _figures() == figures
    assert _stored_in_one_query() == figures


def test_bulk_paths_and_deleting_a_document_keep_the_figures_exact(plan):
    _figures()
    ProjectObject.private_objects.bulk_create(
        ProjectObject(
            document=plan,
            slug=f"bulk-{n}",
            kind=ProjectObject.Kind.SCHOOL,
            name_ru=f"Школа {n}",
            status=ProjectObject.Status.PLANNED,
        )
        for n in range(5)
    )
    assert _exact()["objects"] == 7
    Financing.private_objects.filter(document=plan).update(planned=Decimal("10"))
    assert _exact()["financing"] == Decimal("10")
    ProjectObject.private_objects.filter(slug__startswith="bulk-").delete()
    assert _exact()["objects"] == 2

    ProjectObject.private_objects.filter(document=plan).delete()
    plan.delete()  # goals, indicators and financing go with it
    assert _exact() == {
        "documents": 0,
        "indicators": 0,
        "objects": 0,
        "financing": None,
        "extent": (None, 0),
    }


def test_a_plan_import_updates_the_figures_in_its_transaction(plan, tmp_path):
    before = _stored_in_one_query()
    workbook = plan_template_workbook()  # its example rows: an indicator, money, an object
    body = OrganisationFactory(slug="pavlodar-energy-department")
    ws = workbook["objects"]
    ws.cell(2, [c.value for c in ws[1]].index("responsible_body") + 1, body.slug)
    path = tmp_path / "plan.xlsx"
    workbook.save(path)

    report = import_plan_file(path, document=plan, source="Akimat's decision no. 12")

    assert report.ok, [str(e) for e in report.errors]
    after = _exact()
    assert after["indicators"] == before["indicators"] + report.created(Indicator) > 3
    assert after["objects"] == before["objects"] + report.created(ProjectObject) > 2


def test_a_dry_run_import_leaves_the_figures_as_they_were(plan, tmp_path):
    before = _stored_in_one_query()
    path = tmp_path / "plan.xlsx"
    plan_template_workbook().save(path)

    report = import_plan_file(path, document=plan, source="Decision no. 12", dry_run=True)

    assert report.ok and not report.applied
    with CaptureQueriesContext(connection) as ctx:
        assert _figures() == before  # nothing was written: not even counted again
    assert len(ctx.captured_queries) == 1


def test_a_count_overtaken_by_a_write_is_not_stored(plan):
    _figures()
    row = Counter.objects.get(key=counters.REGISTRY)
    stale = counters.count()
    ProjectObjectFactory(document=plan)  # a write after the count, before it is stored

    counters._store(row, stale)

    assert Counter.objects.get(key=counters.REGISTRY).counted != row.generation + 1
    assert _figures()["objects"] == 3


def test_a_missing_row_is_created_by_the_first_reader_or_writer(plan):
    Counter.objects.all().delete()
    assert _figures()["objects"] == 2
    Counter.objects.all().delete()
    ProjectObjectFactory(document=plan)
    assert Counter.objects.get(key=counters.REGISTRY).counted is None
    assert _stored_in_one_query()["objects"] == 3


def test_the_home_page_shows_the_stored_figures(client, plan):
    ProjectObjectFactory(document=plan)
    objects = '<a href="/en/objects/"><strong>{}</strong>'
    assert objects.format(3) in client.get("/en/").content.decode()
    ProjectObject.private_objects.filter(document=plan).first().delete()
    assert objects.format(2) in client.get("/en/").content.decode()


def test_the_object_list_takes_its_total_from_the_figures_unless_filtered(client, plan):
    ProjectObjectFactory(document=PlanningDocumentFactory(is_published=False))
    client.get("/en/objects/")
    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/en/objects/").content.decode()
    assert '<p class="count">2 objects' in " ".join(html.split())
    assert not [q for q in ctx.captured_queries if "COUNT(" in q["sql"]]

    services.document_publish(document=PlanningDocument.private_objects.get(is_published=False))
    assert '<p class="count">3 objects' in " ".join(
        client.get("/en/objects/").content.decode().split()
    )
    filtered = client.get(f"/en/objects/?document={plan.slug}").content.decode()
    assert '<p class="count">2 objects' in " ".join(filtered.split())


def test_the_api_lists_take_their_totals_from_the_figures_unless_filtered(client, plan):
    hidden = PlanningDocumentFactory(is_published=False)
    ProjectObjectFactory(document=hidden)
    other = ProjectObjectFactory(document=PlanningDocumentFactory())
    client.get("/api/objects/")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/api/objects/?limit=1")
    assert response.json()["count"] == 3
    assert len(response.json()["results"]) == 1
    assert not [q for q in ctx.captured_queries if "COUNT(" in q["sql"]]

    filtered = client.get(f"/api/objects/?document={other.document.slug}").json()
    assert filtered["count"] == 1
    assert client.get("/api/indicators/").json()["count"] == 3

    client.force_login(UserFactory(is_staff=True))
    assert client.get("/api/objects/").json()["count"] == 4


def test_what_only_the_downloads_hold_raises_its_own_generation(plan):
    # Indicator values, plan revisions, territories and organisations are in the downloads
    # (baqylau.api.built follows both generations) but not in the figures, which stay counted.
    def generations():
        return dict(Counter.objects.values_list("key", "generation"))

    figures = _stored_in_one_query()
    before = generations()
    organisation = OrganisationFactory()
    value = IndicatorValueFactory(indicator=Indicator.private_objects.first(), year=2024)
    PlanRevision.objects.create(value=value, previous_plan=1, new_plan=2)
    TerritoryFactory().delete()
    IndicatorValue.private_objects.filter(pk=value.pk).update(actual=Decimal("3"))
    organisation.save()
    after = generations()
    assert after[Counter.DETAILS] == before.get(Counter.DETAILS, 0) + 7
    assert after[Counter.REGISTRY] == before[Counter.REGISTRY]
    assert _stored_in_one_query() == figures
    ProjectObjectFactory(document=plan)
    assert generations()[Counter.DETAILS] == after[Counter.DETAILS]


def test_a_territorys_objects_are_counted_with_their_box_in_one_query():
    territory = TerritoryFactory()
    draft = PlanningDocumentFactory(is_published=False)
    for latitude, longitude in [(51.0, 77.0), (52.5, 75.0), (None, None), (53.0, None)]:
        ProjectObjectFactory(territory=territory, latitude=latitude, longitude=longitude)
    ProjectObjectFactory(territory=territory, document=draft, latitude=40.0, longitude=60.0)
    public = ProjectObject.public_objects.filter(territory=territory)
    with CaptureQueriesContext(connection) as queries:
        box, located, total = counters.extent_and_total(public)
    assert len(queries) == 1
    # The box of the located ones (a point with one coordinate is not located); every public one
    # counted; the unpublished plan's object in neither.
    assert box == [[51.0, 75.0], [52.5, 77.0]]
    assert (located, total) == (2, 4)
    assert (box, located) == counters.extent(public)
    assert counters.extent_and_total(public.filter(latitude=None)) == (None, 0, 1)
