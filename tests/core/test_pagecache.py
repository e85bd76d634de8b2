"""The page cache of anonymous visitors (core/pagecache.py): a page changes right after the
publication that changes it, nothing private ever enters the cache or leaves it, signed-in
visitors never get a kept page, languages are kept apart; ETags and 304s, the caching headers and
the compression of answers that carry no secret."""

import gzip
import pickle

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import reverse

from baqylau.accounts import following
from baqylau.core import pagecache
from baqylau.monitoring import services as monitoring

pytestmark = pytest.mark.django_db

PRIVATE_TITLE = {"en": "Private campaign kept from the cache"}
PUBLIC = pagecache.PUBLIC_CACHE_CONTROL


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.BAQYLAU_PAGE_CACHE_ENABLED = True


def kept_pages() -> list[bytes]:
    """The bodies of every page the (local memory) cache keeps."""
    bodies = []
    for value in cache._cache.values():
        entry = pickle.loads(value)
        if isinstance(entry, dict) and "content" in entry:
            bodies.append(entry["content"])
    return bodies


def anonymous() -> Client:
    return Client()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def campaigns_url(language="en") -> str:
    return f"/{language}/monitoring/"


def test_a_kept_list_shows_a_campaign_right_after_it_is_published(
    plan, alice, committed, django_assert_num_queries
):
    campaign = plan(declared=[alice], title={"en": "Campaign published while the list is kept"})
    visitor = anonymous()
    first = visitor.get(campaigns_url())
    assert first.status_code == 200
    assert campaign.title not in first.content.decode()
    with django_assert_num_queries(0):
        again = visitor.get(campaigns_url())
    assert again.content == first.content
    assert again["Cache-Control"] == PUBLIC

    committed(monitoring.campaign_publish, campaign=campaign, actor=alice)

    assert campaign.title in visitor.get(campaigns_url()).content.decode()
    assert visitor.get(campaign.get_absolute_url()).status_code == 200


