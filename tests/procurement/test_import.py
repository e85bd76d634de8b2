"""`baqylau import_ocds`: the shapes publishers ship, real data, idempotency, history, and files
that cannot be used reported by line with nothing applied."""

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

from baqylau.procurement import ocds
from baqylau.procurement.importer import import_ocds
from baqylau.procurement.models import (
    Amendment,
    Award,
    Bid,
    Contract,
    ContractingProcess,
    Party,
    Release,
)

pytestmark = pytest.mark.django_db

OCDS = Path(settings.SHARED_DATA_DIR) / "ocds" / "ukraine-sample"
CARDINAL = Path(settings.SHARED_DATA_DIR) / "cardinal" / "indicators"


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (ContractingProcess, Release, Bid, Award, Contract, Amendment, Party)
    }


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_ukrainian_records_and_releases_load():
    files = sorted((OCDS / "records").glob("*.json")) + sorted((OCDS / "releases").glob("*.json"))
    report = import_ocds(files)
    assert report.errors == []
    assert report.applied
    assert counts() == {
        "ContractingProcess": 11,
        "Release": 11,
        "Bid": 12,
        "Award": 13,
        "Contract": 10,
        "Amendment": 0,
        "Party": 28,
    }
    process = ContractingProcess.objects.get(ocid="ocds-be6bcu-UA-2016-06-02-000468-c")
    record = json.loads((OCDS / "records" / f"{process.ocid}.json").read_text())
    # The merge made again from the record's release agrees with the record's compiled release
    # (whose older merge also numbered the entries of arrays without ids).
    for key in ("title", "value", "status", "tenderPeriod", "procuringEntity"):
        assert process.compiled["tender"][key] == record["compiledRelease"]["tender"][key]
    assert process.buyer.scheme == "UA-EDR"
    assert process.buyer.identifier == "20201870"
    assert process.procuring_entity == process.buyer
    assert process.currency == "UAH"
    assert process.first_release_date is not None
    release = process.releases.get()
    assert release.data == record["releases"][0]
    assert release.sha256 == ocds.sha256(record["releases"][0])
    # Dirty data loads with warnings kept on the process, each with its path.
    messages = [w["message"] for w in process.warnings]
    assert any("taken" in m for m in messages)
    assert any(w["path"] == "tag/3" and "'bid'" in w["message"] for w in process.warnings)
    assert any("Fields the schema does not define" in m for m in messages)
    # The same release in the releases folder, with other content: the first is kept.
    assert any("already loaded with other content" in str(w) for w in report.warnings)
    assert all(p.name for p in Party.objects.all())


def test_a_record_package_and_json_lines_of_packages(write, releases, release_package):
    first = releases["tender"]("ocds-kz-1")
    second = releases["tender"]("ocds-kz-2")
    record_package = {
        "version": "1.1",
        "publisher": {"name": "x"},
        "records": [{"ocid": "ocds-kz-1", "releases": [first]}],
    }
    lines = [release_package(second), {"ocid": "ocds-kz-3", "compiledRelease": first}]
    lines[1]["compiledRelease"] = {**first, "ocid": "ocds-kz-3", "id": "ocds-kz-3-c"}
    report = import_ocds([write(record_package), write(lines, lines=True)])
    assert report.errors == []
    assert set(ContractingProcess.objects.values_list("ocid", flat=True)) == {
        "ocds-kz-1",
        "ocds-kz-2",
        "ocds-kz-3",
    }
    taken = ContractingProcess.objects.get(ocid="ocds-kz-3").warnings
    assert any("compiled release was taken" in w["message"] for w in taken)


@pytest.mark.parametrize("path", sorted(CARDINAL.glob("*.jsonl")), ids=lambda p: p.stem)
def test_every_cardinal_fixture_loads_with_warnings(path):
    report = import_ocds([path], compiled=True)
    assert report.errors == []
    lines = [line for line in path.read_text().splitlines() if line.strip()]
    assert ContractingProcess.objects.count() == len({json.loads(line)["ocid"] for line in lines})
    assert report.warnings
    # The lines are compiled releases without an id: each is kept with one made from its content.
    again = import_ocds([path], compiled=True)
    assert again.releases_added == 0


def test_without_compiled_a_release_needs_its_id():
    report = import_ocds([CARDINAL / "R018.jsonl"])
    assert len(report.errors) == 7
    assert str(report.errors[0]).startswith("R018.jsonl, line 1: open: id: The release has no id.")
    assert counts()["ContractingProcess"] == 0


def test_reimporting_changes_nothing(write, releases, release_package, time_machine):
    path = write(release_package(releases["tender"]("ocds-kz-1"), releases["award"]("ocds-kz-1")))
    import_ocds([path])
    before = counts()
    process = ContractingProcess.objects.get()
    stamp, digest = process.updated_at, process.compiled_sha256
    time_machine.shift(3600)
    report = import_ocds([path])
    assert report.releases_added == 0
    assert counts() == before
    process.refresh_from_db()
    assert (process.updated_at, process.compiled_sha256) == (stamp, digest)


