"""Community scorecards (CARE's Community Score Card) as a form of monitoring campaign.

A campaign of the form "community scorecard" rates a service at one object: its input tracking
sheet sets what the service is entitled to (by the norms and the budget) against what is there;
the users' focus groups (women, youth, the elderly...: the kinds are reference data) set their own
indicators and score each from 1 to 5 with their reasons, on paper (the facilitator enters how
many gave each score, never who) or online (registered participants of a group); the provider
evaluates itself on the same indicators; an interface meeting agrees a joint action plan whose
lines become the body's commitments, accepted and tracked in the meetings app.

Everything follows its campaign's visibility (`CampaignPartQuerySet`): public once the coordinator
publishes the campaign. Who took part in a group (`GroupParticipant`, `OnlineScore.user`) is never
public: those rows are seen by the campaign's team only, and no public page names them.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baqylau.core.fields import acting_user
from baqylau.core.permissions import signed_in
from baqylau.core.publication import PublishedManager
from baqylau.monitoring.models import Campaign, CampaignPartQuerySet

SCORES = (1, 2, 3, 4, 5)


def new_token() -> str:
    return secrets.token_urlsafe(16)


class GroupKind(models.Model):
    """A kind of user group a focus group is made of (reference data, translated)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("kind of user group")
        verbose_name_plural = _("kinds of user groups")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class ScorecardQuerySet(CampaignPartQuerySet):
    def at_object(self, obj):
        return self.filter(project_object=obj)


