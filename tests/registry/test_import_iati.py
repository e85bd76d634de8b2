"""`baqylau import_iati`: IATI 2.03 activities become published donor projects.

Most tests read the real publishers' file in SHARED_DATA_DIR; a small hand-written activity checks
what that file lacks (Kazakh and Russian narratives, numeric actual values, revised budgets).
"""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from lxml import etree

from baqylau.registry.importers.iati import IatiFileError, import_iati_file
from baqylau.registry.management.commands.import_iati import Command
from baqylau.registry.models import (
    Financing,
    Goal,
    Indicator,
    IndicatorValue,
    Organisation,
    PlanningDocument,
    PlanRevision,
    ProjectObject,
)

from ..factories import TerritoryFactory, square

ADB = "46004-54188-001-LN3940"
UNHCR = "XM-DAC-41121-2020-ASO-KAZMCO"
UNDP = "XM-DAC-41114-OUTPUT-00120978"

SYNTHETIC = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" generated-datetime="2024-01-01T00:00:00Z">
 <iati-activity default-currency="KZT" xml:lang="ru" last-updated-datetime="2024-03-15T10:00:00">
  <iati-identifier>XM-TEST-PAVLODAR-WATER</iati-identifier>
  <reporting-org ref="XM-TEST" type="40">
   <narrative xml:lang="en">Test Fund</narrative>
  </reporting-org>
  <title>
   <narrative>Водоснабжение сёл Павлодарской области</narrative>
   <narrative xml:lang="kk">Павлодар облысы ауылдарын сумен жабдықтау</narrative>
   <narrative xml:lang="de">Wasserversorgung</narrative>
  </title>
  <description><narrative xml:lang="en">Rural water supply.</narrative></description>
  <participating-org ref="XM-TEST" role="1" type="40">
   <narrative xml:lang="en">Test Fund</narrative>
  </participating-org>
  <participating-org role="4" type="10">
   <narrative>Управление энергетики и ЖКХ Павлодарской области</narrative>
  </participating-org>
  <activity-status code="2"/>
  <activity-date iso-date="2021-01-01" type="1"/>
  <activity-date iso-date="2024-12-31" type="3"/>
  <location ref="PV-1">
   <name><narrative>Село Жолкудук</narrative></name>
   <point srsName="http://www.opengis.net/def/crs/EPSG/0/4326"><pos>52.5 76.5</pos></point>
  </location>
  <budget type="1">
   <period-start iso-date="2022-01-01"/><period-end iso-date="2022-12-31"/>
   <value currency="KZT" value-date="2022-01-01">1000000</value>
  </budget>
  <budget type="2">
   <period-start iso-date="2022-01-01"/><period-end iso-date="2022-12-31"/>
   <value value-date="2022-06-01">1200000</value>
  </budget>
  <transaction>
   <transaction-type code="3"/><transaction-date iso-date="2022-05-01"/>
   <value value-date="2022-05-01">400000</value>
  </transaction>
  <transaction>
   <transaction-type code="4"/><transaction-date iso-date="2022-11-01"/>
   <value value-date="2022-11-01">350000.50</value>
  </transaction>
  <transaction>
   <transaction-type code="2"/><transaction-date iso-date="2022-01-01"/>
   <value value-date="2022-01-01">9999999</value>
  </transaction>
  <result type="2">
   <title><narrative>Доступ к питьевой воде</narrative></title>
   <indicator measure="2" ascending="1">
    <title><narrative>Доля сельского населения с централизованным водоснабжением</narrative></title>
    <baseline year="2020" value="66.5"/>
    <period>
     <period-start iso-date="2022-01-01"/><period-end iso-date="2022-12-31"/>
     <target value="70"/><actual value="71.2"/>
    </period>
    <period>
     <period-start iso-date="2023-01-01"/><period-end iso-date="2023-12-31"/>
     <target value="75"/>
    </period>
   </indicator>
   <indicator measure="1" ascending="false">
    <title><narrative>Аварии на водопроводах</narrative></title>
    <baseline year="2020" value="12"/>
    <period>
     <period-start iso-date="2022-01-01"/><period-end iso-date="2022-12-31"/>
     <target value="8"/><actual value="9"/>
    </period>
   </indicator>
  </result>
 </iati-activity>
