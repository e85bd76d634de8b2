"""Following by email without an account: the form of the follow button for anonymous visitors,
the signed confirmation link (a page with a button; a GET follows nothing), the account it makes
or finds, bad links, the honeypot, the limit per address, and the news that reach the address
with a working unsubscribe."""

import io
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.template import Context, Template
from django.utils import translation

from baqylau.accounts import follow_email, following
from baqylau.accounts.models import Follow, User
from tests.accounts.test_following import url
from tests.helpers import PERSONAS, codes

pytestmark = pytest.mark.django_db

DAILY = Follow.Frequency.DAILY
LINK = re.compile(r"https?://\S+")
EMAIL = "zhanar@example.kz"


@pytest.fixture
def document(registry):
    return registry["document"]


def ask(client, document, *, language="en", email=EMAIL, frequency=DAILY, **extra):
    form = {
        "target": following.key_of(document),
        "email": email,
        "frequency": frequency,
        "next": document.get_absolute_url(),
        **extra,
    }
    return client.post(url("accounts:follow_by_email", language), form, follow=True)


def confirm_link(mail) -> str:
    return next(link for link in LINK.findall(mail.body) if "/follow/confirm/" in link)


def path_of(link: str) -> str:
    return urlsplit(link).path


@pytest.fixture
def asked(client, document, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, document, language="ru")
    assert len(mailoutbox) == 1
    return path_of(confirm_link(mailoutbox[0]))


def test_an_anonymous_visitor_follows_through_a_page_of_its_own(client, document):
    """The public page holds no token of the visitor's own (one copy of it serves everyone): its
    button leads to the email form, which comes back to the page once sent."""
    page = client.get(url_of(document)).content.decode()
    assert f'action="{url("accounts:follow_by_email")}"' in page
    assert 'name="csrfmiddlewaretoken"' not in page and 'name="email"' not in page
    key = following.key_of(document)
    form = client.get(url("accounts:follow_by_email"), {"target": key, "next": url_of(document)})
    text = form.content.decode()
    assert form.status_code == 200 and str(document) in text
    assert 'type="email" name="email"' in text and 'name="website"' in text
    assert 'name="csrfmiddlewaretoken"' in text and f'value="{key}"' in text
    sent = client.post(
        url("accounts:follow_by_email"),
        {"target": key, "email": EMAIL, "frequency": DAILY, "next": url_of(document)},
    )
    assert sent.status_code == 302 and sent["Location"] == url_of(document)


def test_the_email_form_of_a_hidden_thing_is_not_found(client, registry):
    hidden = following.key_of(registry["hidden"])
    assert client.get(url("accounts:follow_by_email"), {"target": hidden}).status_code == 404
    assert client.get(url("accounts:follow_by_email"), {"target": "x:1"}).status_code == 404


def test_a_refused_address_is_asked_again_on_the_form(client, document, mailoutbox):
    page = ask(client, document, email="not-an-address")
    text = page.content.decode()
    assert page.status_code == 400 and 'value="not-an-address"' in text
    assert 'type="email" name="email"' in text and not mailoutbox


def url_of(thing, language="en"):
    with translation.override(language):
        return thing.get_absolute_url()


