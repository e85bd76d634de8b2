"""Monitoring campaigns: how an NGO exercises public control over a program, an object or a body.

A coordinator of an NGO plans a campaign in one of the forms of public control, names what it
controls (planning documents, objects, state bodies), forms a team from the NGO's coordinators
and monitors, and leads it through its statuses, each change dated on a public timeline. Every
team member declares their ties to what is controlled (conflict of interest) before they may
record anything.

A campaign is private to its team until its coordinator publishes it: neither moderators nor
other NGOs see it, which keeps the monitoring independent. There is no `objects` manager: a query
says `public_objects` (published) or `private_objects` (everything, for the team and services).
Whatever belongs to a campaign (its team, declarations, timeline, and later its visits, evidence
and findings) follows the campaign's visibility through `CampaignPartQuerySet`.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from baqylau.core.fields import acting_user
from baqylau.core.permissions import signed_in
from baqylau.core.publication import PublishedManager, PublishedQuerySet, Withdrawable, withdrawable


class ControlForm(models.TextChoices):
    """The forms of public control named by the rules under the Law "On Public Control"."""

    MONITORING = "monitoring", _("public monitoring")
    HEARING = "hearing", _("public hearing")
    EXPERTISE = "expertise", _("public expertise")
    REPORT_HEARING = "report_hearing", _("hearing of a state body's report")
    SCORECARD = "scorecard", _("community scorecard")


class Status(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    ANALYSIS = "analysis", _("analysis")
    DOCUMENT_SENT = "document_sent", _("final document sent")
    ANSWERS_RECEIVED = "answers_received", _("answers received")
    CLOSED = "closed", _("closed")


# A campaign moves forward one status at a time; it is closed only once the answers are in.
NEXT_STATUS = {
    Status.PLANNED: Status.IN_PROGRESS,
    Status.IN_PROGRESS: Status.ANALYSIS,
    Status.ANALYSIS: Status.DOCUMENT_SENT,
    Status.DOCUMENT_SENT: Status.ANSWERS_RECEIVED,
    Status.ANSWERS_RECEIVED: Status.CLOSED,
}


class CampaignQuerySet(PublishedQuerySet):
    def published(self):
        return self.filter(is_published=True, withdrawn_at__isnull=True)

    def of_team(self, user):
        """The campaigns the user is an active member of the team of."""
        if not signed_in(user):
            return self.none()
        return self.filter(
            pk__in=CampaignMember.private_objects.active().filter(user=user).values("campaign_id")
        )

    def listed_for(self, user):
        """What the campaign list shows the user: the published campaigns and their own."""
        if not signed_in(user):
            return self.published()
        return self.filter(
            models.Q(is_published=True, withdrawn_at__isnull=True)
            | models.Q(pk__in=self.of_team(user))
        )

    def visible_to(self, user):
        """The public sees published campaigns; a team sees its own; staff see everything.
        Moderators and other NGOs do not see an unpublished campaign."""
        if signed_in(user) and user.is_staff:
            return self
        return self.listed_for(user)

    def about_document(self, document):
        """Campaigns that control the document or one of its objects."""
        return self.filter(
            models.Q(
                pk__in=Campaign.documents.through.objects.filter(planningdocument=document).values(
                    "campaign_id"
                )
            )
            | models.Q(
                pk__in=Campaign.project_objects.through.objects.filter(
                    projectobject__document=document
                ).values("campaign_id")
            )
        )

    def about_object(self, obj):
        return self.filter(
            pk__in=Campaign.project_objects.through.objects.filter(projectobject=obj).values(
                "campaign_id"
            )
        )

    def about_organisation(self, organisation):
        """Campaigns that control the body, or that the NGO conducts."""
        return self.filter(
            models.Q(ngo=organisation)
            | models.Q(
                pk__in=Campaign.bodies.through.objects.filter(organisation=organisation).values(
                    "campaign_id"
                )
            )
        )


class Campaign(Withdrawable):
    ngo = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("NGO"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    form = models.CharField(
        _("form of public control"),
        max_length=16,
        choices=ControlForm.choices,
        default=ControlForm.MONITORING,
    )
    documents = models.ManyToManyField(
        "registry.PlanningDocument",
        verbose_name=_("planning documents controlled"),
        blank=True,
        related_name="campaigns",
    )
    project_objects = models.ManyToManyField(
        "registry.ProjectObject",
        verbose_name=_("objects controlled"),
        blank=True,
        related_name="campaigns",
    )
    bodies = models.ManyToManyField(
        "registry.Organisation",
        verbose_name=_("state bodies controlled"),
        blank=True,
        related_name="campaigns_about",
    )
    goals = models.TextField(_("goals"))
    tasks = models.TextField(_("tasks"))
    method = models.TextField(_("method"))
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # What the public learns of the evidence: by default the day a photo was taken and the
    # digest of the public copy; the team may choose to publish the exact time and the digest of
    # the original file (which proves the original to whoever is shown it later).
    publish_capture_details = models.BooleanField(
        _("publish the evidence's capture times and the originals' SHA-256"),
        default=False,
        help_text=_(
            "Otherwise the public sees only the day each photo was taken and the SHA-256 of "
            "its public copy."
        ),
    )
    created_by = acting_user(_("created by"), blank=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The coordinators are warned once before the final document is due and once when it is late.
    send_reminded_for = models.DateField(
        _("reminder of the final document sent for"), null=True, blank=True
    )
    send_overdue_notified_at = models.DateTimeField(
        _("told the final document is late at"), null=True, blank=True
    )
    # Farther than this from its object, a visit's photo or position asks the monitor to confirm.
    visit_far_metres = models.PositiveIntegerField(
        _("a visit is far from its object beyond, m"),
        default=2000,
        help_text=_(
            "A photo or position of a field visit farther than this from the object visited asks "
            "the monitor to confirm, and the visit is marked as far from its object."
        ),
    )

    private_objects = CampaignQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(CampaignQuerySet)()

    class Meta:
        verbose_name = _("monitoring campaign")
        verbose_name_plural = _("monitoring campaigns")
        ordering = ["-starts_on", "-id"]
        default_manager_name = "private_objects"
        indexes = [
            models.Index(fields=["is_published", "status"]),
            models.Index(fields=["-starts_on", "-id"], name="campaign_list_order"),
        ]

    def __str__(self) -> str:
        return self.title or self.slug

    def get_absolute_url(self) -> str:
        return reverse("monitoring:detail", kwargs={"slug": self.slug})

    @property
    def next_status(self) -> str | None:
        return NEXT_STATUS.get(self.status)

    def get_next_status_display(self) -> str:
        following = self.next_status
        return Status(following).label if following else ""

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED


class CampaignPartQuerySet(PublishedQuerySet):
    """Whatever belongs to a campaign is seen by whoever sees the campaign."""

    campaign_path = "campaign__"

    def published(self):
        parts = self.filter(
            **{
                f"{self.campaign_path}is_published": True,
                f"{self.campaign_path}withdrawn_at__isnull": True,
            }
        )
        # A part withdrawn on its own (a finding, a recommendation) leaves with its campaign's.
        return parts.filter(withdrawn_at__isnull=True) if withdrawable(self.model) else parts

    def visible_to(self, user):
        campaigns = Campaign.private_objects.visible_to(user).values("pk")
        seen = self.filter(**{f"{self.campaign_path}in": campaigns})
        if not withdrawable(self.model) or (signed_in(user) and user.is_staff):
            return seen
        # The team still sees what it withdrew, with the notice of the withdrawal.
        team = Campaign.private_objects.of_team(user).values("pk")
        return seen.filter(
            models.Q(withdrawn_at__isnull=True) | models.Q(**{f"{self.campaign_path}in": team})
        )


class CampaignMemberQuerySet(CampaignPartQuerySet):
    def active(self):
        return self.filter(left_at__isnull=True)


class CampaignMember(models.Model):
    """A person on a campaign's team. Leaving the team sets `left_at`: the row stays, so the
    public record keeps who took part and when."""

    class Role(models.TextChoices):
        # The same names as the roles people hold in their NGO (accounts.Role).
        COORDINATOR = "coordinator", _("coordinator")
        MONITOR = "monitor", _("monitor")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="campaign_memberships",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    added_at = models.DateTimeField(_("added at"), default=timezone.now)
    added_by = acting_user(_("added by"))
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)

    private_objects = CampaignMemberQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(CampaignMemberQuerySet)()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["added_at", "id"]
        default_manager_name = "private_objects"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "user"],
                condition=models.Q(left_at__isnull=True),
                name="one_active_membership_per_campaign",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.campaign}"

    @property
    def is_active(self) -> bool:
        return self.left_at is None

    @property
    def is_coordinator(self) -> bool:
        return self.role == self.Role.COORDINATOR

    @property
    def declaration(self) -> "ConflictDeclaration | None":
        """The declaration that counts: the latest one (prefetch `declarations` for a list)."""
        declarations = list(self.declarations.all())
        return declarations[-1] if declarations else None

    @property
    def earlier_declarations(self) -> "list[ConflictDeclaration]":
        """The declarations the latest one replaced, kept on the record."""
        return list(self.declarations.all())[:-1]


class ConflictDeclarationQuerySet(CampaignPartQuerySet):
    campaign_path = "member__campaign__"


class ConflictDeclaration(models.Model):
    """A team member's declaration of their ties to the bodies and contractors the campaign
    controls. A member may file again when their ties change; the latest one counts, and the
    earlier ones stay on the record."""

    member = models.ForeignKey(
        CampaignMember,
        verbose_name=_("team member"),
        on_delete=models.CASCADE,
        related_name="declarations",
    )
    has_conflict = models.BooleanField(_("has a conflict of interest"), default=False)
    ties = models.TextField(_("ties to the bodies or contractors controlled"), blank=True)
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)

    private_objects = ConflictDeclarationQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(ConflictDeclarationQuerySet)()

    class Meta:
        verbose_name = _("conflict-of-interest declaration")
        verbose_name_plural = _("conflict-of-interest declarations")
        ordering = ["filed_at", "id"]
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return f"{self.member} · {self.filed_at:%Y-%m-%d}"


class CampaignStatusChange(models.Model):
    """One dated step on a campaign's public timeline."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    changed_on = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)
    actor = acting_user(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    private_objects = CampaignPartQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(CampaignPartQuerySet)()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["changed_on", "recorded_at", "id"]
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.status} {self.changed_on}"


