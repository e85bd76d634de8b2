"""Every revision of a plan: versions of a published document, kept in the history of what it
promises, compared, and told to its followers."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import translation

from baqylau.accounts.following import follow
from baqylau.accounts.models import Notification
from baqylau.registry import versions
from baqylau.registry.importers.plan import import_plan_file
from baqylau.registry.models import (
    Financing,
    IndicatorValue,
    PlanChange,
    PlanRevision,
    PlanVersion,
    ProjectObject,
)

from ..factories import (
    FinancingFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    OrganisationFactory,
    PlanningDocumentFactory,
    ProjectObjectFactory,
    UserFactory,
)

SOURCE = "Decision of the akimat of Pavlodar region No. 123 of 12.03.2025"
EFFECT = datetime.date(2025, 3, 12)

REVISED = {
    "indicators": "goal_number;indicator_code;year;plan\n1;1.1;2025;80\n",
    "objects": "slug;planned_end\nschool-aksu;30.06.2026\n",
    "financing": "year;source;planned\n2025;local;900000000\n",
}


def revised_plan(document) -> dict:
    """A published plan: a target of 95% for 2025, a school due on 30.11.2025 and 1.2 billion
    tenge of local budget in 2025."""
    body = OrganisationFactory(slug="pavlodar-education")
    document.responsible_bodies.add(body)
    indicator = IndicatorFactory(
        goal=GoalFactory(document=document, number="1"),
        code="1.1",
        name_en="Schools in good repair",
        unit_en="%",
    )
    value = IndicatorValueFactory(indicator=indicator, year=2025, plan=Decimal("95"), actual=None)
    obj = ProjectObjectFactory(
        document=document,
        slug="school-aksu",
        name_en="School in Aksu",
        planned_end=datetime.date(2025, 11, 30),
        capacity=Decimal("600"),
        capacity_unit_en="places",
    )
    money = FinancingFactory(
        document=document, year=2025, source=Financing.Source.LOCAL, planned=Decimal("1200000000")
    )
    return {"body": body, "indicator": indicator, "value": value, "object": obj, "money": money}


def import_revision(document, tmp_path, *, source=SOURCE, user=None):
    reports = []
    for kind in ("objects", "indicators", "financing"):
        path = tmp_path / f"{kind}.csv"
        path.write_text(REVISED[kind], encoding="utf-8")
        reports.append(
            import_plan_file(
                path,
                document=document,
                kind=kind,
                source=source,
                takes_effect=EFFECT,
                user=user,
            )
        )
    return reports


def import_workbook_revision(document, tmp_path, *, source=SOURCE, user=None):
    """The three changes in one workbook: one import, one version."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for kind, text in REVISED.items():
        sheet = workbook.create_sheet(kind)
        for line in text.strip().splitlines():
            sheet.append(line.split(";"))
    path = tmp_path / "revision.xlsx"
    workbook.save(path)
    return import_plan_file(path, document=document, source=source, takes_effect=EFFECT, user=user)


@pytest.fixture
def document(db):
    return PlanningDocumentFactory(
        slug="pavlodar-2021-2025", title_en="Pavlodar region development plan 2021-2025"
    )


def test_an_import_of_a_new_version_makes_one_version_with_its_source(document, tmp_path):
    plan = revised_plan(document)
    editor = UserFactory()

    report = import_workbook_revision(document, tmp_path, user=editor)

    assert report.ok, [str(e) for e in report.errors]
    first, second = PlanVersion.private_objects.filter(document=document)
    assert (first.number, second.number) == (1, 2)
    assert second.source == SOURCE
    assert second.takes_effect == EFFECT
    assert second.recorded_by == editor
    assert report.version == second
    setbacks = {
        change.kind: change.setback for change in PlanChange.private_objects.filter(version=second)
    }
    assert setbacks == {
        "plan": "target_lowered",
        "planned_end": "deadline_moved",
        "financing": "budget_cut",
    }
    # The earlier values are in the history, each row tagged with its version.
    value_rows = IndicatorValue.history.filter(id=plan["value"].id).order_by("history_id")
    assert [(row.plan, row.plan_version_id) for row in value_rows][-2:] == [
        (Decimal("95.0000"), first.id),
        (Decimal("80.0000"), second.id),
    ]
    assert ProjectObject.history.filter(
        id=plan["object"].id, plan_version=first, planned_end=datetime.date(2025, 11, 30)
    ).exists()
    assert Financing.history.filter(
        id=plan["money"].id, plan_version=second, planned=Decimal("900000000")
    ).exists()
    # The plan revision of the value is still written, with the source as its reason.
    revision = PlanRevision.objects.get(value=plan["value"])
    assert (revision.previous_plan, revision.new_plan, revision.reason) == (
        Decimal("95"),
        Decimal("80"),
        SOURCE,
    )


