"""Following: a user follows something public and hears of what happens to it, by email at once
or in one email a day.

Accounts knows no app above it: what may be followed is named by its model label, what happened
is said by the app that announces it (`announce(kind=..., text=...)`), and a page is checked
through the one permission door (`core.permissions.visible`) of the followed model. The apps
call `announce` from their services; each follower of any of the targets gets one notification,
whatever the number of targets they follow.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from baqylau.core.permissions import signed_in, visible
from baqylau.core.services import field_error

from . import emails, tasks
from .models import Follow, Notification
from .subscriptions import ALL, unsubscribe_read

# What may be followed, by model label (a page shows the button: `{% follow_button thing %}`).
FOLLOWABLE = frozenset(
    {
        "registry.planningdocument",
        "registry.projectobject",
        "registry.territory",
        "registry.organisation",
        "monitoring.campaign",
        "participation.report",
        "participation.category",
        "meetings.meeting",
    }
)

Text = str | Callable[[], str]


def label_of(target) -> str:
    return target._meta.label_lower


def key_of(target) -> str:
    """How a form names a target: `registry.projectobject:12`."""
    return f"{label_of(target)}:{target.pk}"


def target_from_key(key: str, *, user):
    """The followable thing a form names, if the user may see it; None otherwise."""
    label, _sep, pk = (key or "").partition(":")
    if label not in FOLLOWABLE or not pk.isdigit():
        return None
    app_label, _dot, model_name = label.partition(".")
    try:
        model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
    except ContentType.DoesNotExist:
        return None
    if model is None:
        return None
    return visible(user, model).filter(pk=int(pk)).first()


def check_followable(target) -> None:
    if target is None or target.pk is None or label_of(target) not in FOLLOWABLE:
        raise ValidationError(_("This cannot be followed."), code="not_followable")


def check_frequency(frequency: str) -> None:
    if frequency not in Follow.Frequency.values:
        raise field_error(
            "frequency", _("Choose how often you want to hear of it."), "bad_frequency"
        )


@transaction.atomic
def follow(*, user, target, frequency: str = Follow.Frequency.IMMEDIATE) -> Follow:
    """Follow `target` (or change how often): one follow per user and target."""
    if not signed_in(user):
        raise ValidationError(_("Sign in to follow."), code="sign_in")
    check_followable(target)
    check_frequency(frequency)
    found, _created = Follow.objects.update_or_create(
        user=user,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        defaults={"frequency": frequency},
    )
    return found


@transaction.atomic
def unfollow(*, user, target) -> bool:
    """Stop following `target`; what was not sent yet goes with the follow. Whether there was
    one."""
    if not signed_in(user) or target is None:
        return False
    deleted, _rows = Follow.objects.filter(
        user=user, target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).delete()
    return bool(deleted)


def following(user, target) -> Follow | None:
    """The user's follow of `target`, if any."""
    if not signed_in(user) or target is None:
        return None
    return Follow.objects.filter(
        user=user, target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).first()


def _targets_q(targets: Iterable) -> Q | None:
    by_type = defaultdict(set)
    for target in targets:
        if target is not None and target.pk is not None:
            by_type[ContentType.objects.get_for_model(target)].add(target.pk)
    q = None
    for content_type, ids in by_type.items():
        part = Q(target_type=content_type, target_id__in=ids)
        q = part if q is None else q | part
    return q


def followers_of(*targets) -> QuerySet:
    """The follows of any of `targets` by active users (a user may appear more than once)."""
    q = _targets_q(targets)
    if q is None:
        return Follow.objects.none()
    return Follow.objects.filter(q, user__is_active=True).select_related("user")


def _written(text: Text, path: Text) -> dict:
    texts = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            texts[language] = {
                "text": str(text() if callable(text) else text),
                "path": str(path() if callable(path) else path),
            }
    return texts


@transaction.atomic
def announce(
    *,
    targets: Iterable,
    kind: str,
    subject,
    text: Text,
    path: Text | None = None,
    exclude: Iterable = (),
) -> list[Notification]:
    """Record that `kind` happened to `subject` for every follower of any of `targets`, once
    per user (at once if any of their follows asks so), except the users in `exclude` (who did
    it). `text` and `path` (the subject's page by default) are written in every language, so a
    callable is called once per language. Emails at once go out after the commit."""
    excluded = {user.pk for user in exclude if signed_in(user)}
    chosen: dict[int, Follow] = {}
    for found in followers_of(*targets).order_by("pk"):
        if found.user_id in excluded:
            continue
        current = chosen.get(found.user_id)
        if current is None or (
            found.frequency == Follow.Frequency.IMMEDIATE
            and current.frequency != Follow.Frequency.IMMEDIATE
        ):
            chosen[found.user_id] = found
    if not chosen:
        return []
    texts = _written(text, path or subject.get_absolute_url)
    subject_type = ContentType.objects.get_for_model(subject)
    now = timezone.now()
    created = Notification.objects.bulk_create(
        Notification(
            user_id=user_id,
            follow=found,
            kind=kind,
            subject_type=subject_type,
            subject_id=subject.pk,
            texts=texts,
            immediate=found.frequency == Follow.Frequency.IMMEDIATE,
            created_at=now,
        )
        for user_id, found in sorted(chosen.items())
    )
    if not all(item.pk for item in created):  # databases that do not return the keys
        created = list(
            Notification.objects.filter(
                kind=kind, subject_type=subject_type, subject_id=subject.pk, created_at=now
            )
        )
    immediate = [item.pk for item in created if item.immediate]
    if immediate:
        transaction.on_commit(partial(tasks.notifications_send.enqueue, immediate))
    return created


@transaction.atomic
def unsubscribe(*, token: str) -> int:
    """Stop the emails a link names: its follow, or every follow of its user. Using the link
    again changes nothing. The number of follows removed."""
    user_id, follow_id = unsubscribe_read(token)
    follows = Follow.objects.filter(user_id=user_id)
    if follow_id != ALL:
        follows = follows.filter(pk=follow_id)
    count = follows.count()
    follows.delete()
    return count


# Digests ---------------------------------------------------------------------------------------


def digests_due() -> dict[int, list[Notification]]:
    """The day's notifications not yet sent, by user."""
    pending = (
        Notification.objects.filter(immediate=False, sent_at__isnull=True, user__is_active=True)
        .select_related("user", "follow")
        .order_by("user_id", "created_at", "pk")
    )
    by_user = defaultdict(list)
    for item in pending:
        by_user[item.user_id].append(item)
    return by_user


def digests_send() -> int:
    """Send each user one email with their notifications of the day; the number of emails."""
    sent = 0
    for items in digests_due().values():
        if emails.digest_send(items=items):
            sent += 1
    return sent
