"""Unpublished documents and everything under them stay off every public page, for every role
but the registry editors (staff)."""

import pytest

pytestmark = pytest.mark.django_db

HIDDEN_TEXTS = ["Проект (не опубликован)", "Скрытый объект", "secret-draft", "hidden-object"]
PUBLIC_PAGES = [
    "/ru/",
    "/ru/documents/",
    "/ru/objects/",
    "/ru/organisations/akimat/",
    "/ru/territories/pavlodar-region/",
    "/ru/territories/ekibastuz/",
]


def _login(client, user):
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize(
    "role", ["anonymous", "coordinator", "monitor", "citizen", "officer", "moderator"]
)
def test_unpublished_content_is_hidden_from_every_non_editor(client, registry, personas, role):
    _login(client, personas[role])
    assert client.get("/ru/documents/secret-draft/").status_code == 404
    assert client.get("/ru/objects/hidden-object/").status_code == 404
    for url in PUBLIC_PAGES:
        html = client.get(url).content.decode()
        for text in HIDDEN_TEXTS:
            assert text not in html, (role, url, text)


@pytest.mark.parametrize("role", ["staff", "administrator"])
def test_editors_preview_unpublished_content(client, registry, personas, role):
    _login(client, personas[role])
    response = client.get("/ru/documents/secret-draft/")
    assert response.status_code == 200
    assert "Проект (не опубликован)" in response.content.decode()
    assert client.get("/ru/objects/hidden-object/").status_code == 200