def test_the_changes_are_said_in_plain_sentences(document, tmp_path):
    revised_plan(document)
    import_workbook_revision(document, tmp_path)
    first, second = PlanVersion.private_objects.filter(document=document)

    with translation.override("en"):
        sentences = [change.sentence for change in versions.compare(document, first, second)]

    # (English dates read "12 Mar 2025"; Russian and Kazakh pages "12.03.2025".)
    assert sentences == [
        "1.1 Schools in good repair: the target for 2025 was 95%, lowered to 80% on 12 Mar 2025.",
        "School in Aksu: the deadline was 30 Nov 2025, moved to 30 Jun 2026 on 12 Mar 2025.",
        "Pavlodar region development plan 2021-2025: local budget for 2025 was "
        "1,200,000,000\u00a0KZT, cut to 900,000,000\u00a0KZT on 12 Mar 2025.",
    ]


def test_imports_that_change_no_promise_make_no_version(document, tmp_path):
    revised_plan(document)
    import_workbook_revision(document, tmp_path)
    again = import_workbook_revision(document, tmp_path, source="")

    assert again.ok, [str(e) for e in again.errors]
    assert again.version is None
    assert PlanVersion.private_objects.filter(document=document).count() == 2


def test_a_change_without_its_source_applies_nothing(document, tmp_path):
    plan = revised_plan(document)

    report = import_workbook_revision(document, tmp_path, source="")

    assert not report.ok
    plan["value"].refresh_from_db()
    assert plan["value"].plan == Decimal("95")
    assert not PlanChange.private_objects.exists()
    assert not PlanVersion.private_objects.filter(number__gt=1).exists()


def test_an_import_that_fails_keeps_nothing(document, tmp_path):
    plan = revised_plan(document)
    path = tmp_path / "broken.csv"
    path.write_text(
        "goal_number;indicator_code;year;plan\n1;1.1;2025;80\n1;1.1;2099;oops\n", encoding="utf-8"
    )
    history = IndicatorValue.history.count()

    report = import_plan_file(path, document=document, source=SOURCE)

    assert not report.ok
    assert IndicatorValue.history.count() == history
    assert not PlanVersion.private_objects.exists()
    plan["value"].refresh_from_db()
    assert plan["value"].plan == Decimal("95")


def test_followers_hear_of_the_setbacks_by_email_and_feed(
    document, tmp_path, django_capture_on_commit_callbacks
):
    plan = revised_plan(document)
    reader = UserFactory(email="reader@example.org")
    neighbour = UserFactory(email="neighbour@example.org")
    follow(user=reader, target=document)
    follow(user=neighbour, target=plan["object"])

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        import_workbook_revision(document, tmp_path)

    told = Notification.objects.filter(kind="plan.setback")
    assert sorted(told.values_list("user__email", flat=True)) == [
        "neighbour@example.org",
        "reader@example.org",
    ]
    text = told.first().texts["en"]["text"]
    assert "1 target lowered, 1 deadline moved, 1 budget cut" in text
    assert "the target for 2025 was 95%, lowered to 80% on 12 Mar 2025" in text
    assert told.first().texts["en"]["path"].endswith("/revisions/?from=1&to=2")
    assert {message.to[0] for message in mail.outbox} == {
        "reader@example.org",
        "neighbour@example.org",
    }
