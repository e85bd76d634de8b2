"""A report's page and what people do on it: who sees what, "this affects me too", "is it fixed?"
on the page and from the email link, updates, a monitor's verification visit, the hidden
placeholder, and what the public never sees (the reporter, the photos' metadata, the exact
point)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from baqylau.monitoring.visits import visit_record
from baqylau.participation import reports
from baqylau.participation.models import (
    Moderation,
    ModerationAction,
    ModerationReason,
    Report,
    ReportEvent,
    Support,
)
from baqylau.participation.tokens import fix_token
from tests.factories import CampaignFactory
from tests.helpers import PERSONAS, geotagged_jpeg

from ..helpers import count_queries

pytestmark = pytest.mark.django_db

CAN_SEE_UNPUBLISHED = {"citizen", "moderator", "administrator"}


def url(name, report, **kwargs):
    return reverse(f"participation:{name}", kwargs={"pk": report.pk, **kwargs})


def photo(name="roof.jpg"):
    return SimpleUploadedFile(name, geotagged_jpeg((200, 100)), content_type="image/jpeg")


def main(response) -> str:
    """The page's own content, without the header that names the signed-in user."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def done(report, officer):
    reports.report_answer(report=report, actor=officer, kind=ReportEvent.Kind.DONE, text="Fixed.")
    report.refresh_from_db()
    return report


@pytest.mark.parametrize("who", PERSONAS)
def test_everyone_reads_a_published_report(as_persona, who, published):
    report = published(title="Leaking roof in the gym")
    response = as_persona(who).get(url("report", report))
    assert response.status_code == 200
    html = main(response)
    assert "Leaking roof in the gym" in html
    assert "carol@example.org" not in html
    assert "Carol" not in html and "Reported by" not in html


@pytest.mark.parametrize("who", PERSONAS)
def test_an_unpublished_report_is_seen_by_its_reporter_and_the_moderators_only(
    as_persona, who, file_report, school, carol
):
    report = file_report(at=school, reporter=carol, title="Not yet public")
    response = as_persona(who).get(url("report", report))
    if who in CAN_SEE_UNPUBLISHED:
        assert response.status_code == 200
        assert "Not yet public" in response.content.decode()
    else:
        assert response.status_code == 404


def test_the_name_is_shown_only_when_the_reporter_chose_so(client, published):
    report = published(name_public=True)
    assert "Carol" in client.get(url("report", report)).content.decode()


@pytest.mark.parametrize("who", PERSONAS)
def test_a_hidden_report_keeps_its_place_with_the_reason_only(
    as_persona, who, published, max_moderator
):
    report = published(title="Insulting text")
    Report.private_objects.filter(pk=report.pk).update(moderation=Moderation.HIDDEN)
    ModerationAction.objects.create(
        item_type=ContentType.objects.get_for_model(Report),
        item_id=report.pk,
        action=ModerationAction.Action.HIDE,
        reason=ModerationReason.objects.order_by("order").first(),
        moderator=max_moderator,
    )
    reason = ModerationReason.objects.order_by("order").first().name
    response = as_persona(who).get(url("report", report))
    assert response.status_code == 200
    html = response.content.decode()
    assert reason in html
    if who not in CAN_SEE_UNPUBLISHED:
        assert "Insulting text" not in html
        assert "Water comes through" not in html


def test_the_public_sees_photo_copies_without_metadata_and_a_rounded_point(client, published):
    report = published(
        at=reports.Place(latitude=51.7234567, longitude=75.3123456), uploads=[photo()]
    )
    html = client.get(url("report", report)).content.decode()
    item = report.files.get()
    assert item.public_file.url in html
    assert item.original.url not in html and "/original/" not in html
    assert "51.7234567" not in html and "51.72346" not in html
    with Image.open(item.public_file.path) as image:
        assert not image.getexif()
    assert item.latitude is not None  # kept privately


@pytest.mark.parametrize("who", ["monitor", "officer", "moderator", "administrator"])
def test_affects_me_too_is_counted_once(as_persona, who, published, everyone):
    report = published()
    client = as_persona(who)
    for _ in range(2):
        response = client.post(url("report_support", report))
        assert response.status_code == 302
    report.refresh_from_db()
    assert report.supporters_count == 1
    assert Support.objects.filter(report=report, user=everyone[who]).count() == 1
    assert "You said it affects you too" in client.get(url("report", report)).content.decode()


