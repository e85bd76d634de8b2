"""The JSON endpoints the field app's script calls, outside the language prefixes.

Every answer is JSON, refusals included: {"refusal": {"code", "message", "fields"}}, the message
in the language of `?lang=` or the Accept-Language header. A request without a signed-in user
answers 403 with the code "signed_out", so that the phone keeps what it holds and asks the
monitor to sign in again.
"""

import json
from functools import wraps

from django.conf import settings
from django.http import Http404, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from baqylau.core.permissions import signed_in
from baqylau.registry.models import Territory

from . import selectors, services
from .services import Refused, refusal
from .version import app_version


def _language(request) -> str:
    wanted = request.GET.get("lang", "")
    codes = {code for code, _name in settings.LANGUAGES}
    if wanted in codes:
        return wanted
    return translation.get_language_from_request(request)


def _refused(status: int, code: str, message="", **extra) -> JsonResponse:
    return JsonResponse({"refusal": refusal(code, message), **extra}, status=status)


def _csrf_failed(request):
    """The CSRF check of the middleware, answered as JSON rather than as a page."""
    checker = CsrfViewMiddleware(lambda r: None)
    checker.process_request(request)
    return checker.process_view(request, None, (), {}) is not None


def field_api(*methods: str):
    """A JSON endpoint: the methods allowed, the request's language, a signed-in user, the CSRF
    token for changes, and a Refused answered with its status."""

    def decorate(view):
        @csrf_exempt
        @never_cache
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            with translation.override(_language(request)):
                if request.method not in methods:
                    response = _refused(405, "method", _("This method is not allowed here."))
                    response["Allow"] = ", ".join(methods)
                    return response
                if not signed_in(request.user):
                    return _refused(403, "signed_out", _("Sign in again: nothing is lost."))
                if request.method not in {"GET", "HEAD"} and _csrf_failed(request):
                    return _refused(
                        403, "csrf", _("The page has expired: open the field app again.")
                    )
                try:
                    return view(request, *args, **kwargs)
                except Refused as exc:
                    return _refusal_response(request, exc, kwargs)
                except Http404:
                    return _refused(404, "not_found", _("Not found."))

        return wrapper

    return decorate


def _refusal_response(request, exc: Refused, kwargs) -> JsonResponse:
    body = {"refusal": exc.refusal}
    extra = dict(exc.extra)
    if extra.pop("with_status", False) and "client_id" in kwargs:
        submission = services.submission_for(user=request.user, client_id=kwargs["client_id"])
        body.update(services.submission_status(submission))
        body["refusal"] = exc.refusal
    body.update(extra)
    return JsonResponse(body, status=exc.status)


@field_api("GET")
def bundle(request):
    return JsonResponse(
        selectors.bundle(request.user, version=app_version(), csrf_token=get_token(request))
    )


@field_api("GET")
def areas(request):
    return JsonResponse(selectors.areas(), safe=False)


@field_api("GET")
def area(request, slug):
    territory = Territory.objects.filter(slug=slug, kind__in=selectors.AREA_KINDS).first()
    if territory is None:
        raise Http404
    return JsonResponse(selectors.area(territory))


@field_api("POST")
def visits(request):
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return _refused(422, "invalid", _("The visit could not be read."), state="refused")
    submission, created = services.submission_start(user=request.user, data=data)
    return JsonResponse(services.submission_status(submission), status=201 if created else 200)


@field_api("GET")
def visit_status(request, client_id):
    submission = services.submission_for(user=request.user, client_id=client_id)
    return JsonResponse(services.submission_status(submission))


@field_api("PUT")
def visit_file(request, client_id, file_id):
    submission = services.piece_receive(
        user=request.user,
        client_id=client_id,
        file_id=file_id,
        content_range=request.headers.get("Content-Range", ""),
        data=request.body,
    )
    return JsonResponse(services.submission_status(submission))
