"""Model fields that several apps declare alike."""

from django.conf import settings
from django.db import models


def acting_user(verbose_name=None, *, blank: bool = True) -> models.ForeignKey:
    """The user who did something to the record (recorded, sent, answered it...): no reverse
    accessor on the user, and emptied, not deleted, when the account goes."""
    extra = {} if verbose_name is None else {"verbose_name": verbose_name}
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=blank,
        on_delete=models.SET_NULL,
        related_name="+",
        **extra,
    )
