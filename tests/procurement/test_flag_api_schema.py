"""The API of what is said of red flags answers as its OpenAPI schema says, whatever it is asked
(Schemathesis, as tests/api/test_schema_conformance.py does for the whole API), with feedback,
a file, a finding and an answer to show."""

import pytest
import schemathesis
from django.core.files.base import ContentFile
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from baqylau.procurement.models import FeedbackFile, FlagAnswer, FlagFeedback

from ..world import people_registry_and_world
from .conftest import flagged_process

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.schemathesis,
    pytest.mark.usefixtures("one_connection", "shared"),
]

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


def build_once(today) -> dict:
    data = people_registry_and_world(today)
    process = flagged_process(buyer_org=data["body"], school=data["registry"]["school"])
    feedback = FlagFeedback.objects.create(
        process=process,
        code="R018",
        verdict="confirmed",
        note="One bid.",
        organisation=data["ngo"],
        author=data["bob"],
        finding=data["world"]["roof"],
    )
    row = FeedbackFile(feedback=feedback, original_name="n.pdf", size=3, sha256="0" * 64)
    row.file.save("n.pdf", ContentFile(b"pdf"), save=False)
    row.public_file.save("p.pdf", ContentFile(b"pdf"), save=False)
    row.save()
    FlagFeedback.objects.create(process=process, code="R018", verdict="explained", note="Fine.")
    FlagAnswer.objects.create(process=process, code="R018", body=data["body"], text="Extended.")
    return data


schema = schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler()).include(
    path_regex="procurement/flag-"
)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_flag_api_answers_as_its_schema_says(case):
    case.call_and_validate(checks=CHECKS)