class Scorecard(models.Model):
    """The community scorecard a campaign of that form runs, one per campaign."""

    campaign = models.OneToOneField(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="scorecard"
    )
    project_object = models.ForeignKey(
        "registry.ProjectObject",
        verbose_name=_("object"),
        on_delete=models.PROTECT,
        related_name="scorecards",
    )
    service = models.TextField(
        _("service scored"),
        help_text=_("The service the users receive at the object: teaching, care, water..."),
    )
    round_number = models.PositiveSmallIntegerField(_("round"), default=1)
    interface_meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("interface meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scorecards",
    )
    plan_submitted_at = models.DateTimeField(
        _("action plan submitted to the body at"), null=True, blank=True
    )
    created_by = acting_user(_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    private_objects = ScorecardQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(ScorecardQuerySet)()

    class Meta:
        verbose_name = _("community scorecard")
        verbose_name_plural = _("community scorecards")
        ordering = ["project_object", "round_number", "id"]
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return f"{self.campaign} · {self.round_number}"

    def get_absolute_url(self) -> str:
        return reverse("scorecards:detail", kwargs={"slug": self.campaign.slug})


class PartQuerySet(CampaignPartQuerySet):
    campaign_path = "scorecard__campaign__"


class InputItem(models.Model):
    """A line of the input tracking sheet: what the service is entitled to against what is
    there."""

    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE, related_name="inputs"
    )
    item = models.CharField(_("input"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    entitled = models.DecimalField(_("entitled to"), max_digits=14, decimal_places=2)
    source = models.CharField(
        _("norm or budget line"),
        max_length=300,
        help_text=_("The norm, standard or budget line that sets the entitlement."),
    )
    actual = models.DecimalField(_("what is there"), max_digits=14, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    private_objects = PartQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(PartQuerySet)()

    class Meta:
        verbose_name = _("input of the tracking sheet")
        verbose_name_plural = _("inputs of the tracking sheet")
        ordering = ["order", "id"]
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return self.item

    @property
    def gap(self):
        return self.actual - self.entitled


class FocusGroup(models.Model):
    """A group of the service's users that scores it together; how many took part, never who."""

    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE, related_name="groups"
    )
    kind = models.ForeignKey(
        GroupKind, verbose_name=_("kind of group"), on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField(_("name of the group"), max_length=120, blank=True)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    # The invitation link that registers a signed-in user in the group (never shown publicly).
    invite_token = models.CharField(_("invitation token"), max_length=40, default=new_token)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    private_objects = PartQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(PartQuerySet)()

    class Meta:
        verbose_name = _("focus group")
        verbose_name_plural = _("focus groups")
        ordering = ["order", "id"]
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return self.label or str(self.kind)

    @property
    def name(self) -> str:
        return str(self)


class ParticipantQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Who took part is never public: the campaign's team sees its groups' participants,
        a participant their own registration."""
        if not signed_in(user):
            return self.none()
        if user.is_staff:
            return self
        team = Campaign.private_objects.of_team(user).values("pk")
        return self.filter(models.Q(group__scorecard__campaign__in=team) | models.Q(user=user))


class GroupParticipant(models.Model):
    """A registered user who scores online with a group (private: the public sees counts)."""

    group = models.ForeignKey(
        FocusGroup,
        verbose_name=_("focus group"),
        on_delete=models.CASCADE,
        related_name="participant_rows",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="scorecard_groups",
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    private_objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant of a focus group")
        verbose_name_plural = _("participants of focus groups")
        default_manager_name = "private_objects"
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_registration_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.group_id}:{self.user_id}"


class Indicator(models.Model):
    """What the users' groups chose to score the service on."""

    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE, related_name="indicators"
    )
    text = models.CharField(_("indicator"), max_length=300)
    proposed_by = models.ManyToManyField(
        FocusGroup, verbose_name=_("proposed by"), blank=True, related_name="proposed"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    private_objects = PartQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(PartQuerySet)()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "id"]
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return self.text


class GroupScoreQuerySet(CampaignPartQuerySet):
    campaign_path = "indicator__scorecard__campaign__"


class GroupScore(models.Model):
    """A group's scores of an indicator from a paper session: how many gave each score, and the
    reasons in the participants' words."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="scores"
    )
    group = models.ForeignKey(
        FocusGroup, verbose_name=_("focus group"), on_delete=models.CASCADE, related_name="scores"
    )
    count_1 = models.PositiveIntegerField(_("gave 1"), default=0)
    count_2 = models.PositiveIntegerField(_("gave 2"), default=0)
    count_3 = models.PositiveIntegerField(_("gave 3"), default=0)
    count_4 = models.PositiveIntegerField(_("gave 4"), default=0)
    count_5 = models.PositiveIntegerField(_("gave 5"), default=0)
    reasons = models.TextField(_("reasons, in the participants' words"), blank=True)

    private_objects = GroupScoreQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(GroupScoreQuerySet)()

    class Meta:
        verbose_name = _("group's scores")
        verbose_name_plural = _("groups' scores")
        default_manager_name = "private_objects"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "group"], name="one_score_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.group_id}"

    @property
    def counts(self) -> list[int]:
        return [getattr(self, f"count_{value}") for value in SCORES]


class OnlineScoreQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A participant's own scores and the campaign team's view; the public sees only the
        totals, through the scorecard's page."""
        return self.filter(
            participant__in=GroupParticipant.private_objects.visible_to(user).values("pk")
        )


class OnlineScore(models.Model):
    """A registered participant's score of an indicator, online (private: counted, not named)."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="online_scores",
    )
    participant = models.ForeignKey(
        GroupParticipant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    value = models.PositiveSmallIntegerField(_("score"), choices=[(v, str(v)) for v in SCORES])
    reason = models.TextField(_("why"), blank=True)
    scored_at = models.DateTimeField(_("scored at"), default=timezone.now)

    private_objects = OnlineScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("online score")
        verbose_name_plural = _("online scores")
        default_manager_name = "private_objects"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "participant"], name="one_online_score_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"


class ProviderScoreQuerySet(CampaignPartQuerySet):
    campaign_path = "indicator__scorecard__campaign__"


class ProviderScore(models.Model):
    """The provider's self-evaluation of an indicator."""

    indicator = models.OneToOneField(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="provider_score",
    )
    value = models.PositiveSmallIntegerField(_("score"), choices=[(v, str(v)) for v in SCORES])
    reason = models.TextField(_("why"), blank=True)

    private_objects = ProviderScoreQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(ProviderScoreQuerySet)()

    class Meta:
        verbose_name = _("provider's self-evaluation")
        verbose_name_plural = _("provider's self-evaluations")
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"


class ActionItem(models.Model):
    """A line of the joint action plan; submitted to the body, it becomes its commitment."""

    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE, related_name="actions"
    )
    action = models.TextField(_("action"))
    responsible = models.CharField(_("who"), max_length=300)
    due_on = models.DateField(_("by when"))
    body = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("state body"),
        on_delete=models.PROTECT,
        related_name="scorecard_actions",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    commitment = models.OneToOneField(
        "meetings.Commitment",
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scorecard_action",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    private_objects = PartQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(PartQuerySet)()

    class Meta:
        verbose_name = _("line of the action plan")
        verbose_name_plural = _("lines of the action plan")
        ordering = ["order", "id"]
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return self.action[:80]