# Checklists ------------------------------------------------------------------------------------


class QuestionKind(models.TextChoices):
    YES_NO = "yes_no", _("yes or no")
    NUMBER = "number", pgettext_lazy("kind of answer", "number")
    SINGLE_CHOICE = "single_choice", _("one choice")
    MULTIPLE_CHOICE = "multiple_choice", _("several choices")
    TEXT = "text", _("text")
    DATE = "date", _("date")
    PHOTO = "photo", _("photo")
    LOCATION = "location", _("location")


CHOICE_KINDS = {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE}
DEFAULT_GPS_ACCURACY_M = 20


class Checklist(models.Model):
    """What monitors check on a field visit. Its questions live in numbered versions: a change
    makes a new version, so an answer always shows the wording that was asked."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="checklists"
    )
    title = models.CharField(_("title"), max_length=300)
    # How precise a position a visit with this checklist waits for on a phone; the monitor may
    # accept a worse one, and that is recorded with the visit.
    gps_accuracy_m = models.PositiveIntegerField(
        _("position accuracy to wait for, m"), default=DEFAULT_GPS_ACCURACY_M
    )
    created_by = acting_user(_("created by"), blank=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    private_objects = CampaignPartQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(CampaignPartQuerySet)()

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["created_at", "id"]
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "monitoring:checklist", kwargs={"slug": self.campaign.slug, "checklist_id": self.pk}
        )

    @property
    def current_version(self) -> "ChecklistVersion | None":
        return self.versions.order_by("-number").first()


class ChecklistVersionQuerySet(CampaignPartQuerySet):
    campaign_path = "checklist__campaign__"


class ChecklistVersion(models.Model):
    """The questions of a checklist as they stood from one change to the next. Never edited:
    visits refer to the version they used."""

    checklist = models.ForeignKey(
        Checklist, verbose_name=_("checklist"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    created_by = acting_user(_("created by"), blank=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    private_objects = ChecklistVersionQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(ChecklistVersionQuerySet)()

    class Meta:
        verbose_name = _("checklist version")
        verbose_name_plural = _("checklist versions")
        ordering = ["checklist", "number"]
        default_manager_name = "private_objects"
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "number"], name="one_number_per_checklist_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.checklist} · {self.number}"


class QuestionQuerySet(CampaignPartQuerySet):
    campaign_path = "version__checklist__campaign__"


class Question(models.Model):
    version = models.ForeignKey(
        ChecklistVersion,
        verbose_name=_("checklist version"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    order = models.PositiveIntegerField(_("order"))
    code = models.CharField(_("code"), max_length=100)
    text = models.TextField(_("question"))
    kind = models.CharField(_("kind of answer"), max_length=16, choices=QuestionKind.choices)
    required = models.BooleanField(_("required"), default=False)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    # [{"value": "...", "label": "..."}] for the choice kinds, empty otherwise.
    choices = models.JSONField(_("choices"), default=list, blank=True)
    # Skip logic: {"question": code, "values": [...]} asks this question only when an earlier
    # question's answer is one of the values (for several choices: includes one of them; for yes
    # or no: true or false). Empty: always asked. A question not asked is never required and
    # keeps no answer.
    relevant = models.JSONField(_("asked only if"), default=dict, blank=True)
    # Constraints of a number answer: the least and the greatest value accepted.
    minimum = models.DecimalField(
        _("least value"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("greatest value"), max_digits=20, decimal_places=6, null=True, blank=True
    )

    private_objects = QuestionQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(QuestionQuerySet)()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["version", "order", "id"]
        default_manager_name = "private_objects"
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="one_code_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"

    def as_data(self) -> dict:
        """The question as the services take it, to copy it into a new version."""
        return {
            "order": self.order,
            "code": self.code,
            "text": self.text,
            "kind": self.kind,
            "required": self.required,
            "unit": self.unit,
            "choices": list(self.choices),
            "relevant": dict(self.relevant),
            "minimum": self.minimum,
            "maximum": self.maximum,
        }


# Field visits and evidence ---------------------------------------------------------------------


class VisitQuerySet(CampaignPartQuerySet):
    """A withdrawn visit stays with the team, marked as withdrawn; the public never sees it."""

    visit_path = ""

    def published(self):
        return super().published().filter(**{f"{self.visit_path}withdrawn_at__isnull": True})

    def visible_to(self, user):
        seen = super().visible_to(user)
        if signed_in(user) and user.is_staff:
            return seen
        team = Campaign.private_objects.of_team(user).values("pk")
        return seen.filter(
            models.Q(**{f"{self.visit_path}withdrawn_at__isnull": True})
            | models.Q(**{f"{self.campaign_path}in": team})
        )


class Visit(models.Model):
    """A visit of team members to an object, with the answers to a checklist version. The
    monitor who recorded it corrects or withdraws it until the final document is sent; every
    earlier revision is kept in its history."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="visits"
    )
    project_object = models.ForeignKey(
        "registry.ProjectObject",
        verbose_name=_("object visited"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    visited_on = models.DateField(_("date of the visit"))
    recorded_by = acting_user(_("recorded by"), blank=False)
    participants = models.TextField(_("participants"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    checklist_version = models.ForeignKey(
        ChecklistVersion,
        verbose_name=_("checklist version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # The farthest photo or position of the visit from its object, and whether that is beyond
    # the campaign's limit (the monitor confirmed the visit was there all the same).
    distance_m = models.FloatField(_("farthest position from the object, m"), null=True, blank=True)
    far_from_object = models.BooleanField(_("far from its object"), default=False)
    # Where the phone was when the visit was recorded, and how precise that was; private like the
    # positions of photos (the public sees only the distance). `position_accuracy_accepted`: the
    # monitor accepted a position less precise than the checklist asks for.
    position_latitude = models.FloatField(_("latitude of the visit"), null=True, blank=True)
    position_longitude = models.FloatField(_("longitude of the visit"), null=True, blank=True)
    position_accuracy_m = models.FloatField(_("accuracy of the position, m"), null=True, blank=True)
    position_accuracy_accepted = models.BooleanField(
        _("a less precise position accepted"), default=False
    )
    # Each correction or withdrawal is a new revision; the history keeps every earlier one.
    revision = models.PositiveIntegerField(_("revision"), default=1)
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    correction_reason = models.TextField(_("reason of the correction"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason of the withdrawal"), blank=True)

    private_objects = VisitQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(VisitQuerySet)()
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("field visit")
        verbose_name_plural = _("field visits")
        ordering = ["-visited_on", "-id"]
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return f"{self.project_object} · {self.visited_on}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:visit", kwargs={"slug": self.campaign.slug, "visit_id": self.pk})


class VisitPartQuerySet(VisitQuerySet):
    campaign_path = "visit__campaign__"
    visit_path = "visit__"


class VisitAnswer(models.Model):
    """The answer to one question of the version used; the question keeps its wording."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("field visit"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    # bool, number, choice value, list of choice values, text, ISO date or {"lat", "lon"}.
    value = models.JSONField(_("answer"), null=True, blank=True)
    # The revision of the visit in which this answer was last written (Visit.revision).
    revision = models.PositiveIntegerField(_("revision"), default=1)

    private_objects = VisitPartQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(VisitPartQuerySet)()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question__order", "id"]
        default_manager_name = "private_objects"
        constraints = [
            models.UniqueConstraint(fields=["visit", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.value}"

    @property
    def display(self) -> str:
        """The answer as a reader sees it: choice labels, yes or no, a date, a position."""
        value, kind = self.value, self.question.kind
        if value is None or value == "" or value == []:
            return ""
        if kind == QuestionKind.YES_NO:
            return str(_("yes") if value else _("no"))
        if kind in CHOICE_KINDS:
            labels = {c["value"]: c["label"] for c in self.question.choices}
            values = value if isinstance(value, list) else [value]
            return ", ".join(labels.get(v, v) for v in values)
        if kind == QuestionKind.LOCATION and isinstance(value, dict):
            return f"{value.get('lat')}, {value.get('lon')}"
        if kind == QuestionKind.NUMBER and self.question.unit:
            return f"{value} {self.question.unit}"
        return str(value)


def evidence_path(instance, filename: str) -> str:
    return f"monitoring/{instance.campaign_id}/private/{secrets.token_hex(8)}-{filename}"


def evidence_public_path(instance, filename: str) -> str:
    return f"monitoring/{instance.campaign_id}/public/{secrets.token_hex(8)}-{filename}"


class EvidenceQuerySet(CampaignPartQuerySet):
    """A file withdrawn, or of a withdrawn visit, leaves the public pages, the API and the
    downloads; the team keeps it."""

    _of_withdrawn = models.Q(visit__withdrawn_at__isnull=False) | models.Q(
        withdrawn_at__isnull=False
    )

    def not_withdrawn(self):
        """Without withdrawn files and those of withdrawn visits: what findings and final
        documents cite."""
        return self.exclude(self._of_withdrawn)

    def published(self):
        return super().published().exclude(self._of_withdrawn)

    def visible_to(self, user):
        seen = super().visible_to(user)
        if signed_in(user) and user.is_staff:
            return seen
        team = Campaign.private_objects.of_team(user).values("pk")
        return seen.exclude(self._of_withdrawn & ~models.Q(campaign__in=team))


class Evidence(Withdrawable):
    """A photo or document of a campaign. The original stays private, with the capture time and
    position read from it; the public sees a copy without metadata and only the distance from
    the object visited, never the position itself."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="evidence"
    )
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("field visit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    original = models.FileField(_("original file"), upload_to=evidence_path, max_length=300)
    public_file = models.FileField(_("public copy"), upload_to=evidence_public_path, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size, bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    public_sha256 = models.CharField(_("SHA-256 of the public copy"), max_length=64, blank=True)
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    latitude = models.FloatField(_("latitude where taken"), null=True, blank=True)
    longitude = models.FloatField(_("longitude where taken"), null=True, blank=True)
    distance_m = models.FloatField(_("distance from the object, m"), null=True, blank=True)
    far_from_object = models.BooleanField(_("far from the object"), default=False)
    uploaded_by = acting_user(_("uploaded by"))
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    private_objects = EvidenceQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(EvidenceQuerySet)()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["created_at", "id"]
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def capture_details_public(self) -> bool:
        return self.campaign.publish_capture_details

    @property
    def taken_on(self):
        """The day the photo was taken, in the platform's time zone: what the public sees."""
        return timezone.localdate(self.taken_at) if self.taken_at else None

    @property
    def public_taken_at(self):
        """The capture time the public sees: exact only if the campaign's team chose so."""
        return self.taken_at if self.capture_details_public else None

    @property
    def public_digest(self) -> str:
        """The SHA-256 the public sees: of the public copy, or of the original if the team chose
        so (the public copy is what anyone can download and check)."""
        return self.sha256 if self.capture_details_public else self.public_sha256
