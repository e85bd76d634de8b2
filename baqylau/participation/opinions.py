"""Citizens' opinions: comments on what the state planned and built and on published monitoring
campaigns (with one level of replies, and the official answers of the responsible body's
officers), and ratings of completed objects on the criteria that fit their kind.

A comment and a rating's reason are moderated like every contribution: held for a moderator, or
published at once for a trusted user unless an automatic check flags them. A rating's scores
count at once; only its words wait. Services: keyword-only arguments, one transaction,
ValidationError with a translated message.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from baqylau.core.permissions import signed_in
from baqylau.core.services import field_error, require_text
from baqylau.monitoring.models import Campaign
from baqylau.registry.models import Indicator, Organisation, PlanningDocument, ProjectObject

from . import checks
from .models import Comment, Rating, RatingCriterion, Score
from .moderation import mark_hidden
from .permissions import officer_bodies
from .reports import first_moderation, rate_limit, refuse_bots
from .states import Moderation

MAX_COMMENT = 3000
MAX_REASON = 500
MAX_COMMENTS_SHOWN = 100
MAX_REASONS_SHOWN = 20
COMMENTED = {
    "document": PlanningDocument,
    "indicator": Indicator,
    "object": ProjectObject,
    "campaign": Campaign,
}


def target_kind(target) -> str | None:
    for kind, model in COMMENTED.items():
        if isinstance(target, model):
            return kind
    return None


def is_commentable(target) -> bool:
    """Published documents, indicators, objects and campaigns are open to comments."""
    model = type(target)
    if model not in COMMENTED.values():
        return False
    return model.public_objects.filter(pk=target.pk).exists()


def responsible_bodies(target):
    """The bodies whose officers answer officially: an object's responsible body, a document's
    (an indicator's document's) responsible bodies, a campaign's controlled bodies."""
    if isinstance(target, ProjectObject):
        return Organisation.objects.filter(pk=target.responsible_body_id)
    if isinstance(target, PlanningDocument):
        return Organisation.objects.filter(documents__pk=target.pk)
    if isinstance(target, Indicator):
        return Organisation.objects.filter(documents__goals__indicators__pk=target.pk)
    if isinstance(target, Campaign):
        return Organisation.objects.filter(campaigns_about__pk=target.pk)
    return Organisation.objects.none()


def answering_body(user, target) -> Organisation | None:
    """The body in whose name the user may answer officially, if any."""
    if not signed_in(user):
        return None
    return (
        responsible_bodies(target)
        .filter(pk__in=officer_bodies(user).values("pk"))
        .order_by("pk")
        .first()
    )


def _moderation(user, found) -> str:
    state = first_moderation(user)
    return Moderation.HELD if found and state == Moderation.PUBLISHED else state


# Comments --------------------------------------------------------------------------------------


def comment_add(
    *,
    target,
    author,
    text: str,
    parent: Comment | None = None,
    official: bool = False,
    client_address: str | None = None,
    honeypot: str = "",
) -> Comment:
    """A signed-in user's comment, or a reply (a reply to a reply joins the first comment's
    thread). An officer of the responsible body may give it as the body's official answer."""
    refuse_bots(honeypot)
    if not signed_in(author):
        raise ValidationError(_("Sign in to comment."), code="sign_in")
    if not is_commentable(target):
        raise ValidationError(_("Comments are not open here."), code="not_commentable")
    text = require_text(text, "text", _("Write your comment."))
    if len(text) > MAX_COMMENT:
        raise field_error(
            "text",
            _("A comment has at most %(count)s characters.") % {"count": MAX_COMMENT},
            "too_long",
        )
    if parent is not None:
        same_target = parent.target_id == target.pk and isinstance(
            target, parent.target_type.model_class()
        )
        if not same_target or parent.moderation != Moderation.PUBLISHED:
            raise field_error("parent", _("This comment cannot be answered."), "bad_parent")
        parent = parent.parent or parent
    body = None
    if official:
        body = answering_body(author, target)
        if body is None:
            raise field_error(
                "official",
                _("Only an officer of the responsible body gives an official answer."),
                "not_officer",
            )
    rate_limit(user=author, address=client_address, kind="comment")
    found = checks.run(text, model=Comment)
    with transaction.atomic():
        comment = Comment(
            target=target,
            parent=parent,
            author=author,
            text=text,
            official_body=body,
            moderation=_moderation(author, found),
            client_address=client_address,
        )
        comment.save()
        checks.flag(comment, found)
    return comment


