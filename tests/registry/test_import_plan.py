"""baqylau import_plan: a document's indicators, financing and objects from xlsx or csv."""

import datetime
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from baqylau.registry.importers import plan as plan_import
from baqylau.registry.importers.plan import (
    SHEET_COLUMNS,
    XLSX_CONTENT_TYPE,
    PlanImportFileError,
    import_plan_file,
    plan_template_workbook,
)
from baqylau.registry.models import (
    Financing,
    Goal,
    Indicator,
    IndicatorValue,
    Organisation,
    PlanRevision,
    ProjectObject,
)

from .. import hostile_files
from ..factories import (
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

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = {column.name: column.example for column in SHEET_COLUMNS["indicators"]}


@pytest.fixture
def document(db):
    return PlanningDocumentFactory(
        slug="pavlodar-2021-2025", start_year=2021, end_year=2025, is_published=False
    )


def _fill(workbook, sheet: str, rows: list[dict], *, keep_example: bool = False) -> None:
    ws = workbook[sheet]
    if not keep_example:
        ws.delete_rows(2, ws.max_row)
    header = [cell.value for cell in ws[1]]
    for row in rows:
        ws.append([row.get(column) for column in header])


def _save(workbook, tmp_path, name: str = "plan.xlsx") -> Path:
    path = tmp_path / name
    workbook.save(path)
    return path


def _set(workbook, sheet: str, column: str, value, row: int = 2) -> None:
    ws = workbook[sheet]
    ws.cell(row, [cell.value for cell in ws[1]].index(column) + 1, value)


def _counts() -> dict[str, int]:
    return {
        model.__name__: model._default_manager.count()
        for model in (Goal, Indicator, IndicatorValue, Financing, ProjectObject, Organisation)
    } | {"PlanRevision": PlanRevision.objects.count()}


def _dry_run_writing_nothing(path: Path, document):
    before = _counts()
    with CaptureQueriesContext(connection) as queries:
        dry = import_plan_file(path, document=document, dry_run=True)
    writes = ("INSERT", "UPDATE", "DELETE")
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith(writes)]
    assert _counts() == before
    return dry


def _water_indicator(year: int, plan, actual=None, **extra) -> dict:
    return {
        "goal_number": "2",
        "goal_name_ru": EXAMPLE["goal_name_ru"],
        "indicator_code": "2.1",
        "name_kk": EXAMPLE["name_kk"],
        "name_ru": EXAMPLE["name_ru"],
        "unit_ru": "%",
        "year": year,
        "plan": plan,
        "actual": actual,
        **extra,
    }


def test_the_template_downloads_as_a_workbook_with_every_column_explained(client):
    response = client.get(reverse("registry:plan_template"))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["README", "indicators", "financing", "objects"]
    documented = {
        (row[0], row[1]) for row in workbook["README"].iter_rows(values_only=True) if row[0]
    }
    for sheet, columns in SHEET_COLUMNS.items():
        assert [cell.value for cell in workbook[sheet][1]] == [c.name for c in columns]
        assert workbook[sheet].max_row == 2  # one example row
        assert {(sheet, c.name) for c in columns} <= documented


def test_the_docs_describe_every_column():
    text = (ROOT / "docs" / "import-format.md").read_text(encoding="utf-8")
    for columns in SHEET_COLUMNS.values():
        for column in columns:
            assert f"`{column.name}`" in text


