"""The moderators' pages: the queue (held and flagged contributions), one item with its flags,
history and the steps on it, the private original of a photo; anyone's flag; and the public
moderation log.

Non-moderators get 403 on the moderators' pages (anonymous visitors are sent to sign in). Every
step is a service of moderation.py; its errors go back on the item's forms.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from baqylau.core.forms import put_errors
from baqylau.core.permissions import get_visible_or_404
from baqylau.core.ratelimit import guarded

from .. import moderation, queue
from ..models import Flag, ModerationAction, ModerationReason, ReportFile, TrustRule
from ..permissions import is_moderator
from ..states import Moderation

PAGE_SIZE = 20
STEPS = {
    "publish": moderation.moderation_publish,
    "hide": moderation.moderation_hide,
    "restore": moderation.moderation_restore,
    "dismiss": moderation.flags_dismiss,
}


class ActionForm(forms.Form):
    reason = forms.ModelChoiceField(
        label=gettext_lazy("Reason"), queryset=ModerationReason.objects.all(), required=False
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)
    x = forms.CharField(label=gettext_lazy("Left, %"), required=False)
    y = forms.CharField(label=gettext_lazy("Top, %"), required=False)
    w = forms.CharField(label=gettext_lazy("Width, %"), required=False)
    h = forms.CharField(label=gettext_lazy("Height, %"), required=False)


class FlagForm(forms.Form):
    reason = forms.ModelChoiceField(
        label=gettext_lazy("What is wrong with it?"),
        queryset=ModerationReason.objects.filter(flaggable=True),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note for the moderators (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    website = forms.CharField(required=False)


def _moderator(request) -> None:
    if not is_moderator(request.user):
        raise PermissionDenied(_("Only moderators open the moderation queue and its items."))


def _item(kind: str, pk: int):
    if kind not in moderation.KINDS:
        raise Http404
    item = moderation.items_of(kind).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


# The queue ---------------------------------------------------------------------------------------


@login_required
def moderation_queue(request):
    """Held contributions (the oldest first) or published ones with open flags, a page at a
    time, each with its content, files (originals), author, flags and the steps."""
    _moderator(request)
    tab = request.GET.get("tab")
    tab = tab if tab in queue.TABS else queue.HELD
    counts = queue.counts()
    paginator = Paginator(queue.queue(tab), PAGE_SIZE)
    paginator.count = counts[tab]  # counted already
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "participation/moderation/queue.html",
        {
            "tab": tab,
            "counts": counts,
            "page": page,
            "items": queue.page_items(page.object_list),
            "reasons": queue.reasons(),
            "back": request.get_full_path(),
            "other_queues": queue.other_queues(),
        },
    )


# One item ----------------------------------------------------------------------------------------


def _item_page(request, kind, item, form, status=200):
    item_type = ContentType.objects.get_for_model(item)
    (item,) = queue.page_items([(item.created_at, kind, item.pk)]) or (item,)
    history = ModerationAction.objects.filter(item_type=item_type, item_id=item.pk).select_related(
        "reason", "moderator"
    )
    return render(
        request,
        "participation/moderation/item.html",
        {
            "item": item,
            "form": form,
            "history": history,
            "resolved_flags": Flag.objects.filter(
                item_type=item_type, item_id=item.pk, resolved_at__isnull=False
            ).select_related("reason"),
            "reasons": queue.reasons(),
            "back": _back(request),
        },
        status=status,
    )


def _back(request, default: str = "") -> str:
    """Where to go back to: the page named by `back` on this site, or the default (the queue)."""
    back = request.POST.get("back") or request.GET.get("back") or ""
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return default or reverse("participation:moderation")


@login_required
def moderation_item(request, kind: str, pk: int):
    _moderator(request)
    return _item_page(request, kind, _item(kind, pk), ActionForm())


@login_required
@require_POST
def moderation_step(request, kind: str, pk: int, step: str):
    """Publish, hide, restore, dismiss the flags, or blur a photo; back to where the moderator
    was, or to the item's page with the errors and what was typed."""
    _moderator(request)
    item = _item(kind, pk)
    if step not in STEPS and not (step == "blur" and kind == "file"):
        raise Http404
    form = ActionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if step == "blur":
                box = moderation.parse_box(data["x"], data["y"], data["w"], data["h"])
                moderation.moderation_blur(
                    file=item,
                    moderator=request.user,
                    box=box,
                    reason=data["reason"],
                    note=data["note"],
                )
            else:
                STEPS[step](
                    item=item, moderator=request.user, reason=data["reason"], note=data["note"]
                )
        except ValidationError as exc:
            put_errors(form, exc, aliases={"box": "x"})
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": _step_label(step)})
            return redirect(_back(request))
    item.refresh_from_db()
    return _item_page(request, kind, item, form, status=400)


def _step_label(step: str) -> str:
    return {
        "publish": _("published"),
        "hide": _("hidden"),
        "restore": _("restored"),
        "dismiss": _("flags dismissed"),
        "blur": _("photo replaced by a blurred copy"),
    }[step]


@login_required
def original(request, pk: int):
    """The original of a file as it was uploaded: moderators only, never cached."""
    _moderator(request)
    row = ReportFile.objects.filter(pk=pk).first()
    if row is None:
        raise Http404
    response = FileResponse(row.original.open("rb"), content_type=row.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Anyone's flag ------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def flag(request, kind: str, pk: int):
    """Ask the moderators to look at a published item (signed in or not, within limits)."""
    if kind not in moderation.KINDS:
        raise Http404
    item = get_visible_or_404(request.user, moderation.items_of(kind), pk=pk)
    if item.moderation != Moderation.PUBLISHED:
        raise Http404
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            moderation.flag_add(
                item=item,
                reason=data["reason"],
                user=request.user,
                note=data["note"],
                **guarded(request, data),
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, _("Thank you: a moderator will look at it."))
            return redirect(_back(request, _page_of(item)))
    return render(
        request,
        "participation/moderation/flag.html",
        {
            "form": form,
            "item": item,
            "kind_name": moderation.KIND_NAMES[kind],
            "back": _back(request, _page_of(item)),
        },
        status=400 if form.errors else 200,
    )


def _page_of(item) -> str:
    about = getattr(item, "report", None) or getattr(item, "project_object", None)
    about = about or getattr(item, "target", None) or item
    return queue.url_of(about) or reverse("portal:home")


# The public log -----------------------------------------------------------------------------------


def moderation_log(request):
    """How many items the moderators published, hid, restored or blurred, by month and reason;
    nobody is named and nothing hidden is shown."""
    return render(
        request,
        "participation/moderation/log.html",
        {**queue.log_counts(), "checks": Flag.Check.choices, "trust": TrustRule.current()},
    )


urlpatterns = [
    path("moderation/", moderation_queue, name="moderation"),
    path("moderation/log/", moderation_log, name="moderation_log"),
    path("moderation/files/<int:pk>/original/", original, name="moderation_original"),
    path("moderation/<slug:kind>/<int:pk>/", moderation_item, name="moderation_item"),
    path(
        "moderation/<slug:kind>/<int:pk>/<slug:step>/",
        moderation_step,
        name="moderation_step",
    ),
    path("flag/<slug:kind>/<int:pk>/", flag, name="flag"),
]
