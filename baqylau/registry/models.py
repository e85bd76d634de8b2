"""The public registry: territories, organisations, planning documents with their goals and
indicators, financing, and the physical objects they build.

Translated fields (names, descriptions, units) are registered in `translation.py`: each has a
column per language (`name_kk`, `name_ru`, `name_en`) and falls back to another language when one
is empty.

Anything that depends on a planning document being published has no `objects` manager: a query says
`public_objects` (what anyone may see) or `private_objects` (everything, for editors and services).
"""

from decimal import Decimal

from django.core.validators import RegexValidator
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baqylau.core.fields import acting_user
from baqylau.core.languages import Unwritten
from baqylau.core.publication import (
    PublishedManager,
    PublishedQuerySet,
    Withdrawable,
    withdrawable,
)
from baqylau.core.search import folded_match, with_folded


def _casefolded(*values) -> str:
    return " ".join(str(v) for v in values if v).casefold()


class PublicQuerySet(models.QuerySet):
    """Registry facts that are public as soon as they exist."""

    def visible_to(self, user):
        return self

    def search(self, text: str):
        """Every word of `text` in the case-folded texts, read as the platform's search reads it
        (Kazakh and Russian endings, Latin or Cyrillic letters: baqylau.core.search)."""
        return with_folded(self, "search_text").filter(folded_match("search_text", text))


# The generations of the registry's data (rows of `Counter`): REGISTRY is raised by every write
# to what the public figures count (documents, goals, indicators, objects, financing), DETAILS by
# every write to the rest of what the registry's downloads hold (indicator values and their
# revisions, territories, organisations). The built downloads follow both (baqylau.api.built).
REGISTRY, DETAILS = "registry", "registry-details"


class CountedQuerySet:
    """Writes through the queryset (bulk_create, bulk_update, update, delete) raise the
    generation of the model's `COUNTER` (REGISTRY unless the model says otherwise), after the
    write and in its transaction (`counters.py`). Imports and services write through these or
    through `save()`."""

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            registry_changed(getattr(self.model, "COUNTER", REGISTRY))
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        rows = super().bulk_update(objs, fields, *args, **kwargs)
        if rows:
            registry_changed(getattr(self.model, "COUNTER", REGISTRY))
        return rows

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows:
            registry_changed(getattr(self.model, "COUNTER", REGISTRY))
        return rows

    def delete(self):
        deleted = super().delete()
        if deleted[0]:
            registry_changed(getattr(self.model, "COUNTER", REGISTRY))
        return deleted


class Counted:
    """The same for a model's own save() and delete()."""

    COUNTER = REGISTRY

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        registry_changed(self.COUNTER)

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        registry_changed(self.COUNTER)
        return deleted


def registry_changed(key: str = REGISTRY) -> None:
    """What the generation `key` covers has changed (by default what the registry's public
    figures count): the next reader counts again, the downloads are built again."""
    if Counter.objects.filter(key=key).update(generation=models.F("generation") + 1):
        return
    try:
        with transaction.atomic():
            Counter.objects.create(key=key, generation=1)
    except IntegrityError:  # created meanwhile by a reader or another writer
        Counter.objects.filter(key=key).update(generation=models.F("generation") + 1)


class CountedPublicQuerySet(CountedQuerySet, PublicQuerySet):
    pass


class Territory(Counted, models.Model):
    COUNTER = DETAILS

    class Kind(models.TextChoices):
        COUNTRY = "country", _("country")
        REGION = "region", _("region")
        CITY_REPUBLICAN = "city_republican", _("city of republican significance")
        CITY_ADMINISTRATION = "city_administration", _("city administration")
        DISTRICT = "district", _("district")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    osm_id = models.BigIntegerField(_("OpenStreetMap id"), null=True, blank=True, unique=True)
    geometry = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    centre_lat = models.FloatField(_("centre latitude"), null=True, blank=True)
    centre_lon = models.FloatField(_("centre longitude"), null=True, blank=True)
    # Bounding box, so that point lookups test few polygons.
    min_lon = models.FloatField(null=True, blank=True, editable=False)
    min_lat = models.FloatField(null=True, blank=True, editable=False)
    max_lon = models.FloatField(null=True, blank=True, editable=False)
    max_lat = models.FloatField(null=True, blank=True, editable=False)

    objects = CountedPublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["kind", "name_en"]

    def __str__(self) -> str:
        return self.name or self.slug

    def save(self, *args, **kwargs):
        # The bounding box is derived from the boundary, so that it can never disagree with it.
        if self.geometry:
            from shapely.geometry import shape

            self.min_lon, self.min_lat, self.max_lon, self.max_lat = shape(self.geometry).bounds
        else:
            self.min_lon = self.min_lat = self.max_lon = self.max_lat = None
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("portal:territory", kwargs={"slug": self.slug})


