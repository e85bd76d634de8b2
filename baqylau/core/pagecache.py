"""Anonymous pages served from a cache, never stale, never private; their HTTP caching headers and
their compression.

What is cached. `PageCacheMiddleware` keeps the answers to GET requests of visitors who are not
signed in: no session cookie at all, or a session that is empty, no `Authorization` header.
Such a visitor sees only what the public sees, so one copy serves them all. An answer is kept
only when every one of these holds, so that a doubt means "not cached" rather than "cached":
status 200; not streamed (downloads that stream are built again); no cookie set by the page and
the session untouched (a message for the next page, a sign-in); the CSRF token not used by the
page (a page with a form carries the visitor's own token); no `Cache-Control` of the view's own
(`never_cache`, `private`, a photo's long public life: the view decided); not under a path of
the back office, accounts, the field app, an inbox, a team, moderation or one's own things
(`PRIVATE_SEGMENTS`), whatever the visitor.

The key is (the site's generation, the local date, the language, scheme and host, the full path
with its query, the `Accept` header: the API answers JSON or its HTML page by it). The local
date is in the key because pages say "overdue" or "in 3 days" from today's date.

Never stale: invalidation by generation, not by time. Every change of what the public sees calls
`changed()`, which (once the transaction commits) gives the site a new random generation: every
page kept before is then out of reach, and is dropped by the cache in time (`TIMEOUT` only bounds
memory). A new random token rather than a counter, so that a generation the cache evicted can
never come back and reach old pages. Where the generation changes:
- `core/record.py` `append()`: every publication, change and withdrawal of a public record (the
  public record's hash chain: campaigns, documents, findings, requests, reports, answers...);
- `PageCacheMiddleware` itself, after every request that may write (POST, PUT, PATCH, DELETE),
  whoever sends it: the back office, forms and the API, votes, comments, ratings, moderation
  decisions, answers, indicator values, the imports started from the back office;
- the services that write public content outside a request: `registry.services`
  (indicator values, the plan, IATI and spreadsheet imports), `procurement.importer`
  (`import_ocds`) and `procurement.flags` (`compute_flags`), and the commands that load data
  (`load_territories`, `load_calendar`, `restore`).
Background tasks only send emails; a task that comes to change public content must call
`changed()`.

HTTP headers. An answer kept here goes out with `Cache-Control: public, max-age=0,
s-maxage=30, stale-while-revalidate=30`: a browser always asks again (and gets a 304 when
nothing changed), a shared proxy or CDN in front may answer from its copy for 30 seconds after
the page was made, and 30 more while it fetches the new one. The app cannot reach into a CDN's
copies when the generation changes (no purge hook), so `S_MAXAGE` bounds how late a proxy may
be: 30 seconds after a change at most, while a page read by thousands at once is made once per
30 seconds per proxy. Every other answer without a `Cache-Control` of its own gets `private,
no-cache` and `Vary: Cookie, Accept-Language`. Every answer that is not streamed carries an ETag
(a hash of its body, Django's `ConditionalGetMiddleware`, which comes before this middleware)
and a request with a matching `If-None-Match` gets a 304, cached or not. The pages embed no
per-request nonce (the Content-Security-Policy allows our own scripts by origin), so one body
and its headers serve every visitor.

Compression and BREACH. `PublicGZipMiddleware` compresses HTML, JSON and downloads only when the
answer is known to carry no secret: an answer kept for anonymous visitors, or any answer to a
visitor without a session whose page did not use the CSRF token. BREACH recovers a secret from
the size of compressed answers that also reflect what an attacker puts in the request; an
answer with no secret in it (no CSRF token, nothing of a signed-in user) gives nothing to
recover. The pages of signed-in users and the pages with a form go uncompressed. A proxy in
front must not compress either (README, "Production deployment").
"""

import functools
import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache as default_cache
from django.core.cache import caches
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

GENERATION_KEY = "pagecache:generation"
TIMEOUT = 24 * 3600  # only to bound memory: pages leave by generation, not by time
S_MAXAGE = 30
STALE_WHILE_REVALIDATE = 30
PUBLIC_CACHE_CONTROL = (
    f"public, max-age=0, s-maxage={S_MAXAGE}, stale-while-revalidate={STALE_WHILE_REVALIDATE}"
)
# A path with one of these segments is never kept, whoever asks.
PRIVATE_SEGMENTS = frozenset(
    {
        "admin",
        "accounts",
        "field",
        "inbox",
        "team",
        "moderation",
        "mine",
        "join",
        "confirm",
        "commitments",
        "unsubscribe",
    }
)
MESSAGES_COOKIE = "messages"  # a message waiting for the visitor's next page
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Marks on the request, read by PublicGZipMiddleware.
_PUBLIC = "_pagecache_public"


def _cache():
    return caches[getattr(settings, "BAQYLAU_PAGE_CACHE", "default")]


def enabled() -> bool:
    return getattr(settings, "BAQYLAU_PAGE_CACHE_ENABLED", True)


def generation() -> str:
    cache = _cache()
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        current = cache.get(GENERATION_KEY) or ""
    return current


def _new_generation() -> None:
    _cache().set(GENERATION_KEY, uuid.uuid4().hex, None)


