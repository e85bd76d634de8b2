"""Meetings and the commitments they decide.

A meeting is organised by an organisation (an NGO, a public council or a state body), about a
territory and the bodies it hears; it is private to its organiser until published. A commitment
is what a body undertakes to do by a date: a meeting's decision, or a line of a community
scorecard's joint action plan (its `origin`). The body's officers accept it (or decline it, saying
why) and then report on it until it is carried out, as they answer recommendations; the public sees
each step once the commitment is published.
"""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baqylau.accounts.models import Role
from baqylau.core.fields import acting_user
from baqylau.core.permissions import published_or_own, signed_in
from baqylau.core.publication import PublishedManager, PublishedQuerySet, Withdrawable
from baqylau.participation.states import Moderation


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
        return published_or_own(
            self, user, lambda user: models.Q(organiser__in=organisations_of(user))
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
    # The announcement to followers, once (see announcements.py).
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True)
    # The notice of a decision date in the inbox that this hearing is held for.
    decision_notice = models.OneToOneField(
        "accountability.DecisionNotice",
        verbose_name=_("notice of the decision date"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting",
    )
    # The minutes: public once published, with the decisions of each agenda item.
    participants = models.TextField(
        _("who took part"),
        blank=True,
        help_text=_("The members, officers and others present, as the minutes name them."),
    )
    minutes_published_at = models.DateTimeField(_("minutes published at"), null=True, blank=True)

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

    @property
    def has_minutes(self) -> bool:
        return self.minutes_published_at is not None

    def is_upcoming(self, now=None) -> bool:
        return self.starts_at > (now or timezone.now())


class CommitmentState(models.TextChoices):
    PROPOSED = "proposed", _("awaiting the body's acceptance")
    ACCEPTED = "accepted", _("accepted by the body")
    DECLINED = "declined", _("declined by the body")
    DONE = "done", _("carried out")
    NOT_DONE = "not_done", _("not carried out")


def _body_or_proposer(user) -> models.Q:
    mine = organisations_of(user)
    return models.Q(body__in=mine) | models.Q(proposed_by_organisation__in=mine)


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
        return published_or_own(self, user, _body_or_proposer)


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


# -- The agenda, materials and announcement rules -----------------------------------------------


class AnnouncementRule(models.Model):
    """How many days before a meeting of a kind its announcement goes to followers, and the law
    that asks for it (data, edited in the back office)."""

    kind = models.CharField(
        _("kind of meeting"), max_length=20, choices=MeetingKind.choices, unique=True
    )
    days = models.PositiveSmallIntegerField(_("days before"))
    working_days = models.BooleanField(
        _("counted in working days"),
        default=False,
        help_text=_("Off: calendar days."),
    )
    legal_reference = models.CharField(_("legal reference"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("announcement rule")
        verbose_name_plural = _("announcement rules")
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.days}"


class AgendaItemQuerySet(PublishedQuerySet):
    def published(self):
        return self.filter(meeting__is_published=True, meeting__withdrawn_at__isnull=True)

    def visible_to(self, user):
        return self.filter(meeting__in=Meeting.private_objects.visible_to(user).values("pk"))


class AgendaItem(models.Model):
    """A point of the agenda: what the meeting discusses (a campaign, a recommendation, a body's
    report) and, once the minutes are written, what it decided."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    campaign = models.ForeignKey(
        "monitoring.Campaign",
        verbose_name=_("campaign discussed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    recommendation = models.ForeignKey(
        "accountability.Recommendation",
        verbose_name=_("recommendation discussed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    report = models.TextField(_("report heard"), blank=True)
    report_url = models.URLField(_("link to the report"), blank=True)

    private_objects = AgendaItemQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(AgendaItemQuerySet)()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "id"]
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return self.title


def material_path(instance, filename: str) -> str:
    return f"meetings/materials/private/{secrets.token_hex(8)}-{filename}"


def material_public_path(instance, filename: str) -> str:
    return f"meetings/materials/public/{secrets.token_hex(8)}-{filename}"


class Material(models.Model):
    """A document of the meeting (a draft, a report, a presentation): checked like every upload,
    the original kept private and a copy without metadata shown."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=300)
    original = models.FileField(_("original file"), upload_to=material_path, max_length=300)
    public_file = models.FileField(_("public copy"), upload_to=material_public_path, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size, bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    private_objects = AgendaItemQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(AgendaItemQuerySet)()

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["created_at", "id"]
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return self.title


# -- Questions and attendance --------------------------------------------------------------------


class QuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(
            moderation=Moderation.PUBLISHED,
            meeting__is_published=True,
            meeting__withdrawn_at__isnull=True,
        )

    def visible_to(self, user):
        """The public reads published questions of published meetings; the author reads theirs
        in every state; moderators and the organiser's people read every question of the
        meetings they see."""
        if not signed_in(user):
            return self.published()
        if user.is_staff or user.memberships.filter(role=Role.MODERATOR).exists():
            return self
        return self.filter(
            models.Q(
                moderation=Moderation.PUBLISHED,
                meeting__is_published=True,
                meeting__withdrawn_at__isnull=True,
            )
            | models.Q(author=user)
            | models.Q(meeting__organiser__in=organisations_of(user))
        )


class Question(models.Model):
    """A signed-in user's question to the meeting, supported by others; moderated like every
    contribution, and answered in the minutes."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="questions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="meeting_questions",
    )
    text = models.TextField(_("question"))
    moderation = models.CharField(
        _("moderation"), max_length=12, choices=Moderation.choices, default=Moderation.PUBLISHED
    )
    hidden_reason = models.CharField(_("why it was hidden"), max_length=300, blank=True)
    answer = models.TextField(_("answer in the minutes"), blank=True)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class QuestionSupport(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("supported at"), default=timezone.now)

    class Meta:
        verbose_name = _("support of a question")
        verbose_name_plural = _("supports of questions")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "user"], name="meetings_one_support_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.question_id}"


class Registration(models.Model):
    """A person registered to attend (private: the organiser sees the list, the public a count)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="meeting_registrations",
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        verbose_name = _("registration to attend")
        verbose_name_plural = _("registrations to attend")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], name="meetings_one_registration_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.meeting_id}"


# -- The minutes ---------------------------------------------------------------------------------


class Decision(models.Model):
    """What the meeting decided on an agenda item, with the votes where the council voted; a
    decision that names a state body and a date becomes a commitment when the minutes are
    published."""

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    text = models.TextField(_("decision"))
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    votes_abstained = models.PositiveSmallIntegerField(_("abstained"), null=True, blank=True)
    body = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("state body that carries it out"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("due by"), null=True, blank=True)
    responsible = models.CharField(_("who carries it out"), max_length=300, blank=True)
    commitment = models.OneToOneField(
        Commitment,
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decision",
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["item", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def voted(self) -> bool:
        return any(
            v is not None for v in (self.votes_for, self.votes_against, self.votes_abstained)
        )
