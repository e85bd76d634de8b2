"""Floods and guessing: wrong passwords lock the account and the address out for a while, and
the forms that send email refuse one too many in an hour, with a translated answer."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

CAROL = "carol@example.org"
RIGHT = "correct horse battery"


def url(name, language="en"):
    with translation.override(language):
        return reverse(name)


def sign_in(client, email, password, address="10.0.0.1"):
    return client.post(
        url("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def test_wrong_passwords_lock_the_account_out_even_with_the_right_one(client, carol):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        # From ever new addresses: the account itself is counted.
        assert sign_in(client, CAROL.upper(), "wrong", f"10.0.1.{attempt}").status_code == 200
    assert sign_in(client, CAROL, "wrong", "10.0.1.99").status_code == 429
    locked = sign_in(client, CAROL, RIGHT, "10.0.2.1")
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_from_one_address_lock_that_address_out(client, carol):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{attempt}@example.org", "wrong", "10.0.3.1")
    assert sign_in(client, CAROL, RIGHT, "10.0.3.1").status_code == 429
    assert sign_in(client, CAROL, RIGHT, "10.0.3.2").status_code == 302


def test_the_lockout_page_is_translated(client, carol):
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(
            url("accounts:login", "ru"), {"username": CAROL, "password": "wrong"}
        )
    assert response.status_code == 429
    assert response.content.decode().count('lang="ru"') >= 1


def test_a_successful_sign_in_clears_the_count(client, carol):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, CAROL, "wrong")
    assert sign_in(client, CAROL, RIGHT).status_code == 302
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, CAROL, "wrong")
    assert sign_in(client, CAROL, RIGHT).status_code == 302


@pytest.mark.parametrize("name", ["accounts:password_reset", "accounts:resend_verification"])
def test_emails_to_one_address_are_limited_per_hour(
    client, carol, name, mailoutbox, django_capture_on_commit_callbacks
):
    answers = []
    for attempt in range(20):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url(name), {"email": CAROL}, REMOTE_ADDR=f"10.0.4.{attempt}")
        answers.append(response.status_code)
    assert answers.count(302) == 3
    assert answers[3:] == [429] * 17
    assert "Too many requests in one hour" in response.content.decode()
    assert len(mailoutbox) <= 3


def test_sign_ups_from_one_address_are_limited_per_hour(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    answers = []
    for attempt in range(20):
        data = {
            "email": f"person{attempt}@example.org",
            "full_name": "Person",
            "language": "en",
            "password1": "a sturdy Steppe password 42",
            "password2": "a sturdy Steppe password 42",
        }
        with django_capture_on_commit_callbacks(execute=True):
            answers.append(client.post(url("accounts:signup"), data).status_code)
    assert answers[:10] == [302] * 10
    assert answers[10:] == [429] * 10
    assert len(mailoutbox) == 10


def test_behind_a_proxy_the_client_is_counted_not_the_proxy(client, carol, settings):
    settings.BAQYLAU_TRUSTED_PROXIES = 1
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            url("accounts:login"),
            {"username": f"guess{attempt}@example.org", "password": "wrong"},
            REMOTE_ADDR="10.0.9.1",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    # Another visitor through the same proxy may still sign in; the guesser may not.
    other = {"REMOTE_ADDR": "10.0.9.1", "HTTP_X_FORWARDED_FOR": "198.51.100.2"}
    guesser = {"REMOTE_ADDR": "10.0.9.1", "HTTP_X_FORWARDED_FOR": "spoofed, 203.0.113.7"}
    form = {"username": CAROL, "password": RIGHT}
    assert client.post(url("accounts:login"), form, **guesser).status_code == 429
    assert client.post(url("accounts:login"), form, **other).status_code == 302
