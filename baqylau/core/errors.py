"""The pages that answer a refusal (403), a page that is not there (404) and a failure (500), in
the user's language, saying why and where to go next: home, signing in when anonymous, and the
page one level up.

The 500 page is rendered without a request context: when the server fails, the database may be
the reason, so it uses no context processor and no tag that reads the database.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseForbidden, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import requires_csrf_token

from .permissions import signed_in

# The refusal of the officers' inboxes, which three apps share.
OFFICERS_ONLY = _(
    "This inbox is for officers of state bodies: it lists what is addressed to the bodies you are "
    "an officer of, and your account is an officer of none."
)


def parent_path(path: str) -> str:
    """The nearest page above: /kk/monitoring/x/declaration/ → /kk/monitoring/x/, skipping
    levels that are no page (/kk/participation/moderation/ → /kk/); the home page of the
    language (or /) has none."""
    parts = [part for part in path.split("/") if part]
    languages = {code for code, _name in settings.LANGUAGES}
    top = 1 if parts and parts[0] in languages else 0
    while len(parts) > top:
        parts.pop()
        candidate = "/" + "".join(f"{part}/" for part in parts)
        try:
            resolve(candidate)
        except Resolver404:
            continue
        return candidate
    return ""


def reason(exception) -> str:
    """The message the view gave with its refusal, if it gave one meant for people."""
    if not isinstance(exception, PermissionDenied) or not exception.args:
        return ""
    message = exception.args[0]
    return str(message) if isinstance(message, str | Promise) else ""


def _context(request) -> dict:
    return {
        "request_path": request.path,
        "up": parent_path(request.path),
        "anonymous": not signed_in(getattr(request, "user", None)),
    }


@requires_csrf_token
def permission_denied(request, exception, template_name="403.html"):
    context = {**_context(request), "reason": reason(exception)}
    body = loader.render_to_string(template_name, context, request)
    return HttpResponseForbidden(body)


@requires_csrf_token
def page_not_found(request, exception, template_name="404.html"):
    body = loader.render_to_string(template_name, _context(request), request)
    return HttpResponseNotFound(body)


@requires_csrf_token
def server_error(request, template_name="500.html"):
    # No request: no context processor runs, nothing reads the database.
    body = loader.get_template(template_name).render({"up": parent_path(request.path)})
    return HttpResponseServerError(body)
