"""What the news emails share with the following service: which notifications are still about
something public, and the signed one-click unsubscribe tokens (RFC 8058) that name one follow or
all of a user's."""

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from baqylau.core.permissions import visible

from .models import Follow, Notification

UNSUBSCRIBE_SALT = "baqylau.accounts.unsubscribe"
ALL = "all"


def still_public(notifications: Iterable[Notification]) -> list[Notification]:
    """The notifications whose subject anyone may still see: something hidden or unpublished
    since is not mailed. One query per kind of subject."""
    notifications = list(notifications)
    by_type = defaultdict(set)
    for item in notifications:
        by_type[item.subject_type_id].add(item.subject_id)
    public = set()
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        try:
            qs = visible(AnonymousUser(), model)
        except TypeError:  # a model that is public as it exists
            qs = model._default_manager.all()
        public.update((type_id, pk) for pk in qs.filter(pk__in=ids).values_list("pk", flat=True))
    return [item for item in notifications if (item.subject_type_id, item.subject_id) in public]


# Unsubscribing -----------------------------------------------------------------------------------


def unsubscribe_token(user, follow: Follow | None = None) -> str:
    """The signed token of a one-click unsubscribe link: one follow, or all of the user's."""
    return signing.dumps(
        {"u": user.pk, "f": follow.pk if follow is not None else ALL}, salt=UNSUBSCRIBE_SALT
    )


def unsubscribe_read(token: str) -> tuple[int, int | str]:
    """The user and the follow (or ALL) a token names; ValidationError if it was tampered with."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as exc:
        raise ValidationError(_("This unsubscribe link is not valid."), code="bad_token") from exc
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise ValidationError(_("This unsubscribe link is not valid."), code="bad_token")
    return data["u"], data.get("f")
