"""Sign-up with email verification, login, logout, password reset and the profile page."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from baqylau.accounts import services
from baqylau.accounts.models import User

from ..factories import UserFactory

PASSWORD = "a sturdy Steppe password 42"
LANGUAGES = ["kk", "ru", "en"]
LINK = re.compile(r"https?://\S+")

pytestmark = pytest.mark.django_db


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def link_path(body: str) -> str:
    links = LINK.findall(body)
    assert links, body
    return urlsplit(links[0]).path


def signup_data(**overrides):
    return {
        "email": "aigerim@example.org",
        "full_name": "Aigerim Nurlanovna",
        "language": "ru",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }


@pytest.fixture
def signed_up(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("accounts:signup"), signup_data())
    assert response.status_code == 302
    return User.objects.get(email="aigerim@example.org")


def login(client, email, password=PASSWORD, language="en"):
    return client.post(url("accounts:login", language), {"username": email, "password": password})


def test_signup_sends_one_email_whose_link_verifies_and_logs_in(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("accounts:signup"), signup_data())
    assert response.status_code == 302
    assert response["Location"] == url("accounts:verification_sent")

    user = User.objects.get(email="aigerim@example.org")
    assert not user.email_verified
    assert user.is_active
    assert user.full_name == "Aigerim Nurlanovna"
    assert user.language == "ru"
    assert user.check_password(PASSWORD)

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["aigerim@example.org"]
    path = link_path(message.body)
    # The link is in the language chosen at sign-up, not the one of the sign-up page.
    assert path.startswith("/ru/accounts/verify/")

    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == url("accounts:profile", "ru")
    assert response.context["user"] == user
    user.refresh_from_db()
    assert user.email_verified


def test_verification_sent_page_names_the_address(client, signed_up):
    response = client.get(url("accounts:verification_sent"))
    assert response.status_code == 200
    assert b"aigerim@example.org" in response.content


def test_signup_language_defaults_to_the_page_language(client):
    for language in LANGUAGES:
        response = client.get(url("accounts:signup", language))
        assert response.context["form"]["language"].value() == language


def test_email_is_stored_in_lower_case(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("accounts:signup"), signup_data(email="  Aigerim@Example.ORG "))
    assert User.objects.filter(email="aigerim@example.org").exists()


def test_a_registered_address_gets_the_same_answer_and_an_email_instead_of_an_account(
    client, carol, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post(url("accounts:signup"), signup_data(email="CAROL@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        free = client.post(url("accounts:signup"), signup_data(email="zhanar@example.org"))
    assert taken.status_code == free.status_code == 302
    assert taken["Location"] == free["Location"] == url("accounts:verification_sent")
    assert User.objects.filter(email__iexact="carol@example.org").count() == 1
    exists, verification = mailoutbox
    assert exists.to == ["carol@example.org"] and verification.to == ["zhanar@example.org"]
    # Written in the language of the account's holder (Kazakh here), whatever the form's.
    with translation.override(carol.language):
        assert _("Hello, %(name)s!") % {"name": carol.full_name} in exists.body
    assert "тіркелгіңіз бұрыннан бар" in exists.body and exists.subject.endswith("бұрыннан бар")
    assert link_path(exists.body) == url("accounts:login", carol.language)


def test_signup_service_makes_no_second_account(carol, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as sent:
        assert (
            services.user_signup(
                email="Carol@Example.org", full_name="Other", language="kk", password=PASSWORD
            )
            is None
        )
    assert len(sent) == 1
    assert User.objects.filter(email__iexact="carol@example.org").count() == 1


def test_signup_applies_password_validators(client):
    response = client.post(
        url("accounts:signup"), signup_data(password1="12345678", password2="12345678")
    )
    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    assert not User.objects.exists()

    response = client.post(url("accounts:signup"), signup_data(password2=PASSWORD + "x"))
    assert "password2" in response.context["form"].errors
    assert not User.objects.exists()


def test_login_is_refused_before_verification_and_allowed_after(client, signed_up, mailoutbox):
    response = login(client, "aigerim@example.org")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("__all__", "unverified")
    assert "_auth_user_id" not in client.session
    # The refusal offers to send the link again.
    assert url("accounts:resend_verification").encode() in response.content

    client.get(link_path(mailoutbox[0].body))
    client.post(url("accounts:logout"))
    assert "_auth_user_id" not in client.session

    response = login(client, "Aigerim@Example.org")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(signed_up.pk)


def test_login_with_a_wrong_password_is_refused(client, carol):
    response = login(client, "carol@example.org", "wrong password")
    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", "invalid_login")
    assert "_auth_user_id" not in client.session


def test_login_with_a_verified_account(client, carol):
    response = login(client, "carol@example.org", "correct horse battery")
    assert response.status_code == 302
    assert response["Location"] == url("portal:home")


def test_tampered_token_is_refused(client, signed_up, mailoutbox):
    path = link_path(mailoutbox[0].body)
    token = path.rstrip("/").rsplit("/", 1)[1]
    tampered = url(
        "accounts:verify", "ru", token=token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    )
    response = client.get(tampered)
    assert response.status_code == 400
    assert response.context["expired"] is False
    signed_up.refresh_from_db()
    assert not signed_up.email_verified
    assert "_auth_user_id" not in client.session


def test_token_for_another_salt_is_refused(client, signed_up):
    token = signing.dumps({"user": signed_up.pk, "email": signed_up.email})
    response = client.get(url("accounts:verify", token=token))
    assert response.status_code == 400
    signed_up.refresh_from_db()
    assert not signed_up.email_verified


def test_expired_token_is_refused(client, signed_up, time_machine):
    token = services.verification_token_make(signed_up)
    time_machine.shift(timedelta(days=4))
    response = client.get(url("accounts:verify", token=token))
    assert response.status_code == 400
    assert response.context["expired"] is True
    signed_up.refresh_from_db()
    assert not signed_up.email_verified


def test_token_still_valid_within_three_days(client, signed_up, time_machine):
    token = services.verification_token_make(signed_up)
    time_machine.shift(timedelta(days=2))
    response = client.get(url("accounts:verify", token=token))
    assert response.status_code == 302
    signed_up.refresh_from_db()
    assert signed_up.email_verified


def test_used_link_does_not_log_in_again(client, signed_up, mailoutbox):
    path = link_path(mailoutbox[0].body)
    client.get(path)
    client.post(url("accounts:logout"))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == url("accounts:login", "ru")
    assert "_auth_user_id" not in client.session


def test_link_stops_working_when_the_address_changes(client, signed_up, mailoutbox):
    path = link_path(mailoutbox[0].body)
    User.objects.filter(pk=signed_up.pk).update(email="other@example.org")
    assert client.get(path).status_code == 400


def test_resend_verification_sends_a_fresh_link(
    client, signed_up, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("accounts:resend_verification"), {"email": "AIGERIM@example.org"}
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 2
    assert link_path(mailoutbox[1].body).startswith("/ru/accounts/verify/")


def test_resend_verification_says_nothing_about_unknown_or_verified_addresses(
    client, carol, mailoutbox, django_capture_on_commit_callbacks
):
    for email in ["nobody@example.org", "carol@example.org"]:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url("accounts:resend_verification"), {"email": email})
        assert response.status_code == 302
        assert response["Location"] == url("accounts:verification_sent")
    assert mailoutbox == []


def test_profile_requires_login(client):
    response = client.get(url("accounts:profile", "ru"))
    assert response.status_code == 302
    assert response["Location"].startswith(url("accounts:login", "ru") + "?next=")


def test_profile_lists_memberships(client, alice, ngo, django_assert_max_num_queries):
    client.force_login(alice)
    # The navigation asks once (then remembers) whether she is an officer, a moderator and on a
    # campaign's team (the field app's link).
    with django_assert_max_num_queries(8):
        response = client.get(url("accounts:profile"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Alice" in content
    assert "alice@example.org" in content
    assert ngo.get_absolute_url() in content
    assert "Adal Monitoring" in content
    assert "coordinator" in content
    assert url("admin:index") not in content


def test_profile_links_staff_to_the_back_office(client, erin):
    client.force_login(erin)
    response = client.get(url("accounts:profile"))
    assert url("admin:index").encode() in response.content


def test_profile_update_changes_name_and_language(client, alice):
    client.force_login(alice)
    response = client.post(
        url("accounts:profile", "en"), {"full_name": "Alice Smagulova", "language": "kk"}
    )
    assert response.status_code == 302
    # The next page is in the language just chosen.
    assert response["Location"] == url("accounts:profile", "kk")
    alice.refresh_from_db()
    assert alice.full_name == "Alice Smagulova"
    assert alice.language == "kk"


def test_profile_update_rejects_an_unknown_language(client, alice):
    client.force_login(alice)
    response = client.post(url("accounts:profile"), {"full_name": "Alice", "language": "de"})
    assert response.status_code == 200
    assert "language" in response.context["form"].errors


def test_logout_needs_post(client, alice):
    client.force_login(alice)
    assert client.get(url("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(url("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_an_email_in_the_users_language(client, mailoutbox):
    user = UserFactory(email="dana@example.org", language="kk", email_verified=False)
    response = client.post(url("accounts:password_reset", "en"), {"email": "Dana@example.org"})
    assert response.status_code == 302
    assert response["Location"] == url("accounts:password_reset_done", "en")
    assert len(mailoutbox) == 1
    path = link_path(mailoutbox[0].body)
    assert path.startswith("/kk/accounts/password/reset/")

    # Django swaps the token for a session-held one and redirects to the form.
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert response.context["validlink"]
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == url("accounts:password_reset_complete", "kk")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    # Following the link proved the address, so the account can log in now.
    assert user.email_verified
    assert login(client, "dana@example.org").status_code == 302


def test_password_reset_for_an_unknown_address_sends_nothing(client, mailoutbox):
    response = client.post(url("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mailoutbox == []


PUBLIC_PAGES = [
    "accounts:signup",
    "accounts:login",
    "accounts:resend_verification",
    "accounts:verification_sent",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_answer_in_every_language(client, name, language):
    response = client.get(url(name, language))
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_profile_answers_in_every_language(client, alice, language):
    client.force_login(alice)
    response = client.get(url("accounts:profile", language))
    assert response.status_code == 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_invalid_password_reset_link_answers_in_every_language(client, language):
    response = client.get(
        url("accounts:password_reset_confirm", language, uidb64="MQ", token="bad-token")
    )
    assert response.status_code == 200
    assert response.context["validlink"] is False


@pytest.mark.parametrize("language", LANGUAGES)
def test_failed_verification_page_answers_in_every_language(client, language):
    response = client.get(url("accounts:verify", language, token="not-a-token"))
    assert response.status_code == 400
    assert f'<html lang="{language}">' in response.content.decode()
