"""The moderators' pages (queue, item, steps, originals) for every role; anyone's flag; the public
moderation log; query counts that do not grow with the queue."""

import pytest
from django.urls import reverse

from baqylau.participation import moderation, opinions, reports
from baqylau.participation.models import Comment, Flag, ModerationAction, Report
from baqylau.participation.states import Moderation
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db
QUEUE = "/en/participation/moderation/"
LOG = "/en/participation/moderation/log/"
MODERATORS = ("moderator", "administrator")
OTHERS = ("coordinator", "monitor", "citizen", "officer", "staff")


@pytest.fixture
def held(file_report, school, carol, registry, completed_school):
    """One held item of every kind, by carol (untrusted), oldest first: a report, a comment, a
    rating's reason; and an update on a published report."""
    report = file_report(at=school, reporter=carol, title="Held roof")
    comment = opinions.comment_add(target=registry["document"], author=carol, text="Held words.")
    rating = opinions.rating_set(
        project_object=completed_school,
        user=carol,
        scores={c.code: 3 for c in opinions.criteria_for(completed_school)},
        reason="Held reason.",
    )
    return {"report": report, "comment": comment, "rating": rating}


@pytest.fixture
def flagged(registry, bob, carol, reason):
    """Bob's published comment with a phone number flagged by a check once published, and a
    published comment carol flagged as an insult."""
    phone = Comment.objects.create(
        target=registry["school"],
        author=bob,
        text="Ring +7 701 234 56 78",
        moderation=Moderation.PUBLISHED,
    )
    Flag.objects.create(item=phone, auto_check=Flag.Check.PHONE)
    rude = Comment.objects.create(
        target=registry["school"], author=bob, text="Rude words", moderation=Moderation.PUBLISHED
    )
    moderation.flag_add(item=rude, reason=reason("insult"), user=carol, note="Insulting")
    return {"phone": phone, "rude": rude}


# The queue ----------


@pytest.mark.parametrize("who", OTHERS)
def test_the_queue_is_refused_to_everyone_but_moderators(as_persona, who, held):
    assert as_persona(who).get(QUEUE).status_code == 403
    assert as_persona(who).get(QUEUE + "?tab=flagged").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(as_persona):
    response = as_persona("anonymous").get(QUEUE)
    assert response.status_code == 302 and "/login/" in response.url


@pytest.mark.parametrize("who", MODERATORS)
def test_the_held_tab_lists_every_kind_oldest_first_with_the_author(as_persona, who, held):
    response = as_persona(who).get(QUEUE)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Held roof") < html.index("Held words.") < html.index("Held reason.")
    assert "carol@example.org" in html or "Carol" in html
    assert [item.kind for item in response.context["items"]] == ["report", "comment", "rating"]
    assert response.context["counts"] == {"held": 3, "flagged": 0}


def test_the_held_tab_shows_the_originals_of_photos(as_persona, photo_report, file_report):
    # photo_report is published; hold another with the same photo through an update.
    file = photo_report.files.get()
    Report.private_objects.filter(pk=photo_report.pk).update(moderation=Moderation.HELD)
    html = as_persona("moderator").get(QUEUE).content.decode()
    original = reverse("participation:moderation_original", kwargs={"pk": file.pk})
    assert original in html
    assert file.public_file.url not in html
    assert _step(file, "blur", kind="file") in html


def test_the_flagged_tab_names_the_checks_and_the_reasons(as_persona, flagged, held):
    response = as_persona("moderator").get(QUEUE + "?tab=flagged")
    html = response.content.decode()
    assert "a phone number" in html
    assert "Insult" in html and "Insulting" in html
    assert [item.pk for item in response.context["items"]] == [
        flagged["phone"].pk,
        flagged["rude"].pk,
    ]
    assert response.context["counts"] == {"held": 3, "flagged": 2}


