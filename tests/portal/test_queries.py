"""List and detail pages run a number of SQL queries that does not grow with the data."""

from decimal import Decimal as D

import pytest

from baqylau.registry.models import Territory

from ..factories import (
    FinancingFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    OrganisationFactory,
    PlanningDocumentFactory,
    ProjectObjectFactory,
    TerritoryFactory,
    square,
)
from ..helpers import count_queries

pytestmark = pytest.mark.django_db
MAX_QUERIES = 20


def _grow(n, document, territory, body):
    for i in range(n):
        goal = GoalFactory(document=document)
        indicator = IndicatorFactory(goal=goal)
        for year in (2021, 2022, 2023):
            IndicatorValueFactory(indicator=indicator, year=year, plan=D(10), actual=D(i))
        FinancingFactory(document=document, year=2021 + i % 3)
        ProjectObjectFactory(
            document=document, territory=territory, responsible_body=body, contractor=body
        )
        PlanningDocumentFactory(territory=territory).responsible_bodies.add(body)


@pytest.mark.parametrize(
    "url",
    [
        "/ru/",
        "/ru/documents/",
        "/ru/documents/doc/",
        "/ru/objects/",
        "/ru/objects/obj/",
        "/ru/organisations/",
        "/ru/organisations/body/",
        "/ru/territories/",
        "/ru/territories/t/",
    ],
)
def test_query_count_does_not_grow_with_data(client, url):
    region = TerritoryFactory(kind=Territory.Kind.REGION, slug="t", geometry=square(70, 50, 5))
    body = OrganisationFactory(slug="body", territory=region)
    document = PlanningDocumentFactory(slug="doc", territory=region)
    document.responsible_bodies.add(body)
    ProjectObjectFactory(slug="obj", document=document, territory=region)
    _grow(2, document, region, body)
    small = count_queries(client, url)
    _grow(25, document, region, body)
    large = count_queries(client, url)
    assert small == large, (url, small, large)
    assert large <= MAX_QUERIES, (url, large)
