"""Recommendation pages: who sees a recommendation and who adds, changes, deletes or verifies one
(for every persona, on a published and an unpublished campaign), the form keeping what was typed,
the two statuses side by side (what the body says, what the monitors verified), the body's answer
with its measures, public file copies and decision notices, the officer's way to answer, the
campaign page's table, every language, and constant query counts."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.formats import date_format

from baqylau.accountability import services as accountability
from baqylau.accountability.models import AnswerState, Recommendation, Verification
from baqylau.accountability.services import Measure

from ..cycle import add_finding, add_recommendation, finished_control, sent_campaign
from ..helpers import ACCOUNTABILITY_PERSONAS as PERSONAS
from ..helpers import campaign_urls, count_queries, jpeg
from ..world import people_registry_and_olga

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared", "fake_pdf")]

TEAM = {"coordinator", "monitor"}
SEES_PRIVATE = TEAM | {"staff"}
WRITES = {"coordinator"}


def build_once(today) -> dict:
    """The people, the registry, Olga, a published and a private campaign of alice's at the
    analysis stage, and a campaign whose final document went to the education department (dana's
    body) with two recommendations: built once for the module's tests (tests/conftest.py)."""
    data = people_registry_and_olga()
    registry, ngo, alice, bob = (data[name] for name in ["registry", "ngo", "alice", "bob"])
    published = finished_control(
        registry, ngo, alice, today, monitors=[bob], title={"en": "Published one"}
    )
    private = finished_control(
        registry, ngo, alice, today, monitors=[bob], published=False, title={"en": "Private one"}
    )
    sent, _finding, _recommendations = sent_campaign(
        registry, ngo, alice, data["body"], today, monitors=[bob], n=2
    )
    return data | {"published": published, "private": private, "sent": sent}


@pytest.fixture
def sent(shared):
    """A campaign whose final document went to the education department (dana's body)."""
    return shared["sent"]


url = campaign_urls("accountability")


def answer(recommendation, officer, *, today, decision="partly", measures=1, files=1):
    return accountability.answer_give(
        recommendation=recommendation,
        actor=officer,
        decision=decision,
        reasons="The budget allows the roof this year, the gym next year.",
        measures=[
            Measure(f"Measure {i}: finish the roof", today + timedelta(days=30 + i))
            for i in range(1, measures + 1)
        ],
        files=[
            SimpleUploadedFile(f"order-{i}.jpg", jpeg(), "image/jpeg") for i in range(1, files + 1)
        ],
    )


def notice(recommendation, officer, days=40, *, today):
    return accountability.decision_notice_give(
        recommendation=recommendation,
        actor=officer,
        decision_on=today + timedelta(days=days),
        note="Hearing in the akimat, room 12, by video too.",
    )


# Who sees and who acts ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", PERSONAS)
def test_who_sees_a_recommendation(as_persona, registry, alice, akimat_rec, private, who):
    hidden = add_recommendation(private, alice, registry["akimat"], text="A private proposal")
    client = as_persona(who)
    page = client.get(url("recommendation", akimat_rec.campaign, number=akimat_rec.number))
    assert page.status_code == 200 and "Resume the works by June." in page.content.decode()
    expected = 200 if who in SEES_PRIVATE else 404
    assert client.get(url("recommendation", private, number=hidden.number)).status_code == expected
    assert client.get(url("recommendation", private, number=99)).status_code in (404,)


@pytest.fixture
def akimat_rec(registry, alice, published):
    finding = add_finding(published, alice, registry)
    return add_recommendation(published, alice, registry["akimat"], [finding])


def _expected_for_forms(who, campaign_is_public, allowed):
    if who == "anonymous":
        return 302  # to the login page
    if who in allowed:
        return 200
    if campaign_is_public or who in SEES_PRIVATE:
        return 403
    return 404


def _form(registry, **changes):
    return {"body": registry["akimat"].pk, "text": "Publish the schedule of works."} | changes