def test_the_queue_is_paginated(as_persona, registry, carol):
    Comment.objects.bulk_create(
        Comment(target=registry["school"], author=carol, text=f"Comment {n}") for n in range(25)
    )
    page1 = as_persona("moderator").get(QUEUE)
    page2 = as_persona("moderator").get(QUEUE + "?page=2")
    assert len(page1.context["items"]) == 20 and len(page2.context["items"]) == 5
    assert "Comment 0" in page1.content.decode() and "Comment 24" in page2.content.decode()


def _grow(n, registry, carol, file_report, school, completed_school, users):
    for i in range(n):
        file_report(at=school, reporter=carol, title=f"Report {i}")
        Comment.objects.create(target=registry["document"], author=carol, text=f"Held {i}")
        published = Comment.objects.create(
            target=registry["school"], author=carol, text=f"P {i}", moderation="published"
        )
        Flag.objects.create(item=published, auto_check=Flag.Check.LINK)
        opinions.rating_set(
            project_object=completed_school,
            user=users[i],
            scores={c.code: 2 for c in opinions.criteria_for(completed_school)},
            reason=f"Reason {i}",
        )


@pytest.mark.parametrize("tab", ["held", "flagged"])
def test_the_queue_query_count_does_not_grow(
    as_persona, tab, registry, carol, file_report, school, completed_school, settings
):
    from tests.factories import UserFactory

    settings.BAQYLAU_RATE_PER_ACCOUNT = 1000
    users = UserFactory.create_batch(8)
    client = as_persona("moderator")
    _grow(2, registry, carol, file_report, school, completed_school, users[:2])
    small = count_queries(client, QUEUE + f"?tab={tab}")
    _grow(6, registry, carol, file_report, school, completed_school, users[2:])
    large = count_queries(client, QUEUE + f"?tab={tab}")
    assert small == large <= 20, (small, large)


# One item and the steps ----------


def _step(item, step, kind=None):
    kind = kind or moderation.kind_of(item)
    return reverse(
        "participation:moderation_step", kwargs={"kind": kind, "pk": item.pk, "step": step}
    )


@pytest.mark.parametrize("who", ["anonymous", *OTHERS])
def test_only_moderators_take_steps(as_persona, who, held):
    comment = held["comment"]
    response = as_persona(who).post(_step(comment, "publish"))
    assert response.status_code in (302, 403)
    if who == "anonymous":
        assert "/login/" in response.url
    comment.refresh_from_db()
    assert comment.moderation == Moderation.HELD
    assert not ModerationAction.objects.exists()


@pytest.mark.parametrize("who", MODERATORS)
def test_publish_from_the_queue_goes_back_to_it(as_persona, who, held):
    response = as_persona(who).post(_step(held["report"], "publish"), {"back": QUEUE + "?page=1"})
    assert response.status_code == 302 and response.url == QUEUE + "?page=1"
    assert Report.public_objects.filter(pk=held["report"].pk).exists()


def test_hide_without_a_reason_shows_the_error_and_changes_nothing(as_persona, held):
    response = as_persona("moderator").post(_step(held["comment"], "hide"), {"note": "typed"})
    assert response.status_code == 400
    assert "Choose the reason." in response.content.decode()
    assert 'value="typed"' in response.content.decode()
    held["comment"].refresh_from_db()
    assert held["comment"].moderation == Moderation.HELD


def test_hide_with_a_reason_and_dismiss(as_persona, flagged, reason):
    client = as_persona("moderator")
    response = client.post(_step(flagged["rude"], "hide"), {"reason": reason("insult").pk})
    assert response.status_code == 302
    flagged["rude"].refresh_from_db()
    assert flagged["rude"].moderation == Moderation.HIDDEN
    assert client.post(_step(flagged["phone"], "dismiss")).status_code == 302
    assert not Flag.objects.filter(resolved_at=None).exists()
    assert client.post(_step(flagged["rude"], "restore")).status_code == 302
    flagged["rude"].refresh_from_db()
    assert flagged["rude"].moderation == Moderation.PUBLISHED


