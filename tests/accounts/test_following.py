"""Following: the service (follow, unfollow, announce once per user, at once or in the daily
digest), the news emails with their one-click unsubscribe (RFC 8058), the follow button's view and
the unsubscribe page, for every role."""

import io
import re
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from baqylau.accounts import following
from baqylau.accounts.models import Follow, Notification
from baqylau.accounts.subscriptions import unsubscribe_token
from tests.helpers import PERSONAS, codes

pytestmark = pytest.mark.django_db

DAILY = Follow.Frequency.DAILY
LINK = re.compile(r"https?://\S+")


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def document(registry):
    return registry["document"]


@pytest.fixture
def school(registry):
    return registry["school"]


def say(document, *, kind="test.news", targets=None, exclude=()):
    """Announce, as an app does, that something happened to the document."""
    return following.announce(
        targets=targets if targets is not None else [document],
        kind=kind,
        subject=document,
        text=lambda: f"News of {document}",
        exclude=exclude,
    )


# -- The service -----------------------------------------------------------------------------------


def test_follow_once_per_target_and_change_how_often(carol, document):
    first = following.follow(user=carol, target=document)
    again = following.follow(user=carol, target=document, frequency=DAILY)
    assert first.pk == again.pk
    assert Follow.objects.get().frequency == DAILY
    assert following.following(carol, document) == again
    assert following.unfollow(user=carol, target=document) is True
    assert following.unfollow(user=carol, target=document) is False
    assert not Follow.objects.exists()


def test_what_cannot_be_followed_is_refused_and_nothing_written(carol, document):
    with pytest.raises(ValidationError) as error:
        following.follow(user=None, target=document)
    assert codes(error.value) == {"sign_in"}
    with pytest.raises(ValidationError) as error:
        following.follow(user=carol, target=carol)
    assert codes(error.value) == {"not_followable"}
    with pytest.raises(ValidationError) as error:
        following.follow(user=carol, target=document, frequency="hourly")
    assert codes(error.value) == {"bad_frequency"}
    assert not Follow.objects.exists()


def test_a_follower_of_several_targets_hears_once_at_once_if_any_follow_asks(
    carol, bob, document, school, committed, mailoutbox
):
    following.follow(user=carol, target=document, frequency=DAILY)
    following.follow(user=carol, target=school)
    following.follow(user=bob, target=school, frequency=DAILY)
    created = committed(say, document, targets=[document, school])
    assert {(n.user_id, n.immediate) for n in created} == {(carol.pk, True), (bob.pk, False)}
    assert [m.to for m in mailoutbox] == [[carol.email]]
    assert Notification.objects.get(user=carol).sent_at is not None
    assert Notification.objects.get(user=bob).sent_at is None


def test_the_one_who_did_it_is_not_told(carol, document, committed, mailoutbox):
    following.follow(user=carol, target=document)
    assert committed(say, document, exclude=[carol]) == []
    assert mailoutbox == []


def test_an_inactive_follower_hears_nothing(carol, document, committed, mailoutbox):
    following.follow(user=carol, target=document)
    carol.is_active = False
    carol.save()
    assert committed(say, document) == []
    assert mailoutbox == []


def test_who_unfollowed_before_the_digest_receives_nothing(carol, document, committed, mailoutbox):
    following.follow(user=carol, target=document, frequency=DAILY)
    committed(say, document)
    following.unfollow(user=carol, target=document)
    assert following.digests_send() == 0
    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_the_text_and_link_are_written_in_every_language_and_mailed_in_the_followers(
    carol, document, committed, mailoutbox
):
    carol.language = "kk"
    carol.save()
    following.follow(user=carol, target=document)
    committed(say, document)
    texts = Notification.objects.get().texts
    assert texts["kk"]["text"] == "News of Облысты дамыту жоспары"
    assert texts["ru"]["path"] == "/ru/documents/regional-plan/"
    message = mailoutbox[0]
    assert "News of Облысты дамыту жоспары" in message.subject
    assert "/kk/documents/regional-plan/" in message.body