def test_a_change_made_through_a_form_reaches_the_kept_page_at_once(plan, alice, bob):
    campaign = plan(declared=[alice], title={"en": "Campaign published through its page"})
    visitor = anonymous()
    assert campaign.title not in visitor.get(campaigns_url()).content.decode()
    assert visitor.get(campaign.get_absolute_url()).status_code == 404
    generation = pagecache.generation()

    # Whatever the form does, a request that may write leaves a new generation behind it.
    signed_in(alice).post(reverse("monitoring:publish", args=[campaign.slug]))

    assert pagecache.generation() != generation
    assert campaign.title in visitor.get(campaigns_url()).content.decode()
    assert visitor.get(campaign.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("team_first", [True, False])
def test_a_private_campaign_seen_by_its_team_and_by_a_visitor_in_either_order(
    plan, alice, bob, team_first
):
    campaign = plan(monitors=[bob], title=PRIVATE_TITLE)
    team, visitor = signed_in(bob), anonymous()

    def team_sees():
        page = team.get(campaign.get_absolute_url())
        assert page.status_code == 200
        assert campaign.title in page.content.decode()
        assert "private" in page["Cache-Control"]
        assert campaign.title in team.get(campaigns_url()).content.decode()

    def visitor_does_not():
        for _ in range(2):  # the second time from the cache, where it is kept
            assert visitor.get(campaign.get_absolute_url()).status_code == 404
            listed = visitor.get(campaigns_url())
            assert listed.status_code == 200
            assert campaign.title not in listed.content.decode()

    steps = [team_sees, visitor_does_not] if team_first else [visitor_does_not, team_sees]
    for step in [*steps, *steps]:
        step()
    pages = kept_pages()
    assert pages  # the anonymous list is kept...
    assert not any(campaign.title.encode() in page for page in pages)  # ...with nothing private


def test_signed_in_visitors_never_get_a_kept_page_nor_each_others(alice, bob):
    visitor = anonymous()
    kept = visitor.get(campaigns_url())
    assert kept["Cache-Control"] == PUBLIC
    for user, other in ((alice, bob), (alice, bob), (bob, alice), (bob, alice)):
        page = signed_in(user).get(campaigns_url())
        text = page.content.decode()
        assert "Log out" in text and "Log out" not in kept.content.decode()
        assert f"{user.get_short_name()} <span" in text
        assert f"{other.get_short_name()} <span" not in text
        assert "private" in page["Cache-Control"] and "no-cache" in page["Cache-Control"]
        assert "Cookie" in page["Vary"]
    assert not any(b"Log out" in page for page in kept_pages())


def test_a_session_with_something_in_it_is_not_served_from_the_cache(client):
    client.get(campaigns_url())
    session = client.session
    session["anything"] = "of the visitor's own"
    session.save()
    page = client.get(campaigns_url())
    assert "private" in page["Cache-Control"]


def test_languages_are_kept_apart():
    visitor = anonymous()
    pages = {language: visitor.get(campaigns_url(language)) for language in ("kk", "ru", "en")}
    again = {language: visitor.get(campaigns_url(language)) for language in ("kk", "ru", "en")}
    for language in pages:
        assert pages[language]["Content-Language"] == language
        assert again[language].content == pages[language].content
        assert f'lang="{language}"' in again[language].content.decode()
    assert len({page.content for page in pages.values()}) == 3


@pytest.mark.parametrize(
    "url",
    [campaigns_url(), "/api/documents/", "/data/territories.geojson"],
    ids=["page", "api", "download"],
)
def test_a_matching_etag_answers_304(url, registry):
    visitor = anonymous()
    first = visitor.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    for _ in range(2):  # made, then kept
        again = visitor.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304
        assert again.content == b""
    assert visitor.get(url, HTTP_IF_NONE_MATCH='"another"').status_code == 200


def test_a_signed_in_page_has_an_etag_too(alice):
    team = signed_in(alice)
    first = team.get(campaigns_url())
    assert team.get(campaigns_url(), HTTP_IF_NONE_MATCH=first["ETag"]).status_code in (200, 304)
    assert "private" in first["Cache-Control"]


def test_anonymous_pages_and_the_api_are_compressed_signed_in_pages_are_not(alice, registry):
    visitor = anonymous()
    for url in (campaigns_url(), "/en/documents/", "/api/documents/"):
        for _ in range(2):  # made, then kept
            page = visitor.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
            assert page.status_code == 200
            assert page["Content-Encoding"] == "gzip"
            assert gzip.decompress(page.content)
            assert "Accept-Encoding" in page["Vary"]
    page = signed_in(alice).get(campaigns_url(), HTTP_ACCEPT_ENCODING="gzip")
    assert not page.has_header("Content-Encoding")


# The middleware alone, around views that do what a page may do -------------------------------


class _EmptySession(dict):
    modified = False

    def is_empty(self):
        return True


class _Anonymous:
    is_authenticated = False


def counted(make):
    calls = []

    def view(request):
        calls.append(request)
        return make(request)

    return view, calls


def test_a_page_with_a_form_is_not_kept():
    def form(request):
        return HttpResponse(f"<form><input value='{get_token(request)}'></form>")

    view, calls = counted(form)
    for _ in range(2):
        request = RequestFactory().get("/en/with-a-form/")
        response = pagecache.PageCacheMiddleware(lambda r: _through(r, view))(request)
        assert "private" in response["Cache-Control"]
    assert len(calls) == 2
    assert not kept_pages()


def test_a_page_that_sets_a_cookie_or_opts_out_is_not_kept():
    def with_cookie(request):
        response = HttpResponse("hello")
        response.set_cookie("seen", "1")
        return response

    def opted_out(request):
        response = HttpResponse("hello")
        response["Cache-Control"] = "no-store"
        return response

    for make in (with_cookie, opted_out):
        view, calls = counted(make)
        for _ in range(2):
            pagecache.PageCacheMiddleware(lambda r, v=view: _through(r, v))(
                RequestFactory().get("/en/plain/")
            )
        assert len(calls) == 2
    assert not kept_pages()


def test_a_plain_page_is_kept_and_a_write_makes_it_again():
    view, calls = counted(lambda request: HttpResponse("hello"))
    middleware = pagecache.PageCacheMiddleware(lambda r: _through(r, view))
    for _ in range(3):
        response = middleware(RequestFactory().get("/en/plain/"))
        assert response.content == b"hello"
        assert response["Cache-Control"] == PUBLIC
    assert len(calls) == 1
    middleware(RequestFactory().post("/en/plain/"))
    middleware(RequestFactory().get("/en/plain/"))
    assert len(calls) == 3  # the POST, then the page made again


@pytest.mark.parametrize(
    "path", ["/admin/", "/en/accounts/profile/", "/field/bundle/", "/en/monitoring/x/team/"]
)
def test_private_paths_are_never_kept(path):
    view, calls = counted(lambda request: HttpResponse("hello"))
    middleware = pagecache.PageCacheMiddleware(lambda r: _through(r, view))
    for _ in range(2):
        assert "private" in middleware(RequestFactory().get(path))["Cache-Control"]
    assert len(calls) == 2


def test_changes_inside_a_transaction_wait_for_its_commit(django_capture_on_commit_callbacks):
    before = pagecache.generation()
    with django_capture_on_commit_callbacks() as callbacks:
        pagecache.changed()
        pagecache.changed()
        assert pagecache.generation() == before
    assert len(callbacks) == 1  # one new generation for calls in a row
    callbacks[0]()
    assert pagecache.generation() != before


def test_a_lost_generation_is_never_found_again():
    first = pagecache.generation()
    cache.delete(pagecache.GENERATION_KEY)
    assert pagecache.generation() != first


def _through(request, view):
    request.session = _EmptySession()
    request.user = _Anonymous()
    request.LANGUAGE_CODE = "en"
    return view(request)


def test_head_is_answered_from_the_kept_page_without_its_body():
    view, calls = counted(lambda request: HttpResponse("hello"))
    middleware = pagecache.PageCacheMiddleware(lambda r: _through(r, view))
    middleware(RequestFactory().get("/en/plain/"))
    head = middleware(RequestFactory().head("/en/plain/"))
    assert head.content == b""
    assert head["ETag"]
    assert len(calls) == 1


def test_a_kept_api_answer_costs_no_query(registry, django_assert_num_queries):
    visitor = anonymous()
    first = visitor.get("/api/documents/")
    with django_assert_num_queries(0):
        again = visitor.get("/api/documents/")
    assert again.json() == first.json()
    assert again["Cache-Control"] == PUBLIC
    assert "Accept" in again["Vary"]


def test_the_document_page_is_kept_shows_a_publication_at_once_and_never_a_team_secret(
    world, registry, bob, alice, committed, django_assert_num_queries
):
    """The document page has a follow button; for an anonymous visitor it carries no token of
    theirs, so that one copy serves everyone; what a signed-in member of a team sees on the same
    page (their follow, their name) never enters the cache; the publication of the team's
    campaign reaches the kept page at once."""
    document = registry["document"]
    secret = world["hidden_finding"].title
    visitor, team = anonymous(), signed_in(bob)
    first = visitor.get(document.get_absolute_url())
    assert first.status_code == 200 and first["Cache-Control"] == PUBLIC
    assert b"csrfmiddlewaretoken" not in first.content and secret not in first.content.decode()
    with django_assert_num_queries(0):
        again = visitor.get(document.get_absolute_url())
    assert again.content == first.content

    following.follow(user=bob, target=document, frequency="daily")
    private = team.get(document.get_absolute_url()).content.decode()
    assert "You follow this" in private and "Log out" in private
    assert visitor.get(document.get_absolute_url()).content == first.content
    kept = kept_pages()
    assert kept and not any(b"You follow this" in page or b"Log out" in page for page in kept)

    committed(monitoring.campaign_publish, campaign=world["hidden"], actor=alice)

    assert secret in visitor.get(document.get_absolute_url()).content.decode()


@pytest.mark.parametrize("page", ["school", "akimat", "region", "published"])
def test_the_public_pages_with_a_follow_button_are_kept(
    page, world, registry, django_assert_num_queries
):
    thing = world[page] if page in world else registry[page]
    visitor = anonymous()
    first = visitor.get(thing.get_absolute_url())
    assert first.status_code == 200 and b"csrfmiddlewaretoken" not in first.content
    assert reverse("accounts:follow_by_email").encode() in first.content
    with django_assert_num_queries(0):
        again = visitor.get(thing.get_absolute_url())
    assert again.content == first.content and again["Cache-Control"] == PUBLIC