def test_newer_releases_update_the_record_and_keep_its_history(
    write, releases, release_package, time_machine
):
    ocid = "ocds-kz-1"
    import_ocds([write(release_package(releases["tender"](ocid)))])
    process = ContractingProcess.objects.get()
    assert (process.tender_status, Contract.objects.count(), Bid.objects.count()) == (
        "active",
        0,
        2,
    )
    first_digest, first_stamp = process.compiled_sha256, process.updated_at
    time_machine.shift(3600)
    report = import_ocds(
        [write(release_package(releases["award"](ocid), releases["amendment"](ocid)))]
    )
    assert report.releases_added == 2
    assert report.processes_updated == 1
    process.refresh_from_db()
    assert process.releases.count() == 3
    assert process.compiled_sha256 != first_digest
    assert process.updated_at > first_stamp
    contract = Contract.objects.get()
    assert contract.value_amount == Decimal("110000000.00")
    amendment = Amendment.objects.get()
    assert amendment.contract == contract
    assert amendment.rationale == "Additional works on the roof"
    assert (amendment.value_before, amendment.value_after) == (
        Decimal("94000000.00"),
        Decimal("110000000.00"),
    )
    award = Award.objects.get()
    assert award.classifications == ["45000000"]
    assert [s.name for s in award.suppliers.all()] == ["Builder 1"]
    # The bids are the tender's, found again when the record is merged again.
    assert Bid.objects.count() == 2
    assert sorted(b.tenderers.get().name for b in Bid.objects.all()) == ["Builder 0", "Builder 1"]
    # The versioned release shows the value's history.
    versioned = ocds.versioned_release([r.data for r in process.releases.all()])
    amounts = versioned["contracts"][0]["value"]["amount"]
    assert [v["value"] for v in amounts] == [94000000, 110000000]


def test_a_truncated_file_applies_nothing(write, releases, release_package):
    text = json.dumps(release_package(*(releases["tender"](f"ocds-kz-{n}") for n in range(5))))
    path = write({})
    path.write_text(text[: len(text) // 2])
    report = import_ocds([path])
    assert not report.applied
    assert len(report.errors) == 1
    assert "cut short" in report.errors[0].message
    assert "near byte" in report.errors[0].where
    assert counts()["ContractingProcess"] == 0
    assert counts()["Release"] == 0


def test_a_release_without_ocid_applies_nothing(write, releases, release_package):
    bad = releases["tender"]("ocds-kz-2")
    del bad["ocid"]
    report = import_ocds([write(release_package(releases["tender"]("ocds-kz-1"), bad))])
    assert [str(e) for e in report.errors] == [
        "data-1.json: releases[1]: ocid: The release has no ocid."
    ]
    assert counts()["ContractingProcess"] == 0


def test_ten_thousand_lines_with_three_bad_ones(tmp_path, releases):
    path = tmp_path / "big.jsonl"
    bad = {2500: "not json", 5000: "no ocid", 9999: "truncated"}
    with path.open("w") as handle:
        for number in range(1, 10_001):
            release = releases["tender"](f"ocds-kz-{number % 4000}", release_id=f"r-{number}")
            release["date"] = f"2025-03-01T09:{number % 60:02d}:{number % 59:02d}Z"
            if bad.get(number) == "no ocid":
                del release["ocid"]
            line = json.dumps(release)
            if bad.get(number) == "not json":
                line = "{oops " + line
            if bad.get(number) == "truncated":
                line = line[:100]
            handle.write(line + "\n")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="3 errors, so nothing was loaded"):
        call_command("import_ocds", str(path), stdout=out, stderr=err, verbosity=0)
    errors = [line for line in err.getvalue().splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    assert errors[0].startswith("error: big.jsonl, line 2500: Not JSON")
    assert errors[1] == "error: big.jsonl, line 5000: ocid: The release has no ocid."
    assert errors[2].startswith("error: big.jsonl, line 9999: Not JSON")
    assert counts()["ContractingProcess"] == 0
    assert counts()["Release"] == 0


def test_undated_releases_of_one_ocid_cannot_be_merged(write, releases, release_package):
    first, second = releases["tender"]("ocds-kz-1"), releases["award"]("ocds-kz-1")
    second["date"] = "last Tuesday"
    report = import_ocds([write(release_package(first, second))])
    assert [e.message for e in report.errors] == [
        "The release has no usable date, and the ocid has other releases: they cannot be "
        "merged in order."
    ]
    assert report.errors[0].where == "data-1.json: releases[1]"
    assert counts()["Release"] == 0


def test_not_a_release_at_all(write):
    report = import_ocds([write([1, 2, 3])])
    assert "Not a JSON object" in report.errors[0].message
    report = import_ocds([write({"hello": "world"})])
    assert "Neither an OCDS release" in report.errors[0].message


def test_dry_run_reports_and_writes_nothing(write, releases, release_package):
    path = write(release_package(releases["tender"]("ocds-kz-1")))
    out = StringIO()
    call_command("import_ocds", str(path), "--dry-run", stdout=out, stderr=StringIO())
    assert "Dry run: nothing was written." in out.getvalue()
    assert "Releases read: 1, new: 1." in out.getvalue()
    assert counts()["ContractingProcess"] == 0


def test_the_command_shows_progress_and_warnings(write, releases, release_package):
    release = releases["tender"]("ocds-kz-1")
    release["tender"]["status"] = "almost"
    release["x_region"] = "Pavlodar"
    out, err = StringIO(), StringIO()
    call_command(
        "import_ocds", str(write(release_package(release))), "--progress", stdout=out, stderr=err
    )
    assert "tender/status: 'almost' is not one of" in err.getvalue()
    # The bids are the bid extension's, which is read; x_region is the publisher's own.
    assert "Fields the schema does not define (an extension or the publisher's own): x_region" in (
        err.getvalue()
    )
    assert "Reading" in err.getvalue()  # the progress bar
    assert "Contracting processes new: 1" in out.getvalue()


def test_a_package_is_read_as_a_stream(write, releases, release_package):
    """The releases before a cut come out one by one before the cut is found."""
    text = json.dumps(release_package(*(releases["tender"](f"ocds-kz-{n}") for n in range(3))))
    path = write({})
    path.write_text(text[: text.index('"ocds-kz-2"') + 20])
    items = list(ocds.read_file(path))
    assert [type(i).__name__ for i in items] == ["Item", "Item", "Problem"]
    assert items[1].where == "data-1.json: releases[1]"