</iati-activities>
"""


@pytest.fixture
def real_file() -> Path:
    return Path(settings.SHARED_DATA_DIR) / "iati" / "kazakhstan-activities.xml"


@pytest.fixture
def imported(db, real_file):
    return import_iati_file(real_file, skip_invalid=True)


def _counts() -> dict[str, int]:
    return {
        "documents": PlanningDocument.private_objects.count(),
        "goals": Goal.private_objects.count(),
        "indicators": Indicator.private_objects.count(),
        "values": IndicatorValue.private_objects.count(),
        "financing": Financing.private_objects.count(),
        "organisations": Organisation.objects.count(),
        "objects": ProjectObject.private_objects.count(),
        "responsible": PlanningDocument.responsible_bodies.through.objects.count(),
    }


def _document(identifier: str) -> PlanningDocument:
    return PlanningDocument.private_objects.get(iati_identifier=identifier)


def test_real_file_imports_nine_activities_and_rejects_the_invalid_one(imported):
    assert imported.imported_count == 9
    assert [r.identifier for r in imported.rejected] == [ADB]
    (errors,) = [r.errors for r in imported.rejected]
    assert any("line 1627" in e and "budget-item" in e and "vocabulary" in e for e in errors)

    documents = PlanningDocument.public_objects.all()
    assert documents.count() == 9
    assert set(documents.values_list("iati_identifier", flat=True)) == set(imported.imported)
    for document in documents:
        assert document.doc_type == PlanningDocument.Type.DONOR_PROJECT
        assert document.is_published and document.published_at is not None
        assert document.slug == document.iati_identifier.lower().replace(".", "")
        assert document.start_year <= document.end_year


def test_nothing_of_the_rejected_activity_is_stored(imported):
    assert not PlanningDocument.private_objects.filter(iati_identifier=ADB).exists()
    assert not PlanningDocument.private_objects.filter(slug__contains="ln3940").exists()
    assert not PlanningDocument.private_objects.filter(title_en__contains="Active Resp").exists()
    assert not Goal.private_objects.filter(name_en="Design and Monitoring Framework").exists()
    assert not Organisation.objects.filter(name_en="Ministry of Finance").exists()
    assert not ProjectObject.private_objects.filter(slug__startswith="46004").exists()


def test_a_rejected_activity_imports_nothing_of_the_file(db, real_file):
    report = import_iati_file(real_file)
    assert not report.applied
    assert report.imported == []
    assert [r.identifier for r in report.rejected] == [ADB]
    assert _counts() == dict.fromkeys(_counts(), 0)


def test_command_reports_rejected_activity_applies_nothing_and_exits_non_zero(db, real_file):
    stdout, stderr = StringIO(), StringIO()
    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("import_iati", str(real_file), stdout=stdout, stderr=stderr)
    assert raised.value.returncode == 1
    assert "1 activity was rejected, so nothing was imported" in str(raised.value)
    assert "Imported: 0. Rejected: 1." in stdout.getvalue()
    assert ADB in stderr.getvalue()
    assert "line 1627" in stderr.getvalue()
    assert not PlanningDocument.private_objects.exists()


def test_command_skips_invalid_activities_when_asked(db, real_file):
    stdout, stderr = StringIO(), StringIO()
    with translation.override("en"):
        call_command("import_iati", str(real_file), "--skip-invalid", stdout=stdout, stderr=stderr)
    assert "Imported: 9. Rejected: 1." in stdout.getvalue()
    assert ADB in stderr.getvalue() and "line 1627" in stderr.getvalue()
    assert PlanningDocument.public_objects.count() == 9


def test_every_rejected_activity_is_reported(db, tmp_path):
    activity = SYNTHETIC[SYNTHETIC.index("<iati-activity ") : SYNTHETIC.index("</iati-activities>")]
    broken = activity.replace("<activity-status", "<not-iati/><activity-status")
    two = tmp_path / "two.xml"
    two.write_text(SYNTHETIC.replace(activity, broken + activity + broken), encoding="utf-8")
    with translation.override("en"):
        report = import_iati_file(two)
    assert not report.applied
    assert len(report.rejected) == 2
    assert not PlanningDocument.private_objects.exists()


def test_reimport_updates_in_place(imported, real_file, tmp_path):
    before = _counts()
    again = import_iati_file(real_file, skip_invalid=True)
    assert again.imported == imported.imported
    assert _counts() == before
    assert not PlanRevision.objects.exists()

    # The publisher raises a target and revises the budget.
    tree = etree.parse(str(real_file))
    (activity,) = tree.xpath("//iati-activity[iati-identifier=$id]", id=UNHCR)
    activity.find("result/indicator/period/target").set("value", "4")
    activity.find("budget/value").text = "3100000"
    changed = tmp_path / "changed.xml"
    tree.write(str(changed), xml_declaration=True, encoding="UTF-8")
    import_iati_file(changed, skip_invalid=True)

    assert _counts() == before
    value = IndicatorValue.private_objects.get(
        indicator__goal__document__iati_identifier=UNHCR, indicator__code="1.1", year=2020
    )
    assert value.plan == Decimal("4")
    revision = PlanRevision.objects.get(value=value)
    assert (revision.previous_plan, revision.new_plan) == (Decimal("3"), Decimal("4"))
    financing = Financing.private_objects.get(document=_document(UNHCR))
    assert financing.planned == Decimal("3100000")


def test_unhcr_results_match_the_xml(imported):
    document = _document(UNHCR)
    assert document.status == PlanningDocument.Status.COMPLETED
    assert (document.start_year, document.end_year) == (2020, 2020)
    assert document.title_en == "UNHCR Kazakstan Multi-Country Office (2020)"
    assert document.title_ru == "Многострановой отделение УВКБ ООН в Казахстане (2020)"
    assert document.description_en.startswith("This activity shows details")

    goals = list(document.goals.all())
    assert len(goals) == 10
    assert [g.name_en for g in goals[:3]] == [
        "Law and policy",
        "Status determination",
        "Greater reduction of statelessness",
    ]

    advocacy = goals[0].indicators.get()
    assert advocacy.name_en == "# of advocacy interventions made"
    assert advocacy.kind == Indicator.Kind.RESULT  # an output
    assert (advocacy.baseline_year, advocacy.baseline_value) == (2020, None)
    assert [(v.year, v.plan, v.actual) for v in advocacy.values.all()] == [
        (2020, Decimal("3"), None)
    ]

    stateless = goals[2].indicators.get()
    assert stateless.kind == Indicator.Kind.TARGET  # an outcome
    assert stateless.unit_en == "%"
    assert stateless.direction == Indicator.Direction.HIGHER
    assert (stateless.baseline_year, stateless.baseline_value) == (2020, Decimal("40"))
    assert [(v.year, v.plan) for v in stateless.values.all()] == [(2020, Decimal("40"))]

    targets = IndicatorValue.private_objects.filter(indicator__goal__document=document)
    assert sorted(v.plan for v in targets) == sorted(
        Decimal(t) for t in ["3", "90", "40", "80", "200", "5", "3", "450", "70", "80"]
    )

    (financing,) = document.financing.all()
    assert (financing.year, financing.source, financing.currency) == (2020, "donor", "USD")
    assert financing.planned == Decimal("3034045.21")
    assert financing.executed is None  # only incoming funds (type 11) are reported

    unhcr = Organisation.objects.get(iati_ref="XM-DAC-41121")
    assert unhcr.kind == Organisation.Kind.DONOR
    assert list(document.responsible_bodies.all()) == [unhcr]
    assert Organisation.objects.filter(name_en="Japan for UNHCR", iati_ref=None).count() == 1


def test_undp_direction_baseline_and_executed_money(imported):
    document = _document(UNDP)
    assert (document.start_year, document.end_year) == (2018, 2020)
    assert document.status == PlanningDocument.Status.IN_FORCE
    indicator = Indicator.private_objects.get(goal__document=document)
    assert indicator.direction == Indicator.Direction.LOWER  # ascending="0"
    assert (indicator.baseline_year, indicator.baseline_value) == (2018, None)
    assert not indicator.values.exists()  # target and actual are comments only

    (financing,) = document.financing.all()
    assert financing.planned == Decimal("179245")
    # Disbursements 9000 + 40788 + 28774 + 20909 and expenditures
    # 631 + 29941 - 8555 + 17134 + 14547 + 1464 + 557, all in 2020.
    assert financing.executed == Decimal("155190")


def test_locations_become_objects_in_their_territory(db, real_file):
    astana = TerritoryFactory(slug="astana", geometry=square(71.0, 50.9, 1.0))
    import_iati_file(real_file, skip_invalid=True)

    objects = ProjectObject.private_objects.filter(document=_document(UNHCR)).order_by("slug")
    assert [(o.name_en, o.latitude, o.longitude) for o in objects] == [
        ("Almaty", 43.278, 76.93),
        ("Astana", 51.1874, 71.4332),
    ]
    almaty_office, astana_office = objects
    assert astana_office.territory == astana
    assert almaty_office.territory is None
    assert astana_office.kind == ProjectObject.Kind.OTHER
    assert astana_office.status == ProjectObject.Status.COMPLETED
    assert astana_office.slug == "xm-dac-41121-2020-aso-kazmco-kazp000599"

    # IOM's first location has no point and makes no object.
    (iom_office,) = ProjectObject.private_objects.filter(document__slug="xm-dac-47066-lm0411")
    assert iom_office.name_en == "IOM Country Office - KZ"
    assert iom_office.territory == astana
    assert iom_office.status == ProjectObject.Status.IN_PROGRESS

    # IFC's only location is Kazakhstan as a whole (an administrative region): no site.
    assert not ProjectObject.private_objects.filter(document__slug="xm-dac-903-sii-43882").exists()


def test_languages_actual_values_and_revised_budget(db, tmp_path):
    path = tmp_path / "activity.xml"
    path.write_text(SYNTHETIC, encoding="utf-8")
    report = import_iati_file(path)
    assert (report.imported, report.rejected) == (["XM-TEST-PAVLODAR-WATER"], [])

    document = _document("XM-TEST-PAVLODAR-WATER")
    # No xml:lang means the activity's ru; German only fills the missing English.
    assert document.title_ru == "Водоснабжение сёл Павлодарской области"
    assert document.title_kk == "Павлодар облысы ауылдарын сумен жабдықтау"
    assert document.title_en == "Wasserversorgung"
    assert (document.start_year, document.end_year) == (2021, 2024)

    (body,) = document.responsible_bodies.all()
    assert body.name_ru == "Управление энергетики и ЖКХ Павлодарской области"

    access, accidents = Indicator.private_objects.filter(goal__document=document)
    assert access.unit_en == "%" and access.direction == Indicator.Direction.HIGHER
    assert (access.baseline_year, access.baseline_value) == (2020, Decimal("66.5"))
    assert [(v.year, v.plan, v.actual) for v in access.values.all()] == [
        (2022, Decimal("70"), Decimal("71.2")),
        (2023, Decimal("75"), None),
    ]
    actual_2022 = access.values.get(year=2022)
    assert actual_2022.actual_source == "Test Fund"
    assert str(actual_2022.actual_date) == "2024-03-15"
    assert accidents.direction == Indicator.Direction.LOWER  # ascending="false"
    assert [(v.year, v.plan, v.actual) for v in accidents.values.all()] == [
        (2022, Decimal("8"), Decimal("9"))
    ]

    (financing,) = document.financing.all()
    assert financing.currency == "KZT"  # the activity's default-currency
    assert financing.planned == Decimal("1000000")
    assert financing.adjusted == Decimal("1200000")
    assert financing.executed == Decimal("750000.50")  # commitments (type 2) are not executed

    (obj,) = document.objects_built.all()
    assert obj.name_ru == "Село Жолкудук"
    assert obj.slug == "xm-test-pavlodar-water-pv-1"
    assert obj.planned_start.isoformat() == "2021-01-01"
    assert obj.responsible_body == body

    # The publisher drops 2023 and lowers the 2022 target: both kept as revisions.
    path.write_text(
        SYNTHETIC.replace('<target value="75"/>', "").replace(
            '<target value="70"/>', '<target value="69"/>'
        ),
        encoding="utf-8",
    )
    import_iati_file(path)
    assert [(v.year, v.plan) for v in access.values.all()] == [
        (2022, Decimal("69")),
        (2023, None),
    ]
    assert sorted(
        (r.value.year, r.previous_plan, r.new_plan)
        for r in PlanRevision.objects.filter(value__indicator=access)
    ) == [(2022, Decimal("70"), Decimal("69")), (2023, Decimal("75"), None)]


# No `db` fixture: run_from_argv closes the database connections when it ends, and these
# errors must come before the database is touched at all.
def test_malformed_xml_is_a_clear_error(tmp_path, capsys):
    broken = tmp_path / "broken.xml"
    broken.write_text("<iati-activities><iati-activity>", encoding="utf-8")
    with translation.override("en"):
        with pytest.raises(IatiFileError, match="not well-formed XML"):
            import_iati_file(broken)
        with pytest.raises(SystemExit) as exited:
            Command().run_from_argv(["baqylau", "import_iati", str(broken)])
    assert exited.value.code == 1
    stderr = capsys.readouterr().err
    assert "not well-formed XML" in stderr and "line 1" in stderr
    assert "Traceback" not in stderr


def test_a_dtd_with_entities_is_refused(tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    hostile = tmp_path / "xxe.xml"
    hostile.write_text(
        f"""<?xml version="1.0"?>
