"""Every fixture of Cardinal, the Open Contracting Partnership's reference implementation of the
red flags, gives exactly its expected output: the same groups, identifiers, codes and values.

The fixtures (`../shared/data/cardinal/indicators/`, MIT, from open-contracting/cardinal-rs) are
each one indicator's input (`NAME.jsonl`, compiled releases) and output (`NAME.expected`). As in
Cardinal's own tests, each runs with only its indicator, with the parameters its name carries after
the code (`R003-threshold-10`, `R003-procurement_methods-open+selective`,
`R003-procurement_method_details-x-5-y-10`: a field and a value, or a field and pairs of a key and
a number), with prices not compared for procurement method details "NPC" and processes of details
"EXC" left out.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings

from baqylau.procurement import flags
from baqylau.procurement.models import ContractingProcess, RiskFlag

FIXTURES = Path(settings.SHARED_DATA_DIR) / "cardinal" / "indicators"
NAMES = sorted(path.stem for path in FIXTURES.glob("*.jsonl"))
GLOBAL = {
    "no_price_comparison_procurement_methods": "NPC",
    "exclusions": {"procurement_method_details": "EXC"},
}


def parameters_of(name: str) -> tuple[str, dict]:
    """The indicator and the parameters a fixture's name carries."""
    parts = name.replace("+", "|").split("-")
    code = parts.pop(0)
    parameters = dict(GLOBAL)
    if len(parts) == 2:
        field, value = parts
        parameters[code] = {field: int(value) if value.isdigit() else value}
    elif len(parts) > 2:
        field = parts.pop(0)
        pairs = dict(zip(parts[::2], (int(v) for v in parts[1::2]), strict=True))
        parameters[code] = {field: pairs}
    return code, parameters


def lines_of(name: str) -> list[str]:
    return (FIXTURES / f"{name}.jsonl").read_text().splitlines()


def expected_of(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.expected").read_text())


def test_every_indicator_has_fixtures():
    assert len(NAMES) == 15
    assert {name.split("-")[0] for name in NAMES} == set(flags.CODES)


def test_parameters_are_read_from_the_names():
    assert parameters_of("R003-threshold-10")[1]["R003"] == {"threshold": 10}
    assert parameters_of("R003-procurement_methods-open+selective")[1]["R003"] == {
        "procurement_methods": "open|selective"
    }
    assert parameters_of("R003-procurement_method_details-x-5-y-10")[1]["R003"] == {
        "procurement_method_details": {"x": 5, "y": 10}
    }
    assert "R038" not in parameters_of("R038-tenderer")[1]


@pytest.mark.parametrize("name", NAMES)
def test_fixture_matches_exactly(name):
    code, parameters = parameters_of(name)
    result = flags.evaluate(lines_of(name), parameters=parameters, codes=(code,))
    expected = expected_of(name)
    assert result == expected
    # The same values, as floats, as the reference prints them (1.0, 0.2, 100.0).
    assert json.dumps(result, sort_keys=True) == json.dumps(expected, sort_keys=True)


@pytest.mark.parametrize("name", NAMES)
def test_fixture_as_dicts(name):
    code, parameters = parameters_of(name)
    releases = [json.loads(line) for line in lines_of(name) if line.strip()]
    assert flags.evaluate(releases, parameters=parameters, codes=(code,)) == expected_of(name)


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES)
def test_fixture_through_the_database(name):
    """The fixture's releases as contracting processes: `compute` stores exactly the expected
    flags (tenderers, buyers and procuring entities as parties by their ids: the fixtures name no
    parties)."""
    code, parameters = parameters_of(name)
    ContractingProcess.objects.bulk_create(
        ContractingProcess(ocid=release["ocid"], compiled=release)
        for release in (json.loads(line) for line in lines_of(name) if line.strip())
    )
    run = flags.compute(parameters=parameters)
    groups = {
        RiskFlag.Subject.BUYER: "Buyer",
        RiskFlag.Subject.PROCURING_ENTITY: "ProcuringEntity",
        RiskFlag.Subject.TENDERER: "Tenderer",
    }
    stored: dict = {}
    for flag in RiskFlag.objects.filter(code=code).select_related("process", "party"):
        if flag.subject == RiskFlag.Subject.PROCESS:
            stored.setdefault("OCID", {}).setdefault(flag.process.ocid, {})[code] = flag.value
        else:
            assert flag.party.scheme == ""
            group = stored.setdefault(groups[flag.subject], {})
            group.setdefault(flag.party.identifier, {})[code] = flag.value
    assert stored == expected_of(name)
    assert run.processes == len(lines_of(name))
    assert code in run.counts
