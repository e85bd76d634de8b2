import pytest
from tests.test_browser import page  # noqa: F401
from tests.test_inforequest_stats import example, bodies, frozen_today  # noqa: F401


@pytest.mark.django_db(transaction=True)
def test_shot(page, live_server, example):
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(live_server.url + "/ru/requests/bodies/?year=2024")
    page.screenshot(path="/tmp/ranking.png", full_page=True)
    page.goto(live_server.url + "/ru/organisations/education-department/")
    page.screenshot(path="/tmp/org.png", full_page=True)
