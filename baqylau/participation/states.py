"""The states a contribution passes through, shared by the models and the permission rules."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Moderation(models.TextChoices):
    """Where a contribution stands between its author and the public."""

    UNCONFIRMED = "unconfirmed", _("awaiting the author's email confirmation")
    HELD = "held", _("awaiting moderation")
    PUBLISHED = "published", _("published")
    HIDDEN = "hidden", _("hidden by a moderator")
