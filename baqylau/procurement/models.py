"""Procurement: how the money behind the registry's objects was spent, as open contracting data
(OCDS 1.1) tells it, and the red flags computed over it.

A contracting process is identified by its `ocid`. Every release a publisher issued about it is
kept as it came (`Release`), and the compiled release (the standard merge of them all) is kept on
the process with the flat facts that pages, the API and the red flags read: its tender, the bids,
awards, contracts and their amendments. The parties are organisations as the data names them, by
their identifier (the Kazakh BIN, say); a party matched to an organisation of the registry links
the process to the body's page.

Procurement data is public as soon as it is loaded: it comes from public registers. The red flags
are risk indicators, never a verdict: monitors say what they found when they checked one
(`FlagFeedback`) and the responsible body may answer one in public (`FlagAnswer`).
"""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baqylau.accountability.models import Finding
from baqylau.core.fields import acting_user
from baqylau.core.publication import Withdrawable
from baqylau.registry.models import Organisation, PlanningDocument, ProjectObject

AMOUNT = {"max_digits": 22, "decimal_places": 2, "null": True, "blank": True}


class PublicQuerySet(models.QuerySet):
    """Procurement facts: public as soon as they are loaded."""

    def visible_to(self, user):
        return self


class Party(models.Model):
    """An organisation as procurement data names it: a scheme (`KZ-BIN`, `UA-EDR`) and an
    identifier in it. Matched to an organisation of the registry automatically by identifier, or
    by hand in the back office."""

    scheme = models.CharField(_("identifier scheme"), max_length=40, blank=True)
    identifier = models.CharField(_("identifier"), max_length=200)
    name = models.CharField(_("name"), max_length=500, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation in the registry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="procurement_parties",
    )
    matched_by = acting_user(_("matched by"))
    matched_at = models.DateTimeField(_("matched at"), null=True, blank=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("procurement party")
        verbose_name_plural = _("procurement parties")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "identifier"], name="party_identifier")
        ]

    def __str__(self) -> str:
        return self.name or f"{self.scheme}-{self.identifier}"

    def get_absolute_url(self) -> str:
        return reverse("procurement:party", kwargs={"pk": self.pk})


