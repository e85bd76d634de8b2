"""The back office's lists of the whole country: a list's page costs the same queries whatever
the number of rows, a list is counted no further than its pages reach, and a filter by a
document or a territory is found by typing instead of listing every record."""

from datetime import date, datetime, timedelta

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from baqylau.accountability.models import Finding, Recommendation
from baqylau.core.admin import CountsCheaplyPaginator
from baqylau.inforequests.models import InformationRequest
from baqylau.monitoring.models import Campaign
from baqylau.participation.models import Category, Report
from baqylau.registry import models as m

from .. import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, erin):
    erin.is_superuser = True  # all model permissions, as an editor group would grant
    erin.save()
    client.force_login(erin)
    return client


@pytest.fixture
def rows(body, ngo):
    """Adds `count` records of a list's model, the fewest fields each."""
    territory = factories.TerritoryFactory()
    requester = factories.UserFactory()
    category = Category.objects.create(code="roads", name="Roads", object_kinds=[])
    added = {"n": 0}

    def add(model: str, count: int) -> None:
        numbers = range(added["n"], added["n"] + count)
        added["n"] += count
        if model == "planningdocument":
            factories.PlanningDocumentFactory.create_batch(count, territory=territory)
        elif model == "indicator":
            factories.IndicatorFactory.create_batch(count)
        elif model == "projectobject":
            factories.ProjectObjectFactory.create_batch(count, territory=territory)
        elif model == "informationrequest":
            InformationRequest._default_manager.bulk_create(
                InformationRequest(
                    public_id=f"t{n:05d}",
                    requester=requester,
                    body=body,
                    subject=f"Request {n}",
                    text="Please send the estimate.",
                )
                for n in numbers
            )
        elif model in {"finding", "recommendation"}:
            campaign = Campaign._default_manager.get_or_create(
                ngo=ngo,
                slug="findings",
                defaults={"starts_on": date(2025, 1, 1), "ends_on": date(2025, 12, 31)},
            )[0]
            manager = (Finding if model == "finding" else Recommendation).private_objects
            plan = factories.PlanningDocumentFactory()
            manager.bulk_create(
                manager.model(
                    campaign=campaign, number=n + 1, title="Delay", category="delay", document=plan
                )
                if model == "finding"
                else manager.model(campaign=campaign, number=n + 1, body=body, text="Resume.")
                for n in numbers
            )
        elif model == "goal":
            factories.GoalFactory.create_batch(count)
        elif model == "financing":
            factories.FinancingFactory.create_batch(count)
        elif model == "campaign":
            Campaign._default_manager.bulk_create(
                Campaign(
                    ngo=ngo,
                    slug=f"campaign-{n}",
                    title_en=f"Monitoring {n}",
                    starts_on=date(2025 - n % 2, 3, 1),
                    ends_on=date(2025, 12, 31),
                )
                for n in numbers
            )
        else:
            Report._default_manager.bulk_create(
                Report(
                    category=category,
                    title=f"Report {n}",
                    description="A pothole.",
                    body=body,
                    reporter_email=f"citizen{n}@example.org",
                )
                for n in numbers
            )

    return add


LISTS = {
    "registry": ["planningdocument", "indicator", "projectobject", "goal", "financing"],
    "accountability": ["finding", "recommendation"],
    "inforequests": ["informationrequest"],
    "monitoring": ["campaign"],
    "participation": ["report"],
}


@pytest.mark.parametrize("app, model", [(app, model) for app in LISTS for model in LISTS[app]])
def test_a_list_costs_the_same_queries_whatever_its_number_of_rows(staff, rows, app, model):
    url = reverse(f"admin:{app}_{model}_changelist")
    staff.get(url)  # the session's first request reads what later ones keep
    queries = []
    for added, shown in ((2, 2), (10, 12)):
        rows(model, added)
        with CaptureQueriesContext(connection) as captured:
            response = staff.get(url)
        assert response.status_code == 200
        assert len(response.context["cl"].result_list) == shown
        queries.append(len(captured))
    assert queries[0] == queries[1], queries


