"""Information requests to state bodies under the Law "On Access to Information".

A request is written by a signed-in user to one body; a batch sends the same text to many bodies,
each tracked as its own request. Every change is an event on the request's public timeline.
Requests are public by default; a draft, a request its requester made private, and any text or
file a moderator or the requester redacted never reach a public page, a feed, an export or the API.
There is no `objects` manager on what the public may see: a query says `public_objects` or
`private_objects`.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from baqylau.core.fields import acting_user
from baqylau.core.publication import PublishedManager, PublishedQuerySet, Withdrawable
from baqylau.registry.models import PublicQuerySet


def _public_id() -> str:
    return secrets.token_hex(5)


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SENT = "sent", _("sent")
    REGISTERED = "registered", _("registered by the body")
    REDIRECTED = "redirected", _("redirected to another body")
    CLARIFICATION = "clarification", _("clarification asked")
    EXTENDED = "extended", _("deadline extended")
    ANSWERED_FULL = "answered_full", _("answered in full")
    ANSWERED_PARTIAL = "answered_partial", _("answered in part")
    REFUSED = "refused", _("refused")
    OVERDUE = "overdue", _("overdue")
    APPEALED = "appealed", _("appealed")
    WITHDRAWN = "withdrawn", _("withdrawn")


# Statuses in which the body still owes an answer, so the deadline runs.
AWAITING_ANSWER = {
    Status.SENT,
    Status.REGISTERED,
    Status.REDIRECTED,
    Status.CLARIFICATION,
    Status.EXTENDED,
    Status.OVERDUE,
}
CLOSED = {
    Status.ANSWERED_FULL,
    Status.ANSWERED_PARTIAL,
    Status.REFUSED,
    Status.WITHDRAWN,
}


class RequestQuerySet(PublishedQuerySet):
    def published(self):
        return self.exclude(status=Status.DRAFT).filter(is_public=True, withdrawn_at__isnull=True)

    def visible_to(self, user):
        """The public sees published requests; a requester also sees their own; an officer the
        ones addressed to their body; staff everything. Moderators see what the public sees:
        what they moderate is what is published (drafts and private requests are not theirs)."""
        public = self.published()
        if user is None or not user.is_authenticated or not user.is_active:
            return public
        if user.is_staff:
            return self
        bodies = user.memberships.filter(role="officer").values("organisation_id")
        return self.filter(
            models.Q(pk__in=public.values("pk"))
            | models.Q(requester=user)
            | (models.Q(body_id__in=bodies) & ~models.Q(status=Status.DRAFT))
        )

    def for_body(self, body):
        return self.filter(body=body)

    def awaiting_answer(self):
        return self.filter(status__in=AWAITING_ANSWER)

    def overdue_on(self, day):
        return self.awaiting_answer().filter(due_date__lt=day)

    # Every word, case-folded, against the case-folded public texts (as in the registry).
    search = PublicQuerySet.search


class RequestBatch(models.Model):
    """The same request sent to many bodies at once."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester"),
        on_delete=models.PROTECT,
        related_name="request_batches",
    )
    subject = models.CharField(_("subject"), max_length=300)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("batch of requests")
        verbose_name_plural = _("batches of requests")

    def __str__(self) -> str:
        return self.subject


