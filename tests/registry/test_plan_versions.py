"""Every revision of a plan: versions of a published document, kept in the history of what it
promises, compared, and told to its followers."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import translation

from baqylau.accounts.following import follow
from baqylau.accounts.models import Notification
from baqylau.registry import services, versions
from baqylau.registry.importers.plan import import_plan_file
from baqylau.registry.models import (
    Financing,
    IndicatorValue,
    PlanChange,
    PlanningDocument,
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
from ..helpers import content, count_queries, read_csv, results, section

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


# The pages -------------------------------------------------------------------------------------


@pytest.fixture
def revised(document, tmp_path):
    plan = revised_plan(document)
    report = import_workbook_revision(document, tmp_path)
    assert report.ok, [str(e) for e in report.errors]
    return plan


def _revisions_url(document, query=""):
    return f"/en/documents/{document.slug}/revisions/{query}"


def test_the_revisions_page_shows_the_three_setbacks_in_sentences(client, document, revised):
    response = client.get(_revisions_url(document))

    assert response.status_code == 200
    html = response.content.decode()
    setbacks = section(html, "compare")
    assert "Version 1 → version 2" in setbacks
    for sentence in (
        "the target for 2025 was 95%, lowered to 80% on 12 Mar 2025",
        "the deadline was 30 Nov 2025, moved to 30 Jun 2026 on 12 Mar 2025",
        "local budget for 2025 was 1,200,000,000\u00a0KZT, cut to 900,000,000\u00a0KZT on "
        "12 Mar 2025",
    ):
        assert sentence in setbacks
    for mark in ("target lowered", "deadline moved", "budget cut"):
        assert f'<span class="setback-mark">{mark}</span>' in setbacks
    assert SOURCE in section(html, "versions")


def test_two_chosen_versions_are_compared(client, document, revised, tmp_path):
    path = tmp_path / "later.csv"
    path.write_text("goal_number;indicator_code;year;plan\n1;1.1;2025;85\n", encoding="utf-8")
    import_plan_file(path, document=document, source="Decision No. 200", takes_effect=EFFECT)

    latest = client.get(_revisions_url(document)).content.decode()
    whole = client.get(_revisions_url(document, "?from=1&to=3")).content.decode()

    compared = section(latest, "compare")
    assert "Version 2 → version 3" in compared
    assert "80%" in compared and "→ 85%" in compared
    assert "setback-mark" not in compared  # a raised target is no setback
    assert "Version 1 → version 3" in whole
    assert "was 95%, lowered to 85%" in whole
    assert "30 Jun 2026" in whole  # the other changes since the first version


def test_the_revisions_page_runs_the_same_queries_however_large_the_plan(
    client, document, revised, tmp_path
):
    url = _revisions_url(document)
    small = count_queries(client, url)
    goal = revised["indicator"].goal
    lines = ["goal_number;indicator_code;year;plan"]
    for number in range(2, 8):
        indicator = IndicatorFactory(goal=goal, code=f"1.{number}")
        for year in (2023, 2024, 2025):
            IndicatorValueFactory(indicator=indicator, year=year, plan=Decimal("50"))
            lines.append(f"1;1.{number};{year};40")
    for _number in range(3):
        ProjectObjectFactory(document=document, planned_end=datetime.date(2025, 1, 1))
    path = tmp_path / "more.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_plan_file(path, document=document, source="Decision No. 300")
    assert report.ok, [str(e) for e in report.errors]

    assert count_queries(client, url) == small
    assert count_queries(client, _revisions_url(document, "?from=1&to=3")) == small


def test_the_document_page_tells_of_the_revisions_and_draws_the_first_plan(
    client, document, revised
):
    html = client.get(f"/en/documents/{document.slug}/").content.decode()

    revisions = section(html, "revisions")
    assert "The plan is in its version 2" in revisions
    assert "1 target lowered, 1 deadline moved, 1 budget cut" in revisions
    assert _revisions_url(document).removeprefix("/en") in revisions
    chart = section(html, "indicators")
    assert 'class="first-plan"' in chart
    assert "first plan: 95" in chart


def test_the_body_page_counts_the_setbacks_of_its_plans(client, document, revised, tmp_path):
    body = revised["body"]
    url = f"/en/organisations/{body.slug}/"
    html = client.get(url).content.decode()

    counted = section(html, "plan-setbacks")
    assert "1 target lowered, 1 deadline moved, 1 budget cut in 2025" in counted
    assert f"/documents/{document.slug}/revisions/" in counted

    queries = count_queries(client, url)
    other = PlanningDocumentFactory()
    other.responsible_bodies.add(body)
    value = IndicatorValueFactory(
        indicator=IndicatorFactory(goal=GoalFactory(document=other)), year=2024, plan=10
    )

    with versions.plan_revision(document=other, source="Decision No. 10", takes_effect=EFFECT):
        services.indicator_value_set(indicator_id=value.indicator_id, year=2024, plan=Decimal(5))
    assert count_queries(client, url) == queries
    html = client.get(url).content.decode()
    assert section(html, "plan-setbacks").count("1 target lowered") == 2


def test_a_draft_has_no_versions_and_its_changes_are_nowhere(client, db, personas, tmp_path):
    draft = PlanningDocumentFactory(is_published=False, slug="draft-plan")
    GoalFactory(document=draft, number="1")
    path = tmp_path / "draft.csv"
    path.write_text(
        "goal_number;indicator_code;name_en;year;plan\n1;1.1;Roads;2025;80\n",
        encoding="utf-8",
    )
    assert import_plan_file(path, document=draft).ok
    path.write_text("goal_number;indicator_code;year;plan\n1;1.1;2025;70\n", encoding="utf-8")
    assert import_plan_file(path, document=draft).ok

    assert not PlanVersion.private_objects.exists()
    assert not PlanChange.private_objects.exists()


@pytest.mark.parametrize(
    "who", ["anonymous", "citizen", "monitor", "coordinator", "officer", "moderator", "staff"]
)
def test_an_unpublished_documents_revisions_appear_to_no_one(as_persona, document, revised, who):
    shown = PlanningDocumentFactory(slug="shown-plan")
    document.is_published = False
    document.save()
    client = as_persona(who)

    for url in ("/api/plan-versions/", "/api/plan-changes/"):
        rows = results(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
        assert all(row["document"] != document.slug for row in rows), (who, url)
    for url in ("/data/plan-versions.csv", "/data/plan-changes.csv"):
        response = client.get(url)
        assert document.slug not in content(response).decode(), (who, url)
    page = client.get(_revisions_url(document))
    if who == "staff":
        # Editors see the draft's page, marked as such; never its revisions in the open data.
        assert page.status_code == 200
    else:
        assert page.status_code == 404
    body = client.get(f"/en/organisations/{revised['body'].slug}/").content.decode()
    assert 'id="plan-setbacks"' not in body or who == "staff"
    assert shown.slug


# The open data ---------------------------------------------------------------------------------


def test_the_api_lists_the_versions_and_the_changes(client, document, revised):
    versions_rows = results(
        client.get(f"/api/plan-versions/?document={document.slug}", HTTP_ACCEPT_LANGUAGE="en")
    )
    assert [(row["number"], row["source"]) for row in versions_rows][-1] == (2, SOURCE)
    assert versions_rows[-1]["takes_effect"] == "2025-03-12"

    changes = results(
        client.get(
            f"/api/plan-changes/?document={document.slug}&setbacks=true",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    )
    by_kind = {row["kind"]: row for row in changes}
    assert set(by_kind) == {"plan", "planned_end", "financing"}
    target = by_kind["plan"]
    assert (target["setback"], target["year"], target["before_value"], target["after_value"]) == (
        "target_lowered",
        2025,
        "95.0000",
        "80.0000",
    )
    assert target["indicator"] == revised["indicator"].id
    assert "lowered to 80% on 12 Mar 2025" in target["sentence"]
    deadline = by_kind["planned_end"]
    assert (deadline["object"], deadline["before_date"], deadline["after_date"]) == (
        "school-aksu",
        "2025-11-30",
        "2026-06-30",
    )
    assert by_kind["financing"]["setback"] == "budget_cut"


def test_the_changes_download_has_the_apis_rows(client, document, revised):
    rows = read_csv(client.get(f"/data/plan-changes.csv?document={document.slug}"))
    assert sorted(row["setback"] for row in rows) == [
        "budget_cut",
        "deadline_moved",
        "target_lowered",
    ]
    assert {row["document"] for row in rows} == {document.slug}


# IATI ------------------------------------------------------------------------------------------


def test_an_iati_reimport_keeps_the_history_as_a_version(db, tmp_path):
    from lxml import etree

    from baqylau.registry.importers.iati import import_iati_file

    from .test_import_iati import SYNTHETIC

    path = tmp_path / "activity.xml"
    path.write_text(SYNTHETIC, encoding="utf-8")
    assert import_iati_file(path).applied
    document = PlanningDocument.private_objects.get(iati_identifier="XM-TEST-PAVLODAR-WATER")
    assert [v.number for v in PlanVersion.private_objects.filter(document=document)] == [1]

    tree = etree.parse(str(path))
    tree.find(".//indicator/period/target").set("value", "68")
    tree.find(".//budget[@type='2']/value").text = "900000"
    tree.getroot().find("iati-activity").set("last-updated-datetime", "2024-09-01T00:00:00")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert import_iati_file(path).applied

    first, second = PlanVersion.private_objects.filter(document=document)
    assert (
        second.source == "IATI data of Test Fund, updated 1 Sep 2024"
        or second.source.startswith("IATI data of Test Fund")
    )
    assert second.takes_effect == datetime.date(2024, 9, 1)
    setbacks = sorted(
        PlanChange.private_objects.filter(version=second).values_list("kind", "setback")
    )
    assert setbacks == [("financing", "budget_cut"), ("plan", "target_lowered")]
    money = Financing.private_objects.get(document=document)
    assert [row.adjusted for row in money.history.order_by("history_id")][-1] == Decimal("900000")
    assert money.history.filter(plan_version=first).exists()


# The back office -------------------------------------------------------------------------------


def test_a_moved_deadline_in_the_back_office_needs_its_source(client, root, document):
    from ..helpers import admin_change

    plan = revised_plan(document)
    obj = plan["object"]
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    inline = {"photos-TOTAL_FORMS": 0, "photos-INITIAL_FORMS": 0, "document": document.id}
    refused = admin_change(client, root, obj, {"planned_end": "2026-03-31", **inline})
    assert refused.status_code == 200
    assert "give the source of the change" in refused.content.decode()
    obj.refresh_from_db()
    assert obj.planned_end == datetime.date(2025, 11, 30)

    response = admin_change(
        client,
        root,
        obj,
        {"planned_end": "2026-03-31", "revision_source": SOURCE, **inline},
    )
    assert response.status_code == 302
    version = PlanVersion.private_objects.get(document=document, number=2)
    assert (version.source, version.recorded_by) == (SOURCE, root)
    change = PlanChange.private_objects.get(version=version)
    assert (change.kind, change.setback, change.object) == ("planned_end", "deadline_moved", obj)
