"""A database made before accountability became its own app upgrades without losing a row.

The findings, recommendations, answers, notices, final documents and the users' email preferences
moved between apps with state-only migrations, then their tables were renamed. This test builds
the schema as it was, writes rows with the models of that time, migrates to the latest schema and
reads every row back through today's models."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from baqylau.accountability.models import (
    FinalDocument,
    Finding,
    PlannedMeasure,
    Recommendation,
    RecommendationAnswer,
)
from baqylau.accounts.models import NotificationPreference

BEFORE = [
    ("accounts", "0002_initial"),
    ("inforequests", "0003_notificationpreference_campaign_updates_and_more"),
    ("monitoring", "0004_campaign_send_overdue_notified_at_and_more"),
    ("accountability", None),
]


def _old_rows(apps) -> dict:
    """Rows written with the models as they were before the move, and their ids."""
    user = apps.get_model("accounts", "User")._default_manager.create(email="old@example.org")
    ngo = apps.get_model("registry", "Organisation")._default_manager.create(
        kind="ngo", slug="old-ngo", name="Old NGO"
    )
    body = apps.get_model("registry", "Organisation")._default_manager.create(
        kind="akimat_department", slug="old-body", name="Old body"
    )
    document = apps.get_model("registry", "PlanningDocument")._default_manager.create(
        slug="old-plan",
        title="Old plan",
        doc_type="regional_plan",
        status="in_force",
        start_year=2021,
        end_year=2025,
    )
    campaign = apps.get_model("monitoring", "Campaign")._default_manager.create(
        ngo=ngo,
        slug="old-campaign",
        title="Old campaign",
        goals="g",
        tasks="t",
        method="m",
        starts_on=date(2025, 1, 10),
        ends_on=date(2025, 3, 10),
        status="answers_received",
        is_published=True,
    )
    evidence = apps.get_model("monitoring", "Evidence")._default_manager.create(
        campaign=campaign, original="a.jpg", public_file="b.jpg", name="a.jpg", sha256="0" * 64
    )
    finding = apps.get_model("monitoring", "Finding")._default_manager.create(
        campaign=campaign,
        number=1,
        title="Works stopped",
        category="delay",
        description="d",
        document=document,
        monitor_value=Decimal("40.5"),
    )
    finding.evidence.add(evidence)
    recommendation = apps.get_model("monitoring", "Recommendation")._default_manager.create(
        campaign=campaign,
        number=1,
        body=body,
        text="Resume the works.",
        sent_on=date(2025, 3, 14),
        due_on=date(2025, 3, 28),
        state="partly",
    )
    recommendation.findings.add(finding)
    answer = apps.get_model("monitoring", "RecommendationAnswer")._default_manager.create(
        recommendation=recommendation,
        decision="partly",
        reasons="Funds come in May.",
        answered_on=date(2025, 3, 20),
    )
    apps.get_model("monitoring", "PlannedMeasure")._default_manager.create(
        answer=answer, text="Sign the new schedule", due_on=date(2025, 5, 1)
    )
    apps.get_model("monitoring", "FinalDocument")._default_manager.create(
        campaign=campaign,
        place="Pavlodar",
        held_from="2025-01-10T09:00Z",
        held_to="2025-03-10T18:00Z",
        subjects="s",
        sent_on=date(2025, 3, 14),
    )
    apps.get_model("inforequests", "NotificationPreference")._default_manager.create(
        user=user, reminders=False
    )
    return {"user": user.pk, "finding": finding.pk, "recommendation": recommendation.pk}


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_upgrades_without_losing_a_row():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(BEFORE)
        old_apps = executor.loader.project_state([t for t in BEFORE if t[1]]).apps
        ids = _old_rows(old_apps)
        # The content type of a model known before the move, as permissions point at it.
        old_type = ContentType.objects.get_or_create(app_label="monitoring", model="finding")[0]

        executor = MigrationExecutor(connection)
        executor.migrate(latest)
    finally:
        MigrationExecutor(connection).migrate(latest)

    finding = Finding.private_objects.get(pk=ids["finding"])
    assert finding.title == "Works stopped"
    assert finding.monitor_value == Decimal("40.5")
    assert finding.evidence.count() == 1
    recommendation = Recommendation.private_objects.get(pk=ids["recommendation"])
    assert list(recommendation.findings.all()) == [finding]
    assert recommendation.answer.reasons == "Funds come in May."
    assert RecommendationAnswer.private_objects.count() == 1
    assert PlannedMeasure.private_objects.get().text == "Sign the new schedule"
    assert FinalDocument.private_objects.get().place == "Pavlodar"
    assert NotificationPreference.objects.get(user_id=ids["user"]).reminders is False
    # The tables carry the new app's names; the content type followed the model.
    tables = connection.introspection.table_names()
    assert "accountability_finding" in tables and "monitoring_finding" not in tables
    assert "accountability_recommendation_findings" in tables
    assert "accounts_notificationpreference" in tables
    old_type.refresh_from_db()
    assert (old_type.app_label, old_type.model) == ("accountability", "finding")
