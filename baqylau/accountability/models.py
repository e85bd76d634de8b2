"""Accountability: what follows when the monitors have facts.

Findings of a campaign, its numbered recommendations each addressed to one state body, the body's
answer to each (decision, reasons, planned measures, files), the notice of a decision date, the
monitors' verification, and the final document (Article 13 of the Law "On Public Control").
Everything here belongs to a campaign and follows its visibility (`CampaignPartQuerySet`).
"""

import secrets

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baqylau.core.fields import acting_user
from baqylau.core.permissions import signed_in
from baqylau.core.publication import PublishedManager, Withdrawable
from baqylau.monitoring.models import Campaign, CampaignPartQuerySet, Evidence

# Findings, recommendations and the answers of state bodies --------------------------------------


class FindingCategory(models.TextChoices):
    DELAY = "delay", _("delay")
    QUALITY = "quality", _("quality")
    COST = "cost", _("cost")
    ACCESS = "access", _("access")
    TRANSPARENCY = "transparency", _("transparency")
    CORRUPTION_RISK = "corruption_risk", _("corruption risk")
    OTHER = "other", pgettext_lazy("finding category", "other")


class Severity(models.TextChoices):
    LOW = "low", pgettext_lazy("severity", "low")
    MEDIUM = "medium", pgettext_lazy("severity", "medium")
    HIGH = "high", pgettext_lazy("severity", "high")
    CRITICAL = "critical", pgettext_lazy("severity", "critical")


class Written(Withdrawable):
    """What the team writes in a campaign, numbered in it: a finding or a recommendation. Each
    declares its own fields (`campaign`, `number`...), in the order of its table's columns."""

    class Meta:
        abstract = True
        ordering = ["campaign", "number"]
        default_manager_name = "private_objects"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="%(class)s_number_unique")
        ]

    def get_absolute_url(self) -> str:
        return reverse(
            f"accountability:{self._meta.model_name}",
            kwargs={"slug": self.campaign.slug, "number": self.number},
        )


