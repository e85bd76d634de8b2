"""Fixtures of what is said of the red flags: a contracting process of the education department
(the `body` fixture, whose officer is Dana) about the school of the registry, on which the single
bid indicator (R018) fired; the personas with an officer of another body and a monitor of
another NGO."""

import pytest

from baqylau.accounts.models import Role
from baqylau.procurement.models import ContractingProcess, Party, ProcessObject, RiskFlag

from ..factories import department
from ..world import member

OCID = "ocds-b5fd17-000001"


def flagged_process(*, buyer_org, school=None, ocid=OCID, codes=("R018",), **fields):
    """A process bought by `buyer_org` (its party matched to it), linked to `school`, on which
    each of `codes` fired."""
    party, _created = Party.objects.get_or_create(
        scheme="KZ-BIN",
        identifier=f"BIN-{buyer_org.pk}",
        defaults={"name": buyer_org.name, "organisation": buyer_org},
    )
    process = ContractingProcess.objects.create(
        ocid=ocid,
        title=fields.pop("title", "Repairs of school No. 7"),
        buyer=party,
        procurement_method="open",
        compiled={"ocid": ocid},
        compiled_sha256="0" * 64,
        **fields,
    )
    if school is not None:
        ProcessObject.objects.create(process=process, object=school, link=ProcessObject.Link.MANUAL)
    for code in codes:
        RiskFlag.objects.create(code=code, subject=RiskFlag.Subject.PROCESS, process=process)
    return process


@pytest.fixture
def process(registry, body):
    return flagged_process(buyer_org=body, school=registry["school"])


@pytest.fixture
def other_body(db):
    return department(
        "health-department",
        "Денсаулық сақтау басқармасы",
        "Управление здравоохранения",
        "Health Department",
    )


@pytest.fixture
def oleg(other_body):
    """An officer of another body."""
    return member("oleg@example.org", "Oleg", other_body, Role.OFFICER)


@pytest.fixture
def everyone(personas, oleg, other_monitor):
    return personas | {"other_officer": oleg, "other_monitor": other_monitor}
