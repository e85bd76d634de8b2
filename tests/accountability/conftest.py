"""Fixtures of the accountability tests: the personas with a monitor of another NGO, another
body with its officer."""

import pytest

from baqylau.accounts.models import Role
from baqylau.registry.models import Organisation

from ..factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def everyone(personas, other_monitor):
    return personas | {"other_monitor": other_monitor}


@pytest.fixture
def other_body(db):
    return OrganisationFactory(
        kind=Organisation.Kind.AKIMAT_DEPARTMENT,
        slug="health-department",
        name_kk="Денсаулық сақтау басқармасы",
        name_ru="Управление здравоохранения",
        name_en="Health Department",
    )


@pytest.fixture
def oleg(other_body):
    """An officer of another body."""
    return MembershipFactory(
        user=UserFactory(email="oleg@example.org", full_name="Oleg"),
        organisation=other_body,
        role=Role.OFFICER,
    ).user
