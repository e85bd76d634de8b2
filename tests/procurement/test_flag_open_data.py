"""Monitors' feedback on red flags and the bodies' answers as open data: the API and the CSV
downloads through the same serializers, standing items only, public copies of files only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from baqylau.procurement import feedback as services

from ..factories import FlagAnswerFactory, FlagFeedbackFactory
from ..helpers import blank_pdf, count_queries, read_csv, results
from .conftest import OCID, flagged_process

pytestmark = pytest.mark.django_db

FEEDBACK_API = "/api/procurement/flag-feedback/"
ANSWERS_API = "/api/procurement/flag-answers/"
FEEDBACK_CSV = "/data/procurement-flag-feedback.csv"
ANSWERS_CSV = "/data/procurement-flag-answers.csv"


@pytest.fixture
def said(process, body, bob, dana, ngo, _media):
    pdf = SimpleUploadedFile("notice.pdf", blank_pdf())
    feedback = services.give_feedback(
        process=process, code="R018", verdict="confirmed", note="One bid.", files=[pdf], actor=bob
    )
    gone = FlagFeedbackFactory(process=process, author=bob, note="Mistaken.")
    services.withdraw_feedback(feedback=gone, actor=bob, reason="Wrong process.")
    answer = services.answer_flag(process=process, code="R018", text="Extended.", actor=dana)
    withdrawn = FlagAnswerFactory(process=process, body=body, text="Early.")
    services.withdraw_answer(answer=withdrawn, actor=dana, reason="Too early.")
    return {"feedback": feedback, "answer": answer, "gone": gone, "withdrawn": withdrawn}


def test_the_api_lists_standing_feedback_with_its_public_files(client, said):
    rows = results(client.get(FEEDBACK_API, HTTP_ACCEPT_LANGUAGE="en"))
    assert len(rows) == 1
    row = rows[0]
    feedback = said["feedback"]
    assert row["id"] == feedback.pk and row["ocid"] == OCID and row["code"] == "R018"
    assert (row["verdict"], row["verdict_label"]) == ("confirmed", "confirmed")
    assert row["note"] == "One bid." and row["organisation"] == "adal-monitoring"
    assert row["finding"] is None
    assert row["url"] == f"http://testserver/en/procurement/feedback/{feedback.pk}/"
    [file] = row["files"]
    stored = feedback.files.get()
    assert file["name"] == "notice.pdf" and file["sha256"] == stored.sha256
    assert file["url"] == f"http://testserver{stored.public_file.url}"
    assert stored.file.url not in str(row)  # never the original
    assert "author" not in row


def test_the_api_lists_standing_answers(client, said, body):
    rows = results(client.get(ANSWERS_API))
    assert [(r["id"], r["body"], r["text"]) for r in rows] == [
        (said["answer"].pk, body.slug, "Extended.")
    ]


def test_a_withdrawn_item_is_not_found_in_the_api(client, said):
    assert client.get(f"{FEEDBACK_API}{said['gone'].pk}/").status_code == 404
    assert client.get(f"{ANSWERS_API}{said['withdrawn'].pk}/").status_code == 404
    assert client.get(f"{FEEDBACK_API}{said['feedback'].pk}/").status_code == 200


@pytest.mark.parametrize("who", ["carol", "dana", "bob", "erin", "root"])
def test_everyone_sees_the_same_open_data(client, said, request, who):
    client.force_login(request.getfixturevalue(who))
    assert [r["id"] for r in results(client.get(FEEDBACK_API))] == [said["feedback"].pk]
    assert [r["id"] for r in results(client.get(ANSWERS_API))] == [said["answer"].pk]


def test_the_filters(client, said, body):
    other = flagged_process(buyer_org=body, ocid="ocds-b5fd17-000002", codes=("R003",))
    FlagFeedbackFactory(process=other, code="R003", verdict="explained", author=None)
    assert len(results(client.get(FEEDBACK_API))) == 2
    assert [r["code"] for r in results(client.get(f"{FEEDBACK_API}?ocid={OCID}"))] == ["R018"]
    assert [r["code"] for r in results(client.get(f"{FEEDBACK_API}?verdict=explained"))] == ["R003"]
    assert len(results(client.get(f"{FEEDBACK_API}?organisation=adal-monitoring"))) == 1
    assert len(results(client.get(f"{ANSWERS_API}?body={body.slug}&code=R018"))) == 1
    assert results(client.get(f"{ANSWERS_API}?code=R003")) == []


def test_the_csv_downloads_are_the_apis_rows(client, said):
    [row] = read_csv(client.get(f"{FEEDBACK_CSV}?lang=en"))
    feedback = said["feedback"]
    assert row["id"] == str(feedback.pk) and row["ocid"] == OCID and row["note"] == "One bid."
    assert row["organisation_slug"] == "adal-monitoring" and row["verdict_label"] == "confirmed"
    assert row["file_urls"] == f"http://testserver{feedback.files.get().public_file.url}"
    [answer] = read_csv(client.get(ANSWERS_CSV))
    assert answer["text"] == "Extended." and answer["body_slug"] == "education-department"
    assert read_csv(client.get(f"{FEEDBACK_CSV}?verdict=explained")) == []


def test_a_finding_of_a_published_campaign_is_named(client, process, plan, alice, bob):
    campaign = plan(monitors=[bob], declared=[alice, bob], published=True)
    feedback = FlagFeedbackFactory(process=process, author=bob)
    finding = services.make_finding(feedback=feedback, campaign=campaign, actor=bob)
    assert results(client.get(FEEDBACK_API))[0]["finding"] == finding.pk


@pytest.mark.parametrize("url", [FEEDBACK_API, ANSWERS_API, FEEDBACK_CSV, ANSWERS_CSV])
def test_the_lists_run_a_constant_number_of_queries(client, process, body, bob, url):
    def add(n):
        for _ in range(n):
            feedback = FlagFeedbackFactory(process=process, author=bob)
            feedback.files.create(file="x.pdf", public_file="y.pdf")
            FlagAnswerFactory(process=process, body=body)

    add(1)
    few = count_queries(client, url)
    add(5)
    assert count_queries(client, url) == few


def test_the_addresses(said):
    assert reverse("api:flag-feedback-list") == FEEDBACK_API
    assert reverse("downloads:procurement_flag_answers_csv") == ANSWERS_CSV
