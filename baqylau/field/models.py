"""Visits sent from a phone that recorded them offline.

A phone sends a visit as a submission: what the visit says (the same fields the online form
takes) and the files it declares, each with its size and SHA-256. The files arrive in pieces,
each piece kept in the media storage (never on an app server's own disk), so that a transfer cut
off halfway resumes where it stopped. A file is confirmed once all its bytes have arrived and
their SHA-256 is the one declared; the visit is recorded, through the same service as the online
form, only when every file is confirmed, and the phone deletes its copy only when the server
has named every file's digest back to it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baqylau.monitoring.models import Campaign, Evidence, Visit


class Submission(models.Model):
    class State(models.TextChoices):
        RECEIVING = "receiving", _("receiving its files")
        SENT = "sent", _("sent")
        REFUSED = "refused", _("refused")

    class Kind(models.TextChoices):
        NEW = "new", _("a new visit")
        CORRECTION = "correction", _("a correction of a visit")

    # Made on the phone: sending the same visit again finds the same submission.
    client_id = models.UUIDField(_("identifier on the phone"), unique=True)
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("monitor"),
        on_delete=models.CASCADE,
        related_name="field_submissions",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.NEW)
    # The visit recorded (a new visit, once sent) or corrected.
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("field visit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="field_submissions",
    )
    # For a correction: the revision of the visit that the phone's copy replaces. A visit
    # changed since (on another device, or online) is not overwritten.
    base_revision = models.PositiveIntegerField(_("revision replaced"), null=True, blank=True)
    # What the visit says: object, visited_on, checklist_version, answers, notes, participants,
    # position {lat, lon, accuracy, accepted}, far_confirmed, reason (of a correction).
    payload = models.JSONField(_("what the visit says"), default=dict)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.RECEIVING
    )
    # Why it was refused: {"code": ..., "message": ..., "fields": {name: [messages]}}.
    refusal = models.JSONField(_("why it was refused"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("visit sent from a phone")
        verbose_name_plural = _("visits sent from phones")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return str(self.client_id)


def chunk_path(instance, filename: str) -> str:
    file = instance.file
    return f"field/{file.submission.client_id}/{file.client_file_id}/{instance.offset:012d}"


class SubmissionFile(models.Model):
    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="files"
    )
    # Made on the phone, unique within its submission.
    client_file_id = models.CharField(_("identifier on the phone"), max_length=64)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size, bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # The bytes received from the start without a gap.
    received = models.PositiveBigIntegerField(_("bytes received"), default=0)
    # All bytes arrived and their SHA-256 is the declared one.
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    evidence = models.ForeignKey(
        Evidence,
        verbose_name=_("evidence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("file sent from a phone")
        verbose_name_plural = _("files sent from phones")
        ordering = ["submission", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "client_file_id"], name="one_client_file_per_submission"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Chunk(models.Model):
    """A piece of a file, from `offset`, kept in the media storage until the file is complete."""

    file = models.ForeignKey(
        SubmissionFile, verbose_name=_("file"), on_delete=models.CASCADE, related_name="chunks"
    )
    offset = models.PositiveBigIntegerField(_("offset"))
    size = models.PositiveIntegerField(_("size, bytes"))
    data = models.FileField(_("content"), upload_to=chunk_path, max_length=300)

    class Meta:
        verbose_name = _("piece of a file")
        verbose_name_plural = _("pieces of files")
        ordering = ["file", "offset"]
        constraints = [
            models.UniqueConstraint(fields=["file", "offset"], name="one_chunk_per_offset")
        ]

    def __str__(self) -> str:
        return f"{self.file} @ {self.offset}"
