"""What citizens contribute: problem reports at what the state promised, with their photos,
updates, supporters and the body's public answers; comments and ratings; and the moderation that
keeps all of it safe.

Every contribution has a moderation state. Nothing is deleted: a moderator hides an item, which
stays for the record, and its place on the public page says why. A reporter's identity (account,
email, exact position, the photos' metadata) stays private; the public sees the report, the
object or a position rounded to about 10 m, and copies of the photos without metadata.
"""

import math

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baqylau.core.models import Listed
from baqylau.core.publication import PublishedManager, PublishedQuerySet
from baqylau.registry.models import (
    Indicator,
    Organisation,
    PlanningDocument,
    ProjectObject,
    Territory,
)

from .permissions import contributions_visible_to, reports_visible_to
from .states import Moderation

# A public position is rounded to a grid of about this many metres.
PUBLIC_GRID_M = 10.0
METRES_PER_DEGREE = 111_320.0


def round_position(latitude: float, longitude: float) -> tuple[float, float]:
    """A position snapped to a grid of PUBLIC_GRID_M metres, so that the public never learns
    where exactly a reporter stood."""
    step_lat = PUBLIC_GRID_M / METRES_PER_DEGREE
    step_lon = PUBLIC_GRID_M / (METRES_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.01))
    return (
        round(round(latitude / step_lat) * step_lat, 6),
        round(round(longitude / step_lon) * step_lon, 6),
    )


class ContributionQuerySet(PublishedQuerySet):
    def published(self):
        return self.filter(moderation=Moderation.PUBLISHED)

    def shown(self):
        """What a public page lists: published items, and hidden ones that keep their place with
        the moderator's reason (never their content)."""
        return self.filter(moderation__in=[Moderation.PUBLISHED, Moderation.HIDDEN])

    def visible_to(self, user):
        return contributions_visible_to(self, user)


class CategoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Categories are public, offered or not (old reports keep theirs)."""
        return self


class Category(Listed):
    """What a problem is about, offered first on the report form; categories are data, each for
    the kinds of object it fits (none: any kind, and reports without an object)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.CharField(_("hint"), max_length=300, blank=True)
    object_kinds = models.JSONField(
        _("kinds of object"),
        default=list,
        blank=True,
        help_text=_("The kinds of object this category is offered for; empty for every kind."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("offered"), default=True)

    objects = CategoryQuerySet.as_manager()

    class Meta(Listed.Meta):
        verbose_name = _("report category")
        verbose_name_plural = _("report categories")

    def get_absolute_url(self) -> str:
        """The public reports of the category."""
        return reverse("participation:reports") + f"?category={self.code}"

    def fits(self, kind: str | None) -> bool:
        return not self.object_kinds or (kind is not None and kind in self.object_kinds)


class RoutingRule(models.Model):
    """Which body receives the reports of a category in a territory when the report names no
    object with a responsible body. A rule without a category serves every category of its
    territory; a report is routed by the rule of its territory or the nearest one above it."""

    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="routing_rules",
    )
    body = models.ForeignKey(
        Organisation,
        verbose_name=_("body"),
        on_delete=models.CASCADE,
        related_name="routing_rules",
        limit_choices_to={"kind__in": sorted(Organisation.STATE_KINDS)},
    )

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["territory__name", "category__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "category"], name="one_routing_rule_per_category"
            ),
            models.UniqueConstraint(
                fields=["territory"],
                condition=Q(category__isnull=True),
                name="one_default_routing_rule_per_territory",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.territory} · {self.category or '*'} → {self.body}"


class TrustRule(models.Model):
    """When a contributor is trusted, so that what they write is published at once
    (post-moderation) rather than held (pre-moderation). The first row is the rule."""

    min_published = models.PositiveSmallIntegerField(
        _("published contributions at least"), default=3
    )
    min_account_days = models.PositiveSmallIntegerField(_("account age at least, days"), default=14)
    roles_trusted = models.BooleanField(
        _("monitors, coordinators and officers are trusted"), default=True
    )

    class Meta:
        verbose_name = _("trust rule")
        verbose_name_plural = _("trust rules")

    def __str__(self) -> str:
        return str(_("trust rule"))

    @classmethod
    def current(cls) -> "TrustRule":
        return cls.objects.order_by("pk").first() or cls()


class ReportQuerySet(ContributionQuerySet):
    def published(self):
        """Published by moderation, about an object or a plan the public may see (a report at
        what was unpublished later leaves the public pages with it)."""
        # Said as what is left out: the few unpublished plans and their objects, looked up
        # through their indexes, rather than a join of every report with every object and plan,
        # which the COUNT of the public list paid in proportion to all the objects.
        unpublished = PlanningDocument.private_objects.filter(is_published=False).values("pk")
        return (
            super()
            .published()
            .exclude(
                project_object__in=ProjectObject.private_objects.filter(
                    document__in=unpublished
                ).values("pk")
            )
            .exclude(document__in=unpublished)
        )

    def open(self):
        return self.published().filter(status__in=Report.OPEN_STATUSES)

    def visible_to(self, user):
        return reports_visible_to(self, user)


