"""Fixtures of the information requests' tests: the education department under the regional
akimat (a request may be redirected up the tree)."""

import pytest

from baqylau.registry.models import Organisation

from ..factories import OrganisationFactory


@pytest.fixture
def akimat(db):
    return OrganisationFactory(
        kind=Organisation.Kind.AKIMAT, slug="regional-akimat", email="akimat@gov.example.kz"
    )


@pytest.fixture
def body(body, akimat):
    """The education department (the global `body`), under the regional akimat."""
    body.parent = akimat
    body.save()
    return body
