"""Withdrawing a published record: it is not deleted, it leaves the public lists, and its address
answers 410 with the date and the public reason of its withdrawal (the public log of withdrawals
lists them all)."""

from django.db import transaction
from django.dispatch import Signal
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import record as public_record
from .history import note_change
from .publication import is_published, withdrawable
from .services import field_error, lock, require_text

# Sent with `record` once a record is withdrawn, for what its app derives from it (an answer's
# words in its request's search text).
withdrawn = Signal()


class Withdrawn(Exception):
    """Raised where a public page asks for a record that was withdrawn."""

    def __init__(self, record):
        super().__init__(str(record))
        self.record = record


def withdrawn_instead(queryset, lookup: dict):
    """The withdrawn record that a lookup missed, if the model withdraws rather than deletes."""
    if not withdrawable(queryset.model):
        return None
    try:
        return queryset.filter(withdrawn_at__isnull=False).get(**lookup)
    except (queryset.model.DoesNotExist, queryset.model.MultipleObjectsReturned, ValueError):
        return None


@transaction.atomic
def record_withdraw(*, record, actor, reason: str):
    """Withdraw a published record with a public reason; its history keeps who did it."""
    lock(record)
    reason = require_text(
        reason, "withdrawn_reason", _("Say publicly why the record is withdrawn.")
    )
    if record.withdrawn_at is not None:
        raise field_error("withdrawn_reason", _("It is already withdrawn."), "withdrawn")
    if not is_published(record):
        raise field_error(
            "withdrawn_reason",
            _("It was never published: a draft is deleted, not withdrawn."),
            "unpublished",
        )
    record.withdrawn_at = timezone.now()
    record.withdrawn_reason = reason
    note_change(record, actor=actor, reason=_("withdrawn"))
    record.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    public_record.withdraw(record, reason=reason)
    withdrawn.send(sender=type(record), record=record)
    return record


class WithdrawnMiddleware:
    """Answers a withdrawn record's address with the notice of its withdrawal."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Withdrawn):
            record = exception.record
            context = {"record": record, "kind": record._meta.verbose_name}
            return render(request, "withdrawn.html", context, status=410)
        return None
