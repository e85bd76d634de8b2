"""Writing a comment or a reply, and rating a completed object. The lists themselves are drawn
on the pages they belong to (the portal's document and object pages, the campaign page) by the
`opinions` template tags and the campaign section."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from baqylau.core.forms import put_errors
from baqylau.core.permissions import get_visible_or_404
from baqylau.core.ratelimit import guarded
from baqylau.registry.models import Indicator, ProjectObject

from .. import opinions
from ..models import Comment
from ..states import Moderation

GET_AND_POST = ["GET", "HEAD", "POST"]


class CommentForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your comment"),
        max_length=opinions.MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    official = forms.BooleanField(label=gettext_lazy("An official answer"), required=False)
    website = forms.CharField(required=False)


def target_url(target) -> str:
    """Where a target's comments are shown: its page, or, for an indicator (which has no page of
    its own), the comments page."""
    if isinstance(target, Indicator):
        return reverse("participation:comments", kwargs={"kind": "indicator", "pk": target.pk})
    return target.get_absolute_url()


def _target(request, kind: str, pk: int):
    model = opinions.COMMENTED.get(kind)
    if model is None:
        raise Http404
    return get_visible_or_404(request.user, model, pk=pk)


@require_http_methods(["GET", "HEAD"])
def comments(request, kind: str, pk: int):
    """The comments on one thing, with the form: the page of an indicator's comments, linked
    from its row on the document page."""
    target = _target(request, kind, pk)
    document = target.goal.document if isinstance(target, Indicator) else None
    return render(
        request,
        "participation/opinions/comments.html",
        {"target": target, "document": document, "page_url": target_url(target)},
    )


@login_required
@require_http_methods(GET_AND_POST)
def comment_new(request, kind: str, pk: int):
    """A comment or a reply: back to the page with a word on moderation, or the form again with
    the errors and what was typed."""
    target = _target(request, kind, pk)
    form = CommentForm(request.POST or None, initial={"parent": request.GET.get("parent")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parent = None
        if data["parent"]:
            parent = Comment.objects.filter(pk=data["parent"]).select_related("target_type").first()
        try:
            comment = opinions.comment_add(
                target=target,
                author=request.user,
                text=data["text"],
                parent=parent,
                official=data["official"],
                **guarded(request, data),
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            if comment.moderation == Moderation.PUBLISHED:
                messages.success(request, _("Your comment is published."))
            else:
                messages.success(
                    request, _("Thank you: your comment will appear once a moderator has read it.")
                )
            return redirect(target_url(target) + f"#comment-{comment.pk}")
    parent_id = form["parent"].value()
    replying_to = (
        Comment.objects.about(target)
        .filter(pk=parent_id, moderation=Moderation.PUBLISHED)
        .select_related("author")
        .first()
        if str(parent_id or "").isdigit()
        else None
    )
    return render(
        request,
        "participation/opinions/comment_form.html",
        {
            "form": form,
            "replying_to": replying_to,
            "target": target,
            "target_url": target_url(target),
            "answering_body": opinions.answering_body(request.user, target),
        },
        status=400 if form.errors else 200,
    )


def rating_form_class(criteria):
    """A form with a score from 1 to 5 for each criterion, and the reason."""
    choices = [(str(value), str(value)) for value in range(1, 6)]
    fields = {
        f"score_{criterion.code}": forms.TypedChoiceField(
            label=criterion.name, choices=choices, coerce=int, widget=forms.RadioSelect
        )
        for criterion in criteria
    }
    fields["reason"] = forms.CharField(
        label=gettext_lazy("Why? (optional, published after moderation)"),
        max_length=opinions.MAX_REASON,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    fields["website"] = forms.CharField(required=False)
    return type("RatingForm", (forms.Form,), fields)


@login_required
@require_http_methods(GET_AND_POST)
def rate(request, slug: str):
    """Rate a completed object on its criteria; rating again replaces the scores."""
    obj = get_visible_or_404(request.user, ProjectObject, slug=slug)
    criteria = opinions.criteria_for(obj)
    mine = obj.ratings.filter(user=request.user).prefetch_related("scores__criterion").first()
    initial = {}
    if mine is not None:
        initial = {f"score_{s.criterion.code}": s.value for s in mine.scores.all()}
        initial["reason"] = mine.reason
    form = rating_form_class(criteria)(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rating = opinions.rating_set(
                project_object=obj,
                user=request.user,
                scores={c.code: data[f"score_{c.code}"] for c in criteria},
                reason=data["reason"],
                **guarded(request, data),
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            if rating.moderation == Moderation.HELD:
                messages.success(
                    request,
                    _("Thank you: your scores count now; your words appear after moderation."),
                )
            else:
                messages.success(request, _("Thank you: your rating counts now."))
            return redirect(obj.get_absolute_url() + "#ratings")
    return render(
        request,
        "participation/opinions/rate.html",
        {
            "object": obj,
            "form": form,
            "ratable": opinions.is_ratable(obj),
            "mine": mine,
        },
        status=400 if form.errors else 200,
    )


urlpatterns = [
    path("comments/<slug:kind>/<int:pk>/", comments, name="comments"),
    path("comments/<slug:kind>/<int:pk>/new/", comment_new, name="comment_new"),
    path("objects/<slug:slug>/rate/", rate, name="rate"),
]
