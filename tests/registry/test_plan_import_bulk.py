"""Plan imports at national scale: bulk writes, a dry run that writes nothing, progress, and the
import started from the back office that runs in the background."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from baqylau.core import record
from baqylau.registry import plan_imports, services
from baqylau.registry.importers import background
from baqylau.registry.importers import plan as plan_import
from baqylau.registry.importers.plan import import_plan_file
from baqylau.registry.models import (
    Goal,
    Indicator,
    IndicatorValue,
    PlanImport,
    PlanRevision,
    PlanVersion,
)

from ..factories import (
    GoalFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    PlanningDocumentFactory,
)

HEADER = "goal_number;goal_name_en;indicator_code;name_en;year;plan;actual\n"


def _rows(indicators: int, years=(2021, 2022, 2023), bump: int = 0) -> str:
    lines = [
        f"{n % 3 + 1};Goal {n % 3 + 1};{n % 3 + 1}.{n};Indicator {n};{year};{50 + n + bump};{n}"
        for n in range(indicators)
        for year in years
    ]
    return HEADER + "\n".join(lines) + "\n"


@pytest.fixture
def draft(db):
    return PlanningDocumentFactory(
        slug="national-draft", start_year=2021, end_year=2025, is_published=False
    )


@pytest.fixture
def published(db):
    document = PlanningDocumentFactory(
        slug="national-plan", start_year=2021, end_year=2025, is_published=False
    )
    indicator = IndicatorFactory(goal=GoalFactory(document=document, number="1"), code="1.0")
    IndicatorValueFactory(indicator=indicator, year=2021, plan=Decimal("10"), actual=None)
    return services.document_publish(document=document)


def _csv(tmp_path, text: str, name: str = "plan.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def test_a_large_file_is_written_in_a_few_queries_per_batch(draft, tmp_path, monkeypatch):
    path = _csv(tmp_path, _rows(60))  # 180 rows
    monkeypatch.setattr(plan_import, "BATCH", 50)

    with CaptureQueriesContext(connection) as ctx:
        report = import_plan_file(path, document=draft, kind="indicators")

    assert report.ok, [str(e) for e in report.errors]
    assert report.created(IndicatorValue) == 180 == IndicatorValue.private_objects.count()
    assert report.created(Indicator) == 60 == Indicator.private_objects.count()
    assert report.created(Goal) == 3
    # Every value has its history ("+"), as a save would write it.
    assert IndicatorValue.history.filter(history_type="+").count() == 180
    # Not one query per row: 180 rows in 4 batches.
    assert len(ctx.captured_queries) < 60
    orders = sorted(Indicator.private_objects.filter(goal__number="1").values_list("order"))
    assert [o for (o,) in orders] == list(range(1, 21))


def test_a_second_import_updates_in_bulk_and_keeps_each_change(draft, tmp_path):
    import_plan_file(_csv(tmp_path, _rows(10)), document=draft, kind="indicators")

    report = import_plan_file(
        _csv(tmp_path, _rows(10, bump=5), "changed.csv"), document=draft, kind="indicators"
    )

    assert report.ok and report.updated(IndicatorValue) == 30
    assert report.unchanged(Indicator) == 10
    value = IndicatorValue.private_objects.get(indicator__code="1.0", year=2021)
    assert value.plan == Decimal("55")
    assert IndicatorValue.history.filter(history_type="~", id=value.pk).count() == 1


def test_a_revision_of_a_published_plan_in_bulk_keeps_revisions_version_and_record(
    published, tmp_path
):
    text = HEADER + "1;;1.0;;2021;12;\n1;;1.0;;2022;20;\n"
    path = _csv(tmp_path, text)

    report = import_plan_file(path, document=published, kind="indicators", source="Decision 7")

    assert report.ok, [str(e) for e in report.errors]
    assert report.revisions == 1
    revision = PlanRevision.objects.get()
    assert (revision.previous_plan, revision.new_plan) == (Decimal("10"), Decimal("12"))
    assert revision.reason == "Decision 7"
    assert report.version.number == 2
    tagged = IndicatorValue.history.filter(plan_version=report.version)
    assert tagged.count() == 2
    # The public record logged both values, and the chain checks.
    assert not record.verify()
    keys = set(record.LogEntry.objects.filter(kind="indicator_value").values_list("key", flat=True))
    assert {str(pk) for pk in IndicatorValue.private_objects.values_list("pk", flat=True)} <= keys


def test_a_dry_run_counts_the_same_and_writes_nothing(draft, tmp_path):
    path = _csv(tmp_path, _rows(20))

    with CaptureQueriesContext(connection) as ctx:
        dry = import_plan_file(path, document=draft, kind="indicators", dry_run=True)

    assert dry.ok and not dry.applied
    assert _writes(ctx.captured_queries) == []
    assert len(ctx.captured_queries) < 15
    assert not IndicatorValue.private_objects.exists()
    real = import_plan_file(path, document=draft, kind="indicators")
    assert dry.counts == real.counts


def test_a_dry_run_of_a_published_plan_asks_for_the_source_and_counts_revisions(
    published, tmp_path
):
    path = _csv(tmp_path, HEADER + "1;;1.0;;2021;12;\n")

    without = import_plan_file(path, document=published, kind="indicators", dry_run=True)
    with_source = import_plan_file(
        path, document=published, kind="indicators", dry_run=True, source="Decision 7"
    )

    assert [e.column for e in without.errors] == ["source"]
    assert with_source.ok and with_source.revisions == 1
    assert not PlanRevision.objects.exists()
    assert not PlanVersion.private_objects.filter(number__gt=1).exists()


def test_the_command_shows_the_rows_read_then_applied(draft, tmp_path):
    path = _csv(tmp_path, _rows(5))
    err = io.StringIO()

    call_command(
        "import_plan",
        str(path),
        document=draft.slug,
        kind="indicators",
        progress=True,
        stdout=io.StringIO(),
        stderr=err,
    )

    shown = err.getvalue()
    assert "Rows read" in shown and "Rows applied" in shown
    assert "15/15" in shown


# The import started from the back office -------------------------------------------------------


def _upload(text: str, name: str = "plan.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_the_task_applies_the_file_and_records_the_report(draft, erin, committed):
    started = committed(
        plan_imports.plan_import_start,
        document=draft,
        upload=_upload(_rows(4)),
        user=erin,
        kind="indicators",
    )

    done = PlanImport.objects.get(pk=started.pk)
    assert done.status == PlanImport.Status.DONE
    assert done.started_by == erin and done.file_name == "plan.csv"
    assert default_storage.exists(done.file.name)  # kept in the media storage
    assert done.rows_done == done.rows_total == 12
    assert done.report["applied"] and done.report["counts"]["indicatorvalue:created"] == 12
    assert any("12 created" in line for line in done.report["summary"])
    assert IndicatorValue.private_objects.count() == 12


def test_a_file_with_bad_rows_applies_nothing_and_the_report_lists_every_bad_row(
    draft, erin, committed
):
    text = HEADER + "1;Goal;1.1;Ind;2021;5;\n1;Goal;1.2;Ind;2099;5;\n1;Goal;1.3;Ind;2022;five;\n"

    started = committed(
        plan_imports.plan_import_start, document=draft, upload=_upload(text), user=erin
    )

    done = PlanImport.objects.get(pk=started.pk)
    assert done.status == PlanImport.Status.FAILED
    assert [(e["row"], e["column"]) for e in done.report["errors"]] == [(3, "year"), (4, "plan")]
    assert not done.report["applied"]
    assert not IndicatorValue.private_objects.exists() and not Goal.private_objects.exists()


def test_the_progress_figures_move(draft, erin, monkeypatch):
    monkeypatch.setattr(plan_import, "BATCH", 5)
    monkeypatch.setattr(background, "EVERY", 0)
    seen = []
    told = background._Progress.__call__

    def spy(self, stage, done, total):
        told(self, stage, done, total)
        seen.append(background.progress_of(self.plan_import))

    monkeypatch.setattr(background._Progress, "__call__", spy)
    started = plan_imports.plan_import_start(
        document=draft, upload=_upload(_rows(6)), user=erin, kind="indicators"
    )

    background.plan_import_run(import_id=started.pk)

    applied = [done for stage, done, total in seen if stage == "apply"]
    assert [stage for stage, _d, _t in seen][0] == "read"
    assert applied == sorted(applied) and len(set(applied)) >= 4
    assert applied[-1] == 18 and {total for stage, _d, total in seen if stage == "apply"} == {18}


def _grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))


def test_only_staff_with_the_registry_permissions_start_and_see_imports(
    client, draft, erin, django_assert_max_num_queries
):
    start = reverse("admin:registry_planningdocument_import", args=[draft.pk])
    client.force_login(erin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert client.get(start).status_code == 403

    _grant(erin, "change_planningdocument")
    assert client.get(start).status_code == 403  # may edit the document, not import into it

    _grant(erin, "add_planimport")
    assert client.get(start).status_code == 200
    response = client.post(
        start, {"file": _upload(_rows(2)), "kind": "indicators", "dry_run": "on"}
    )
    started = PlanImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:registry_planimport_change", args=[started.pk])
    assert started.dry_run and started.status == PlanImport.Status.QUEUED

    page = reverse("admin:registry_planimport_change", args=[started.pk])
    assert client.get(page).status_code == 403  # may start, not see
    _grant(erin, "view_planimport")
    with django_assert_max_num_queries(12):
        shown = client.get(page)
    assert shown.status_code == 200
    assert b"data-plan-import-running" in shown.content
    assert b"registry/plan_import.js" in shown.content

    background.plan_import_run(import_id=started.pk)
    shown = client.get(page)
    assert b"data-plan-import-running" not in shown.content
    assert b"Dry run: nothing was saved." in shown.content
    assert not IndicatorValue.private_objects.exists()


def test_an_import_refused_while_reading_shows_no_bar_that_seems_to_go_on(
    admin_client, draft, erin, committed
):
    text = HEADER + "1;Goal;1.1;Ind;2099;5;\n"
    started = committed(
        plan_imports.plan_import_start, document=draft, upload=_upload(text), user=erin
    )
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    shown = admin_client.get(reverse("admin:registry_planimport_change", args=[started.pk]))
    assert shown.status_code == 200
    assert b"1 problem" in shown.content or b"problems found" in shown.content
    assert b"<progress" not in shown.content
    assert b"data-plan-import-running" not in shown.content
