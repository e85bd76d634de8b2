"""Fixtures of the library's tests: a private campaign of alice's, and a coordinator of another
NGO with a campaign of her own."""

import pytest

from baqylau.accounts.models import Role
from baqylau.registry.models import Organisation

from ..factories import (
    CampaignFactory,
    LibraryItemFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)


@pytest.fixture
def campaign(registry, ngo, alice, bob, today):
    """A private campaign of alice's with bob on the team, running today."""
    return CampaignFactory(
        registry=registry, ngo=ngo, coordinator=alice, today=today, monitors=[bob]
    )


@pytest.fixture
def other_ngo(db):
    return OrganisationFactory(
        kind=Organisation.Kind.NGO,
        slug="ashyq-aimaq",
        name_en="Ashyq Aimaq",
        name_ru="Ашық аймақ",
        name_kk="Ашық аймақ",
    )


@pytest.fixture
def olga(other_ngo):
    """A coordinator of another NGO."""
    return MembershipFactory(
        user=UserFactory(email="olga@example.org", full_name="Olga"),
        organisation=other_ngo,
        role=Role.COORDINATOR,
    ).user


@pytest.fixture
def olga_campaign(registry, other_ngo, olga, today):
    return CampaignFactory(registry=registry, ngo=other_ngo, coordinator=olga, today=today)


@pytest.fixture
def item(ngo, alice):
    """A published checklist of alice's NGO."""
    return LibraryItemFactory(author=ngo, actor=alice, published=True)


@pytest.fixture
def draft(ngo, alice):
    """An unpublished checklist of alice's NGO."""
    return LibraryItemFactory(author=ngo, actor=alice, title="Draft of a kindergarten checklist")
