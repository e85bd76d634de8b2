"""Every public page in Kazakh, Russian and English; what each shows; locale formats."""

import pytest
from django.urls import reverse
from django.utils import translation

from ..factories import (
    PlanningDocumentFactory,
)

pytestmark = pytest.mark.django_db
LANGS = ["kk", "ru", "en"]


def page_urls(registry):
    return [
        reverse("portal:home"),
        reverse("portal:documents"),
        reverse("portal:documents") + "?q=развития&status=in_force&year=2022",
        registry["document"].get_absolute_url(),
        registry["document"].get_absolute_url() + "?year=2021",
        reverse("portal:objects"),
        reverse("portal:objects") + "?kind=school&territory=ekibastuz",
        registry["school"].get_absolute_url(),
        reverse("portal:organisations"),
        registry["akimat"].get_absolute_url(),
        reverse("portal:territories"),
        registry["region"].get_absolute_url(),
        registry["district"].get_absolute_url(),
        reverse("portal:status_rule"),
        reverse("portal:open_data"),
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_answers_in_each_language(client, registry, lang):
    with translation.override(lang):
        urls = page_urls(registry)
    for url in urls:
        assert url.startswith(f"/{lang}/")
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{lang}">' in html, url
        assert "OpenStreetMap" in html  # the ODbL attribution is on every page


def test_root_redirects_to_kazakh(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/kk/"


def test_language_switcher_keeps_the_page(client, registry):
    response = client.get("/ru/documents/regional-plan/")
    html = response.content.decode()
    assert 'href="/kk/documents/regional-plan/"' in html
    assert 'href="/en/documents/regional-plan/"' in html


@pytest.mark.parametrize(
    ("lang", "title", "goal_name"),
    [
        ("kk", "Облысты дамыту жоспары", "Мақсат"),
        ("ru", "План развития области", "Цель"),
        ("en", "Regional development plan", "Goal"),
    ],
)
def test_document_page_shows_content_in_the_language(client, registry, lang, title, goal_name):
    html = client.get(f"/{lang}/documents/regional-plan/").content.decode()
    assert title in html
    assert goal_name in html


def test_document_page_shows_plan_actual_status_chart_financing_and_objects(client, registry):
    html = client.get("/en/documents/regional-plan/?year=2022").content.decode()
    assert "Share of roads" in html
    # 2022: plan revised from 65 to 62, actual 60: 96.8 % -> at risk.
    assert "cell-at_risk" in html and "cell-on_track" in html
    assert "the plan was 65, changed to 62" in html and "Decision 5/12" in html
    assert "<svg" in html and 'class="plan"' in html  # the server-side chart
    assert "School for 600 pupils" in html
    assert "document-map-points" in html
    assert "2,000,000" in html  # adjusted plan shown as the current plan
    assert "75.0" in html  # 1 500 000 of 2 000 000 executed


def test_numbers_and_dates_follow_the_locale(client, registry):
    registry["school"].planned_end = "2024-03-05"
    registry["school"].save()
    for lang in ("kk", "ru"):
        html = client.get(f"/{lang}/documents/regional-plan/").content.decode()
        assert "2\xa0000\xa0000" in html, lang
        assert "75,0\xa0%" in html, lang
        assert "05.03.2024" in html, lang
    html = client.get("/en/documents/regional-plan/").content.decode()
    assert "2,000,000" in html and "75.0\xa0%" in html


def test_object_page_shows_its_facts(client, registry):
    html = client.get("/ru/objects/school-600/").content.decode()
    assert "Школа на 600 мест" in html
    assert "г. Экибастуз" in html  # territory found from the point
    assert "Акимат области" in html


def test_document_search_and_filters(client, registry):
    other = PlanningDocumentFactory(title_ru="Национальный проект", doc_type="national_project")
    html = client.get("/ru/documents/?q=ПЛАН развития").content.decode()
    assert "План развития области" in html and other.title_ru not in html
    html = client.get("/ru/documents/?type=national_project").content.decode()
    assert other.title_ru in html and "План развития области" not in html
    html = client.get("/ru/documents/?territory=pavlodar-region").content.decode()
    assert "План развития области" in html and other.title_ru not in html
    html = client.get("/ru/documents/?year=2030").content.decode()
    assert "План развития области" not in html


def test_unknown_pages_answer_404(client, registry):
    assert client.get("/en/documents/no-such-plan/").status_code == 404
    assert client.get("/en/objects/no-such-object/").status_code == 404
    assert client.get("/en/organisations/nobody/").status_code == 404
    assert client.get("/en/territories/nowhere/").status_code == 404


def test_english_dates_are_day_month_year(client, registry):
    registry["school"].planned_end = "2024-03-05"
    registry["school"].save()
    html = client.get("/en/documents/regional-plan/").content.decode()
    assert "5 Mar 2024" in html


def test_pages_without_monitoring_show_no_empty_sections(client, registry, body):
    # The pages that list the findings and recommendations of public monitoring
    # (tests/accountability/test_monitoring_public.py), when there are none.
    for url in [
        "/en/documents/regional-plan/",
        "/en/objects/school-600/",
        "/en/organisations/education-department/",
        "/en/organisations/akimat/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'id="findings"' not in html
        assert 'id="recommendations"' not in html
        assert 'id="recommendation-record"' not in html
