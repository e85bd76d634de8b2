"""Every kind of public record is withdrawn the same way, never deleted once published: the
back office withdraws it with a public reason; it leaves the public lists, the API and the
downloads; its address (where it has one) answers with the notice; the public log of withdrawals
lists it; and the public record's chain notes its withdrawal, so that it still verifies."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from baqylau.accountability import services as accountability
from baqylau.core import record
from baqylau.core.withdrawals import record_withdraw
from baqylau.inforequests import services as inforequests
from baqylau.inforequests.models import Answer, InformationRequest
from baqylau.monitoring.evidence import evidence_add
from baqylau.registry import services as registry_services

from ..cycle import finished_control, send_document
from ..factories import InformationRequestFactory
from ..helpers import blank_pdf

pytestmark = pytest.mark.django_db

LOG = "/en/record/withdrawals/"


def english(address) -> str:
    with translation.override("en"):
        return address()


@dataclass
class Case:
    record: object
    title: str  # what the public lists show of it
    api: str  # a public list of the API that shows it
    page: str = ""  # its public address, if it has one
    download: str = ""  # an open-data download that lists it


def information_request(f, *, published=True) -> Case:
    item = InformationRequestFactory(
        requester=f["alice"], body=f["body"], subject="Roof of school 9", sent=published
    )
    return Case(
        item,
        "Roof of school 9",
        "/api/requests/",
        page=english(item.get_absolute_url),
        download="/data/requests.csv",
    )


def recommendation_answer(f, *, published=True) -> Case:
    campaign, (recommendation,) = send_document(
        f["registry"], f["ngo"], f["alice"], [f["body"]], f["today"]
    )
    if not published:
        campaign.is_published = False
        campaign.save(update_fields=["is_published"])
    answer = accountability.answer_give(
        recommendation=recommendation,
        actor=f["dana"],
        decision="rejected",
        reasons="No budget for the roof this year",
    )
    return Case(
        answer,
        "No budget for the roof this year",
        "/api/recommendations/",
        page=english(answer.get_absolute_url),
        download="/data/recommendations.csv",
    )


def evidence(f, *, published=True) -> Case:
    campaign = finished_control(
        f["registry"], f["ngo"], f["alice"], f["today"], published=published
    )
    upload = SimpleUploadedFile("roof-estimate.pdf", blank_pdf(), content_type="application/pdf")
    item = evidence_add(campaign=campaign, upload=upload, actor=f["alice"])
    return Case(item, "roof-estimate.pdf", "/api/evidence/")


def request_answer(f, *, published=True) -> Case:
    item = InformationRequestFactory(
        requester=f["alice"], body=f["body"], sent=True, is_public=published
    )
    inforequests.request_register(
        request=item, registered_on=f["today"], registration_number="1", actor=f["dana"]
    )
    answer = inforequests.answer_submit(
        request=item,
        author=f["dana"],
        source=Answer.Source.PLATFORM,
        text="The estimate of the roof is attached.",
        files=[SimpleUploadedFile("estimate.pdf", blank_pdf())],
    )
    return Case(
        answer,
        "The estimate of the roof is attached.",
        "/api/request-answers/",
        page=english(answer.get_absolute_url),
    )


def plan_revision(f, *, published=True) -> Case:
    indicator = f["registry"]["indicator"]
    value = registry_services.indicator_value_set(
        indicator_id=indicator.pk, year=2023, plan=Decimal("55"), reason="Budget cut in spring"
    )
    revision = value.revisions.get()
    if not published:
        document = indicator.goal.document
        document.is_published = False
        document.save(update_fields=["is_published"])
    return Case(revision, "Budget cut in spring", "/api/indicators/")


KINDS = {
    "request": (information_request, "admin:inforequests_informationrequest"),
    "recommendation answer": (recommendation_answer, "admin:accountability_recommendationanswer"),
    "evidence": (evidence, "admin:monitoring_evidence"),
    "request answer": (request_answer, "admin:inforequests_answer"),
    "plan revision": (plan_revision, "admin:registry_planrevision"),
}


@pytest.fixture
def fixtures(registry, ngo, alice, body, dana, today):
    return {
        "registry": registry,
        "ngo": ngo,
        "alice": alice,
        "body": body,
        "dana": dana,
        "today": today,
    }


@pytest.mark.parametrize("kind", KINDS)
def test_a_published_record_is_withdrawn_not_deleted(client, fixtures, root, kind):
    make, admin = KINDS[kind]
    case = make(fixtures)
    model = type(case.record)
    client.force_login(root)
    assert client.get(reverse(f"{admin}_delete", args=[case.record.pk])).status_code == 403
    assert case.title in client.get(case.api).content.decode()
    changelist = reverse(f"{admin}_changelist")
    chosen = {"action": "withdraw", "_selected_action": [case.record.pk]}
    done = client.post(changelist, chosen | {"apply": "1", "withdrawn_reason": "Sent twice"})
    assert done.status_code == 302
    withdrawn = model._default_manager.get(pk=case.record.pk)
    assert withdrawn.withdrawn_at is not None and withdrawn.withdrawn_reason == "Sent twice"
    client.logout()
    assert not model.public_objects.filter(pk=case.record.pk).exists()
    assert case.title not in client.get(case.api).content.decode()
    if case.download:
        assert case.title not in b"".join(client.get(case.download).streaming_content).decode()
    if case.page:
        # Its own address answers 410; a part's page (an answer's recommendation) says it.
        gone = client.get(case.page)
        assert gone.status_code in (200, 410) and "Sent twice" in gone.content.decode()
        assert "Withdrawn on" in gone.content.decode()
    log = client.get(LOG).content.decode()
    assert "Sent twice" in log
    assert record.verify() == []


@pytest.mark.parametrize("kind", KINDS)
def test_a_draft_is_still_deleted(client, fixtures, root, kind):
    make, admin = KINDS[kind]
    case = make(fixtures, published=False)
    client.force_login(root)
    delete = reverse(f"{admin}_delete", args=[case.record.pk])
    assert client.get(delete).status_code == 200
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not type(case.record)._default_manager.filter(pk=case.record.pk).exists()


def test_the_requester_still_opens_a_withdrawn_request_marked_as_withdrawn(client, fixtures, root):
    case = information_request(fixtures)
    record_withdraw(record=case.record, actor=root, reason="Sent twice")
    client.force_login(fixtures["alice"])
    own = client.get(case.page)
    assert own.status_code == 200 and "Withdrawn on" in own.content.decode()
    assert "Sent twice" in own.content.decode()


def test_a_withdrawn_answer_leaves_the_search_of_its_request(fixtures, root):
    case = request_answer(fixtures)
    found = InformationRequest.public_objects.search("roof")  # a word of the answer only
    assert list(found) == [case.record.request]
    record_withdraw(record=case.record, actor=root, reason="Sent twice")
    assert not found.all().exists()