def test_a_long_list_is_counted_as_far_as_its_pages_reach(staff, rows, monkeypatch):
    monkeypatch.setattr(CountsCheaplyPaginator, "CAP", 3)
    monkeypatch.setattr(admin.site._registry[m.PlanningDocument], "list_per_page", 2)
    rows("planningdocument", 5)
    url = reverse("admin:registry_planningdocument_changelist")

    first = staff.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert first.context["cl"].result_count == 4  # one more than it says
    assert "more than 3" in first.content.decode()
    assert "Select all of more than 3" in first.content.decode()
    assert "3-тен астам" in staff.get(url, HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "более 3" in staff.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    second = staff.get(url, {"p": 2}, HTTP_ACCEPT_LANGUAGE="en")
    assert "more than 4" in second.content.decode()
    assert len(second.context["cl"].result_list) == 2

    last = staff.get(url, {"p": 3}, HTTP_ACCEPT_LANGUAGE="en")  # the count reaches the end
    assert last.context["cl"].result_count == 5
    assert "more than" not in last.content.decode()
    assert len(last.context["cl"].result_list) == 1


def test_objects_are_filtered_by_a_document_found_by_typing(staff):
    school = factories.ProjectObjectFactory(name_en="School of Aksu")
    other = factories.ProjectObjectFactory(name_en="Bridge of Ekibastuz")
    chosen, hidden = school.document, other.document
    hidden.title_kk = hidden.title_ru = hidden.title_en = "Road plan of Ekibastuz"
    hidden.save()
    url = reverse("admin:registry_projectobject_changelist")

    everything = staff.get(url).content.decode()
    assert "Road plan of Ekibastuz</td>" in everything  # its object's row
    assert "Road plan of Ekibastuz</a>" not in everything  # the sidebar lists no document
    assert 'data-filter-parameter="document__id__exact"' in everything

    page = staff.get(url, {"document__id__exact": chosen.pk})
    assert list(page.context["cl"].result_list) == [school]
    html = page.content.decode()
    assert f'<option value="{chosen.pk}" selected>{chosen.title_kk}</option>' in html
    assert "Road plan of Ekibastuz" not in html

    found = staff.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "registry",
            "model_name": "projectobject",
            "field_name": "document",
            "term": "Ekibastuz",
        },
    ).json()
    assert [r["id"] for r in found["results"]] == [str(hidden.pk)]


def test_indicators_are_filtered_by_the_document_of_their_goal(staff):
    indicator = factories.IndicatorFactory()
    factories.IndicatorFactory()
    document = indicator.goal.document
    url = reverse("admin:registry_indicator_changelist")
    page = staff.get(url, {"goal__document__id__exact": document.pk})
    assert list(page.context["cl"].result_list) == [indicator]
    html = page.content.decode()
    # Found through the goal's field, as the autocomplete view asks.
    assert 'data-model-name="goal"' in html and 'data-field-name="document"' in html
    assert f'<option value="{document.pk}" selected>' in html


def test_documents_are_filtered_by_territory_and_campaigns_by_year(staff, rows):
    pavlodar = factories.TerritoryFactory(name_kk="Павлодар ауданы", name_en="Pavlodar district")
    plan = factories.PlanningDocumentFactory(territory=pavlodar)
    factories.PlanningDocumentFactory()
    page = staff.get(
        reverse("admin:registry_planningdocument_changelist"), {"territory__id__exact": pavlodar.pk}
    )
    assert list(page.context["cl"].result_list) == [plan]
    assert "Павлодар ауданы</option>" in page.content.decode()  # the page is in Kazakh

    rows("campaign", 3)  # starting in 2025, 2024, 2025
    url = reverse("admin:monitoring_campaign_changelist")
    html = staff.get(url).content.decode()
    assert "?starts_on__year=2025" in html and "?starts_on__year=2024" in html
    page = staff.get(url, {"starts_on__year": 2024})
    assert [c.slug for c in page.context["cl"].result_list] == ["campaign-1"]
    counted = staff.get(url, {"_facets": "True"}).content.decode()  # "Show counts"
    assert ">2025 (2)</a>" in counted and ">2024 (1)</a>" in counted


def test_requests_are_filtered_by_the_year_they_were_written(staff, rows):
    rows("informationrequest", 2)
    first = InformationRequest._default_manager.order_by("pk").first()
    first.created_at = datetime(2024, 5, 1, 12, 0).astimezone() - timedelta(days=1)
    first.save(update_fields=["created_at"])
    url = reverse("admin:inforequests_informationrequest_changelist")
    page = staff.get(url, {"created_at__year": 2024})
    assert list(page.context["cl"].result_list) == [first]