class Finding(Written):
    """A fact the monitors established, about an object, an indicator or a planning document of
    the campaign, with the evidence that shows it. Where an indicator is concerned the monitors
    may give their own figure for a year, shown beside the plan and the reported actual."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="findings"
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    category = models.CharField(_("category"), max_length=20, choices=FindingCategory.choices)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    description = models.TextField(_("description"))
    norm = models.TextField(
        _("legal norm concerned"),
        blank=True,
        help_text=_("The law, regulation or contract clause that was not complied with."),
    )
    project_object = models.ForeignKey(
        "registry.ProjectObject",
        verbose_name=_("object"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    indicator = models.ForeignKey(
        "registry.Indicator",
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    document = models.ForeignKey(
        "registry.PlanningDocument",
        verbose_name=_("planning document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    monitor_value = models.DecimalField(
        _("the monitors' figure"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    evidence = models.ManyToManyField(
        Evidence, verbose_name=_("evidence"), blank=True, related_name="findings"
    )
    created_by = acting_user(_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    private_objects = CampaignPartQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(CampaignPartQuerySet)()

    class Meta(Written.Meta):
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        # The newest findings (the home page, the feeds), read in order rather than sorted.
        indexes = [models.Index(fields=["-created_at", "-id"], name="finding_newest")]
        constraints = [
            *Written.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(project_object__isnull=False)
                | models.Q(indicator__isnull=False)
                | models.Q(document__isnull=False),
                name="finding_concerns_something",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class AnswerDecision(models.TextChoices):
    """What the state body says of a recommendation."""

    ACCEPTED = "accepted", _("accepted")
    PARTLY = "partly", _("partly accepted")
    REJECTED = "rejected", _("rejected")


class AnswerState(models.TextChoices):
    """Where a recommendation stands with its body, as the public sees it."""

    DRAFT = "draft", pgettext_lazy("recommendation", "not sent yet")
    AWAITING = "awaiting", _("awaiting the answer")
    OVERDUE = "overdue", _("no answer, overdue")
    ACCEPTED = "accepted", _("accepted")
    PARTLY = "partly", _("partly accepted")
    REJECTED = "rejected", _("rejected")


class Verification(models.TextChoices):
    """What the monitors found when they checked the measures the body promised."""

    NOT_VERIFIED = "not_verified", _("not verified yet")
    DONE = "done", _("carried out")
    PARTLY_DONE = "partly_done", _("partly carried out")
    NOT_DONE = "not_done", _("not carried out")


class RecommendationQuerySet(CampaignPartQuerySet):
    def sent(self):
        return self.filter(sent_on__isnull=False)

    def to_body(self, body):
        return self.filter(body=body)

    def inbox_of(self, user):
        """The recommendations sent to the bodies the user is an officer of."""
        from baqylau.accounts.models import Role

        if not signed_in(user):
            return self.none()
        bodies = user.memberships.filter(role=Role.OFFICER).values("organisation_id")
        return self.sent().filter(body__in=bodies)


class Recommendation(Written):
    """A numbered proposal of the final document, addressed to one state body, which answers it
    separately within the legal term counted from the day it received the final document.

    `state` is what the body says (or that it has not said it in time); `verification` is what the
    monitors found later. Both are shown side by side."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    number = models.PositiveIntegerField(_("number"))
    body = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("state body"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    text = models.TextField(_("recommendation"))
    findings = models.ManyToManyField(
        Finding, verbose_name=_("findings"), blank=True, related_name="recommendations"
    )
    sent_on = models.DateField(_("received by the body on"), null=True, blank=True)
    due_on = models.DateField(_("answer due on"), null=True, blank=True)
    state = models.CharField(
        _("answer"), max_length=10, choices=AnswerState.choices, default=AnswerState.DRAFT
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_late = models.BooleanField(_("answered late"), default=False)
    reminded_for = models.DateField(_("reminder sent for the due date"), null=True, blank=True)
    overdue_at = models.DateTimeField(_("marked overdue at"), null=True, blank=True)
    verification = models.CharField(
        _("verified by the monitors"),
        max_length=12,
        choices=Verification.choices,
        default=Verification.NOT_VERIFIED,
    )
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verification_note = models.TextField(_("what the monitors found"), blank=True)
    verified_by = acting_user(_("verified by"))
    created_by = acting_user(_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    private_objects = RecommendationQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(RecommendationQuerySet)()

    class Meta(Written.Meta):
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        indexes = [
            models.Index(fields=["body", "state"]),
            models.Index(fields=["due_on"]),
            # The latest answered recommendations (the home page), read in order rather than
            # sorted; the unanswered ones, which have no date and would come first, left out.
            models.Index(
                fields=["-answered_on", "-id"],
                condition=models.Q(
                    state__in=[AnswerState.ACCEPTED, AnswerState.PARTLY, AnswerState.REJECTED]
                ),
                name="recommendation_answered_newest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"

    @property
    def is_sent(self) -> bool:
        return self.sent_on is not None

    @property
    def is_answered(self) -> bool:
        return self.state in (AnswerState.ACCEPTED, AnswerState.PARTLY, AnswerState.REJECTED)

    @property
    def public_answer(self):
        """The body's answer as the public sees it: none until given, none once withdrawn."""
        try:
            answer = self.answer
        except ObjectDoesNotExist:
            return None
        return None if answer.is_withdrawn else answer


class RecommendationPartQuerySet(CampaignPartQuerySet):
    campaign_path = "recommendation__campaign__"


class VerificationRecord(models.Model):
    """One check of the measures by the monitors, dated. A check once given stays: a later one
    is a new record, and the recommendation shows the latest with the earlier ones below it."""

    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="verifications",
    )
    verification = models.CharField(
        _("verified by the monitors"), max_length=12, choices=Verification.choices
    )
    verified_on = models.DateField(_("verified on"))
    note = models.TextField(_("what the monitors found"))
    verified_by = acting_user(_("verified by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    private_objects = RecommendationPartQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(RecommendationPartQuerySet)()

    class Meta:
        verbose_name = _("verification of a recommendation")
        verbose_name_plural = _("verifications of recommendations")
        ordering = ["recommendation", "-verified_on", "-recorded_at", "-id"]
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return f"{self.recommendation} — {self.get_verification_display()} {self.verified_on}"


class RecommendationAnswer(Withdrawable):
    """The body's answer to one recommendation: its decision, the reasons and the measures it
    plans. One per recommendation; it is public once given, with the campaign."""

    recommendation = models.OneToOneField(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="answer",
    )
    decision = models.CharField(_("decision"), max_length=10, choices=AnswerDecision.choices)
    reasons = models.TextField(_("reasons"))
    answered_on = models.DateField(_("answered on"))
    answered_by = acting_user(_("answered by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    private_objects = RecommendationPartQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(RecommendationPartQuerySet)()

    class Meta:
        verbose_name = _("answer to a recommendation")
        verbose_name_plural = _("answers to recommendations")
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return f"{self.recommendation} — {self.get_decision_display()}"

    def get_absolute_url(self) -> str:
        return f"{self.recommendation.get_absolute_url()}#answer"


class AnswerPartQuerySet(CampaignPartQuerySet):
    campaign_path = "answer__recommendation__campaign__"

    def published(self):
        # The measures and files of a withdrawn answer leave with it.
        return super().published().filter(answer__withdrawn_at__isnull=True)


class PlannedMeasure(models.Model):
    """A measure the body plans in answer to a recommendation, with the date it is due."""

    answer = models.ForeignKey(
        RecommendationAnswer,
        verbose_name=_("answer"),
        on_delete=models.CASCADE,
        related_name="measures",
    )
    text = models.TextField(_("measure"))
    due_on = models.DateField(_("to be done by"), null=True, blank=True)

    private_objects = AnswerPartQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(AnswerPartQuerySet)()

    class Meta:
        verbose_name = _("planned measure")
        verbose_name_plural = _("planned measures")
        ordering = ["answer", "due_on", "id"]
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return self.text[:80]


def answer_file_path(instance, filename: str) -> str:
    return f"monitoring/answers/private/{secrets.token_hex(8)}-{filename}"


def answer_file_public_path(instance, filename: str) -> str:
    return f"monitoring/answers/public/{secrets.token_hex(8)}-{filename}"


class AnswerFile(models.Model):
    """A file the body attached to its answer: checked like evidence, the original kept private
    and a copy without metadata shown."""

    answer = models.ForeignKey(
        RecommendationAnswer,
        verbose_name=_("answer"),
        on_delete=models.CASCADE,
        related_name="files",
    )
    original = models.FileField(_("original file"), upload_to=answer_file_path, max_length=300)
    public_file = models.FileField(
        _("public copy"), upload_to=answer_file_public_path, max_length=300
    )
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size, bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    private_objects = AnswerPartQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(AnswerPartQuerySet)()

    class Meta:
        verbose_name = _("file of an answer")
        verbose_name_plural = _("files of answers")
        ordering = ["created_at", "id"]
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return self.name


class DecisionNotice(models.Model):
    """The body tells the NGO on which date it will decide on a recommendation; the law asks for
    this at least a set number of working days ahead."""

    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="decision_notices",
    )
    decision_on = models.DateField(_("date of the decision"))
    notified_on = models.DateField(_("notified on"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)
    notified_by = acting_user(_("notified by"))

    private_objects = RecommendationPartQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(RecommendationPartQuerySet)()

    class Meta:
        verbose_name = _("notice of a decision date")
        verbose_name_plural = _("notices of decision dates")
        ordering = ["recommendation", "notified_on", "id"]
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return f"{self.recommendation} — {self.decision_on}"


def final_document_path(instance, filename: str) -> str:
    return f"monitoring/{instance.campaign_id}/final/{secrets.token_hex(8)}-{filename}"


class FinalDocument(models.Model):
    """The final document of the campaign (Article 13 of the Law "On Public Control"): when and
    where control was held, the tasks, the subjects and their compliance, the forms used, the
    facts established with their evidence, the documents obtained and the proposals (the
    recommendations). Written in the language the coordinator chooses; when it is sent, the PDF
    sent is kept with its SHA-256 and the recommendations reach their bodies."""

    # What the coordinator writes of the control held (the record and the history keep it).
    WRITTEN = ("place", "held_from", "held_to", "subjects", "documents_obtained", "conclusions")

    campaign = models.OneToOneField(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="final_document",
    )
    language = models.CharField(
        _("language of the document"), max_length=2, choices=settings.LANGUAGES, default="kk"
    )
    place = models.CharField(_("place"), max_length=300)
    held_from = models.DateTimeField(_("held from"))
    held_to = models.DateTimeField(_("held until"))
    subjects = models.TextField(
        _("subjects of control and their compliance"),
        help_text=_("Which bodies and organisations were controlled and how they complied."),
    )
    documents_obtained = models.TextField(_("documents obtained"), blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_by = acting_user(_("sent by"))
    pdf = models.FileField(
        _("PDF as sent"), upload_to=final_document_path, max_length=300, blank=True
    )
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    private_objects = CampaignPartQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(CampaignPartQuerySet)()

    class Meta:
        verbose_name = _("final document")
        verbose_name_plural = _("final documents")
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return str(self.campaign)

    @property
    def is_sent(self) -> bool:
        return self.sent_on is not None
