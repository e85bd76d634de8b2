"""Following something from its page, and leaving from an email's one-click link.

The follow button posts here from any page that shows a followable thing; the unsubscribe link
of every news email works without signing in: a mail client posts to it at once (RFC 8058),
a person who opens it is asked to confirm.
"""

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from baqylau.core.forms import report_errors
from baqylau.core.permissions import signed_in
from baqylau.core.ratelimit import guarded

from . import follow_email, following
from .models import Follow, User
from .subscriptions import ALL, unsubscribe_read


def _back(request, target):
    return redirect(_next(request, target))


@require_POST
def follow(request):
    """Follow, change how often, or stop following the thing the form names."""
    if not signed_in(request.user):
        return redirect_to_login(request.POST.get("next") or "/")
    target = following.target_from_key(request.POST.get("target", ""), user=request.user)
    if target is None:
        raise Http404
    if request.POST.get("action") == "unfollow":
        if following.unfollow(user=request.user, target=target):
            messages.success(request, _("You no longer follow %(name)s.") % {"name": target})
        return _back(request, target)
    frequency = request.POST.get("frequency") or Follow.Frequency.IMMEDIATE
    try:
        following.follow(user=request.user, target=target, frequency=frequency)
    except ValidationError as exc:
        report_errors(request, exc)
    else:
        messages.success(
            request,
            _("You follow %(name)s: Baqylau will write to you %(when)s.")
            % {"name": target, "when": Follow.Frequency(frequency).label},
        )
    return _back(request, target)


def _next(request, target) -> str:
    wanted = request.POST.get("next") or request.GET.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return target.get_absolute_url()


def _follow_email_page(request, target, *, errors=(), status=200):
    data = request.POST if request.method == "POST" else request.GET
    context = {
        "target": target,
        "target_key": following.key_of(target),
        "next": _next(request, target),
        "email": data.get("email", ""),
        "frequency": data.get("frequency") or Follow.Frequency.IMMEDIATE,
        "frequencies": Follow.Frequency.choices,
        "errors": errors,
    }
    return render(request, "accounts/follow_email.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def follow_by_email(request):
    """An anonymous visitor's follow button: the public page links here (it holds no form with a
    token, so that one copy of it serves every visitor); the form mails a link that follows once
    used."""
    if signed_in(request.user) and request.method == "POST":
        return follow(request)
    data = request.POST if request.method == "POST" else request.GET
    target = following.target_from_key(data.get("target", ""), user=request.user)
    if target is None:
        raise Http404
    if signed_in(request.user):  # their own button is on the page itself
        return redirect(_next(request, target))
    if request.method != "POST":
        return _follow_email_page(request, target)
    email = request.POST.get("email", "")
    try:
        follow_email.follow_request(
            target=target,
            email=email,
            frequency=request.POST.get("frequency") or Follow.Frequency.IMMEDIATE,
            language=get_language(),
            **guarded(request, request.POST),
            base_url=request.build_absolute_uri("/"),
        )
    except ValidationError as exc:
        return _follow_email_page(request, target, errors=exc.messages, status=400)
    messages.success(
        request,
        _(
            "We sent a link to %(email)s: open it to follow %(name)s. Nothing is followed "
            "before that."
        )
        % {"email": email.strip(), "name": target},
    )
    return redirect(_next(request, target))


@require_http_methods(["GET", "HEAD", "POST"])
def follow_confirm(request, token: str):
    """The link of the email: a page with a button, so that a mail scanner opening the link
    follows nothing; the button follows."""
    try:
        asked = follow_email.token_read(token)
        if asked["target"] is None:
            raise ValidationError(_("This can no longer be followed."), code="not_followable")
    except ValidationError as exc:
        return render(request, "accounts/follow_confirm.html", {"errors": exc.messages}, status=400)
    context = {**asked, "when": Follow.Frequency(asked["frequency"]).label}
    if request.method == "POST":
        try:
            follow_email.follow_confirm(token=token)
        except ValidationError as exc:
            context["errors"] = exc.messages
            return render(request, "accounts/follow_confirm.html", context, status=400)
        context["done"] = True
    return render(request, "accounts/follow_confirm.html", context)


@csrf_exempt  # the signed token is the proof; a mail client posts without a session
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    try:
        user_id, follow_id = unsubscribe_read(token)
    except ValidationError as exc:
        return render(request, "accounts/unsubscribe.html", {"errors": exc.messages}, status=400)
    if request.method == "POST":
        removed = following.unsubscribe(token=token)
        return render(request, "accounts/unsubscribe.html", {"done": True, "removed": removed})
    user = User.objects.filter(pk=user_id).first()
    found = followed = None
    if follow_id != ALL:
        found = Follow.objects.filter(pk=follow_id, user_id=user_id).select_related("target_type")
        found = found.first()
    if found is not None:
        # Named only while anyone may see it: the link may be opened by anyone.
        kind = found.target_type
        key = f"{kind.app_label}.{kind.model}:{found.target_id}"
        followed = following.target_from_key(key, user=AnonymousUser())
    gone = user is None or (follow_id != ALL and found is None)
    return render(
        request,
        "accounts/unsubscribe.html",
        {
            "gone": gone,
            "everything": follow_id == ALL,
            "followed": followed,
        },
    )