def test_an_email_has_the_one_click_unsubscribe_headers_and_link(
    carol, document, school, committed, mailoutbox, client
):
    follow = following.follow(user=carol, target=document)
    following.follow(user=carol, target=school)
    committed(say, document)
    message = mailoutbox[0]
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = header.strip("<>")
    assert link.startswith("http") and link in message.body
    # The mail client posts, without a session or a CSRF token.
    client.handler.enforce_csrf_checks = True
    response = client.post(urlsplit(link).path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Follow.objects.filter(pk=follow.pk).exists()
    assert Follow.objects.filter(user=carol).count() == 1  # the other follow stays


def test_the_digest_is_one_email_a_day_per_user_with_an_unsubscribe_of_everything(
    carol, bob, document, school, committed, mailoutbox, client
):
    following.follow(user=carol, target=document, frequency=DAILY)
    following.follow(user=carol, target=school, frequency=DAILY)
    following.follow(user=bob, target=school, frequency=DAILY)
    committed(say, document, targets=[document])
    committed(say, school, targets=[school])
    assert mailoutbox == []
    out = io.StringIO()
    call_command("send_digests", stdout=out)
    assert "2 digests sent" in out.getvalue()
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {carol.email, bob.email}
    assert by_address[carol.email].body.count("News of") == 2
    assert by_address[bob.email].body.count("News of") == 1
    assert "List-Unsubscribe" in by_address[carol.email].extra_headers
    # Sent once: the next day's run has nothing.
    assert following.digests_send() == 0
    link = by_address[carol.email].extra_headers["List-Unsubscribe"].strip("<>")
    client.post(urlsplit(link).path)
    assert not Follow.objects.filter(user=carol).exists()
    assert Follow.objects.filter(user=bob).exists()


def test_news_of_something_no_longer_public_is_not_mailed(
    carol, bob, document, committed, mailoutbox
):
    following.follow(user=carol, target=document)
    following.follow(user=bob, target=document, frequency=DAILY)
    document.is_published = False
    document.save()
    committed(say, document)
    assert mailoutbox == []
    assert following.digests_send() == 0


# -- The unsubscribe page --------------------------------------------------------------------------


@pytest.mark.parametrize("who", PERSONAS)
def test_the_unsubscribe_link_asks_first_on_get_and_stops_on_post_for_anyone(
    who, as_persona, carol, document
):
    """Whoever opens the link (signed in as anyone, or not), the token decides."""
    follow = following.follow(user=carol, target=document)
    client = as_persona(who)
    path = url("accounts:unsubscribe", "ru", token=unsubscribe_token(carol, follow))
    page = client.get(path)
    assert page.status_code == 200
    assert Follow.objects.filter(pk=follow.pk).exists()
    assert client.post(path).status_code == 200
    assert not Follow.objects.exists()
    assert client.post(path).status_code == 200  # again: nothing left, no error


def test_a_tampered_unsubscribe_link_is_refused(client, carol, document):
    following.follow(user=carol, target=document)
    token = unsubscribe_token(carol)[:-2] + "xx"
    response = client.post(url("accounts:unsubscribe", token=token))
    assert response.status_code == 400
    assert Follow.objects.exists()


# -- The follow button -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", PERSONAS)
def test_every_signed_in_role_follows_from_the_page_and_unfollows(who, as_persona, document):
    client = as_persona(who)
    page = client.get(document.get_absolute_url())
    assert page.status_code == 200
    key = following.key_of(document)
    form = {"target": key, "frequency": DAILY, "next": document.get_absolute_url()}
    response = client.post(url("accounts:follow"), form)
    if who == "anonymous":
        assert url("accounts:follow_by_email") in page.content.decode()
        assert response.status_code == 302 and "/login/" in response["Location"]
        assert not Follow.objects.exists()
        return
    assert f'value="{key}"' in page.content.decode()
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert Follow.objects.get().frequency == DAILY
    assert "You follow this" in client.get(document.get_absolute_url()).content.decode()
    client.post(url("accounts:follow"), {"target": key, "action": "unfollow"})
    assert not Follow.objects.exists()


@pytest.mark.parametrize("who", ["citizen", "monitor", "officer", "moderator"])
def test_what_the_user_may_not_see_cannot_be_followed(who, as_persona, registry):
    hidden = registry["hidden"]
    response = as_persona(who).post(
        url("accounts:follow"), {"target": following.key_of(hidden), "frequency": DAILY}
    )
    assert response.status_code == 404
    assert not Follow.objects.exists()


def test_a_bad_frequency_or_target_is_refused_with_a_message(client, carol, document):
    client.force_login(carol)
    response = client.post(
        url("accounts:follow"),
        {"target": following.key_of(document), "frequency": "hourly"},
        follow=True,
    )
    assert "Choose how often you want to hear of it." in response.content.decode()
    assert not Follow.objects.exists()
    assert client.post(url("accounts:follow"), {"target": "auth.user:1"}).status_code == 404
    assert client.post(url("accounts:follow"), {"target": "nonsense"}).status_code == 404
    assert client.get(url("accounts:follow")).status_code == 405


def test_an_outside_next_address_is_not_followed(client, carol, document):
    client.force_login(carol)
    response = client.post(
        url("accounts:follow"),
        {"target": following.key_of(document), "next": "https://evil.example/"},
    )
    assert response["Location"] == document.get_absolute_url()


@pytest.mark.parametrize("page", ["document", "school", "region", "akimat"], ids=lambda name: name)
def test_the_follow_button_costs_one_query_whatever_the_number_of_follows(
    page, client, carol, bob, registry, django_assert_max_num_queries
):
    target = registry[page]
    client.force_login(carol)
    path = target.get_absolute_url()
    client.get(path)  # caches warmed: content types, the demo notice
    with django_assert_max_num_queries(60) as first:
        assert client.get(path).status_code == 200
    following.follow(user=carol, target=target)
    for thing in [registry["document"], registry["school"], registry["region"], registry["akimat"]]:
        following.follow(user=bob, target=thing)
        following.follow(user=carol, target=thing)
    with django_assert_max_num_queries(len(first.captured_queries)) as second:
        page_text = client.get(path).content.decode()
    assert "You follow this" in page_text
    assert len(second.captured_queries) == len(first.captured_queries)


def test_the_back_office_lists_follows_and_notifications(client, root, carol, document, committed):
    following.follow(user=carol, target=document)
    committed(say, document)
    client.force_login(root)
    for name in ["follow", "notification"]:
        page = client.get(reverse(f"admin:accounts_{name}_changelist"))
        assert page.status_code == 200 and "Carol" in page.content.decode()
    notification = Notification.objects.get()
    page = client.get(reverse("admin:accounts_notification_change", args=[notification.pk]))
    assert page.status_code == 200
