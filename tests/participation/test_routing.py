"""Which body a report goes to: the object's responsible body, else the routing table (the
category's rule of the territory, its default rule, or the nearest territory above with a rule);
forwarding by the body re-routes it. The routing table is edited in the back office."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from baqylau.participation import reports
from baqylau.participation.models import Category, Report, ReportEvent, RoutingRule
from baqylau.participation.permissions import can_answer_report
from baqylau.registry.models import Organisation, ProjectObject
from tests.factories import OrganisationFactory
from tests.helpers import codes, officer

pytestmark = pytest.mark.django_db

# A point in the Ekibastuz square of the `registry` fixture, and one in the region outside it.
IN_DISTRICT = reports.Place(latitude=51.8, longitude=75.5)
IN_REGION = reports.Place(latitude=50.5, longitude=77.0)


def state_body(slug: str) -> Organisation:
    return OrganisationFactory(kind=Organisation.Kind.AKIMAT_DEPARTMENT, slug=slug, name_en=slug)


@pytest.fixture
def bodies(db):
    return {slug: state_body(slug) for slug in ("roads", "housing", "district-akimat", "region")}


@pytest.fixture
def other_category(db):
    return Category.objects.exclude(code="quality-of-work").filter(object_kinds=[]).first()


def filed(file_report, carol, at, **extra):
    return file_report(at=at, reporter=carol, **extra)


def test_a_report_at_an_object_goes_to_its_responsible_body(file_report, school, carol, bodies):
    RoutingRule.objects.create(territory=school.territory, body=bodies["roads"])
    report = filed(file_report, carol, school)
    assert report.body == school.responsible_body


def test_an_object_without_a_responsible_body_follows_the_table(
    file_report, school, carol, bodies, category
):
    ProjectObject.private_objects.filter(pk=school.pk).update(responsible_body=None)
    school.refresh_from_db()
    RoutingRule.objects.create(territory=school.territory, category=category, body=bodies["roads"])
    assert filed(file_report, carol, school).body == bodies["roads"]


def test_the_categorys_rule_of_the_territory_first_then_its_default(
    file_report, registry, carol, bodies, category, other_category
):
    district = registry["district"]
    RoutingRule.objects.create(territory=district, category=category, body=bodies["roads"])
    RoutingRule.objects.create(territory=district, body=bodies["district-akimat"])
    report = filed(file_report, carol, IN_DISTRICT)
    assert report.territory == district
    assert report.body == bodies["roads"]
    assert (
        filed(file_report, carol, IN_DISTRICT, category=other_category).body
        == (bodies["district-akimat"])
    )


def test_a_district_without_a_rule_goes_by_its_region(
    file_report, registry, carol, bodies, category, other_category
):
    RoutingRule.objects.create(
        territory=registry["region"], category=category, body=bodies["housing"]
    )
    RoutingRule.objects.create(territory=registry["region"], body=bodies["region"])
    assert filed(file_report, carol, IN_DISTRICT).body == bodies["housing"]
    assert filed(file_report, carol, IN_DISTRICT, category=other_category).body == bodies["region"]
    assert filed(file_report, carol, IN_REGION).territory == registry["region"]
    assert filed(file_report, carol, IN_REGION).body == bodies["housing"]


def test_a_districts_default_rule_comes_before_the_regions_category_rule(
    file_report, registry, carol, bodies, category
):
    RoutingRule.objects.create(
        territory=registry["region"], category=category, body=bodies["housing"]
    )
    RoutingRule.objects.create(territory=registry["district"], body=bodies["district-akimat"])
    assert filed(file_report, carol, IN_DISTRICT).body == bodies["district-akimat"]


def test_without_any_rule_the_report_has_no_body_and_no_inbox_lists_it(
    file_report, registry, carol, max_moderator, dana
):
    report = filed(file_report, carol, IN_DISTRICT)
    reports.report_publish(report=report, actor=max_moderator)
    assert report.body is None
    assert not can_answer_report(dana, report)


def test_the_route_service_walks_up_the_territories(registry, bodies, category):
    RoutingRule.objects.create(territory=registry["region"], body=bodies["region"])
    assert reports.route(category=category, territory=registry["district"]) == bodies["region"]
    assert reports.route(category=category, territory=None) is None


# Forwarding --------------------------------------------------------------------------------------


@pytest.fixture
def forwarded(published_report, dana, bodies):
    report = published_report()
    reports.report_answer(
        report=report,
        actor=dana,
        kind=ReportEvent.Kind.FORWARDED,
        text="Roads are the roads department's.",
        to_body=bodies["roads"],
    )
    report.refresh_from_db()
    return report


def test_forwarding_reroutes_to_the_other_body(forwarded, dana, body, bodies, today):
    assert forwarded.body == bodies["roads"]
    assert forwarded.status == Report.Status.OPEN and forwarded.answered_at is None
    event = forwarded.events.get(kind=ReportEvent.Kind.FORWARDED)
    assert (event.from_body, event.to_body) == (body, bodies["roads"])
    assert not can_answer_report(dana, forwarded)
    roads_officer = officer(bodies["roads"], "roads@example.org")
    assert can_answer_report(roads_officer, forwarded)
    reports.report_answer(report=forwarded, actor=roads_officer, kind=ReportEvent.Kind.ACKNOWLEDGED)
    forwarded.refresh_from_db()
    assert forwarded.status == Report.Status.ACKNOWLEDGED


def test_forwarding_needs_another_state_body(published_report, dana, body, ngo):
    report = published_report()
    for to_body, code in [(None, "to_body"), (body, "to_body"), (ngo, "to_body")]:
        with pytest.raises(ValidationError) as error:
            reports.report_answer(
                report=report,
                actor=dana,
                kind=ReportEvent.Kind.FORWARDED,
                text="Not ours.",
                to_body=to_body,
            )
        assert code in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        reports.report_answer(
            report=report, actor=dana, kind=ReportEvent.Kind.FORWARDED, to_body=ngo
        )
    assert {"text", "to_body"} <= set(error.value.message_dict)
    assert "closed" not in codes(error.value)
    report.refresh_from_db()
    assert report.body == body and report.events.count() == 2


# The back office ---------------------------------------------------------------------------------


def test_the_routing_table_in_the_back_office(client, root, registry, bodies, category, ngo):
    client.force_login(root)
    changelist = reverse("admin:participation_routingrule_changelist")
    add = reverse("admin:participation_routingrule_add")
    assert client.get(changelist).status_code == 200
    assert client.get(add).status_code == 200
    response = client.post(
        add,
        {
            "territory": registry["district"].pk,
            "category": category.pk,
            "body": bodies["roads"].pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rule = RoutingRule.objects.get()
    assert (rule.territory, rule.category, rule.body) == (
        registry["district"],
        category,
        bodies["roads"],
    )
    assert str(bodies["roads"]) in client.get(changelist).content.decode()
    assert str(bodies["roads"]) in client.get(changelist, {"q": "Ekibastuz"}).content.decode()
    assert str(bodies["roads"]) not in client.get(changelist, {"q": "nowhere"}).content.decode()
    # The same category twice in a territory is refused.
    response = client.post(
        add,
        {
            "territory": registry["district"].pk,
            "category": category.pk,
            "body": bodies["housing"].pk,
        },
    )
    assert response.status_code == 200 and RoutingRule.objects.count() == 1


def autocomplete(client, field: str, term: str) -> set[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": term,
            "app_label": "participation",
            "model_name": "routingrule",
            "field_name": field,
        },
    )
    assert response.status_code == 200
    return {row["id"] for row in json.loads(response.content)["results"]}


def test_the_autocomplete_fields_of_the_routing_table(client, root, registry, bodies, ngo):
    """The territories and bodies are searched by name; only state bodies are offered."""
    client.force_login(root)
    assert autocomplete(client, "territory", "Ekibastuz") == {str(registry["district"].pk)}
    assert autocomplete(client, "body", "roads") == {str(bodies["roads"].pk)}
    offered = autocomplete(client, "body", "")
    assert str(bodies["roads"].pk) in offered and str(ngo.pk) not in offered
