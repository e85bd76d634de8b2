"""A contracting process of the school of tests/world.py, bought by the regional akimat, with its
bids, award, contract and amendments, releases and red flags."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from baqylau.procurement.models import RiskFlag

from ..factories import (
    AmendmentFactory,
    AwardFactory,
    BidFactory,
    ContractFactory,
    ContractingProcessFactory,
    FlagRunFactory,
    PartyFactory,
    ProcessObjectFactory,
    ReleaseFactory,
    RiskFlagFactory,
)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def procurement(registry):
    """The school's process: three bids (one disqualified), the award to BuildCo, a contract
    amended twice (up by 20 %, then down), four releases; the R018 and R036 flags on the process,
    R025 on the buyer and R048 on the supplier."""
    buyer = PartyFactory(identifier="990340000001", name="Akimat of Pavlodar region")
    buyer.organisation = registry["akimat"]
    buyer.save()
    buildco = PartyFactory(identifier="050540000002", name="BuildCo LLP")
    others = [PartyFactory(name="Stroy Invest LLP"), PartyFactory(name="Pavlodar Remont LLP")]
    process = ContractingProcessFactory(
        ocid="ocds-kz0001-school-600",
        title="Construction of a school for 600 pupils",
        buyer=buyer,
        procuring_entity=buyer,
        value_amount=Decimal("150000000"),
        tender_start=at(2024, 3, 1, 9),
        tender_end=at(2024, 3, 20, 18),
        document=registry["document"],
        last_release_date=at(2024, 9, 1),
    )
    BidFactory(process=process, tenderers=[buildco], value_amount=Decimal("140000000"))
    BidFactory(
        process=process,
        tenderers=[others[0]],
        value_amount=Decimal("138000000"),
        status="disqualified",
        date=at(2024, 3, 16, 10),
    )
    BidFactory(
        process=process,
        tenderers=[others[1]],
        value_amount=Decimal("149000000"),
        date=at(2024, 3, 17, 10),
    )
    AwardFactory(process=process, suppliers=[buildco], value_amount=Decimal("140000000"))
    contract = ContractFactory(process=process, value_amount=Decimal("140000000"))
    AmendmentFactory(
        contract=contract,
        date=at(2024, 8, 1),
        value_before=Decimal("140000000"),
        value_after=Decimal("168000000"),
        rationale="Additional works on the roof.",
    )
    AmendmentFactory(
        contract=contract,
        date=at(2024, 9, 1),
        value_before=Decimal("168000000"),
        value_after=Decimal("160000000"),
        rationale="Windows not installed.",
    )
    for day, tags in [
        (at(2024, 3, 1, 9), ["tender"]),
        (at(2024, 3, 25, 12), ["award"]),
        (at(2024, 4, 2, 12), ["contract"]),
        (at(2024, 8, 1, 12), ["contractAmendment"]),
    ]:
        ReleaseFactory(process=process, date=day, tags=tags)
    ProcessObjectFactory(process=process, object=registry["school"])
    RiskFlagFactory(process=process, code="R018", value=1)
    RiskFlagFactory(process=process, code="R036", value=1)
    RiskFlagFactory(
        process=None, party=buyer, subject=RiskFlag.Subject.BUYER, code="R025", value=0.6
    )
    RiskFlagFactory(
        process=None, party=buildco, subject=RiskFlag.Subject.TENDERER, code="R048", value=4
    )
    FlagRunFactory()
    return {"process": process, "buyer": buyer, "supplier": buildco, "contract": contract}


def grow(n: int, *, buyer, obj=None, document=None):
    """`n` more processes of `buyer`, each with bids, an award, a contract with an amendment, a
    release and flags; linked to `obj` when given."""
    for _ in range(n):
        process = ContractingProcessFactory(buyer=buyer, document=document)
        supplier = PartyFactory()
        BidFactory(process=process, tenderers=[supplier])
        BidFactory(process=process)
        AwardFactory(process=process, suppliers=[supplier])
        AmendmentFactory(contract=ContractFactory(process=process))
        ReleaseFactory(process=process)
        RiskFlagFactory(process=process)
        RiskFlagFactory(process=process, code="R003")
        RiskFlagFactory(
            process=None, party=supplier, subject=RiskFlag.Subject.TENDERER, code="R048"
        )
        if obj is not None:
            ProcessObjectFactory(process=process, object=obj)
