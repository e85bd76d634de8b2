"""Registry rules: territory from the point, plan revisions after publication, fallbacks."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from baqylau.registry import services
from baqylau.registry.models import IndicatorValue, PlanRevision, ProjectObject, Territory

from ..factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    PlanningDocumentFactory,
    ProjectObjectFactory,
    TerritoryFactory,
    square,
)

pytestmark = pytest.mark.django_db


def test_object_territory_is_found_from_its_point():
    region = TerritoryFactory(kind=Territory.Kind.REGION, slug="r", geometry=square(70, 50, 10))
    west = TerritoryFactory(slug="west", parent=region, geometry=square(70, 50, 5))
    east = TerritoryFactory(slug="east", parent=region, geometry=square(75, 50, 5))
    obj = ProjectObjectFactory(latitude=52.5, longitude=76.5)
    services.object_locate(obj=obj)
    assert ProjectObject.private_objects.get(pk=obj.pk).territory == east
    obj.longitude = 71.0
    services.object_locate(obj=obj)
    assert obj.territory_id == west.id
    # Inside the region but outside every district: the region itself.
    obj.latitude, obj.longitude = 57.0, 71.0
    services.object_locate(obj=obj)
    assert obj.territory_id == region.id
    obj.latitude, obj.longitude = 10.0, 10.0
    services.object_locate(obj=obj)
    assert obj.territory_id is None


def test_plan_change_before_publication_leaves_no_history():
    document = PlanningDocumentFactory(is_published=False)
    value = IndicatorValueFactory(indicator=IndicatorFactory(goal__document=document), plan=D(10))
    services.indicator_value_set(indicator_id=value.indicator_id, year=value.year, plan=D(12))
    assert not PlanRevision.objects.exists()


def test_plan_change_after_publication_is_kept_as_a_revision(erin):
    document = PlanningDocumentFactory(is_published=True)
    value = IndicatorValueFactory(indicator=IndicatorFactory(goal__document=document), plan=D(10))
    services.indicator_value_set(
        indicator_id=value.indicator_id,
        year=value.year,
        plan=D("12.5"),
        actual=D(11),
        reason="Maslikhat decision",
        user=erin,
    )
    revision = PlanRevision.objects.get()
    assert (revision.previous_plan, revision.new_plan) == (D(10), D("12.5"))
    assert revision.reason == "Maslikhat decision" and revision.recorded_by == erin
    value.refresh_from_db()
    assert value.plan == D("12.5") and value.actual == D(11)
    # Changing only the actual is not a plan revision.
    services.indicator_value_set(
        indicator_id=value.indicator_id, year=value.year, plan=D("12.5"), actual=D(13)
    )
    assert PlanRevision.objects.count() == 1


def test_many_years_are_set_at_once_the_new_ones_created_the_published_ones_revised():
    document = PlanningDocumentFactory(is_published=True)
    value = IndicatorValueFactory(
        indicator=IndicatorFactory(goal__document=document), year=2024, plan=D(10)
    )
    services.indicator_values_set(
        indicator_id=value.indicator_id,
        values=[
            {"year": 2024, "plan": D(12), "reason": "Maslikhat decision"},
            {"year": 2025, "plan": D(20), "actual": D(19), "actual_source": "Stat"},
            {"year": 2026, "plan": None},
        ],
    )
    values = IndicatorValue.private_objects.filter(indicator_id=value.indicator_id)
    assert [(v.year, v.plan, v.actual, v.actual_source) for v in values.order_by("year")] == [
        (2024, D(12), None, ""),
        (2025, D(20), D(19), "Stat"),
        (2026, None, None, ""),
    ]
    revision = PlanRevision.objects.get()
    assert (revision.value, revision.previous_plan, revision.new_plan) == (value, D(10), D(12))
    assert revision.reason == "Maslikhat decision"


def test_translated_names_fall_back_when_a_language_is_missing():
    document = PlanningDocumentFactory(title_kk="Жоспар", title_ru="План", title_en="")
    with translation.override("en"):
        assert document.title == "План"
    with translation.override("kk"):
        assert document.title == "Жоспар"
    document.title_ru = ""
    with translation.override("en"):
        assert document.title == "Жоспар"


def test_unpublished_documents_are_not_in_public_managers():
    hidden = PlanningDocumentFactory(is_published=False)
    shown = PlanningDocumentFactory(is_published=True)
    ProjectObjectFactory(document=hidden)
    visible_obj = ProjectObjectFactory(document=shown)
    from baqylau.registry.models import PlanningDocument

    assert list(PlanningDocument.public_objects.all()) == [shown]
    assert list(ProjectObject.public_objects.all()) == [visible_obj]
    assert PlanningDocument.private_objects.count() == 2


def test_search_is_case_insensitive_for_cyrillic():
    from baqylau.registry.models import PlanningDocument

    doc = PlanningDocumentFactory(title_ru="Программа развития Павлодарской области")
    assert list(PlanningDocument.public_objects.search("ПАВЛОДАРСКОЙ")) == [doc]
    assert list(PlanningDocument.public_objects.search("павлодарской развития")) == [doc]
    assert not PlanningDocument.public_objects.search("алматы").exists()
