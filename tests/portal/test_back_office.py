"""Staff edit the registry in the back office; nobody else gets in."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from baqylau.accounts.models import User
from baqylau.registry.models import PlanRevision, PlanVersion

from ..factories import IndicatorFactory, IndicatorValueFactory, PlanningDocumentFactory
from ..helpers import admin_change

pytestmark = pytest.mark.django_db

REGISTRY_MODELS = [
    "territory",
    "organisation",
    "planningdocument",
    "goal",
    "indicator",
    "projectobject",
    "financing",
    "planrevision",
]


@pytest.mark.parametrize("model", REGISTRY_MODELS)
def test_staff_open_every_registry_list_and_form(client, erin, model):
    erin.is_superuser = True  # all model permissions, as an editor group would grant
    erin.save()
    client.force_login(erin)
    assert client.get(reverse(f"admin:registry_{model}_changelist")).status_code == 200
    if model != "planrevision":
        assert client.get(reverse(f"admin:registry_{model}_add")).status_code == 200


@pytest.mark.parametrize("role", ["coordinator", "monitor", "citizen", "officer", "moderator"])
def test_non_staff_cannot_enter_the_back_office(client, personas, role):
    client.force_login(personas[role])
    response = client.get(reverse("admin:registry_planningdocument_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def _indicator_form(indicator, value, **changes) -> dict:
    return {
        "goal": indicator.goal_id,
        "code": indicator.code,
        "order": 0,
        "name_kk": indicator.name_kk,
        "name_ru": indicator.name_ru,
        "name_en": indicator.name_en,
        "unit_kk": "%",
        "unit_ru": "%",
        "unit_en": "%",
        "kind": "target",
        "direction": "higher",
        "baseline_year": 2020,
        "baseline_value": "50",
        "values-TOTAL_FORMS": 1,
        "values-INITIAL_FORMS": 1,
        "values-0-id": value.pk,
        "values-0-indicator": indicator.pk,
        "values-0-year": 2022,
        "values-0-plan": "45",
        "values-0-actual": "41",
        "values-0-actual_source": "",
        "values-0-actual_date": "",
        **changes,
    }


def test_editing_a_published_plan_in_the_back_office_keeps_a_revision(client, root):
    document = PlanningDocumentFactory(is_published=True)
    indicator = IndicatorFactory(goal__document=document)
    value = IndicatorValueFactory(indicator=indicator, year=2022, plan=D(40), actual=D(41))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    # A changed plan of a published document asks for the source of the change.
    refused = admin_change(client, root, indicator, _indicator_form(indicator, value))
    assert refused.status_code == 200
    assert "give the source of the change" in refused.content.decode()
    assert not PlanRevision.objects.exists()
    source = {"revision_source": "Decision No. 5", "revision_takes_effect": "2024-03-12"}
    form = _indicator_form(indicator, value, **source)
    response = admin_change(client, root, indicator, form)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    version = PlanVersion.private_objects.get(document=document, number=2)
    assert (version.source, version.takes_effect.isoformat(), version.recorded_by) == (
        "Decision No. 5",
        "2024-03-12",
        root,
    )
    revision = PlanRevision.objects.get()
    assert (revision.previous_plan, revision.new_plan, revision.recorded_by) == (D(40), D(45), root)
    # The value's history keeps the earlier version, and who changed it.
    latest, earlier = value.history.all()[:2]
    assert (earlier.plan, latest.plan, latest.history_user) == (D(40), D(45), root)


def test_a_published_plan_value_is_not_deleted_in_the_back_office(client, root):
    document = PlanningDocumentFactory(is_published=True)
    indicator = IndicatorFactory(goal__document=document)
    value = IndicatorValueFactory(indicator=indicator, year=2022, plan=D(40), actual=D(41))
    form = _indicator_form(indicator, value, **{"values-0-plan": "40", "values-0-DELETE": "on"})
    assert admin_change(client, root, indicator, form).status_code == 302
    assert indicator.values.filter(pk=value.pk).exists()


def test_an_editor_creates_an_account_that_can_log_in(client, root):
    client.force_login(root)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New.Officer@Example.org",
            "full_name": "New Officer",
            "email_verified": "on",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
            "usable_password": "true",
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email="new.officer@example.org")
    assert user.email_verified and user.check_password("a long enough passphrase")


ACCOUNTABILITY = {"finding", "recommendation", "recommendationanswer", "finaldocument"}


@pytest.mark.parametrize(
    "model",
    [
        "campaign",
        "campaignmember",
        "conflictdeclaration",
        "checklist",
        "checklistversion",
        "visit",
        "evidence",
        "finding",
        "recommendation",
        "recommendationanswer",
        "finaldocument",
    ],
)
def test_staff_look_into_monitoring_but_change_nothing_there(client, root, model):
    client.force_login(root)
    app = "accountability" if model in ACCOUNTABILITY else "monitoring"
    assert client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{app}_{model}_add")).status_code == 403