class Report(models.Model):
    """A problem a citizen reports at an object, an indicator, a planning document or a point."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACKNOWLEDGED = "acknowledged", _("acknowledged")
        IN_PROGRESS = "in_progress", pgettext_lazy("report", "in progress")
        DONE = "done", _("done, awaiting confirmation")
        FIXED = "fixed", _("fixed")
        REJECTED = "rejected", _("rejected")

    OPEN_STATUSES = (Status.OPEN, Status.ACKNOWLEDGED, Status.IN_PROGRESS)
    CLOSED_STATUSES = (Status.DONE, Status.FIXED, Status.REJECTED)

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="reports"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    project_object = models.ForeignKey(
        ProjectObject,
        verbose_name=_("object"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    document = models.ForeignKey(
        PlanningDocument,
        verbose_name=_("planning document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    # Where the reporter placed it: private. The public position is the object's, or this one
    # rounded to PUBLIC_GRID_M.
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    public_latitude = models.FloatField(_("public latitude"), null=True, blank=True)
    public_longitude = models.FloatField(_("public longitude"), null=True, blank=True)
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    body = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    moderation = models.CharField(
        _("moderation"), max_length=12, choices=Moderation.choices, default=Moderation.HELD
    )
    # The reporter: an account, or an email address for a report without one. Never public.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    reporter_email = models.EmailField(_("reporter's email"), blank=True)
    name_public = models.BooleanField(
        _("show my name on the report"),
        default=False,
        help_text=_("Off: the report is published without a name."),
    )
    name_to_body = models.BooleanField(
        _("the body may see my name and address"),
        default=False,
        help_text=_("Off: the body answers without knowing who reported."),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    client_address = models.GenericIPAddressField(_("sent from"), null=True, blank=True)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    received_on = models.DateField(_("received by the body"), null=True, blank=True)
    due_on = models.DateField(_("answer due"), null=True, blank=True)
    answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    # The due dates of which the body's officers were reminded (soon due; overdue): once each.
    reminded_for = models.DateField(_("reminded of the due date"), null=True, blank=True)
    overdue_reminded_for = models.DateField(
        _("told it is overdue, for the due date"), null=True, blank=True
    )
    supporters_count = models.PositiveIntegerField(_("affected too"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    private_objects = ReportQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(ReportQuerySet)()

    class Meta:
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        ordering = ["-created_at", "-id"]
        default_manager_name = "private_objects"
        indexes = [
            models.Index(fields=["moderation", "status"]),
            models.Index(fields=["body", "moderation", "status"]),
            models.Index(fields=["project_object", "moderation"]),
            models.Index(fields=["territory", "moderation"]),
            models.Index(fields=["public_latitude", "public_longitude"]),
            # Open data lists published reports newest first, and counts them, from the index
            # alone (the object and the document say whether the report may be shown).
            # Also the moderation queue's, which reads the held reports in order.
            models.Index(
                fields=["moderation", "created_at", "project_object", "document"],
                name="report_published_by_date",
            ),
            # The public list's order (newest published first) and the back office's.
            models.Index(fields=["-published_at", "-id"], name="report_list_order"),
            models.Index(fields=["-created_at", "-id"], name="report_created_order"),
            # The same order of the published ones alone: the reports waiting for moderation
            # have no publication date and come first in a descending order, where the public
            # list and the home page read through all of them before the first published one.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(moderation="published"),
                name="report_published_newest",
            ),
            # The open reports the public sees, oldest first (a territory's, a body's page):
            # read in order and filtered, rather than every report of a region read and sorted
            # (the statuses of OPEN_STATUSES, in their order).
            models.Index(
                fields=["received_on", "id"],
                condition=Q(
                    moderation="published", status__in=["open", "acknowledged", "in_progress"]
                ),
                name="report_open_oldest",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(reporter__isnull=False) | ~Q(reporter_email=""),
                name="report_has_a_reporter",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("participation:report", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_public(self) -> bool:
        return self.moderation == Moderation.PUBLISHED

    @property
    def subject(self):
        """What the report is about, the most precise first."""
        return self.project_object or self.indicator or self.document or self.territory

    def place_publicly(self) -> None:
        """Set the public position: the object's, or the reporter's point rounded."""
        place = self.project_object
        if place is not None and place.has_location:
            self.public_latitude, self.public_longitude = place.latitude, place.longitude
        elif self.latitude is not None and self.longitude is not None:
            self.public_latitude, self.public_longitude = round_position(
                self.latitude, self.longitude
            )
        else:
            self.public_latitude = self.public_longitude = None


class ReportEvent(models.Model):
    """A dated step on a report's public timeline: submitted, published, each answer of the
    body, the reporter's "fixed" or "not fixed", an update, a verification visit, a moderator's
    action. The actor is private; the public sees the role in which they acted."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("reported")
        PUBLISHED = "published", _("published")
        SUPPORTED = "supported", _("affects someone else too")
        UPDATE = "update", _("update from a citizen")
        ACKNOWLEDGED = "acknowledged", _("acknowledged by the body")
        IN_PROGRESS = "in_progress", pgettext_lazy("report", "in progress")
        DONE = "done", _("done, says the body")
        FORWARDED = "forwarded", _("not this body's responsibility: forwarded")
        REJECTED = "rejected", _("rejected")
        FIXED = "fixed", _("confirmed fixed")
        NOT_FIXED = "not_fixed", _("not fixed: reopened")
        VERIFIED = "verified", _("checked by a monitor")
        HIDDEN = "hidden", _("hidden by a moderator")

    class Role(models.TextChoices):
        CITIZEN = "citizen", _("citizen")
        REPORTER = "reporter", _("reporter")
        OFFICER = "officer", _("official answer")
        MONITOR = "monitor", _("monitor")
        MODERATOR = "moderator", _("moderator")
        PLATFORM = "platform", _("platform")

    ANSWERS = (Kind.ACKNOWLEDGED, Kind.IN_PROGRESS, Kind.DONE, Kind.FORWARDED, Kind.REJECTED)

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("what happened"), max_length=16, choices=Kind.choices)
    role = models.CharField(_("as"), max_length=12, choices=Role.choices)
    text = models.TextField(_("text"), blank=True)
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    from_body = models.ForeignKey(
        Organisation,
        verbose_name=_("from body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to_body = models.ForeignKey(
        Organisation,
        verbose_name=_("forwarded to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visit = models.ForeignKey(
        "monitoring.Visit",
        verbose_name=_("verification visit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderation = models.CharField(
        _("moderation"), max_length=12, choices=Moderation.choices, default=Moderation.PUBLISHED
    )
    on_time = models.BooleanField(_("answered on time"), null=True, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["report", "created_at"]),
            models.Index(fields=["moderation", "created_at"], name="reportevent_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} · {self.get_kind_display()}"

    @property
    def is_answer(self) -> bool:
        return self.kind in self.ANSWERS


def report_file_path(instance, filename: str) -> str:
    return f"reports/{instance.report_id}/original/{filename}"


def report_public_path(instance, filename: str) -> str:
    return f"reports/{instance.report_id}/public/{filename}"


class ReportFile(models.Model):
    """A photo or PDF of a report or of an event on it (an update, a "done" answer). The original
    with its metadata stays private; the public sees a copy without metadata, or a blurred copy
    a moderator made, or nothing once hidden."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="files"
    )
    event = models.ForeignKey(
        ReportEvent,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="files",
    )
    original = models.FileField(_("original file"), upload_to=report_file_path, max_length=300)
    public_file = models.FileField(_("public copy"), upload_to=report_public_path, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size, bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    latitude = models.FloatField(_("latitude where taken"), null=True, blank=True)
    longitude = models.FloatField(_("longitude where taken"), null=True, blank=True)
    moderation = models.CharField(
        _("moderation"), max_length=12, choices=Moderation.choices, default=Moderation.PUBLISHED
    )
    blurred = models.BooleanField(_("public copy blurred by a moderator"), default=False)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Support(models.Model):
    """ "This affects me too": one per person and report."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="report_supports",
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("supporter")
        verbose_name_plural = _("supporters")
        constraints = [
            models.UniqueConstraint(fields=["report", "user"], name="one_support_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} · {self.user_id}"


class FixCheck(models.Model):
    """The reporter's or a supporter's answer to "is it fixed?" after the body said done."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="fix_checks"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fixed = models.BooleanField(_("fixed"))
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("fix check")
        verbose_name_plural = _("fix checks")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} · {self.fixed}"


class CommentQuerySet(ContributionQuerySet):
    def about(self, target):
        return self.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=target.pk
        )


class Comment(models.Model):
    """An opinion on a planning document, an indicator, an object or a published campaign, or a
    reply to one (one level). An officer of the responsible body may mark it an official
    answer."""

    target_type = models.ForeignKey(
        ContentType, verbose_name=_("about (type)"), on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(_("about (id)"))
    target = GenericForeignKey("target_type", "target_id")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    text = models.TextField(_("comment"))
    official_body = models.ForeignKey(
        Organisation,
        verbose_name=_("official answer of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="official_comments",
    )
    moderation = models.CharField(
        _("moderation"), max_length=12, choices=Moderation.choices, default=Moderation.HELD
    )
    client_address = models.GenericIPAddressField(_("sent from"), null=True, blank=True)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "moderation"]),
            models.Index(fields=["moderation", "created_at"], name="comment_queue"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class RatingCriterion(Listed):
    """One of the few things a completed object or its service is rated on, per kind of object."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    object_kinds = models.JSONField(
        _("kinds of object"),
        default=list,
        blank=True,
        help_text=_("The kinds of object rated on this criterion; empty for every kind."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta(Listed.Meta):
        verbose_name = _("rating criterion")
        verbose_name_plural = _("rating criteria")

    def fits(self, kind: str) -> bool:
        return not self.object_kinds or kind in self.object_kinds


class Rating(models.Model):
    """A user's rating of a completed object, one per user and object, with a short reason."""

    project_object = models.ForeignKey(
        ProjectObject, verbose_name=_("object"), on_delete=models.CASCADE, related_name="ratings"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="ratings",
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    moderation = models.CharField(
        _("moderation of the reason"),
        max_length=12,
        choices=Moderation.choices,
        default=Moderation.HELD,
    )
    created_at = models.DateTimeField(_("rated at"), default=timezone.now)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["project_object", "user"], name="one_rating_per_user_and_object"
            )
        ]
        indexes = [models.Index(fields=["moderation", "created_at"], name="rating_queue")]

    def __str__(self) -> str:
        return f"{self.project_object_id} · {self.user_id}"


class Score(models.Model):
    rating = models.ForeignKey(
        Rating, verbose_name=_("rating"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        RatingCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["rating", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(
                condition=Q(value__gte=1, value__lte=5), name="score_from_one_to_five"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"


class ModerationReason(Listed):
    """A reason a moderator chooses from (data): personal data, insult, spam, off topic..."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("reason"), max_length=200)
    flaggable = models.BooleanField(
        _("offered to users who flag"),
        default=True,
        help_text=_("Off: only moderators give this reason."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta(Listed.Meta):
        verbose_name = _("moderation reason")
        verbose_name_plural = _("moderation reasons")


class AboutItem(models.Model):
    """A record about a contribution of any kind (a report, a comment, a rating, a photo...)."""

    item_type = models.ForeignKey(
        ContentType, verbose_name=_("item (type)"), on_delete=models.CASCADE, related_name="+"
    )
    item_id = models.PositiveBigIntegerField(_("item (id)"))
    item = GenericForeignKey("item_type", "item_id")

    class Meta:
        abstract = True


class Flag(AboutItem):
    """Something that asks a moderator to look at a contribution: a user's flag, or an automatic
    check (an IIN, a phone number or an email in the text, a link, a duplicate)."""

    class Check(models.TextChoices):
        IIN = "iin", _("an individual identification number (IIN)")
        PHONE = "phone", _("a phone number")
        EMAIL = "email", _("an email address")
        LINK = "link", _("a link")
        DUPLICATE = "duplicate", _("the same text as another contribution")

    reason = models.ForeignKey(
        ModerationReason,
        verbose_name=_("reason"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="flags",
    )
    auto_check = models.CharField(
        _("automatic check"), max_length=12, choices=Check.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("flagged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    client_address = models.GenericIPAddressField(_("sent from"), null=True, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["item_type", "item_id", "resolved_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__isnull=False) | ~Q(auto_check=""), name="flag_has_a_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_type_id}:{self.item_id} · {self.reason or self.auto_check}"


class ModerationAction(AboutItem):
    """What a moderator did to a contribution, with the reason: the record behind the public
    moderation log. Nothing is deleted; a hidden item keeps its place with this reason."""

    class Action(models.TextChoices):
        PUBLISH = "publish", _("published")
        HIDE = "hide", _("hidden")
        RESTORE = "restore", _("restored")
        BLUR = "blur", _("photo replaced by a blurred copy")
        DISMISS = "dismiss", _("flags dismissed")

    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    reason = models.ForeignKey(
        ModerationReason,
        verbose_name=_("reason"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["item_type", "item_id"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.item_type_id}:{self.item_id}"


class Open311Key(models.Model):
    """An API key with which an Open311 client files reports (POST); issued in the back office.
    Only the key's SHA-256 is kept."""

    name = models.CharField(_("client"), max_length=200)
    key_sha256 = models.CharField(_("key SHA-256"), max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("issued at"), default=timezone.now)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")

    def __str__(self) -> str:
        return self.name
