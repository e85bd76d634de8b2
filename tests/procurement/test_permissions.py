"""Procurement is public as soon as it is loaded: every role sees the same pages. What the
registry keeps unpublished (an object, a planning document) stays off them for all but its
editors."""

import pytest

from ..factories import OrganisationFactory, ProcessObjectFactory
from ..helpers import officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_officer(db):
    """An officer of a body that is not the buyer."""
    return officer(OrganisationFactory(slug="health"), "oleg@example.org")


ROLES = ["anonymous", "citizen", "monitor", "coordinator", "officer", "moderator", "staff"]


@pytest.fixture
def hidden_links(procurement, registry):
    from baqylau.registry.models import ProjectObject

    process = procurement["process"]
    process.document = registry["hidden"]
    process.save()
    ProcessObjectFactory(
        process=process, object=ProjectObject.private_objects.get(slug="hidden-object")
    )
    return process


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_public_pages(client, procurement, personas, role):
    if personas[role]:
        client.force_login(personas[role])
    for url in [
        "/en/procurement/",
        f"/en/procurement/processes/{procurement['process'].ocid}/",
        f"/en/procurement/parties/{procurement['buyer'].pk}/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, (role, url)
        assert "Construction of a school for 600 pupils" in response.content.decode()


def test_another_bodys_officer_sees_the_same(client, procurement, other_officer):
    client.force_login(other_officer)
    url = f"/en/procurement/processes/{procurement['process'].ocid}/"
    assert "R018" in client.get(url).content.decode()


@pytest.mark.parametrize("role", [r for r in ROLES if r != "staff"])
def test_unpublished_objects_and_documents_stay_off_the_process_page(
    client, hidden_links, personas, role
):
    if personas[role]:
        client.force_login(personas[role])
    html = client.get(f"/en/procurement/processes/{hidden_links.ocid}/").content.decode()
    assert "hidden-object" not in html and "Hidden object" not in html
    assert "secret-draft" not in html and "Draft (unpublished)" not in html
    api = client.get(f"/api/procurement/processes/{hidden_links.ocid}/").json()
    assert api["document"] is None
    assert "hidden-object" not in api["objects"]


def test_editors_see_them(client, hidden_links, personas):
    client.force_login(personas["staff"])
    html = client.get(f"/en/procurement/processes/{hidden_links.ocid}/").content.decode()
    assert "hidden-object" in html and "secret-draft" in html