<!DOCTYPE iati-activities [<!ENTITY xxe SYSTEM "file://{secret}">]>
<iati-activities version="2.03"><iati-activity default-currency="KZT">
<iati-identifier>&xxe;</iati-identifier></iati-activity></iati-activities>
""",
        encoding="utf-8",
    )
    with translation.override("en"):
        with pytest.raises(IatiFileError, match="DTDs and entities are not allowed"):
            import_iati_file(hostile)
        with pytest.raises(SystemExit) as exited:
            Command().run_from_argv(["baqylau", "import_iati", str(hostile)])
    assert exited.value.code == 1
    stderr = capsys.readouterr().err
    assert "DTDs and entities are not allowed" in stderr
    assert "Traceback" not in stderr and "TOP-SECRET" not in stderr


def test_missing_file_is_a_clear_error(tmp_path, capsys):
    missing = tmp_path / "missing.xml"
    with translation.override("en"):
        with pytest.raises(CommandError, match="File not found"):
            call_command("import_iati", str(missing))
        with pytest.raises(SystemExit) as exited:
            Command().run_from_argv(["baqylau", "import_iati", str(missing)])
    assert exited.value.code == 1
    stderr = capsys.readouterr().err
    assert "File not found" in stderr and str(missing) in stderr
    assert "Traceback" not in stderr


def test_other_xml_is_a_clear_error():
    codelist = Path(settings.SHARED_DATA_DIR) / "iati" / "codelists" / "Sector.xml"
    with translation.override("en"), pytest.raises(CommandError, match="not an IATI activities"):
        call_command("import_iati", str(codelist))