class ContractingProcess(models.Model):
    """One contracting process (an `ocid`): its compiled release and the facts read from it."""

    ocid = models.CharField("ocid", max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=1000, blank=True)
    description = models.TextField(_("description"), blank=True)
    buyer = models.ForeignKey(
        Party,
        verbose_name=_("buyer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bought",
    )
    procuring_entity = models.ForeignKey(
        Party,
        verbose_name=_("procuring entity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="procured",
    )
    procurement_method = models.CharField(_("procurement method"), max_length=40, blank=True)
    procurement_method_details = models.CharField(
        _("procurement method details"), max_length=500, blank=True
    )
    main_category = models.CharField(_("main category"), max_length=40, blank=True)
    tender_status = models.CharField(_("tender status"), max_length=40, blank=True)
    tender_start = models.DateTimeField(_("tender period start"), null=True, blank=True)
    tender_end = models.DateTimeField(_("tender period end"), null=True, blank=True)
    value_amount = models.DecimalField(_("estimated value"), **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    document = models.ForeignKey(
        PlanningDocument,
        verbose_name=_("planning document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contracting_processes",
    )
    compiled = models.JSONField(_("compiled release"), default=dict)
    compiled_sha256 = models.CharField(_("SHA-256 of the compiled release"), max_length=64)
    # What the schema check found when it was loaded: [{"path": ..., "message": ...}].
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    first_release_date = models.DateTimeField(_("first release"), null=True, blank=True)
    last_release_date = models.DateTimeField(_("latest release"), null=True, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("contracting process")
        verbose_name_plural = _("contracting processes")
        ordering = ["-last_release_date", "-id"]
        indexes = [
            models.Index(fields=["-last_release_date", "-id"]),
            models.Index(fields=["buyer", "-last_release_date"]),
        ]

    def __str__(self) -> str:
        return self.title or self.ocid

    def get_absolute_url(self) -> str:
        return reverse("procurement:process", kwargs={"ocid": self.ocid})


class Release(models.Model):
    """A release as its publisher issued it, kept unchanged: the history of the process."""

    process = models.ForeignKey(
        ContractingProcess,
        verbose_name=_("contracting process"),
        on_delete=models.CASCADE,
        related_name="releases",
    )
    release_id = models.CharField(_("release id"), max_length=300)
    date = models.DateTimeField(_("date"), null=True, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    data = models.JSONField(_("release"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        ordering = ["process", "date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["process", "release_id"], name="release_per_process")
        ]

    def __str__(self) -> str:
        return self.release_id


class Bid(models.Model):
    process = models.ForeignKey(
        ContractingProcess,
        verbose_name=_("contracting process"),
        on_delete=models.CASCADE,
        related_name="bids",
    )
    bid_id = models.CharField(_("bid id"), max_length=300, blank=True)
    date = models.DateTimeField(_("date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=40, blank=True)
    value_amount = models.DecimalField(_("value"), **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    tenderers = models.ManyToManyField(
        Party, verbose_name=_("tenderers"), related_name="bids", blank=True
    )

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        ordering = ["process", "date", "id"]

    def __str__(self) -> str:
        return self.bid_id or str(self.pk)


class Award(models.Model):
    process = models.ForeignKey(
        ContractingProcess,
        verbose_name=_("contracting process"),
        on_delete=models.CASCADE,
        related_name="awards",
    )
    award_id = models.CharField(_("award id"), max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=1000, blank=True)
    status = models.CharField(_("status"), max_length=40, blank=True)
    date = models.DateTimeField(_("date"), null=True, blank=True)
    value_amount = models.DecimalField(_("value"), **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    suppliers = models.ManyToManyField(
        Party, verbose_name=_("suppliers"), related_name="awards", blank=True
    )
    # The classification ids of the items awarded (["45000000", ...]).
    classifications = models.JSONField(_("item classifications"), default=list, blank=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["process", "date", "id"]

    def __str__(self) -> str:
        return self.title or self.award_id or str(self.pk)


class Contract(models.Model):
    process = models.ForeignKey(
        ContractingProcess,
        verbose_name=_("contracting process"),
        on_delete=models.CASCADE,
        related_name="contracts",
    )
    contract_id = models.CharField(_("contract id"), max_length=300, blank=True)
    award_id = models.CharField(_("award id"), max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=1000, blank=True)
    status = models.CharField(_("status"), max_length=40, blank=True)
    date_signed = models.DateTimeField(_("date signed"), null=True, blank=True)
    period_start = models.DateTimeField(_("start"), null=True, blank=True)
    period_end = models.DateTimeField(_("end"), null=True, blank=True)
    value_amount = models.DecimalField(_("value"), **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3, blank=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["process", "date_signed", "id"]
        indexes = [models.Index(fields=["contract_id"])]

    def __str__(self) -> str:
        return self.title or self.contract_id or str(self.pk)


class Amendment(models.Model):
    """A change of a contract: its date, why, and the value before and after where it moved."""

    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.CASCADE,
        related_name="amendments",
    )
    amendment_id = models.CharField(_("amendment id"), max_length=300, blank=True)
    date = models.DateTimeField(_("date"), null=True, blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    description = models.TextField(_("description"), blank=True)
    value_before = models.DecimalField(_("value before"), **AMOUNT)
    value_after = models.DecimalField(_("value after"), **AMOUNT)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["contract", "date", "id"]

    def __str__(self) -> str:
        return self.amendment_id or str(self.pk)


class ProcessObject(models.Model):
    """A contracting process linked to an object of the registry: by the object's contract number
    or ocid found in the data, or by hand."""

    class Link(models.TextChoices):
        OCID = "ocid", _("by the ocid")
        CONTRACT_NUMBER = "contract_number", _("by the contract number")
        MANUAL = "manual", _("by hand")

    process = models.ForeignKey(
        ContractingProcess,
        verbose_name=_("contracting process"),
        on_delete=models.CASCADE,
        related_name="object_links",
    )
    object = models.ForeignKey(
        ProjectObject,
        verbose_name=_("object"),
        on_delete=models.CASCADE,
        related_name="contracting_links",
    )
    link = models.CharField(_("linked"), max_length=20, choices=Link.choices)
    linked_by = acting_user(_("linked by"))
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("process linked to an object")
        verbose_name_plural = _("processes linked to objects")
        constraints = [models.UniqueConstraint(fields=["process", "object"], name="process_object")]

    def __str__(self) -> str:
        return f"{self.process} → {self.object}"


class RiskFlag(models.Model):
    """A red flag that fired: a risk indicator of the Open Contracting Partnership's library on a
    process, a buyer, a procuring entity or a tenderer, with the value it computed. Recomputed
    over all the data at once (`flags.compute`); what monitors and bodies said of a flag is kept
    apart from it, so a recomputation loses none of it."""

    class Subject(models.TextChoices):
        PROCESS = "process", _("contracting process")
        BUYER = "buyer", _("buyer")
        PROCURING_ENTITY = "procuring_entity", _("procuring entity")
        TENDERER = "tenderer", _("tenderer")

    code = models.CharField(_("indicator"), max_length=8)
    subject = models.CharField(_("about"), max_length=20, choices=Subject.choices)
    process = models.ForeignKey(
        ContractingProcess,
        verbose_name=_("contracting process"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="flags",
    )
    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="flags",
    )
    value = models.FloatField(_("value"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk indicator")
        verbose_name_plural = _("risk indicators")
        ordering = ["code", "id"]
        indexes = [
            models.Index(fields=["code", "subject"]),
            models.Index(fields=["process", "code"]),
            models.Index(fields=["party", "code"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.process or self.party}"


class FlagRun(models.Model):
    """One computation of the red flags over all the data: the parameters it used and how often
    each indicator fired, so a page can say when a flag fires on most processes."""

    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    processes = models.PositiveIntegerField(_("contracting processes"), default=0)
    parameters = models.JSONField(_("parameters"), default=dict)
    # {"R018": {"fired": 120, "of": 900, "subject": "process", "subjects": {"process": {"fired":
    # 120, "of": 900}}, "fences": {...}}, ...}: "of" counts what the indicator could be computed
    # on; "fired" and "of" are those of its first subject, "subjects" has each of them, "fences"
    # the quartiles and fences it computed from the data (procurement/flags.py).
    counts = models.JSONField(_("how often each fired"), default=dict)
    seconds = models.FloatField(_("seconds"), default=0)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("computation of risk indicators")
        verbose_name_plural = _("computations of risk indicators")
        ordering = ["-computed_at", "-id"]
        get_latest_by = "computed_at"

    def __str__(self) -> str:
        return f"{self.computed_at:%Y-%m-%d %H:%M} ({self.processes})"


class StandingQuerySet(PublicQuerySet):
    """What was said in public: all of it but what was withdrawn."""

    def standing(self):
        return self.filter(withdrawn_at__isnull=True)

    def visible_to(self, user):
        return self.standing()


class FlagFeedback(Withdrawable):
    """What a monitor found when checking a flag on a process. Attached to the process and the
    indicator's code rather than to a computed flag, so it outlives recomputations."""

    class Verdict(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        NOT_CONFIRMED = "not_confirmed", _("not confirmed")
        EXPLAINED = "explained", _("explained")

    process = models.ForeignKey(
        ContractingProcess,
        verbose_name=_("contracting process"),
        on_delete=models.CASCADE,
        related_name="flag_feedback",
    )
    code = models.CharField(_("indicator"), max_length=8)
    verdict = models.CharField(_("checked"), max_length=16, choices=Verdict.choices)
    note = models.TextField(_("note"))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="flag_feedback",
    )
    author = acting_user(_("author"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # The finding of a campaign that the feedback became, if it became one.
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("finding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="procurement_feedback",
    )

    objects = StandingQuerySet.as_manager()
    public_objects = StandingQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback on a risk indicator")
        verbose_name_plural = _("feedback on risk indicators")
        ordering = ["process", "code", "created_at", "id"]
        indexes = [models.Index(fields=["process", "code"])]

    def __str__(self) -> str:
        return f"{self.code} {self.process}: {self.get_verdict_display()}"

    def get_absolute_url(self) -> str:
        return reverse("procurement:feedback", kwargs={"pk": self.pk})


def feedback_file_path(instance, filename: str) -> str:
    return f"procurement/feedback/{instance.feedback.process_id}/{filename}"


class FeedbackFile(models.Model):
    """A file a monitor attached to feedback: its private original and a public copy without
    metadata (`core.uploads`)."""

    feedback = models.ForeignKey(
        FlagFeedback,
        verbose_name=_("feedback"),
        on_delete=models.CASCADE,
        related_name="files",
    )
    file = models.FileField(_("file"), upload_to=feedback_file_path, max_length=300)
    public_file = models.FileField(
        _("public copy"), upload_to=feedback_file_path, max_length=300, blank=True
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("file of feedback")
        verbose_name_plural = _("files of feedback")
        ordering = ["feedback", "id"]

    def __str__(self) -> str:
        return self.original_name or self.file.name


class FlagAnswer(Withdrawable):
    """A body's public answer to a red flag on one of its processes."""

    process = models.ForeignKey(
        ContractingProcess,
        verbose_name=_("contracting process"),
        on_delete=models.CASCADE,
        related_name="flag_answers",
    )
    code = models.CharField(_("indicator"), max_length=8)
    body = models.ForeignKey(
        Organisation,
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="flag_answers",
    )
    text = models.TextField(_("answer"))
    author = acting_user(_("author"))
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)

    objects = StandingQuerySet.as_manager()
    public_objects = StandingQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer to a risk indicator")
        verbose_name_plural = _("answers to risk indicators")
        ordering = ["process", "code", "answered_at", "id"]
        indexes = [models.Index(fields=["process", "code"])]

    def __str__(self) -> str:
        return f"{self.code} {self.process}: {self.body}"

    def get_absolute_url(self) -> str:
        return reverse("procurement:answer", kwargs={"pk": self.pk})
