"""The demo's procurement: contracting processes of the demo's objects, loaded through
`import_ocds`, with the cases the red flags look for, matched to the demo's bodies."""

from decimal import Decimal

import pytest

from baqylau.demo.procurement import load_demo_procurement
from baqylau.procurement.models import Amendment, ContractingProcess, Party, ProcessObject

pytestmark = pytest.mark.django_db


def test_the_demo_has_procurement_of_its_objects(demo_data):
    processes = ContractingProcess.objects.all()
    assert processes.count() == 8
    assert ProcessObject.objects.count() == 8
    assert set(ProcessObject.objects.values_list("link", flat=True)) == {
        "contract_number",
        "ocid",
    }
    # Every buyer is a demo body, matched by its BIN; two bidders are left to match by hand.
    assert not processes.filter(buyer__organisation=None).exists()
    assert Party.objects.filter(organisation=None).count() == 2
    single = ContractingProcess.objects.get(ocid="ocds-kzdemo-2022-002")
    assert single.bids.count() == 1
    school = ContractingProcess.objects.get(ocid="ocds-kzdemo-2023-001")
    lowest = school.bids.order_by("value_amount").first()
    assert lowest.status == "disqualified"
    late = ContractingProcess.objects.get(ocid="ocds-kzdemo-2023-003")
    winner = late.awards.get().suppliers.get()
    assert late.bids.get(tenderers=winner).date > late.tender_end
    assert list(
        Amendment.objects.filter(contract__process=school).values_list(
            "value_before", "value_after"
        )
    ) == [
        (Decimal("12480000000.00"), Decimal("13100000000.00")),
        (Decimal("13100000000.00"), Decimal("13650000000.00")),
    ]
    # No warning but what the data is: the bids extension is read.
    assert not any(p.warnings for p in processes)


def test_loading_the_demo_procurement_again_changes_nothing(demo_data):
    report = load_demo_procurement()
    assert (report.releases_added, report.processes_updated) == (0, 0)