@pytest.mark.parametrize("who", PERSONAS)
def test_only_the_coordinator_adds_changes_and_deletes(
    as_persona, registry, alice, published, private, who
):
    client = as_persona(who)
    for campaign, is_public in ((published, True), (private, False)):
        recommendation = add_recommendation(campaign, alice, registry["akimat"])
        expected = _expected_for_forms(who, is_public, WRITES)
        number = recommendation.number
        assert client.get(url("recommendation_new", campaign)).status_code == expected
        edit = url("recommendation_edit", campaign, number=number)
        assert client.get(edit).status_code == expected
        assert client.post(edit, _form(registry)).status_code == (
            302 if expected == 200 else expected
        )
        deleted = client.post(
            url("recommendation_delete", campaign, number=number), {"reason": "Twice"}
        )
        exists = Recommendation.private_objects.filter(pk=recommendation.pk).exists()
        withdrawn = Recommendation.private_objects.filter(
            pk=recommendation.pk, withdrawn_reason="Twice"
        ).exists()
        if who in WRITES:
            # A public recommendation is withdrawn with its reason; a private one is deleted.
            assert deleted.status_code == 302 and (withdrawn if is_public else not exists)
        else:
            seen = is_public or who in SEES_PRIVATE
            assert deleted.status_code == (403 if seen else 404) and exists


@pytest.mark.parametrize("who", PERSONAS)
def test_the_team_verifies(as_persona, sent, who, today):
    client = as_persona(who)
    page = url("recommendation_verify", sent, number=1)
    expected = _expected_for_forms(who, True, TEAM)
    assert client.get(page).status_code == expected
    data = {"verification": "done", "note": "The roof is on.", "verified_on": ""}
    data["verified_on"] = today.isoformat()
    response = client.post(page, data)
    assert response.status_code == (302 if expected == 200 else expected)
    recommendation = Recommendation.private_objects.get(campaign=sent, number=1)
    verified = recommendation.verification == Verification.DONE
    assert verified == (who in TEAM)
    shown = client.get(url("recommendation", sent, number=1)).content.decode()
    assert (page in shown) == (who in TEAM)


@pytest.mark.parametrize("who", PERSONAS)
def test_only_an_officer_of_the_body_is_offered_to_answer(as_persona, sent, who):
    client = as_persona(who)
    html = client.get(url("recommendation", sent, number=1)).content.decode()
    answer_page = url("answer", sent, number=1)
    assert (answer_page in html) == (who == "officer")
    if who == "officer":
        assert "Answer the recommendation" in html


# Forms -----------------------------------------------------------------------------------------


def test_adding_a_recommendation_through_the_form(client, registry, alice, published, body):
    finding = add_finding(published, alice, registry)
    client.force_login(alice)
    html = client.get(url("recommendation_new", published)).content.decode()
    # The bodies the campaign controls come first, the NGO itself is never offered.
    controlled = html.index("State bodies the campaign controls")
    assert controlled < html.index("Regional akimat") < html.index("Other state bodies")
    assert html.index("Other state bodies") < html.index("Education Department")
    assert "Adal Monitoring" not in html.split('name="body"')[1].split("</select>")[0]
    assert finding.title in html

    response = client.post(
        url("recommendation_new", published),
        {"body": body.pk, "text": "Resume the works.", "findings": [finding.pk]},
    )
    recommendation = Recommendation.private_objects.get(campaign=published)
    assert response.status_code == 302
    assert response["Location"] == recommendation.get_absolute_url()
    assert recommendation.number == 1 and recommendation.body == body
    assert list(recommendation.findings.all()) == [finding]
    assert recommendation.state == AnswerState.DRAFT


def test_errors_come_back_with_what_was_typed(client, registry, alice, ngo, published):
    client.force_login(alice)
    page = url("recommendation_new", published)
    no_body = client.post(page, {"body": "", "text": "Typed text that stays"})
    assert no_body.status_code == 200
    assert "Typed text that stays" in no_body.content.decode()
    an_ngo = client.post(page, {"body": ngo.pk, "text": "Typed text that stays"})
    assert an_ngo.status_code == 200 and "Select a valid choice" in an_ngo.content.decode()
    blank = client.post(page, {"body": registry["akimat"].pk, "text": "   "})
    assert blank.status_code == 200
    # None in this campaign (the module's sent campaign has its own).
    assert not Recommendation.private_objects.filter(campaign=published).exists()