def test_the_reporter_and_anonymous_visitors_are_not_counted(as_persona, published):
    report = published()
    as_persona("citizen").post(url("report_support", report))
    response = as_persona("anonymous").post(url("report_support", report))
    assert response.status_code == 302 and "/login/" in response["Location"]
    report.refresh_from_db()
    assert report.supporters_count == 0


def test_is_it_fixed_on_the_page(as_persona, published, school_officer):
    report = done(published(), school_officer)
    page = as_persona("citizen").get(url("report", report)).content.decode()
    assert "Is it fixed?" in page
    bob = as_persona("monitor")
    assert "Is it fixed?" not in bob.get(url("report", report)).content.decode()
    assert bob.post(url("report_fix_check", report), {"fixed": "yes"}).status_code == 403
    client = as_persona("citizen")
    assert client.post(url("report_fix_check", report), {"fixed": ""}).status_code == 400
    response = client.post(url("report_fix_check", report), {"fixed": "no"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.reopened_count) == (Report.Status.OPEN, 1)
    done(report, school_officer)
    client.post(url("report_fix_check", report), {"fixed": "yes"})
    report.refresh_from_db()
    assert report.status == Report.Status.FIXED


def test_a_supporter_is_asked_too(as_persona, published, school_officer, bob):
    report = published()
    reports.report_support(report=report, user=bob)
    done(report, school_officer)
    as_persona("monitor").post(url("report_fix_check", report), {"fixed": "yes"})
    report.refresh_from_db()
    assert report.status == Report.Status.FIXED


def test_is_it_fixed_from_the_email_link(
    client, file_report, school, max_moderator, school_officer
):
    report = file_report(at=school, email="someone@example.kz")
    reports.report_confirm(token=_confirm_token(report))
    reports.report_publish(report=report, actor=max_moderator)
    done(report, school_officer)
    link = url("fixed", report, token=fix_token(report))
    page = client.get(link)
    assert page.status_code == 200 and "Is it fixed?" in page.content.decode()
    bad = client.post(url("fixed", report, token="forged"), {"fixed": "yes"})
    assert bad.status_code == 400
    report.refresh_from_db()
    assert report.status == Report.Status.DONE
    assert client.post(link, {"fixed": "yes"}).status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.FIXED
    assert "already answered" in client.get(link).content.decode()


def _confirm_token(report):
    from baqylau.participation.tokens import confirmation_token

    return confirmation_token(report)


def test_the_email_link_of_another_report_does_not_answer(client, published, school_officer):
    first, second = published(title="First"), published(title="Second")
    done(second, school_officer)
    response = client.post(url("fixed", second, token=fix_token(first)), {"fixed": "no"})
    assert response.status_code == 400
    second.refresh_from_db()
    assert second.status == Report.Status.DONE


@pytest.mark.parametrize("who", ["monitor", "officer", "moderator", "administrator"])
def test_a_signed_in_person_adds_an_update(as_persona, who, published):
    report = published()
    client = as_persona(who)
    response = client.post(
        url("report_update", report), {"text": "Still leaking today.", "files": [photo()]}
    )
    assert response.status_code == 302
    event = report.events.get(kind=ReportEvent.Kind.UPDATE)
    assert event.text == "Still leaking today." and event.files.count() == 1


def test_an_update_needs_text_and_an_account(as_persona, published):
    report = published()
    response = as_persona("monitor").post(url("report_update", report), {"text": " "})
    assert response.status_code == 400
    anonymous = as_persona("anonymous").post(url("report_update", report), {"text": "Hi"})
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert not report.events.filter(kind=ReportEvent.Kind.UPDATE).exists()


def test_anonymous_visitors_are_offered_to_sign_in_instead_of_forms(client, published):
    html = client.get(url("report", published())).content.decode()
    assert "Sign in to add an update" in html
    assert 'name="text"' not in html


def test_a_monitor_of_the_campaign_attaches_a_verification_visit(
    as_persona, published, registry, ngo, alice, bob, today
):
    report = published()
    campaign = CampaignFactory(
        registry=registry, ngo=ngo, coordinator=alice, today=today, monitors=[bob], declared=[bob]
    )
    visit = visit_record(campaign=campaign, object=registry["school"], visited_on=today, actor=bob)
    assert (
        "Attach a verification visit"
        not in as_persona("citizen").get(url("report", report)).content.decode()
    )
    assert as_persona("citizen").post(url("report_verify", report), {}).status_code == 403
    client = as_persona("monitor")
    assert "Attach a verification visit" in client.get(url("report", report)).content.decode()
    response = client.post(url("report_verify", report), {"visit": visit.pk, "text": "Seen."})
    assert response.status_code == 302
    event = report.events.get(kind=ReportEvent.Kind.VERIFIED)
    assert event.visit == visit and event.role == ReportEvent.Role.MONITOR
    # The campaign is not published: the page does not link to its visit.
    assert (
        visit.get_absolute_url()
        not in as_persona("anonymous").get(url("report", report)).content.decode()
    )


def test_the_officer_answering_is_named_with_the_body(client, published, school_officer):
    report = published()
    reports.report_answer(
        report=report, actor=school_officer, kind=ReportEvent.Kind.ACKNOWLEDGED, text="Seen."
    )
    html = client.get(url("report", report)).content.decode()
    assert "Dana" in html and report.body.name in html


def test_the_report_page_runs_the_same_queries_with_more_data(
    client, published, school_officer, bob, django_assert_max_num_queries
):

    report = published(uploads=[photo()])

    client.force_login(bob)

    small = count_queries(client, url("report", report))
    for i in range(5):
        reports.report_update_add(
            report=report, actor=bob, text=f"News {i}", uploads=[photo(f"{i}.jpg")]
        )
    reports.report_answer(
        report=report, actor=school_officer, kind=ReportEvent.Kind.ACKNOWLEDGED, text="Seen."
    )
    # The working days left are not counted once the body has answered: never more queries.
    assert count_queries(client, url("report", report)) <= small
    with django_assert_max_num_queries(20):
        client.get(url("report", report))


@pytest.mark.parametrize("who", PERSONAS)
def test_only_the_reporter_answers_is_it_fixed_on_the_page(
    as_persona, who, published, school_officer
):
    report = done(published(), school_officer)
    response = as_persona(who).post(url("report_fix_check", report), {"fixed": "yes"})
    report.refresh_from_db()
    if who == "citizen":
        assert response.status_code == 302 and report.status == Report.Status.FIXED
    else:
        assert response.status_code == 403 and report.status == Report.Status.DONE


@pytest.mark.parametrize("who", PERSONAS)
def test_everyone_with_the_email_link_reads_the_question(
    as_persona, who, published, school_officer
):
    report = done(published(), school_officer)
    response = as_persona(who).get(url("fixed", report, token=fix_token(report)))
    assert response.status_code == 200 and "Is it fixed?" in response.content.decode()


@pytest.mark.parametrize("who", PERSONAS)
def test_only_a_declared_monitor_of_the_campaign_attaches_a_visit(
    as_persona, who, published, registry, ngo, alice, bob, today
):
    report = published()
    campaign = CampaignFactory(
        registry=registry, ngo=ngo, coordinator=alice, today=today, monitors=[bob], declared=[bob]
    )
    visit = visit_record(campaign=campaign, object=registry["school"], visited_on=today, actor=bob)
    response = as_persona(who).post(url("report_verify", report), {"visit": visit.pk})
    assert response.status_code == (302 if who == "monitor" else 403)
    assert report.events.filter(kind=ReportEvent.Kind.VERIFIED).exists() is (who == "monitor")


def test_a_photo_hidden_by_a_moderator_keeps_its_place_with_the_reason(
    client, published, max_moderator
):
    from baqylau.participation.moderation import moderation_hide

    report = published(uploads=[photo()])
    item = report.files.get()
    reason = ModerationReason.objects.order_by("order").first()
    moderation_hide(item=item, moderator=max_moderator, reason=reason)
    html = main(client.get(url("report", report)))
    assert item.public_file.url not in html
    assert f"Photo hidden by a moderator: {reason.name}" in html


@pytest.mark.dated
def test_the_public_page_counts_the_time_to_answer_in_working_days(
    client, published_report, set_today
):
    from datetime import date

    set_today(date(2026, 3, 2))  # a Monday
    report = published_report()
    html = main(client.get(url("report", report)))
    assert "15 working days left" in html
    Report.private_objects.filter(pk=report.pk).update(due_on=date(2026, 3, 6))
    set_today(date(2026, 3, 11))  # the Wednesday after the Friday it was due
    html = main(client.get(url("report", report)))
    assert "overdue by 3 working days" in html