def test_blur_from_the_item_page(as_persona, photo_report, committed):
    file = photo_report.files.get()
    client = as_persona("moderator")
    page = client.get(
        reverse("participation:moderation_item", kwargs={"kind": "file", "pk": file.pk})
    )
    assert page.status_code == 200 and "Blur the photo" in page.content.decode()
    bad = client.post(_step(file, "blur"), {"x": "10", "y": "10", "w": "0", "h": "5"})
    assert bad.status_code == 400 and "from 0 to 100" in bad.content.decode()
    file.refresh_from_db()
    assert not file.blurred
    good = committed(client.post, _step(file, "blur"), {"x": "10", "y": "10", "w": "50", "h": "50"})
    assert good.status_code == 302
    file.refresh_from_db()
    assert file.blurred


def test_blur_is_only_for_files(as_persona, held):
    assert as_persona("moderator").post(_step(held["comment"], "blur")).status_code == 404


def test_an_unknown_kind_or_item_is_404(as_persona):
    client = as_persona("moderator")
    assert client.get("/en/participation/moderation/user/1/").status_code == 404
    assert client.get("/en/participation/moderation/comment/999/").status_code == 404


@pytest.mark.parametrize("who", ["anonymous", *OTHERS, *MODERATORS])
def test_the_original_of_a_photo_is_for_moderators_only(as_persona, who, photo_report):
    file = photo_report.files.get()
    url = reverse("participation:moderation_original", kwargs={"pk": file.pk})
    response = as_persona(who).get(url)
    if who in MODERATORS:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == file.original.open("rb").read()
        assert response["Cache-Control"] == "private, no-store"
    else:
        assert response.status_code in (302, 403)


# Anyone's flag ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", *OTHERS, *MODERATORS])
def test_everyone_flags_a_published_comment(as_persona, who, flagged, reason):
    url = reverse("participation:flag", kwargs={"kind": "comment", "pk": flagged["phone"].pk})
    client = as_persona(who)
    page = client.get(url)
    assert page.status_code == 200
    assert "Meets the rules" not in page.content.decode()
    response = client.post(url, {"reason": reason("spam").pk, "note": "Ad"})
    assert response.status_code == 302 and response.url == "/en/objects/school-600/"
    assert Flag.objects.filter(item_id=flagged["phone"].pk, reason__code="spam").count() == 1


def test_the_flag_form_goes_back_to_the_page_it_came_from(as_persona, flagged, reason):
    url = reverse("participation:flag", kwargs={"kind": "comment", "pk": flagged["phone"].pk})
    client = as_persona("citizen")
    page = client.get(url + "?back=/en/documents/")
    assert 'value="/en/documents/"' in page.content.decode()
    response = client.post(url, {"reason": reason("spam").pk, "back": "/en/documents/"})
    assert response.url == "/en/documents/"
    evil = client.post(url, {"reason": reason("spam").pk, "back": "https://evil.example/"})
    assert evil.url == "/en/objects/school-600/"


def test_cancelling_a_flag_leads_back_to_the_item_not_to_the_moderators_queue(as_persona, flagged):
    url = reverse("participation:flag", kwargs={"kind": "comment", "pk": flagged["phone"].pk})
    html = as_persona("citizen").get(url).content.decode()
    assert f'"{reverse("participation:moderation")}"' not in html
    assert 'value="/en/objects/school-600/"' in html
    assert 'href="/en/objects/school-600/"' in html


def test_a_flag_without_a_reason_or_from_a_bot_is_refused(as_persona, flagged, reason):
    url = reverse("participation:flag", kwargs={"kind": "comment", "pk": flagged["phone"].pk})
    client = as_persona("citizen")
    assert client.post(url, {"note": "typed"}).status_code == 400
    bot = client.post(url, {"reason": reason("spam").pk, "website": "http://spam"})
    assert bot.status_code == 400
    assert Flag.objects.filter(reason__isnull=False).count() == 1  # the fixture's


