"""People and the roles they hold in organisations.

Roles: a monitor or coordinator belongs to an NGO, an officer to a state body; moderators and
administrators run the platform. Staff (is_staff) edit the registry in the back office.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username):
        # Addresses are stored in lower case, but an editor may have typed capitals.
        return self.get(email__iexact=username)

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("email_verified", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    email_verified = models.BooleanField(_("email verified"), default=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name or self.email


class Role(models.TextChoices):
    MONITOR = "monitor", _("monitor")
    COORDINATOR = "coordinator", _("coordinator")
    OFFICER = "officer", _("state body officer")
    MODERATOR = "moderator", _("moderator")
    ADMINISTRATOR = "administrator", _("administrator")


class Membership(models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="one_role_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


class NotificationPreference(models.Model):
    """Which emails a user receives: news of their requests and campaigns, reminders, and what is
    sent to their body. A user without a row receives them all."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="request_notifications",
    )
    request_updates = models.BooleanField(
        _("news of my requests"),
        default=True,
        help_text=_("An answer, a new deadline or a missed one on a request I wrote."),
    )
    reminders = models.BooleanField(
        _("reminders of answers due"),
        default=True,
        help_text=_("For officers: a reminder before a request to my body is due."),
    )
    recommendations_received = models.BooleanField(
        _("recommendations to my body"),
        default=True,
        help_text=_("For officers: a monitoring campaign sent recommendations to my body."),
    )
    reports_received = models.BooleanField(
        _("citizens' reports to my body"),
        default=True,
        help_text=_(
            "For officers: a problem report was routed to my body, reopened or forwarded to it."
        ),
    )
    campaign_updates = models.BooleanField(
        _("news of my campaigns"),
        default=True,
        help_text=_(
            "For campaign teams: an answer or a decision date from a state body, a deadline "
            "near or missed."
        ),
    )

    class Meta:
        verbose_name = _("email preference")
        verbose_name_plural = _("email preferences")

    def __str__(self) -> str:
        return str(self.user)

    @classmethod
    def of(cls, user) -> "NotificationPreference":
        """The user's choice, or the default (every email) when they never made one."""
        try:
            return user.request_notifications
        except cls.DoesNotExist:
            return cls(user=user)


class Follow(models.Model):
    """A user follows something public (a planning document, an object, a territory, a body, a
    monitoring campaign, a problem report...) to hear of what happens to it, at once or in one
    email a day. What may be followed is listed in `following.FOLLOWABLE`."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("at once")
        DAILY = "daily", _("once a day")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    target_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("followed (type)"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    target_id = models.PositiveBigIntegerField(_("followed (id)"))
    target = GenericForeignKey("target_type", "target_id")
    frequency = models.CharField(
        _("emails"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        constraints = [
            models.UniqueConstraint(fields=["user", "target_type", "target_id"], name="follow_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.target_type_id}:{self.target_id}"


class Notification(models.Model):
    """One piece of news for one follower: what happened (`kind`, given by the app that
    announced it), to what (the subject), and its short text and link in every language, written
    when it happened. Sent at once or in the day's digest, then stamped `sent_at`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # Unfollowing removes what was not sent yet with the follow.
    follow = models.ForeignKey(
        Follow, verbose_name=_("follow"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("what happened"), max_length=60)
    subject_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("about (type)"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    subject_id = models.PositiveBigIntegerField(_("about (id)"))
    subject = GenericForeignKey("subject_type", "subject_id")
    # {"kk": {"text": "...", "path": "/kk/..."}, "ru": {...}, "en": {...}}
    texts = models.JSONField(_("text and link per language"), default=dict)
    immediate = models.BooleanField(_("sent at once"), default=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["immediate", "sent_at", "user"])]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.kind}"

    def in_language(self, language: str) -> dict:
        """The text and path in `language`, or in the first language written."""
        found = self.texts.get(language) or next(iter(self.texts.values()), None)
        return found or {"text": "", "path": ""}
