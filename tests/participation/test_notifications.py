"""Each event reaches the followers of what it concerns, at once or in the daily digest, once per
person, never the one who did it, never after unfollowing, never about something no longer
public, and never with the reporter's name or address: new public reports, the body's answers,
"fixed" / "not fixed", actual values of indicators, an object's status, campaigns published,
final documents sent and the bodies' answers to recommendations."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from baqylau.accountability import services as accountability
from baqylau.accounts import following
from baqylau.accounts.models import Follow, Notification
from baqylau.accounts.subscriptions import unsubscribe_token
from baqylau.participation import reports
from baqylau.participation.models import Moderation, Report, ReportEvent
from baqylau.registry import services as registry_services
from baqylau.registry.models import ProjectObject
from tests.cycle import send_document
from tests.factories import (
    CampaignFactory,
    DirectionFactory,
    GoalFactory,
    IndicatorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DAILY = Follow.Frequency.DAILY


@pytest.fixture(autouse=True)
def _read_in_english(alice, bob, carol):
    """The people of these tests read their emails in English, whose words the tests look for."""
    for user in (alice, bob, carol):
        user.language = "en"
        user.save(update_fields=["language"])


@pytest.fixture
def officer(school_officer):
    return school_officer


@pytest.fixture
def fans(db):
    """Five followers, named after what they follow."""
    return {
        name: UserFactory(email=f"{name}@example.org", full_name=name.title(), language="en")
        for name in ["object", "region", "body", "document", "category"]
    }


def follow_all(fans, registry, category):
    targets = {
        "object": registry["school"],
        "region": registry["region"],
        "body": registry["akimat"],
        "document": registry["document"],
        "category": category,
    }
    for name, target in targets.items():
        following.follow(user=fans[name], target=target)


def addresses(mailoutbox):
    return sorted(address for message in mailoutbox for address in message.to)


def test_a_new_public_report_reaches_the_followers_of_its_object_places_body_and_category(
    fans, registry, category, school, bob, file_report, committed, mailoutbox
):
    follow_all(fans, registry, category)
    following.follow(user=fans["object"], target=registry["region"])  # twice: one email
    report = committed(lambda: file_report(at=school, reporter=bob, title="Cracked wall"))
    assert report.moderation == Moderation.PUBLISHED  # a monitor is trusted
    news = [m for m in mailoutbox if "Cracked wall" in m.subject]
    assert addresses(news) == sorted(f"{name}@example.org" for name in fans)
    for message in news:
        assert "Bob" not in message.body and bob.email not in message.body
        assert f"/participation/reports/{report.pk}/" in message.body
        assert "List-Unsubscribe" in message.extra_headers


def test_a_held_or_unconfirmed_report_says_nothing_until_a_moderator_publishes_it(
    fans, registry, category, school, carol, max_moderator, file_report, committed, mailoutbox
):
    follow_all(fans, registry, category)
    held = committed(lambda: file_report(at=school, reporter=carol, title="Held one"))
    committed(lambda: file_report(at=school, email="anon@example.kz", title="Unconfirmed one"))
    assert held.moderation == Moderation.HELD
    assert not Notification.objects.exists()
    assert not set(addresses(mailoutbox)) & {fan.email for fan in fans.values()}
    committed(reports.report_publish, report=held, actor=max_moderator)
    assert Notification.objects.filter(kind="report.published").count() == len(fans)


def test_the_bodys_answers_and_the_fix_check_reach_the_followers_of_the_report_and_object(
    registry, school, bob, carol, officer, alice, file_report, committed, mailoutbox
):
    report = file_report(at=school, reporter=bob)
    following.follow(user=carol, target=report)
    following.follow(user=alice, target=school, frequency=DAILY)
    following.follow(user=officer, target=report)
    committed(
        reports.report_answer,
        report=report,
        actor=officer,
        kind=ReportEvent.Kind.DONE,
        text="Repaired.",
    )
    answers = [m for m in mailoutbox if m.to == [carol.email] and "Broken roof" in m.subject]
    assert len(answers) == 1
    assert "done, says the body" in answers[0].subject
    assert not [m for m in mailoutbox if m.to == [officer.email] and "Broken roof" in m.subject]
    committed(reports.report_check_fixed, report=report, fixed=False, user=bob)
    kinds = list(Notification.objects.filter(user=carol).values_list("kind", flat=True))
    assert kinds == ["report.done", "report.not_fixed"]
    assert Notification.objects.filter(user=alice, sent_at__isnull=True).count() == 2
    assert following.digests_send() == 1
    digest = mailoutbox[-1]
    assert digest.to == [alice.email] and digest.body.count("Broken roof") == 2


def test_who_unfollowed_hears_nothing_more(
    school, bob, carol, officer, file_report, committed, mailoutbox
):
    report = file_report(at=school, reporter=bob)
    following.follow(user=carol, target=report)
    following.unfollow(user=carol, target=report)
    committed(
        reports.report_answer, report=report, actor=officer, kind=ReportEvent.Kind.ACKNOWLEDGED
    )
    assert carol.email not in addresses(mailoutbox)


def test_a_report_hidden_before_the_digest_is_not_mailed(
    school, bob, carol, officer, file_report, committed, mailoutbox
):
    report = file_report(at=school, reporter=bob)
    following.follow(user=carol, target=report, frequency=DAILY)
    committed(
        reports.report_answer, report=report, actor=officer, kind=ReportEvent.Kind.ACKNOWLEDGED
    )
    Report.private_objects.filter(pk=report.pk).update(moderation=Moderation.HIDDEN)
    assert following.digests_send() == 0
    assert carol.email not in addresses(mailoutbox)


def test_a_changed_actual_value_reaches_the_followers_of_the_published_document(
    registry, carol, committed, mailoutbox
):
    carol.language = "kk"
    carol.save(update_fields=["language"])
    following.follow(user=carol, target=registry["document"])
    indicator = registry["indicator"]
    committed(
        registry_services.indicator_value_set,
        indicator_id=indicator.pk,
        year=2023,
        plan=Decimal("70"),
        actual=Decimal("68.5"),
    )
    [message] = mailoutbox
    assert message.to == [carol.email] and "68,5" in message.subject  # in Kazakh
    written = Notification.objects.get().texts["en"]
    assert "Share of roads, actual 2023: 68.5 (plan 70)" in written["text"]
    assert f"#indicator-{indicator.pk}" in message.body
    # The same value again, or only the plan changed: nothing to say.
    committed(
        registry_services.indicator_value_set,
        indicator_id=indicator.pk,
        year=2023,
        plan=Decimal("71"),
        actual=Decimal("68.5"),
    )
    assert len(mailoutbox) == 1


def test_the_actual_values_of_an_unpublished_document_are_not_announced(registry, carol):
    hidden = registry["hidden"]
    Follow.objects.create(user=carol, target=hidden)  # followed while it was public, say
    goal = GoalFactory(document=hidden, direction=DirectionFactory(document=hidden, number=1))
    indicator = IndicatorFactory(goal=goal, code="9.9")
    registry_services.indicator_value_set(
        indicator_id=indicator.pk, year=2022, plan=Decimal("1"), actual=Decimal("2")
    )
    assert not Notification.objects.exists()


def test_an_objects_new_status_reaches_the_followers_of_the_object(
    registry, carol, committed, mailoutbox
):
    school = registry["school"]
    following.follow(user=carol, target=registry["district"])
    previous = school.status
    school.status = ProjectObject.Status.SUSPENDED
    school.save()
    committed(registry_services.object_status_announce, obj=school, previous=previous)
    [message] = mailoutbox
    assert message.to == [carol.email]
    written = Notification.objects.get().texts["en"]["text"]
    assert written == (
        "School for 600 pupils: the status is now “suspended” (was “under construction”)"
    )


def test_a_campaign_published_reaches_the_followers_of_what_it_controls(
    registry, ngo, alice, carol, bob, today, committed, mailoutbox
):
    following.follow(user=carol, target=registry["school"])
    following.follow(user=bob, target=registry["akimat"], frequency=DAILY)
    plan = {"registry": registry, "ngo": ngo, "coordinator": alice, "today": today}
    committed(CampaignFactory, **plan, declared=[alice], published=True)
    news = [m for m in mailoutbox if m.to == [carol.email]]
    assert len(news) == 1 and "A monitoring campaign is public" in news[0].subject
    assert Notification.objects.get(user=bob).kind == "campaign.published"


def test_an_unpublished_campaign_says_nothing(registry, ngo, alice, carol, today):
    following.follow(user=carol, target=registry["school"])
    CampaignFactory(registry=registry, ngo=ngo, coordinator=alice, today=today, declared=[alice])
    assert not Notification.objects.exists()


def test_the_final_document_and_the_bodys_answer_reach_the_followers_of_the_campaign_and_body(
    registry, ngo, alice, carol, bob, body, dana, today, fake_pdf, committed, mailoutbox
):
    following.follow(user=carol, target=registry["document"])
    campaign, [recommendation] = send_document(registry, ngo, alice, [body], today)
    assert Notification.objects.filter(user=carol, kind="campaign.final_document").exists()
    following.follow(user=bob, target=body)
    following.follow(user=carol, target=campaign)
    mailoutbox.clear()
    committed(
        accountability.answer_give,
        recommendation=recommendation,
        actor=dana,
        decision="accepted",
        reasons="Agreed.",
        measures=[accountability.Measure(text="Do it", due_on=today + timedelta(days=9))],
    )
    news = sorted(m.to[0] for m in mailoutbox if "answered recommendation" in m.subject)
    assert news == [bob.email, carol.email]
    assert Notification.objects.filter(kind="recommendation.answer", user=dana).count() == 0


def test_the_unsubscribe_page_does_not_name_a_report_no_longer_public(
    client, school, bob, carol, file_report
):
    report = file_report(at=school, reporter=bob, title="SOON-HIDDEN")
    follow = following.follow(user=carol, target=report)
    path = reverse("accounts:unsubscribe", kwargs={"token": unsubscribe_token(carol, follow)})
    assert "SOON-HIDDEN" in client.get(path).content.decode()
    Report.private_objects.filter(pk=report.pk).update(moderation=Moderation.HIDDEN)
    page = client.get(path)
    assert page.status_code == 200 and "SOON-HIDDEN" not in page.content.decode()
    client.post(path)
    assert not Follow.objects.exists()


def test_a_status_changed_in_the_back_office_is_announced_once(
    client, root, registry, carol, committed, mailoutbox
):
    school = registry["school"]
    following.follow(user=carol, target=school)
    client.force_login(root)
    url = reverse("admin:registry_projectobject_change", args=[school.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update({"photos-TOTAL_FORMS": 0, "photos-INITIAL_FORMS": 0})
    data["status"] = ProjectObject.Status.COMPLETED
    response = committed(client.post, url, data)
    assert response.status_code == 302
    data["name_en"] = "School No. 600"  # saved again without a new status: nothing to say
    committed(client.post, url, data)
    assert [m.to for m in mailoutbox] == [[carol.email]]
    assert Notification.objects.get().kind == "object.status"


def test_a_published_campaign_page_has_the_follow_button_an_unpublished_one_does_not(
    client, registry, ngo, alice, carol, today
):
    published = CampaignFactory(
        registry=registry, ngo=ngo, coordinator=alice, today=today, declared=[alice], published=True
    )
    draft = CampaignFactory(
        registry=registry, ngo=ngo, coordinator=alice, today=today, title={"en": "Draft"}
    )
    client.force_login(carol)
    text = client.get(published.get_absolute_url()).content.decode()
    assert f'value="{following.key_of(published)}"' in text
    client.post(reverse("accounts:follow"), {"target": following.key_of(published)})
    assert following.following(carol, published) is not None
    response = client.post(reverse("accounts:follow"), {"target": following.key_of(draft)})
    assert response.status_code == 404
    client.force_login(alice)  # her team sees the draft, without a button
    text = client.get(draft.get_absolute_url()).content.decode()
    assert following.key_of(draft) not in text


def test_a_report_is_followed_once_public_or_by_its_reporter(
    client, school, bob, carol, file_report
):
    public = file_report(at=school, reporter=bob, title="Public")
    held = file_report(at=school, reporter=carol, title="Held")
    others = file_report(at=school, reporter=UserFactory(), title="Someone's held")
    client.force_login(carol)
    assert following.key_of(public) in client.get(public.get_absolute_url()).content.decode()
    assert following.key_of(held) not in client.get(held.get_absolute_url()).content.decode()
    for report, status in [(public, 302), (held, 302), (others, 404)]:
        response = client.post(reverse("accounts:follow"), {"target": following.key_of(report)})
        assert response.status_code == status, report.title
    assert Follow.objects.filter(user=carol).count() == 2
