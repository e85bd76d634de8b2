"""My Baqylau: what I follow (with how often I hear of it, and unfollow), and what I contributed
with its state: my problem reports, comments, ratings and updates. Only ever the signed-in
user's own; something followed that is no longer public says so instead of showing it."""

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from baqylau.accounts.models import Follow
from baqylau.core.permissions import visible

from ..models import Comment, Rating, Report, ReportEvent

LIMIT = 50


def visible_targets(user, pairs) -> dict[tuple[int, int], object]:
    """The things (type id, id) that the user may see, one query per type."""
    by_type = defaultdict(set)
    for type_id, pk in pairs:
        by_type[type_id].add(pk)
    found = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        for item in visible(user, model).filter(pk__in=ids):
            found[(type_id, item.pk)] = item
    return found


def _follows(user) -> list[Follow]:
    follows = list(user.follows.select_related("target_type").order_by("-created_at", "-pk"))
    targets = visible_targets(user, [(f.target_type_id, f.target_id) for f in follows])
    for follow in follows:
        follow.shown = targets.get((follow.target_type_id, follow.target_id))
        kind = follow.target_type
        follow.key = f"{kind.app_label}.{kind.model}:{follow.target_id}"
        follow.kind_name = kind.model_class()._meta.verbose_name if kind.model_class() else ""
    return follows


def _comments(user) -> list[Comment]:
    comments = list(
        Comment.objects.filter(author=user)
        .select_related("target_type", "official_body")
        .order_by("-created_at", "-pk")[:LIMIT]
    )
    targets = visible_targets(user, [(c.target_type_id, c.target_id) for c in comments])
    for comment in comments:
        comment.shown_target = targets.get((comment.target_type_id, comment.target_id))
    return comments


@login_required
@require_GET
def mine(request):
    user = request.user
    reports = (
        Report.private_objects.filter(reporter=user)
        .select_related("category", "body")
        .order_by("-created_at", "-pk")[:LIMIT]
    )
    ratings = (
        Rating.objects.filter(user=user)
        .select_related("project_object")
        .prefetch_related("scores__criterion")
        .order_by("-created_at", "-pk")[:LIMIT]
    )
    updates = (
        ReportEvent.objects.filter(actor=user, kind=ReportEvent.Kind.UPDATE)
        .select_related("report")
        .order_by("-created_at", "-pk")[:LIMIT]
    )
    return render(
        request,
        "participation/mine/mine.html",
        {
            "follows": _follows(user),
            "frequencies": Follow.Frequency.choices,
            "reports": reports,
            "comments": _comments(user),
            "ratings": ratings,
            "updates": updates,
            "limit": LIMIT,
        },
    )


urlpatterns = [path("mine/", mine, name="mine")]
