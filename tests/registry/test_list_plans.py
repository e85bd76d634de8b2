"""The object lists that must not grow with the whole table are read from their indexes: the
home page's latest objects (named in the page's language first) and a body's objects and
contracts. SQLite matches an index on an expression only to the same literal SQL, so the
language-first order is written without parameters and checked on SQLite's plan; PostgreSQL
chooses by the table's size, so there the SQL alone is checked."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import translation

from baqylau.core.languages import page_language_first
from baqylau.core.permissions import visible
from baqylau.registry.models import ProjectObject

from ..factories import OrganisationFactory, ProjectObjectFactory

pytestmark = pytest.mark.django_db

on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL plans by the size of the table"
)


def _latest_objects(language: str):
    with translation.override(language):
        objects = visible(AnonymousUser(), ProjectObject).order_by("-updated_at")
        return page_language_first(objects, "name")[:8]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_language_first_order_binds_no_parameter(language):
    sql, params = _latest_objects(language).query.sql_with_params()
    assert f"\"name_{language}\" = '')" in sql
    assert "" not in params and 1 not in params and 0 not in params


@on_sqlite
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_latest_objects_are_read_from_the_index_of_their_language(language):
    ProjectObjectFactory.create_batch(3)
    plan = _latest_objects(language).explain()
    assert f"USING INDEX object_recent_{language}" in plan
    assert "TEMP B-TREE" not in plan


@on_sqlite
@pytest.mark.parametrize(
    ("field", "index"),
    [("responsible_body", "object_body_order"), ("contractor", "object_contractor_order")],
)
def test_a_bodys_objects_are_read_in_the_list_order_from_its_own_index(field, index):
    body = OrganisationFactory()
    ProjectObjectFactory.create_batch(3, **{field: body})
    plan = visible(AnonymousUser(), ProjectObject).filter(**{field: body})[:50].explain()
    assert f"USING INDEX {index}" in plan
    assert "TEMP B-TREE" not in plan