def comments_about(target, user) -> dict:
    """The comments a page shows: published ones and the places of hidden ones, with their
    replies, and the user's own that wait for a moderator; in three or four queries."""
    own = Q(author=user) if signed_in(user) else Q(pk__in=[])
    shown = Q(moderation__in=[Moderation.PUBLISHED, Moderation.HIDDEN]) | (
        own & Q(moderation=Moderation.HELD)
    )
    replies = Comment.objects.filter(shown).select_related("author", "official_body")
    # The latest threads, oldest first; one more is read to know whether older ones exist.
    top = list(
        Comment.objects.about(target)
        .filter(shown, parent=None)
        .select_related("author", "official_body")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="replies_shown"))
        .order_by("-created_at", "-id")[: MAX_COMMENTS_SHOWN + 1]
    )
    older = len(top) > MAX_COMMENTS_SHOWN
    top = top[:MAX_COMMENTS_SHOWN][::-1]
    everything = top + [reply for comment in top for reply in comment.replies_shown]
    mark_hidden(everything)
    return {
        "comments": top,
        "older_comments": older,
        "comments_count": sum(1 for c in everything if c.moderation == Moderation.PUBLISHED),
        "comment_target": target,
        "comment_kind": target_kind(target),
        "answering_body": answering_body(user, target),
    }


# Ratings ---------------------------------------------------------------------------------------


def criteria_for(project_object) -> list[RatingCriterion]:
    return [c for c in RatingCriterion.objects.all() if c.fits(project_object.kind)]


def is_ratable(project_object) -> bool:
    return (
        project_object.status == ProjectObject.Status.COMPLETED
        and ProjectObject.public_objects.filter(pk=project_object.pk).exists()
    )


def rating_set(
    *,
    project_object,
    user,
    scores: dict,
    reason: str = "",
    client_address: str | None = None,
    honeypot: str = "",
) -> Rating:
    """A signed-in user's rating of a completed object: a score from 1 to 5 on every criterion
    that fits its kind (scores maps a criterion's code to its score), and a short reason. Rating
    again replaces the scores; a changed reason is moderated again."""
    refuse_bots(honeypot)
    if not signed_in(user):
        raise ValidationError(_("Sign in to rate."), code="sign_in")
    if not is_ratable(project_object):
        raise ValidationError(_("Only a completed object can be rated."), code="not_completed")
    errors = {}
    values = {}
    for criterion in criteria_for(project_object):
        raw = scores.get(criterion.code)
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= 5:
            errors[f"score_{criterion.code}"] = [_("Give a score from 1 to 5.")]
        values[criterion] = value
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        errors["reason"] = [
            _("The reason has at most %(count)s characters.") % {"count": MAX_REASON}
        ]
    if errors:
        raise ValidationError(errors)
    rate_limit(user=user, address=client_address, kind="rating")
    with transaction.atomic():
        rating = Rating.objects.select_for_update().filter(
            project_object=project_object, user=user
        ).first() or Rating(project_object=project_object, user=user)
        found = []
        if rating.pk is None or rating.reason != reason:
            found = checks.run(reason, model=Rating) if reason else []
            rating.moderation = _moderation(user, found) if reason else Moderation.PUBLISHED
        rating.reason = reason
        rating.save()
        Score.objects.filter(rating=rating).delete()
        Score.objects.bulk_create(
            Score(rating=rating, criterion=criterion, value=value)
            for criterion, value in values.items()
        )
        checks.flag(rating, found)
    return rating


def rating_summary(project_object, user=None) -> dict:
    """Per criterion: the number of 1s to 5s (with the share of the largest, for the bars), the
    number of ratings and the mean; the published reasons (hidden ones keep their place); the
    user's own rating. A constant number of queries."""
    criteria = criteria_for(project_object)
    counts = {}
    for row in (
        Score.objects.filter(rating__project_object=project_object)
        .values("criterion_id", "value")
        .annotate(n=Count("id"))
    ):
        counts[(row["criterion_id"], row["value"])] = row["n"]
    rows = []
    for criterion in criteria:
        bars = [(value, counts.get((criterion.pk, value), 0)) for value in range(5, 0, -1)]
        total = sum(n for _value, n in bars)
        top = max((n for _value, n in bars), default=0) or 1
        rows.append(
            {
                "criterion": criterion,
                "bars": [
                    {"value": value, "count": n, "width": round(100 * n / top)} for value, n in bars
                ],
                "count": total,
                "mean": sum(value * n for value, n in bars) / total if total else None,
            }
        )
    ratings = Rating.objects.filter(project_object=project_object)
    reasons = mark_hidden(
        ratings.shown().exclude(reason="").order_by("-created_at", "-id")[:MAX_REASONS_SHOWN]
    )
    mine = None
    if signed_in(user):
        mine = ratings.filter(user=user).prefetch_related("scores").first()
    return {
        "rating_rows": rows,
        "ratings_count": ratings.count(),
        "rating_reasons": reasons,
        "my_rating": mine,
        "ratable": project_object.status == ProjectObject.Status.COMPLETED,
    }


def campaign_comments(user, campaign, rights) -> dict:
    """The campaign page's section: comments once the campaign is published."""
    if not campaign.is_published:
        return {}
    return comments_about(campaign, user)