def test_the_form_mails_a_link_in_the_page_language_and_follows_nothing(
    client, document, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = ask(client, document, language="ru", email=" Zhanar@Example.KZ ")
    assert page.status_code == 200
    assert not Follow.objects.exists() and not User.objects.filter(email=EMAIL).exists()
    (mail,) = mailoutbox
    assert mail.to == [EMAIL]
    with translation.override("ru"):
        assert str(document) in mail.subject and "Baqylau" in mail.subject
        assert "раз в день" in mail.body and "Someone" not in mail.body
    assert "/ru/" in confirm_link(mail)
    data = follow_email.token_read(path_of(confirm_link(mail)).rstrip("/").rsplit("/", 1)[1])
    assert data["target"] == document and data["email"] == EMAIL
    assert data["frequency"] == DAILY and data["language"] == "ru"


def test_get_asks_and_post_confirms_creating_an_account_without_password(client, document, asked):
    page = client.get(asked)
    assert page.status_code == 200 and "<form" in page.content.decode()
    assert not Follow.objects.exists() and not User.objects.filter(email=EMAIL).exists()
    assert client.post(asked).status_code == 200
    user = User.objects.get(email=EMAIL)
    assert user.email_verified and not user.has_usable_password() and user.language == "ru"
    assert Follow.objects.get().user == user and Follow.objects.get().frequency == DAILY
    again = client.post(asked)  # a second use changes nothing
    assert again.status_code == 200
    assert Follow.objects.count() == 1 and User.objects.filter(email=EMAIL).count() == 1


def test_an_existing_account_gets_the_follow(client, carol, document, asked_for_carol):
    client.post(asked_for_carol)
    follow = Follow.objects.get()
    assert follow.user == carol and follow.frequency == DAILY
    carol.refresh_from_db()
    assert carol.has_usable_password() and carol.language != "" and carol.email_verified


@pytest.fixture
def asked_for_carol(carol, document):
    token = follow_email.token_make(
        target=document, email=carol.email.upper(), frequency=DAILY, language="kk"
    )
    return url("accounts:follow_confirm", token=token)


def test_an_unverified_account_gets_the_follow_but_stays_unverified(client, document):
    """Whoever signed up with the address chose its password: the link does not make their
    account usable, it only sends the news to the address."""
    user = User.objects.create_user(email=EMAIL, password="x" * 20, email_verified=False)
    token = follow_email.token_make(target=document, email=EMAIL, frequency=DAILY, language="en")
    client.post(url("accounts:follow_confirm", token=token))
    user.refresh_from_db()
    assert Follow.objects.get().user == user and not user.email_verified


@pytest.mark.parametrize("who", PERSONAS)
def test_the_link_follows_for_its_address_whoever_opens_it(who, as_persona, document):
    token = follow_email.token_make(target=document, email=EMAIL, frequency=DAILY, language="kk")
    client = as_persona(who)
    page = client.get(url("accounts:follow_confirm", "kk", token=token))
    assert page.status_code == 200 and EMAIL in page.content.decode()
    assert not Follow.objects.exists()
    assert client.post(url("accounts:follow_confirm", "kk", token=token)).status_code == 200
    assert Follow.objects.get().user.email == EMAIL


def test_an_expired_or_forged_link_is_refused_clearly(client, document, time_machine):
    token = follow_email.token_make(target=document, email=EMAIL, frequency=DAILY, language="en")
    forged = signing.dumps(
        {"t": following.key_of(document), "e": EMAIL, "f": DAILY, "l": "en"}, salt="other"
    )
    for bad in [forged, token[:-3] + "abc"]:
        response = client.post(url("accounts:follow_confirm", token=bad))
        assert response.status_code == 400
        assert "not valid" in response.content.decode()
    time_machine.shift(follow_email.MAX_AGE + timedelta(minutes=1))
    response = client.post(url("accounts:follow_confirm", token=token))
    assert response.status_code == 400 and "expired" in response.content.decode()
    with translation.override("kk"):
        page = client.get(url("accounts:follow_confirm", "kk", token=token)).content.decode()
    assert "expired" not in page and "мерзімі өтіп кетті" in page
    assert not Follow.objects.exists() and not User.objects.filter(email=EMAIL).exists()


def test_the_honeypot_and_bad_input_refuse_and_send_nothing(client, document, mailoutbox):
    for extra in [{"website": "http://spam"}, {"email": "not-an-address"}, {"frequency": "x"}]:
        page = ask(client, document, **extra)
        assert page.status_code == 400 and "We sent a link" not in page.content.decode()
    assert not mailoutbox


def test_too_many_requests_for_one_address_are_refused(document):
    for _n in range(follow_email.RATE_PER_EMAIL):
        follow_email.follow_request(target=document, email=EMAIL, frequency=DAILY, language="en")
    with pytest.raises(ValidationError) as error:
        follow_email.follow_request(target=document, email=EMAIL, frequency=DAILY, language="en")
    assert codes(error.value) == {"rate_limited"}


def test_the_news_reach_the_address_with_a_working_unsubscribe(
    client, document, asked, committed, mailoutbox
):
    client.post(asked)
    mailoutbox.clear()
    committed(
        following.announce,
        targets=[document],
        kind="test.news",
        subject=document,
        text=lambda: f"News of {document}",
    )
    assert not mailoutbox  # a daily digest
    call_command("send_digests", stdout=io.StringIO())
    (mail,) = mailoutbox
    assert mail.to == [EMAIL]
    unsubscribe = mail.extra_headers["List-Unsubscribe"].strip("<>")
    assert client.post(path_of(unsubscribe)).status_code == 200
    assert not Follow.objects.exists()


def test_sign_up_with_such_an_address_emails_how_to_set_a_password(
    client, asked, mailoutbox, django_capture_on_commit_callbacks
):
    client.post(asked)
    mailoutbox.clear()
    form = {
        "email": EMAIL,
        "full_name": "Zhanar",
        "language": "en",
        "password1": "a long pass phrase 42",
        "password2": "a long pass phrase 42",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("accounts:signup"), form)
    (mail,) = mailoutbox
    # In the language of the account that follows from a Russian page, not of the form.
    assert User.objects.get(email=EMAIL).language == "ru"
    assert "без пароля" in mail.body and "«Забыли пароль?»" in mail.body
    assert "/reset/" in mail.body
    mailoutbox.clear()
    client.post(url("accounts:password_reset"), {"email": EMAIL})
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [EMAIL]


@pytest.mark.parametrize("who", PERSONAS)
def test_every_role_sees_the_right_button(who, as_persona, document):
    page = as_persona(who).get(url_of(document)).content.decode()
    if who == "anonymous":
        assert url("accounts:follow_by_email") in page
    else:
        assert url("accounts:follow_by_email") not in page
        assert f'action="{url("accounts:follow")}"' in page and 'name="email"' not in page


@pytest.mark.parametrize("page", ["document", "school", "region", "akimat"])
def test_the_form_costs_no_query_for_anonymous_visitors(
    page, rf, registry, django_assert_num_queries
):
    request = rf.get("/en/")
    request.user = AnonymousUser()
    template = Template("{% load following %}{% follow_button thing %}")
    context = Context({"request": request, "thing": registry[page], "csrf_token": "t"})
    with translation.override("en"), django_assert_num_queries(0):
        html = template.render(context)
    assert url("accounts:follow_by_email") in html and following.key_of(registry[page]) in html
    assert "csrfmiddlewaretoken" not in html