@pytest.mark.parametrize("who", ["anonymous", "citizen", "monitor", "officer"])
def test_held_items_cannot_be_flagged_or_seen(as_persona, who, held):
    url = reverse("participation:flag", kwargs={"kind": "comment", "pk": held["comment"].pk})
    assert as_persona(who).get(url).status_code == 404


# The public log ----------


@pytest.mark.parametrize("who", ["anonymous", *OTHERS, *MODERATORS])
def test_the_log_counts_actions_by_reason_and_month_naming_nobody(
    as_persona, who, flagged, held, max_moderator, reason, today
):
    moderation.moderation_hide(
        item=flagged["rude"], moderator=max_moderator, reason=reason("insult"), note="Secret note"
    )
    moderation.moderation_publish(item=held["comment"], moderator=max_moderator)
    moderation.moderation_publish(item=held["report"], moderator=max_moderator)
    response = as_persona(who).get(LOG)
    assert response.status_code == 200
    html = response.content.decode().split("<main")[1].split("</main>")[0]
    assert response.context["total"] == 3
    assert dict(response.context["by_reason"]) == {"Insult": 1, "": 2}
    (month,) = response.context["months"]
    assert month["total"] == 3
    assert {(line["action"], line["reason"], line["count"]) for line in month["lines"]} == {
        ("hidden", "Insult", 1),
        ("published", "", 2),
    }
    for secret in ("Max", "max@example.org", "Rude words", "Secret note", "Bob", "Carol"):
        assert secret not in html
    assert "Pre-moderation" in html and "a phone number" in html


def test_the_log_query_count_does_not_grow(client, flagged, held, max_moderator, reason):
    moderation.moderation_hide(
        item=flagged["rude"], moderator=max_moderator, reason=reason("insult")
    )
    small = count_queries(client, LOG)
    moderation.moderation_hide(
        item=flagged["phone"], moderator=max_moderator, reason=reason("spam")
    )
    moderation.moderation_publish(item=held["comment"], moderator=max_moderator)
    assert count_queries(client, LOG) == small


def test_the_report_service_publishes_through_the_queue(as_persona, held):
    # The report's body term starts when the moderator publishes it from the queue.
    as_persona("moderator").post(_step(held["report"], "publish"))
    held["report"].refresh_from_db()
    assert held["report"].received_on is not None
    assert reports.due_date(held["report"].received_on) == held["report"].due_on


@pytest.mark.parametrize("who", ["anonymous", *OTHERS, *MODERATORS])
def test_the_navigation_links_the_queue_for_moderators(as_persona, who):
    html = as_persona(who).get("/en/").content.decode()
    assert (f'href="{QUEUE}"' in html) == (who in MODERATORS)
    assert LOG in html


@pytest.mark.parametrize("who", ["anonymous", *OTHERS, *MODERATORS])
def test_an_items_page_is_for_moderators_only(as_persona, who, held, max_moderator, reason):
    moderation.moderation_hide(item=held["report"], moderator=max_moderator, reason=reason("spam"))
    url = reverse(
        "participation:moderation_item", kwargs={"kind": "report", "pk": held["report"].pk}
    )
    response = as_persona(who).get(url)
    if who in MODERATORS:
        html = response.content.decode()
        assert response.status_code == 200
        assert "Held roof" in html and "Restore" in html and "Spam" in html
    else:
        assert response.status_code in (302, 403)
        assert "Held roof" not in response.content.decode()


def test_the_report_page_links_the_flag_of_the_report_and_of_its_updates(client, photo_report, bob):
    update = reports.report_update_add(report=photo_report, actor=bob, text="Worse today.")
    html = client.get(photo_report.get_absolute_url()).content.decode()
    for kind, pk in (("report", photo_report.pk), ("update", update.pk)):
        assert reverse("participation:flag", kwargs={"kind": kind, "pk": pk}) in html
    flag = client.get(reverse("participation:flag", kwargs={"kind": "update", "pk": update.pk}))
    assert flag.status_code == 200
