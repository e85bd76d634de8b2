"""Public councils, their members, and the plan of public monitoring each approves for a year.

A public council is an organisation of its own kind (`Organisation.Kind.PUBLIC_COUNCIL`); the
people of its account with a coordinator's membership keep its plan. A plan is private to them
while it is a draft; once approved it is public and never changes without a trace: each change of
an approved plan or its lines is an amendment, kept as a version with its reason
(`core/history.py`). Campaigns link to the line of the plan they carry out, and each line stands
where its campaigns stand (`selectors.line_states`).
"""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baqylau.accounts.models import Role
from baqylau.core.fields import acting_user
from baqylau.core.permissions import published_or_own, signed_in
from baqylau.core.publication import PublishedManager, PublishedQuerySet, Withdrawable


def councils_coordinated_by(user):
    """The councils the user keeps the plans of (a coordinator's membership), as ids."""
    from baqylau.registry.models import Organisation

    if not signed_in(user):
        return Organisation.objects.none().values("pk")
    return Organisation.objects.filter(
        kind=Organisation.Kind.PUBLIC_COUNCIL,
        memberships__user=user,
        memberships__role=Role.COORDINATOR,
    ).values("pk")


def _of_coordinated_council(user) -> models.Q:
    return models.Q(council__in=councils_coordinated_by(user))


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    DEPUTY_CHAIR = "deputy_chair", _("deputy chair")
    SECRETARY = "secretary", _("secretary")
    MEMBER = "member", _("member of the council")


class CouncilMemberQuerySet(PublishedQuerySet):
    def published(self):
        return self.filter(is_published=True)

    def current(self, today):
        return self.filter(
            models.Q(since__isnull=True) | models.Q(since__lte=today),
            models.Q(until__isnull=True) | models.Q(until__gte=today),
        )

    def visible_to(self, user):
        return published_or_own(self, user, _of_coordinated_council)


class CouncilMember(models.Model):
    """A person on a public council, as the council publishes them."""

    council = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("public council"),
        on_delete=models.PROTECT,
        related_name="council_members",
        limit_choices_to={"kind": "public_council"},
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(
        _("position"),
        max_length=300,
        blank=True,
        help_text=_("The position and the organisation the member represents."),
    )
    role = models.CharField(
        _("role in the council"),
        max_length=12,
        choices=CouncilRole.choices,
        default=CouncilRole.MEMBER,
    )
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="council_seats",
    )
    since = models.DateField(_("member since"), null=True, blank=True)
    until = models.DateField(_("member until"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=True)

    private_objects = CouncilMemberQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(CouncilMemberQuerySet)()

    class Meta:
        verbose_name = _("member of a public council")
        verbose_name_plural = _("members of public councils")
        ordering = [
            "council",
            models.Case(
                models.When(role="chair", then=0),
                models.When(role="deputy_chair", then=1),
                models.When(role="secretary", then=2),
                default=3,
            ),
            "name",
            "id",
        ]
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return self.name


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("plan", "draft")
    APPROVED = "approved", _("approved")


class MonitoringPlanQuerySet(PublishedQuerySet):
    def published(self):
        return self.filter(status=PlanStatus.APPROVED, withdrawn_at__isnull=True)

    def visible_to(self, user):
        """The public sees approved plans; the council's coordinators see its drafts too; staff
        see everything."""
        return published_or_own(self, user, _of_coordinated_council)


class MonitoringPlan(Withdrawable):
    """The plan of public monitoring a public council approves for a year."""

    council = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("public council"),
        on_delete=models.PROTECT,
        related_name="monitoring_plans",
        limit_choices_to={"kind": "public_council"},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approval_reference = models.CharField(
        _("protocol number"),
        max_length=60,
        blank=True,
        help_text=_("The number of the protocol of the council's session that approved the plan."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    amendments = models.PositiveSmallIntegerField(_("amendments"), default=0)
    amended_on = models.DateField(_("last amended on"), null=True, blank=True)
    created_by = acting_user(_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    private_objects = MonitoringPlanQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(MonitoringPlanQuerySet)()

    class Meta:
        verbose_name = _("plan of public monitoring")
        verbose_name_plural = _("plans of public monitoring")
        ordering = ["council", "-year"]
        default_manager_name = "private_objects"
        constraints = [
            models.UniqueConstraint(fields=["council", "year"], name="one_plan_per_council_year")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("councils:plan", kwargs={"slug": self.council.slug, "year": self.year})

    @property
    def is_approved(self) -> bool:
        return self.status == PlanStatus.APPROVED


class PlanLineQuerySet(PublishedQuerySet):
    """A line is seen by whoever sees its plan."""

    def published(self):
        return self.filter(plan__status=PlanStatus.APPROVED, plan__withdrawn_at__isnull=True)

    def visible_to(self, user):
        return self.filter(plan__in=MonitoringPlan.private_objects.visible_to(user).values("pk"))


class PlanLine(models.Model):
    """One line of the plan: what is controlled, when, with which goals and tasks, by whom."""

    plan = models.ForeignKey(
        MonitoringPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="lines"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    subject = models.TextField(_("subject of monitoring"))
    project_objects = models.ManyToManyField(
        "registry.ProjectObject",
        verbose_name=_("objects"),
        blank=True,
        related_name="plan_lines",
    )
    documents = models.ManyToManyField(
        "registry.PlanningDocument",
        verbose_name=_("planning documents"),
        blank=True,
        related_name="plan_lines",
    )
    bodies = models.ManyToManyField(
        "registry.Organisation",
        verbose_name=_("state bodies"),
        blank=True,
        related_name="plan_lines_about",
    )
    term_from = models.DateField(_("from"), null=True, blank=True)
    term_to = models.DateField(_("until"), null=True, blank=True)
    term_text = models.CharField(
        _("term"), max_length=120, blank=True, help_text=_("For example: the second quarter.")
    )
    goals = models.TextField(_("goals"))
    tasks = models.TextField(_("tasks"), blank=True)
    performers = models.ManyToManyField(
        "registry.Organisation",
        verbose_name=_("performed by (organisations)"),
        blank=True,
        related_name="plan_lines_performed",
    )
    performer_members = models.ManyToManyField(
        CouncilMember,
        verbose_name=_("performed by (members of the council)"),
        blank=True,
        related_name="plan_lines",
    )
    campaigns = models.ManyToManyField(
        "monitoring.Campaign",
        verbose_name=_("campaigns"),
        blank=True,
        related_name="plan_lines",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    private_objects = PlanLineQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(PlanLineQuerySet)()

    class Meta:
        verbose_name = _("line of a plan of public monitoring")
        verbose_name_plural = _("lines of plans of public monitoring")
        ordering = ["plan", "number", "id"]
        default_manager_name = "private_objects"
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_line_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.subject[:80]}"

    def get_absolute_url(self) -> str:
        return f"{self.plan.get_absolute_url()}#line-{self.number}"