def test_editing_and_deleting(client, registry, alice, published, body):
    first = add_finding(published, alice, registry)
    recommendation = add_recommendation(published, alice, registry["akimat"], [first])
    client.force_login(alice)
    form = client.get(url("recommendation_edit", published, number=1)).content.decode()
    assert "Resume the works by June." in form
    response = client.post(
        url("recommendation_edit", published, number=1),
        {"body": body.pk, "text": "Changed text", "findings": []},
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.text == "Changed text" and recommendation.body == body
    assert not recommendation.findings.exists()
    html = client.get(url("recommendation", published, number=1)).content.decode()
    assert url("recommendation_delete", published, number=1) in html
    assert "Public reason of the withdrawal" in html
    refused = client.post(url("recommendation_delete", published, number=1))
    assert refused.status_code == 302
    assert not Recommendation.private_objects.get(campaign=published).is_withdrawn
    gone = client.post(url("recommendation_delete", published, number=1), {"reason": "Twice"})
    assert gone.status_code == 302 and gone["Location"].endswith("#recommendations")
    assert Recommendation.private_objects.get(campaign=published).withdrawn_reason == "Twice"


def test_nothing_changes_once_the_final_document_is_sent(client, registry, alice, sent):
    client.force_login(alice)
    detail = client.get(sent.get_absolute_url()).content.decode()
    assert url("recommendation_new", sent) not in detail
    html = client.get(url("recommendation", sent, number=1)).content.decode()
    assert url("recommendation_edit", sent, number=1) not in html
    assert url("recommendation_delete", sent, number=1) not in html
    refused = client.get(url("recommendation_new", sent), follow=True)
    assert "The final document has been sent" in refused.content.decode()
    posted = client.post(url("recommendation_edit", sent, number=1), _form(registry))
    assert posted.status_code == 200
    assert "The final document has been sent" in posted.content.decode()
    assert "Publish the schedule of works." in posted.content.decode()
    client.post(url("recommendation_delete", sent, number=1))
    assert Recommendation.private_objects.filter(campaign=sent).count() == 2


def test_a_draft_is_not_verified(client, registry, alice, akimat_rec, published):
    client.force_login(alice)
    html = client.get(url("recommendation", published, number=1)).content.decode()
    assert url("recommendation_verify", published, number=1) not in html
    response = client.get(url("recommendation_verify", published, number=1), follow=True)
    assert "has not been sent to the body yet" in response.content.decode()


def test_verification_errors_keep_what_was_typed(client, bob, sent, today):
    client.force_login(bob)
    page = url("recommendation_verify", sent, number=1)
    future = (today + timedelta(days=3)).isoformat()
    response = client.post(
        page, {"verification": "partly_done", "note": "Only the roof.", "verified_on": future}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The date cannot be in the future." in html and "Only the roof." in html
    before = (sent.ends_on - timedelta(days=1)).isoformat()
    early = client.post(
        page, {"verification": "partly_done", "note": "Only the roof.", "verified_on": before}
    )
    assert "The check cannot come before the recommendation was sent" in early.content.decode()
    recommendation = Recommendation.private_objects.get(campaign=sent, number=1)
    assert recommendation.verification == Verification.NOT_VERIFIED


# The recommendation page -----------------------------------------------------------------------


def test_the_page_shows_both_statuses_the_answer_and_the_notices(
    client, alice, bob, dana, sent, today
):
    recommendation = Recommendation.private_objects.get(campaign=sent, number=1)
    given = notice(recommendation, dana, today=today)
    answered = answer(recommendation, dana, measures=2, files=1, today=today)
    accountability.verification_record(
        recommendation=recommendation,
        actor=bob,
        verification=Verification.PARTLY_DONE,
        note="The roof is on; the gym is not started.",
    )
    html = client.get(url("recommendation", sent, number=1)).content.decode()
    # What the body says, and what the monitors found, side by side.
    assert "What the body says" in html and "What the monitors verified" in html
    assert 'class="rstatus astate-partly"' in html and "partly accepted" in html
    assert 'class="rstatus vstate-partly_done"' in html and "partly carried out" in html
    assert "The roof is on; the gym is not started." in html
    # The answer with its measures and the public copy of its file only.
    assert "The budget allows the roof this year" in html
    assert "Measure 1: finish the roof" in html and "Measure 2: finish the roof" in html
    stored = answered.files.get()
    assert stored.public_file.url in html and stored.original.url not in html
    assert "/private/" not in html
    # Dates: received, due, answered; the notice of the decision date.
    for day in (
        recommendation.sent_on,
        recommendation.due_on,
        given.decision_on,
        given.notified_on,
    ):
        assert date_format(day, "SHORT_DATE_FORMAT") in html, day
    assert "Hearing in the akimat, room 12" in html
    assert url("finding", sent, number=1) in html
    assert sent.recommendations.get(number=1).body.get_absolute_url() in html


def test_an_overdue_recommendation_is_clearly_marked(client, sent):
    recommendation = Recommendation.private_objects.get(campaign=sent, number=1)
    accountability.recommendations_mark_overdue(today=recommendation.due_on + timedelta(days=1))
    html = client.get(url("recommendation", sent, number=1)).content.decode()
    assert "astate-overdue" in html and "no answer, overdue" in html
    assert "has not been given" in html
    detail = client.get(sent.get_absolute_url()).content.decode()
    assert 'class="row-late"' in detail and "no answer, overdue" in detail


def test_a_late_answer_is_marked_late(client, dana, sent, today):
    recommendation = Recommendation.private_objects.get(campaign=sent, number=1)
    Recommendation.private_objects.filter(pk=recommendation.pk).update(
        due_on=recommendation.sent_on
    )
    recommendation.refresh_from_db()
    answer(recommendation, dana, decision="accepted", today=today)
    html = client.get(url("recommendation", sent, number=1)).content.decode()
    assert "answered late" in html and "astate-accepted" in html


# The campaign page -----------------------------------------------------------------------------


def test_the_recommendations_section(client, registry, alice, bob, published, dana, body):
    client.force_login(alice)
    html = client.get(published.get_absolute_url()).content.decode()
    assert "No recommendation yet." in html
    assert url("recommendation_new", published) in html
    client.force_login(bob)
    assert (
        url("recommendation_new", published)
        not in client.get(published.get_absolute_url()).content.decode()
    )
    add_recommendation(published, alice, body, text="Publish the schedule " + "word " * 40)
    client.logout()
    html = client.get(published.get_absolute_url()).content.decode()
    assert "No recommendation yet." not in html
    assert url("recommendation", published, number=1) in html
    assert "Education Department" in html and "not sent yet" in html
    assert "not verified yet" in html
    assert "word " * 25 not in html  # an excerpt


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_pages_answer_in_every_language(client, alice, bob, dana, sent, lang, today):
    recommendation = Recommendation.private_objects.get(campaign=sent, number=1)
    notice(recommendation, dana, today=today)
    answer(recommendation, dana, today=today)
    for who in (None, bob, alice, dana):
        if who is not None:
            client.force_login(who)
        pages = [url("monitoring:detail", sent, lang), url("recommendation", sent, lang, number=1)]
        if who in (alice, bob):
            pages.append(url("recommendation_verify", sent, lang, number=1))
        for page in pages:
            assert client.get(page).status_code == 200, page


def test_forms_answer_in_every_language(client, registry, alice, published):
    add_recommendation(published, alice, registry["akimat"])
    client.force_login(alice)
    for lang in ("kk", "ru", "en"):
        for page in (
            url("recommendation_new", published, lang),
            url("recommendation_edit", published, lang, number=1),
        ):
            assert client.get(page).status_code == 200, page


def test_the_recommendation_page_runs_a_constant_number_of_queries(
    client, registry, ngo, alice, bob, dana, body, today
):
    def grow(n):
        campaign = finished_control(
            registry, ngo, alice, today, monitors=[bob], title={"en": f"Campaign {n}"}
        )
        findings = [add_finding(campaign, alice, registry) for _ in range(n)]
        for _ in range(n):
            add_recommendation(campaign, alice, body, findings)
        from ..cycle import write_document

        write_document(campaign, alice)
        accountability.final_document_send(
            campaign=campaign, actor=alice, sent_on=campaign.ends_on + timedelta(days=7)
        )
        recommendation = Recommendation.private_objects.get(campaign=campaign, number=1)
        for day in range(n):
            notice(recommendation, dana, days=40 + day, today=today)
        answer(recommendation, dana, measures=n, files=n, today=today)
        return campaign

    client.force_login(bob)
    small, large = grow(1), grow(4)
    for name, kwargs in (("recommendation", {"number": 1}), ("monitoring:detail", {})):
        assert count_queries(client, url(name, small, **kwargs)) == count_queries(
            client, url(name, large, **kwargs)
        ), name


# A check once given stays ----------------------------------------------------------------------


def test_a_new_check_keeps_the_earlier_one_on_the_public_page(client, bob, sent, today):
    """Posting the verification form again adds a dated check: the earlier one stays, shown as
    earlier, and the recommendation shows the latest."""
    client.force_login(bob)
    page = url("recommendation_verify", sent, number=1)
    earlier = (today - timedelta(days=2)).isoformat()
    first = {"verification": "not_done", "note": "Nothing built yet.", "verified_on": earlier}
    assert client.post(page, first).status_code == 302
    # The form starts a new check: the earlier note is not offered for rewriting.
    assert "Nothing built yet." not in client.get(page).content.decode()
    second = {"verification": "done", "note": "The roof is on.", "verified_on": today.isoformat()}
    assert client.post(page, second).status_code == 302
    client.logout()
    html = client.get(url("recommendation", sent, number=1)).content.decode()
    assert 'class="rstatus vstate-done"' in html and "The roof is on." in html
    assert "One earlier check" in html and "Nothing built yet." in html
    recommendation = Recommendation.private_objects.get(campaign=sent, number=1)
    assert [check.note for check in recommendation.verifications.all()] == [
        "The roof is on.",
        "Nothing built yet.",
    ]
    # A check cannot be slipped in before the last one.
    client.force_login(bob)
    late = client.post(page, first)
    assert "A new check cannot come before the last one" in late.content.decode()
    assert recommendation.verifications.count() == 2


def test_a_superuser_cannot_delete_a_published_answer_in_the_back_office(
    client, root, dana, sent, today
):
    from django.urls import reverse

    recommendation = Recommendation.private_objects.get(campaign=sent, number=1)
    given = answer(recommendation, dana, today=today)
    client.force_login(root)
    delete = reverse("admin:accountability_recommendationanswer_delete", args=[given.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:accountability_recommendationanswer_changelist")
    bulk = {"action": "delete_selected", "_selected_action": [given.pk], "post": "yes"}
    client.post(changelist, bulk)
    assert Recommendation.private_objects.get(pk=recommendation.pk).answer == given
    assert "delete_selected" not in client.get(changelist).content.decode()
    # The back office shows the recommendation with its answer and its dated checks.
    page = reverse("admin:accountability_recommendation_change", args=[recommendation.pk])
    assert client.get(page).status_code == 200


def test_a_changed_recommendation_shows_when_why_and_its_earlier_text(
    client, registry, alice, published, body
):
    add_finding(published, alice, registry)
    add_recommendation(published, alice, registry["akimat"], [])
    client.force_login(alice)
    edit = url("recommendation_edit", published, number=1)
    assert "Why it changes" in client.get(edit).content.decode()
    changed = {"body": body.pk, "text": "Resume the works by May.", "reason": "a wrong month"}
    assert client.post(edit, changed).status_code == 302
    client.logout()
    html = client.get(url("recommendation", published, number=1)).content.decode()
    assert "Resume the works by May." in html
    assert "(a wrong month)" in html and "Changed on" in html
    assert "Resume the works by June." in html  # the earlier version, below
    recommendation = Recommendation.private_objects.get(campaign=published, number=1)
    latest = recommendation.history.first()
    assert latest.history_user == alice and latest.history_change_reason == "a wrong month"


def test_drafts_written_before_the_campaign_was_public_never_show_as_earlier_versions(
    client, registry, ngo, alice, body, today, time_machine
):
    from baqylau.monitoring import services as monitoring

    campaign = finished_control(registry, ngo, alice, today, published=False)
    add_recommendation(campaign, alice, body, text="Draft: sack the director.")
    recommendation = Recommendation.private_objects.get(campaign=campaign, number=1)
    accountability.recommendation_save(
        campaign=campaign, actor=alice, recommendation=recommendation, body=body, text="Repair."
    )
    time_machine.shift(timedelta(hours=1))
    monitoring.campaign_publish(campaign=campaign, actor=alice)
    page = url("recommendation", campaign, number=1)
    html = client.get(page).content.decode()
    assert "Repair." in html and "Changed on" not in html and "sack the director" not in html
    time_machine.shift(timedelta(hours=1))
    accountability.recommendation_save(
        campaign=campaign,
        actor=alice,
        recommendation=recommendation,
        body=body,
        text="Repair the roof.",
        reason="more precise",
    )
    html = client.get(page).content.decode()
    assert "(more precise)" in html and "Repair." in html  # the public version it replaced
    assert "sack the director" not in html
