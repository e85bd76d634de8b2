"""Named personas shared by all tests, and common fixtures.

alice coordinates NGO "Adal Monitoring", bob monitors for it, carol is a citizen with no role,
dana is an officer of the regional education department, max moderates, erin is staff (registry
editor) and root is an administrator.
"""

import pytest
from django.core.cache import cache

from baqylau.accounts.models import Role
from baqylau.registry import geo
from baqylau.registry.models import Organisation

from .factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    geo.clear_cache()
    yield
    cache.clear()
    geo.clear_cache()


@pytest.fixture
def ngo(db):
    return OrganisationFactory(
        kind=Organisation.Kind.NGO,
        slug="adal-monitoring",
        name_ru="Адал мониторинг",
        name_kk="Адал мониторинг",
        name_en="Adal Monitoring",
    )


@pytest.fixture
def body(db):
    return OrganisationFactory(
        kind=Organisation.Kind.AKIMAT_DEPARTMENT,
        slug="education-department",
        name_kk="Білім беру басқармасы",
        name_ru="Управление образования",
        name_en="Education Department",
    )


@pytest.fixture
def alice(ngo):
    return MembershipFactory(
        user=UserFactory(email="alice@example.org", full_name="Alice"),
        organisation=ngo,
        role=Role.COORDINATOR,
    ).user


@pytest.fixture
def bob(ngo):
    return MembershipFactory(
        user=UserFactory(email="bob@example.org", full_name="Bob"),
        organisation=ngo,
        role=Role.MONITOR,
    ).user


@pytest.fixture
def carol(db):
    return UserFactory(email="carol@example.org", full_name="Carol")


@pytest.fixture
def dana(body):
    return MembershipFactory(
        user=UserFactory(email="dana@example.org", full_name="Dana"),
        organisation=body,
        role=Role.OFFICER,
    ).user


@pytest.fixture
def max_moderator(ngo):
    return MembershipFactory(
        user=UserFactory(email="max@example.org", full_name="Max"),
        organisation=ngo,
        role=Role.MODERATOR,
    ).user


@pytest.fixture
def erin(db):
    return UserFactory(email="erin@example.org", full_name="Erin", is_staff=True)


@pytest.fixture
def root(db):
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def personas(alice, bob, carol, dana, max_moderator, erin, root):
    """Every role, plus an anonymous visitor (None)."""
    return {
        "anonymous": None,
        "coordinator": alice,
        "monitor": bob,
        "citizen": carol,
        "officer": dana,
        "moderator": max_moderator,
        "staff": erin,
        "administrator": root,
    }
