"""Fixtures of the open data tests: the Pavlodar region and one of its districts, with their
boundaries; an unpublished document with everything under it."""

import pytest

from baqylau.registry.models import Territory

from ..factories import (
    FinancingFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    PlanningDocumentFactory,
    ProjectObjectFactory,
    TerritoryFactory,
    square,
)


@pytest.fixture
def region(db):
    return TerritoryFactory(
        kind=Territory.Kind.REGION,
        slug="pavlodar-region",
        name_kk="Павлодар облысы",
        name_ru="Павлодарская область",
        name_en="Pavlodar Region",
        geometry=square(75, 51, 3),
    )


@pytest.fixture
def district(region):
    return TerritoryFactory(
        kind=Territory.Kind.DISTRICT,
        parent=region,
        slug="bayanaul",
        name_kk="Баянауыл ауданы",
        name_ru="Баянаульский район",
        name_en="Bayanaul District",
        geometry=square(75.5, 50.5, 0.5),
    )


@pytest.fixture
def hidden(db):
    """An unpublished document and everything under it."""
    document = PlanningDocumentFactory(slug="secret-draft", is_published=False)
    goal = GoalFactory(document=document)
    indicator = IndicatorFactory(goal=goal, code="SECRET")
    IndicatorValueFactory(indicator=indicator, year=2022)
    obj = ProjectObjectFactory(document=document, slug="secret-object")
    financing = FinancingFactory(document=document, object=obj)
    return {
        "document": document,
        "goal": goal,
        "indicator": indicator,
        "object": obj,
        "financing": financing,
    }
