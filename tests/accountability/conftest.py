"""Fixtures of the accountability tests: the personas with a monitor of another NGO, another
body with its officer, and the final document's PDF faked for the tests about everything else."""

import pytest

from baqylau.accountability import services as accountability
from baqylau.accounts.models import Role
from baqylau.registry.models import Organisation

from ..factories import MembershipFactory, OrganisationFactory, UserFactory

FAKE_PDF = b"%PDF-1.7 final"


@pytest.fixture
def fake_pdf(monkeypatch):
    """The final document's PDF, faked (returned): the tests of the cycle check that it is kept
    and sent, its content is the final document's tests' business, and rendering it for every
    campaign sent would only make them slow."""
    monkeypatch.setattr(accountability, "_render_pdf", lambda *args, **kwargs: FAKE_PDF)
    return FAKE_PDF


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