class InformationRequest(Withdrawable):
    class Language(models.TextChoices):
        KK = "kk", "Қазақша"
        RU = "ru", "Русский"

    class Delivery(models.TextChoices):
        EMAIL = "email", _("by email from the platform")
        BY_HAND = "by_hand", _("printed and delivered by hand or post")

    public_id = models.CharField(max_length=10, unique=True, default=_public_id, editable=False)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester"),
        on_delete=models.PROTECT,
        related_name="information_requests",
    )
    body = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("state body"),
        on_delete=models.PROTECT,
        related_name="information_requests",
    )
    batch = models.ForeignKey(
        RequestBatch,
        verbose_name=_("batch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("text of the request"))
    asked = models.TextField(_("what exactly is asked"), blank=True)
    language = models.CharField(
        _("language of the letter"), max_length=2, choices=Language.choices, default=Language.KK
    )
    document = models.ForeignKey(
        "registry.PlanningDocument",
        verbose_name=_("planning document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="information_requests",
    )
    object = models.ForeignKey(
        "registry.ProjectObject",
        verbose_name=_("object"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="information_requests",
    )
    is_public = models.BooleanField(_("public"), default=True)
    hide_requester_name = models.BooleanField(_("hide my name from the public"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.EMAIL
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    registered_on = models.DateField(_("registered by the body on"), null=True, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=100, blank=True)
    due_date = models.DateField(_("answer due"), null=True, blank=True)
    extended = models.BooleanField(_("deadline extended"), default=False)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    search_text = models.TextField(editable=False, default="")

    private_objects = RequestQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(RequestQuerySet)()

    class Meta:
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")
        ordering = ["-created_at", "-id"]
        default_manager_name = "private_objects"
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["body", "status"]),
            models.Index(fields=["created_at"]),
            # The lists' orders: the archive, the home page, the back office.
            models.Index(fields=["-updated_at", "-id"], name="request_archive_order"),
            models.Index(fields=["-sent_at", "-id"], name="request_sent_order"),
            models.Index(fields=["-created_at", "-id"], name="request_created_order"),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("inforequests:detail", kwargs={"public_id": self.public_id})

    @property
    def is_awaiting_answer(self) -> bool:
        return self.status in AWAITING_ANSWER

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED


class RequestEvent(models.Model):
    """One dated step on a request's timeline."""

    class Kind(models.TextChoices):
        CREATED = "created", _("request written")
        SENT = "sent", _("request sent")
        DELIVERED_BY_HAND = "delivered", _("request delivered by hand")
        REGISTERED = "registered", _("registered by the body")
        REDIRECTED = "redirected", _("redirected to another body")
        CLARIFICATION = "clarification", _("clarification asked")
        CLARIFIED = "clarified", _("clarification given")
        EXTENDED = "extended", _("deadline extended")
        ANSWERED = "answered", _("answer received")
        CLASSIFIED = "classified", _("answer classified")
        OVERDUE = "overdue", _("deadline passed")
        APPEALED = "appealed", _("appealed")
        WITHDRAWN = "withdrawn", _("withdrawn")
        REMINDER = "reminder", _("reminder sent")
        NOTE = "note", _("note")

    request = models.ForeignKey(
        InformationRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status_after = models.CharField(
        _("status after"), max_length=20, choices=Status.choices, blank=True
    )
    happened_on = models.DateField(_("date"), default=timezone.localdate)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    actor = acting_user(_("recorded by"))
    note = models.TextField(_("note"), blank=True)
    legal_ground = models.CharField(_("legal ground"), max_length=500, blank=True)
    due_date = models.DateField(_("new deadline"), null=True, blank=True)
    other_body = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("other body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["happened_on", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind} {self.happened_on}"


class AnswerQuerySet(PublishedQuerySet):
    def published(self):
        """The answers of published requests, but for those withdrawn."""
        requests = InformationRequest.public_objects.all()
        return self.filter(request__in=requests, withdrawn_at__isnull=True)


class Answer(Withdrawable):
    """What the body answered: written by its officer in the platform, or recorded by the
    requester when it came by post or email. `public_text` is what the public sees once any
    personal data is redacted; the original text stays private."""

    class Source(models.TextChoices):
        PLATFORM = "platform", _("answered in the platform")
        POST = "post", _("received by post")
        EMAIL = "email", _("received by email")

    class Classification(models.TextChoices):
        FULL = "full", _("full answer")
        PARTIAL = "partial", _("partial answer")
        REFUSAL = "refusal", _("refusal")

    request = models.ForeignKey(
        InformationRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    author = acting_user(_("recorded by"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    text = models.TextField(_("text of the answer"), blank=True)
    public_text = models.TextField(_("public text"), blank=True)
    redacted = models.BooleanField(_("personal data redacted"), default=False)
    classification = models.CharField(
        _("classification"), max_length=10, choices=Classification.choices, blank=True
    )
    legal_ground = models.CharField(_("legal ground of a refusal"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = AnswerQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(AnswerQuerySet)()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"{self.request} — {date_format(self.received_on, 'SHORT_DATE_FORMAT')}"

    def get_absolute_url(self) -> str:
        return f"{self.request.get_absolute_url()}#answer-{self.pk}"


def attachment_path(instance, filename: str) -> str:
    return f"requests/{instance.request_id}/private/{secrets.token_hex(8)}-{filename}"


def attachment_public_path(instance, filename: str) -> str:
    return f"requests/{instance.request_id}/public/{secrets.token_hex(8)}-{filename}"


class Attachment(models.Model):
    """A file of an answer or a request. The original stays private; the public copy has no
    metadata, and a hidden attachment has no public copy at all."""

    request = models.ForeignKey(
        InformationRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    answer = models.ForeignKey(
        Answer,
        verbose_name=_("answer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    original = models.FileField(_("original file"), upload_to=attachment_path)
    public_file = models.FileField(_("public copy"), upload_to=attachment_public_path, blank=True)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size, bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    hidden = models.BooleanField(_("hidden from the public"), default=False)
    uploaded_by = acting_user()
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()


class Appeal(models.Model):
    """A complaint to the superior body about a refusal, a partial answer or silence."""

    request = models.ForeignKey(
        InformationRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="appeals",
    )
    superior_body = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("superior body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    grounds = models.TextField(_("grounds of the appeal"))
    filed_on = models.DateField(_("filed on"), default=timezone.localdate)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    def __str__(self) -> str:
        return f"{self.request_id} → {self.superior_body_id}"
