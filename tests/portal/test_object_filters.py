"""The objects' filters: the document filter, set by a document page's link, is no field to
fill in; the page names the document it lists the objects of and links to all of them."""

import pytest


@pytest.mark.parametrize("query", ["", "?document=regional-plan"])
def test_the_document_filter_has_no_label_without_a_field(client, registry, query):
    html = client.get(f"/en/objects/{query}").content.decode()
    filters = html.split('<form class="filters"')[1].split("</form>")[0]
    assert 'type="hidden" name="document"' in filters
    assert 'for="id_document"' not in filters
    assert "Document" not in filters


def test_objects_of_one_document_name_it(client, registry):
    html = client.get("/en/objects/?document=regional-plan").content.decode()
    assert (
        '<p class="filter-scope">Objects of <a href="/en/documents/regional-plan/">'
        "Regional development plan</a>" in html
    )
    assert '<a href="?">objects of all documents</a>' in html
    assert "filter-scope" not in client.get("/en/objects/").content.decode()


def test_an_unpublished_document_is_not_named(client, registry):
    html = client.get("/en/objects/?document=secret-draft").content.decode()
    assert "filter-scope" not in html