def test_the_filled_template_imports_indicators_values_financing_and_objects(document, tmp_path):
    zhelezin = TerritoryFactory(slug="zhelezin", geometry=square(74.5, 53.0))
    body = OrganisationFactory(slug="pavlodar-energy-department")
    workbook = plan_template_workbook()
    # The example rows stay: they are the Pavlodar water supply indicator, money and object.
    _fill(
        workbook,
        "indicators",
        [
            _water_indicator(2023, 97.2, "97,4", actual_date="01.01.2024"),
            {
                "goal_number": 3,
                "goal_name_kk": "Экономикалық өсу",
                "indicator_code": "3.1",
                "name_en": "Housing commissioned",
                "unit_en": "thousand m²",
                "direction": "higher",
                "year": 2022,
                "plan": "1 150,5",
            },
        ],
        keep_example=True,
    )
    _fill(
        workbook,
        "financing",
        [{"year": 2023, "source": "republican", "planned": 5_000_000_000}],
        keep_example=True,
    )
    _set(workbook, "objects", "responsible_body", body.slug)
    path = _save(workbook, tmp_path)

    dry = _dry_run_writing_nothing(path, document)
    report = import_plan_file(path, document=document)

    assert report.ok, [str(e) for e in report.errors]
    assert report.applied
    assert dry.ok and not dry.applied and dry.counts == report.counts
    assert report.created(Goal) == 2
    assert report.created(Indicator) == 2
    assert report.created(IndicatorValue) == 3
    assert report.created(Financing) == 2
    assert report.created(ProjectObject) == 1
    assert report.contractors_created == 1

    water = Indicator.private_objects.get(goal__document=document, code="2.1")
    assert water.goal.number == "2"
    assert water.goal.name_kk == "Жайлы және қауіпсіз өңір"
    assert water.name_en == "Share of rural population with access to centralised drinking water"
    assert water.baseline_value == Decimal("93.8")
    values = {v.year: v for v in water.values.all()}
    assert values[2024].plan == Decimal("98.5")
    assert values[2024].actual == Decimal("99.1")
    assert values[2024].actual_date == datetime.date(2025, 1, 1)
    assert values[2023].actual == Decimal("97.4")
    assert values[2023].actual_date == datetime.date(2024, 1, 1)
    housing = Indicator.private_objects.get(goal__document=document, code="3.1")
    assert housing.kind == Indicator.Kind.TARGET
    assert housing.values.get().plan == Decimal("1150.5")

    obj = ProjectObject.private_objects.get(slug="zhelezinka-water-networks")
    assert obj.document == document
    assert obj.kind == ProjectObject.Kind.WATER
    assert obj.status == ProjectObject.Status.IN_PROGRESS
    assert obj.responsible_body == body
    assert obj.contractor.kind == Organisation.Kind.COMPANY
    assert obj.contractor.name_ru == "ТОО «Ертіс Су Құрылыс»"
    assert obj.contractor.slug == "too-ertis-su-qurylys"
    assert obj.contract_value == Decimal("1180000000")
    assert obj.planned_end == datetime.date(2025, 10, 31)
    assert obj.actual_end is None
    assert obj.territory == zhelezin
    money = Financing.private_objects.get(document=document, object=obj)
    assert (money.year, money.source) == (2024, Financing.Source.LOCAL)
    assert money.executed == Decimal("1175500000.50")
    assert Financing.private_objects.get(document=document, object=None).planned == Decimal(
        "5000000000"
    )


def test_a_broken_spreadsheet_reports_every_bad_row_and_applies_nothing(document, tmp_path):
    other = ProjectObjectFactory(slug="school-elsewhere")
    IndicatorValueFactory(indicator=IndicatorFactory(goal=GoalFactory(document=document)))
    before = _counts()
    workbook = plan_template_workbook()
    _fill(
        workbook,
        "indicators",
        [
            _water_indicator(2022, 90),  # row 2: fine
            _water_indicator(2023, "about 95"),  # row 3: not a number
            _water_indicator(2030, 99),  # row 4: outside 2021-2025
            {"goal_number": "2", "indicator_code": "2.9", "year": 2022, "plan": 1},  # row 5
            _water_indicator(2024, 98, unit_ru="‰"),  # row 6: differs from row 2
            _water_indicator(2022, 91),  # row 7: the same year twice
        ],
    )
    _fill(
        workbook,
        "financing",
        [
            {"year": 2022, "source": "budget", "planned": 10},  # row 2: unknown source
            {"year": 2023, "source": "local", "planned": -5},  # row 3: negative
            {"year": 2023, "source": "local", "planned": 5, "object_slug": "nowhere"},  # row 4
        ],
    )
    _fill(
        workbook,
        "objects",
        [
            {"slug": "bridge-1", "kind": "bridge", "status": "planned", "name_ru": "Мост"},
            {"slug": "school-2", "kind": "school", "status": "planned", "latitude": 95},
            {"slug": other.slug, "kind": "school", "status": "planned", "name_ru": "Школа"},
            {
                "slug": "road-1",
                "kind": "road",
                "status": "planned",
                "name_en": "Road",
                "planned_start": "01.06.2024",
                "planned_end": "2024-05-01",
                "latitude": 52.3,
            },
        ],
    )
    path = _save(workbook, tmp_path)

    dry = _dry_run_writing_nothing(path, document)
    report = import_plan_file(path, document=document)

    assert dry.errors == report.errors
    found = {(e.sheet, e.row, e.column) for e in report.errors}
    assert found == {
        ("indicators", 3, "plan"),
        ("indicators", 4, "year"),
        ("indicators", 5, "name_kk, name_ru, name_en"),
        ("indicators", 6, "unit_ru"),
        ("indicators", 7, "year"),
        ("financing", 2, "source"),
        ("financing", 3, "planned"),
        ("financing", 4, "object_slug"),
        ("objects", 2, "kind"),
        ("objects", 3, "latitude"),
        ("objects", 3, "name_kk, name_ru, name_en"),
        ("objects", 4, "slug"),
        ("objects", 5, "planned_end"),
        ("objects", 5, "longitude"),
    }
    assert all(e.reason for e in report.errors)
    assert not report.applied
    assert _counts() == before

    with pytest.raises(CommandError, match="14"):
        call_command(
            "import_plan", str(path), document=document.slug, stderr=(err := io.StringIO())
        )
    lines = err.getvalue().splitlines()
    assert len(lines) == 14
    assert any("indicators" in line and "4" in line and "2030" in line for line in lines)
    assert _counts() == before