class Organisation(Counted, models.Model):
    COUNTER = DETAILS

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("ministry")
        AKIMAT = "akimat", _("akimat")
        AKIMAT_DEPARTMENT = "akimat_department", _("akimat department")
        DISTRICT_AKIMAT = "district_akimat", _("district or city akimat")
        QUASI_PUBLIC = "quasi_public", _("quasi-public company")
        NGO = "ngo", _("non-governmental organisation")
        DONOR = "donor", _("donor or international organisation")
        COMPANY = "company", _("company")
        PUBLIC_COUNCIL = "public_council", _("public council")

    STATE_KINDS = {
        Kind.MINISTRY,
        Kind.AKIMAT,
        Kind.AKIMAT_DEPARTMENT,
        Kind.DISTRICT_AKIMAT,
        Kind.QUASI_PUBLIC,
    }

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subordinates",
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    iati_ref = models.CharField(
        _("IATI organisation identifier"), max_length=120, null=True, blank=True, unique=True
    )
    # Procurement data names bodies by their BIN (scheme KZ-BIN): parties are matched by it.
    bin = models.CharField(
        _("BIN"),
        max_length=12,
        null=True,
        blank=True,
        unique=True,
        validators=[RegexValidator(r"^\d{12}\Z", _("A BIN is 12 digits."), code="invalid_bin")],
        help_text=_("Business identification number: 12 digits."),
    )
    search_text = models.TextField(editable=False, default="")

    objects = CountedPublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_ru"]

    def __str__(self) -> str:
        return self.name or self.slug

    def save(self, *args, **kwargs):
        # A case-folded copy of the names: search is case-insensitive for Cyrillic on SQLite too.
        self.search_text = _casefolded(
            self.name_kk, self.name_ru, self.name_en, self.short_name, self.iati_ref
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("portal:organisation", kwargs={"slug": self.slug})

    @property
    def is_state_body(self) -> bool:
        return self.kind in self.STATE_KINDS


class PublicationQuerySet(PublishedQuerySet):
    """Shared by every model whose visibility follows a planning document's publication."""

    document_path = "document__"

    def published(self):
        published = self.filter(**{f"{self.document_path}is_published": True})
        # A record withdrawn on its own (a plan revision) leaves the public.
        return self.standing(published)

    def standing(self, queryset=None):
        """Without the withdrawn records, for the models that withdraw rather than delete."""
        queryset = self if queryset is None else queryset
        return queryset.filter(withdrawn_at__isnull=True) if withdrawable(self.model) else queryset

    def visible_to(self, user):
        if user is not None and user.is_active and user.is_staff:
            return self
        return self.published()


class CountedPublicationQuerySet(CountedQuerySet, PublicationQuerySet):
    pass


class PlanningDocumentQuerySet(CountedQuerySet, PublicationQuerySet):
    document_path = ""
    search = PublicQuerySet.search

    def in_planning_order(self):
        """From the state's own plans (national first) to donor projects, newest first."""
        rank = models.Case(
            *(
                models.When(doc_type=value, then=models.Value(i))
                for i, value in enumerate(PlanningDocument.Type.values)
            ),
            default=models.Value(99),
        )
        return self.order_by(rank, "-start_year", "title_ru")


class PlanningDocument(Counted, models.Model):
    class Type(models.TextChoices):
        NATIONAL_PROJECT = "national_project", _("national project")
        CONCEPT = "concept", _("concept")
        STATE_PROGRAM = "state_program", _("state program")
        REGIONAL_PLAN = "regional_plan", _("regional development plan")
        DISTRICT_PLAN = "district_plan", _("district development plan")
        BUDGET_PROGRAM = "budget_program", _("budget program")
        DONOR_PROJECT = "donor_project", _("donor project")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_FORCE = "in_force", _("in force")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    doc_type = models.CharField(_("type"), max_length=24, choices=Type.choices)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    code = models.CharField(_("code"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    approved_by = models.CharField(_("approving decision"), max_length=500, blank=True)
    approval_date = models.DateField(_("approval date"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    responsible_bodies = models.ManyToManyField(
        Organisation, verbose_name=_("responsible bodies"), blank=True, related_name="documents"
    )
    source_url = models.URLField(_("official text"), max_length=500, blank=True)
    iati_identifier = models.CharField(
        _("IATI identifier"), max_length=200, null=True, blank=True, unique=True
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    search_text = models.TextField(editable=False, default="")

    private_objects = PlanningDocumentQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(PlanningDocumentQuerySet)()

    class Meta:
        verbose_name = _("planning document")
        verbose_name_plural = _("planning documents")
        ordering = ["-start_year", "title_ru"]
        default_manager_name = "private_objects"
        indexes = [
            models.Index(fields=["updated_at"]),
            models.Index(F("start_year").desc(), "title_ru", name="document_list_order"),
        ]

    def __str__(self) -> str:
        return self.title or self.slug

    def save(self, *args, **kwargs):
        self.search_text = _casefolded(
            self.title_kk,
            self.title_ru,
            self.title_en,
            self.code,
            self.iati_identifier,
            self.description_kk,
            self.description_ru,
            self.description_en,
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("portal:document", kwargs={"slug": self.slug})

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))


class Direction(models.Model):
    document = models.ForeignKey(
        PlanningDocument,
        verbose_name=_("planning document"),
        on_delete=models.CASCADE,
        related_name="directions",
    )
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    name = models.CharField(_("name"), max_length=500)

    private_objects = PublicationQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(PublicationQuerySet)()

    class Meta:
        verbose_name = _("direction")
        verbose_name_plural = _("directions")
        ordering = ["document", "number"]
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Goal(Counted, models.Model):
    document = models.ForeignKey(
        PlanningDocument,
        verbose_name=_("planning document"),
        on_delete=models.CASCADE,
        related_name="goals",
    )
    direction = models.ForeignKey(
        Direction,
        verbose_name=_("direction"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goals",
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=1000)
    description = models.TextField(_("description"), blank=True)
    iati_ref = models.CharField(max_length=200, blank=True, editable=False)

    private_objects = CountedPublicationQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(CountedPublicationQuerySet)()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["document", "order", "id"]
        default_manager_name = "private_objects"
        indexes = [models.Index(fields=["document", "order", "id"], name="goal_list_order")]

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip()


class IndicatorQuerySet(CountedQuerySet, PublicationQuerySet):
    document_path = "goal__document__"


class Indicator(Counted, models.Model):
    class Kind(models.TextChoices):
        TARGET = "target", _("target indicator")
        RESULT = "result", _("result indicator")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=40, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=1000)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TARGET)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    iati_ref = models.CharField(max_length=200, blank=True, editable=False)

    private_objects = IndicatorQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(IndicatorQuerySet)()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["goal", "order", "id"]
        default_manager_name = "private_objects"
        indexes = [models.Index(fields=["goal", "order", "id"], name="indicator_list_order")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class IndicatorValueQuerySet(CountedQuerySet, PublicationQuerySet):
    document_path = "indicator__goal__document__"


class IndicatorValue(Counted, models.Model):
    """The plan and the actual value of one indicator for one year."""

    COUNTER = DETAILS

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    plan = models.DecimalField(_("plan"), max_digits=20, decimal_places=4, null=True, blank=True)
    actual = models.DecimalField(
        _("actual"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    actual_source = models.CharField(_("source of the actual value"), max_length=500, blank=True)
    actual_date = models.DateField(_("date of the actual value"), null=True, blank=True)

    private_objects = IndicatorValueQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(IndicatorValueQuerySet)()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "year"]
        default_manager_name = "private_objects"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="one_value_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}"


class PlanRevisionQuerySet(CountedQuerySet, PublicationQuerySet):
    document_path = "value__indicator__goal__document__"


class PlanRevision(Counted, Withdrawable):
    """A plan value changed after the document was published: what it was, what it became, when."""

    COUNTER = DETAILS

    value = models.ForeignKey(
        IndicatorValue,
        verbose_name=_("indicator value"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    previous_plan = models.DecimalField(
        _("previous plan"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    new_plan = models.DecimalField(
        _("new plan"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    revised_at = models.DateTimeField(_("revised at"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    recorded_by = acting_user()

    objects = PlanRevisionQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(PlanRevisionQuerySet)()

    class Meta:
        verbose_name = _("plan revision")
        verbose_name_plural = _("plan revisions")
        ordering = ["value", "revised_at"]
        indexes = [models.Index(fields=["revised_at"])]

    def __str__(self) -> str:
        return f"{self.value} {self.previous_plan} → {self.new_plan}"


class ObjectQuerySet(CountedQuerySet, PublicationQuerySet):
    search = PublicQuerySet.search


class ProjectObject(Counted, models.Model):
    """A physical object that a planning document builds or repairs: a school, a road section."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("school")
        KINDERGARTEN = "kindergarten", _("kindergarten")
        HEALTH = "health", _("health facility")
        ROAD = "road", _("road section")
        WATER = "water", _("water supply")
        HEATING = "heating", _("heating and energy")
        HOUSING = "housing", _("housing")
        SPORT = "sport", _("sport facility")
        CULTURE = "culture", _("culture facility")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        PROCUREMENT = "procurement", _("procurement")
        IN_PROGRESS = "in_progress", _("under construction")
        COMPLETED = "completed", _("completed")
        SUSPENDED = "suspended", _("suspended")
        CANCELLED = "cancelled", _("cancelled")

    document = models.ForeignKey(
        PlanningDocument,
        verbose_name=_("planning document"),
        on_delete=models.PROTECT,
        related_name="objects_built",
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    responsible_body = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_for",
        db_index=False,  # the first column of an index in the list's order (Meta)
    )
    contractor = models.ForeignKey(
        Organisation,
        verbose_name=_("contractor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contracts",
        db_index=False,  # the first column of an index in the list's order (Meta)
    )
    contract_number = models.CharField(_("contract number"), max_length=100, blank=True)
    # Procurement data about the object is linked to it by this ocid (or the contract number).
    ocid = models.CharField(
        "ocid",
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        help_text=_("The open contracting identifier of the object's contracting process."),
    )
    contract_value = models.DecimalField(
        _("contract value, tenge"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    capacity = models.DecimalField(
        _("planned capacity"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("What the object is to hold or deliver: places, beds, kilometres…"),
    )
    capacity_unit = models.CharField(
        _("unit of capacity"), max_length=60, blank=True, help_text=_("places, beds, km…")
    )
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="objects_located",
        db_index=False,  # the first column of an index in the list's order (Meta)
        help_text=_("Found from the location automatically."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    search_text = models.TextField(editable=False, default="")

    private_objects = ObjectQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(ObjectQuerySet)()

    class Meta:
        verbose_name = _("object")
        verbose_name_plural = _("objects")
        ordering = ["name_ru", "id"]
        default_manager_name = "private_objects"
        indexes = [
            models.Index(fields=["document", "status"]),
            models.Index(fields=["updated_at"]),
            # The lists' order (the page, the API, the back office): the first page is read from
            # the index, not sorted out of every object.
            models.Index(fields=["name_ru", "id"], name="object_list_order"),
            # A body's, a contractor's and a territory's objects in the same order: SQLite went
            # through the whole list order for a body with no contracts.
            models.Index(fields=["responsible_body", "name_ru", "id"], name="object_body_order"),
            models.Index(fields=["contractor", "name_ru", "id"], name="object_contractor_order"),
            models.Index(fields=["territory", "name_ru", "id"], name="object_territory_order"),
            # The home page's latest objects, those named in the page's language first
            # (core.languages.page_language_first over -updated_at), one per language.
            *(
                models.Index(
                    Unwritten(f"name_{code}"),
                    F("updated_at").desc(),
                    name=f"object_recent_{code}",
                )
                for code in ("kk", "ru", "en")
            ),
            # The map asks for the objects in a box (registry.selectors.map_view).
            models.Index(fields=["latitude", "longitude"], name="object_position"),
        ]

    def __str__(self) -> str:
        return self.name or self.slug

    def save(self, *args, **kwargs):
        self.fill_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("portal:object", kwargs={"slug": self.slug})

    def fill_search_text(self) -> None:
        """What the search matches; save() does it, a bulk write calls it."""
        self.search_text = _casefolded(
            self.name_kk, self.name_ru, self.name_en, self.address, self.contract_number
        )

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_late(self) -> bool:
        """Not finished although the planned end has passed."""
        if self.planned_end is None or self.status in {
            self.Status.COMPLETED,
            self.Status.CANCELLED,
        }:
            return False
        return self.planned_end < timezone.localdate()


def object_photo_path(instance, filename: str) -> str:
    return f"objects/{instance.object_id}/{filename}"


class ObjectPhotoQuerySet(PublicationQuerySet):
    document_path = "object__document__"


class ObjectPhoto(models.Model):
    object = models.ForeignKey(
        ProjectObject, verbose_name=_("object"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=object_photo_path)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    taken_on = models.DateField(_("taken on"), null=True, blank=True)

    private_objects = ObjectPhotoQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(ObjectPhotoQuerySet)()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["object", "-taken_on", "id"]
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return self.caption or self.image.name


class Financing(Counted, models.Model):
    """Money for a document (or one of its objects) in one year from one source."""

    class Source(models.TextChoices):
        REPUBLICAN = "republican", _("republican budget")
        LOCAL = "local", _("local budget")
        OFF_BUDGET = "off_budget", _("off-budget")
        DONOR = "donor", _("donor")

    document = models.ForeignKey(
        PlanningDocument,
        verbose_name=_("planning document"),
        on_delete=models.CASCADE,
        related_name="financing",
    )
    object = models.ForeignKey(
        ProjectObject,
        verbose_name=_("object"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="financing",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    currency = models.CharField(_("currency"), max_length=3, default="KZT")
    planned = models.DecimalField(_("planned"), max_digits=20, decimal_places=2, default=0)
    adjusted = models.DecimalField(
        _("adjusted"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    executed = models.DecimalField(
        _("executed"), max_digits=20, decimal_places=2, null=True, blank=True
    )

    private_objects = CountedPublicationQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(CountedPublicationQuerySet)()

    class Meta:
        verbose_name = _("financing")
        verbose_name_plural = _("financing")
        ordering = ["document", "year", "source"]
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return f"{self.year} {self.source} {self.planned}"

    @property
    def current_plan(self) -> Decimal:
        return self.adjusted if self.adjusted is not None else self.planned

    @property
    def execution_percent(self) -> Decimal | None:
        plan = self.current_plan
        if self.executed is None or not plan:
            return None
        return (self.executed / plan * 100).quantize(Decimal("0.1"))


# Versions of a plan ----------------------------------------------------------------------------


def plan_version_file_path(instance, filename: str) -> str:
    return f"plan-versions/{instance.document_id}/{filename}"


class PlanVersion(models.Model):
    """One version of what a published document promises: the first as published, then one for
    each import or back-office edit that changed an indicator's plan or baseline, an object's
    deadlines or capacity, or the financing. The earlier values themselves are in the history of
    those records (baqylau.core.history), each historical row tagged with its version."""

    document = models.ForeignKey(
        PlanningDocument,
        verbose_name=_("planning document"),
        on_delete=models.CASCADE,
        related_name="plan_versions",
    )
    number = models.PositiveIntegerField(_("number"))
    takes_effect = models.DateField(_("takes effect on"))
    source = models.CharField(
        _("source of the change"),
        max_length=500,
        help_text=_(
            "The decision that changed the plan, e.g. “Decision of the akimat of Pavlodar region "
            "No. 123 of 12.03.2025”."
        ),
    )
    source_url = models.URLField(_("link to the source"), max_length=500, blank=True)
    source_file = models.FileField(
        _("file of the source"), upload_to=plan_version_file_path, blank=True
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = acting_user(_("recorded by"))
    # The last historical row of each tracked model when the version was recorded ({model
    # label: history id}): the version's state of a record is its last row up to that mark.
    marks = models.JSONField(default=dict, editable=False)

    private_objects = PublicationQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(PublicationQuerySet)()

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["document", "number"]
        default_manager_name = "private_objects"
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_number_per_version")
        ]

    def __str__(self) -> str:
        return _("Version %(number)d of %(document)s") % {
            "number": self.number,
            "document": self.document,
        }

    def get_absolute_url(self) -> str:
        return reverse("portal:document_revisions", kwargs={"slug": self.document.slug})


class PlanVersionTagged(models.Model):
    """The base of the historical rows of what a plan promises: the version a row belongs to
    (empty for a change outside any version: a draft, an actual value)."""

    plan_version = models.ForeignKey(
        PlanVersion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )

    class Meta:
        abstract = True


class PlanChangeQuerySet(PublicationQuerySet):
    document_path = "version__document__"

    def setbacks(self):
        return self.exclude(setback="")


class PlanChange(models.Model):
    """One promise that a version changed, against the version before it (derived from the
    history when the version is recorded, for the pages, the alerts and the open data)."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("indicator target")
        BASELINE = "baseline", _("indicator baseline")
        START = "planned_start", _("planned start")
        END = "planned_end", _("planned end")
        CAPACITY = "capacity", _("planned capacity")
        FINANCING = "financing", _("financing")

    class Setback(models.TextChoices):
        NONE = "", _("no setback")
        TARGET_LOWERED = "target_lowered", _("target lowered")
        DEADLINE_MOVED = "deadline_moved", _("deadline moved")
        BUDGET_CUT = "budget_cut", _("budget cut")

    version = models.ForeignKey(
        PlanVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(_("what changed"), max_length=16, choices=Kind.choices)
    setback = models.CharField(
        _("setback"), max_length=16, choices=Setback.choices, blank=True, default=""
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_changes",
    )
    object = models.ForeignKey(
        ProjectObject,
        verbose_name=_("object"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_changes",
    )
    financing = models.ForeignKey(
        Financing,
        verbose_name=_("financing"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_changes",
    )
    subject = models.CharField(_("subject"), max_length=1000, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    funding_source = models.CharField(
        _("source of financing"), max_length=16, choices=Financing.Source.choices, blank=True
    )
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    before_value = models.DecimalField(
        _("value before"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    after_value = models.DecimalField(
        _("value after"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    before_date = models.DateField(_("date before"), null=True, blank=True)
    after_date = models.DateField(_("date after"), null=True, blank=True)

    private_objects = PlanChangeQuerySet.as_manager()
    public_objects = PublishedManager.from_queryset(PlanChangeQuerySet)()

    class Meta:
        verbose_name = _("plan change")
        verbose_name_plural = _("plan changes")
        ordering = ["version", "id"]
        default_manager_name = "private_objects"
        indexes = [models.Index(fields=["setback"])]

    def __str__(self) -> str:
        return f"{self.version_id} {self.kind} {self.subject}"


class Counter(models.Model):
    """Figures that public pages show, kept as data rather than counted at every request
    (`counters.py`): every write to what a figure counts raises `generation` in its own
    transaction, and the stored `value` holds as long as it was `counted` at that generation."""

    REGISTRY = REGISTRY
    DETAILS = DETAILS

    key = models.CharField(_("key"), max_length=40, primary_key=True)
    generation = models.PositiveBigIntegerField(_("generation"), default=0)
    counted = models.PositiveBigIntegerField(_("counted at generation"), null=True, blank=True)
    value = models.JSONField(_("value"), default=dict)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")

    def __str__(self) -> str:
        return self.key


class MapCell(models.Model):
    """One cell of the map's grid of public objects, kept as data (`mapgrid.py`): at `level` the
    cells are 90 / 2**level degrees a side, and this one holds `count` objects whose latitudes
    and longitudes add up to the sums (their mean is the cluster's centre). Rebuilt whole after
    the registry changes; the map counts live while it is not current."""

    level = models.PositiveSmallIntegerField(_("level"))
    row = models.IntegerField(_("row"))
    column = models.IntegerField(_("column"))
    count = models.PositiveIntegerField(_("objects"))
    latitude_sum = models.FloatField(_("sum of latitudes"))
    longitude_sum = models.FloatField(_("sum of longitudes"))

    class Meta:
        verbose_name = _("map cell")
        verbose_name_plural = _("map cells")
        constraints = [
            models.UniqueConstraint(fields=["level", "row", "column"], name="map_cell_unique")
        ]

    def __str__(self) -> str:
        return f"{self.level}/{self.row}/{self.column}"


def plan_import_path(instance, filename: str) -> str:
    return f"plan-imports/{instance.document_id}/{filename}"


class PlanImport(models.Model):
    """A file of indicators, financing and objects imported into a document from the back office,
    in the background: its options, how far it got, and its report."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    class Kind(models.TextChoices):
        INDICATORS = "indicators", _("indicators")
        FINANCING = "financing", _("financing")
        OBJECTS = "objects", _("objects")

    document = models.ForeignKey(
        PlanningDocument,
        verbose_name=_("planning document"),
        on_delete=models.CASCADE,
        related_name="imports",
    )
    file = models.FileField(_("file"), upload_to=plan_import_path)
    file_name = models.CharField(_("name of the file as sent"), max_length=255)
    kind = models.CharField(
        _("what a csv file holds"), max_length=12, choices=Kind.choices, blank=True
    )
    source = models.CharField(_("source of the change"), max_length=500, blank=True)
    source_url = models.URLField(_("link to the source"), max_length=500, blank=True)
    takes_effect = models.DateField(_("takes effect"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    stage = models.CharField(_("stage"), max_length=10, blank=True)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in all"), null=True, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    started_by = acting_user(_("started by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan import")
        verbose_name_plural = _("plan imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} → {self.document}"
