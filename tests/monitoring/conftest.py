"""Fixtures of the monitoring tests: a campaign whose team may record, and a coordinator of
another NGO."""

import pytest

from baqylau.accounts.models import Role
from baqylau.registry.models import Organisation

from ..factories import CampaignFactory, MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def campaign(registry, ngo, alice, bob, today):
    """A private campaign of alice's with bob on the team, both declared, running today."""
    return CampaignFactory(
        registry=registry,
        ngo=ngo,
        coordinator=alice,
        today=today,
        monitors=[bob],
        declared=[alice, bob],
    )


@pytest.fixture
def olga(db):
    """A coordinator of another NGO."""
    return MembershipFactory(
        user=UserFactory(email="olga@example.org", full_name="Olga"),
        organisation=OrganisationFactory(kind=Organisation.Kind.NGO, slug="ashyq-aimaq"),
        role=Role.COORDINATOR,
    ).user