def test_a_missing_required_column_is_reported_on_the_header_row(document, tmp_path):
    path = tmp_path / "values.csv"
    path.write_text("indicator_code;year;plan;remarks\n1.1;2022;5\n", encoding="utf-8")

    report = import_plan_file(path, document=document)

    assert {(e.row, e.column) for e in report.errors} == {(1, "goal_number"), (1, "remarks")}


def test_a_workbook_is_read_cell_for_cell_as_the_spreadsheet_shows_it(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = " Indicators "
    # Column A left empty, a blank row 3, then a formula without a cached value (empty).
    sheet.append([None, "goal_number", "indicator_code", "plan", "actual_date", "unit_ru"])
    sheet.append([None, 2, "01.2", 97.25, datetime.datetime(2024, 1, 15), "—"])
    sheet.append([])
    sheet.append([None, 2.5, "1.10", 12345678901234, None, " "])
    sheet.append([None, "=1+1", "1.3", "1 250,5", "15.01.2024", None])
    workbook.create_sheet("Лист2")["A1"] = "ignored"
    path = _save(workbook, tmp_path)

    sheets = plan_import.read_plan_file(path)

    assert list(sheets) == ["indicators"]
    table = sheets["indicators"]
    assert table.header[-5:] == ["goal_number", "indicator_code", "plan", "actual_date", "unit_ru"]
    assert table.rows == [
        (
            2,
            {
                "goal_number": 2,
                "indicator_code": "01.2",
                "plan": 97.25,
                "actual_date": datetime.date(2024, 1, 15),
            },
        ),
        (4, {"goal_number": 2.5, "indicator_code": "1.10", "plan": 12345678901234}),
        (5, {"indicator_code": "1.3", "plan": "1 250,5", "actual_date": "15.01.2024"}),
    ]
    cells = dict(table.rows)
    assert type(cells[2]["goal_number"]) is int and type(cells[4]["plan"]) is int


def test_a_cell_holding_a_formula_error_is_reported_not_read_as_empty(document, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "indicators"
    sheet.append(["goal_number", "goal_name_en", "indicator_code", "name_en", "year", "plan"])
    sheet.append(["1", "Goal", "1.1", "Roads", 2022, 5])
    sheet.append(["1", "Goal", "1.1", "Roads", 2023, 777])
    buffer = io.BytesIO()
    workbook.save(buffer)
    cell = b'<c r="F3" t="n"><v>777</v></c>'
    assert cell in zipfile.ZipFile(buffer).read(hostile_files.SHEET)
    path = tmp_path / "plan.xlsx"
    path.write_bytes(
        hostile_files.with_part(
            buffer.getvalue(),
            hostile_files.SHEET,
            lambda xml: xml.replace(cell, b'<c r="F3" t="e"><v>#DIV/0!</v></c>'),
        )
    )

    with translation.override("en"):
        report = import_plan_file(path, document=document)

    assert [(e.sheet, e.row, e.column) for e in report.errors] == [("indicators", 3, "plan")]
    assert "#DIV/0!" in report.errors[0].reason


def test_csv_with_semicolons_decimal_commas_and_a_bom(document, tmp_path):
    indicators = tmp_path / "indicators.csv"
    indicators.write_text(
        "goal_number;goal_name_ru;indicator_code;name_ru;unit_ru;year;plan;actual;actual_date\n"
        "1;Качество жизни;1.1;Доля дорог в хорошем состоянии;%;2022;82,5;83,1;15.01.2023\n"
        "1;;1.1;;;2023;84,0;;\n",
        encoding="utf-8-sig",
    )
    financing = tmp_path / "financing.csv"
    financing.write_text(
        "year;source;planned;adjusted;executed\n2022;local;1\u00a0250\u00a0000,50;;1 200 000\n",
        encoding="utf-8-sig",
    )

    first = import_plan_file(indicators, document=document)
    second = import_plan_file(financing, document=document, kind="financing")

    assert first.ok and second.ok, [str(e) for e in first.errors + second.errors]
    indicator = Indicator.private_objects.get(goal__document=document, code="1.1")
    assert indicator.name_ru == "Доля дорог в хорошем состоянии"
    assert indicator.goal.name_ru == "Качество жизни"
    values = {v.year: v for v in indicator.values.all()}
    assert values[2022].plan == Decimal("82.5")
    assert values[2022].actual == Decimal("83.1")
    assert values[2022].actual_date == datetime.date(2023, 1, 15)
    assert values[2023].plan == Decimal("84")
    assert values[2023].actual is None
    money = Financing.private_objects.get(document=document)
    assert money.planned == Decimal("1250000.50")
    assert money.adjusted is None
    assert money.executed == Decimal("1200000")


def test_csv_with_commas_and_windows_1251(document, tmp_path):
    path = tmp_path / "objects.csv"
    path.write_bytes(
        "slug,kind,name_ru,status,latitude,longitude,contract_value\n"
        'school-ekibastuz,school,Школа в Экибастузе,planned,"51,72","75,32","2 000 000"\n'.encode(
            "cp1251"
        )
    )

    report = import_plan_file(path, document=document, kind="objects")

    assert report.ok, [str(e) for e in report.errors]
    obj = ProjectObject.private_objects.get(slug="school-ekibastuz")
    assert obj.name_ru == "Школа в Экибастузе"
    assert (obj.latitude, obj.longitude) == (51.72, 75.32)
    assert obj.contract_value == Decimal("2000000")


def test_importing_again_updates_instead_of_duplicating(document, tmp_path):
    path = _save(plan_template_workbook(), tmp_path)
    import_plan_file(path, document=document)
    before = _counts()

    again = import_plan_file(path, document=document)

    assert _counts() == before
    assert again.unchanged(Indicator) == again.unchanged(IndicatorValue) == 1
    assert again.unchanged(Financing) == again.unchanged(ProjectObject) == 1
    assert again.created(Goal) == again.updated(Goal) == 0

    workbook = openpyxl.load_workbook(path)
    _set(workbook, "indicators", "actual", 99.6)
    _set(workbook, "objects", "status", "completed")
    _set(workbook, "financing", "executed", 1_180_000_000)
    changed = import_plan_file(_save(workbook, tmp_path, "plan-2.xlsx"), document=document)

    assert changed.ok, [str(e) for e in changed.errors]
    assert _counts() == before
    assert changed.updated(IndicatorValue) == changed.updated(ProjectObject) == 1
    assert changed.updated(Financing) == 1
    assert IndicatorValue.private_objects.get(year=2024).actual == Decimal("99.6")
    assert ProjectObject.private_objects.get().status == ProjectObject.Status.COMPLETED
    assert Financing.private_objects.get().executed == Decimal("1180000000")


def test_left_out_columns_keep_what_the_registry_has(document, tmp_path):
    value = IndicatorValueFactory(
        indicator=IndicatorFactory(goal=GoalFactory(document=document, number="1"), code="1.1"),
        year=2022,
        plan=Decimal("60"),
        actual=None,
    )
    path = tmp_path / "actuals.csv"
    path.write_text(
        "goal_number,indicator_code,year,actual,actual_source\n1,1.1,2022,61,Stat.gov.kz\n",
        encoding="utf-8",
    )

    report = import_plan_file(path, document=document)

    assert report.ok, [str(e) for e in report.errors]
    value.refresh_from_db()
    assert value.plan == Decimal("60")
    assert value.actual == Decimal("61")
    assert value.actual_source == "Stat.gov.kz"
    assert value.indicator.name_ru.startswith("Показатель")


def test_a_changed_plan_of_a_published_document_is_kept_as_a_revision(db, tmp_path):
    document = PlanningDocumentFactory(is_published=True)
    value = IndicatorValueFactory(
        indicator=IndicatorFactory(goal=GoalFactory(document=document, number="1"), code="1.1"),
        year=2023,
        plan=Decimal("60"),
    )
    path = tmp_path / "revised-plan.csv"
    path.write_text("goal_number;indicator_code;year;plan\n1;1.1;2023;65\n", encoding="utf-8")

    with translation.override("en"):
        refused = import_plan_file(path, document=document)
        errors = [str(e) for e in refused.errors]
    assert errors == [
        "source: The document is published and this changes what it promises: give the source "
        "of the change (the decision that changed the plan)."
    ]
    assert not PlanRevision.objects.exists()

    report = import_plan_file(path, document=document, source="Decision No. 7 of 01.02.2025")

    assert report.ok, [str(e) for e in report.errors]
    assert report.revisions == 1
    revision = PlanRevision.objects.get(value=value)
    assert (revision.previous_plan, revision.new_plan) == (Decimal("60"), Decimal("65"))
    assert revision.reason == "Decision No. 7 of 01.02.2025"
    value.refresh_from_db()
    assert value.plan == Decimal("65")


def test_financing_is_updated_in_place_by_object_year_and_source(document, tmp_path):
    obj = ProjectObjectFactory(document=document, slug="school-aksu")
    row = FinancingFactory(document=document, object=obj, year=2022, source="local")
    FinancingFactory(document=document, object=None, year=2022, source="local")
    path = tmp_path / "money.csv"
    path.write_text(
        "year;source;object_slug;executed\n2022;local;school-aksu;999\n", encoding="utf-8"
    )

    report = import_plan_file(path, document=document, kind="financing")

    assert report.ok, [str(e) for e in report.errors]
    assert report.updated(Financing) == 1
    row.refresh_from_db()
    assert row.executed == Decimal("999")
    assert row.planned == Decimal("1000000")
    assert Financing.private_objects.count() == 2


def test_the_command_prints_a_summary_and_dry_run_saves_nothing(document, tmp_path):
    path = _save(plan_template_workbook(), tmp_path)

    out = io.StringIO()
    call_command("import_plan", str(path), document=document.slug, dry_run=True, stdout=out)
    assert ProjectObject.private_objects.count() == 0
    assert "1" in out.getvalue()

    out = io.StringIO()
    call_command("import_plan", str(path), document=document.slug, stdout=out)
    assert ProjectObject.private_objects.count() == 1
    assert len(out.getvalue().splitlines()) >= 5


@pytest.mark.parametrize(
    ("name", "content"),
    [("plan.xls", b"old excel"), ("plan.xlsx", b"not a zip"), ("plan.txt", b"text")],
)
def test_files_that_cannot_be_read_give_a_clear_error(document, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(PlanImportFileError, match=r"\S"):
        import_plan_file(path, document=document)
    with pytest.raises(CommandError):
        call_command("import_plan", str(path), document=document.slug)


@pytest.mark.parametrize(("make", "message"), hostile_files.HOSTILE_WORKBOOKS)
def test_a_hostile_workbook_is_refused_with_a_clear_error(document, tmp_path, make, message):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(make())
    with translation.override("en"):
        with pytest.raises(PlanImportFileError, match=f"plan.xlsx: .*{message}"):
            import_plan_file(path, document=document)
        with pytest.raises(CommandError, match=message) as raised:
            call_command("import_plan", str(path), document=document.slug)
    assert raised.value.returncode == 1
    assert not Indicator.private_objects.exists()


def test_a_workbook_without_known_sheets_is_refused(document, tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Лист1"

    with pytest.raises(PlanImportFileError, match="indicators"):
        import_plan_file(_save(workbook, tmp_path), document=document)


def test_an_unknown_document_is_refused(db, tmp_path):
    path = _save(plan_template_workbook(), tmp_path)

    with pytest.raises(CommandError, match="no-such-plan"):
        call_command("import_plan", str(path), document="no-such-plan")


def test_reasons_are_translatable_messages(document, tmp_path, monkeypatch):
    """Every reason goes through gettext, so the .po files can translate it."""
    monkeypatch.setattr(plan_import, "_", lambda message: f"⟦{message}⟧")
    path = tmp_path / "bad.csv"
    path.write_text(
        "goal_number;indicator_code;year;plan;kind;actual_date\n1;1.1;2040;x;goal;31.02.2024\n",
        encoding="utf-8",
    )

    with translation.override("ru"):
        report = import_plan_file(path, document=document)

    assert len(report.errors) == 4
    for error in report.errors:
        assert error.reason.startswith("⟦") and error.reason.endswith("⟧")
        assert str(error).startswith("⟦")
