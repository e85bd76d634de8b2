"""The one place where views ask what a user may see or do.

Every model that the portal or the API shows has a queryset method `visible_to(user)`; views fetch
through `visible()` and `get_visible_or_404()`, so what a user may not see answers 404.
"""

from django.db.models import Model, QuerySet
from django.http import Http404

from .withdrawals import Withdrawn, withdrawn_instead


def visible(user, model_or_queryset: type[Model] | QuerySet) -> QuerySet:
    qs = (
        model_or_queryset
        if isinstance(model_or_queryset, QuerySet)
        else model_or_queryset._default_manager.all()
    )
    if not hasattr(qs, "visible_to"):
        raise TypeError(f"{qs.model.__name__} has no visibility rule (visible_to)")
    return qs.visible_to(user)


def get_visible_or_404(user, model_or_queryset, **lookup):
    """The record, or 404; a withdrawn record's address answers with its withdrawal instead."""
    qs = visible(user, model_or_queryset)
    try:
        return qs.get(**lookup)
    except (qs.model.DoesNotExist, ValueError) as exc:
        every = (
            model_or_queryset
            if isinstance(model_or_queryset, QuerySet)
            else model_or_queryset._default_manager.all()
        )
        record = withdrawn_instead(every, lookup)
        if record is not None:
            raise Withdrawn(record) from exc
        raise Http404 from exc


def signed_in(user) -> bool:
    """Whether the user is a signed-in, active account (not anonymous, not deactivated)."""
    return bool(user and user.is_authenticated and user.is_active)


def published_or_own(queryset: QuerySet, user, own) -> QuerySet:
    """What a model with drafts shows: staff see everything, the public what is published, and a
    signed-in user what is published and their own too (`own(user)`, a Q)."""
    if signed_in(user) and user.is_staff:
        return queryset
    if not signed_in(user):
        return queryset.published()
    return queryset.published() | queryset.filter(own(user))
