"""Every operation of the open data API answers as its OpenAPI schema says, whatever it is asked.

Schemathesis reads the schema the API publishes (/api/schema/) and sends each operation requests
made from it, valid and invalid: query values out of range, of the wrong type, unknown choices and
languages, odd addresses. No answer may be a server error, every status code must be one that the
schema declares, and every answer's body must match the schema of its status code. The data is
the world of tests/world.py with a published problem report and a sent information request, so
that lists and details have something to show (and their nullable fields are empty in places).
The examples are few per operation, so that the whole API takes a minute or two.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from baqylau.accounts.models import Role
from baqylau.participation import reports
from baqylau.participation.models import Category

from ..factories import (
    AmendmentFactory,
    AwardFactory,
    BidFactory,
    ContractFactory,
    ContractingProcessFactory,
    InformationRequestFactory,
    LibraryItemFactory,
    MeetingFactory,
    MembershipFactory,
    PartyFactory,
    RiskFlagFactory,
    council_plan,
    make_council,
    make_scorecard,
)
from ..world import people_registry_and_world

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.schemathesis,
    pytest.mark.usefixtures("one_connection", "shared", "fake_pdf"),
]

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
EXAMPLES = 15


def build_once(today) -> dict:
    data = people_registry_and_world(today)
    InformationRequestFactory(requester=data["carol"], body=data["body"], sent=True)
    report = reports.report_submit(
        category=Category.objects.get(code="quality-of-work"),
        title="Broken roof",
        description="Water comes through the roof.",
        place=reports.Place(project_object=data["registry"]["school"]),
        reporter=data["carol"],
    )
    reports.report_publish(report=report, actor=data["max_moderator"])
    process = ContractingProcessFactory(ocid="ocds-kz0001-1", document=data["registry"]["document"])
    BidFactory(process=process)
    AwardFactory(process=process, suppliers=[PartyFactory(), PartyFactory()])
    AmendmentFactory(contract=ContractFactory(process=process), value_before=None)
    RiskFlagFactory(process=process)
    RiskFlagFactory(process=None, party=process.buyer, subject="buyer", code="R025", value=None)
    ContractingProcessFactory(buyer=None, value_amount=None, tender_start=None)
    # The dialogue: a published meeting, a scorecard, a plan of a public council, a library item.
    MeetingFactory(today=today, organiser=data["ngo"], by=data["alice"], bodies=[data["body"]])
    make_scorecard(
        registry=data["registry"],
        ngo=data["ngo"],
        coordinator=data["alice"],
        body=data["body"],
        today=today,
        published=True,
        slug="school-scorecard",
    )
    council = make_council()
    MembershipFactory(user=data["alice"], organisation=council, role=Role.COORDINATOR)
    council_plan(council, data["alice"], today)
    LibraryItemFactory(author=data["ngo"], actor=data["alice"], published=True)
    return data


# Read when the module is collected: making the schema reads no data.
schema = schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_its_schema_says(case):
    # The WSGI transport does not undo the compression of anonymous answers.
    case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})
