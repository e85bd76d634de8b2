"""Every public page in Kazakh, Russian and English; what each shows; locale formats."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import translation

from baqylau.registry import services
from baqylau.registry.models import Financing, Organisation, Territory

from .factories import (
    DirectionFactory,
    FinancingFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    OrganisationFactory,
    PlanningDocumentFactory,
    ProjectObjectFactory,
    TerritoryFactory,
    square,
)

pytestmark = pytest.mark.django_db
LANGS = ["kk", "ru", "en"]


@pytest.fixture
def registry():
    region = TerritoryFactory(
        kind=Territory.Kind.REGION,
        slug="pavlodar-region",
        name_kk="Павлодар облысы",
        name_ru="Павлодарская область",
        name_en="Pavlodar Region",
        geometry=square(74, 50, 6),
    )
    district = TerritoryFactory(
        slug="ekibastuz",
        parent=region,
        kind=Territory.Kind.CITY_ADMINISTRATION,
        name_kk="Екібастұз қаласы",
        name_ru="г. Экибастуз",
        name_en="Ekibastuz City",
        geometry=square(75, 51.5, 1),
    )
    akimat = OrganisationFactory(
        kind=Organisation.Kind.AKIMAT,
        slug="akimat",
        name_kk="Облыс әкімдігі",
        name_ru="Акимат области",
        name_en="Regional akimat",
        territory=region,
    )
    document = PlanningDocumentFactory(
        slug="regional-plan",
        title_kk="Облысты дамыту жоспары",
        title_ru="План развития области",
        title_en="Regional development plan",
        territory=region,
        start_year=2021,
        end_year=2023,
        is_published=False,
    )
    document.responsible_bodies.add(akimat)
    direction = DirectionFactory(document=document, number=1)
    goal = GoalFactory(document=document, direction=direction, number="1")
    roads = IndicatorFactory(
        goal=goal,
        code="1.1",
        name_kk="Жолдардың үлесі",
        name_ru="Доля дорог",
        name_en="Share of roads",
        unit_kk="%",
        unit_ru="%",
        unit_en="%",
    )
    for year, plan, actual in [(2021, "60", "61"), (2022, "65", "60"), (2023, "70", None)]:
        IndicatorValueFactory(
            indicator=roads, year=year, plan=D(plan), actual=D(actual) if actual else None
        )
    FinancingFactory(
        document=document,
        year=2021,
        source=Financing.Source.LOCAL,
        planned=D("1234567.50"),
        adjusted=D("2000000"),
        executed=D("1500000"),
    )
    FinancingFactory(
        document=document, year=2022, source=Financing.Source.REPUBLICAN, planned=D("3000000")
    )
    school = ProjectObjectFactory(
        document=document,
        slug="school-600",
        name_kk="600 орындық мектеп",
        name_ru="Школа на 600 мест",
        name_en="School for 600 pupils",
        latitude=51.7,
        longitude=75.3,
        responsible_body=akimat,
    )
    services.object_locate(obj=school)
    services.document_publish(document=document)
    services.indicator_value_set(
        indicator_id=roads.id, year=2022, plan=D("62"), actual=D("60"), reason="Decision 5/12"
    )
    hidden = PlanningDocumentFactory(
        slug="secret-draft",
        title_ru="Проект (не опубликован)",
        title_kk="Жоба (жарияланбаған)",
        title_en="Draft (unpublished)",
        is_published=False,
        territory=region,
    )
    hidden.responsible_bodies.add(akimat)
    ProjectObjectFactory(
        document=hidden,
        slug="hidden-object",
        name_ru="Скрытый объект",
        name_kk="Жасырын нысан",
        name_en="Hidden object",
        responsible_body=akimat,
        latitude=51.7,
        longitude=75.3,
        territory=district,
    )
    return {
        "document": document,
        "school": school,
        "akimat": akimat,
        "region": region,
        "district": district,
        "hidden": hidden,
    }


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
