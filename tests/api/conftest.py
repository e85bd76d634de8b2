"""Fixtures of the open data tests: the Pavlodar region and one of its districts, with their
boundaries."""

import pytest

from baqylau.registry.models import Territory

from ..factories import TerritoryFactory, square


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
