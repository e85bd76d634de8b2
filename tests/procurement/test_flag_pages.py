"""The pages of what is said of a red flag, for every role: who may give feedback, answer,
withdraw either and make a finding; what the process page's partial shows (`for_process`, in a
constant number of queries); withdrawn items leave it and their address says so."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from baqylau.procurement import feedback as services
from baqylau.procurement.models import FeedbackFile, FlagAnswer, FlagFeedback
from baqylau.procurement.responses import for_process

from ..factories import FlagAnswerFactory, FlagFeedbackFactory
from ..helpers import blank_pdf
from .conftest import OCID, flagged_process

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "citizen",
    "monitor",
    "coordinator",
    "other_monitor",
    "officer",
    "other_officer",
    "moderator",
    "staff",
    "administrator",
]
FEEDBACK_URL = f"/en/procurement/processes/{OCID}/flags/R018/feedback/"
ANSWER_URL = f"/en/procurement/processes/{OCID}/flags/R018/answer/"


def expected(status_by_role: dict, role: str) -> int:
    if role == "anonymous":
        return 302  # to sign in
    return status_by_role.get(role, 403)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_the_feedback_form(process, as_persona, role):
    may = {"monitor": 200, "coordinator": 200, "other_monitor": 200}
    assert as_persona(role).get(FEEDBACK_URL).status_code == expected(may, role)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_the_answer_form(process, as_persona, role):
    assert as_persona(role).get(ANSWER_URL).status_code == expected({"officer": 200}, role)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_withdraw_feedback(process, as_persona, everyone, role):
    feedback = FlagFeedbackFactory(process=process, author=everyone["monitor"])
    url = reverse("procurement:feedback_withdraw", kwargs={"pk": feedback.pk})
    may = {"monitor": 200, "coordinator": 200}  # its author, a coordinator of its NGO
    assert as_persona(role).get(url).status_code == expected(may, role)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_withdraw_an_answer(process, body, as_persona, role):
    answer = FlagAnswerFactory(process=process, body=body)
    url = reverse("procurement:answer_withdraw", kwargs={"pk": answer.pk})
    assert as_persona(role).get(url).status_code == expected({"officer": 200}, role)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_make_a_finding_of_feedback(process, plan, alice, bob, as_persona, role):
    plan(monitors=[bob], declared=[alice, bob])
    feedback = FlagFeedbackFactory(process=process, author=bob)
    url = reverse("procurement:feedback_finding", kwargs={"pk": feedback.pk})
    may = {"monitor": 200, "coordinator": 200}  # declared on the team of the NGO's campaign
    assert as_persona(role).get(url).status_code == expected(may, role)


def test_no_feedback_nor_answer_on_a_flag_that_did_not_fire(process, client, bob, dana):
    client.force_login(bob)
    assert client.get(FEEDBACK_URL.replace("R018", "R003")).status_code == 404
    assert client.get(FEEDBACK_URL.replace("R018", "bad")).status_code == 404
    assert client.get(FEEDBACK_URL.replace(OCID, "ocds-none")).status_code == 404
    client.force_login(dana)
    assert client.get(ANSWER_URL.replace("R018", "R003")).status_code == 404


def test_a_monitor_posts_feedback_with_a_file_without_javascript(process, client, bob, _media):
    client.force_login(bob)
    page = client.get(FEEDBACK_URL)
    assert 'enctype="multipart/form-data"' in page.content.decode()
    response = client.post(
        FEEDBACK_URL,
        {
            "verdict": "confirmed",
            "note": "One bid.",
            "files": [SimpleUploadedFile("notice.pdf", blank_pdf())],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{process.get_absolute_url()}#flag-R018"
    feedback = FlagFeedback.objects.get()
    assert feedback.files.get().original_name == "notice.pdf"


def test_a_refused_form_says_why_in_the_users_language_and_keeps_nothing(process, client, bob):
    client.force_login(bob)
    fake = SimpleUploadedFile("notice.pdf", b"not a pdf at all")
    response = client.post(FEEDBACK_URL, {"verdict": "confirmed", "note": "x", "files": [fake]})
    assert response.status_code == 200
    assert "only photos (JPEG, PNG, HEIC) and documents" in response.content.decode()
    assert not FlagFeedback.objects.exists() and not FeedbackFile.objects.exists()


def test_an_officer_answers_and_withdraws_the_answer(process, client, dana):
    client.force_login(dana)
    response = client.post(ANSWER_URL, {"text": "The notice was extended."})
    assert response.status_code == 302
    answer = FlagAnswer.objects.get()
    withdraw = reverse("procurement:answer_withdraw", kwargs={"pk": answer.pk})
    assert client.post(withdraw, {"reason": ""}).status_code == 200  # a reason is required
    assert client.post(withdraw, {"reason": "Sent too early."}).status_code == 302
    answer.refresh_from_db()
    assert answer.withdrawn_reason == "Sent too early."


def test_a_withdrawn_items_address_says_it_was_withdrawn(process, body, client, bob, dana):
    feedback = FlagFeedbackFactory(process=process, author=bob)
    answer = FlagAnswerFactory(process=process, body=body)
    assert client.get(f"/en/procurement/feedback/{feedback.pk}/").status_code == 200
    assert client.get(f"/en/procurement/answers/{answer.pk}/").status_code == 200
    services.withdraw_feedback(feedback=feedback, actor=bob, reason="Wrong process.")
    services.withdraw_answer(answer=answer, actor=dana, reason="Sent too early.")
    gone = client.get(f"/en/procurement/feedback/{feedback.pk}/")
    assert gone.status_code == 410 and "Wrong process." in gone.content.decode()
    gone = client.get(f"/en/procurement/answers/{answer.pk}/")
    assert gone.status_code == 410 and "Sent too early." in gone.content.decode()
    assert client.get("/en/procurement/feedback/999999/").status_code == 404
    log = client.get("/en/record/withdrawals/").content.decode()
    assert "Feedback on a risk indicator" in log and "Wrong process." in log
    assert "Answer to a risk indicator" in log and "Sent too early." in log


def test_a_monitor_makes_a_finding_through_the_page(process, plan, alice, bob, client, registry):
    campaign = plan(monitors=[bob], declared=[alice, bob])
    feedback = FlagFeedbackFactory(process=process, author=bob)
    client.force_login(bob)
    url = reverse("procurement:feedback_finding", kwargs={"pk": feedback.pk})
    response = client.post(
        url, {"campaign": campaign.pk, "title": "", "category": "cost", "severity": "high"}
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    finding = feedback.finding
    assert finding.campaign == campaign and finding.category == "cost"
    assert f"/procurement/feedback/{feedback.pk}/" in finding.description
    # Once made, the feedback offers it no more.
    assert client.get(url).status_code == 403


# What the process page shows ------------------------------------------------------------------


def test_for_process_says_per_code_what_was_said_and_what_the_user_may_add(
    process, body, bob, dana, carol, _media
):
    pdf = SimpleUploadedFile("notice.pdf", blank_pdf())
    mine = services.give_feedback(
        process=process, code="R018", verdict="explained", note="Lawful.", files=[pdf], actor=bob
    )
    gone = FlagFeedbackFactory(process=process, author=bob)
    services.withdraw_feedback(feedback=gone, actor=bob, reason="Duplicate.")
    FlagAnswerFactory(process=process, body=body, text="We agree.")
    as_monitor = for_process(process, user=bob)
    assert set(as_monitor) == {"R018"}
    entry = as_monitor["R018"]
    assert [f.pk for f in entry["feedback"]] == [mine.pk]
    assert [f.original_name for f in entry["feedback"][0].public_files] == ["notice.pdf"]
    assert entry["feedback"][0].can_withdraw and not entry["feedback"][0].finding_campaigns
    assert [a.text for a in entry["answers"]] == ["We agree."]
    assert entry["can_give_feedback"] and not entry["can_answer"]
    assert entry["feedback_url"] == FEEDBACK_URL and entry["answer_url"] == ANSWER_URL
    as_officer = for_process(process, user=dana)["R018"]
    assert as_officer["can_answer"] and not as_officer["can_give_feedback"]
    assert as_officer["answers"][0].can_withdraw and not as_officer["feedback"][0].can_withdraw
    for user in (carol, None):
        anyone = for_process(process, user=user)["R018"]
        assert not (anyone["can_answer"] or anyone["can_give_feedback"])
    # A code nobody spoke of gives an empty entry with the same rights.
    assert for_process(process, user=bob)["R024"]["feedback"] == []


@pytest.mark.parametrize("who", ["bob", "dana", "carol"])
def test_for_process_runs_a_constant_number_of_queries(process, body, request, who, plan):
    user = request.getfixturevalue(who)
    alice, bob = request.getfixturevalue("alice"), request.getfixturevalue("bob")
    plan(monitors=[bob], declared=[alice, bob])

    def add(n):
        for _ in range(n):
            feedback = FlagFeedbackFactory(process=process, author=bob)
            FeedbackFile.objects.create(feedback=feedback, file="x.pdf", public_file="y.pdf")
            FlagAnswerFactory(process=process, body=body)

    def count():
        fresh = type(process).objects.get(pk=process.pk)
        with CaptureQueriesContext(connection) as queries:
            for_process(fresh, user=user)
        return len(queries)

    add(1)
    few = count()
    add(5)
    assert count() == few <= 8


def test_the_partial_shows_feedback_answers_findings_and_actions(
    process, body, plan, alice, bob, dana, _media
):
    campaign = plan(monitors=[bob], declared=[alice, bob], published=True)
    pdf = SimpleUploadedFile("notice.pdf", blank_pdf())
    feedback = services.give_feedback(
        process=process, code="R018", verdict="confirmed", note="One bid.", files=[pdf], actor=bob
    )
    FlagAnswerFactory(process=process, body=body, text="The notice was extended.")

    def partial(user):
        flag = type("Flag", (), {"code": "R018"})()
        flag.responses = for_process(process, user=user)["R018"]
        with translation.override("en"):
            return render_to_string(
                "procurement/_flag_responses.html", {"flag": flag, "process": process}
            )

    public = partial(None)
    assert "confirmed" in public and "Adal Monitoring" in public and "One bid." in public
    assert "notice.pdf" in public and "The notice was extended." in public
    assert "Education Department" in public
    assert "Give feedback" not in public and "Answer this flag" not in public
    assert "Withdraw" not in public and "Make it a finding" not in public
    as_bob = partial(bob)
    assert "Give feedback on this flag" in as_bob and "Make it a finding of a campaign" in as_bob
    assert "Withdraw" in as_bob and "Answer this flag" not in as_bob
    assert "Answer this flag" in partial(dana)
    finding = services.make_finding(feedback=feedback, campaign=campaign, actor=bob)
    shown = partial(None)
    assert finding.get_absolute_url() in shown and campaign.title in shown
    assert "Make it a finding" not in partial(bob)


def test_a_finding_of_an_unpublished_campaign_is_not_named(process, plan, alice, bob):
    campaign = plan(monitors=[bob], declared=[alice, bob])
    feedback = FlagFeedbackFactory(process=process, author=bob)
    finding = services.make_finding(feedback=feedback, campaign=campaign, actor=bob)
    entry = for_process(process, user=None)["R018"]
    assert entry["feedback"][0].public_finding is None
    flag = type("Flag", (), {"code": "R018", "responses": entry})()
    with translation.override("en"):
        html = render_to_string("procurement/_flag_responses.html", {"flag": flag})
    assert campaign.title not in html and finding.get_absolute_url() not in html
    assert "not published yet" in html


def test_flags_on_another_process_are_not_mixed_in(process, body, bob):
    other = flagged_process(buyer_org=body, ocid="ocds-b5fd17-000009")
    FlagFeedbackFactory(process=other, author=bob)
    assert for_process(process, user=bob)["R018"]["feedback"] == []


@pytest.mark.parametrize("model", ["flagfeedback", "flaganswer"])
def test_an_administrator_withdraws_in_the_back_office_and_nobody_deletes(
    process, body, bob, client, root, erin, model
):
    item = (
        FlagFeedbackFactory(process=process, author=bob)
        if model == "flagfeedback"
        else FlagAnswerFactory(process=process, body=body)
    )
    client.force_login(root)
    assert (
        client.get(reverse(f"admin:procurement_{model}_delete", args=[item.pk])).status_code == 403
    )
    changelist = reverse(f"admin:procurement_{model}_changelist")
    chosen = {"action": "withdraw", "_selected_action": [item.pk]}
    done = client.post(changelist, chosen | {"apply": "1", "withdrawn_reason": "Sent twice"})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.withdrawn_reason == "Sent twice"


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_pages_answer_in_every_language(process, body, bob, dana, client, language):
    feedback = FlagFeedbackFactory(process=process, author=bob)
    answer = FlagAnswerFactory(process=process, body=body)
    assert client.get(f"/{language}/procurement/feedback/{feedback.pk}/").status_code == 200
    assert client.get(f"/{language}/procurement/answers/{answer.pk}/").status_code == 200
    client.force_login(bob)
    form = client.get(f"/{language}/procurement/processes/{OCID}/flags/R018/feedback/")
    assert form.status_code == 200 and form["Content-Language"] == language
    client.force_login(dana)
    assert client.get(ANSWER_URL.replace("/en/", f"/{language}/")).status_code == 200
