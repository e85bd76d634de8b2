"""A real headless Chromium in the back office: a filter of the objects by a document found by
typing its title."""

import pytest

from .. import factories
from ..helpers import HAS_CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed"),
]


def test_objects_are_filtered_by_a_document_typed_in_the_sidebar(open_as, live_server, erin):
    erin.is_superuser = True
    erin.save()
    school = factories.ProjectObjectFactory(name_kk="Ақсу мектебі", name_en="Ақсу мектебі")
    bridge = factories.ProjectObjectFactory(name_kk="Екібастұз көпірі", name_en="Екібастұз көпірі")
    plan = bridge.document
    plan.title_kk = plan.title_ru = plan.title_en = "Road plan of Ekibastuz"
    plan.save()
    page = open_as(erin)
    page.goto(live_server.url + "/admin/registry/projectobject/")
    assert "Ақсу мектебі" in page.content()

    page.locator('select[data-filter-parameter="document__id__exact"] + .select2').click()
    page.locator(".select2-search__field").fill("Ekibastuz")
    page.locator(".select2-results__option", has_text="Road plan of Ekibastuz").click()

    page.wait_for_url(f"**document__id__exact={plan.pk}**")
    assert "Екібастұз көпірі" in page.content()
    assert "Ақсу мектебі" not in page.content()
    assert school.document_id != plan.pk