def changed() -> None:
    """What the public sees has changed (or will, once the current transaction commits): no page
    kept before serves again."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # Calls in a row at the same depth (a bulk load's entries) share the fate of one commit.
        pending = connection.run_on_commit
        if (
            pending
            and pending[-1][1] is _new_generation
            and pending[-1][0] == set(connection.savepoint_ids)
        ):
            return
        transaction.on_commit(_new_generation)
    else:
        _new_generation()


def kept(parts, compute):
    """A figure of what the public sees (a list's total, the box of a map), computed once per
    generation of the site and kept in the cache: every change of what the public sees gives a
    new generation, so a kept figure is never stale, and a page costs no COUNT over a table
    between two changes. `parts` names the figure and its filters (a filtered list is counted
    once per generation too); `compute()` gives it (never None). Only for a figure that is the
    same for whoever reads it: the caller computes it anew for those who see more."""
    key = "kept:" + hashlib.sha256(repr((generation(), parts)).encode()).hexdigest()
    value = default_cache.get(key)
    if value is None:
        value = compute()
        default_cache.set(key, value, TIMEOUT)
    return value


class KeptPaginator(Paginator):
    """A paginator whose total comes from `total()` (the registry's counters, `kept`) rather
    than a COUNT over the list's table."""

    @classmethod
    def public(cls, request, name, form, object_list, per_page):
        """The pages of a public list whose total is the same for every visitor who is not
        signed in (`kept`, per the values of `form`'s fields); counted at each request
        for those who are, who may see more (their own)."""
        if request.user.is_authenticated:
            return Paginator(object_list, per_page)
        filters = [(field, request.GET.getlist(field)) for field in form.fields]
        return cls(
            object_list,
            per_page,
            total=lambda: kept((name, filters), object_list.count),
        )

    def __init__(self, object_list, per_page, *, total, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._total = total

    @functools.cached_property
    def count(self) -> int:
        return self._total()


def _anonymous(request) -> bool:
    """No one signed in and nothing of the visitor's own in the session. Without a session cookie
    this reads nothing from the database."""
    if "HTTP_AUTHORIZATION" in request.META or MESSAGES_COOKIE in request.COOKIES:
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES or (
        not request.user.is_authenticated and request.session.is_empty()
    )


def _private_path(path: str) -> bool:
    return any(segment in PRIVATE_SEGMENTS for segment in path.split("/"))


def _key(request, generation_: str) -> str:
    parts = "\n".join(
        (
            generation_,
            timezone.localdate().isoformat(),
            getattr(request, "LANGUAGE_CODE", ""),
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            request.headers.get("Accept", ""),
        )
    )
    return "pagecache:page:" + hashlib.sha256(parts.encode()).hexdigest()


def _storable(request, response) -> bool:
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
        and not response.has_header("Cache-Control")
        and not getattr(response, "_pagecache_skip", False)
        and not _session_changed(request)
    )


def _session_changed(request) -> bool:
    session = getattr(request, "session", None)
    return session is not None and (session.modified or not session.is_empty())


def _stored(response) -> dict:
    return {
        "status": response.status_code,
        "headers": [
            (name, value) for name, value in response.headers.items() if name.lower() != "vary"
        ],
        "vary": response.get("Vary", ""),
        "content": response.content,
    }


def _restored(entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response.headers[name] = value
    if entry["vary"]:
        response.headers["Vary"] = entry["vary"]
    return response


def _public_headers(response) -> None:
    response.headers["Cache-Control"] = PUBLIC_CACHE_CONTROL
    patch_vary_headers(response, ("Cookie",))


def _private_headers(response) -> None:
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Cookie", "Accept-Language"))


class PageCacheMiddleware:
    """Serves and keeps the pages of visitors who are not signed in (see the module's text). It
    comes after the session, locale, CSRF and authentication middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in UNSAFE_METHODS:
            try:
                return self._headers(request, self.get_response(request), public=False)
            finally:
                # The view's transactions have ended by now: a new generation at once.
                _new_generation()
        cacheable = (
            enabled()
            and request.method in {"GET", "HEAD"}
            and not _private_path(request.path)
            and _anonymous(request)
        )
        if not cacheable:
            return self._headers(request, self.get_response(request), public=False)
        cache = _cache()
        key = _key(request, generation())
        entry = cache.get(key)
        if entry is not None:
            response = _restored(entry)
            if request.method == "HEAD":
                response.content = b""
            setattr(request, _PUBLIC, True)
            return self._headers(request, response, public=True)
        response = self.get_response(request)
        if _storable(request, response):
            # The ETag (a hash of the body) is kept with the page, so that a hit need not hash it.
            if not response.has_header("ETag"):
                response.headers["ETag"] = (
                    f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
                )
            cache.set(key, _stored(response), TIMEOUT)
            setattr(request, _PUBLIC, True)
            return self._headers(request, response, public=True)
        if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE") and not _session_changed(request):
            # Not kept (a download that streams, a 404), but nothing of the visitor's in it.
            setattr(request, _PUBLIC, True)
        return self._headers(request, response, public=False)

    @staticmethod
    def _headers(request, response, *, public: bool):
        if public:
            _public_headers(response)
        else:
            _private_headers(response)
        return response


class PublicGZipMiddleware(GZipMiddleware):
    """Django's gzip, only for answers that carry no secret (see BREACH in the module's text)."""

    def process_response(self, request, response):
        if not getattr(request, _PUBLIC, False):
            return response
        return super().process_response(request, response)


def changes(function):
    """For a service that changes what the public sees outside a request (an import, a command):
    a new generation once it has returned, or once the transaction around it commits."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        finally:
            changed()

    return wrapper
