"""Meetings and the commitments they decide.

A meeting is organised by an organisation (an NGO, a public council or a state body), about a
territory and the bodies it hears; it is private to its organiser until published. A commitment
is what a body undertakes to do by a date: a meeting's decision, or a line of a community
scorecard's joint action plan (its `origin`). The body's officers accept it (or decline it, saying
why) and then report on it until it is carried out, as they answer recommendations; the public sees
each step once the commitment is published.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baqylau.accounts.models import Role
from baqylau.core.fields import acting_user
from baqylau.core.permissions import signed_in
from baqylau.core.publication import PublishedManager, PublishedQuerySet, Withdrawable


def organisations_of(user):
    """The organisations the user holds any role in (as a queryset of ids)."""
    from baqylau.registry.models import Organisation

    if not signed_in(user):
        return Organisation.objects.none().values("pk")
    return Organisation.objects.filter(memberships__user=user).values("pk")


class MeetingKind(models.TextChoices):
    COUNCIL_SESSION = "council_session", _("public council session")
    PUBLIC_HEARING = "public_hearing", _("public hearing")
    REPORT_HEARING = "report_hearing", _("hearing of a state body's report")
    DECISION_HEARING = "decision_hearing", _("hearing before a decision on recommendations")
    INTERFACE_MEETING = "interface_meeting", _("interface meeting of a community scorecard")


class MeetingQuerySet(PublishedQuerySet):
    def published(self):
        return self.filter(is_published=True, withdrawn_at__isnull=True)

    def organised_by_user(self, user):
        return self.filter(organiser__in=organisations_of(user))

    def visible_to(self, user):
        """The public sees published meetings; the organiser's people see their own; staff see
        everything."""
        if signed_in(user) and user.is_staff:
            return self
        if not signed_in(user):
            return self.published()
        return self.filter(
            models.Q(is_published=True, withdrawn_at__isnull=True)
            | models.Q(organiser__in=organisations_of(user))
        )


class Meeting(Withdrawable):
    kind = models.CharField(_("kind of meeting"), max_length=20, choices=MeetingKind.choices)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    organiser = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organised by"),
        on_delete=models.PROTECT,
        related_name="meetings_organised",
    )
    territory = models.ForeignKey(
        "registry.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    bodies = models.ManyToManyField(
        "registry.Organisation",
        verbose_name=_("state bodies heard"),
        blank=True,
        related_name="meetings",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    recording_url = models.URLField(_("recording"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = acting_user(_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    private_objects = MeetingQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(MeetingQuerySet)()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]
        default_manager_name = "private_objects"
        indexes = [models.Index(fields=["is_published", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", kwargs={"slug": self.slug})


class CommitmentState(models.TextChoices):
    PROPOSED = "proposed", _("awaiting the body's acceptance")
    ACCEPTED = "accepted", _("accepted by the body")
    DECLINED = "declined", _("declined by the body")
    DONE = "done", _("carried out")
    NOT_DONE = "not_done", _("not carried out")


class CommitmentQuerySet(PublishedQuerySet):
    def published(self):
        return self.filter(is_published=True, withdrawn_at__isnull=True)

    def of_body(self, body):
        return self.filter(body=body)

    def inbox_of(self, user):
        """The commitments of the bodies the user is an officer of."""
        if not signed_in(user):
            return self.none()
        bodies = user.memberships.filter(role=Role.OFFICER).values("organisation_id")
        return self.filter(body__in=bodies)

    def open(self):
        return self.filter(state__in=(CommitmentState.PROPOSED, CommitmentState.ACCEPTED))

    def overdue(self, today):
        return self.filter(state=CommitmentState.ACCEPTED, due_on__lt=today)

    def visible_to(self, user):
        """The public sees published commitments; the body's officers and the people of the
        organisation that proposed it see theirs; staff see everything."""
        if signed_in(user) and user.is_staff:
            return self
        if not signed_in(user):
            return self.published()
        mine = organisations_of(user)
        return self.filter(
            models.Q(is_published=True, withdrawn_at__isnull=True)
            | models.Q(body__in=mine)
            | models.Q(proposed_by_organisation__in=mine)
        )


class Commitment(Withdrawable):
    """What a state body undertakes to do by a date, tracked like a recommendation."""

    body = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("state body"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    text = models.TextField(_("commitment"))
    responsible = models.CharField(
        _("who carries it out"),
        max_length=300,
        blank=True,
        help_text=_("The unit or position in the body, as the meeting named it."),
    )
    due_on = models.DateField(_("due by"))
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("decided at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    # What it comes from beyond the meeting: a scorecard's action plan, an agenda item...
    origin_type = models.ForeignKey(
        ContentType,
        verbose_name=_("comes from (kind)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    origin_id = models.PositiveBigIntegerField(_("comes from (id)"), null=True, blank=True)
    origin = GenericForeignKey("origin_type", "origin_id")
    state = models.CharField(
        _("state"), max_length=10, choices=CommitmentState.choices, default=CommitmentState.PROPOSED
    )
    proposed_by_organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments_proposed",
    )
    proposed_by = acting_user(_("recorded by"))
    proposed_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    accepted_by = acting_user(_("accepted by"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    declined_reason = models.TextField(_("why the body declined"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=False)

    private_objects = CommitmentQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(CommitmentQuerySet)()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_on", "id"]
        default_manager_name = "private_objects"
        indexes = [
            models.Index(fields=["body", "state"]),
            models.Index(fields=["origin_type", "origin_id"]),
            models.Index(fields=["due_on"]),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("meetings:commitment", kwargs={"pk": self.pk})

    def is_overdue(self, today) -> bool:
        return self.state == CommitmentState.ACCEPTED and self.due_on < today


class CommitmentUpdate(models.Model):
    """A step on a commitment: the body's acceptance, refusal or report of progress, or the
    organiser's note; each is dated and public with its commitment."""

    class Kind(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        PROGRESS = "progress", _("progress report")
        DONE = "done", _("carried out")
        NOT_DONE = "not_done", _("not carried out")

    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    kind = models.CharField(_("what happened"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("text"), blank=True)
    author = acting_user(_("by"))
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("step on a commitment")
        verbose_name_plural = _("steps on commitments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.commitment_id}: {self.get_kind_display()}"
