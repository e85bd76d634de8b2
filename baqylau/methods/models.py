"""The library of methods: checklists, scorecard indicator sets, guides and templates of letters
that NGOs share.

An item is written by a coordinator of its author NGO and is private to that NGO's people until
it is published. Its content lives in numbered versions that are never changed once the item has
been public: a change is a new version. A campaign that starts from a checklist of the library
gets a copy (a checklist of its own) and an `ItemUse` that keeps the link to the version it came
from, so an item's page lists the campaigns that used it, each shown only to whoever may see the
campaign.
"""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baqylau.accounts.models import Role
from baqylau.core.fields import acting_user
from baqylau.core.permissions import published_or_own, signed_in
from baqylau.core.publication import PublishedManager, PublishedQuerySet, Withdrawable
from baqylau.monitoring.models import Campaign
from baqylau.registry.models import ProjectObject

DEFAULT_LICENCE = "CC BY 4.0"
# The people of an NGO who see its unpublished items: those who do its monitoring.
AUTHOR_ROLES = (Role.COORDINATOR, Role.MONITOR)


class ItemKind(models.TextChoices):
    CHECKLIST = "checklist", _("checklist")
    INDICATOR_SET = "indicator_set", _("scorecard indicator set")
    GUIDE = "guide", _("guide")
    LETTER_TEMPLATE = "letter_template", _("template of a letter")


class Language(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")


# What a version of each kind holds.
TEXT_KINDS = {ItemKind.GUIDE, ItemKind.LETTER_TEMPLATE}


class LibraryItemQuerySet(PublishedQuerySet):
    def published(self):
        return self.filter(is_published=True, withdrawn_at__isnull=True)

    def of_author_people(self, user):
        """The items of the NGOs the user coordinates or monitors for, published or not."""
        if not signed_in(user):
            return self.none()
        return self.filter(
            author__memberships__user=user, author__memberships__role__in=AUTHOR_ROLES
        )

    def search(self, text: str):
        words = text.split()
        qs = self
        for word in words:
            qs = qs.filter(models.Q(title__icontains=word) | models.Q(summary__icontains=word))
        return qs

    def visible_to(self, user):
        """The public sees published items; the author NGO's people see its drafts too; staff
        see everything."""
        return published_or_own(
            self,
            user,
            lambda user: models.Q(
                pk__in=self.model.private_objects.of_author_people(user).values("pk")
            ),
        )


class LibraryItem(Withdrawable):
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    object_kind = models.CharField(
        _("kind of object"),
        max_length=16,
        choices=ProjectObject.Kind.choices,
        blank=True,
        help_text=_("Leave empty for a method that fits any kind of object."),
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    author = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("author organisation"),
        on_delete=models.PROTECT,
        related_name="library_items",
    )
    licence = models.CharField(_("licence"), max_length=100, default=DEFAULT_LICENCE)
    # An item another NGO made from a copy of this one keeps the version it started from.
    derived_from = models.ForeignKey(
        "ItemVersion",
        verbose_name=_("made from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="derived_items",
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = acting_user(_("created by"), blank=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    private_objects = LibraryItemQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(LibraryItemQuerySet)()

    class Meta:
        verbose_name = _("library item")
        verbose_name_plural = _("library items")
        ordering = ["-created_at", "-id"]
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("methods:item", kwargs={"slug": self.slug})

    @property
    def has_been_public(self) -> bool:
        return self.published_at is not None


class ItemPartQuerySet(PublishedQuerySet):
    """Whatever belongs to an item is seen by whoever sees the item."""

    item_path = "item__"

    def published(self):
        return self.filter(
            **{f"{self.item_path}is_published": True, f"{self.item_path}withdrawn_at__isnull": True}
        )

    def visible_to(self, user):
        items = LibraryItem.private_objects.visible_to(user).values("pk")
        return self.filter(**{f"{self.item_path}in": items})


def version_file_path(instance, filename: str) -> str:
    return f"methods/{instance.item.slug}/originals/{filename}"


def version_public_path(instance, filename: str) -> str:
    return f"methods/{instance.item.slug}/{filename}"


class ItemVersion(models.Model):
    """The content of an item as one version holds it. A checklist's questions are kept in the
    form `monitoring.checklists.clean_questions` gives; an indicator set's indicators as a list
    of texts; a guide's or a letter template's text and/or file."""

    item = models.ForeignKey(
        LibraryItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    questions = models.JSONField(_("questions"), default=list, blank=True)
    indicators = models.JSONField(_("indicators"), default=list, blank=True)
    body = models.TextField(_("text"), blank=True)
    original = models.FileField(
        _("original file"), upload_to=version_file_path, max_length=300, blank=True
    )
    public_file = models.FileField(
        _("file"), upload_to=version_public_path, max_length=300, blank=True
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size, bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    change_note = models.TextField(_("what changed"), blank=True)
    # A version published from a campaign's checklist names the checklist version it copies.
    source_checklist_version = models.ForeignKey(
        "monitoring.ChecklistVersion",
        verbose_name=_("published from the checklist version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = acting_user(_("created by"), blank=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    private_objects = ItemPartQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(ItemPartQuerySet)()

    class Meta:
        verbose_name = _("version of a library item")
        verbose_name_plural = _("versions of library items")
        ordering = ["item", "number"]
        default_manager_name = "private_objects"
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="one_number_per_item_version")
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.number}"

    def get_absolute_url(self) -> str:
        return f"{self.item.get_absolute_url()}?version={self.number}"


class ItemUseQuerySet(ItemPartQuerySet):
    item_path = "version__item__"

    def published(self):
        return (
            super()
            .published()
            .filter(campaign__is_published=True, campaign__withdrawn_at__isnull=True)
        )

    def visible_to(self, user):
        """A use is seen by whoever sees both the item and the campaign: a private campaign is
        never revealed by the library."""
        campaigns = Campaign.private_objects.visible_to(user).values("pk")
        return super().visible_to(user).filter(campaign__in=campaigns)


class ItemUse(models.Model):
    """A campaign started from a version of an item; for a checklist, the checklist it got."""

    version = models.ForeignKey(
        ItemVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="uses"
    )
    campaign = models.ForeignKey(
        "monitoring.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="library_uses",
    )
    checklist = models.OneToOneField(
        "monitoring.Checklist",
        verbose_name=_("checklist made from it"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="library_use",
    )
    created_by = acting_user(_("created by"), blank=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    private_objects = ItemUseQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(ItemUseQuerySet)()

    class Meta:
        verbose_name = _("use of a library item")
        verbose_name_plural = _("uses of library items")
        ordering = ["-created_at", "-id"]
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return f"{self.version} → {self.campaign}"
